"""The SQLite file behind Post Composer: opening it safely, drafts, trash, settings.

Every write is committed at once (WAL, ``synchronous=FULL``). Opening checks
the file first: a corrupt file is moved aside (never deleted), a locked or
read-only one raises an error the UI can explain.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import regex
from sqlite_utils import Database

from composer.core.drafts import Draft
from composer.core.migrations import migrations
from composer.core.paths import backups_dir, database_path

TRASH_DAYS = 30
HISTORY_EVERY = timedelta(minutes=5)
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A problem with the database file that the user must be told about."""

    def __init__(self, path: Path, detail: str = ""):
        super().__init__(f"{path}: {detail}" if detail else str(path))
        self.path = path
        self.detail = detail


class DatabaseLocked(StoreError):
    """Another program holds the database file."""


class DatabaseReadOnly(StoreError):
    """The database file or its folder cannot be written."""


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


def _connect(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return conn


def _is_corrupt(path: Path) -> bool:
    """True when ``path`` exists but is not a healthy SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            return False
        raise
    except sqlite3.DatabaseError:
        return True
    return rows != [("ok",)]


def move_aside(path: Path) -> Path:
    """Rename a bad database (and its WAL files) to a dated name beside it; return the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-corrupt-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}-corrupt-{stamp}-{n}{path.suffix}")
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    path.rename(target)
    return target


def _classify(error: sqlite3.Error, path: Path) -> StoreError | None:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLocked(path, str(error))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseReadOnly(path, str(error))
    return None


