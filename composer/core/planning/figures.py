"""What the posts of a period brought for the time they took, added up in SQL per purpose, audience, network,
month and colleague (issue 13, point 5).

The unit is a publication: a draft posted on one network on one day. Its
figures are those of its feedback row (typed in by a librarian; a publication
without one has no feedback *recorded*, which is not the same as none).

**Responses** are comments + questions + suggestions: the dialogue the
roundtable values. Likes and shares are added up apart and never mixed in.

**Effort** is the time the colleagues spent on the draft: writing time
measured plus hand corrections, added up over the colleagues (as the draft
shows it: never below zero). A draft posted on three networks took its time
once, so each of its publications carries an equal share: a third each. The
shares of a draft add up to its effort whatever the period, so totals never
count a draft twice.

**Per post** divides the responses by the posts *with feedback recorded*:
posts nobody reported on do not pull the average down. **Per hour** divides
the responses of the posts that have both feedback and recorded time by
that time, so a post written before time was measured does not count as
free.

**Per colleague**, a post counts for each colleague who spent time on it
(a draft with no recorded time counts for whoever created it). The draft's
time, responses, likes and shares are shared among them in proportion to
each one's own time (a colleague's negative correction counting as none),
so the colleagues' figures add up to the totals and per post and per hour
are never counted twice.

Everything is grouped by the database in a few queries, so 10,000
publications cost no Python loop. The same SQL runs on SQLite and PostgreSQL
(which returns sums as ``Decimal``: every figure is made a ``float`` here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from composer.core.storage.store import Store


@dataclass(frozen=True)
class Figures:
    """The sums of a group of publications; the ratios are worked out from them (``None``: nothing to divide by)."""

    posts: int = 0
    with_feedback: float = 0.0  # posts with feedback recorded (per colleague: their share of them)
    minutes: float = 0.0
    responses: float = 0.0
    likes: float = 0.0
    shares: float = 0.0
    timed_minutes: float = 0.0  # minutes of the posts with both feedback and recorded time
    timed_responses: float = 0.0  # ... and their responses
    timed: int = 0  # how many posts have both feedback and recorded time

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, name) + getattr(other, name) for name in _FIELDS))

    @property
    def per_post(self) -> float | None:
        """Responses per post with feedback."""
        return self.responses / self.with_feedback if self.with_feedback > 0 else None

    @property
    def per_hour(self) -> float | None:
        """Responses per hour of work, over the posts with feedback and recorded time."""
        return self.timed_responses * 60 / self.timed_minutes if self.timed_minutes > 0 else None

    @property
    def likes_per_post(self) -> float | None:
        return self.likes / self.with_feedback if self.with_feedback > 0 else None


_FIELDS = tuple(Figures.__dataclass_fields__)


@dataclass(frozen=True)
class Group:
    """The figures of one value of a dimension: ``purpose`` ``"dialogue"``, ``network`` ``"instagram"``, ...

    ``key`` is ``None`` for drafts without a purpose or audience; ``network`` is set in the audience-by-network
    cross (``dimension == "audience_network"``, ``key`` the audience).
    """

    dimension: str
    key: str | None
    figures: Figures
    network: str | None = None


def _figures(values: Sequence[Any]) -> Figures:
    """A :class:`Figures` from the nine sums, in the order of :data:`_SUMS`."""
    posts, fed, seconds, responses, likes, shares, timed_seconds, timed_responses, timed = (
        float(value or 0) for value in values)
    return Figures(int(posts), fed, seconds / 60, responses, likes, shares, timed_seconds / 60, timed_responses,
                   int(timed))


#: Each draft's effort in seconds (each colleague's total at least zero) and how many publications share it.
PER_DRAFT_SQL = """
    shared AS (SELECT draft_id, count(*) AS n FROM publications GROUP BY draft_id),
    spent AS (SELECT draft_id, count(*) AS authors,
                     CASE WHEN sum(writing_seconds + extra_seconds) > 0 THEN sum(writing_seconds + extra_seconds)
                          ELSE 0 END AS seconds,
                     sum(CASE WHEN writing_seconds + extra_seconds > 0 THEN writing_seconds + extra_seconds
                         ELSE 0 END) AS positive
              FROM effort GROUP BY draft_id)"""

#: One row per publication of days ``?``–``?`` (the period before, then the period itself), with its share of
#: effort, its feedback, and whether it is in the period itself (``now``: its first day is the third parameter).
_POSTS = f"""
WITH {PER_DRAFT_SQL},
    posts AS MATERIALIZED (  -- once: every sum below reads it
        SELECT CASE WHEN p.published_at >= ? THEN 1 ELSE 0 END AS now,
               p.network, substr(p.published_at, 1, 7) AS month, d.purpose, d.audience,
               COALESCE(s.seconds, 0) * 1.0 / n.n AS seconds,
               CASE WHEN f.publication_id IS NULL THEN 0 ELSE 1 END AS fed,
               CASE WHEN f.publication_id IS NOT NULL AND COALESCE(s.seconds, 0) > 0 THEN 1 ELSE 0 END AS timed,
               COALESCE(f.comments + f.questions + f.suggestions, 0) AS responses,
               COALESCE(f.likes, 0) AS likes, COALESCE(f.shares, 0) AS shares
        FROM publications p
        JOIN drafts d ON d.id = p.draft_id
        JOIN shared n ON n.draft_id = p.draft_id
        LEFT JOIN spent s ON s.draft_id = p.draft_id
        LEFT JOIN feedback f ON f.publication_id = p.id
        WHERE p.published_at BETWEEN ? AND ?)"""

_SUMS = ("count(*), sum(fed), sum(seconds), sum(responses), sum(likes), sum(shares), sum(timed * seconds),"
         " sum(timed * responses), sum(timed)")

#: The finest cells (period, purpose, audience, network: a few hundred at most), which Python adds up per
#: dimension, and the months of the period itself.
_GROUPED = _POSTS + f"""
SELECT now, purpose, audience, network, NULL, {_SUMS} FROM posts GROUP BY now, purpose, audience, network
UNION ALL SELECT 1, NULL, NULL, NULL, month, {_SUMS} FROM posts WHERE now = 1 GROUP BY month"""

#: Per colleague: one row per publication and colleague who spent time on its draft (or created it, when
#: nobody's time was recorded), with the colleague's share of the time and of the draft.
_BY_COLLEAGUE = f"""
WITH {PER_DRAFT_SQL},
    worked AS (
        SELECT e.draft_id, e.author,
               CASE WHEN e.writing_seconds + e.extra_seconds > 0 THEN e.writing_seconds + e.extra_seconds
                    ELSE 0 END AS own,
               s.positive, s.seconds AS draft_seconds, s.authors
        FROM effort e JOIN spent s ON s.draft_id = e.draft_id
        UNION ALL
        SELECT d.id, d.created_by, 0, 0, 0, 1 FROM drafts d
        WHERE d.id IN (SELECT draft_id FROM publications WHERE published_at BETWEEN ? AND ?)
          AND NOT EXISTS (SELECT 1 FROM effort e WHERE e.draft_id = d.id)),
    parts AS (
        SELECT draft_id, author, own,
               draft_seconds, CASE WHEN positive > 0 THEN own * 1.0 / positive ELSE 1.0 / authors END AS part
        FROM worked),
    posts AS MATERIALIZED (  -- once: every sum below reads it
        SELECT w.author, w.part * w.draft_seconds / n.n AS seconds, w.part,
               CASE WHEN f.publication_id IS NULL THEN 0 ELSE 1 END AS fed,
               CASE WHEN f.publication_id IS NOT NULL AND w.own > 0 AND w.draft_seconds > 0 THEN 1 ELSE 0 END AS timed,
               COALESCE(f.comments + f.questions + f.suggestions, 0) AS responses,
               COALESCE(f.likes, 0) AS likes, COALESCE(f.shares, 0) AS shares
        FROM publications p
        JOIN parts w ON w.draft_id = p.draft_id
        JOIN shared n ON n.draft_id = p.draft_id
        LEFT JOIN feedback f ON f.publication_id = p.id
        WHERE p.published_at BETWEEN ? AND ?)
