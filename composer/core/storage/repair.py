"""A damaged database: found, repaired where SQLite can, and set aside only when it cannot.

Damage shows in two ways: ``PRAGMA quick_check`` fails when the file is
opened, or a later statement says "database disk image is malformed" (a flipped
bit in an index passes quick_check and breaks the drafts list). Either way
:func:`repair` is the one answer:

1. the file is copied aside as it is (``composer-damaged-…db``), so nothing a
   repair attempt does can lose what was there;
2. ``REINDEX`` and a rebuild of the full-text index: indexes hold no data of
   their own, so when only they were damaged nothing is lost;
3. SQLite's own recovery (``sqlite3 … .recover``, when the ``sqlite3`` program
   is installed) copies every readable row into a new file;
4. only if neither gives a database that passes ``integrity_check`` is the
   file moved aside, for the caller to offer the newest verified backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SIDE_FILES = ("-wal", "-shm")
RECOVER_TIMEOUT_S = 600


class Repair:
    """What :func:`repair` did: ``how`` is "indexes" or "recovered"; ``original`` keeps the file as it was.

    (A plain class: this module loads at every start, and a dataclass costs start-up time.)
    """

    __slots__ = ("how", "original")

    def __init__(self, how: str, original: Path | None):
        self.how, self.original = how, original


def check(path: Path, timeout_s: float) -> str:
    """``"ok"``, ``"missing"``, ``"damaged"`` or ``"locked"``: the file's state, read without writing to it."""
    if not path.exists() or path.stat().st_size == 0:
        return "missing"
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout_s)
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # a damaged file's messages may be any bytes
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return _state_of(error)
    return "ok" if rows == [("ok",)] else "damaged"


def _state_of(error: sqlite3.DatabaseError) -> str:
    """Only what SQLite calls damage is damage: a full disk or a lock must never set a sound file aside."""
    from composer.core.storage.errors import DatabaseLocked, classify, is_damage

    if is_damage(error):
        return "damaged"
    if isinstance(classify(error, Path()), DatabaseLocked):
        return "locked"
    raise error


def repair(path: Path) -> Repair | None:
    """Repair the database at ``path`` in place; ``None`` when it could not be repaired (see the module)."""
    original = keep_original(path)
    if _reindex(path):
        return Repair("indexes", original)
    if _recover(path):
        return Repair("recovered", original)
    return None


def keep_original(path: Path) -> Path | None:
    """Copy the file (and its write-ahead log) aside as it is; ``None`` when there is no room for a copy."""
    import shutil

    target = _dated(path, "damaged")
    try:
        for suffix in SIDE_FILES[:1]:
            side = Path(str(path) + suffix)
            if side.exists():
                shutil.copy2(side, Path(str(target) + suffix))
        shutil.copy2(path, target)
    except OSError:
        for leftover in (target, Path(str(target) + "-wal")):
            leftover.unlink(missing_ok=True)
        return None
    return target


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename a bad database (and its WAL files) to a dated name beside it; return the new path."""
    target = _dated(path, label)
    for suffix in SIDE_FILES:
        side = Path(str(path) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    path.rename(target)
    return target


def restore(backup: Path, path: Path) -> None:
    """Put a verified backup where the database was (which must be gone: moved aside)."""
    import shutil

    temporary = path.with_name(path.name + ".restoring")
    shutil.copy2(backup, temporary)
    temporary.rename(path)


def _reindex(path: Path) -> bool:
    from composer.core.storage import backups

    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=5)
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        try:
            conn.execute("REINDEX")
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                         " AND sql LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'").fetchall():
                conn.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')')
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return backups.is_healthy(path)


def _recover(path: Path) -> bool:
    """Rows SQLite can still read, into a new file that replaces the damaged one."""
    import shutil
    import subprocess

    from composer.core.storage import backups

    program = shutil.which("sqlite3")
    if program is None:
        return False
    fresh = path.with_name(path.name + ".recovered")
    fresh.unlink(missing_ok=True)
    try:
        dump = subprocess.run([program, str(path), ".recover"], capture_output=True, timeout=RECOVER_TIMEOUT_S,
                              check=False)
        if dump.returncode != 0 or not dump.stdout:
            return False
        loaded = subprocess.run([program, str(fresh)], input=dump.stdout, capture_output=True,
                                timeout=RECOVER_TIMEOUT_S, check=False)
        if loaded.returncode != 0 or not _reindex(fresh) or not backups.is_healthy(fresh):
            return False
        for suffix in SIDE_FILES:
            Path(str(path) + suffix).unlink(missing_ok=True)
        fresh.replace(path)
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        fresh.unlink(missing_ok=True)


def _dated(path: Path, label: str) -> Path:
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-{label}-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}-{label}-{stamp}-{n}{path.suffix}")
    return target
