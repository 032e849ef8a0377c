"""Test configuration: Qt offscreen, English messages, never the real data folder; the shared fixtures.

Fixtures for every test: ``data_dir`` (an empty data folder), ``store`` (a
store open on it), ``messages`` and ``start`` (a session with its window);
``pg_server`` and ``pg_tls`` (a real PostgreSQL server) come from the plugin
``tests/pg_server.py``. Helpers that are no fixtures live in ``tests/helpers/``
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


@pytest.fixture
def store(data_dir):
    """A store open on ``data_dir``, closed after the test."""
    from composer.core.storage.store import Store

    opened = Store.open(data_dir)
    yield opened
    opened.close()


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
