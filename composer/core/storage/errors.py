"""What can go wrong with the data folder and its database, as errors the user can be told about.

SQLite, PostgreSQL and the operating system report problems as codes
(``SQLITE_BUSY``, SQLSTATE ``28P01``, ``ENOSPC``, …); :func:`classify` turns
them into one of the classes below, so the window and the command line give
the same clear sentence (:func:`describe`) and never a traceback. The team
database's own cases (a server out of reach, a wrong password, a login
without a team role, a schema older or newer than the app, a rule the server
refuses, a connection lost) are :class:`TeamError` errors.

The PostgreSQL connection hands on what its driver raises as a
:class:`PostgresError` (``postgres/connection.py``), so that catching
:data:`DatabaseError` never loads the driver (psycopg costs ~130 ms at import):
the local SQLite library never loads it.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import N_, _

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft

# SQLite's primary result codes (https://sqlite.org/rescode.html): the low byte of an extended code.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_WRITE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}



class PostgresError(Exception):
    """What the team database's driver raised, as the PostgreSQL connection hands it on (the driver's own
    error is its ``__cause__``).

    ``sqlstate``: PostgreSQL's code (``None`` when the server never answered);
    ``constraint``: the constraint or rule the server named; ``lost``: the
    connection is gone (the server stopped, the network went away);
    ``connecting``: raised while logging in; ``server`` and ``user``: where
    and as whom, for the message.
    """

    def __init__(self, message: str, sqlstate: str | None = None, constraint: str | None = None, *,
                 lost: bool = False, connecting: bool = False, server: str = "", user: str = ""):
        super().__init__(message)
        self.sqlstate = sqlstate
        self.constraint = constraint
        self.lost = lost
        self.connecting = connecting
        self.server = server
        self.user = user


#: What any back end's driver raises, for code that must catch whatever a database raises (never
#: ``sqlite3.Error`` or ``psycopg.Error`` outside core/storage): SQLite's errors and the team database's.
DatabaseError: tuple[type[Exception], ...] = (sqlite3.Error, PostgresError)


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


class TeamError(StoreError):
    """A problem with the team database; ``server`` names it ("composer on db.library.be"), ``user`` the login."""

    def __init__(self, path: Path, detail: str = "", *, server: str = "", user: str = ""):
        super().__init__(path, detail)
        self.server = server
        self.user = user


class ServerUnreachable(TeamError):
    """The team database's server does not answer (stopped, out of reach, a certificate that does not hold)."""


class WrongPassword(TeamError):
    """The server refused the login: the name or the password is wrong (SQLSTATE 28P01)."""


class NoTeamRole(TeamError):
    """The login exists, but has no role in the team (writer, approver or register keeper)."""


class TeamSchemaOld(TeamError):
    """The team database has an older schema than this app needs: the IT department upgrades it."""

    def __init__(self, path: Path, found: int, known: int, *, server: str = "", user: str = ""):
        super().__init__(path, f"schema {found}, this version needs {known}", server=server, user=user)
        self.found = found
        self.known = known


class TeamSchemaNewer(TeamError):
    """The team database was brought up to date by a newer Post Composer: this one must be updated."""

    def __init__(self, path: Path, found: int, known: int, *, server: str = "", user: str = ""):
        super().__init__(path, f"schema {found}, this version knows up to {known}", server=server, user=user)
        self.found = found
        self.known = known


class NotAllowed(TeamError):
    """The team database refused what the login may not do; ``rule``: which of :data:`RULE_WORDS`, if known."""

    def __init__(self, path: Path, detail: str = "", rule: str | None = None, *, server: str = "",
                 user: str = ""):
        super().__init__(path, detail, server=server, user=user)
        self.rule = rule


class ConnectionLost(TeamError):
    """The connection to the team database went away while working."""


class SaveConflict(Exception):
    """A colleague saved the draft since the text being saved was started from: nothing was overwritten.

    ``mine``: the text that was to be saved (its ``revision`` the one it started from), kept in the draft's
    history under the author's name; ``theirs``: the draft as stored now (its ``revision`` the newer one).
    Saving the text chosen afterwards with ``expected_revision=theirs.revision`` overwrites no one.
    """

    def __init__(self, mine: Draft, theirs: Draft):
        super().__init__(f"draft {theirs.id}: revision {theirs.revision} is stored, the text to save started from"
                         f" revision {mine.revision}")
        self.mine = mine
        self.theirs = theirs


