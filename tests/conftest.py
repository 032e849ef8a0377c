"""Test configuration: Qt offscreen, English messages, never the real data folder; the shared fixtures.

Fixtures for every test: ``data_dir`` (an empty data folder), ``store`` (a
store open on it), ``saver_path`` (where a saver finds that store), ``messages`` and
``start`` (a session with its window);
``pg_server`` and ``pg_tls`` (a real PostgreSQL server) come from the plugin
``tests/pg_server.py``.

``store`` runs every test that asks for it twice: on the local SQLite file
(``[sqlite]``) and on a team database on the test server (``[postgresql]``),
logged in as a colleague with all three roles; the team database is made
once per run and emptied before each test. A test about the SQLite file
itself (damage, WAL, repair, backups) says so with
``@pytest.mark.sqlite_only("why")`` and runs on SQLite alone. Without
PostgreSQL's programs the ``[postgresql]`` variants are skipped (with
``COMPOSER_PG_REQUIRED=1`` they fail). Helpers that are no fixtures live in ``tests/helpers/``
and ``tests/ui_helpers.py``: no test module imports another.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest  # noqa: E402

from composer.core import i18n  # noqa: E402

pytest_plugins = ["tests.pg_server"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Point the default data folder at a temporary one and reset the language to English."""
    monkeypatch.setattr("composer.core.storage.paths.default_data_dir", lambda: tmp_path / "default-data")
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


#: The back ends every test of the ``store`` fixture runs on.
BACK_ENDS = ("sqlite", "postgresql")
#: The colleague the generic tests log in as on the team database: writer, approver and register keeper.
ALL_ROLES_LOGIN, ALL_ROLES_PASSWORD = "fay_all_roles", "fay-secret"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about the SQLite file itself; "
                                       "the store fixture gives it the local file only")


def pytest_generate_tests(metafunc):
    """``store`` on each back end, but on SQLite alone for a test marked ``sqlite_only``."""
    if "store" in metafunc.fixturenames:
        sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("store", BACK_ENDS[:1] if sqlite_only else BACK_ENDS, indirect=True)


class TeamLibrary:
    """The run's team database for the ``store`` fixture, and how to empty it (as the administrator)."""

    def __init__(self, server, dbname: str):
        self.server, self.dbname = server, dbname
        self._admin = None

    def settings(self):
        from composer.core.storage.postgres.credentials import make

        return make(self.server.host, self.server.port, self.dbname, ALL_ROLES_LOGIN, "disable")

    def empty(self) -> None:
        """Every table of the team's schema emptied, ids from 1 again.

        As the superuser with ``session_replication_role = replica``, so that no trigger fires (the consent
        history's append-only rule, the foreign keys': every table is emptied anyway). ``DELETE`` rather
        than ``TRUNCATE``: ~10 ms instead of ~80 ms per test on these small tables.
        """
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.server.admin_dsn(self.dbname), autocommit=True)
            self._admin.execute("SET session_replication_role = replica")
            tables = self._admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'composer'"
                                         " AND tablename <> 'schema_migrations'").fetchall()
            sequences = self._admin.execute(
                "SELECT pg_get_serial_sequence(format('composer.%I', table_name), column_name)"
                " FROM information_schema.columns WHERE table_schema = 'composer' AND is_identity = 'YES'"
            ).fetchall()
            self._emptying = "; ".join([f"DELETE FROM composer.{name}" for (name,) in tables]
                                       + [f"SELECT setval('{name}', 1, false)" for (name,) in sequences])
        self._admin.execute(self._emptying)

    def close(self) -> None:
        if self._admin is not None:
            self._admin.close()


@pytest.fixture(scope="session")
def team_library(pg_server):
    """A team database made by ``create_team`` with one login in every role (see :class:`TeamLibrary`)."""
    from tests.helpers.team_db import make_team

    people = {ALL_ROLES_LOGIN: (ALL_ROLES_PASSWORD, ("writer", "approver", "register"))}
    library = TeamLibrary(pg_server, make_team(pg_server, "stores", people))
    yield library
    library.close()
    pg_server.drop_database(library.dbname)


@pytest.fixture
def store(request, data_dir):
    """A store open on ``data_dir`` (the local file), or on the team database: see the module. Closed after."""
    from composer.core.storage.store import Store

    if request.param == "sqlite":
        opened = Store.open(data_dir)
    else:
        from composer.core.storage.postgres.opening import open_team

        library = request.getfixturevalue("team_library")
        library.empty()
        opened = open_team(library.settings(), ALL_ROLES_PASSWORD, data_dir)
    yield opened
    opened.close()


@pytest.fixture
def saver_path(store, monkeypatch):
    """Where a :class:`Saver` finds ``store``'s database: the file, or the team library's ``team.json``."""
    if store.db.dialect == "sqlite":
        return store.path
    from composer.core.storage.postgres import credentials

    info = store.db.raw.info
    credentials.save(store.data_dir, credentials.make(info.host, info.port, info.dbname, info.user, "disable"))
    monkeypatch.setattr(credentials, "password", lambda settings: info.password)
    return store.path


class Said(list):
    """The (title, text) of every message and question the app put to the user before its window.

    ``answers`` maps a question's title to the choice the user makes; unlisted
    questions get the default, as on a screen-less platform.
    """

    def __init__(self):
        super().__init__()
        self.answers: dict[str, str] = {}

    def ask(self, title: str, text: str, choices, default: str) -> str:
        self.append((title, text))
        return self.answers.get(title, default)


@pytest.fixture
def messages(monkeypatch):
    """What the app would have told the user before (or instead of) its window (see :class:`Said`)."""
    from composer.ui import start_messages

    said = Said()
    monkeypatch.setattr(start_messages, "show_message", lambda title, text, critical=True: said.append((title, text)))
    monkeypatch.setattr(start_messages, "ask_choice", said.ask)
    return said


@pytest.fixture
def start(qapp, data_dir, messages):
    """Start a session on ``data_dir`` with the user's name known; every session is closed after the test."""
    from composer.core.storage.store import Store
    from composer.ui.app import Session
    from tests.ui_helpers import close

    sessions: list = []

    def _start(name: str = "An Peeters", language: str = "en", house_style=None, must_start: bool = True):
        store = Store.open(data_dir)
        if store.setting("user_name") is None:
            store.set_setting("user_name", name)
        if house_style is not None:
            store.set_setting("house_style", house_style.to_dict())
        store.close()
        session = Session(qapp, data_dir, language)
        sessions.append(session)
        session.started = session.start()
        if must_start:
            assert session.started
            session.window.refresh_checks()  # as the session does once the counting libraries are loaded
        return session

    yield _start
    for session in sessions:
        close(session)


@pytest.fixture
def keys():
    """A credential store in memory for the test (``tests/helpers/keyrings.py``): never the computer's own."""
    from tests.helpers.keyrings import memory_keyring

    with memory_keyring() as store:
        yield store
