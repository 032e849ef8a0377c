"""View → Earlier versions…: the open draft's kept versions, a word diff against now, and Restore (a new version
itself; Undo in the status bar), through the window's own save."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from composer.core.storage import store as store_module
from composer.core.storage.store import Store
from composer.core.writing.versions import versions
from composer.ui.window.save_conflict import ConflictDialog
from tests.ui_helpers import activate

FIRST = "Kom vrijdag kijken naar ons getijdenboek 📚"
SECOND = "Kom zaterdag kijken naar ons prachtige getijdenboek 📚"
NOW = "Kom zaterdag kijken naar ons prachtige getijdenboek 📚 #erfgoed"


@pytest.fixture
def kept(data_dir, monkeypatch):
    """A draft whose every save was kept: FIRST by An, SECOND by Els (with an own X text), NOW by An."""
    monkeypatch.setattr(store_module, "HISTORY_EVERY", timedelta(0))
    store = Store.open(data_dir)
    store.set_setting("user_name", "An Peeters")
    draft = store.create("An Peeters", text=FIRST, networks=("instagram", "x"), purpose="event",
                         audience="students")
    store.save(replace(store.get(draft.id), text=SECOND, network_texts={"x": "Zaterdag! 📚"}), "Els Claes")
    store.save(replace(store.get(draft.id), text=NOW), "An Peeters")
    store.close()
    monkeypatch.setattr(store_module, "HISTORY_EVERY", timedelta(minutes=5))  # the window types as usual
    return draft.id


def open_panel(window):
    window.history_action.trigger()
    return window.earlier_versions.panel


def test_the_panel_lists_the_versions_newest_first_with_when_and_who(start, kept):
    window = start().window
    panel = open_panel(window)
    assert panel.isVisible() and window.history_action.shortcut().toString() == "Ctrl+Shift+H"
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(texts) == 2
    assert texts[0].startswith("today ") and "Els Claes" in texts[0] and SECOND[:20] in texts[0]
    assert "An Peeters" in texts[1] and FIRST[:20] in texts[1]
    assert "Kom zaterdag" in panel.heading.text()


def test_the_times_are_in_the_ui_language(start, kept, data_dir):
    store = Store.open(data_dir)
    store.db.execute("UPDATE draft_history SET saved_at = ? WHERE draft_id = ? AND saved_at = (SELECT min(saved_at)"
                     " FROM draft_history)", ["2025-03-03T12:00:00+00:00", kept])
    store.close()
    window = start(language="nl").window
    panel = open_panel(window)
    assert panel.list.item(1).text().startswith("3 maart 2025 ")


def test_the_selected_version_is_compared_word_by_word_with_now(start, kept):
    window = start().window
    panel = open_panel(window)
    panel.select(1)  # FIRST
    page = panel.view.toHtml()
    assert "line-through" in page and "underline" in page  # marks that are no colour alone
    plain = panel.view.toPlainText()
    assert "vrijdag" in plain and "zaterdag" in plain and "prachtige" in plain and "#erfgoed" in plain
    assert panel.legend.isVisible() and "removed" in panel.legend.text() and "added" in panel.legend.text()
    tabs = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert tabs == ["Shared text", "X"]  # X has a text of its own now
    panel.tabs.setCurrentIndex(1)
    assert "Zaterdag!" in panel.view.toPlainText()
    assert "used the shared text" in panel.note.text()


def test_the_comparison_follows_typing(qtbot, start, kept):
    window = start().window
    panel = open_panel(window)
    panel.select(0)  # SECOND: now has "#erfgoed" more
    assert "#erfgoed" in panel.view.toPlainText()
    window.editor.editors[""].setPlainText(SECOND)  # typed back to what it was
    qtbot.waitUntil(lambda: "No differences with the text now." in panel.view.toPlainText())
    assert not panel.legend.isVisible()


def test_restore_puts_the_version_back_as_a_new_version_and_keeps_the_text_before(start, kept, data_dir):
    window = start().window
    panel = open_panel(window)
    panel.select(1)
    panel.restore_button.click()

    assert window.editor.editors[""].toPlainText() == FIRST
    assert "x" not in window.editor.editors  # FIRST had no text of its own for X
    stored = window.store.get(kept)
    assert stored.text == FIRST and stored.network_texts == {}
    listed = versions(window.store, kept)
    assert listed[0].restored_from is not None and listed[0].text == FIRST
    assert any(v.text == NOW for v in listed)  # the text before the restore is still there
    assert "Restored the version of" in panel.list.item(0).text() and panel.list.currentRow() == 0
    assert "restored" in window.statusBar().currentMessage()


def test_undo_in_the_status_bar_restores_the_text_from_before(start, kept):
    window = start().window
    panel = open_panel(window)
    panel.select(1)
    panel.restore_button.click()
    undo = window.statusBar().findChild(QPushButton, "undo")
    assert undo is not None
    undo.click()
    assert window.editor.editors[""].toPlainText() == NOW
    assert window.editor.editors["x"].toPlainText() == "Zaterdag! 📚"
    assert window.store.get(kept).text == NOW
    assert {FIRST, SECOND, NOW} <= {v.text for v in versions(window.store, kept)}


def test_a_restore_never_overwrites_a_colleagues_newer_save(qtbot, start, kept):
    window = start().window
    panel = open_panel(window)
    colleague = Store.attach(window.store.path, 5000)
    try:
        colleague.save(replace(colleague.get(kept), text="Els' nieuwe tekst"), "Els Claes")
        panel.select(1)
        panel.restore_button.click()
        qtbot.waitUntil(lambda: isinstance(window.switcher.conflict_dialog, ConflictDialog))
        assert colleague.get(kept).text == "Els' nieuwe tekst"
        assert FIRST in {v.text for v in versions(colleague, kept)}  # the author's choice is kept meanwhile
    finally:
        colleague.close()


def test_ctrl_shift_h_opens_it_and_it_follows_the_open_draft(qtbot, start, kept):
    window = start().window
    activate(qtbot, window)
    qtbot.keyClick(window.editor.current_edit(), Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.earlier_versions.panel
    assert panel is not None and panel.isVisible() and panel.list.count() == 2
    window.new_draft()
    assert panel.list.count() == 0 and "No earlier versions" in panel.empty.text()
    window.open_draft(kept)
    assert panel.list.count() == 2
