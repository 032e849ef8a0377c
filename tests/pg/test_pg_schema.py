"""The team database's schema: SQLite's tables and columns, one numbered list of migrations, search.

Each migration test makes its own empty database on the session's server;
the search tests write drafts as a writer in the session's team database and
look only at their own.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import psycopg
import pytest
from psycopg import errors

from composer.core.storage import schema
from composer.core.storage.postgres import dialect, migrations, roles
from composer.core.storage.postgres.migrations import MIGRATIONS, SchemaMismatchError, migrate
from composer.core.storage.postgres.team import TeamSetupError, create_team
from tests.helpers.drafts import USES_AT_0005

STAMP = "2026-01-15T10:00:00.000000+00:00"
#: Columns only the team database has: the search document, and the bytes of photos and evidence scans.
ONLY_IN_POSTGRESQL = {("drafts", "search"), ("photos", "data"), ("evidence", "data")}


@pytest.fixture
def empty_db(pg_server):
    """A new empty database and the superuser's connection to it (autocommit)."""
    name = pg_server.create_database("migrating")
    conn = psycopg.connect(pg_server.admin_dsn(name), autocommit=True)
    try:
        yield conn
    finally:
        conn.close()
        pg_server.drop_database(name)


def prepare(conn) -> None:
    """What create_team does before migrating: roles, schema, unaccent."""
    roles.create_roles(conn)
    conn.execute("CREATE SCHEMA IF NOT EXISTS composer AUTHORIZATION composer_owner")
    conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


def sqlite_columns(tmp_path) -> dict[str, list[str]]:
    """Every table of a new local library (the SQLite migrations) and its columns, in order."""
    from composer.core.storage.store import Store

    store = Store.open(tmp_path / "local")
    store.close()
    conn = sqlite3.connect(tmp_path / "local" / "composer.db")
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'drafts_fts%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
        return {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")] for table in tables}
    finally:
        conn.close()


def postgres_columns(conn) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for table, column in conn.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = 'composer' AND t.table_type = 'BASE TABLE' AND c.table_name <> %s"
            " ORDER BY c.table_name, c.ordinal_position", [migrations.VERSIONS_TABLE]):
        if (table, column) not in ONLY_IN_POSTGRESQL:
            found.setdefault(table, []).append(column)
    return found


# --- one numbered list for both back ends --------------------------------------------------------------------


def test_every_sqlite_migration_has_its_postgresql_sql_under_the_same_number_and_name():
    assert tuple(MIGRATIONS) == schema.MIGRATIONS
    assert migrations.SCHEMA_VERSION == schema.SCHEMA_VERSION
    assert all(sql.strip() for sql in MIGRATIONS.values())


def test_every_rule_named_is_a_rule_the_sql_raises():
    sql = "\n".join(MIGRATIONS.values())
    for rule in migrations.RULES:
        assert f"CONSTRAINT = '{rule}'" in sql or rule.endswith("_content_address"), rule
    assert "CONSTRAINT = TG_TABLE_NAME || '_content_address'" in sql


def test_the_tables_and_columns_are_sqlites(empty_db, tmp_path):
    create_team(empty_db)
    local = sqlite_columns(tmp_path)
    assert {"drafts", "network_texts", "settings", "draft_history", "photos", "draft_photos", "photo_people",
            "crops", "people", "consent_records", "consent_events", "evidence", "publications",
            "publication_photos"} <= set(local)
    assert postgres_columns(empty_db) == local


def test_migrations_are_recorded_in_order_and_running_again_changes_nothing(empty_db):
    assert create_team(empty_db) == list(schema.MIGRATIONS)
    rows = empty_db.execute("SELECT version, name, applied_by FROM composer.schema_migrations ORDER BY version")
    assert rows.fetchall() == [(n, name, "postgres") for n, name in enumerate(schema.MIGRATIONS, start=1)]
    assert create_team(empty_db) == []
    assert migrations.schema_version(empty_db) == schema.SCHEMA_VERSION


def test_a_failing_migration_leaves_nothing_half_done(empty_db):
    prepare(empty_db)
    assert migrate(empty_db, "0004_photos_consent")[-1] == "0004_photos_consent"
    empty_db.execute("CREATE TABLE composer.publication_photos (publication_id int)")  # 0005 will collide
    with pytest.raises(errors.DuplicateTable):
        migrate(empty_db)
    assert migrations.schema_version(empty_db) == 4
    assert empty_db.execute("SELECT to_regclass('composer.crops')").fetchone() == (None,)  # 0005 rolled back whole
    empty_db.execute("DROP TABLE composer.publication_photos")
    assert migrate(empty_db) == list(schema.MIGRATIONS[4:])


