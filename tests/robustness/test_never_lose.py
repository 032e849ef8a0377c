"""Nothing typed is lost: a locked database, steady typing, switching drafts and languages, SIGTERM, Esc."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from composer.core.storage.store import Store
from tests.faults.trials import read_until_typed, start_typing_child
from tests.faults.typing_child import typed_text
from tests.helpers.drafts import ALT, ready_draft_in, stored_text
from tests.ui_helpers import append, close, open_window, type_text


def journaled(data_dir: Path, draft_id: int) -> bool:
    from composer.core.storage.journal import (
        Journal,  # here, so that the tests run (and fail) on code without a journal
    )

    return Journal(data_dir).has("draft", draft_id)


class WriteLock:
    """Another program (a backup or sync tool) holding the database's write lock."""

    def __init__(self, data_dir: Path):
        self.conn = sqlite3.connect(data_dir / "composer.db", isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn is not None:
            self.conn.execute("ROLLBACK")
            self.conn.close()
            self.conn = None


@pytest.fixture
def two_drafts(data_dir):
    store = Store.open(data_dir)
    store.set_setting("user_name", "An Peeters")
    first = store.create("An Peeters", text="Eerste bericht")
    second = store.create("An Peeters", text="Tweede bericht")
    store.set_setting("last_draft_id", first.id)
    store.close()
    return first.id, second.id


@pytest.fixture
def lock(data_dir):
    held: list[WriteLock] = []

    def take() -> WriteLock:
        held.append(WriteLock(data_dir))
        return held[-1]

    yield take
    for one in held:
        one.release()


def test_switching_drafts_while_a_save_fails_keeps_the_text_and_saves_it_later(qtbot, start, data_dir, two_drafts,
                                                                                lock):
    first, second = two_drafts
    window = start().window
    assert window.current.id == first
    holder = lock()
    edit = window.editor.editors[""]
    append(edit, ", met café ☕")
    window.open_draft(second)  # the save of the first cannot be written now
    qtbot.waitUntil(lambda: "Not saved yet" in window.save_error.text(), timeout=10_000)
    assert "recovery file" in window.save_error.text()
    assert journaled(data_dir, first)
    assert stored_text(data_dir, first) == "Eerste bericht"
    window.open_draft(first)  # back again: the text as typed, not as stored
    assert edit.toPlainText() == "Eerste bericht, met café ☕"
    window.open_draft(second)
    holder.release()
    qtbot.waitUntil(lambda: stored_text(data_dir, first) == "Eerste bericht, met café ☕", timeout=10_000)
    assert stored_text(data_dir, second) == "Tweede bericht"
    qtbot.waitUntil(lambda: not journaled(data_dir, first), timeout=5000)
    qtbot.waitUntil(lambda: window.save_error.text() == "", timeout=5000)


def test_the_language_switch_while_a_save_fails_keeps_the_text(qtbot, start, data_dir, two_drafts, lock):
    first, _second = two_drafts
    session = start()
    holder = lock()
    append(session.window.editor.editors[""], " — nog meer")
    session.window.language_requested.emit("nl")
    assert session.window.editor.editors[""].toPlainText() == "Eerste bericht — nog meer"
    holder.release()
    qtbot.waitUntil(lambda: stored_text(data_dir, first) == "Eerste bericht — nog meer", timeout=10_000)


def test_text_kept_in_the_journal_is_saved_at_the_next_start(qtbot, start, data_dir, two_drafts, lock, messages):
    """Quit while another program holds the database: the window closes, the text waits in the journal."""
    first, _second = two_drafts
    session = start()
    holder = lock()
    append(session.window.editor.editors[""], " (na het sluiten)")
    close(session)
    assert stored_text(data_dir, first) == "Eerste bericht"
    assert journaled(data_dir, first)
    holder.release()
    again = start()
    qtbot.waitUntil(lambda: stored_text(data_dir, first) == "Eerste bericht (na het sluiten)", timeout=10_000)
    assert again.window.editor.editors[""].toPlainText() == "Eerste bericht (na het sluiten)"
    assert any(title == "Text recovered" for title, _text in messages)
    assert any(version["text"] == "Eerste bericht" for version in again.store.history(first))


def test_steady_typing_reaches_the_database_while_typing_goes_on(qtbot, start, data_dir):
    """No pause of half a second ever: the text must still be saved while typing continues."""
    window = start().window
    edit = window.editor.editors[""]
    draft_id = window.current.id
    stored_while_typing = []
    for n in range(1, 31):  # 30 keys, 0.1 s apart: 3 s of steady typing
        type_text(edit, typed_text(n)[-1])
        qtbot.wait(100)
        stored_while_typing.append(stored_text(data_dir, draft_id))
    assert stored_while_typing[-1], "nothing reached the database during 3 s of typing"
    assert typed_text(30).startswith(stored_while_typing[-1])
    assert len(stored_while_typing[-1]) >= 20  # at most a second (10 keys) behind


def test_typing_and_autosave_never_write_on_the_window_thread(qtbot, start, data_dir):
    """Saving runs on the saver's thread: a lock held by another program can never freeze typing."""
    window = start().window
    statements: list[str] = []
    window.store.db.trace(statements.append)
    try:
        type_text(window.editor.editors[""], "Snel getypt")
        qtbot.waitUntil(lambda: stored_text(data_dir, window.current.id) == "Snel getypt", timeout=5000)
    finally:
        window.store.db.trace(None)
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE", "BEGIN"))]
    assert writes == []


def test_esc_on_export_done_closes_the_message_and_the_app_goes_on(qtbot, start, data_dir, tmp_path):
    window, _fake = open_window(start, data_dir, photo=True)
    ui = window.export_ui
    ui.choose_folder = lambda parent, done: done(str(tmp_path / "out"))
    ui.export()
    qtbot.waitUntil(lambda: ui.message_box is not None, timeout=20_000)
    box = ui.message_box
    assert box.windowTitle() == "Export done"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # crashed the app (a deleted Escape button)
    qtbot.waitUntil(lambda: ui.message_box is None)
    append(window.editor.editors[""], " Na de export.")
    assert window.save_now()
    assert stored_text(data_dir, window.current.id).endswith("Na de export.")


def test_esc_on_the_replace_question_keeps_the_export(qtbot, start, data_dir, tmp_path):
    window, _fake = open_window(start, data_dir, photo=True)
    ui = window.export_ui
    out = tmp_path / "out"
    ui.choose_folder = lambda parent, done: done(str(out))
    ui.export()
    qtbot.waitUntil(lambda: ui.message_box is not None, timeout=20_000)
    ui.export()  # again: it asks before replacing
    qtbot.waitUntil(lambda: ui.message_box is not None and ui.message_box.icon() == QMessageBox.Icon.Question,
                    timeout=20_000)
    box = ui.message_box
    (folder,) = out.iterdir()
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: ui.message_box is None)
    assert not ui.busy
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_termination_signal_saves_like_quit(data_dir, name):
    """Log-out, shutdown and ``kill``: the final save runs (no autosave could have: it is set to 100 s)."""
    child = start_typing_child(data_dir, "--autosave-ms", "100000", "--chars", "40")
    try:
        draft_id = read_until_typed(child, 40)
        child.send_signal(getattr(signal, name))
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0
    assert stored_text(data_dir, draft_id) == typed_text(40)
    assert not (data_dir / "composer.lock").read_bytes()  # the lock let go


