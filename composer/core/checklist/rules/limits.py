"""Each network's hard facts: length, hashtags, links. Past a hard limit, export is blocked.

Measured on the final text, what the network gets (the house style's required
hashtags and sign-off included: see :mod:`composer.core.drafts.final_text`); ranges
point into the typed text, and a stretch that is only added text has none.
Numbers are written as the UI language writes them, as the counters do.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.checklist.text import Range, counted_hashtags, unique_links
from composer.core.drafts.draft import Draft
from composer.core.drafts.final_text import FinalText, final_count, finals_for
from composer.core.i18n import _, current_language, ngettext, number
from composer.core.networks.facts import Count, network

HANDFUL = 5  # more hashtags than this stuffs a post


@rule("length")
def length(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Each chosen network's hard text limit, counted its own way, on the text it gets."""
    for key, final in finals_for(draft, context.house_style).items():
        measured = final_count(final, key)
        name = network(key).name
        if measured.invalid_at is not None:
            yield Check("length", Status.FAIL, _refused_character(name, final.text[measured.invalid_at]), "platforms",
                        key, final.typed_ranges([(measured.invalid_at, measured.invalid_at + 1)]))
        elif measured.over:
            yield Check("length", Status.FAIL, _too_long(name, measured, final.added), "platforms", key,
                        final.typed_ranges([(measured.over_from, len(final.text))]))
        elif final.added:
            yield Check("length", Status.PASS,
                        _("{network}: {length} of {limit} characters, with what export adds.").format(
                            network=name, length=number(measured.length), limit=number(measured.limit)),
                        "platforms", key)
        else:
            yield Check("length", Status.PASS,
                        _("{network}: {length} of {limit} characters.").format(
                            network=name, length=number(measured.length), limit=number(measured.limit)),
                        "platforms", key)


def _refused_character(name: str, character: str) -> str:
    """A character the network refuses in a post: a byte-order mark is usually pasted along unseen."""
    if character == "\ufeff":
        return _("{network} refuses the text: it holds an invisible byte-order mark (U+FEFF), often pasted along "
                 "from another program. Remove it.").format(network=name)
    return _("{network} refuses the text: it holds the non-character U+{code}. Remove it.").format(
        network=name, code=f"{ord(character):04X}")


def _too_long(name: str, measured: Count, added: bool) -> str:
    """How much too long, and that what export adds counts too (else a text that looks short puzzles)."""
    if measured.excess == 0:  # within the characters but past the byte cap
        return _("{network}: the text is too long ({bytes} of {limit} bytes).").format(
            network=name, bytes=number(measured.byte_length), limit=number(measured.byte_limit))
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
            yield from _hashtag_checks(key, *_hashtag_facts(final, network(key).hashtag_limit), language)


@lru_cache(maxsize=32)
def _hashtag_facts(final: FinalText, cap: int | None) -> tuple[int, int, tuple[Range, ...] | None,
                                                                tuple[Range, ...] | None, str | None,
                                                                tuple[Range, ...]]:
    """What the hashtag check needs of a final text, worked out once for every network that gets that text:
    how many tags, how many count toward a cap, the typed ranges past ``cap`` and past a handful (``None``
    when not past), the first tag of only digits (``None`` when none) and the typed ranges of all those."""
    found = final.hashtags
    counted = counted_hashtags(found)
    over_cap = final.typed_ranges(s for s, _t in counted[cap:]) if cap is not None and len(counted) > cap else None
    stuffing = final.typed_ranges(s for s, _t in found[HANDFUL:]) if len(found) > HANDFUL else None
    broken = tuple(span for span, tag in found if tag.isdigit())
    return (len(found), len(counted), over_cap, stuffing, final.text[slice(*broken[0])] if broken else None,
            final.typed_ranges(broken) if broken else ())


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
        elif cap is not None and len(different := unique_links(final.text, found)) > cap:
            yield _link_check(key, len(found), len(different), _typed(final, different[cap:]), language)
        else:
            yield _link_check(key, len(found), None, (), language)


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


@lru_cache(maxsize=32)
def _typed(final: FinalText, ranges: tuple[Range, ...]) -> tuple[Range, ...]:
    """``final.typed_ranges(ranges)``, once per final text for every network that gets it."""
    return final.typed_ranges(ranges)
