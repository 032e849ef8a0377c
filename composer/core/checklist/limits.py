"""Each network's hard facts: length, hashtags, links. Past a hard limit, export is blocked."""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.checklist.text import hashtags as find_hashtags
from composer.core.checklist.text import links as find_links
from composer.core.counting import count
from composer.core.drafts import Draft
from composer.core.i18n import _, ngettext
from composer.core.platforms import network

HANDFUL = 5  # more hashtags than this stuffs a post


@rule("length")
def length(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Each chosen network's hard text limit, counted its own way."""
    for key in draft.networks:
        text = draft.text_for(key)
        measured = count(key, text)
        name = network(key).name
        if measured.over:
            too_many = max(measured.excess, 1)
            message = ngettext("{network}: {n} character too long.", "{network}: {n} characters too long.",
                               too_many).format(network=name, n=too_many)
            if measured.excess == 0:  # within the characters but past the byte cap
                message = _("{network}: the text is too long ({bytes} of {limit} bytes).").format(
                    network=name, bytes=measured.byte_length, limit=measured.byte_limit)
            yield Check("length", Status.FAIL, message, "platforms", key, ((measured.over_from, len(text)),))
        else:
            yield Check("length", Status.PASS,
                        _("{network}: {length} of {limit} characters.").format(
                            network=name, length=measured.length, limit=measured.limit),
                        "platforms", key)


@rule("hashtags")
def hashtags(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """No stuffing (statement 3), no broken tags, and Instagram's hard cap."""
    for key in draft.networks:
        found = find_hashtags(draft.text_for(key))
        if not found:
            continue
        name = network(key).name
        cap = network(key).hashtag_limit
        broken = tuple(span for span, tag in found if tag.isdigit())
        if cap is not None and len(found) > cap:
            yield Check("hashtags", Status.FAIL, ngettext(
                "{network} takes at most {cap} hashtag; this post has {n}.",
                "{network} takes at most {cap} hashtags; this post has {n}.", cap).format(
                    network=name, cap=cap, n=len(found)), "platforms", key, tuple(s for s, _t in found[cap:]))
        elif len(found) > HANDFUL:
            yield Check("hashtags", Status.WARN, _("{network}: {n} hashtags is stuffing; a handful says more.").format(
                network=name, n=len(found)), "3", key, tuple(s for s, _t in found[HANDFUL:]))
        if broken:
            yield Check("hashtags", Status.WARN, _("{network}: a tag of only digits ({tag}) is not a hashtag.").format(
                network=name, tag=draft.text_for(key)[slice(*broken[0])]), "platforms", key, broken)
        elif len(found) <= HANDFUL and (cap is None or len(found) <= cap):
            yield Check("hashtags", Status.PASS, ngettext("{network}: {n} hashtag.", "{network}: {n} hashtags.",
                                                          len(found)).format(network=name, n=len(found)),
                        "platforms", key)


@rule("links")
def links(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Links Instagram will not make clickable, and Threads' cap."""
    for key in draft.networks:
        found = find_links(draft.text_for(key))
        if not found:
            continue
        name = network(key).name
        cap = network(key).link_limit
        if key == "instagram":
            yield Check("links", Status.WARN, _("Links in an Instagram caption are not clickable: put the link in "
                                                "your bio and say so."), "platforms", key, found)
        elif cap is not None and len(found) > cap:
            yield Check("links", Status.FAIL, _("{network} takes at most {cap} links; this post has {n}.").format(
                network=name, cap=cap, n=len(found)), "platforms", key, found[cap:])
        else:
            yield Check("links", Status.PASS, ngettext("{network}: {n} link.", "{network}: {n} links.",
                                                       len(found)).format(network=name, n=len(found)),
                        "platforms", key)
