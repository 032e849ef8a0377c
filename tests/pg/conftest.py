"""The team database's tests: a real PostgreSQL server (tests/pg_server.py) and a team library on it.

The server's fixtures (``pg_server``, ``pg_tls``) come from the plugin that
``tests/conftest.py`` names. ``team`` is one team database for the session,
with a login per role; tests that need an empty database make their own with
``pg_server.create_database()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from composer.core.storage.postgres.credentials import make
from tests.helpers.team_db import make_team
from tests.pg_server import PgServer

#: The colleagues of the session's team: login, password, roles.
COLLEAGUES = {
    "an_writer": ("an-secret", ("writer",)),
    "bert_writer": ("bert-secret", ("writer",)),
    "carla_approver": ("carla-secret", ("approver",)),
    "dirk_approver": ("dirk-secret", ("approver",)),
    "eva_register": ("eva-secret", ("register",)),
}


@dataclass
class Team:
    """A team database on the test server, and connections to it as each colleague or as the administrator."""

    server: PgServer
    dbname: str
    colleagues: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=lambda: dict(COLLEAGUES))
    _open: list = field(default_factory=list)

    def connect(self, login: str, password: str | None = None, **extra: str):
        """A colleague's connection (autocommit: every statement is its own transaction), over TCP."""
        import psycopg

        conn = psycopg.connect(self.server.dsn(login, password or COLLEAGUES[login][0], self.dbname, **extra),
                               autocommit=True)
        self._open.append(conn)
        return conn

    def admin(self):
        """The superuser, over the socket."""
        import psycopg

        conn = psycopg.connect(self.server.admin_dsn(self.dbname), autocommit=True)
        self._open.append(conn)
        conn.execute("SET search_path = composer, pg_catalog")
        return conn

    def close_all(self) -> None:
        while self._open:
            self._open.pop().close()


@pytest.fixture(scope="session")
def team(pg_server: PgServer) -> Iterator[Team]:
    """A team database made by ``create_team``, with the :data:`COLLEAGUES`' logins."""
    made = Team(pg_server, make_team(pg_server, "team", COLLEAGUES))
    try:
        yield made
    finally:
        made.close_all()
        pg_server.drop_database(made.dbname)


@pytest.fixture
def as_(team: Team) -> Iterator:
    """``as_(login)``: a connection as that colleague, closed after the test."""
    opened: list = []

    def connect(login: str):
        conn = team.connect(login)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()


@pytest.fixture
def open_as(team, pg_server, tmp_path):
    """``open_as(login)``: a store on the session's team database as that colleague; closed after the test."""
    from composer.core.storage.postgres.opening import open_team

    opened = []

    def open_(login: str):
        store = open_team(make(pg_server.host, pg_server.port, team.dbname, login, "disable"),
                          team.colleagues[login][0], tmp_path / login)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()
