"""Schema 0011 (planning and the return, issue 13) on a library made at 0010: everything kept, the new tables empty.

On SQLite as ``Store.open`` upgrades the local file (with a backup first), on PostgreSQL as ``create_team`` upgrades
the team database ("run team create again, which keeps everything"). The same library is written at 0010 on both
(drafts with versions, history and the trash, photos and who is in them, crops, the consent register
with evidence, the publication log, settings); every row of every table of 0010 reads the same afterwards.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from composer.core.storage.migrations import migrations
from composer.core.storage.schema import MIGRATIONS, SCHEMA_VERSION
from composer.core.storage.store import Store

STAMP = "2026-01-15T10:00:00.000000+00:00"
LATER = "2026-01-16T08:30:00.000000+00:00"
BEFORE = "0010_live"
NEW_TABLES = ("plans", "effort", "feedback", "takedowns")
NEW_COLUMNS = ("review_requested_at", "archived_at")
PHOTOS = {name: f"photo {name}".encode() for name in ("group", "room")}
PDF = b"%PDF-1.4 toestemming"

Execute = Callable[[str, list[Any]], Any]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fill_0010(execute: Execute, *, bytes_in_rows: bool) -> None:
    """A library as schema 0010 holds it (``?`` placeholders; ``bytes_in_rows``: the team database's ``data``)."""
    drafts = [(1, "Voorleesuur ☕ café", '["x", "facebook"]', "event", "children", None),
              (2, "Tentoonstelling getijdenboeken", '["facebook"]', "collection", "general_public", None),
              (3, "Een oud idee", '["x"]', None, None, LATER)]
    for draft_id, text, networks, purpose, audience, deleted in drafts:
        execute("INSERT INTO drafts (id, text, networks, purpose, audience, created_by, updated_by, created_at,"
                " updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, 'An', 'An', ?, ?, ?)",
                [draft_id, text, networks, purpose, audience, STAMP, STAMP, deleted])
    execute("INSERT INTO network_texts (draft_id, network, text) VALUES (1, 'x', 'Voorleesuur! #bib')", [])
    execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (2, ?, 'An', ?)",
            [STAMP, '{"text": "Tentoonstelling"}'])
    execute("INSERT INTO settings (key, value) VALUES ('house_style', ?)", ['{"signature": "— De bib"}'])
    for name, data in PHOTOS.items():
        columns, values = "hash, ext, format, width, height, original_name, imported_at, presence", [
            sha(data), "jpg", "JPEG", 10, 10, f"{name}.jpg", STAMP, "people" if name == "group" else "nobody"]
        if bytes_in_rows:
            columns, values = columns + ", data", [*values, data]
        execute(f"INSERT INTO photos ({columns}) VALUES ({', '.join('?' * len(values))})", values)
    execute("INSERT INTO draft_photos (id, draft_id, photo_hash, position, alt_text) VALUES (1, 1, ?, 0, 'Groep')",
            [sha(PHOTOS["group"])])
    execute("INSERT INTO draft_photos (id, draft_id, photo_hash, position, alt_text) VALUES (2, 2, ?, 0, '')",
            [sha(PHOTOS["room"])])
    execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height, mat) VALUES (1, 'x', 0.1, 0, 0.8, 1,"
            " '#336699')", [])
    execute("INSERT INTO people (id, name, contact, birth_date, created_at) VALUES (1, 'An Peeters',"
            " 'an@example.be', '1990-05-01', ?)", [STAMP])
    execute("INSERT INTO people (id, name, created_at, erased_at) VALUES (2, '', ?, ?)", [STAMP, LATER])
    execute("INSERT INTO photo_people (photo_hash, person_id, description) VALUES (?, 1, 'rode jas')",
            [sha(PHOTOS["group"])])
    evidence = ("hash, ext, original_name, stored_at", [sha(PDF), "pdf", "toestemming.pdf", STAMP])
    if bytes_in_rows:
        evidence = (evidence[0] + ", data", [*evidence[1], PDF])
    execute(f"INSERT INTO evidence ({evidence[0]}) VALUES ({', '.join('?' * len(evidence[1]))})", evidence[1])
    execute("INSERT INTO consent_records (id, person_id, created_at) VALUES (1, 1, ?)", [STAMP])
    for kind, at in (("granted", STAMP), ("withdrawn", LATER)):
        execute("INSERT INTO consent_events (record_id, kind, effective_at, recorded_at, recorded_by, terms)"
                " VALUES (1, ?, ?, ?, 'An', ?)", [kind, at, at, '{"photo": "group"}'])
    execute("INSERT INTO publications (id, draft_id, network, published_at, link, recorded_at) VALUES (1, 1,"
            " 'facebook', '2026-01-15', 'https://www.facebook.com/bib/1', ?)", [STAMP])
    execute("INSERT INTO publication_photos (publication_id, photo_hash, position) VALUES (1, ?, 0)",
            [sha(PHOTOS["group"])])


