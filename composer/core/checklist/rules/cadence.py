"""Posting rhythm: no flooding the followers' feeds, and a kind word after a long silence (statement 3).

"Followers drop off when their feed is flooded with pointless posts": the
library sets, per network, the most posts a week (``HouseStyle.cadence``), and
this check counts how many went out in the current ISO week (Monday–Sunday),
from the publication log, and how many other drafts are planned in it. A
draft planned on a network for another week is weighed in that week.

Pure, like every rule: nothing here reads the database. The caller gathers
``context.publications`` — a :class:`~composer.core.export.publications.PublicationStats`
— once per draft open and after each "Mark as published" or change of plan, with
:func:`composer.core.export.publications.publication_stats`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from composer.core.checklist.engine import Check, CheckContext, Status, rule, said
from composer.core.drafts.draft import Draft
from composer.core.i18n import _
from composer.core.networks.facts import network

if TYPE_CHECKING:
    from composer.core.export.publications import PublicationStats

GUIDELINE = "3"
SILENCE_DAYS = 30  # nothing on a network for this long: a gentle hint, not a warning


@rule("cadence")
def cadence(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Per chosen network: would this post pass the library's weekly rhythm? And was it quiet there for long?

    A network this draft was already published on is only reported as such:
    its post is already counted. Not applicable when the library set no rhythm
    and the log holds no post on the chosen networks.
    """
    stats = getattr(context, "publications", None)
    limits = getattr(context.house_style, "cadence", None) or {}
    chosen = [key for key in draft.networks
              if key in limits or (stats and (stats.latest.get(key) or stats.planned.get(key)))]
    if not chosen:
        yield said("cadence", Status.NA, _("No posting rhythm set and nothing published yet on these networks."),
                    GUIDELINE)
        return
    if stats is None:
        yield Check("cadence", Status.NA, _("The publication log was not consulted, so the rhythm cannot be "
                                            "checked."), GUIDELINE)
        return
    fine = []
    for key in chosen:
        name, limit = network(key).name, limits.get(key)
        if key in stats.published:
            yield Check("cadence", Status.PASS, _("{network}: this draft was published there on {date}.").format(
                network=name, date=stats.published[key].isoformat()), GUIDELINE, key)
            continue
        post = stats.total(key) + 1
        silence = stats.days_since(key)
        if limit is not None and post > limit:
            yield Check("cadence", Status.WARN, _(
                "{network}: this would be post {n} {when}{tally}; the library's rhythm is at most {limit} a week.")
                .format(network=name, n=post, when=_when(stats, key), tally=_tally(stats, key), limit=limit),
                GUIDELINE, key)
        elif silence is not None and silence >= SILENCE_DAYS:
            yield Check("cadence", Status.PASS, _("Nothing on {network} for {days} days: welcome back!").format(
                network=name, days=silence), GUIDELINE, key)
        else:
            fine.append(_fine(stats, key, name, post, limit))
    if fine:
        yield Check("cadence", Status.PASS, "; ".join(fine) + ".", GUIDELINE)


def _when(stats: PublicationStats, key: str) -> str:
    """Which week the post joins: this one, or the one it is planned in."""
    if key in stats.weeks:
        return _("in the week of {date}").format(date=stats.weeks[key].isoformat())
    return _("this week")


def _tally(stats: PublicationStats, key: str) -> str:
    """What the count is made of, once plans are part of it: " (2 published, 1 planned)"."""
    if not stats.planned_count(key):
        return ""
    return " " + _("({published} published, {planned} planned)").format(
        published=stats.count(key), planned=stats.planned_count(key))


def _fine(stats: PublicationStats, key: str, name: str, post: int, limit: int | None) -> str:
    when, planned = _when(stats, key), stats.planned_count(key)
    if planned and limit is not None:
        return _("{network}: post {n} {when}, after {published} published and {planned} planned (at most {limit})"
                 ).format(network=name, n=post, when=when, published=stats.count(key), planned=planned, limit=limit)
    if planned:
        return _("{network}: post {n} {when}, after {published} published and {planned} planned").format(
            network=name, n=post, when=when, published=stats.count(key), planned=planned)
    if limit is not None:
        return _("{network}: post {n} {when} (at most {limit})").format(network=name, n=post, when=when,
                                                                      limit=limit)
    return _("{network}: post {n} {when}").format(network=name, n=post, when=when)
