"""Logging in to a team database for the ``post-composer team`` commands, every refusal in words.

As the IT department's administrator (:func:`create`, :func:`add`) or as a
colleague (:func:`log_in`: ``team join`` and ``team status``). What the
driver raises comes back as a :class:`~composer.core.storage.errors.TeamError`
that :func:`~composer.core.storage.errors.describe` words (a wrong password,
a server out of reach, a login without a team role), or as one of the
``ValueError`` classes below, whose message (translated) says what to do.

``psycopg`` is imported only when a function here runs: the command line
loads it for the team commands alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.errors import PostgresError, TeamError, classify
from composer.core.storage.postgres import roles
from composer.core.storage.postgres import team as setup
from composer.core.storage.postgres.credentials import TeamSettings
from composer.core.storage.postgres.opening import server_name

if TYPE_CHECKING:
    import psycopg

#: How long a generated password is, in random bytes (written as 24 URL-safe characters).
PASSWORD_BYTES = 18


class PasswordNeeded(TeamError):
    """The server asks for a password and none was given (nor found in ``PGPASSWORD`` or ``~/.pgpass``)."""


class ColleagueExists(ValueError):
    """A login by that name already exists on the server (logins are shared by every database there)."""


class TeamNotMade(ValueError):
    """The database holds no team yet: ``post-composer team create`` comes first."""


def generate_password() -> str:
    """A new colleague's password: 24 random characters a person can type (letters, digits, ``-`` and ``_``)."""
    return secrets.token_urlsafe(PASSWORD_BYTES)


# --- connecting -----------------------------------------------------------------------------------


def team_error(error: Exception, settings: TeamSettings, *, connecting: bool) -> TeamError:
    """What the driver raised, as the :class:`TeamError` that explains it (a plain one when none does)."""
    from composer.core.storage.postgres.connection import wrap_error

    server, path = server_name(settings), Path(settings.url())
    if not isinstance(error, PostgresError):
        import psycopg

        assert isinstance(error, psycopg.Error)
        error = wrap_error(error, connecting=connecting, server=server, user=settings.user)
    found = classify(error, path)
    return found if isinstance(found, TeamError) else TeamError(path, str(error).strip(), server=server,
                                                                user=settings.user)


@contextmanager
def connect(settings: TeamSettings, password: str | None, *,
            admin: bool = False) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """An autocommit connection as ``settings``' login, closed on leaving; driver errors as :func:`team_error`.

    ``password`` ``None``: libpq looks for one itself (``PGPASSWORD``,
    ``~/.pgpass``), or the server needs none (a Unix socket with ``peer``);
    when the server asks for one all the same, :class:`PasswordNeeded`.
    ``admin``: without the colleagues' ``search_path`` (the team's schema may
    not exist yet).
    """
    import psycopg
    from psycopg.conninfo import make_conninfo

    conninfo = settings.conninfo(password)
    if admin:
        conninfo = make_conninfo(conninfo, options="")
    try:
        conn = psycopg.connect(conninfo, autocommit=True)
    except psycopg.Error as error:
        if password is None and error.pgconn is not None and error.pgconn.needs_password:
            raise PasswordNeeded(Path(settings.url()), str(error), server=server_name(settings),
                                 user=settings.user) from error
        raise team_error(error, settings, connecting=True) from error
    try:
        yield conn
    except psycopg.Error as error:
        raise team_error(error, settings, connecting=False) from error
    finally:
        conn.close()


# --- what the commands do ------------------------------------------------------------------------


def create(settings: TeamSettings, password: str | None) -> list[str]:
    """:func:`~composer.core.storage.postgres.team.create_team` as the administrator ``settings`` names.

    Returns the migrations applied (none on a team database already up to
    date). :class:`~composer.core.storage.postgres.team.TeamSetupError` for a
    server or database that cannot hold a team.
    """
    with connect(settings, password, admin=True) as conn:
        return setup.create_team(conn)


