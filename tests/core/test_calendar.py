"""The calendar model (issue 13, point 2): a week or a month of planned and published posts, weighed against the
library's rhythm."""

from __future__ import annotations

from datetime import date, datetime, time

from composer.core.export.publications import mark_published
from composer.core.planning import calendar as cal
from composer.core.planning import flow
from composer.core.planning.plans import set_plan

AUTHOR = "An Peeters"
NOW = datetime(2026, 3, 1, 12, 0)


def planned(day: date, key: str = "facebook", at: time = time(9, 0), draft_id: int = 1) -> cal.Entry:
    return cal.Entry(cal.PLANNED, draft_id, key, day, at, "Voorleesuurtje")


def published(day: date, key: str = "facebook", draft_id: int = 1) -> cal.Entry:
    return cal.Entry(cal.PUBLISHED, draft_id, key, day, None, "Voorleesuurtje")


# --- laying out ------------------------------------------------------------------------------------------------


def test_a_week_runs_monday_to_sunday():
    week = cal.build([], cal.WEEK, date(2026, 3, 12))
    assert (week.first, week.last) == (date(2026, 3, 9), date(2026, 3, 15))
    assert [day.day.weekday() for day in week.days] == list(range(7)) and len(week.weeks) == 1


def test_a_month_is_its_weeks_monday_first_with_the_neighbours_days_outside_it():
    march = cal.build([], cal.MONTH, date(2026, 3, 17))
    assert (march.first, march.last) == (date(2026, 3, 1), date(2026, 3, 31))
    assert len(march.weeks) == 6  # 1 March 2026 is a Sunday, the 31st a Tuesday
    assert march.weeks[0][0].day == date(2026, 2, 23) and march.weeks[-1][-1].day == date(2026, 4, 5)
    assert [day.day for day in march.days if day.in_period] == [date(2026, 3, n) for n in range(1, 32)]
    february = cal.build([], cal.MONTH, date(2027, 2, 10))  # 1 February 2027 is a Monday: four whole weeks
    assert len(february.weeks) == 4 and all(day.in_period for day in february.days)


