"""The questions every post answers first: why, for whom, and where."""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.checklist.engine import Check, CheckContext, Status, rule, said
from composer.core.drafts.draft import AUDIENCES, PURPOSES, Draft, label
from composer.core.i18n import _


@rule("purpose")
def purpose(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Know why you post (conclusions; statement 2)."""
    if draft.purpose:
        yield said("purpose", Status.PASS,
                   _("Purpose: {purpose}.").format(purpose=label(PURPOSES, draft.purpose)), "conclusions")
    else:
        yield Check("purpose", Status.TODO, _("Why this post? Choose a purpose."), "conclusions")


@rule("audience")
def audience(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Know for whom you post (conclusions)."""
    if draft.audience:
        yield said("audience", Status.PASS,
                   _("Audience: {audience}.").format(audience=label(AUDIENCES, draft.audience)), "conclusions")
    else:
        yield Check("audience", Status.TODO, _("For whom is this post? Choose an audience."), "conclusions")


@rule("networks")
def networks(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Where will it go? Every limit depends on the network."""
    if not draft.networks:
        yield Check("networks", Status.TODO, _("Where will you post this? Choose one or more networks."),
                    "platforms")
