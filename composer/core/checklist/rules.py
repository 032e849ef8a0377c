"""The checklist's rules. Each is a small pure function: ``(draft, context) -> checks``."""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.drafts import AUDIENCES, PURPOSES, Draft, label
from composer.core.i18n import _, ngettext
from composer.core.counting import count
from composer.core.platforms import network


@rule("purpose")
def purpose(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Know why you post (conclusions; statement 2)."""
    if draft.purpose:
        yield Check("purpose", Status.PASS,
                    _("Purpose: {purpose}.").format(purpose=label(PURPOSES, draft.purpose)), "conclusions")
    else:
        yield Check("purpose", Status.TODO, _("Why this post? Choose a purpose."), "conclusions")


@rule("audience")
def audience(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Know for whom you post (conclusions)."""
    if draft.audience:
        yield Check("audience", Status.PASS,
                    _("Audience: {audience}.").format(audience=label(AUDIENCES, draft.audience)), "conclusions")
    else:
        yield Check("audience", Status.TODO, _("For whom is this post? Choose an audience."), "conclusions")


@rule("networks")
def networks(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Where will it go? Every limit depends on the network."""
    if not draft.networks:
        yield Check("networks", Status.TODO, _("Where will you post this? Choose one or more networks."),
                    "platforms")


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
