"""The audience's network, from the library's own feedback (issue 13, point 6; the roundtable's conclusions).

"Use depends strongly on the target audience: students or museum visitors?"
When this library's history shows, for the draft's audience, one network
bringing clearly more responses per post than the others
(:mod:`composer.core.planning.audience_history`, read once per draft open
into ``context.audience_history``), the checklist says so; otherwise the
check is not applicable and the checklist shows nothing. Advice, never a
warning: the author knows why a post goes where it goes.

Per keystroke it only looks the advice up: the same answer is the same
cached :class:`Check` object.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from composer.core.checklist.engine import Check, CheckContext, Status, rule, said
from composer.core.drafts.draft import Draft
from composer.core.i18n import _, current_language
from composer.core.networks.facts import NETWORKS, network

GUIDELINE = "conclusions"
CHECK_ID = "audience_network"


@rule(CHECK_ID)
def audience_network(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """The network where posts for the draft's audience got most response, if the history says so clearly."""
    history = getattr(context, "audience_history", None)
    found = history.advice(draft.audience) if history is not None else None
    if found is None or found.network not in NETWORKS or draft.audience is None:
        yield _silent(current_language())
        return
    yield _advice(draft.audience, found.network, round(found.per_post, 1), found.posts,
                  not draft.networks or found.network in draft.networks, current_language())


@lru_cache(maxsize=8)
def _silent(language: str) -> Check:
    return said(CHECK_ID, Status.NA, _("Not enough feedback history to advise a network for this audience."),
                GUIDELINE)


@lru_cache(maxsize=64)
def _advice(audience: str, key: str, per_post: float, posts: int, goes_there: bool, language: str) -> Check:
    """The sentence, made once per answer and language."""
    from composer.core.planning.answers import audience_name
    from composer.core.planning.report import decimal

    message = _("Your posts for {audience} get most response on {network} ({per_post} per post, {posts} "
                "posts).").format(audience=audience_name(audience), network=network(key).name,
                                  per_post=decimal(per_post), posts=posts)
    if not goes_there:
        message += " " + _("This post does not go there.")
    return said(CHECK_ID, Status.PASS, message, GUIDELINE)

