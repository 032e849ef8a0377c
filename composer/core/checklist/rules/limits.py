"""Each network's hard facts: length, hashtags, links. Past a hard limit, export is blocked.

Measured on the final text, what the network gets (the house style's required
hashtags and sign-off included: see :mod:`composer.core.drafts.final_text`); ranges
point into the typed text, and a stretch that is only added text has none.
Numbers are written as the UI language writes them, as the counters do.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import cast

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.checklist.text import Hashtag, Range, counted_hashtags, unique_links
from composer.core.checklist.text import hashtags as hashtags_of
from composer.core.checklist.text import links as links_of
from composer.core.drafts.draft import Draft
from composer.core.drafts.final_text import FinalText, final_count, finals_for
from composer.core.i18n import _, current_language, ngettext, number
from composer.core.networks.facts import Count, network

HANDFUL = 5  # more hashtags than this stuffs a post


@rule("length")
def length(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Each chosen network's hard text limit, counted its own way, on the text it gets."""
    language = current_language()
    for key, final in finals_for(draft, context.house_style).items():
        measured = final_count(final, key)
        if measured.invalid_at is not None:
            name = network(key).name
            yield Check("length", Status.FAIL, _refused_character(name, final.text[measured.invalid_at]), "platforms",
                        key, final.typed_ranges([(measured.invalid_at, measured.invalid_at + 1)]))
        elif measured.over_from is not None:
            yield Check("length", Status.FAIL, _too_long(network(key).name, measured, final.added), "platforms", key,
                        final.typed_ranges(((measured.over_from, len(final.text)),)))
        else:
            name, limit, template = _fits(key, measured.limit, final.added, language)
            yield Check("length", Status.PASS, template.format(network=name, length=number(measured.length),
                                                                limit=limit), "platforms", key)


@lru_cache(maxsize=64)
def _fits(key: str, limit: int, added: bool, language: str) -> tuple[str, str, str]:
    """A fitting network's name, its limit as the language writes it, and the sentence to fill in (kept: asked
    for every network on every keystroke)."""
    if added:
        template = _("{network}: {length} of {limit} characters, with what export adds.")
    else:
        template = _("{network}: {length} of {limit} characters.")
    return network(key).name, number(limit), template


def _refused_character(name: str, character: str) -> str:
    """A character the network refuses in a post: a byte-order mark is usually pasted along unseen."""
    if character == "\ufeff":
        return _("{network} refuses the text: it holds an invisible byte-order mark (U+FEFF), often pasted along "
                 "from another program. Remove it.").format(network=name)
    return _("{network} refuses the text: it holds the non-character U+{code}. Remove it.").format(
        network=name, code=f"{ord(character):04X}")


def _too_long(name: str, measured: Count, added: bool) -> str:
    """How much too long, and that what export adds counts too (else a text that looks short puzzles)."""
    size, cap = measured.byte_length, measured.byte_limit
    if measured.excess == 0 and size is not None and cap is not None:  # within the characters, past the byte cap
        return _("{network}: the text is too long ({bytes} of {limit} bytes).").format(
            network=name, bytes=number(size), limit=number(cap))
    n = max(measured.excess, 1)
    if added:
        return ngettext("{network}: {n} character too long, with what export adds.",
                        "{network}: {n} characters too long, with what export adds.", n).format(
                            network=name, n=number(n))
    return ngettext("{network}: {n} character too long.", "{network}: {n} characters too long.", n).format(
        network=name, n=number(n))


