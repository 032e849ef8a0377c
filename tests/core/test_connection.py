"""The connection every module of the core reaches the database through (core/storage/connection.py).

What any back end must do, shown on the SQLite file: transactions that nest,
work that waits for a commit, new ids, one parameter for a list of values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.core.storage.connection import Connection
from composer.core.storage.errors import DatabaseError
from composer.core.storage.sqlite import SqliteConnection, connect
from composer.core.storage.store import Store


@pytest.fixture
def db(tmp_path):
    connection = connect(tmp_path / "test.db", 1000)
    connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    yield connection
    connection.close()


def names(db: Connection) -> list[str]:
    return [name for (name,) in db.all("SELECT name FROM things ORDER BY id")]


def seen_elsewhere(path: Path) -> list[str]:
    """What another connection (another program) reads: only what was committed."""
    other = connect(path, 1000)
    try:
        return names(other)
    finally:
        other.close()


class Boom(Exception):
    pass


def test_the_sqlite_connection_has_everything_the_interface_names():
    wanted = {name for name in vars(Connection) if not name.startswith("_")}
    assert wanted <= set(dir(SqliteConnection))
    assert SqliteConnection.dialect == "sqlite"


def test_a_statement_outside_a_transaction_is_written_at_once(db, tmp_path):
    assert not db.in_transaction
    assert db.execute("INSERT INTO things (name) VALUES ('boek')") == 1
    assert seen_elsewhere(tmp_path / "test.db") == ["boek"]


def test_insert_returns_the_new_rows_id_and_the_row_is_written(db, tmp_path):
    first = db.insert("INSERT INTO things (name) VALUES (?)", ["affiche"])
    second = db.insert("INSERT INTO things (name) VALUES (?)", ["brief"])
    assert second != first
    assert db.value("SELECT name FROM things WHERE id = ?", [first]) == "affiche"
    assert db.value("SELECT name FROM things WHERE id = ?", [second]) == "brief"
    assert not db.in_transaction  # the statement ran to its end: nothing keeps the write open
    assert seen_elsewhere(tmp_path / "test.db") == ["affiche", "brief"]


def test_insert_inside_a_transaction_returns_its_id_too(db):
    with db.atomic():
        new = db.insert("INSERT INTO things (name) VALUES (?)", ["kaart"])
        assert db.one("SELECT name FROM things WHERE id = ?", [new]) == ("kaart",)


def test_queries_give_rows_a_row_or_a_value(db):
    db.executemany("INSERT INTO things (name) VALUES (?)", [["a"], ["b"], ["c"]])
    assert db.all("SELECT name FROM things ORDER BY name") == [("a",), ("b",), ("c",)]
    assert db.one("SELECT name FROM things WHERE name = ?", ["b"]) == ("b",)
    assert db.one("SELECT name FROM things WHERE name = ?", ["z"]) is None
    assert db.value("SELECT count(*) FROM things") == 3
    assert db.value("SELECT name FROM things WHERE name = 'z'", default="none") == "none"
    assert db.execute("DELETE FROM things WHERE name IN ('a', 'b')") == 2
    assert "things" in db.tables()


def test_atomic_writes_all_or_nothing(db, tmp_path):
    with pytest.raises(Boom), db.atomic():
        db.execute("INSERT INTO things (name) VALUES ('eerste')")
        assert db.in_transaction
        raise Boom
    assert names(db) == [] and not db.in_transaction
    with db.atomic():
        db.execute("INSERT INTO things (name) VALUES ('tweede')")
        assert seen_elsewhere(tmp_path / "test.db") == []  # not before the commit
    assert seen_elsewhere(tmp_path / "test.db") == ["tweede"]


def test_a_nested_block_that_fails_undoes_only_itself(db):
    with db.atomic():
        db.execute("INSERT INTO things (name) VALUES ('buiten')")
        with pytest.raises(Boom), db.atomic():
            db.execute("INSERT INTO things (name) VALUES ('binnen')")
            raise Boom
        assert names(db) == ["buiten"]
        with db.atomic():
            db.execute("INSERT INTO things (name) VALUES ('ernaast')")
    assert names(db) == ["buiten", "ernaast"]


def test_a_failing_statement_inside_nested_blocks_leaves_the_outer_block_usable(db):
    with db.atomic():
        db.execute("INSERT INTO things (name) VALUES ('uniek')")
        with pytest.raises(DatabaseError), db.atomic(), db.atomic():
            db.execute("INSERT INTO things (name) VALUES ('uniek')")  # UNIQUE refuses it
        db.execute("INSERT INTO things (name) VALUES ('daarna')")
    assert names(db) == ["uniek", "daarna"]


def test_when_the_outer_block_fails_the_inner_ones_go_too(db):
    with pytest.raises(Boom), db.atomic():
        with db.atomic():
            db.execute("INSERT INTO things (name) VALUES ('binnen')")
        raise Boom
    assert names(db) == []


def test_after_commit_runs_once_the_outermost_block_has_committed(db, tmp_path):
    seen: list[tuple[bool, list[str]]] = []
    with db.atomic():
        db.execute("INSERT INTO things (name) VALUES ('foto')")
        with db.atomic():
            db.after_commit(lambda: seen.append((db.in_transaction, seen_elsewhere(tmp_path / "test.db"))))
        assert seen == []  # not when the inner block ends
    assert seen == [(False, ["foto"])]  # after the commit: what it waited for is written for everyone


def test_after_commit_never_runs_after_a_rollback(db):
    ran: list[str] = []
    with pytest.raises(Boom), db.atomic():
        db.after_commit(lambda: ran.append("outer"))
        raise Boom
    with db.atomic():
        with pytest.raises(Boom), db.atomic():
            db.after_commit(lambda: ran.append("inner, undone"))
            raise Boom
        db.after_commit(lambda: ran.append("kept"))
    assert ran == ["kept"]


def test_after_commit_outside_a_transaction_runs_at_once(db):
    ran: list[str] = []
    db.after_commit(lambda: ran.append("now"))
    assert ran == ["now"]


def test_every_after_commit_action_runs_even_when_one_fails(db):
    ran: list[str] = []

    def failing() -> None:
        ran.append("failing")
        raise Boom

    with pytest.raises(Boom), db.atomic():
        db.after_commit(failing)
        db.after_commit(lambda: ran.append("next"))
        db.execute("INSERT INTO things (name) VALUES ('bewaard')")
    assert ran == ["failing", "next"] and names(db) == ["bewaard"]


def test_after_commit_in_a_transaction_it_cannot_see_end_is_refused(db):
    db.execute("BEGIN")
    try:
        with pytest.raises(RuntimeError):
            db.after_commit(lambda: None)
        with db.atomic(), pytest.raises(RuntimeError):  # a savepoint inside someone else's transaction
            db.after_commit(lambda: None)
    finally:
        db.execute("ROLLBACK")


def test_one_parameter_stands_for_a_list_of_any_length(db):
    db.executemany("INSERT INTO things (name) VALUES (?)", [["a"], ["b"], ["c"]])
    for wanted in ([], ["b"], ["a", "c", "zz"]):
        members, params = db.in_list(wanted)
        assert sorted(db.all(f"SELECT name FROM things WHERE name IN {members}", params)) == [
            (name,) for name in sorted(wanted) if name != "zz"]
    for wanted_ids, count in (([1, 3], 2), ([], 0)):  # the column's type, for a back end that must know it
        ids, params = db.in_list(wanted_ids, "bigint")
        assert db.value(f"SELECT count(*) FROM things WHERE id IN {ids}", params) == count


def test_draft_search_needs_a_word(data_dir):
    store = Store.open(data_dir)
    try:
        assert store.db.draft_search("") is None and store.db.draft_search('  " ') is None
        store.create("An", text="Café open")
        join, condition, params = store.db.draft_search("caf")
        assert store.db.all(f"SELECT d.id FROM drafts d {join} WHERE {condition}", params) == [(1,)]
    finally:
        store.close()


def test_the_store_reaches_its_database_only_through_the_connection(data_dir):
    store = Store.open(data_dir)
    try:
        assert isinstance(store.db, SqliteConnection)
        assert not hasattr(store, "conn") and not hasattr(store, "execute")
        with store.atomic():
            draft = store.create("An", text="In één keer")
            assert store.db.in_transaction
        assert store.get(draft.id).text == "In één keer"
    finally:
        store.close()