def test_a_database_made_by_a_newer_version_is_refused(empty_db):
    create_team(empty_db)
    empty_db.execute("INSERT INTO composer.schema_migrations (version, name) VALUES (99, '0099_from_the_future')")
    with pytest.raises(SchemaMismatchError):
        migrate(empty_db)
    assert migrations.schema_version(empty_db) == schema.SCHEMA_VERSION + 1


def test_a_database_in_the_c_locale_is_refused_with_what_to_do(pg_server):
    name = f"c_locale_{id(pg_server)}"
    with psycopg.connect(pg_server.admin_dsn(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
    try:
        with (psycopg.connect(pg_server.admin_dsn(name), autocommit=True) as conn,
              pytest.raises(TeamSetupError, match="LOCALE 'C.UTF-8'")):
            create_team(conn)
    finally:
        pg_server.drop_database(name)


def test_upgrading_from_0005_moves_who_is_in_a_photo_to_the_stored_photo(empty_db):
    """As tests/core/test_store.py's test of the same name, on PostgreSQL."""
    prepare(empty_db)
    migrate(empty_db, "0005_export")
    db = empty_db
    db.execute("SET search_path = composer, pg_catalog")
    for n in (1, 2, 3):
        db.execute("INSERT INTO drafts (id, text, networks, created_at, updated_at) VALUES (%s, %s, '[\"x\"]', %s, %s)",
                   [n, f"Concept {n}", STAMP, STAMP])
    db.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (1, 'x', 'Korter: xylofoonkwartet')")
    digests = {}
    for name in ("group", "plain", "room", "unused"):
        data = f"photo {name}".encode()
        digests[name] = hashlib.sha256(data).hexdigest()
        db.execute("INSERT INTO photos (hash, ext, format, width, height, original_name, imported_at, data)"
                   " VALUES (%s, 'jpg', 'JPEG', 10, 10, %s, %s, %s)", [digests[name], f"{name}.jpg", STAMP, data])
    for n, name in enumerate(("An", "Bert"), start=1):
        db.execute("INSERT INTO people (id, name, created_at) VALUES (%s, %s, %s)", [n, name, STAMP])
    for position, (draft, photo, alt, presence, linked) in enumerate(USES_AT_0005):
        use = db.execute("INSERT INTO draft_photos (draft_id, photo_hash, position, alt_text, presence)"
                         " VALUES (%s, %s, %s, %s, %s) RETURNING id",
                         [draft, digests[photo], position, alt, presence]).fetchone()[0]
        for person, description in linked:
            db.execute("INSERT INTO photo_people (draft_photo_id, person_id, description) VALUES (%s, %s, %s)",
                       [use, person, description])

    migrate(db)

    presence = dict(db.execute("SELECT hash, presence FROM photos").fetchall())
    assert {name: presence[digests[name]] for name in digests} == {
        "group": "people", "plain": None, "room": "nobody", "unused": None}  # most cautious; an answer beats none
    links = db.execute("SELECT photo_hash, person_id, description FROM photo_people ORDER BY id").fetchall()
    assert links == [(digests["group"], 1, "rode jas; links"), (digests["group"], 2, "")]  # union, order kept
    assert db.execute("SELECT count(*) FROM draft_photos").fetchone() == (6,)
    assert db.execute("SELECT id FROM drafts d WHERE d.search @@ search_query('xylofoon')").fetchall() == [(1,)]


# --- search --------------------------------------------------------------------------------------------------


@pytest.fixture
def search(team):
    """``search(typed)``: the ids, among this test's drafts, that the drafts list finds; ``write(text, **versions)``."""
    from composer.core.planning.flow import STAGE_SQL
    from composer.core.storage.store import LEADING_SPACE, LIST_SQL

    writer = team.connect("an_writer")
    mine: list[int] = []

    def write(text: str, **versions: str) -> int:
        draft_id = writer.execute("INSERT INTO drafts (text, networks, created_at, updated_at)"
                                  " VALUES (%s, '[]', %s, %s) RETURNING id", [text, STAMP, STAMP]).fetchone()[0]
        for network, version in versions.items():
            writer.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (%s, %s, %s)",
                           [draft_id, network, version])
        mine.append(draft_id)
        return draft_id

    def found(typed: str) -> list[int]:
        """As ``Store.list_drafts`` will ask it: LIST_SQL with the dialect's join and condition."""
        join, condition, params = dialect.draft_search(typed) or ("", "TRUE", [])
        wanted, ids = dialect.in_list(mine, "bigint")
        sql = LIST_SQL.format(join=join, where=f"d.deleted_at IS NULL AND {condition} AND d.id IN {wanted}",
                              stage=STAGE_SQL)
        rows = writer.execute(dialect.placeholders(sql), [LEADING_SPACE, *params, *ids, 2**62, 0]).fetchall()
        return sorted(row[0] for row in rows)

    found.write = write
    found.conn = writer
    yield found
    writer.close()


def test_search_ignores_accents_and_case_and_finds_prefixes(search):
    cafe = search.write("Koffie in het Café “Élan” op zaterdag")
    plain = search.write("Een CAFE zonder accenten")
    assert search("cafe") == [cafe, plain]
    assert search("CAFÉ") == [cafe, plain]
    assert search("caf") == [cafe, plain]
    assert search("elan") == [cafe]
    assert search("zater kof") == [cafe]  # every word, each a prefix
    assert search("cafe xylofoon") == []  # every word must be found


def test_search_finds_words_only_in_a_networks_own_version(search):
    draft_id = search.write("Nieuw in de collectie", x="Kort voor X: xylofoonkwartet")
    assert search("xylofoon") == [draft_id]
    search.conn.execute("UPDATE network_texts SET text = 'Kort: harpconcert' WHERE draft_id = %s", [draft_id])
    assert search("xylofoon") == []
    assert search("harp") == [draft_id]
    search.conn.execute("DELETE FROM network_texts WHERE draft_id = %s", [draft_id])
    assert search("harp") == []
    assert search("collectie") == [draft_id]


def test_search_splits_links_addresses_and_tags_into_words(search):
    draft_id = search.write("Meer op www.kmska.be/nl/tentoonstelling of mail info@bib.example #erfgoed 🎉feest")
    for typed in ("kmska", "tentoonstelling", "info", "bib", "erfgoed", "#erfgoed", "feest", "nl"):
        assert search(typed) == [draft_id], typed


def test_search_also_finds_dutch_word_forms(search):
    draft_id = search.write("De bibliotheek van het museum")
    assert search("bibliotheken") == [draft_id]  # the stem bibliothek; as written it is not a prefix


def test_what_a_person_types_is_never_query_syntax(search):
    draft_id = search.write("Rock & roll! (en meer) 'quotes' \\ back")
    for typed in ("rock & roll", "!roll", "(en", "'quotes'", "roll:*", "\\", "a | b", "<->", "\x00", "\ud800x"):
        assert isinstance(search(typed), list), typed
    assert search("rock & roll") == [draft_id]
    assert dialect.draft_search("  \t ") is None


def test_a_giant_paste_is_saved_and_its_beginning_searchable(search):
    giant = " ".join(f"woord{n}x" for n in range(200_000))  # 2 MB of different words: no tsvector holds them all
    draft_id = search.write("Begin " + giant)
    assert search("begin woord1x") == [draft_id]
    assert len(search.conn.execute("SELECT text FROM drafts WHERE id = %s", [draft_id]).fetchone()[0]) > 2_000_000


def test_postgresql_text_holds_no_nul_so_it_is_replaced(search):
    with pytest.raises(psycopg.DataError):
        search.write("nul\x00byte")
    draft_id = search.write(dialect.storable("nul\x00byte"))
    assert search.conn.execute("SELECT text FROM drafts WHERE id = %s", [draft_id]).fetchone() == ("nul\ufffdbyte",)


def test_the_search_index_follows_every_change(search):
    draft_id = search.write("Eerste versie", x="versie voor x")
    search.conn.execute("UPDATE drafts SET text = 'Tweede tekst' WHERE id = %s", [draft_id])
    assert search("eerste") == []
    assert search("tweede") == [draft_id]
    assert search("versie") == [draft_id]  # still in the X version
    row = search.conn.execute("SELECT search = draft_document(id, text) FROM drafts WHERE id = %s", [draft_id])
    assert row.fetchone() == (True,)
    with pytest.raises(errors.InsufficientPrivilege):  # only the triggers write it
        search.conn.execute("UPDATE drafts SET search = NULL WHERE id = %s", [draft_id])


def test_the_history_keeps_json_as_sent(search):
    draft_id = search.write("Met geschiedenis")
    content = json.dumps({"text": "Café", "networks": ["x"]}, ensure_ascii=False)
    search.conn.execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (%s, %s, '', %s)",
                        [draft_id, STAMP, content])
    assert search.conn.execute("SELECT content FROM draft_history WHERE draft_id = %s", [draft_id]).fetchone() == (
        content,)
