"""Copies of the database in ``backups/``: made with SQLite's backup API, verified, and bounded in number.

A copy is written under a temporary name, checked with ``PRAGMA
integrity_check``, and only then given its ``.db`` name, so every ``.db`` in
the folder is a database that opened and checked clean. Only the
:data:`KEEP` newest are kept (an interrupted migration, retried fifteen
times, no longer leaves fifteen full copies). When a database is damaged
beyond repair, :func:`verified` lists the copies it can be started from.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.storage.paths import backups_dir, database_path

if TYPE_CHECKING:
    from composer.core.storage.sqlite import SqliteConnection

KEEP = 5
DAILY = timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One verified copy: where it is, when it was made, and how many drafts it holds."""

    path: Path
    made_at: datetime
    drafts: int


def make(db: SqliteConnection, data_dir: Path, label: str) -> Path:
    """Copy the database behind ``db`` into ``backups/``, verify the copy, then prune old ones.

    Raises ``OSError`` or ``sqlite3.Error`` (a full disk, say); nothing half-written is left behind.
    """
    folder = backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(folder)
    name = f"composer-{datetime.now().strftime(_STAMP)}-{label}"
    temporary = _unused(folder, name, ".db.tmp")
    try:
        db.backup_to(temporary)
        if not is_healthy(temporary):
            raise sqlite3.DatabaseError(f"the copy {temporary.name} did not check clean")
        target = _unused(folder, name, ".db")
        temporary.rename(target)
    finally:
        temporary.unlink(missing_ok=True)
    prune(data_dir)
    return target


def make_daily(data_dir: Path) -> Path | None:
    """A copy when the newest is more than a day old (or there is none); ``None`` when not due.

    Through a connection of its own (run it off the UI thread). Raises ``OSError``
    or the driver's error (a full disk, a lock).
    """
    newest = _copies(backups_dir(data_dir))
    if newest and datetime.now() - _made_at(newest[0]) < DAILY:
        return None
    from composer.core.storage.sqlite import connect

    db = connect(database_path(data_dir), 5000)
    try:
        return make(db, data_dir, "daily")
    finally:
        db.close()


def prune(data_dir: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest copies; return what was deleted."""
    gone = _copies(backups_dir(data_dir))[keep:]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def verified(data_dir: Path) -> list[Backup]:
    """The copies that open and check clean, newest first."""
    found = []
    for path in _copies(backups_dir(data_dir)):
        drafts = _draft_count(path)
        if drafts is not None:
            found.append(Backup(path, _made_at(path), drafts))
    return found


def is_healthy(path: Path) -> bool:
    """True when ``path`` is an SQLite database that passes ``integrity_check``."""
    return _draft_count(path) is not None


def _draft_count(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return None
        count: int = conn.execute("SELECT count(*) FROM drafts WHERE deleted_at IS NULL").fetchone()[0]
        return count
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _copies(folder: Path) -> list[Path]:
    """The finished copies, newest first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("composer-*.db") if p.is_file()), key=_made_at, reverse=True)


def _made_at(path: Path) -> datetime:
    """When a copy was made: from its name (``composer-20261201-101500-…``), else from the file."""
    parts = path.stem.split("-")
    try:
        return datetime.strptime(f"{parts[1]}-{parts[2]}", _STAMP)
    except (IndexError, ValueError):
        return datetime.fromtimestamp(path.stat().st_mtime)


def _unused(folder: Path, name: str, suffix: str) -> Path:
    target, n = folder / f"{name}{suffix}", 1
    while target.exists():
        n += 1
        target = folder / f"{name}-{n}{suffix}"
    return target


def _remove_unfinished(folder: Path) -> None:
    """Copies that were being written when the app stopped (power cut, kill): never a verified copy."""
    for leftover in folder.glob("*.db.tmp"):
        leftover.unlink(missing_ok=True)
