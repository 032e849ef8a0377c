"""A planned moment per network (issue 13, point 2), and the cadence check counting planned posts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from composer.core.checklist import CheckContext, Status, run_checks
from composer.core.export.publications import mark_published, publication_stats
from composer.core.house_style import HouseStyle
from composer.core.planning import flow
from composer.core.planning import plans as pl

AUTHOR = "An Peeters"
NOW = datetime(2026, 3, 11, 12, 0)  # a Wednesday
WEDNESDAY = NOW.date()


def draft(store, networks=("facebook", "instagram"), text="Voorleesuurtje in de bib"):
    return store.create(AUTHOR, text=text, networks=tuple(networks))


def test_a_plan_per_network_is_kept_to_the_minute_and_read_back(store):
    made = draft(store)
    plan = pl.set_plan(store, made.id, "instagram", datetime(2026, 3, 14, 9, 30, 45), AUTHOR, now=NOW)
    pl.set_plan(store, made.id, "facebook", datetime(2026, 3, 13, 18, 0), AUTHOR, now=NOW)
    assert plan.when == datetime(2026, 3, 14, 9, 30) and plan.planned_by == store.author(AUTHOR)
    assert pl.plans_of(store, made.id) == {"facebook": datetime(2026, 3, 13, 18, 0),
                                           "instagram": datetime(2026, 3, 14, 9, 30)}
    assert list(pl.plans_of(store, made.id)) == ["facebook", "instagram"]  # the networks' usual order
    assert store.db.value("SELECT planned_for FROM plans WHERE network = 'instagram'") == "2026-03-14T09:30"


def test_planning_again_moves_the_plan_and_clearing_takes_it_away(store):
    made = draft(store)
    pl.set_plan(store, made.id, "facebook", datetime(2026, 3, 13, 18, 0), AUTHOR, now=NOW)
    pl.set_plan(store, made.id, "facebook", datetime(2026, 3, 20, 8, 15), AUTHOR, now=NOW)
    assert pl.plans_of(store, made.id) == {"facebook": datetime(2026, 3, 20, 8, 15)}
    assert pl.clear_plan(store, made.id, "facebook")
    assert not pl.clear_plan(store, made.id, "facebook")
    assert pl.plans_of(store, made.id) == {}
    assert flow.stage_of(store, made.id) == "draft"


def test_moving_to_another_day_keeps_the_time_of_day(store):
    made = draft(store)
    pl.set_plan(store, made.id, "facebook", datetime(2026, 3, 13, 18, 5), AUTHOR, now=NOW)
    moved = pl.move_to_day(store, made.id, "facebook", date(2026, 3, 17), AUTHOR, now=NOW)
    assert moved.when == datetime(2026, 3, 17, 18, 5) == pl.plans_of(store, made.id)["facebook"]
    with pytest.raises(pl.PlanError, match="not planned on Instagram"):
        pl.move_to_day(store, made.id, "instagram", date(2026, 3, 17), AUTHOR, now=NOW)


def test_an_aware_moment_is_kept_in_local_time(store):
    made = draft(store)
    aware = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    plan = pl.set_plan(store, made.id, "facebook", aware, AUTHOR, now=NOW)
    assert plan.when == aware.astimezone().replace(tzinfo=None) == pl.plans_of(store, made.id)["facebook"]


def test_a_moment_in_the_past_is_allowed_and_known_as_such(store):
    made = draft(store)
    past = datetime(2026, 3, 2, 10, 0)
    assert pl.set_plan(store, made.id, "facebook", past, AUTHOR, now=NOW).when == past
    assert pl.is_past(past, NOW) and not pl.is_past(NOW + timedelta(minutes=1), NOW)


@pytest.mark.parametrize("network, when, message", [
    ("x", datetime(2026, 3, 14, 9, 0), "X is not one of this draft's networks"),
    ("myspace", datetime(2026, 3, 14, 9, 0), "Unknown network"),
    ("facebook", datetime(1999, 12, 31, 9, 0), "cannot be planned in 1999"),
    ("facebook", datetime(2032, 1, 1, 9, 0), "cannot be planned in 2032: choose a year from 2000 to 2031"),
    ("facebook", "2026-03-14 09:00", "not a date and time"),
    ("facebook", date(2026, 3, 14), "not a date and time"),
])
def test_a_plan_that_makes_no_sense_is_refused_and_nothing_written(store, network, when, message):
    made = draft(store)
    with pytest.raises(pl.PlanError, match=message):
        pl.set_plan(store, made.id, network, when, AUTHOR, now=NOW)
    assert pl.plans_of(store, made.id) == {}


def test_unknown_trashed_and_archived_drafts_and_no_author_are_refused(store):
    when = datetime(2026, 3, 14, 9, 0)
    with pytest.raises(pl.PlanError, match="Draft #404 does not exist"):
        pl.set_plan(store, 404, "facebook", when, AUTHOR, now=NOW)
    made = draft(store)
    with pytest.raises(pl.PlanError, match="who plans"):
        pl.set_plan(store, made.id, "facebook", when, "  ", now=NOW)
    flow.archive(store, made.id)
    with pytest.raises(pl.PlanError, match="archived"):
        pl.set_plan(store, made.id, "facebook", when, AUTHOR, now=NOW)
    flow.unarchive(store, made.id)
    store.trash(made.id)
    with pytest.raises(pl.PlanError, match="in the trash"):
        pl.set_plan(store, made.id, "facebook", when, AUTHOR, now=NOW)


# --- the cadence check counts planned posts (issue 13, point 2) -----------------------------------------------


def _cadence(store, made, style):
    stats = publication_stats(store, on=WEDNESDAY, draft_id=made.id)
    return [ch for ch in run_checks(store.get(made.id), CheckContext(style, publications=stats))
            if ch.id == "cadence"]


def test_stats_count_other_drafts_planned_this_week_not_yet_published(store):
    published, planned, done, archived, mine = (draft(store) for _ in range(5))
    mark_published(store, published.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    pl.set_plan(store, planned.id, "facebook", datetime(2026, 3, 15, 20, 0), AUTHOR, now=NOW)  # Sunday
    pl.set_plan(store, planned.id, "instagram", datetime(2026, 3, 16, 9, 0), AUTHOR, now=NOW)  # next Monday
    pl.set_plan(store, done.id, "facebook", datetime(2026, 3, 10, 9, 0), AUTHOR, now=NOW)
    mark_published(store, done.id, "facebook", date(2026, 3, 10), author=AUTHOR, today=WEDNESDAY)  # carried out
    pl.set_plan(store, archived.id, "facebook", datetime(2026, 3, 12, 9, 0), AUTHOR, now=NOW)
    flow.archive(store, archived.id)
    pl.set_plan(store, mine.id, "facebook", datetime(2026, 3, 12, 9, 0), AUTHOR, now=NOW)
    stats = publication_stats(store, on=WEDNESDAY, draft_id=mine.id)
    assert stats.this_week == {"facebook": 2} and stats.planned == {"facebook": 1}
    assert stats.total("facebook") == 3 and stats.weeks == {}
    assert publication_stats(store, on=WEDNESDAY).planned == {"facebook": 2}  # no draft given: all plans


def test_the_cadence_check_says_planned_and_published(store):
    style = HouseStyle(cadence={"facebook": 2, "instagram": 5})
    other, third, mine = draft(store), draft(store), draft(store)
    mark_published(store, other.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    pl.set_plan(store, third.id, "facebook", datetime(2026, 3, 13, 9, 0), AUTHOR, now=NOW)
    pl.set_plan(store, third.id, "instagram", datetime(2026, 3, 13, 9, 0), AUTHOR, now=NOW)
    found = _cadence(store, mine, style)
    (warn,) = [ch for ch in found if ch.status is Status.WARN]
    assert warn.message == ("Facebook: this would be post 3 this week (1 published, 1 planned); "
                            "the library's rhythm is at most 2 a week.")
    (fine,) = [ch for ch in found if ch.status is Status.PASS]
    assert fine.message == "Instagram: post 2 this week, after 0 published and 1 planned (at most 5)."


def test_a_draft_planned_for_another_week_is_weighed_in_that_week(store):
    style = HouseStyle(cadence={"facebook": 1})
    this_week, next_week, mine = draft(store), draft(store), draft(store)
    mark_published(store, this_week.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    pl.set_plan(store, mine.id, "facebook", datetime(2026, 3, 18, 9, 0), AUTHOR, now=NOW)
    (check,) = [ch for ch in _cadence(store, mine, style) if ch.network is None or ch.network == "facebook"]
    assert check.status is Status.PASS and "post 1 in the week of 2026-03-16" in check.message
    pl.set_plan(store, next_week.id, "facebook", datetime(2026, 3, 20, 9, 0), AUTHOR, now=NOW)
    (check,) = _cadence(store, mine, style)
    assert check.status is Status.WARN
    assert "post 2 in the week of 2026-03-16 (0 published, 1 planned)" in check.message
