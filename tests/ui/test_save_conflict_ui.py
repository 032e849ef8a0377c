"""Two people, one draft (issue 12, point 7): a colleague saves the open draft while the author writes.

Nothing is overwritten: the window shows the colleague's text beside the author's, the author chooses, and the
text left behind stays in the draft's history. Here the colleague is a second connection to the same local
file; on the team database the same saver and window work through the server (tests/pg/test_pg_conflicts.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from composer.core.storage.store import Store
from composer.ui.window.save_conflict import ConflictDialog
from tests.ui_helpers import append, type_text


@pytest.fixture
def conflicted(qtbot, start, data_dir):
    """A window whose open draft a colleague saved after the author's text was started from."""
    window = start().window
    edit = window.editor.editors[""]
    type_text(edit, "Voorleesuurtje zaterdag")
    assert window.save_now()
    colleague = Store.attach(window.store.path, 5000)
    stored = colleague.get(window.current.id)
    colleague.save(replace(stored, text="Voorleesuurtje zaterdag om 10 uur, met Els"), "Els Claes")
    type_text(edit, " voor kleuters")
    window.save_now()
    qtbot.waitUntil(lambda: isinstance(window.switcher.conflict_dialog, ConflictDialog))
    yield window, colleague
    colleague.close()


def test_a_colleagues_newer_text_is_never_overwritten_and_both_are_shown(conflicted):
    window, colleague = conflicted
    dialog = window.switcher.conflict_dialog
    assert dialog.theirs_view.toPlainText() == "Voorleesuurtje zaterdag om 10 uur, met Els"
    assert dialog.mine_view.toPlainText() == "Voorleesuurtje zaterdag voor kleuters"
    assert colleague.get(window.current.id).text == "Voorleesuurtje zaterdag om 10 uur, met Els"
    assert "Voorleesuurtje zaterdag voor kleuters" in [h["text"] for h in colleague.history(window.current.id)]
    assert not window.editor.isEnabled()  # no third version typed while the author chooses


def test_keep_mine_saves_it_and_keeps_the_colleagues_in_the_history(qtbot, conflicted):
    window, colleague = conflicted
    window.switcher.conflict_dialog.keep_mine.click()
    assert window.save_now()
    assert colleague.get(window.current.id).text == "Voorleesuurtje zaterdag voor kleuters"
    kept = [h["text"] for h in colleague.history(window.current.id)]
    assert "Voorleesuurtje zaterdag om 10 uur, met Els" in kept
    assert window.editor.isEnabled() and window.switcher.conflict_dialog is None
    append(window.editor.editors[""], "!")  # typing on saves as before: no second conflict
    assert window.save_now()
    assert colleague.get(window.current.id).text == "Voorleesuurtje zaterdag voor kleuters!"


def test_take_theirs_shows_it_and_keeps_mine_in_the_history(qtbot, conflicted):
    window, colleague = conflicted
    window.switcher.conflict_dialog.take_theirs.click()
    assert window.editor.editors[""].toPlainText() == "Voorleesuurtje zaterdag om 10 uur, met Els"
    append(window.editor.editors[""], ".")
    assert window.save_now()
    assert colleague.get(window.current.id).text == "Voorleesuurtje zaterdag om 10 uur, met Els."
    assert "Voorleesuurtje zaterdag voor kleuters" in [h["text"] for h in colleague.history(window.current.id)]


def test_esc_decides_nothing_and_the_next_save_asks_again(qtbot, conflicted):
    window, colleague = conflicted
    window.switcher.conflict_dialog.reject()
    qtbot.waitUntil(lambda: window.switcher.conflict_dialog is None)
    assert window.editor.isEnabled()
    append(window.editor.editors[""], "?")
    window.save_now()
    qtbot.waitUntil(lambda: window.switcher.conflict_dialog is not None)
    assert colleague.get(window.current.id).text == "Voorleesuurtje zaterdag om 10 uur, met Els"
