"""What can go wrong with the data folder and its database, as errors the user can be told about.

SQLite and the operating system report problems as codes (``SQLITE_BUSY``,
``ENOSPC``, …); :func:`classify` turns them into one of the classes below, so
the window and the command line give the same clear sentence
(``composer/ui/app.py`` and ``composer/cli`` word them) and never a traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from composer.core.i18n import _

# SQLite's primary result codes (https://sqlite.org/rescode.html): the low byte of an extended code.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_WRITE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


#: What any back end's driver raises, for code that must catch whatever a database raises (never
#: ``sqlite3.Error`` outside core/storage); today SQLite's. A second back end makes it a tuple.
DatabaseError: type[Exception] = sqlite3.Error


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


class DiskFull(StoreError):
    """The disk that holds the data folder has no room left."""


class DatabaseDamaged(StoreError):
    """The file is damaged beyond repair; it was set aside (``moved_to``), never deleted."""

    def __init__(self, path: Path, detail: str = "", moved_to: Path | None = None):
        super().__init__(path, detail)
        self.moved_to = moved_to


class DatabaseTooNew(StoreError):
    """The file was made by a newer Post Composer: opening it here could break it."""

    def __init__(self, path: Path, found: int, known: int):
        super().__init__(path, f"schema {found}, this version knows up to {known}")
        self.found = found
        self.known = known


class NotAFolder(StoreError):
    """The data folder given is a file (``--data-dir`` pointing at a file)."""


class NotAFile(StoreError):
    """Where the database should be there is a folder or something else that is not a file."""


def describe(error: StoreError) -> str:
    """A clear sentence for each way the database can refuse to open or to write (window and command line)."""
    if isinstance(error, DatabaseLocked):
        return _("The database {path} is locked by another program. Close that program "
                 "(a backup or sync tool, perhaps) and try again.").format(path=error.path)
    if isinstance(error, DiskFull):
        return _("The disk that holds {path} is full. Free some space (empty the recycle bin, move large "
                 "files) and try again.").format(path=error.path)
    if isinstance(error, DatabaseTooNew):
        return _("The database {path} was made by a newer Post Composer (its format is version {found}; this "
                 "version knows up to {known}). It has not been changed: update Post Composer to open it.").format(
                     path=error.path, found=error.found, known=error.known)
    if isinstance(error, NotAFolder):
        return _("{path} is a file, not a folder. Choose a folder for Post Composer's data "
                 "(or leave out --data-dir).").format(path=error.path)
    if isinstance(error, NotAFile):
        return _("Where Post Composer keeps its database, {path}, there is a folder or something else that is "
                 "not a file. Move it away and start again.").format(path=error.path)
    if isinstance(error, DatabaseDamaged):
        return _("The database {path} is damaged and could not be repaired.").format(path=error.path)
    if isinstance(error, DatabaseReadOnly):
        return _("Post Composer cannot write to {path}. Check that the file and its folder are not "
                 "read-only and that you have permission to change them.").format(path=error.path)
    return _("The database {path} could not be opened: {detail}").format(path=error.path, detail=error.detail)


def check_data_dir(data_dir: Path, database: Path) -> None:
    """Raise :class:`NotAFolder` or :class:`NotAFile` when the data folder or its database is not what it must be."""
    if data_dir.exists() and not data_dir.is_dir():
        raise NotAFolder(data_dir)
    if database.exists() and not database.is_file():
        raise NotAFile(database)


def code_of(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``error`` (``None`` when it carries none)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(error: BaseException) -> bool:
    """True for "database disk image is malformed" and "file is not a database", at any moment."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = code_of(error)
    if code is not None:
        return code in (_CORRUPT, _NOTADB)
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def classify(error: BaseException, path: Path) -> StoreError | None:
    """The :class:`StoreError` that explains ``error`` (a sqlite or OS error), or ``None`` if none does."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, sqlite3.Error):
        return _classify_sqlite(error, path)
    if isinstance(error, OSError):
        return _classify_os(error, path)
    return None


def _classify_sqlite(error: sqlite3.Error, path: Path) -> StoreError | None:
    code, text = code_of(error), str(error).lower()
    if code in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        return DatabaseLocked(path, str(error))
    if code == _FULL or "disk is full" in text:
        return DiskFull(path, str(error))
    if is_damage(error):
        return DatabaseDamaged(path, str(error))
    if code in (_READONLY, _CANTOPEN) or "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseReadOnly(path, str(error))
    if code == _IOERR or "disk i/o error" in text:
        return DatabaseReadOnly(path, str(error)) if not path.is_dir() else NotAFile(path, str(error))
    return None


def _classify_os(error: OSError, path: Path) -> StoreError | None:
    if error.errno in _DISK_FULL_ERRNOS:
        return DiskFull(path, str(error))
    if error.errno in _NO_WRITE_ERRNOS or isinstance(error, PermissionError):
        return DatabaseReadOnly(path, str(error))
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return NotAFolder(path, str(error))
    if isinstance(error, IsADirectoryError):
        return NotAFile(path, str(error))
    return DatabaseReadOnly(path, str(error))
