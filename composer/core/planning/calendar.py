"""The calendar: planned and published posts per network, a week or a month at a time (issue 13, point 2).

One query reads what a period holds (:func:`entries_between`: the plans not
yet carried out and the publication log); the rest is pure: :func:`build`
lays the days out as a week (Monday to Sunday) or a month grid (the weeks
that hold the month's days, Monday first) and measures each day against the
library's rhythm, the house style's ``cadence`` (most posts a week per
network, the same setting the ``cadence`` check reads):

*crowded*
    a network gets more posts on one day than its share of the week
    (``ceil(rhythm / 7)``: one a day for a rhythm of at most seven), or a post
    that day takes its ISO week past the rhythm;
*gap*
    a network with a rhythm has had nothing for more days in a row than the
    rhythm spaces its posts (``ceil(7 / rhythm)`` days: three for three a
    week); every day of that silence is marked.

Without a rhythm nothing is flagged: the calendar does not guess one. A plan
whose draft was since published on that network is shown as published (the
plan was carried out); plans of drafts in the trash or the archive are left
out, their publications are not (they happened). Qt-free.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from composer.core.drafts.draft import first_line
from composer.core.networks.facts import NETWORKS

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from composer.core.storage.store import Store

PLANNED, PUBLISHED = "planned", "published"
WEEK, MONTH = "week", "month"
#: Days read beyond the grid on each side, so a silence that began before it is measured whole.
MARGIN_DAYS = 8
_LEADING_SPACE = " \t\n\r"

#: The period's posts: plans not carried out, of drafts neither trashed nor archived, and the publication log.
#: Parameters: leading space, first and day after last (plans), leading space, first and last (publications).
ENTRIES_SQL = """
    SELECT 'planned', l.draft_id, l.network, l.planned_for, substr(ltrim(d.text, ?), 1, 200)
    FROM plans l JOIN drafts d ON d.id = l.draft_id
    WHERE l.planned_for >= ? AND l.planned_for < ? AND d.deleted_at IS NULL AND d.archived_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.draft_id = l.draft_id AND p.network = l.network)
    UNION ALL
    SELECT 'published', p.draft_id, p.network, p.published_at, substr(ltrim(d.text, ?), 1, 200)
    FROM publications p JOIN drafts d ON d.id = p.draft_id
    WHERE p.published_at >= ? AND p.published_at <= ?"""


@dataclass(frozen=True)
class Entry:
    """One post in the calendar: planned (with its time of day) or published (the log keeps only the day)."""

    kind: str
    draft_id: int
    network: str
    day: date
    at: time | None
    first_line: str

    @property
    def planned(self) -> bool:
        return self.kind == PLANNED

    @property
    def moment(self) -> datetime:
        """When: the planned moment, or the start of the day it was published."""
        return datetime.combine(self.day, self.at or time())

    def order(self) -> tuple[date, int, time, int, int]:
        """Published first (done, no hour), then planned by time; networks in their usual order."""
        rank = NETWORKS.index(self.network) if self.network in NETWORKS else len(NETWORKS)
        return self.day, 1 if self.planned else 0, self.at or time(), rank, self.draft_id


@dataclass(frozen=True)
class Day:
    """One day of the grid: its posts and what the rhythm says of it."""

    day: date
    entries: tuple[Entry, ...] = ()
    in_period: bool = True  # False: a day of the neighbouring month that fills the month grid's first or last week
    crowded: tuple[str, ...] = ()  # networks that get more than the rhythm allows
    gaps: tuple[str, ...] = ()  # networks silent for longer than the rhythm spaces posts

    @property
    def gap(self) -> bool:
        return bool(self.gaps)

    @property
    def is_crowded(self) -> bool:
        return bool(self.crowded)

    def count(self, key: str | None = None) -> int:
        return sum(1 for entry in self.entries if key is None or entry.network == key)


@dataclass(frozen=True)
class Tally:
    """One ISO week against the rhythm: posts per network (planned and published), and which go past it."""

    monday: date
    counts: dict[str, int] = field(default_factory=dict)
    over: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calendar:
    """A week or a month, laid out in rows of seven days (Monday first), with each row's tally."""

    view: str
    first: date  # the period proper: the Monday of the week, or the month's first day
    last: date
    weeks: tuple[tuple[Day, ...], ...]
    tallies: tuple[Tally, ...]
    rhythm: dict[str, int] = field(default_factory=dict)

    @property
    def days(self) -> tuple[Day, ...]:
        return tuple(day for week in self.weeks for day in week)

    def day(self, on: date) -> Day | None:
        return next((day for day in self.days if day.day == on), None)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for day in self.days if day.in_period for entry in day.entries)


def monday_of(on: date) -> date:
    return on - timedelta(days=on.weekday())


def period(view: str, anchor: date) -> tuple[date, date]:
    """The first and last day of the week or month that holds ``anchor``."""
    if view == WEEK:
        first = monday_of(anchor)
        return first, first + timedelta(days=6)
    first = anchor.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def grid(view: str, anchor: date) -> tuple[date, date]:
    """The first and last day shown: whole weeks, Monday to Sunday."""
    first, last = period(view, anchor)
    return monday_of(first), monday_of(last) + timedelta(days=6)


def shift(view: str, anchor: date, steps: int) -> date:
    """The same place ``steps`` weeks or months on (back when negative); a month keeps the day where it can."""
    if view == WEEK:
        return anchor + timedelta(weeks=steps)
    months = anchor.year * 12 + anchor.month - 1 + steps
    year, month = divmod(months, 12)
    first = date(year, month + 1, 1)
    return first.replace(day=min(anchor.day, period(MONTH, first)[1].day))