def test_moving_by_periods_keeps_the_place_where_it_can():
    assert cal.shift(cal.WEEK, date(2026, 3, 12), 1) == date(2026, 3, 19)
    assert cal.shift(cal.MONTH, date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert cal.shift(cal.MONTH, date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert cal.shift(cal.MONTH, date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_a_day_lists_published_posts_first_then_planned_by_time():
    day = date(2026, 3, 12)
    entries = [planned(day, "instagram", time(18, 0)), planned(day, "facebook", time(8, 30), 2),
               published(day, "x", 3)]
    shown = cal.build(entries, cal.WEEK, day).day(day)
    assert [(e.kind, e.network) for e in shown.entries] == [("published", "x"), ("planned", "facebook"),
                                                            ("planned", "instagram")]


# --- the rhythm ------------------------------------------------------------------------------------------------


def test_no_rhythm_no_flags():
    days = cal.build([planned(date(2026, 3, 12), draft_id=n) for n in range(5)], cal.WEEK, date(2026, 3, 12)).days
    assert not any(day.is_crowded or day.gap for day in days)


def test_a_day_is_crowded_past_the_daily_share_or_the_weekly_rhythm():
    monday = date(2026, 3, 9)
    entries = [planned(monday, draft_id=1), planned(monday, draft_id=2),  # two on one day: rhythm 3 a week
               planned(date(2026, 3, 11), "instagram", draft_id=3),
               published(date(2026, 3, 12), draft_id=4), planned(date(2026, 3, 14), draft_id=5)]
    week = cal.build(entries, cal.WEEK, monday, {"facebook": 3, "instagram": 3})
    assert week.day(monday).crowded == ("facebook",)
    assert week.day(date(2026, 3, 12)).crowded == ()  # the third: at the rhythm
    assert week.day(date(2026, 3, 14)).crowded == ("facebook",)  # the fourth goes past it
    assert week.tallies[0].counts == {"facebook": 4, "instagram": 1} and week.tallies[0].over == ("facebook",)
    busy = cal.build([planned(monday, draft_id=n) for n in range(2)], cal.WEEK, monday, {"facebook": 14})
    assert busy.day(monday).crowded == ()  # two a day is the share of fourteen a week


def test_a_silence_longer_than_the_rhythm_spaces_posts_is_a_gap():
    # three a week: at most ceil(7/3) = 3 empty days in a row; Monday, Friday, Monday leave three, then two
    entries = [planned(date(2026, 3, 9)), planned(date(2026, 3, 13)), planned(date(2026, 3, 16))]
    week = cal.build(entries, cal.WEEK, date(2026, 3, 9), {"facebook": 3, "x": 7})
    assert not any("facebook" in day.gaps for day in week.days)
    assert all(day.gaps == ("x",) for day in week.days)  # nothing at all on X, with a rhythm for it
    # nothing after that Monday, also in the days read beyond the grid: the rest of that week is a gap
    later = cal.build(entries, cal.WEEK, date(2026, 3, 16), {"facebook": 3})
    assert [day.day.day for day in later.days if day.gap] == [17, 18, 19, 20, 21, 22]
    spaced = cal.build([planned(date(2026, 3, 9)), planned(date(2026, 3, 14)), planned(date(2026, 3, 15))],
                       cal.WEEK, date(2026, 3, 9), {"facebook": 3})
    assert [day.day.day for day in spaced.days if day.gap] == [10, 11, 12, 13]  # four empty days


def test_a_gap_is_measured_over_the_days_read_beyond_the_grid():
    # once a week: seven empty days in a row are allowed, eight are not
    entries = [published(date(2026, 3, 1)), planned(date(2026, 3, 9))]
    week = cal.build(entries, cal.WEEK, date(2026, 3, 2), {"facebook": 1})
    assert [day.day.day for day in week.days if day.gap] == []
    entries = [published(date(2026, 2, 28)), planned(date(2026, 3, 9))]
    week = cal.build(entries, cal.WEEK, date(2026, 3, 2), {"facebook": 1})
    assert [day.day.day for day in week.days if day.gap] == [2, 3, 4, 5, 6, 7, 8]


# --- what the store holds ------------------------------------------------------------------------------------------


def test_the_calendar_reads_plans_and_publications_of_the_period(store):
    first = store.create(AUTHOR, text="\n  Voorleesuurtje woensdag\nmet koffie", networks=("facebook", "instagram"))
    second = store.create(AUTHOR, text="Tentoonstelling", networks=("facebook",))
    archived = store.create(AUTHOR, text="Oud nieuws", networks=("facebook",))
    trashed = store.create(AUTHOR, text="Weg", networks=("facebook",))
    set_plan(store, first.id, "instagram", datetime(2026, 3, 12, 18, 30), AUTHOR, now=NOW)
    set_plan(store, first.id, "facebook", datetime(2026, 3, 11, 9, 0), AUTHOR, now=NOW)
    mark_published(store, first.id, "facebook", date(2026, 3, 11), author=AUTHOR, today=date(2026, 3, 31))
    set_plan(store, second.id, "facebook", datetime(2026, 4, 1, 0, 0), AUTHOR, now=NOW)  # the day after the month
    for made in (archived, trashed):
        set_plan(store, made.id, "facebook", datetime(2026, 3, 20, 9, 0), AUTHOR, now=NOW)
    flow.archive(store, archived.id)
    store.trash(trashed.id)
    entries = cal.entries_between(store, date(2026, 3, 1), date(2026, 3, 31))
    assert [(e.kind, e.draft_id, e.network, e.day, e.at, e.first_line) for e in entries] == [
        ("published", first.id, "facebook", date(2026, 3, 11), None, "Voorleesuurtje woensdag"),
        ("planned", first.id, "instagram", date(2026, 3, 12), time(18, 30), "Voorleesuurtje woensdag"),
    ]  # the Facebook plan was carried out; the archived and trashed drafts' plans are left out
    month = cal.calendar(store, cal.MONTH, date(2026, 3, 5), {"facebook": 3})
    assert [e.draft_id for e in month.entries] == [first.id, first.id]
    assert month.day(date(2026, 4, 1)).entries[0].draft_id == second.id and not month.day(date(2026, 4, 1)).in_period
