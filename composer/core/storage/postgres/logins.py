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