def entries_between(store: Store, first: date, last: date) -> list[Entry]:
    """Every planned and published post from ``first`` to ``last`` (both included), in calendar order."""
    after = (last + timedelta(days=1)).isoformat()
    rows = store.db.all(ENTRIES_SQL, [_LEADING_SPACE, first.isoformat(), after,
                                      _LEADING_SPACE, first.isoformat(), last.isoformat()])
    entries = [_entry(*row) for row in rows]
    entries.sort(key=Entry.order)
    return entries


def _entry(kind: str, draft_id: int, key: str, when: str, head: str) -> Entry:
    day = date.fromisoformat(when[:10])
    at = time.fromisoformat(when[11:16]) if kind == PLANNED and len(when) >= 16 else None
    return Entry(kind, draft_id, key, day, at, first_line(head))


def build(entries: Iterable[Entry], view: str, anchor: date, rhythm: Mapping[str, int] | None = None) -> Calendar:
    """The week or month holding ``anchor``, laid out, with each day weighed against ``rhythm``.

    ``entries`` may reach beyond the grid (by :data:`MARGIN_DAYS`, as
    :func:`calendar` reads them): a gap is measured over them all.
    """
    rhythm = {key: limit for key, limit in (rhythm or {}).items() if limit and limit > 0}
    first, last = period(view, anchor)
    grid_first, grid_last = grid(view, anchor)
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    crowded = _crowded(by_day, rhythm, grid_first, grid_last)
    gaps = _gaps(by_day, rhythm, grid_first, grid_last)
    days = []
    for n in range((grid_last - grid_first).days + 1):
        on = grid_first + timedelta(days=n)
        days.append(Day(on, tuple(sorted(by_day.get(on, ()), key=Entry.order)), first <= on <= last,
                        crowded.get(on, ()), gaps.get(on, ())))
    weeks = tuple(tuple(days[i:i + 7]) for i in range(0, len(days), 7))
    tallies = tuple(_tally(week, rhythm) for week in weeks)
    return Calendar(view, first, last, weeks, tallies, dict(rhythm))


def calendar(store: Store, view: str, anchor: date, rhythm: Mapping[str, int] | None = None) -> Calendar:
    """:func:`build` over what the store holds around the grid (one query)."""
    grid_first, grid_last = grid(view, anchor)
    margin = timedelta(days=MARGIN_DAYS)
    return build(entries_between(store, grid_first - margin, grid_last + margin), view, anchor, rhythm)


def daily_share(limit: int) -> int:
    """The most posts one network gets on one day under a rhythm of ``limit`` a week."""
    return max(1, math.ceil(limit / 7))


def longest_pause(limit: int) -> int:
    """The most days in a row without a post that a rhythm of ``limit`` a week allows."""
    return max(1, math.ceil(7 / limit))


def _crowded(by_day: Mapping[date, list[Entry]], rhythm: Mapping[str, int], first: date,
             last: date) -> dict[date, tuple[str, ...]]:
    found: dict[date, set[str]] = defaultdict(set)
    for monday_n in range(0, (last - first).days + 1, 7):
        monday = first + timedelta(days=monday_n)
        so_far: dict[str, int] = defaultdict(int)
        for n in range(7):
            on = monday + timedelta(days=n)
            today: dict[str, int] = defaultdict(int)
            for entry in by_day.get(on, ()):
                today[entry.network] += 1
            for key, count in today.items():
                limit = rhythm.get(key)
                so_far[key] += count
                if limit is not None and (count > daily_share(limit) or so_far[key] > limit):
                    found[on].add(key)
    return {on: _ordered(keys) for on, keys in found.items()}


def _gaps(by_day: Mapping[date, list[Entry]], rhythm: Mapping[str, int], first: date,
          last: date) -> dict[date, tuple[str, ...]]:
    found: dict[date, set[str]] = defaultdict(set)
    days_with: dict[str, set[date]] = defaultdict(set)
    for on, entries in by_day.items():
        for entry in entries:
            days_with[entry.network].add(on)
    for key, limit in rhythm.items():
        pause = longest_pause(limit)
        posted = days_with.get(key, set())
        start = first - timedelta(days=MARGIN_DAYS)
        run: list[date] = []
        for n in range((last - start).days + MARGIN_DAYS + 1):
            on = start + timedelta(days=n)
            if on in posted:
                _mark(found, run, pause, key, first, last)
                run = []
            else:
                run.append(on)
        _mark(found, run, pause, key, first, last)
    return {on: _ordered(keys) for on, keys in found.items()}


def _mark(found: dict[date, set[str]], run: list[date], pause: int, key: str, first: date, last: date) -> None:
    if len(run) > pause:
        for on in run:
            if first <= on <= last:
                found[on].add(key)


def _tally(week: tuple[Day, ...], rhythm: Mapping[str, int]) -> Tally:
    counts: dict[str, int] = defaultdict(int)
    for day in week:
        for entry in day.entries:
            counts[entry.network] += 1
    ordered = {key: counts[key] for key in _ordered(counts)}
    over = tuple(key for key in ordered if key in rhythm and ordered[key] > rhythm[key])
    return Tally(week[0].day, ordered, over)


def _ordered(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(keys, key=lambda key: NETWORKS.index(key) if key in NETWORKS else len(NETWORKS)))
