"""Opening the local SQLite file safely: checked, repaired, refused when too new, migrated forward.

Opening changes nothing until the file is known to be sound and not from a
newer version: a damaged file is repaired where SQLite can (``repair.py``)
and only set aside when it cannot; every other problem (locked, read-only, a
full disk, a folder where the file should be) is raised as one of the errors
of ``errors.py``, which the UI and the command line explain. Migrations run
after a verified copy (``backups.py``), through sqlite-utils, which is loaded
only when the schema needs work (it costs start-up ≈60 ms).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.storage import repair
from composer.core.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    check_data_dir,
    classify,
)
from composer.core.storage.paths import database_path
from composer.core.storage.schema import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION
from composer.core.storage.sqlite import SqliteConnection, connect

if TYPE_CHECKING:
    from composer.core.storage.store import Store


def open_store(data_dir: Path, busy_timeout_ms: int) -> Store:
    """The database in ``data_dir``, opened (or created) and migrated forward: see :meth:`Store.open`."""
    from composer.core.storage.store import Store

    path = database_path(data_dir)
    _check_folder(data_dir, path)
    try:
        state = repair.check(path, busy_timeout_ms / 1000)
        repaired = _repair_or_set_aside(path, "quick_check failed") if state == "damaged" else None
        if state == "locked":
            raise DatabaseLocked(path)
        db = connect(path, busy_timeout_ms)
    except (sqlite3.Error, OSError) as error:
        raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error
    try:
        store = Store(db, path, repaired)
        _prepare(store, db)
    except BaseException as error:
        db.close()
        if isinstance(error, (sqlite3.Error, OSError)):
            raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error
        raise
    return store


def attach(path: Path, busy_timeout_ms: int) -> Store:
    """Another connection to a database that :func:`open_store` has opened (no checks, no migrations).

    ``path`` may also be a team library's store path (the data folder's ``team.json``): then it is another
    login to the team database (``postgres/opening.attach_team``).
    """
    from composer.core.storage.postgres.credentials import SETTINGS_NAME
    from composer.core.storage.store import Store

    if path.name == SETTINGS_NAME:
        from composer.core.storage.postgres.opening import attach_team

        return attach_team(path.parent)
    try:
        return Store(connect(path, busy_timeout_ms), path)
    except sqlite3.Error as error:
        raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error


@contextmanager
def read_only(data_dir: Path, busy_timeout_ms: int = 5000) -> Iterator[Store | None]:
    """The database in ``data_dir`` for reading, changing nothing (not even a migration); ``None`` when
    there is no database there.

    Raises :class:`~composer.core.storage.errors.NotAFolder` or ``NotAFile``
    for a data folder that is not what it must be, and the driver's error
    (:data:`~composer.core.storage.connection.DatabaseError`) for a file that
    cannot be read. The schema is not checked: a table may be missing
    (``store.db.tables()``).
    """
    from composer.core.storage.store import Store

    path = database_path(data_dir)
    check_data_dir(data_dir, path)
    if not path.is_file():
        yield None
        return
    db = connect(path, busy_timeout_ms, query_only=True)
    try:
        yield Store(db, path)
    finally:
        db.close()


def schema_version(db: SqliteConnection) -> int:
    """The schema the file has: ``user_version``, or the migrations it records (files before 0006)."""
    names = db.applied_migrations(MIGRATION_SET)
    unknown = [name for name in names if name not in MIGRATIONS]
    return max(db.user_version(), SCHEMA_VERSION + len(unknown) if unknown else len(names))


def pending_migrations(db: SqliteConnection) -> list[str]:
    """Names of the migrations this file still needs, in order."""
    applied = set(db.applied_migrations(MIGRATION_SET))
    return [name for name in MIGRATIONS if name not in applied]


def migrate(store: Store, db: SqliteConnection) -> Path | None:
    """Apply pending migrations, after a verified copy of the database; return the copy's path."""
    pending = pending_migrations(db)
    if not pending:
        return None
    backup = store.backup(f"before-{pending[0]}") if db.tables() else None
    from composer.core.storage.migrations import migrations

    migrations.apply(db.utils())
    db.set_user_version(SCHEMA_VERSION)
    return backup


def _prepare(store: Store, db: SqliteConnection) -> None:
    """Refuse a newer file untouched; then WAL, a write-lock check, and the pending migrations."""
    found = schema_version(db)
    if found > SCHEMA_VERSION:
        raise DatabaseTooNew(store.path, found, SCHEMA_VERSION)
    db.use_wal()
    db.check_writable()
    migrate(store, db)


def _check_folder(data_dir: Path, path: Path) -> None:
    """The data folder is a folder we may write in, and the database, if there, is a file."""
    check_data_dir(data_dir, path)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise classify(error, path) or DatabaseReadOnly(path, str(error)) from error
    if not os.access(data_dir, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise DatabaseReadOnly(path)


def _repair_or_set_aside(path: Path, detail: str) -> repair.Repair:
    """Repair a damaged file; when that fails, move it aside and raise :class:`DatabaseDamaged`."""
    done = repair.repair(path)
    if done is not None:
        return done
    moved = repair.move_aside(path)
    raise DatabaseDamaged(path, detail, moved_to=moved)
