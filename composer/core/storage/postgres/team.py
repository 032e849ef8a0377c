"""Making (or bringing up to date) a team database: what ``post-composer team create`` will run.

:func:`create_team` takes an administrator's connection to an existing,
empty or older team database (the IT department's ``CREATE DATABASE``) and
makes the roles, the schema, the ``unaccent`` extension, every pending
migration and the privileges, each step in its own transaction; running it
again changes nothing but what is missing. Colleagues are added with
:func:`composer.core.storage.postgres.roles.add_colleague`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.core.storage.postgres import roles
from composer.core.storage.postgres.migrations import OWNER, SCHEMA, migrate

if TYPE_CHECKING:
    import psycopg

#: The oldest server the SQL is written for (SQL-standard function bodies need 14; tested on Debian 12's 15).
MIN_SERVER_VERSION = 150000


class TeamSetupError(RuntimeError):
    """The server or the database cannot hold a team library as it is; the message says what to do."""


def check_database(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Refuse a server older than PostgreSQL 15, or a database not in UTF-8 or with the ``C`` character type.

    In the ``C`` character type PostgreSQL's text search glues every accented
    letter, quote and emoji to its word, so search would miss ``cafe`` in
    “café”: the database must be made with a UTF-8 locale.
    """
    if conn.info.server_version < MIN_SERVER_VERSION:
        raise TeamSetupError(f"PostgreSQL {conn.info.server_version // 10000} is too old: a team needs 15 or newer")
    row = conn.execute("SELECT pg_encoding_to_char(encoding), datctype FROM pg_database"
                       " WHERE datname = current_database()").fetchone()
    assert row is not None
    encoding, ctype = str(row[0]), str(row[1])
    if encoding != "UTF8" or ctype.upper() in ("C", "POSIX"):
        raise TeamSetupError(
            f"the database uses {encoding} with character type {ctype}: make it with"
            " CREATE DATABASE ... TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' (or nl_BE.UTF-8)")


def create_team(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """Roles, schema, extension, migrations and privileges in the database ``conn`` is on; the migrations applied.

    ``conn``: autocommit, as the database's owner with ``CREATEROLE`` (or a
    superuser). Idempotent: on a team database already up to date it applies
    nothing and grants the privileges anew.
    """
    if not conn.autocommit:
        raise ValueError("create_team() needs a connection in autocommit mode: each step is its own transaction")
    check_database(conn)
    roles.create_roles(conn)
    with conn.transaction():
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION {OWNER}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        conn.execute(roles.DATABASE_ACCESS)
    applied = migrate(conn)
    roles.grant_privileges(conn)
    return applied