class Store:
    """Drafts and settings in one SQLite file. Use :meth:`open`."""

    def __init__(self, db: Database, path: Path, recovered_from: Path | None = None):
        self.db = db
        self.path = path
        #: Where a corrupt database was moved to when this one was started afresh.
        self.recovered_from = recovered_from

    # --- opening -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """Open (or create) the database in ``data_dir``, migrating it forward.

        Raises :class:`DatabaseLocked` or :class:`DatabaseReadOnly`; a corrupt
        file is moved aside and reported through :attr:`recovered_from`.
        """
        path = database_path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseReadOnly(path, str(error)) from error
        if not os.access(data_dir, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise DatabaseReadOnly(path)
        recovered_from = move_aside(path) if _is_corrupt(path) else None
        try:
            conn = _connect(path, busy_timeout_ms)
            db = Database(conn)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            _check_writable(db)
            store = cls(db, path, recovered_from)
            store.migrate(data_dir)
        except sqlite3.Error as error:
            classified = _classify(error, path)
            if classified is None:
                raise
            raise classified from error
        return store

    def migrate(self, data_dir: Path) -> Path | None:
        """Apply pending migrations, after copying the database aside; return the copy's path."""
        pending = migrations.pending(self.db)
        if not pending:
            return None
        backup = None
        if self.db.table_names():
            backup = self.backup(backups_dir(data_dir), f"before-{pending[0].name}")
        migrations.apply(self.db)
        return backup

    def backup(self, folder: Path, label: str) -> Path:
        """Copy the whole database with SQLite's backup API."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"composer-{datetime.now().strftime('%Y%m%d-%H%M%S')}-{label}.db"
        dest = sqlite3.connect(str(target))
        try:
            self.db.conn.backup(dest)
        finally:
            dest.close()
        return target

    def close(self) -> None:
        self.db.close()

    # --- drafts ----------------------------------------------------------------

    def create(self, author: str, **fields) -> Draft:
        """A new empty draft by ``author`` (optionally with ``fields`` filled in)."""
        stamp = now()
        draft = storable(Draft(created_by=author, updated_by=author, created_at=stamp, updated_at=stamp, **fields))
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO drafts (text, networks, purpose, audience, status, created_by, updated_by,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [draft.text, json.dumps(list(draft.networks)), draft.purpose, draft.audience, draft.status,
                 author, author, stamp, stamp])
            draft = replace(draft, id=cursor.lastrowid)
            self._write_network_texts(draft)
        return draft

    def get(self, draft_id: int) -> Draft:
        """The draft with ``draft_id`` (in the trash or not); ``KeyError`` if there is none."""
        row = self.db.execute("SELECT * FROM drafts WHERE id = ?", [draft_id]).fetchone()
        if row is None:
            raise KeyError(draft_id)
        columns = [d[0] for d in self.db.execute("SELECT * FROM drafts LIMIT 0").description]
        record = dict(zip(columns, row))
        texts = dict(self.db.execute(
            "SELECT network, text FROM network_texts WHERE draft_id = ?", [draft_id]).fetchall())
        return Draft(
            id=record["id"], text=record["text"], networks=tuple(json.loads(record["networks"])),
            network_texts=texts, purpose=record["purpose"], audience=record["audience"],
            status=record["status"], created_by=record["created_by"], updated_by=record["updated_by"],
            created_at=record["created_at"], updated_at=record["updated_at"], deleted_at=record["deleted_at"])

    def save(self, draft: Draft, author: str) -> Draft:
        """Write ``draft`` if its content changed; keep the previous version in the history."""
        draft = storable(draft)
        stored = self.get(draft.id)
        if stored.same_content(draft):
            return stored
        stamp = now()
        with self.db.atomic():
            self._snapshot_if_due(stored, stamp)
            self.db.execute(
                "UPDATE drafts SET text = ?, networks = ?, purpose = ?, audience = ?, updated_by = ?,"
                " updated_at = ? WHERE id = ?",
                [draft.text, json.dumps(list(draft.networks)), draft.purpose, draft.audience, author, stamp,
                 draft.id])
            self._write_network_texts(draft)
        return replace(draft, updated_by=author, updated_at=stamp)

    def _write_network_texts(self, draft: Draft) -> None:
        self.db.execute("DELETE FROM network_texts WHERE draft_id = ?", [draft.id])
        for key, text in draft.network_texts.items():
            self.db.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (?, ?, ?)",
                            [draft.id, key, text])

    def _snapshot_if_due(self, previous: Draft, stamp: str) -> None:
        """Keep the version being replaced, at most once per :data:`HISTORY_EVERY` of typing."""
        last = self.db.execute("SELECT max(saved_at) FROM draft_history WHERE draft_id = ?",
                               [previous.id]).fetchone()[0]
        if last and datetime.fromisoformat(stamp) - datetime.fromisoformat(last) < HISTORY_EVERY:
            return
        self.snapshot(previous, previous.updated_by, stamp)

    def snapshot(self, draft: Draft, author: str, stamp: str | None = None) -> None:
        """Keep ``draft``'s content as it is now in its history."""
        content = {"text": draft.text, "networks": list(draft.networks), "network_texts": draft.network_texts,
                   "purpose": draft.purpose, "audience": draft.audience}
        self.db.execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (?, ?, ?, ?)",
                        [draft.id, stamp or now(), author, json.dumps(content, ensure_ascii=False)])

    def history(self, draft_id: int) -> list[dict]:
        """Earlier versions of a draft, newest first."""
        rows = self.db.execute("SELECT saved_at, saved_by, content FROM draft_history WHERE draft_id = ?"
                               " ORDER BY saved_at DESC", [draft_id]).fetchall()
        return [{"saved_at": at, "saved_by": by, **json.loads(content)} for at, by, content in rows]

    def duplicate(self, draft_id: int, author: str) -> Draft:
        """A copy of a draft, made by ``author``, as a new draft."""
        source = self.get(draft_id)
        return self.create(author, text=source.text, networks=source.networks,
                           network_texts=dict(source.network_texts), purpose=source.purpose,
                           audience=source.audience)

    def trash(self, draft_id: int) -> None:
        """Move a draft to the trash (restorable for :data:`TRASH_DAYS` days)."""
        self.db.execute("UPDATE drafts SET deleted_at = ? WHERE id = ?", [now(), draft_id])

    def restore(self, draft_id: int) -> None:
        self.db.execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?", [draft_id])

    def empty_trash(self, older_than_days: int = TRASH_DAYS, at: datetime | None = None) -> int:
        """Delete for good what has been in the trash longer than ``older_than_days``."""
        cutoff = ((at or datetime.now(UTC)) - timedelta(days=older_than_days)).isoformat(timespec="microseconds")
        cursor = self.db.execute("DELETE FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < ?", [cutoff])
        return cursor.rowcount

    _ROW_SQL = """
        SELECT d.id,
               substr(ltrim(d.text, ' ' || char(9) || char(10) || char(13)), 1, 200),
               d.networks, d.status, d.updated_by, d.updated_at, d.deleted_at
        FROM drafts d {join}
        WHERE {where}
        ORDER BY d.updated_at DESC, d.id DESC"""

    def list_drafts(self, search: str = "", trash: bool = False) -> list[DraftRow]:
        """Drafts (or the trash), newest edit first, optionally matching ``search``."""
        where = "d.deleted_at IS NOT NULL" if trash else "d.deleted_at IS NULL"
        join, params = "", []
        query = fts_query(search)
        if query:
            join = "JOIN drafts_fts f ON f.rowid = d.id"
            where += " AND drafts_fts MATCH ?"
            params.append(query)
        rows = self.db.execute(self._ROW_SQL.format(join=join, where=where), params).fetchall()
        return [DraftRow(id_, _first_line(head), tuple(json.loads(nets)), status, author, updated, deleted)
                for id_, head, nets, status, author, updated, deleted in rows]

    def count_drafts(self) -> int:
        return self.db.execute("SELECT count(*) FROM drafts WHERE deleted_at IS NULL").fetchone()[0]

    def draft_ids(self) -> Iterator[int]:
        for (draft_id,) in self.db.execute("SELECT id FROM drafts"):
            yield draft_id

    # --- settings --------------------------------------------------------------

    def setting(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        [key, json.dumps(value, ensure_ascii=False)])


def storable(draft: Draft) -> Draft:
    """``draft`` with any lone surrogate (broken UTF-16 from a paste) as U+FFFD, which SQLite can hold."""
    def clean(text: str) -> str:
        return _SURROGATE.sub("\ufffd", text)

    return replace(draft, text=clean(draft.text),
                   network_texts={key: clean(text) for key, text in draft.network_texts.items()})


def _check_writable(db: Database) -> None:
    """Take and release a write lock, so a locked or read-only file is found at start-up."""
    db.execute("BEGIN IMMEDIATE")
    db.execute("ROLLBACK")


def _first_line(head: str) -> str:
    return head.split("\n", 1)[0].strip()


_SURROGATE = regex.compile(r"\p{Cs}")
_NOT_SEARCHABLE = regex.compile(r'["\p{Cc}\p{Cs}]')


def fts_query(search: str) -> str:
    """Turn what a person types into a safe FTS5 prefix query (every word must match)."""
    words = _NOT_SEARCHABLE.sub(" ", search).split()
    return " ".join(f'"{w}"*' for w in words)