def add(settings: TeamSettings, password: str | None, login: str, new_password: str, kinds: list[str]) -> None:
    """Make ``login`` with ``new_password``, a member of ``kinds`` (``writer``, ``approver``, ``register``).

    ``ValueError`` (translated) for a name that cannot be a login, before
    connecting; :class:`ColleagueExists`, :class:`TeamNotMade`.
    """
    from psycopg import errors

    roles.check_login(login)
    with connect(settings, password, admin=True) as conn:
        try:
            roles.add_colleague(conn, login, new_password, *kinds)
        except errors.DuplicateObject as error:
            raise ColleagueExists(_("A login called {login} already exists on this server (logins are shared by "
                                    "every database on it): choose another name.").format(login=login)) from error
        except errors.UndefinedObject as error:
            raise TeamNotMade(_("{server} holds no team library yet: make it first with "
                                "post-composer team create.").format(server=server_name(settings))) from error


def log_in(settings: TeamSettings, password: str, path: Path | None = None) -> frozenset[str]:
    """Log in as ``settings``' colleague; the login's team roles (``writer``, ``approver``, ``register``).

    What :func:`~composer.core.storage.postgres.opening.open_team` checks,
    without opening a store: the roles are never empty (else
    :class:`~composer.core.storage.errors.NoTeamRole`) and the schema is this
    app's (else ``TeamSchemaOld`` or ``TeamSchemaNewer``). ``path``: the
    ``team.json`` the errors name.
    """
    from composer.core.storage.postgres import opening

    where_file = path if path is not None else Path(settings.url())
    db = opening.connect(settings, password, where_file)
    try:
        opening.check_schema(db, settings, where_file)
        return opening.read_access(db, settings, where_file).roles
    except PostgresError as error:
        raise team_error(error, settings, connecting=False) from error
    finally:
        db.close()


# --- a workstation joining or leaving ----------------------------------------------------------------


class SettingsNotWritten(ValueError):
    """``team.json`` could not be written (a full disk, no permission); the message (translated) says so."""


def join(data_dir: Path, settings: TeamSettings, password: str) -> tuple[frozenset[str], TeamSettings | None]:
    """Make ``data_dir`` use the team library ``settings`` names, as ``team join`` and the app's dialog do.

    Logs in first (:func:`log_in`: a :class:`TeamError` when the server, the
    password, the roles or the schema do not do), then keeps the password in
    the credential store
    (:class:`~composer.core.storage.postgres.credentials.CredentialStoreUnavailable`
    when there is none) and the address in ``team.json``
    (:class:`SettingsNotWritten`; the password is then forgotten again).
    Returns the login's roles and the team library the folder used before,
    if another one (its password is forgotten).
    """
    from composer.core.storage.postgres import credentials

    try:
        earlier = credentials.load(data_dir)
    except credentials.TeamSettingsError:  # damaged: replaced below
        earlier = None
    kinds = log_in(settings, password)
    credentials.store_password(settings, password)
    try:
        credentials.save(data_dir, settings)
    except OSError as error:
        credentials.forget_password(settings)
        raise SettingsNotWritten(_("{file} could not be written: {reason}").format(
            file=credentials.settings_path(data_dir), reason=error.strerror or error)) from error
    if earlier is not None and earlier != settings:
        credentials.forget_password(earlier)
        return kinds, earlier
    return kinds, None


def leave(data_dir: Path) -> tuple[TeamSettings | None, str | None]:
    """Make ``data_dir`` use its local library again: ``team.json`` and the kept password forgotten.

    Returns the team library it used (``None``: none), and a note (translated)
    when the credential store could not be reached (nothing can have been kept
    there then). A damaged ``team.json`` is removed all the same, and its
    :class:`~composer.core.storage.postgres.credentials.TeamSettingsError`
    raised afterwards to say so.
    """
    from composer.core.storage.postgres import credentials

    try:
        settings = credentials.load(data_dir)
    except credentials.TeamSettingsError:
        credentials.forget(data_dir)
        raise
    if settings is None:
        return None, None
    note = None
    try:
        credentials.forget_password(settings)
    except credentials.CredentialStoreUnavailable as error:
        note = str(error)
    credentials.forget(data_dir)
    return settings, note
