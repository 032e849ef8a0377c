"""The local SQLite file as a :class:`~composer.core.storage.connection.Connection`: what is SQLite's own.

Every statement is written at once (autocommit, ``synchronous=FULL``) unless
in :meth:`SqliteConnection.atomic`, which takes the write lock at the start
(``BEGIN IMMEDIATE``) and nests as savepoints. Foreign keys are on; another
program's lock is waited for at most the busy timeout given. Search is FTS5
(migration 0007): prefix words, accents ignored. The file's own business —
``PRAGMA user_version``, WAL, the write-lock check at opening, the migrations'
record, the backup API, sqlite-utils for migrations — is here too, outside
the interface, for ``opening.py``, ``backups.py`` and ``migrations.py``.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.storage.connection import new_id, run_all

if TYPE_CHECKING:
    from sqlite_utils import Database

    from composer.core.storage.connection import Params, Row

MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of the migrations applied


def connect(path: Path, busy_timeout_ms: int, query_only: bool = False) -> SqliteConnection:
    """A connection to the file at ``path`` in autocommit mode (see the module).

    ``query_only``: for reading another copy without ever writing to it (the
    command line): opened read-write where allowed, so closing tidies up the WAL
    files as the app does, never created, and every write refused.
    """
    if query_only:
        import os

        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        raw = sqlite3.connect(path.resolve().as_uri() + ("?mode=rw" if writable else "?mode=ro"), uri=True,
                              timeout=busy_timeout_ms / 1000, isolation_level=None)
        raw.execute("PRAGMA query_only = ON")
    else:
        raw = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
        raw.execute("PRAGMA synchronous = FULL")
    raw.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    raw.execute("PRAGMA foreign_keys = ON")
    return SqliteConnection(raw)


class SqliteConnection:
    """A :class:`~composer.core.storage.connection.Connection` to an SQLite file (see the module)."""

    dialect = "sqlite"
    keeps_files = False  # photos and evidence scans are files in the data folder

    def __init__(self, raw: sqlite3.Connection):
        self._raw = raw
        self._utils: Database | None = None
        #: One list per open :meth:`atomic` level: what runs once the outermost level commits.
        #: (``None`` for a savepoint in a transaction begun elsewhere, whose commit it cannot see.)
        self._after: list[list[Callable[[], object]] | None] = []

    # --- the interface -------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._raw.in_transaction

    def execute(self, sql: str, params: Params = ()) -> int:
        return self._raw.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        return self._raw.executemany(sql, rows).rowcount

    def one(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = self._raw.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        return self._raw.execute(sql, params).fetchall()

    def value(self, sql: str, params: Params = (), default: Any = None) -> Any:
        row = self.one(sql, params)
        return default if row is None else row[0]

    def insert(self, sql: str, params: Params = ()) -> int:
        # fetchall, not fetchone: the statement must run to its end, or SQLite keeps it (and its write) open
        return new_id(self._raw.execute(f"{sql} RETURNING id", params).fetchall(), sql)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested): all of it is written, or none."""
        outermost = not self._raw.in_transaction
        # a savepoint inside a transaction that atomic() did not begin (a migration's) cannot see its commit
        ours = outermost or (bool(self._after) and self._after[-1] is not None)
        name = f"composer_{len(self._after)}"
        self._raw.execute("BEGIN IMMEDIATE" if outermost else f"SAVEPOINT {name}")
        self._after.append([] if ours else None)
        try:
            yield
        except BaseException:
            self._after.pop()  # what the block wanted after the commit goes with it
            if self._raw.in_transaction:  # (SQLite may have rolled back already: a full disk)
                self._raw.execute("ROLLBACK" if outermost else f"ROLLBACK TO {name}")
                if not outermost:
                    self._raw.execute(f"RELEASE {name}")
            raise
        done = self._after.pop()
        if not outermost:
            self._raw.execute(f"RELEASE {name}")
            above = self._after[-1] if self._after else None
            if done and above is not None:  # (done holds something only when the level above is ours too)
                above.extend(done)
            return
        try:
            self._raw.execute("COMMIT")
        except BaseException:
            if self._raw.in_transaction:
                self._raw.execute("ROLLBACK")
            raise
        self._run(done or [])

    def after_commit(self, action: Callable[[], object]) -> None:
        level = self._after[-1] if self._after else None
        if level is not None:
            level.append(action)
        elif self._raw.in_transaction:
            raise RuntimeError("after_commit inside a transaction not begun by atomic(): its commit cannot be seen")
        else:
            self._run([action])

    def in_list(self, values: Iterable[Any], kind: str | None = None) -> tuple[str, list[Any]]:
        return "(SELECT value FROM json_each(?))", [json.dumps(list(values))]

    def draft_search(self, search: str) -> tuple[str, str, list[Any]] | None:
        query = fts_query(search)
        if not query:
            return None
        return "JOIN drafts_fts f ON f.rowid = d.id", "drafts_fts MATCH ?", [query]

    def tables(self) -> set[str]:
        return {name for (name,) in self._raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def close(self) -> None:
        self._raw.close()

    # --- the file's own business (not part of the interface) -----------------------------------------

    def user_version(self) -> int:
        """``PRAGMA user_version``: the schema version kept in the file (0 in a new one)."""
        version: int = self._raw.execute("PRAGMA user_version").fetchone()[0]
        return version

    def set_user_version(self, version: int) -> None:
        self._raw.execute(f"PRAGMA user_version = {int(version)}")

    def applied_migrations(self, migration_set: str) -> list[str]:
        """The names of the migrations sqlite-utils recorded as applied."""
        if MIGRATIONS_TABLE not in self.tables():
            return []
        return [name for (name,) in self._raw.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
            [migration_set])]

    def use_wal(self) -> None:
        """Write-ahead logging: readers never wait for the writer."""
        self._raw.execute("PRAGMA journal_mode = WAL")

    def check_writable(self) -> None:
        """Take and release the write lock, so a locked or read-only file is found at once."""
        self._raw.execute("BEGIN IMMEDIATE")
        self._raw.execute("ROLLBACK")

    def backup_to(self, target: Path) -> None:
        """A copy of the whole database into the new file ``target`` (SQLite's backup API)."""
        dest = sqlite3.connect(str(target))
        try:
            self._raw.backup(dest)
        finally:
            dest.close()

    def utils(self) -> Database:
        """The same connection as a sqlite-utils ``Database``, for migrations (loaded only when needed)."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self._raw)
        return self._utils

    def trace(self, callback: Callable[[str], object] | None) -> None:
        """Have ``callback`` see every statement sent to SQLite (``None``: stop), to find out what runs where."""
        self._raw.set_trace_callback(callback)

    # --- inside ------------------------------------------------------------------------------------

    @staticmethod
    def _run(actions: list[Callable[[], object]]) -> None:
        run_all(actions)


# --- search ----------------------------------------------------------------------------------------------


def _without(text: str, unwanted: Callable[[str], bool], replacement: str) -> str:
    return "".join(replacement if unwanted(ch) else ch for ch in text)


def _not_searchable(ch: str) -> bool:
    return ch == '"' or "\ud800" <= ch <= "\udfff" or unicodedata.category(ch) == "Cc"


def fts_query(search: str) -> str:
    """Turn what a person types into a safe FTS5 prefix query (every word must match)."""
    words = _without(search, _not_searchable, " ").split()
    return " ".join(f'"{w}"*' for w in words)
