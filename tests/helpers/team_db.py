"""Team databases for the tests: made on the test server with colleagues' logins, emptied between tests.

``People`` maps each login to its password and roles. :class:`TeamDb` is one
such database: its settings and a store as any of its people.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

People = dict[str, tuple[str, tuple[str, ...]]]


def make_team(server: Any, prefix: str, people: People) -> str:
    """A new database on ``server`` made by ``create_team``, with a login for each of ``people``; its name."""
    import psycopg

    from composer.core.storage.postgres import roles
    from composer.core.storage.postgres import team as setup

    dbname: str = server.create_database(prefix)
    with psycopg.connect(server.admin_dsn(dbname), autocommit=True) as admin:
        setup.create_team(admin)
        for login, (password, kinds) in people.items():
            admin.execute(f'DROP ROLE IF EXISTS "{login}"')
            roles.add_colleague(admin, login, password, *kinds)
    return dbname


def drop_logins(server: Any, people: People) -> None:
    """The logins of ``people`` gone from ``server`` (logins belong to the whole cluster, not one database)."""
    import psycopg

    with psycopg.connect(server.admin_dsn(), autocommit=True) as admin:
        for login in people:
            admin.execute(f'DROP ROLE IF EXISTS "{login}"')


def empty_team(server: Any, dbname: str) -> None:
    """Every table of the team's schema emptied, as the superuser with no trigger firing (the consent history's
    append-only rule among them: every table is emptied anyway)."""
    import psycopg

    with psycopg.connect(server.admin_dsn(dbname), autocommit=True) as admin:
        admin.execute("SET session_replication_role = replica")
        for (name,) in admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'composer'"
                                     " AND tablename <> 'schema_migrations'").fetchall():
            admin.execute(f"DELETE FROM composer.{name}")


@dataclass
class TeamDb:
    """A team database on the test server and its people."""

    server: Any
    dbname: str
    people: People

    def settings(self, login: str, port: int | None = None) -> Any:
        from composer.core.storage.postgres import credentials

        return credentials.make(self.server.host, port or self.server.port, self.dbname, login, "disable")

    def store(self, login: str, data_dir: Path) -> Any:
        """A store as ``login`` (setting up, or reading back behind the windows' backs)."""
        from composer.core.storage.postgres.opening import open_team

        return open_team(self.settings(login), self.people[login][0], data_dir)
