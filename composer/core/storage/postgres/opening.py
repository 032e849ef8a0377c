"""Opening the team library: log in, check the schema, learn the login's roles, hand back a :class:`Store`.

:func:`open_team` is the team database's counterpart of ``storage/opening.open_store``:
it connects with the settings of ``team.json`` and the password from the
credential store, and raises one of the :class:`~composer.core.storage.errors.TeamError`
errors the window and the command line explain:

- :class:`ServerUnreachable` (stopped, out of reach, a certificate that does not hold, no such database),
- :class:`WrongPassword` (the server refused the name or the password),
- :class:`NoTeamRole` (the login exists but is no writer, approver or register keeper),
- :class:`TeamSchemaOld` / :class:`TeamSchemaNewer` (the IT department upgrades the database; or this app).

The schema is never changed here: migrating is the administrator's
``post-composer team create`` (``team.py``). Who the user is comes from the
login (:class:`~composer.core.storage.access.Access`), and the server's
triggers write it into every row, whatever name the client sends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.storage.access import APPROVER, REGISTER, WRITER, Access
from composer.core.storage.errors import (
    NoTeamRole,
    PostgresError,
    ServerUnreachable,
    TeamError,
    TeamSchemaNewer,
    TeamSchemaOld,
    classify,
)
from composer.core.storage.postgres.credentials import TeamSettings, settings_path
from composer.core.storage.postgres.migrations import MIGRATIONS, SCHEMA, SCHEMA_VERSION, VERSIONS_TABLE
from composer.core.storage.postgres.roles import ROLES

if TYPE_CHECKING:
    from composer.core.storage.postgres.connection import PostgresConnection
    from composer.core.storage.store import Store

#: What :class:`Access` calls each role, and the group role on the server.
_GROUPS = {WRITER: ROLES["writer"], APPROVER: ROLES["approver"], REGISTER: ROLES["register"]}


def server_name(settings: TeamSettings) -> str:
    """How messages name the team database: ``composer on db.library.be`` (in the UI's language)."""
    from composer.core.i18n import _

    return _("{database} on {server}").format(database=settings.dbname, server=settings.host)


def open_team(settings: TeamSettings, password: str | None, data_dir: Path) -> Store:
    """The team library ``settings`` names, as ``password`` logs in: a :class:`Store` (see the module).

    ``data_dir``: this workstation's data folder (``team.json``, the local
    photo cache); the store's :attr:`~Store.path` is its ``team.json``.
    """
    from composer.core.storage.store import Store

    path = settings_path(data_dir)
    db = connect(settings, password, path)
    try:
        check_schema(db, settings, path)
        access = read_access(db, settings, path)
    except BaseException as error:
        db.close()
        if isinstance(error, PostgresError):
            raise classify(error, path) or ServerUnreachable(path, str(error), server=server_name(settings),
                                                            user=settings.user) from error
        raise
    return Store(db, path, access=access)


def attach_team(data_dir: Path) -> Store:
    """Another store on the team library ``data_dir`` uses (``team.json``, the password in the credential
    store): for another thread (the saver, an export), as ``Store.attach`` gives for the local file."""
    from composer.core.storage.postgres import credentials

    path = settings_path(data_dir)
    try:
        settings = credentials.load(data_dir)
        password = credentials.password(settings) if settings is not None else None
    except (credentials.TeamSettingsError, credentials.CredentialStoreUnavailable) as error:
        raise TeamError(path, str(error)) from error
    if settings is None:
        raise TeamError(path, "this data folder uses no team library (no team.json)")
    return open_team(settings, password, data_dir)


def connect(settings: TeamSettings, password: str | None, path: Path) -> PostgresConnection:
    """A :class:`PostgresConnection` as ``settings.user``; a :class:`TeamError` when the server refuses or is away."""
    import psycopg

    from composer.core.storage.postgres.connection import PostgresConnection, wrap_error

    server, user = server_name(settings), settings.user
    try:
        raw: psycopg.Connection[Any] = psycopg.connect(settings.conninfo(password), autocommit=True)
    except psycopg.Error as error:
        wrapped = wrap_error(error, connecting=True, server=server, user=user)
        raise (classify(wrapped, path) or ServerUnreachable(path, str(wrapped), server=server, user=user)) from error
    return PostgresConnection(raw, server, user)


def check_schema(db: PostgresConnection, settings: TeamSettings, path: Path) -> None:
    """:class:`TeamSchemaOld` or :class:`TeamSchemaNewer` unless the database has exactly this app's migrations."""
    where = {"server": server_name(settings), "user": settings.user}
    if db.value("SELECT to_regclass(?)", [f"{SCHEMA}.{VERSIONS_TABLE}"]) is None:
        if db.value("SELECT to_regnamespace(?)", [SCHEMA]) is not None and \
                not db.value("SELECT has_schema_privilege(session_user, ?, 'USAGE')", [SCHEMA]):
            raise NoTeamRole(path, f"{settings.user} may not use the schema {SCHEMA}", **where)
        raise TeamSchemaOld(path, 0, SCHEMA_VERSION, **where)
    names = [str(name) for (name,) in db.all(f"SELECT name FROM {SCHEMA}.{VERSIONS_TABLE} ORDER BY version")]
    known = list(MIGRATIONS)
    if len(names) > len(known) or names != known[:len(names)]:
        raise TeamSchemaNewer(path, len(names), SCHEMA_VERSION, **where)
    if len(names) < len(known):
        raise TeamSchemaOld(path, len(names), SCHEMA_VERSION, **where)


def read_access(db: PostgresConnection, settings: TeamSettings, path: Path) -> Access:
    """The login's roles as :class:`Access`; :class:`NoTeamRole` when it has none of the team's."""
    row = db.one("SELECT session_user, " + ", ".join("pg_has_role(session_user, ?, 'MEMBER')" for _ in _GROUPS)
                 + ", has_column_privilege(?, 'contact', 'SELECT')",
                 [*_GROUPS.values(), f"{SCHEMA}.people"])
    assert row is not None
    user, *members, sees_contacts = row
    roles = frozenset(role for role, member in zip(_GROUPS, members, strict=True) if member)
    if not roles:
        raise NoTeamRole(path, f"{user} is no writer, approver or register keeper",
                         server=server_name(settings), user=settings.user)
    return Access(str(user), roles, bool(sees_contacts))
