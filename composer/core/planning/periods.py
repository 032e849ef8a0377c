"""The period a report or a statistics file covers: this month, quarter or year, or any days from–to.

A period is a range of local calendar days, both ends included, like the
publication log's ``published_at`` (an ISO date), so the database compares
it as text. :meth:`Period.before` is the period it is weighed against ("is the
effort paying off?"): the month, quarter or year before, or as many days just
before a period chosen by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from composer.core.i18n import _

FIRST_YEAR = 2000  # as the publication log: no library posted on a social network before
KINDS = ("month", "quarter", "year", "custom")


class PeriodError(ValueError):
    """A period that makes no sense, with a translated message to show as is."""


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included; ``kind`` says how it was chosen (one of :data:`KINDS`)."""

    start: date
    end: date
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> Period:
        """The period this one is compared with: the same kind of period just before it."""
        if self.kind == "month":
            return month_of(self.start - timedelta(days=1))
        if self.kind == "quarter":
            return quarter_of(self.start - timedelta(days=1))
        if self.kind == "year":
            return year_of(self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def months(self) -> list[str]:
        """Every month the period touches, as ``YYYY-MM``, in order."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    following = date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    return Period(start, following - timedelta(days=1), "month")


def quarter_of(day: date) -> Period:
    first = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first, 1)
    following = date(day.year + 1, 1, 1) if first == 10 else date(day.year, first + 3, 1)
    return Period(start, following - timedelta(days=1), "quarter")


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")


def custom(start: date, end: date) -> Period:
    """Days ``start`` to ``end`` chosen by hand; refuses an end before the start and dates no post can have."""
    if end < start:
        raise PeriodError(_("The period ends ({end}) before it starts ({start}).").format(
            start=start.isoformat(), end=end.isoformat()))
    if start.year < FIRST_YEAR:
        raise PeriodError(_("This date makes no sense: {date}.").format(date=start.isoformat()))
    return Period(start, end, "custom")


def chosen(kind: str, today: date, start: date | None = None, end: date | None = None) -> Period:
    """The period a person picked: the month, quarter or year holding ``today``, or ``start``–``end``."""
    if kind == "month":
        return month_of(today)
    if kind == "quarter":
        return quarter_of(today)
    if kind == "year":
        return year_of(today)
    if start is None or end is None:
        raise PeriodError(_("Choose the first and the last day of the period."))
    return custom(start, end)
