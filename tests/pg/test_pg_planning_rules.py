"""What the database refuses or rewrites in planning and the return (issue 13), logged in as each role.

As tests/pg/test_pg_roles.py: each test logs in over TCP as a colleague of the session's team (writers An and
Bert, approvers Carla and Dirk, register keeper Eva: tests/pg/conftest.py) and sends the SQL a client could send
by hand. Who planned, recorded feedback or did a takedown is the login, never a name sent; a colleague's writing
time is theirs alone (``effort_own``); only register keepers create takedowns; a takedown once done stays done
(``takedowns_done_stays``). The rules that hold on both back ends (a done takedown, feedback figures below 0,
unmarking a publication whose takedown was done) are tested through the store, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from psycopg import errors

from composer.core.consent import people
from composer.core.export import publications as pub
from composer.core.storage.errors import DatabaseError

STAMP = "2025-03-01T10:00:00.000000+00:00"
AUTHOR = "An Peeters"


def new_draft(conn, text: str = "Voorleesuur op woensdag") -> int:
    return conn.execute("INSERT INTO drafts (text, networks, created_at, updated_at) VALUES (%s, %s, %s, %s)"
                        " RETURNING id", [text, json.dumps(["facebook", "x"]), STAMP, STAMP]).fetchone()[0]


def new_publication(conn, draft_id: int, network: str = "facebook") -> int:
    return conn.execute("INSERT INTO publications (draft_id, network, published_at, recorded_at, recorded_by)"
                        " VALUES (%s, %s, '2025-03-01', %s, 'forged') RETURNING id",
                        [draft_id, network, STAMP]).fetchone()[0]


def new_person(conn, name: str = "Mira Janssens") -> int:
    return conn.execute("INSERT INTO people (name, created_at) VALUES (%s, %s) RETURNING id",
                        [name, STAMP]).fetchone()[0]


def new_takedown(conn, publication_id: int, person_id: int, done_at: str | None = None,
                 done_by: str | None = None) -> int:
    """As a withdrawal writes one (register keepers): open, unless ``done_at`` says otherwise."""
    return conn.execute("INSERT INTO takedowns (publication_id, person_id, created_at, done_at, done_by)"
                        " VALUES (%s, %s, %s, %s, %s) RETURNING id",
                        [publication_id, person_id, STAMP, done_at, done_by]).fetchone()[0]


def refused_by(error: pytest.ExceptionInfo, rule: str) -> None:
    assert error.value.sqlstate == "42501", error.value
    assert error.value.diag.constraint_name == rule, error.value


def one(conn, sql: str, params: list) -> tuple:
    return conn.execute(sql, params).fetchone()


@pytest.fixture
def published(as_):
    """A draft of An's published on Facebook and a person (added by Eva, the register keeper): their ids."""
    an, eva = as_("an_writer"), as_("eva_register")
    draft_id = new_draft(an)
    return draft_id, new_publication(an, draft_id), new_person(eva)


# --- who did it is the login ---------------------------------------------------------------------------------


