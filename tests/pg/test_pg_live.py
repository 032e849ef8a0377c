"""Live on the team database (issue 12, points 6 and 7): what a colleague changes is heard, who has a draft open.

Two colleagues log in on the session's team database; one changes a draft,
records a withdrawal, changes the house style, opens a draft, and the
other's :class:`Listener` hears it from the server (``LISTEN``/``NOTIFY``),
without asking. A listener whose connection is cut connects again by itself
and says so. How fast a withdrawal is heard is measured in
``bench/team_live.py``, not here.
"""

from __future__ import annotations

import queue
import time
from dataclasses import replace

import pytest

from composer.core import consent as c
from composer.core.storage.postgres.credentials import make
from composer.core.storage.postgres.listening import RECONNECTED, Change, Listener
from tests.helpers.consent import AUTHOR, terms
from tests.helpers.processes import wait_until

WAIT_S = 10  # generous: a notification arrives within milliseconds on this machine


class Heard:
    """What a store's listener heard, in order; ``connections``: what it said about its connection."""

    def __init__(self, store):
        self.changes: queue.Queue[Change] = queue.Queue()
        self.connections: queue.Queue[bool] = queue.Queue()
        self.listener = store.listen(self.changes.put, self.connections.put)
        assert self.listener is not None and self.listener.wait_connected(WAIT_S)
        assert self.connections.get(timeout=WAIT_S) is True

    def wait_for(self, **wanted) -> Change:
        """The first change heard with every field as ``wanted`` (others heard before it are passed over)."""
        deadline = time.monotonic() + WAIT_S
        while (left := deadline - time.monotonic()) > 0:
            try:
                change = self.changes.get(timeout=left)
            except queue.Empty:
                break
            if all(getattr(change, name) == value for name, value in wanted.items()):
                return change
        raise AssertionError(f"no change {wanted} heard within {WAIT_S} s")

    def nothing_more(self, seconds: float = 0.5, **wanted) -> bool:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                change = self.changes.get(timeout=left)
            except queue.Empty:
                return True
            if all(getattr(change, name) == value for name, value in wanted.items()):
                return False
        return True


@pytest.fixture
def hear():
    made: list[Heard] = []

    def listen(store) -> Heard:
        made.append(Heard(store))
        return made[-1]

    yield listen
    for heard in made:
        assert heard.listener.stop(5)


def test_a_colleagues_new_and_changed_draft_is_heard_with_who_did_it(open_as, hear):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    at_bert = hear(bert)
    draft = an.create("An", text="Nieuw: het zomerleesprogramma")
    assert at_bert.wait_for(table="drafts", op="insert", draft_id=draft.id).by == "an_writer"
    an.save(replace(draft, text="Nieuw: het zomerleesprogramma, met quiz"), "An")
    change = at_bert.wait_for(table="drafts", op="update", draft_id=draft.id)
    assert (change.key, change.by, change.register) == (str(draft.id), "an_writer", False)


def test_a_withdrawal_recorded_by_the_register_keeper_is_heard_by_a_writer(open_as, hear):
    an, eva = open_as("an_writer"), open_as("eva_register")
    person = c.add_person(eva, "Jan Janssens", AUTHOR)
    record = c.grant_consent(eva, person.id, terms(), AUTHOR)
    at_an = hear(an)
    c.withdraw(eva, record_id=record, received_how="email", author=AUTHOR)
    change = at_an.wait_for(table="consent_events", op="insert")
    assert (change.key, change.by, change.register) == (str(record), "eva_register", True)


def test_the_house_style_changed_by_an_approver_is_heard(open_as, hear):
    an, carla = open_as("an_writer"), open_as("carla_approver")
    at_an = hear(an)
    carla.set_setting("house_style", {"hashtags": ["#bib"]})
    assert at_an.wait_for(table="settings", key="house_style").by == "carla_approver"


def test_what_is_rolled_back_is_never_heard(open_as, hear):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    draft = an.create("An", text="Blijft zoals het is")
    at_bert = hear(bert)
    with pytest.raises(RuntimeError), an.atomic():
        an.save(replace(draft, text="Nooit bewaard"), "An")
        raise RuntimeError("the user cancelled")
    assert at_bert.nothing_more(0.5, table="drafts", draft_id=draft.id)


def test_who_else_has_a_draft_open(open_as, hear, team):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    draft = an.create("An", text="Samen aan één bericht")
    at_an = hear(an)
    an.mark_open(draft.id)
    bert.mark_open(draft.id)
    assert at_an.wait_for(table="presence", op="insert", by="bert_writer").draft_id == draft.id
    assert an.open_by_others(draft.id) == ["bert_writer"]
    assert bert.open_by_others(draft.id) == ["an_writer"]
    bert.mark_open(draft.id)  # a sign of life every 30 seconds: no news for the others
    assert at_an.nothing_more(0.5, table="presence", by="bert_writer")
    bert.mark_closed(draft.id)
    assert at_an.wait_for(table="presence", op="delete", draft_id=draft.id).key == "bert_writer"
    assert an.open_by_others(draft.id) == []