#: The rules the team database enforces (``postgres/migrations.RULES``, and the house style, which the store
#: refuses before the server does), in words for the user.
RULE_WORDS: dict[str, str] = {
    "approval_by_approver": N_("only a colleague with the approver role approves a draft"),
    "approval_not_own_draft": N_("nobody approves a draft they created or last edited"),
    "approval_not_with_edit": N_("a draft is approved as it is stored, not while it is being changed"),
    "consent_events_append_only": N_("the consent history is never changed or deleted: record a new event"),
    "people_contact_by_register_keeper": N_("only register keepers record contact details and dates of birth"),
    "drafts_delete_from_trash": N_("a draft is deleted for good only from the trash"),
    "publications_unmark_own": N_("a publication leaves the log only by whoever recorded it or a register keeper"),
    "photos_content_address": N_("a stored photo must match its fingerprint (hash)"),
    "evidence_content_address": N_("a stored evidence file must match its fingerprint (hash)"),
    "house_style_by_approver": N_("only a colleague with the approver role changes the house style"),
    "effort_own": N_("a colleague's measured writing time is theirs alone to change"),
    "takedowns_done_stays": N_("a takedown once done stays done: it is the library's proof that it acted"),
}


def describe(error: StoreError) -> str:
    """A clear sentence for each way the database can refuse to open or to write (window and command line)."""
    if isinstance(error, TeamError):
        return _describe_team(error)
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


def _describe_team(error: TeamError) -> str:
    server, user = error.server or _("the server"), error.user or "?"
    if isinstance(error, ServerUnreachable):
        return _("The team database {server} cannot be reached: the server may be stopped, or this computer "
                 "cannot reach it (network, VPN, firewall). Try again later or ask your IT department. "
                 "({detail})").format(server=server, detail=error.detail)
    if isinstance(error, WrongPassword):
        return _("The team database {server} refused the login {user}: the login name or the password is "
                 "wrong. Enter the password again, or ask your IT department for a new one.").format(
                     server=server, user=user)
    if isinstance(error, NoTeamRole):
        return _("The login {user} has no role in the team library {server}. Ask your IT department to give it "
                 "one: writer, approver or register keeper.").format(server=server, user=user)
    if isinstance(error, TeamSchemaOld):
        return _("The team database {server} has an older format (version {found}; this Post Composer needs "
                 "{known}). Ask your IT department to upgrade it: they run “post-composer team create” again, "
                 "which keeps everything.").format(server=server, found=error.found, known=error.known)
    if isinstance(error, TeamSchemaNewer):
        return _("The team database {server} was upgraded by a newer Post Composer (its format is version "
                 "{found}; this version knows up to {known}). Nothing was changed: update Post Composer on "
                 "this computer.").format(server=server, found=error.found, known=error.known)
    if isinstance(error, NotAllowed):
        if error.rule in RULE_WORDS:
            return _("The team database refused this: {rule}.").format(rule=_(RULE_WORDS[error.rule]))
        return _("Your login {user} may not do this in the team library. Ask a colleague with the right role, "
                 "or your IT department. ({detail})").format(user=user, detail=error.detail)
    if isinstance(error, ConnectionLost):
        return _("The connection to the team database {server} was lost. What you type is kept on this computer "
                 "and saved as soon as the server is back.").format(server=server)
    return _("The team database {server} could not be used: {detail}").format(server=server, detail=error.detail)


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
    """The :class:`StoreError` that explains ``error`` (a database's or the OS's), or ``None`` if none does."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, PostgresError):
        return _classify_postgres(error, path)
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


#: SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now, and class 08.
_GONE_STATES = ("57P01", "57P02", "57P03")


def _classify_postgres(error: PostgresError, path: Path) -> StoreError | None:
    state, text = error.sqlstate or "", str(error)
    where = {"server": error.server, "user": error.user}
    if state == "28P01":
        return WrongPassword(path, text, **where)
    if state == "42501" and "permission denied for database" in text:
        return NoTeamRole(path, text, **where)
    if state == "42501":
        return NotAllowed(path, text, error.constraint if error.constraint in RULE_WORDS else None, **where)
    if error.connecting and (not state or state.startswith(("08", "28", "3D", "53")) or state in _GONE_STATES):
        return ServerUnreachable(path, text, **where)
    if error.lost or state.startswith("08") or state in _GONE_STATES:
        return ConnectionLost(path, text, **where)
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