#: Every table of schema 0010 (presence: a team's alone, empty here as on a local file).
TABLES_0010 = ("drafts", "network_texts", "draft_history", "settings", "photos", "draft_photos", "crops", "people",
               "photo_people", "evidence", "consent_records", "consent_events", "publications",
               "publication_photos", "presence")


def everything(query: Callable[[str], tuple[list[str], list[tuple[Any, ...]]]],
               columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every row of every table of 0010 (``columns``: only these, as 0010 had them), in a fixed order."""
    found: dict[str, Any] = {}
    for table in TABLES_0010:
        wanted = ", ".join(columns[table]) if columns else "*"
        names, rows = query(f"SELECT {wanted} FROM {table}")
        found[table] = (names, sorted(rows, key=repr))
    return found


def columns_of(snapshot: dict[str, Any]) -> dict[str, list[str]]:
    return {table: names for table, (names, _rows) in snapshot.items()}


# --- SQLite ---------------------------------------------------------------------------------------------------


def sqlite_query(db: Database) -> Callable[[str], tuple[list[str], list[tuple[Any, ...]]]]:
    def query(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = db.execute(sql)
        return [d[0] for d in cursor.description], [tuple(row) for row in cursor.fetchall()]
    return query


def test_a_local_library_from_0010_keeps_everything_and_gets_the_new_empty_tables(data_dir: Path):
    data_dir.mkdir(parents=True)
    db = Database(data_dir / "composer.db")
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db, stop_before=MIGRATIONS[MIGRATIONS.index(BEFORE) + 1])
    db.execute(f"PRAGMA user_version = {MIGRATIONS.index(BEFORE) + 1}")
    fill_0010(lambda sql, params: db.execute(sql, params), bytes_in_rows=False)
    db.execute("UPDATE drafts SET approved_by = 'Carla', approved_at = ?, approved_hash = 'abc' WHERE id = 2",
               [LATER])  # approved (on the team database only an approver's login approves: not written there)
    db.conn.commit()
    before = everything(sqlite_query(db))
    assert all(rows for table, (_names, rows) in before.items() if table != "presence")
    db.close()

    store = Store.open(data_dir)
    try:
        assert store.db.value("PRAGMA user_version") == SCHEMA_VERSION
        assert all(store.db.value(f"SELECT count(*) FROM {table}") == 0 for table in NEW_TABLES)
        assert store.db.all(f"SELECT DISTINCT {', '.join(NEW_COLUMNS)} FROM drafts") == [(None, None)]
        assert store.db.all("PRAGMA foreign_key_check") == []
        assert store.db.value("PRAGMA integrity_check") == "ok"
        assert {row.id: row.stage for row in store.list_drafts()} == {1: "published", 2: "approved"}
        store.db.execute("INSERT INTO plans (draft_id, network, planned_for, planned_at) VALUES (2, 'facebook',"
                         " '2026-03-02T09:30', ?)", [LATER])  # the new tables work
        assert {row.id: row.stage for row in store.list_drafts()} == {1: "published", 2: "planned"}
    finally:
        store.close()
    upgraded = Database(data_dir / "composer.db")
    try:
        assert everything(sqlite_query(upgraded), columns_of(before)) == before
    finally:
        upgraded.close()
    (backup,) = (data_dir / "backups").glob("*.db")
    assert "0011" in backup.name
    kept = Database(backup)
    try:
        assert everything(sqlite_query(kept)) == before  # the copy before the upgrade is the library at 0010
    finally:
        kept.close()


# --- PostgreSQL -----------------------------------------------------------------------------------------------


@pytest.fixture
def team_at_0010(pg_server) -> Iterator[Any]:
    """A new team database migrated up to 0010 (as an older Post Composer left it); the superuser's connection."""
    import psycopg

    from composer.core.storage.postgres import roles
    from composer.core.storage.postgres.migrations import migrate

    name = pg_server.create_database("upgrading")
    conn = psycopg.connect(pg_server.admin_dsn(name), autocommit=True)
    try:
        roles.create_roles(conn)
        conn.execute("CREATE SCHEMA IF NOT EXISTS composer AUTHORIZATION composer_owner")
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        assert migrate(conn, BEFORE)[-1] == BEFORE
        conn.execute("SET search_path = composer, pg_catalog")
        conn.dbname = name
        yield conn
    finally:
        conn.close()
        pg_server.drop_database(name)


def postgres_query(conn: Any) -> Callable[[str], tuple[list[str], list[tuple[Any, ...]]]]:
    def query(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = conn.execute(sql)
        return [d.name for d in cursor.description], [tuple(row) for row in cursor.fetchall()]
    return query


def test_a_team_database_from_0010_keeps_everything_and_gets_the_new_empty_tables(team_at_0010, pg_server,
                                                                                   tmp_path):
    from composer.core.storage.postgres import roles
    from composer.core.storage.postgres.credentials import make
    from composer.core.storage.postgres.migrations import schema_version
    from composer.core.storage.postgres.opening import open_team
    from composer.core.storage.postgres.team import create_team
    from tests.helpers.team_db import drop_logins

    conn = team_at_0010
    fill_0010(lambda sql, params: conn.execute(sql.replace("?", "%s"), params), bytes_in_rows=True)
    before = everything(postgres_query(conn))
    assert all(rows for table, (_names, rows) in before.items() if table != "presence")

    assert create_team(conn) == ["0011_planning"]  # "team create" again: the upgrade

    conn.execute("SET search_path = composer, pg_catalog")
    assert schema_version(conn) == SCHEMA_VERSION
    assert everything(postgres_query(conn), columns_of(before)) == before
    assert all(conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,) for table in NEW_TABLES)
    assert conn.execute(f"SELECT DISTINCT {', '.join(NEW_COLUMNS)} FROM drafts").fetchall() == [(None, None)]

    login = f"upgrade_writer_{os.getpid()}"
    people = {login: ("upgrade-secret", ("writer",))}
    drop_logins(pg_server, people)
    roles.add_colleague(conn, login, "upgrade-secret", "writer")
    try:
        store = open_team(make(pg_server.host, pg_server.port, conn.dbname, login, "disable"), "upgrade-secret",
                          tmp_path / "team")
        try:
            assert {row.id: row.stage for row in store.list_drafts()} == {1: "published", 2: "draft"}
            store.db.execute("INSERT INTO plans (draft_id, network, planned_for, planned_at) VALUES (2, 'facebook',"
                             " '2026-03-02T09:30', ?)", [LATER])  # the new tables work, with their grants
            assert {row.id: row.stage for row in store.list_drafts()} == {1: "published", 2: "planned"}
        finally:
            store.close()
    finally:
        drop_logins(pg_server, people)