def test_a_colleague_not_heard_of_for_90_seconds_has_no_longer_the_draft_open(open_as, team):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    draft = an.create("An", text="Wie kijkt er nog mee?")
    bert.mark_open(draft.id)
    admin = team.admin()
    admin.execute("ALTER TABLE presence DISABLE TRIGGER presence_own")
    try:
        admin.execute("UPDATE presence SET seen_at = clock_timestamp() - interval '91 seconds'"
                      " WHERE draft_id = %s", [draft.id])
    finally:
        admin.execute("ALTER TABLE presence ENABLE TRIGGER presence_own")
    assert an.open_by_others(draft.id) == []
    bert.mark_open(draft.id)
    assert an.open_by_others(draft.id) == ["bert_writer"]


def test_nobody_says_a_colleague_has_a_draft_open_or_closes_it_for_them(open_as, as_):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    draft = an.create("An", text="Van mij")
    bert.mark_open(draft.id)
    conn = as_("an_writer")
    conn.execute("DELETE FROM presence WHERE draft_id = %s", [draft.id])  # Bert's row stays
    assert an.open_by_others(draft.id) == ["bert_writer"]
    with pytest.raises(Exception, match="permission denied"):
        conn.execute("INSERT INTO presence (login, draft_id) VALUES ('carla_approver', %s)", [draft.id])
    an.mark_open(draft.id)
    assert bert.open_by_others(draft.id) == ["an_writer"]


def test_a_listener_whose_connection_is_cut_connects_again_and_says_so(open_as, hear, team):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    at_bert = hear(bert)
    admin = team.admin()
    cut = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE usename = 'bert_writer' AND application_name = 'post-composer-live'").fetchone()
    assert cut == (1,)
    assert at_bert.connections.get(timeout=WAIT_S) is False
    assert at_bert.connections.get(timeout=WAIT_S) is True
    at_bert.wait_for(table=RECONNECTED)  # what changed meanwhile was not heard: read everything anew
    assert at_bert.listener.connections == 2
    draft = an.create("An", text="Na de onderbreking")
    assert at_bert.wait_for(table="drafts", draft_id=draft.id).by == "an_writer"


def test_a_listener_stops_at_once_and_closes_its_connection(open_as, team):
    bert = open_as("bert_writer")
    listener = bert.listen(lambda change: None)
    assert listener is not None and listener.wait_connected(WAIT_S)
    started = time.monotonic()
    assert listener.stop(5)
    assert time.monotonic() - started < 2 and not listener.connected
    admin = team.admin()
    left = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = 'bert_writer'"
                         " AND application_name = 'post-composer-live'").fetchone()
    assert left == (0,)


def test_a_listener_that_cannot_connect_keeps_trying_and_stops_when_told(pg_server):
    from tests.pg_server import free_port

    listener = Listener(f"host=127.0.0.1 port={free_port()} user=nobody dbname=nothing connect_timeout=2",
                        lambda change: None)
    listener.start()
    try:
        time.sleep(0.6)
        assert not listener.connected and listener.problem
    finally:
        assert listener.stop(5)


def test_the_local_file_has_no_listener_and_nobody_else_has_a_draft_open(tmp_path):
    from composer.core.storage.store import Store

    store = Store.open(tmp_path / "data")
    try:
        draft = store.create("An", text="Alleen")
        assert store.listen(lambda change: None) is None
        store.mark_open(draft.id)
        assert store.open_by_others(draft.id) == []
        store.mark_closed(draft.id)
    finally:
        store.close()


def test_a_payload_that_is_not_ours_is_left_out():
    assert Change.parse("not json") is None
    assert Change.parse('{"op": "insert"}') is None
    assert Change.parse('{"table": "drafts", "op": "update", "id": "7", "draft_id": 7, "by": "an"}') == Change(
        "drafts", "update", "7", 7, "an")


def test_the_saver_says_which_draft_is_open_here_until_the_window_closes(open_as, team, pg_server, monkeypatch):
    from composer.core.storage.postgres import credentials
    from composer.core.storage.saver import Saver

    an, bert = open_as("an_writer"), open_as("bert_writer")
    first, second = an.create("An", text="Het eerste"), an.create("An", text="Het tweede")
    credentials.save(an.data_dir, make(pg_server.host, pg_server.port, team.dbname, "an_writer", "disable"))
    monkeypatch.setattr(credentials, "password", lambda settings: team.colleagues[settings.user][0])
    saver = Saver(an.path, retry_s=0.1)
    try:
        saver.show_open(first.id)
        wait_until(lambda: bert.open_by_others(first.id) == ["an_writer"], WAIT_S)
        saver.show_open(second.id)  # another draft: the first is closed
        wait_until(lambda: (bert.open_by_others(first.id), bert.open_by_others(second.id)) == ([], ["an_writer"]),
                   WAIT_S)
        assert an.open_by_others(second.id) == []  # oneself left out
    finally:
        assert saver.close()
    assert bert.open_by_others(second.id) == []


def test_asking_the_local_file_for_a_listener_loads_no_driver(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from composer.core.storage.store import Store\n"
            "store = Store.open(Path(sys.argv[1])); assert store.listen(print) is None\n"
            "store.mark_open(store.create('An').id); store.close()\n"
            "assert 'psycopg' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")]).returncode == 0
