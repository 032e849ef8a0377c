"""Writing time: counted while typing (idle minutes left out), stored per draft and colleague, corrected by hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from composer.core.planning import effort as e
from composer.core.storage.errors import DatabaseError

AUTHOR = "An Peeters"


# --- the meter: pure, given monotonic seconds ----------------------------------------------------------


def test_the_meter_counts_the_gaps_between_edits_but_not_a_pause_over_a_minute():
    meter = e.EffortMeter(draft_id=1)
    for at in (100.0, 110.0, 130.0):  # typing: 30 s
        meter.edit(at)
    meter.edit(131.0 + 60.0)  # 61 s without an edit: not writing
    meter.edit(200.0)  # 9 s
    meter.edit(260.0)  # exactly a minute still counts
    assert meter.counted == pytest.approx(30 + 9 + 60)


def test_the_first_edit_counts_nothing_and_a_clock_going_back_is_ignored():
    meter = e.EffortMeter(draft_id=1)
    meter.edit(50.0)
    assert meter.counted == 0
    meter.edit(40.0)
    assert meter.counted == 0


def test_take_hands_over_whole_seconds_and_keeps_the_fraction():
    meter = e.EffortMeter(draft_id=7)
    for at in (0.0, 1.25, 2.5, 3.75):
        meter.edit(at)
    assert meter.take() == (7, 3)
    assert meter.counted == pytest.approx(0.75)
    meter.edit(4.0)
    assert meter.take() == (7, 1)


def test_switching_drafts_hands_over_what_was_counted_and_starts_afresh():
    meter = e.EffortMeter(draft_id=1)
    meter.edit(0.0)
    meter.edit(20.6)
    assert meter.switch(2) == (1, 21)
    meter.edit(30.0)  # the first edit in draft 2: the time since draft 1's last edit is not draft 2's
    assert meter.counted == 0 and meter.draft_id == 2
    assert e.EffortMeter().switch(5) == (None, 0)


# --- stored per draft and per colleague --------------------------------------------------------------


def test_writing_time_adds_up_per_draft_and_author(store):
    draft = store.create(AUTHOR, text="Voorleesuurtje")
    e.add_writing_time(store, draft.id, AUTHOR, 30)
    e.add_writing_time(store, draft.id, AUTHOR, 45)
    e.add_writing_time(store, draft.id, AUTHOR, 0)  # nothing to add: nothing written
    (mine,) = e.effort_of(store, draft.id).authors
    assert mine == e.AuthorEffort(store.author(AUTHOR), 75)
    assert e.effort_of(store, draft.id).seconds == 75


@pytest.mark.sqlite_only("two names on one computer; on the team library the author is the login (see below)")
def test_two_colleagues_on_one_draft_each_have_their_own_time(store):
    draft = store.create(AUTHOR, text="Voorleesuurtje")
    e.add_writing_time(store, draft.id, AUTHOR, 540)
    e.add_writing_time(store, draft.id, "Els", 180)
    effort = e.effort_of(store, draft.id)
    assert [(a.author, a.seconds) for a in effort.authors] == [(AUTHOR, 540), ("Els", 180)]
    assert e.effort_text(effort, AUTHOR) == "Writing time: 12 min (you 9, Els 3)"


def test_time_for_a_draft_gone_meanwhile_is_dropped_quietly(store):
    e.add_writing_time(store, 999, AUTHOR, 30)
    assert store.db.value("SELECT count(*) FROM effort") == 0


# --- corrected by hand -------------------------------------------------------------------------------


def test_a_correction_adds_minutes_with_a_note_and_may_take_some_off(store):
    draft = store.create(AUTHOR, text="Voorleesuurtje")
    e.add_writing_time(store, draft.id, AUTHOR, 600)
    effort = e.correct(store, draft.id, AUTHOR, " +20 ", "time spent taking photos")
    assert effort.of(store.author(AUTHOR)) == e.AuthorEffort(store.author(AUTHOR), 600, 1200,
                                                            "time spent taking photos")
    effort = e.correct(store, draft.id, AUTHOR, "-25")
    assert effort.seconds == 300
    assert effort.of(store.author(AUTHOR)).note == "time spent taking photos"  # no new note: the old one stays
    assert effort.of(store.author(AUTHOR)).writing_seconds == 600  # the measured time is never rewritten


def test_the_total_never_goes_below_zero(store):
    draft = store.create(AUTHOR, text="Voorleesuurtje")
    e.add_writing_time(store, draft.id, AUTHOR, 600)
    with pytest.raises(e.EffortError, match="cannot go below zero: at most 10 min"):
        e.correct(store, draft.id, AUTHOR, "-11")
    assert e.effort_of(store, draft.id).seconds == 600
    assert e.correct(store, draft.id, AUTHOR, "-10").seconds == 0


@pytest.mark.parametrize("typed", ["abc", "2.5", "", "1e3", "--5", "99999999"])
def test_a_bad_number_of_minutes_is_refused_with_a_clear_message(typed):
    with pytest.raises(e.EffortError, match="minutes"):
        e.parse_minutes(typed)


@pytest.mark.parametrize("typed, minutes", [("15", 15), ("+15", 15), (" -10 ", -10), ("\u221210", -10), ("0", 0)])
def test_minutes_as_typed(typed, minutes):
    assert e.parse_minutes(typed) == minutes


def test_a_correction_of_a_missing_draft_or_with_a_too_long_note_writes_nothing(store):
    with pytest.raises(e.EffortError, match="does not exist"):
        e.correct(store, 999, AUTHOR, "5")
    draft = store.create(AUTHOR, text="x")
    with pytest.raises(e.EffortError, match="too long"):
        e.correct(store, draft.id, AUTHOR, "5", "x" * (e.MAX_NOTE + 1))
    assert store.db.value("SELECT count(*) FROM effort") == 0


def test_the_status_bar_line():
    effort = e.DraftEffort(1, (e.AuthorEffort("An", 400, 20),))
    assert e.effort_text(e.DraftEffort(1), "An") == "Writing time: none yet"
    assert e.effort_text(e.DraftEffort(1), "An", pending=10) == "Writing time: < 1 min"
    assert e.effort_text(effort, "An") == "Writing time: 7 min"
    assert e.effort_text(effort, "An", pending=3600) == "Writing time: 1 h 7 min"
    assert e.effort_text(effort, "Els") == "Writing time: 7 min (An 7)"


# --- the team library: one's own time only -------------------------------------------------------------

WRITERS = {"effort_an": ("an-effort-secret", ("writer",)), "effort_bert": ("bert-effort-secret", ("writer",))}


@pytest.fixture(scope="module")
def writers(pg_server) -> Iterator[Any]:
    """A team database with two writers."""
    from tests.helpers.team_db import TeamDb, drop_logins, make_team

    team = TeamDb(pg_server, make_team(pg_server, "effort", WRITERS), WRITERS)
    yield team
    pg_server.drop_database(team.dbname)
    drop_logins(pg_server, WRITERS)


def test_on_the_team_library_the_time_is_the_logins_and_nobody_changes_anothers(writers, tmp_path):
    an, bert = writers.store("effort_an", tmp_path / "an"), writers.store("effort_bert", tmp_path / "bert")
    try:
        draft = an.create("whoever", text="Voorleesuurtje")
        e.add_writing_time(an, draft.id, "effort_bert", 120)  # the name sent does not matter: the login does
        e.add_writing_time(bert, draft.id, "effort_an", 60)
        e.add_writing_time(bert, draft.id, "effort_an", 60)
        e.correct(bert, draft.id, "effort_an", "5", "photos")
        assert [(a.author, a.writing_seconds, a.extra_seconds) for a in e.effort_of(an, draft.id).authors] == [
            ("effort_bert", 120, 300), ("effort_an", 120, 0)]
        for sql in ("UPDATE effort SET writing_seconds = 0 WHERE author = 'effort_an'",
                    "UPDATE effort SET author = 'effort_bert' WHERE author = 'effort_an'",
                    "DELETE FROM effort WHERE author = 'effort_an'"):
            with pytest.raises(DatabaseError):
                bert.db.execute(sql)
        assert e.effort_of(an, draft.id).of("effort_an").writing_seconds == 120
    finally:
        an.close()
        bert.close()


# --- written by the saver's thread, never by the typing ---------------------------------------------------


def test_the_saver_adds_the_counted_time_and_a_flush_waits_for_it(store, saver_path):
    from composer.core.storage.saver import Saver

    draft = store.create(AUTHOR, text="Voorleesuurtje")
    saver = Saver(saver_path, retry_s=0.1)
    try:
        saver.add_effort(draft.id, AUTHOR, 20)
        saver.add_effort(draft.id, AUTHOR, 25)  # added up while waiting
        saver.add_effort(draft.id, AUTHOR, 0)
        saver.add_effort(999, AUTHOR, 10)  # a draft gone meanwhile: dropped, not retried for ever
        assert saver.flush(10)
        assert e.effort_of(store, draft.id).seconds == 45
        saver.add_effort(draft.id, AUTHOR, 15)
    finally:
        assert saver.close()  # what waits is written before the saver stops
    assert e.effort_of(store, draft.id).seconds == 60
