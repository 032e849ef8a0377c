"""Two people, one draft (issue 12, point 7): a save is conditional on the revision its text started from.

On both back ends: the revision moves on with every change of what the
author wrote (not with an approval, a status or the trash); a save from an
older revision overwrites nothing, keeps the author's text in the history and
says whose text is stored; the saver turns that into a ``conflict`` event with
both texts, once, and saves whatever is chosen afterwards.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from composer.core.storage.errors import SaveConflict
from composer.core.storage.saver import CONFLICT, SAVED, Saver
from tests.helpers.processes import wait_until


@pytest.fixture
def saver(saver_path):
    made = Saver(saver_path, retry_s=0.1)
    events: list = []
    made.listen(events.append)
    made.events = events
    yield made
    made.close()


def test_the_revision_moves_on_with_every_change_of_the_content_and_only_then(store):
    draft = store.create("An", text="Begin", networks=("facebook",))
    first = store.revision(draft.id)
    assert draft.revision == first >= 1
    saved = store.save(replace(draft, text="Verder"), "An")
    assert saved.revision == store.revision(draft.id) > first
    versions = store.save(replace(saved, network_texts={"facebook": "Eigen versie"}), "An")
    assert versions.revision == store.revision(draft.id) > saved.revision
    store.set_status(draft.id, "flagged")
    store.trash(draft.id)
    store.restore(draft.id)
    assert store.revision(draft.id) == versions.revision
    assert store.get(draft.id).revision == versions.revision


def test_a_save_from_the_stored_revision_is_written(store):
    draft = store.create("An", text="Begin")
    saved = store.save(replace(draft, text="Verder"), "An", expected_revision=draft.revision)
    again = store.save(replace(saved, text="Nog verder"), "An", expected_revision=saved.revision)
    assert store.get(draft.id).text == "Nog verder" and again.revision == store.revision(draft.id)


def test_a_save_from_an_older_revision_overwrites_nothing_and_keeps_the_text_in_the_history(store):
    draft = store.create("An", text="Begin")
    theirs = store.save(replace(draft, text="De tekst van Bert"), "Bert", expected_revision=draft.revision)
    with pytest.raises(SaveConflict) as conflict:
        store.save(replace(draft, text="De tekst van An"), "An", expected_revision=draft.revision)
    assert store.get(draft.id).text == "De tekst van Bert"
    assert (conflict.value.theirs.text, conflict.value.theirs.revision) == ("De tekst van Bert", theirs.revision)
    assert (conflict.value.mine.text, conflict.value.mine.revision) == ("De tekst van An", draft.revision)
    kept = store.history(draft.id)
    assert kept[0]["text"] == "De tekst van An" and kept[0]["saved_by"] == store.author("An")
    with pytest.raises(SaveConflict):  # the same text again: kept once
        store.save(replace(draft, text="De tekst van An"), "An", expected_revision=draft.revision)
    assert [version["text"] for version in store.history(draft.id)].count("De tekst van An") == 1


def test_the_same_content_as_stored_is_no_conflict(store):
    draft = store.create("An", text="Begin")
    store.save(replace(draft, text="Allebei hetzelfde"), "Bert")
    same = store.save(replace(draft, text="Allebei hetzelfde"), "An", expected_revision=draft.revision)
    assert same.revision == store.revision(draft.id)


def test_of_two_saves_from_one_revision_at_once_exactly_one_is_written(store, saver_path):
    from composer.core.storage.store import Store

    draft = store.create("An", text="Begin")
    results: list = []
    start = threading.Barrier(2, timeout=30)

    def save(text):
        other = Store.attach(saver_path, 5000)  # a connection of this thread's own, as a second workstation
        try:
            start.wait()
            results.append(other.save(replace(draft, text=text), "An", expected_revision=draft.revision).text)
        except SaveConflict as conflict:
            results.append(conflict)
        finally:
            other.close()

    threads = [threading.Thread(target=save, args=(f"Tekst {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    written = [result for result in results if isinstance(result, str)]
    refused = [result for result in results if isinstance(result, SaveConflict)]
    assert len(written) == len(refused) == 1
    assert store.get(draft.id).text == written[0] == refused[0].theirs.text
    assert refused[0].mine.text in [version["text"] for version in store.history(draft.id)]


def test_the_saver_saves_its_own_saves_one_after_another_without_a_conflict(store, saver):
    draft = store.create("An", text="Begin")
    for text in ("B", "Be", "Bewaard"):  # the window keeps the revision it opened the draft at
        saver.submit(replace(draft, text=text), "An")
        assert saver.flush(10)
    assert store.get(draft.id).text == "Bewaard"
    assert [event.kind for event in saver.events] == [SAVED, SAVED, SAVED]


def test_the_saver_reports_a_colleagues_newer_text_as_a_conflict_and_saves_what_is_chosen(store, saver):
    draft = store.create("An", text="Begin")
    store.save(replace(draft, text="De tekst van Bert"), "Bert")
    saver.submit(replace(draft, text="De tekst van An"), "An")
    assert saver.flush(10)
    (event,) = saver.events
    assert (event.kind, event.draft_id, event.draft.text, event.mine.text) == (
        CONFLICT, draft.id, "De tekst van Bert", "De tekst van An")
    assert saver.unsaved() == [] and not saver.journal.has("draft", draft.id)  # not tried again
    assert store.get(draft.id).text == "De tekst van Bert"
    assert "De tekst van An" in [version["text"] for version in store.history(draft.id)]
    saver.submit(replace(event.mine, text="Bert en An samen", revision=event.draft.revision), "An")
    assert saver.flush(10)
    assert saver.events[-1].kind == SAVED and store.get(draft.id).text == "Bert en An samen"


def test_a_journal_entry_keeps_the_revision_it_started_from(store, saver_path):
    from composer.core.storage.journal import Journal

    draft = store.create("An", text="Begin")
    journal = Journal(store.data_dir)
    journal.write("draft", draft.id, replace(draft, text="Uit het journaal"), "An")
    (entry,) = journal.entries()
    assert entry.value.revision == draft.revision
    store.save(replace(draft, text="Intussen door Bert"), "Bert")
    saver = Saver(saver_path, retry_s=0.1)
    events: list = []
    saver.listen(events.append)
    try:
        saver.adopt_journal()
        assert saver.flush(10)
    finally:
        saver.close()
    assert [event.kind for event in events] == [CONFLICT]
    assert store.get(draft.id).text == "Intussen door Bert"
    assert "Uit het journaal" in [version["text"] for version in store.history(draft.id)]


@pytest.mark.sqlite_only("another program's lock makes the save fail here; on the team database a lost server does")
def test_text_journaled_after_the_savers_own_save_is_saved_at_the_next_start_without_a_conflict(store, saver_path):
    import sqlite3

    draft = store.create("An", text="Begin")
    saver = Saver(saver_path, retry_s=0.1)
    saver.submit(replace(draft, text="Eerste zin."), "An")
    assert saver.flush(10)
    locker = sqlite3.connect(store.path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        saver.submit(replace(draft, text="Eerste zin. Tweede zin."), "An")  # the window's revision: still the first
        wait_until(lambda: saver.journal.has("draft", draft.id), 10)
        saver.close(0.2)  # the app stops before the lock goes
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    again = Saver(saver_path, retry_s=0.1)
    events: list = []
    again.listen(events.append)
    try:
        again.adopt_journal()
        assert again.flush(10)
    finally:
        again.close()
    assert [event.kind for event in events] == [SAVED]
    assert store.get(draft.id).text == "Eerste zin. Tweede zin."


def test_a_file_from_before_revisions_gives_every_draft_one_and_saves_conditionally(data_dir):
    from sqlite_utils import Database

    from composer.core.storage.migrations import migrations
    from composer.core.storage.schema import MIGRATIONS, SCHEMA_VERSION
    from composer.core.storage.store import Store

    data_dir.mkdir(parents=True)
    db = Database(data_dir / "composer.db")
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db, stop_before="0009_draft_revisions")
    db.execute(f"PRAGMA user_version = {MIGRATIONS.index('0008_crop_mats') + 1}")
    stamp = "2026-01-15T10:00:00.000000+00:00"
    db.execute("INSERT INTO drafts (text, networks, created_at, updated_at) VALUES ('Van vroeger', '[]', ?, ?)",
               [stamp, stamp])
    db.close()
    store = Store.open(data_dir)
    try:
        assert store.db.user_version() == SCHEMA_VERSION and "presence" in store.db.tables()
        old = store.get(1)
        assert (old.text, old.revision) == ("Van vroeger", 1)
        saved = store.save(replace(old, text="Van nu"), "An", expected_revision=1)
        assert saved.revision > 1
        with pytest.raises(SaveConflict):
            store.save(replace(old, text="Van later"), "An", expected_revision=1)
    finally:
        store.close()