@rule("hashtags")
def hashtags(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """No stuffing (statement 3), no broken tags, and Instagram's hard cap, the required tags counted.

    Toward the cap count the tags that link somewhere: not a tag of only digits (#2026), not a ``#``
    inside a link (``…/#top``, no hashtag at all).
    """
    language = current_language()
    for key, final in finals_for(draft, context.house_style).items():
        if final.hashtags:
            yield from _hashtag_checks_of(final, key, language)


HashtagFacts = tuple[int, int, tuple[Range, ...] | None, tuple[Range, ...] | None, str | None, tuple[Range, ...]]
Kept = tuple[HashtagFacts, dict[str, tuple[Check, ...]]]


def _hashtag_checks_of(final: FinalText, key: str, language: str) -> tuple[Check, ...]:
    """``key``'s hashtag checks of ``final``: the facts worked out once for every network that gets that text
    (and has the same cap), each network's checks kept for as long as the facts stay the same."""
    cap = network(key).hashtag_limit
    memo = final.memo
    kept = cast("Kept | None", memo.get(("hashtags", cap, language)))
    if kept is None:
        kept = _kept(_hashtag_facts(final, cap), language)
        memo["hashtags", cap, language] = kept
    facts, by_network = kept
    checks = by_network.get(key)
    if checks is None:
        checks = by_network[key] = _hashtag_checks(key, *facts, language)
    return checks


@lru_cache(maxsize=64)
def _kept(facts: HashtagFacts, language: str) -> Kept:
    """The hashtag facts of a final text and a place to keep each network's checks of them (the same facts,
    keystroke after keystroke: the same checks)."""
    return facts, {}


def _hashtag_facts(final: FinalText, cap: int | None) -> HashtagFacts:
    """What the hashtag check needs of a final text, worked out once for every network that gets that text:
    how many tags, how many count toward a cap, the typed ranges past ``cap`` and past a handful (``None``
    when not past), the first tag of only digits (``None`` when none) and the typed ranges of all those."""
    parts = final.parts(hashtags_of)
    if parts is not None:  # the added text after the typed text: the typed tags' ranges are the typed ranges
        typed, added = parts
        n, how_many, over, stuffed, typed_broken, added_broken = _facts_in_parts(typed, added, cap)
        example = (final.typed[slice(*typed_broken[0])] if typed_broken
                   else final.text[final.tail_from or 0:][slice(*added_broken)] if added_broken else None)
        return n, how_many, over, stuffed, example, typed_broken
    found = final.hashtags
    counted = counted_hashtags(found)
    over_cap = final.typed_ranges(s for s, _t in counted[cap:]) if cap is not None and len(counted) > cap else None
    stuffing = final.typed_ranges(s for s, _t in found[HANDFUL:]) if len(found) > HANDFUL else None
    broken = tuple(span for span, tag in found if tag.isdigit())
    return (len(found), len(counted), over_cap, stuffing, final.text[slice(*broken[0])] if broken else None,
            final.typed_ranges(broken) if broken else ())


@lru_cache(maxsize=64)
def _facts_in_parts(typed: tuple[Hashtag, ...], added: tuple[Hashtag, ...], cap: int | None
                    ) -> tuple[int, int, tuple[Range, ...] | None, tuple[Range, ...] | None, tuple[Range, ...],
                               Range | None]:
    """:func:`_hashtag_facts` of a final text whose added tags (``added``, in the added text's positions) all
    follow the typed ones (``typed``): the tags past a cap or a handful that were typed are the typed ones past
    it (kept: while the author types on after the tags, they stay the same). The first tag of only digits is
    given as the typed ones' ranges, or else the added one's range."""
    counted_typed = counted_hashtags(typed)
    n, counted = len(typed) + len(added), len(counted_typed) + len(counted_hashtags(added))
    over_cap = tuple([s for s, _t in counted_typed[cap:]]) if cap is not None and counted > cap else None
    stuffing = tuple([s for s, _t in typed[HANDFUL:]]) if n > HANDFUL else None
    broken = tuple([span for span, tag in typed if tag.isdigit()])
    broken_added = next((span for span, tag in added if tag.isdigit()), None)
    return n, counted, over_cap, stuffing, broken, broken_added


@lru_cache(maxsize=256)
def _hashtag_checks(key: str, n: int, counted: int, over_cap: tuple[Range, ...] | None,
                    stuffing: tuple[Range, ...] | None, broken: str | None, broken_ranges: tuple[Range, ...],
                    language: str) -> tuple[Check, ...]:
    """One network's hashtag checks (kept: while the author types elsewhere, they stay the same)."""
    net = network(key)
    name, cap = net.name, net.hashtag_limit
    checks = []
    if over_cap is not None and cap is not None:
        checks.append(Check("hashtags", Status.FAIL, ngettext(
            "{network} takes at most {cap} hashtag; this post has {n}.",
            "{network} takes at most {cap} hashtags; this post has {n}.", cap).format(
                network=name, cap=number(cap), n=number(counted)), "platforms", key, over_cap))
    elif stuffing is not None:
        checks.append(Check("hashtags", Status.WARN, _("{network}: {n} hashtags is stuffing; a handful says more.")
                            .format(network=name, n=number(n)), "3", key, stuffing))
    if broken is not None:
        checks.append(Check("hashtags", Status.WARN, _("{network}: a tag of only digits ({tag}) is not a hashtag.")
                            .format(network=name, tag=broken), "platforms", key, broken_ranges))
    elif n <= HANDFUL and (cap is None or counted <= cap):
        checks.append(Check("hashtags", Status.PASS, ngettext("{network}: {n} hashtag.", "{network}: {n} hashtags.",
                                                              n).format(network=name, n=number(n)),
                            "platforms", key))
    return tuple(checks)


@rule("links")
def links(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Links Instagram will not make clickable, and Threads' cap on different links (the same link twice
    counts once), a link in the sign-off counted."""
    language = current_language()
    for key, final in finals_for(draft, context.house_style).items():
        found = final.links
        if not found:
            continue
        cap = network(key).link_limit
        if key == "instagram":
            yield _link_check(key, len(found), None, _typed(final, found), language)
        elif cap is not None and len(different := _different(final, found)) > cap:
            yield _link_check(key, len(found), len(different), _typed(final, different[cap:]), language)
        else:
            yield _link_check(key, len(found), None, (), language)


def _different(final: FinalText, found: tuple[Range, ...]) -> tuple[Range, ...]:
    """The links of ``final`` that do not repeat an earlier one, once per final text for every network."""
    memo = final.memo
    different = cast("tuple[Range, ...] | None", memo.get("different links"))
    if different is None:
        different = unique_links(final.text, found)
        memo["different links"] = different
    return different


@lru_cache(maxsize=256)
def _link_check(key: str, n: int, different: int | None, ranges: tuple[Range, ...], language: str) -> Check:
    """One network's link check: Instagram's unclickable links, past a cap on different links (``different``
    of them), or fine (kept: while the author types elsewhere, it stays the same)."""
    net = network(key)
    name, cap = net.name, net.link_limit
    if key == "instagram":
        return Check("links", Status.WARN, _("Links in an Instagram caption are not clickable: put the link in "
                                             "your bio and say so."), "platforms", key, ranges)
    if different is not None and cap is not None:
        return Check("links", Status.FAIL, _("{network} takes at most {cap} links; this post has {n}.").format(
            network=name, cap=number(cap), n=number(different)), "platforms", key, ranges)
    return Check("links", Status.PASS, ngettext("{network}: {n} link.", "{network}: {n} links.", n).format(
        network=name, n=number(n)), "platforms", key)


def _typed(final: FinalText, ranges: tuple[Range, ...]) -> tuple[Range, ...]:
    """``final.typed_ranges(ranges)``, once per final text for every network that gets it."""
    if ranges is final.links and (parts := final.parts(links_of)) is not None:
        return parts[0]  # the added text's links come last and have no typed range
    memo = final.memo
    typed = cast("tuple[Range, ...] | None", memo.get(("typed", ranges)))
    if typed is None:
        typed = final.typed_ranges(ranges)
        memo["typed", ranges] = typed
    return typed
