"""The SQLite file behind Post Composer: opening it safely, drafts, trash, settings.

Every write is committed at once (WAL, ``synchronous=FULL``). Opening checks
the file first and changes nothing until it is known to be sound and not
from a newer version: a damaged file is repaired where SQLite can (see
repair.py) and only set aside when it cannot; every other problem (locked,
read-only, a full disk, a folder where the file should be) is raised as one
of the errors of db_errors.py, which the UI and the command line explain.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from composer.core.storage import repair
from composer.core.storage.errors import (  # noqa: F401 - re-exported: the errors of opening the store
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    NotAFile,
    NotAFolder,
    StoreError,
    check_data_dir,
    classify,
    is_damage,
)
from composer.core.drafts.draft import Draft, first_line
from composer.core.storage.paths import database_path
from composer.core.storage.schema import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION

TRASH_DAYS = 30
HISTORY_EVERY = timedelta(minutes=5)
BUSY_TIMEOUT_MS = 5000  # how long a background job or the command line waits for another program's lock
INTERACTIVE_BUSY_TIMEOUT_MS = 500  # the window's own connection: a click never waits longer than this


@dataclass(frozen=True)
class DraftRow:
    """What the drafts list shows of a draft, without loading its whole text."""

    id: int
    first_line: str
    networks: tuple[str, ...]
    status: str
    author: str
    updated_at: str
    deleted_at: str | None


def now() -> str:
    """The current time as a sortable UTC ISO string."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A connection in autocommit mode: every statement is written at once, unless in :meth:`Store.atomic`."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_folder(data_dir: Path, path: Path) -> None:
    """The data folder is a folder we may write in, and the database, if there, is a file."""
    check_data_dir(data_dir, path)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise classify(error, path) from error
    if not os.access(data_dir, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise DatabaseReadOnly(path)


def _repair_or_set_aside(path: Path, detail: str) -> repair.Repair:
    """Repair a damaged file; when that fails, move it aside and raise :class:`DatabaseDamaged`."""
    done = repair.repair(path)
    if done is not None:
        return done
    moved = repair.move_aside(path)
    raise DatabaseDamaged(path, detail, moved_to=moved)


def _schema_version(conn: sqlite3.Connection) -> int:
    """The schema the file has: ``user_version``, or the migrations it records (files before 0006)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    try:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
    except sqlite3.OperationalError:  # no migrations table: a new or empty file
        names = []
    unknown = [name for name in names if name not in MIGRATIONS]
    return max(version, SCHEMA_VERSION + len(unknown) if unknown else len(names))


class Store:
    """Drafts and settings in one SQLite file. Use :meth:`open`.

    Everyday reads and writes are plain SQL on :attr:`conn`; schema work
    (migrations, full-text search) goes through sqlite-utils as :attr:`db`,
    loaded only when needed.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, repaired: repair.Repair | None = None):
        self.conn = conn
        self.path = path
        #: What was repaired when this file was opened (its original kept beside it), if anything.
        self.repaired = repaired
        self._db = None

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    @property
    def db(self):
        """The same connection as a sqlite-utils ``Database``."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def execute(self, sql: str, params: list | tuple = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested): all of it is written, or none."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT composer")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK TO composer")
                self.conn.execute("RELEASE composer")
                raise
            self.conn.execute("RELEASE composer")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- opening -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, busy_timeout_ms: int | None = None) -> Store:
        """Open (or create) the database in ``data_dir``, migrating it forward.

        ``busy_timeout_ms`` is how long to wait for another program's lock
        (default :data:`BUSY_TIMEOUT_MS`, read when called). Raises a
        :class:`StoreError`: :class:`DatabaseLocked`, :class:`DatabaseReadOnly`,
        :class:`DiskFull`, :class:`DatabaseTooNew`, :class:`NotAFolder`,
        :class:`NotAFile`, or :class:`DatabaseDamaged` once a damaged file could
        not be repaired (it has then been moved aside; opening again starts afresh).
        """
        timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        path = database_path(data_dir)
        _check_folder(data_dir, path)
        try:
            state = repair.check(path, timeout_ms / 1000)
            repaired = _repair_or_set_aside(path, "quick_check failed") if state == "damaged" else None
            if state == "locked":
                raise DatabaseLocked(path)
            conn = connect(path, timeout_ms)
        except (sqlite3.Error, OSError) as error:
            raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error
        try:
            store = cls(conn, path, repaired)
            store._prepare()
        except BaseException as error:
            conn.close()
            if isinstance(error, (sqlite3.Error, OSError)):
                raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error
            raise
        return store

    @classmethod
    def attach(cls, path: Path, busy_timeout_ms: int) -> Store:
        """Another connection to a database that :meth:`open` has opened (no checks, no migrations)."""
        try:
            return cls(connect(path, busy_timeout_ms), path)
        except sqlite3.Error as error:
            raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error

    def _prepare(self) -> None:
        """Refuse a newer file untouched; then WAL, a write-lock check, and the pending migrations."""
        found = _schema_version(self.conn)
        if found > SCHEMA_VERSION:
            raise DatabaseTooNew(self.path, found, SCHEMA_VERSION)
        self.conn.execute("PRAGMA journal_mode = WAL")
        _check_writable(self.conn)
        self.migrate(self.data_dir)

    def migrate(self, data_dir: Path) -> Path | None:
        """Apply pending migrations, after a verified copy of the database; return the copy's path."""
        pending = self.pending_migrations()
        if not pending:
            return None
        backup = None
        if self.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            backup = self.backup(f"before-{pending[0]}")
        from composer.core.storage.migrations import migrations

        migrations.apply(self.db)
        self.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return backup

    def pending_migrations(self) -> list[str]:
        """Names of the migrations this file still needs, in order."""
        try:
            applied = {name for (name,) in self.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
        except sqlite3.OperationalError:  # no migrations table yet: a new file
            applied = set()
        return [name for name in MIGRATIONS if name not in applied]

    def backup(self, label: str) -> Path:
        """A verified copy of the whole database in ``backups/`` (at most a few are kept: backups.py)."""
        from composer.core.storage import backups

        return backups.make(self.conn, self.data_dir, label)

    def close(self) -> None:
        self.conn.close()

    # --- drafts ----------------------------------------------------------------

    def create(self, author: str, **fields) -> Draft:
        """A new empty draft by ``author`` (optionally with ``fields`` filled in)."""
        stamp = now()
        draft = storable(Draft(created_by=author, updated_by=author, created_at=stamp, updated_at=stamp, **fields))
        with self.atomic():
            cursor = self.execute(
                "INSERT INTO drafts (text, networks, purpose, audience, status, created_by, updated_by,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [draft.text, json.dumps(list(draft.networks)), draft.purpose, draft.audience, draft.status,
                 author, author, stamp, stamp])
            draft = replace(draft, id=cursor.lastrowid)
            self._write_network_texts(draft)
        return draft

    def get(self, draft_id: int) -> Draft:
        """The draft with ``draft_id`` (in the trash or not); ``KeyError`` if there is none."""
        row = self.execute("SELECT * FROM drafts WHERE id = ?", [draft_id]).fetchone()
        if row is None:
            raise KeyError(draft_id)
        columns = [d[0] for d in self.execute("SELECT * FROM drafts LIMIT 0").description]
        record = dict(zip(columns, row))
        texts = dict(self.execute(
            "SELECT network, text FROM network_texts WHERE draft_id = ?", [draft_id]).fetchall())
        return Draft(
            id=record["id"], text=record["text"], networks=tuple(json.loads(record["networks"])),
            network_texts=texts, purpose=record["purpose"], audience=record["audience"],
            status=record["status"], created_by=record["created_by"], updated_by=record["updated_by"],
            created_at=record["created_at"], updated_at=record["updated_at"], deleted_at=record["deleted_at"],
            approved_by=record["approved_by"], approved_at=record["approved_at"],
            approved_hash=record["approved_hash"])

    def save(self, draft: Draft, author: str) -> Draft:
        """Write ``draft`` if its content changed; keep the previous version in the history."""
        draft = storable(draft)
        stored = self.get(draft.id)
        if stored.same_content(draft):
            return stored
        stamp = now()
        with self.atomic():
            self._snapshot_if_due(stored, stamp)
            self.execute(
                "UPDATE drafts SET text = ?, networks = ?, purpose = ?, audience = ?, updated_by = ?,"
                " updated_at = ? WHERE id = ?",
                [draft.text, json.dumps(list(draft.networks)), draft.purpose, draft.audience, author, stamp,
                 draft.id])
            self._write_network_texts(draft)
        return replace(draft, updated_by=author, updated_at=stamp)

    def _write_network_texts(self, draft: Draft) -> None:
        """Write the versions that changed, and only those: each one written re-indexes the draft for search."""
        stored = dict(self.execute("SELECT network, text FROM network_texts WHERE draft_id = ?", [draft.id]))
        for key in stored.keys() - draft.network_texts.keys():
            self.execute("DELETE FROM network_texts WHERE draft_id = ? AND network = ?", [draft.id, key])
        for key, text in draft.network_texts.items():
            if stored.get(key) != text:
                self.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (?, ?, ?)"
                             " ON CONFLICT (draft_id, network) DO UPDATE SET text = excluded.text",
                             [draft.id, key, text])

    def _snapshot_if_due(self, previous: Draft, stamp: str) -> None:
        """Keep the version being replaced, at most once per :data:`HISTORY_EVERY` of typing."""
        last = self.execute("SELECT max(saved_at) FROM draft_history WHERE draft_id = ?",
                               [previous.id]).fetchone()[0]
        if last and datetime.fromisoformat(stamp) - datetime.fromisoformat(last) < HISTORY_EVERY:
            return
        self.snapshot(previous, previous.updated_by, stamp)

    def snapshot(self, draft: Draft, author: str, stamp: str | None = None) -> None:
        """Keep ``draft``'s content as it is now in its history."""
        content = {"text": draft.text, "networks": list(draft.networks), "network_texts": draft.network_texts,
                   "purpose": draft.purpose, "audience": draft.audience}
        self.execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (?, ?, ?, ?)",
                        [draft.id, stamp or now(), author, json.dumps(content, ensure_ascii=False)])

    def history(self, draft_id: int) -> list[dict]:
        """Earlier versions of a draft, newest first."""
        rows = self.execute("SELECT saved_at, saved_by, content FROM draft_history WHERE draft_id = ?"
                               " ORDER BY saved_at DESC", [draft_id]).fetchall()
        return [{"saved_at": at, "saved_by": by, **json.loads(content)} for at, by, content in rows]

    def approve(self, draft_id: int, approver: str) -> Draft:
        """Record that ``approver`` approved the draft as it is stored now."""
        draft = self.get(draft_id)
        self.execute("UPDATE drafts SET approved_by = ?, approved_at = ?, approved_hash = ? WHERE id = ?",
                     [approver, now(), draft.content_hash(), draft_id])
        return self.get(draft_id)

    def colleagues(self) -> list[str]:
        """Everyone who wrote or edited a draft here, for the checklist's personal touch."""
        rows = self.execute("SELECT created_by FROM drafts UNION SELECT updated_by FROM drafts").fetchall()
        return sorted({name for (name,) in rows if name})

    def duplicate(self, draft_id: int, author: str) -> Draft:
        """A copy of a draft, made by ``author``, as a new draft: its photos, alt texts and crops too.

        Who is in each photo belongs to the stored photo, so the copy shows the same people.
        """
        source = self.get(draft_id)
        with self.atomic():
            copy = self.create(author, text=source.text, networks=source.networks,
                               network_texts=dict(source.network_texts), purpose=source.purpose,
                               audience=source.audience)
            self._copy_photos(draft_id, copy.id)
        return copy

    def _copy_photos(self, source_id: int, target_id: int) -> None:
        photos = self.execute("SELECT id, photo_hash, position, alt_text FROM draft_photos"
                              " WHERE draft_id = ? ORDER BY position", [source_id]).fetchall()
        for old_id, photo_hash, position, alt_text in photos:
            new_id = self.execute("INSERT INTO draft_photos (draft_id, photo_hash, position, alt_text)"
                                  " VALUES (?, ?, ?, ?)", [target_id, photo_hash, position, alt_text]).lastrowid
            self.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height, mat)"
                         " SELECT ?, network, x, y, width, height, mat FROM crops WHERE draft_photo_id = ?",
                         [new_id, old_id])

    def set_status(self, draft_id: int, status: str) -> None:
        """Mark a draft (e.g. flagged after a consent withdrawal, a draft again once cleared)."""
        self.execute("UPDATE drafts SET status = ? WHERE id = ?", [status, draft_id])

    def trash(self, draft_id: int) -> None:
        """Move a draft to the trash (restorable for :data:`TRASH_DAYS` days)."""
        self.execute("UPDATE drafts SET deleted_at = ? WHERE id = ?", [now(), draft_id])

    def restore(self, draft_id: int) -> None:
        self.execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?", [draft_id])

    def empty_trash(self, older_than_days: int = TRASH_DAYS, at: datetime | None = None) -> int:
        """Delete for good what has been in the trash longer than ``older_than_days``.

        A draft that was published stays: the publication log needs it to list
        takedowns when someone in its photos withdraws consent.
        """
        cutoff = ((at or datetime.now(UTC)) - timedelta(days=older_than_days)).isoformat(timespec="microseconds")
        cursor = self.execute("DELETE FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < ?"
                              " AND id NOT IN (SELECT draft_id FROM publications)", [cutoff])
        return cursor.rowcount

    _ROW_SQL = """
        SELECT d.id,
               substr(ltrim(d.text, ' ' || char(9) || char(10) || char(13)), 1, 200),
               d.networks, d.status, d.updated_by, d.updated_at, d.deleted_at
        FROM drafts d {join}
        WHERE {where}
        ORDER BY d.updated_at DESC, d.id DESC
        LIMIT ? OFFSET ?"""

    def list_drafts(self, search: str = "", trash: bool = False, limit: int = -1, offset: int = 0) -> list[DraftRow]:
        """Drafts (or the trash), newest edit first, optionally matching ``search``.

        Every word searched for must be in the shared text or in one of the
        networks' own versions (see migration 0007).

        ``limit`` and ``offset`` page through them (``-1``: all), so a long list
        is read as it is scrolled.
        """
        where = "d.deleted_at IS NOT NULL" if trash else "d.deleted_at IS NULL"
        join, params = "", []
        query = fts_query(search)
        if query:
            join = "JOIN drafts_fts f ON f.rowid = d.id"
            where += " AND drafts_fts MATCH ?"
            params.append(query)
        rows = self.execute(self._ROW_SQL.format(join=join, where=where), [*params, limit, offset]).fetchall()
        return [DraftRow(id_, first_line(head), tuple(json.loads(nets)), status, author, updated, deleted)
                for id_, head, nets, status, author, updated, deleted in rows]

    def count_drafts(self) -> int:
        return self.execute("SELECT count(*) FROM drafts WHERE deleted_at IS NULL").fetchone()[0]

    def draft_ids(self) -> Iterator[int]:
        for (draft_id,) in self.execute("SELECT id FROM drafts"):
            yield draft_id

    # --- settings --------------------------------------------------------------

    def setting(self, key: str, default=None):
        row = self.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        """Keep ``value`` under ``key``; an unchanged value is not written again."""
        if self.setting(key, _MISSING) == value:
            return
        self.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        [key, json.dumps(value, ensure_ascii=False)])


_MISSING = object()


def storable(draft: Draft) -> Draft:
    """``draft`` with any lone surrogate (broken UTF-16 from a paste) as U+FFFD, which SQLite can hold."""
    def clean(text: str) -> str:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return _without(text, _is_surrogate, "\ufffd")
        return text

    return replace(draft, text=clean(draft.text),
                   network_texts={key: clean(text) for key, text in draft.network_texts.items()})


def _check_writable(conn: sqlite3.Connection) -> None:
    """Take and release a write lock, so a locked or read-only file is found at start-up."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("ROLLBACK")


def _without(text: str, unwanted, replacement: str) -> str:
    return "".join(replacement if unwanted(ch) else ch for ch in text)


def _is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def _not_searchable(ch: str) -> bool:
    return ch == '"' or _is_surrogate(ch) or unicodedata.category(ch) == "Cc"


def fts_query(search: str) -> str:
    """Turn what a person types into a safe FTS5 prefix query (every word must match)."""
    words = _without(search, _not_searchable, " ").split()
    return " ".join(f'"{w}"*' for w in words)
