"""The register's clock: the one place that reads the time, and how moments become dates.

Calendar dates (valid from/until, refresh due, birth, scope dates) are
``date``; moments (given at, effective at, recorded at) are ``datetime``,
stored as UTC ISO strings that sort as text. Every module of the register
asks :func:`now` through this module (``clock.now()``), so a test sets the
time with ``monkeypatch.setattr(clock, "now", ...)`` instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today where the library is (the machine's time zone)."""
    return local_date(now())


def iso_moment(moment: datetime) -> str:
    """The stored form of a moment: UTC ISO with microseconds, like ``Store.now()``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def local_date(moment: datetime) -> date:
    """The calendar date of ``moment`` where the library is (the machine's time zone)."""
    return moment.astimezone().date()


def end_of_day(on: date) -> datetime:
    """The last moment of local day ``on``: a check "on a date" sees everything that happened that day."""
    return datetime.combine(on, time.max).astimezone().astimezone(UTC)


FAR_FUTURE = datetime.max.replace(tzinfo=UTC)  # "every event entered so far", whatever its date
