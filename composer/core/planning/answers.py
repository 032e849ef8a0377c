"""The roundtable's questions answered in its own words, from a report's figures.

"Is it all worth the trouble?", which kinds of posts bring dialogue, and which
network suits which audience *for this library*. A comparison is made only
between groups with at least :data:`ENOUGH` posts with feedback; short of
that, the report says what is missing instead of guessing. Likes are
mentioned last and apart: "more important than the blue thumb is the other
feedback".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from composer.core.drafts.draft import AUDIENCES, label
from composer.core.i18n import N_, _, ngettext, number
from composer.core.networks.facts import NETWORKS, network
from composer.core.planning.figures import Figures, Group
from composer.core.planning.report import decimal, group_label, hours

if TYPE_CHECKING:
    from composer.core.planning.report import Report

#: Posts with feedback a group needs before the report compares it with another.
ENOUGH = 5
#: Audiences the report speaks of, at most (those with most posts).
AUDIENCES_SAID = 3


def sentences(report: Report) -> Iterator[str]:
    """The report's answers, in the order they are shown."""
    total = report.total
    yield overview(total)
    if total.posts == 0:
        return
    yield dialogue(report.rows("purpose"))
    yield from audiences(report.cross)
    yield paying_off(report)
    if total.with_feedback > 0:
        yield _("Likes, counted apart: {likes} ({per_post} per post).").format(
            likes=number(round(total.likes)), per_post=decimal(total.likes_per_post))


def overview(total: Figures) -> str:
    """How many posts, how much work, how much feedback."""
    if total.posts == 0:
        return _("No post was marked as published in this period.")
    posts = ngettext("{n} post", "{n} posts", total.posts).format(n=number(total.posts))
    if total.minutes > 0:
        said = _("{posts}, {time} of work.").format(posts=posts, time=hours(total.minutes))
    else:
        said = _("{posts}; no writing time recorded.").format(posts=posts)
    if total.with_feedback == 0:
        return said + " " + _("No feedback recorded for them yet: note what each post brought to see the return.")
    return said + " " + _("Feedback recorded for {fed} of them: {responses} responses (comments, questions, "
                          "suggestions), {per_post} per post.").format(
        fed=number(round(total.with_feedback)), responses=number(round(total.responses)),
        per_post=decimal(total.per_post))


def _ranked(groups: tuple[Group, ...] | list[Group]) -> list[Group]:
    """The groups with enough feedback to compare, most responses per post first."""
    found = [g for g in groups if g.figures.with_feedback >= ENOUGH and g.figures.per_post is not None]
    return sorted(found, key=lambda g: -(g.figures.per_post or 0.0))


def dialogue(purposes: tuple[Group, ...]) -> str:
    """Which kinds of posts bring dialogue: the purpose with most responses per post, and the one with least."""
    ranked = _ranked([g for g in purposes if g.key])
    if len(ranked) < 2:
        return _("Not enough feedback yet to say which kinds of posts bring dialogue: that takes {n} posts with "
                 "feedback for each of two purposes.").format(n=ENOUGH)
    best, least = ranked[0], ranked[-1]
    if decimal(best.figures.per_post) == decimal(least.figures.per_post):
        return _("Every kind of post brought about as much dialogue: {per_post} responses per post.").format(
            per_post=decimal(best.figures.per_post))
    return _("Most dialogue came from “{best}” posts: {a} responses per post; least from “{least}” posts: "
             "{b}.").format(best=group_label(best), a=decimal(best.figures.per_post), least=group_label(least),
                            b=decimal(least.figures.per_post))


def audience_name(key: str) -> str:
    """An audience as it reads inside a sentence: "students", "museum visitors"."""
    name = label(AUDIENCES, key)
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _network_name(key: str | None) -> str:
    return network(key).name if key in NETWORKS else str(key)


def audiences(cross: tuple[Group, ...]) -> Iterator[str]:
    """Per audience with enough feedback on two networks: where its posts bring most dialogue."""
    by_audience: dict[str, list[Group]] = {}
    for group in cross:
        if group.key:
            by_audience.setdefault(group.key, []).append(group)
    said = 0
    for key, groups in sorted(by_audience.items(), key=lambda item: -sum(g.figures.posts for g in item[1])):
        ranked = _ranked(groups)
        if len(ranked) < 2 or said == AUDIENCES_SAID:
            continue
        best, next_best = ranked[0], ranked[1]
        said += 1
        yield _("Posts for {audience} bring most dialogue on {network}: {a} responses per post ({other}: "
                "{b}).").format(audience=audience_name(key), network=_network_name(best.network),
                                a=decimal(best.figures.per_post), other=_network_name(next_best.network),
                                b=decimal(next_best.figures.per_post))
    if not said:
        yield _("Not enough feedback yet to say which network suits which audience: that takes {n} posts with "
                "feedback on each of two networks for one audience.").format(n=ENOUGH)


_THIS_AND_BEFORE = {
    "month": N_("Is the effort paying off? {now} responses per hour of work this month, {before} the month before."),
    "quarter": N_("Is the effort paying off? {now} responses per hour of work this quarter, {before} the quarter "
                  "before."),
    "year": N_("Is the effort paying off? {now} responses per hour of work this year, {before} the year before."),
    "custom": N_("Is the effort paying off? {now} responses per hour of work in this period, {before} in as many "
                 "days before it."),
}


def paying_off(report: Report) -> str:
    """Responses per hour of work now and in the period before, where both have enough feedback with time."""
    now, before = report.total, report.previous
    if now.timed < ENOUGH or now.per_hour is None:
        return _("Not enough feedback on posts with recorded writing time to weigh the return per hour: that "
                 "takes {n} posts.").format(n=ENOUGH)
    if before.timed < ENOUGH or before.per_hour is None:
        return _("{now} responses per hour of work in this period; too little feedback with recorded time in the "
                 "period before to compare.").format(now=decimal(now.per_hour))
    sentence = _THIS_AND_BEFORE.get(report.period.kind, _THIS_AND_BEFORE["custom"])
    return _(sentence).format(now=decimal(now.per_hour), before=decimal(before.per_hour))