def test_the_session_managers_end_of_session_saves(qtbot, start, data_dir, monkeypatch):
    from composer.ui.window import draft_switching

    monkeypatch.setattr(draft_switching, "AUTOSAVE_MS", 100_000)  # no autosave: the session's save does it
    session = start()
    type_text(session.window.editor.editors[""], "Voor het afmelden")
    session.save_everything()
    assert stored_text(data_dir, session.window.current.id) == "Voor het afmelden"


def stored_alt_texts(data_dir: Path, draft_id: int) -> list[str]:
    conn = sqlite3.connect(data_dir / "composer.db")
    try:
        return [row[0] for row in conn.execute("SELECT alt_text FROM draft_photos WHERE draft_id = ? ORDER BY position",
                                               [draft_id])]
    finally:
        conn.close()


def test_an_alt_text_typed_while_a_save_fails_survives_switching_drafts(qtbot, start, data_dir, lock):
    with_photo = ready_draft_in(data_dir, photo=True)
    other = Store.open(data_dir)
    other_id = other.create("An Peeters", text="Ander bericht").id
    other.set_setting("last_draft_id", with_photo)
    other.close()
    window = start().window
    view = window.photos.view()
    qtbot.waitUntil(lambda: view.strip.count() == 1)
    view.strip.setCurrentRow(0)
    holder = lock()
    append(view.details.alt_text, ", in de leeszaal")
    window.open_draft(other_id)
    window.open_draft(with_photo)
    view.strip.setCurrentRow(0)
    assert view.details.alt_text.toPlainText() == f"{ALT}, in de leeszaal"
    holder.release()
    qtbot.waitUntil(lambda: stored_alt_texts(data_dir, with_photo) == [f"{ALT}, in de leeszaal"], timeout=10_000)


def test_steady_typing_of_an_alt_text_reaches_the_database(qtbot, start, data_dir):
    draft_id = ready_draft_in(data_dir, photo=True)
    window = start().window
    view = window.photos.view()
    qtbot.waitUntil(lambda: view.strip.count() == 1)
    view.strip.setCurrentRow(0)
    view.details.alt_text.clear()
    for n in range(1, 31):
        type_text(view.details.alt_text, typed_text(n)[-1])
        qtbot.wait(100)
    (stored,) = stored_alt_texts(data_dir, draft_id)
    assert typed_text(30).startswith(stored) and len(stored) >= 20  # at most a second (10 keys) behind
