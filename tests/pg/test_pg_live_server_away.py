"""The server goes away while typing (issue 12, point 8): nothing typed is lost, and it is saved once it is back.

A PostgreSQL server of this module's own (never the session's, which every
other test shares) is stopped while the saver has text waiting: the text
goes into the recovery journal, newer typing too, each attempt logs in anew,
and the first attempt after the server is back saves the newest text and
empties the journal. A listener says the connection went and came back.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from composer.core.storage.errors import ConnectionLost, ServerUnreachable
from composer.core.storage.postgres import credentials
from composer.core.storage.postgres.credentials import make, settings_path
from composer.core.storage.postgres.listening import RECONNECTED
from composer.core.storage.saver import FAILED, SAVED, Saver
from composer.core.storage.store import Store
from tests.helpers.processes import wait_until
from tests.pg_server import start_server

LOGIN, PASSWORD = "an_writer", "an-secret"
WAIT_S = 30


@pytest.fixture(scope="module")
def own_server(pg_server):
    """A second server, to stop and start at will (``pg_server``: skipped without PostgreSQL, as every PG test)."""
    server = start_server(pg_server.bindir)
    yield server
    server.stop()


@pytest.fixture
def data_dir(own_server, tmp_path, monkeypatch):
    """A data folder whose ``team.json`` names a new team library on ``own_server``; the password 'kept'."""
    import psycopg

    from composer.core.storage.postgres import roles
    from composer.core.storage.postgres import team as setup

    dbname = own_server.create_database("away")
    with psycopg.connect(own_server.admin_dsn(dbname), autocommit=True) as admin:
        setup.create_team(admin)
        admin.execute(f'DROP ROLE IF EXISTS "{LOGIN}"')
        roles.add_colleague(admin, LOGIN, PASSWORD, "writer")
    folder = tmp_path / "data"
    credentials.save(folder, make(own_server.host, own_server.port, dbname, LOGIN, "disable"))
    monkeypatch.setattr(credentials, "password", lambda settings: PASSWORD)
    yield folder
    if own_server.running():
        own_server.drop_database(dbname)


def test_text_typed_while_the_server_is_away_waits_in_the_journal_and_is_saved_when_it_is_back(own_server,
                                                                                            data_dir):
    path = settings_path(data_dir)
    store = Store.attach(path, 1000)
    try:
        draft = store.create("An", text="Voor de onderbreking")
    finally:
        store.close()
    saver = Saver(path, retry_s=0.2)
    events: list = []
    saver.listen(events.append)
    try:
        saver.submit(replace(draft, text="Eerste zin."), "An")
        assert saver.flush(10)
        own_server.halt()
        try:
            saver.submit(replace(draft, text="Eerste zin. Getypt terwijl de server weg is."), "An")
            wait_until(lambda: any(event.kind == FAILED and event.journaled for event in events), WAIT_S)
            failed = next(event for event in events if event.kind == FAILED)
            assert isinstance(failed.error, (ConnectionLost, ServerUnreachable))
            newest = "Eerste zin. Getypt terwijl de server weg is. En nog meer."
            saver.submit(replace(draft, text=newest), "An")  # typing goes on: the journal follows at once
            wait_until(lambda: [entry.value.text for entry in saver.journal.entries()] == [newest], WAIT_S)
            assert saver.pending(draft.id).text == newest and saver.unsafe() == []
            time.sleep(0.5)  # a few more attempts while the server stays away: each fails, nothing is lost
            assert saver.unsaved() == [("draft", draft.id)]
        finally:
            own_server.start()
        wait_until(lambda: saver.unsaved() == [], WAIT_S)
        assert events[-1].kind == SAVED and events[-1].draft.text == newest
        assert not saver.journal.has("draft", draft.id)
    finally:
        assert saver.close()
    store = Store.attach(path, 1000)
    try:
        assert store.get(draft.id).text == newest
    finally:
        store.close()


def test_a_listener_says_the_server_went_away_and_came_back(own_server, data_dir):
    store = Store.attach(settings_path(data_dir), 1000)
    said: list[bool] = []
    heard: list = []
    listener = store.listen(heard.append, said.append)
    assert listener is not None
    try:
        assert listener.wait_connected(10)
        own_server.halt()
        try:
            wait_until(lambda: said == [True, False], WAIT_S)
        finally:
            own_server.start()
        wait_until(lambda: said == [True, False, True], WAIT_S)
        wait_until(lambda: any(change.table == RECONNECTED for change in heard), WAIT_S)
        other = Store.attach(settings_path(data_dir), 1000)
        try:
            draft = other.create("An", text="Weer bereikbaar")
        finally:
            other.close()
        wait_until(lambda: any(change.draft_id == draft.id for change in heard), WAIT_S)
    finally:
        assert listener.stop(5)
        store.close()