def test_who_planned_a_post_is_the_login_whatever_is_sent(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    an.execute("INSERT INTO plans (draft_id, network, planned_for, planned_by, planned_at)"
               " VALUES (%s, 'x', '2025-03-10T09:30', 'carla_approver', %s)", [draft_id, STAMP])
    assert one(an, "SELECT planned_by FROM plans WHERE draft_id = %s", [draft_id]) == ("an_writer",)
    carla.execute("UPDATE plans SET planned_for = '2025-03-11T09:30', planned_by = 'an_writer' WHERE draft_id = %s",
                  [draft_id])  # re-planned by a colleague: now hers
    assert one(an, "SELECT planned_for, planned_by FROM plans WHERE draft_id = %s", [draft_id]) == (
        "2025-03-11T09:30", "carla_approver")


def test_who_recorded_feedback_is_the_login_whatever_is_sent(as_, published):
    _draft, publication_id, _person = published
    an, bert = as_("an_writer"), as_("bert_writer")
    an.execute("INSERT INTO feedback (publication_id, questions, recorded_at, recorded_by)"
               " VALUES (%s, 3, %s, 'the director')", [publication_id, STAMP])
    assert one(an, "SELECT questions, recorded_by FROM feedback WHERE publication_id = %s", [publication_id]) == (
        3, "an_writer")
    bert.execute("UPDATE feedback SET likes = 12, recorded_by = 'an_writer' WHERE publication_id = %s",
                 [publication_id])
    assert one(an, "SELECT likes, recorded_by FROM feedback WHERE publication_id = %s", [publication_id]) == (
        12, "bert_writer")


# --- writing time: one's own ------------------------------------------------------------------------------


def test_writing_time_is_the_logins_own_row_whatever_author_is_sent(as_):
    an = as_("an_writer")
    draft_id = new_draft(an)
    an.execute("INSERT INTO effort (draft_id, author, writing_seconds, updated_at) VALUES (%s, 'bert_writer', 60, %s)",
               [draft_id, STAMP])
    assert an.execute("SELECT author, writing_seconds FROM effort WHERE draft_id = %s", [draft_id]).fetchall() == [
        ("an_writer", 60)]


def test_a_writer_cannot_change_or_delete_a_colleagues_writing_time_but_can_their_own(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    for conn in (an, bert):
        conn.execute("INSERT INTO effort (draft_id, writing_seconds, updated_at) VALUES (%s, 60, %s)",
                     [draft_id, STAMP])
    with pytest.raises(errors.InsufficientPrivilege) as changed:
        bert.execute("UPDATE effort SET extra_seconds = 3600 WHERE draft_id = %s AND author = 'an_writer'",
                     [draft_id])
    refused_by(changed, "effort_own")
    with pytest.raises(errors.InsufficientPrivilege) as deleted:
        bert.execute("DELETE FROM effort WHERE draft_id = %s AND author = 'an_writer'", [draft_id])
    refused_by(deleted, "effort_own")
    with pytest.raises(errors.InsufficientPrivilege) as taken:  # nor make it theirs
        bert.execute("UPDATE effort SET author = 'bert_writer' WHERE draft_id = %s AND author = 'an_writer'",
                     [draft_id])
    assert taken.value.sqlstate == "42501"

    bert.execute("UPDATE effort SET extra_seconds = 600, note = 'foto''s genomen' WHERE draft_id = %s"
                 " AND author = 'bert_writer'", [draft_id])
    assert an.execute("SELECT author, writing_seconds, extra_seconds FROM effort WHERE draft_id = %s ORDER BY author",
                      [draft_id]).fetchall() == [("an_writer", 60, 0), ("bert_writer", 60, 600)]
    bert.execute("DELETE FROM effort WHERE draft_id = %s AND author = 'bert_writer'", [draft_id])
    assert an.execute("SELECT author FROM effort WHERE draft_id = %s", [draft_id]).fetchall() == [("an_writer",)]


def test_a_draft_deleted_from_the_trash_takes_everyones_writing_time_with_it(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    for conn in (an, bert):
        conn.execute("INSERT INTO effort (draft_id, writing_seconds, updated_at) VALUES (%s, 60, %s)",
                     [draft_id, STAMP])
    an.execute("UPDATE drafts SET deleted_at = %s WHERE id = %s", [STAMP, draft_id])
    an.execute("DELETE FROM drafts WHERE id = %s", [draft_id])
    assert one(an, "SELECT count(*) FROM effort WHERE draft_id = %s", [draft_id]) == (0,)


def test_measured_writing_time_below_zero_is_refused_a_correction_may_be(as_):
    an = as_("an_writer")
    draft_id = new_draft(an)
    with pytest.raises(errors.CheckViolation):
        an.execute("INSERT INTO effort (draft_id, writing_seconds, updated_at) VALUES (%s, -1, %s)", [draft_id, STAMP])
    an.execute("INSERT INTO effort (draft_id, writing_seconds, extra_seconds, updated_at) VALUES (%s, 60, -30, %s)",
               [draft_id, STAMP])


# --- takedowns -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["an_writer", "carla_approver"])
def test_only_register_keepers_create_takedowns(as_, published, login):
    _draft, publication_id, person_id = published
    with pytest.raises(errors.InsufficientPrivilege):
        new_takedown(as_(login), publication_id, person_id)
    new_takedown(as_("eva_register"), publication_id, person_id)


@pytest.mark.parametrize("login", ["an_writer", "carla_approver", "eva_register"])
def test_anyone_marks_a_takedown_done_as_their_login_now(as_, published, login):
    _draft, publication_id, person_id = published
    takedown = new_takedown(as_("eva_register"), publication_id, person_id)
    conn = as_(login)
    assert one(conn, "SELECT done_at, done_by FROM takedowns WHERE id = %s", [takedown]) == (None, None)
    conn.execute("UPDATE takedowns SET done_at = '2000-01-01', done_by = 'someone else' WHERE id = %s", [takedown])
    done_at, done_by = one(conn, "SELECT done_at, done_by FROM takedowns WHERE id = %s", [takedown])
    assert done_by == login
    assert done_at > STAMP and done_at == one(conn, "SELECT least(%s, composer.iso_now())", [done_at])[0]


def test_a_done_takedown_is_neither_changed_nor_deleted_by_anyone(team, as_, published):
    _draft, publication_id, person_id = published
    eva = as_("eva_register")
    takedown = new_takedown(eva, publication_id, person_id)
    as_("an_writer").execute("UPDATE takedowns SET done_at = 'now' WHERE id = %s", [takedown])
    done = one(eva, "SELECT done_at, done_by FROM takedowns WHERE id = %s", [takedown])
    for conn in (as_("bert_writer"), eva, team.admin()):
        with pytest.raises(errors.InsufficientPrivilege) as changed:
            conn.execute("UPDATE takedowns SET done_at = NULL, done_by = NULL WHERE id = %s", [takedown])
        refused_by(changed, "takedowns_done_stays")
    for login in ("bert_writer", "eva_register"):  # no role deletes a takedown by itself (no grant) …
        with pytest.raises(errors.InsufficientPrivilege):
            as_(login).execute("DELETE FROM takedowns WHERE id = %s", [takedown])
    with pytest.raises(errors.InsufficientPrivilege) as deleted:  # … and not even the owner a done one
        team.admin().execute("DELETE FROM takedowns WHERE id = %s", [takedown])
    refused_by(deleted, "takedowns_done_stays")
    with pytest.raises(errors.InsufficientPrivilege) as unmarked:  # nor with the publication it proves
        eva.execute("DELETE FROM publications WHERE id = %s", [publication_id])
    refused_by(unmarked, "takedowns_done_stays")
    assert one(eva, "SELECT done_at, done_by FROM takedowns WHERE id = %s", [takedown]) == done


def test_an_open_takedown_goes_with_a_mistaken_mark(as_, published):
    _draft, publication_id, person_id = published
    an = as_("an_writer")
    new_takedown(as_("eva_register"), publication_id, person_id)
    an.execute("DELETE FROM publications WHERE id = %s", [publication_id])
    assert one(an, "SELECT count(*) FROM takedowns WHERE publication_id = %s", [publication_id]) == (0,)


def test_a_register_keeper_inserts_a_done_takedown_with_its_recorded_moment_and_name(as_, published):
    """How ``team move-local`` keeps a local library's proof; who did it is then required."""
    _draft, publication_id, person_id = published
    eva = as_("eva_register")
    takedown = new_takedown(eva, publication_id, person_id, "2025-02-03T09:15:00.000000+00:00", "Els Oud")
    assert one(eva, "SELECT done_at, done_by FROM takedowns WHERE id = %s", [takedown]) == (
        "2025-02-03T09:15:00.000000+00:00", "Els Oud")
    with pytest.raises(errors.InsufficientPrivilege) as changed:
        eva.execute("UPDATE takedowns SET done_by = 'eva_register' WHERE id = %s", [takedown])
    refused_by(changed, "takedowns_done_stays")
    other = new_person(eva, "Jef Peeters")
    with pytest.raises(errors.CheckViolation):
        new_takedown(eva, publication_id, other, "2025-02-03T09:15:00.000000+00:00", "")


def test_an_open_takedown_inserted_with_a_name_stays_open(as_, published):
    _draft, publication_id, person_id = published
    eva = as_("eva_register")
    takedown = new_takedown(eva, publication_id, person_id, None, "Els Oud")
    assert one(eva, "SELECT done_at, done_by FROM takedowns WHERE id = %s", [takedown]) == (None, None)


# --- the status flow -----------------------------------------------------------------------------------------


def test_a_writer_asks_for_review_and_archives(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    bert.execute("UPDATE drafts SET review_requested_at = %s WHERE id = %s", [STAMP, draft_id])
    an.execute("UPDATE drafts SET archived_at = %s WHERE id = %s", ["2025-04-01T10:00:00.000000+00:00", draft_id])
    assert one(an, "SELECT review_requested_at, archived_at, revision FROM drafts WHERE id = %s", [draft_id]) == (
        STAMP, "2025-04-01T10:00:00.000000+00:00", 1)  # no edit of what was written


# --- on both back ends, through the store ---------------------------------------------------------------------


def store_published(store) -> tuple[int, int]:
    """A published draft and a person in it; (publication id, person id)."""
    draft = store.create(AUTHOR, text="Voorleesuur", networks=("facebook",))
    record = pub.mark_published(store, draft.id, "facebook", date(2025, 3, 1), author=AUTHOR)
    return record.id, people.add_person(store, "Mira Janssens", AUTHOR).id


def store_takedown(store, publication_id: int, person_id: int) -> int:
    return store.db.insert("INSERT INTO takedowns (publication_id, person_id, created_at) VALUES (?, ?, ?)",
                           [publication_id, person_id, STAMP])


def mark_done(store, takedown: int) -> None:
    store.db.execute("UPDATE takedowns SET done_at = ?, done_by = ? WHERE id = ?", [STAMP, AUTHOR, takedown])


def test_a_done_takedown_is_neither_changed_nor_deleted_on_either_back_end(store):
    publication_id, person_id = store_published(store)
    takedown = store_takedown(store, publication_id, person_id)
    mark_done(store, takedown)
    done = store.db.one("SELECT done_at, done_by FROM takedowns WHERE id = ?", [takedown])
    assert done is not None and done[0] is not None and done[1]
    for sql in ("UPDATE takedowns SET done_at = NULL WHERE id = ?", "UPDATE takedowns SET done_by = 'x' WHERE id = ?"):
        with pytest.raises(DatabaseError, match="a takedown once done stays done"):
            store.db.execute(sql, [takedown])
    with pytest.raises(DatabaseError):  # the SQLite trigger; on the team database no role may delete takedowns
        store.db.execute("DELETE FROM takedowns WHERE id = ?", [takedown])
    assert store.db.one("SELECT done_at, done_by FROM takedowns WHERE id = ?", [takedown]) == done


@pytest.mark.parametrize("column", ["comments", "questions", "suggestions", "shares", "likes", "reach"])
def test_feedback_figures_below_zero_are_refused_on_either_back_end(store, column):
    publication_id, _person = store_published(store)
    with pytest.raises(DatabaseError):
        store.db.execute(f"INSERT INTO feedback (publication_id, {column}, recorded_at) VALUES (?, -1, ?)",
                         [publication_id, STAMP])
    store.db.execute(f"INSERT INTO feedback (publication_id, {column}, recorded_at) VALUES (?, 0, ?)",
                     [publication_id, STAMP])
    with pytest.raises(DatabaseError):
        store.db.execute(f"UPDATE feedback SET {column} = -5 WHERE publication_id = ?", [publication_id])
    assert store.db.value(f"SELECT {column} FROM feedback WHERE publication_id = ?", [publication_id]) == 0


def test_a_publication_whose_takedown_was_done_cannot_be_unmarked(store):
    publication_id, person_id = store_published(store)
    mark_done(store, store_takedown(store, publication_id, person_id))
    with pytest.raises(pub.PublicationError, match="A takedown of this publication was done: it stays in the log"):
        pub.unmark_published(store, publication_id)
    assert pub.get_publication(store, publication_id).network == "facebook"
    assert store.db.value("SELECT count(*) FROM takedowns WHERE publication_id = ?", [publication_id]) == 1


def test_a_mistaken_mark_takes_its_open_takedown_with_it(store):
    publication_id, person_id = store_published(store)
    store_takedown(store, publication_id, person_id)
    pub.unmark_published(store, publication_id)
    assert store.db.value("SELECT count(*) FROM takedowns WHERE publication_id = ?", [publication_id]) == 0
    with pytest.raises(pub.PublicationError, match="not in the log"):
        pub.get_publication(store, publication_id)


def test_a_takedown_done_by_a_colleague_meanwhile_is_refused_as_clearly(store, monkeypatch):
    """The check before the delete found it open; the triggers refuse the cascade; the message is the same."""
    publication_id, person_id = store_published(store)
    takedown = store_takedown(store, publication_id, person_id)
    check = pub.refuse_if_taken_down
    calls = []

    def meanwhile(store_, publication):
        calls.append(publication)
        check(store_, publication)
        if len(calls) == 1:
            mark_done(store_, takedown)  # a colleague, between the check and the delete

    monkeypatch.setattr(pub, "refuse_if_taken_down", meanwhile)
    with pytest.raises(pub.PublicationError, match="A takedown of this publication was done"):
        pub.unmark_published(store, publication_id)
    assert len(calls) == 2 and pub.get_publication(store, publication_id).id == publication_id