SELECT author, count(*), sum(fed * part), sum(seconds), sum(responses * part), sum(likes * part),
       sum(shares * part), sum(timed * seconds), sum(timed * responses * part), sum(timed)
FROM posts GROUP BY author"""


@dataclass(frozen=True)
class Grouped:
    """What :func:`grouped` found: the totals of the period and of the one before, and the groups."""

    total: Figures
    previous: Figures
    groups: list[Group]


def grouped(store: Store, start: str, end: str, before: str) -> Grouped:
    """The figures of days ``start``–``end`` (ISO dates, included) and of days ``before``–``start`` (excluded).

    The groups: per purpose, audience, network and month (``YYYY-MM``), and per audience and network together.
    One query, whose grouping the database does down to a few hundred cells; they are added up here.
    """
    cells: dict[tuple[str, str | None, str | None], Figures] = {}
    previous, months = Figures(), []
    for now, purpose, audience, network, month, *values in store.db.all(_GROUPED, [start, before, end]):
        figures = _figures(values)
        if month is not None:
            months.append(Group("month", month, figures))
        elif not now:
            previous = previous + figures
        else:
            for key in (("purpose", purpose, None), ("audience", audience, None), ("network", network, None),
                        ("audience_network", audience, network), ("total", None, None)):
                cells[key] = cells[key] + figures if key in cells else figures
    total = cells.pop(("total", None, None), Figures())
    groups = [Group(dimension, key, figures, network) for (dimension, key, network), figures in cells.items()]
    return Grouped(total, previous, groups + months)


def by_colleague(store: Store, start: str, end: str) -> list[Group]:
    """Per colleague (as the database names them: on a team library, the login), see the module."""
    return [Group("colleague", author, _figures(sums))
            for author, *sums in store.db.all(_BY_COLLEAGUE, [start, end, start, end])]
