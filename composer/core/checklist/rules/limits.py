"""Each network's hard facts: length, hashtags, links. Past a hard limit, export is blocked.

Measured on the final text, what the network gets (the house style's required
hashtags and sign-off included: see :mod:`composer.core.drafts.final_text`); ranges
point into the typed text, and a stretch that is only added text has none.
Numbers are written as the UI language writes them, as the counters do.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.checklist.text import counted_hashtags, unique_links
from composer.core.drafts.draft import Draft
from composer.core.drafts.final_text import final_count, final_for, hashtags_in, links_in
from composer.core.i18n import _, ngettext, number
from composer.core.networks.facts import network

HANDFUL = 5  # more hashtags than this stuffs a post


@rule("length")
def length(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Each chosen network's hard text limit, counted its own way, on the text it gets."""
    for key in draft.networks:
        final = final_for(draft, key, context.house_style)
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


def _too_long(name: str, measured, added: bool) -> str:
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
    for key in draft.networks:
        final = final_for(draft, key, context.house_style)
        found = hashtags_in(final)
        if not found:
            continue
        name = network(key).name
        cap = network(key).hashtag_limit
        broken = tuple(span for span, tag in found if tag.isdigit())
        counted = counted_hashtags(found)
        if cap is not None and len(counted) > cap:
            yield Check("hashtags", Status.FAIL, ngettext(
                "{network} takes at most {cap} hashtag; this post has {n}.",
                "{network} takes at most {cap} hashtags; this post has {n}.", cap).format(
                    network=name, cap=number(cap), n=number(len(counted))), "platforms", key,
                final.typed_ranges(s for s, _t in counted[cap:]))
        elif len(found) > HANDFUL:
            yield Check("hashtags", Status.WARN, _("{network}: {n} hashtags is stuffing; a handful says more.").format(
                network=name, n=number(len(found))), "3", key, final.typed_ranges(s for s, _t in found[HANDFUL:]))
        if broken:
            yield Check("hashtags", Status.WARN, _("{network}: a tag of only digits ({tag}) is not a hashtag.").format(
                network=name, tag=final.text[slice(*broken[0])]), "platforms", key, final.typed_ranges(broken))
        elif len(found) <= HANDFUL and (cap is None or len(counted) <= cap):
            yield Check("hashtags", Status.PASS, ngettext("{network}: {n} hashtag.", "{network}: {n} hashtags.",
                                                          len(found)).format(network=name, n=number(len(found))),
                        "platforms", key)


@rule("links")
def links(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Links Instagram will not make clickable, and Threads' cap on different links (the same link twice
    counts once), a link in the sign-off counted."""
    for key in draft.networks:
        final = final_for(draft, key, context.house_style)
        found = links_in(final)
        if not found:
            continue
        name = network(key).name
        cap = network(key).link_limit
        if key == "instagram":
            yield Check("links", Status.WARN, _("Links in an Instagram caption are not clickable: put the link in "
                                                "your bio and say so."), "platforms", key, final.typed_ranges(found))
        elif cap is not None and len(different := unique_links(final.text, found)) > cap:
            yield Check("links", Status.FAIL, _("{network} takes at most {cap} links; this post has {n}.").format(
                network=name, cap=number(cap), n=number(len(different))), "platforms", key,
                final.typed_ranges(different[cap:]))
        else:
            yield Check("links", Status.PASS, ngettext("{network}: {n} link.", "{network}: {n} links.",
                                                       len(found)).format(network=name, n=number(len(found))),
                        "platforms", key)
