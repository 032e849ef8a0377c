"""The emoji picker in the window: Ctrl+; opens it at the cursor, a search in Dutch narrows it, Enter inserts,
the recent ones come first next time, the skin tone is kept, and each emoji says what it costs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from composer.core.writing.emoji_names import TONES
from composer.ui.writing.emoji_actions import open_picker
from tests.ui_helpers import activate, close, type_text

MEDIUM = TONES[3]


def window_with_text(start, text: str = "Nieuw in de bib: !", networks=("x", "bluesky")):
    window = start().window
    for key in networks:
        window.editor.network_boxes[key].setChecked(True)
    edit = window.editor.editors[""]
    edit.setPlainText(text)
    cursor = edit.textCursor()
    cursor.setPosition(len(text) - 1)  # before the "!"
    edit.setTextCursor(cursor)
    return window, edit


def press(widget, key) -> None:
    QTest.keyClick(widget, key)


def test_the_shortcut_opens_the_picker_and_enter_inserts_the_found_emoji_at_the_cursor(qtbot, start):
    window, edit = window_with_text(start)
    activate(qtbot, window)
    edit.setFocus()
    assert window.emoji_action.shortcut() == QKeySequence("Ctrl+;")
    qtbot.keyClick(edit, Qt.Key.Key_Semicolon, Qt.KeyboardModifier.ControlModifier)
    picker = window.emoji_picker
    qtbot.waitUntil(picker.isVisible)
    type_text(picker.search, "boek")
    assert "📚" in picker.shown_texts()
    assert "book" in picker.detail.text() and "X: 2 · Bluesky: 1" in picker.detail.text()
    press(picker.search, Qt.Key.Key_Down)  # into the grid, on the first found
    for _step in range(picker.shown_texts().index("📚")):
        press(picker.view, Qt.Key.Key_Right)
    assert picker.view.currentIndex().data() == "📚"
    press(picker.view, Qt.Key.Key_Return)
    assert edit.toPlainText() == "Nieuw in de bib: 📚!"
    assert not picker.isVisible()
    assert edit.hasFocus() or not window.isActiveWindow()


def test_enter_in_the_search_takes_the_first_found_and_esc_closes_without_inserting(qtbot, start):
    window, edit = window_with_text(start, "Kom!")
    picker = open_picker(window)
    type_text(picker.search, "rood hart")
    assert picker.shown_texts()[0] == "❤️"
    press(picker.search, Qt.Key.Key_Return)
    assert edit.toPlainText() == "Kom❤️!"
    picker = open_picker(window)
    type_text(picker.search, "boek")
    press(picker.search, Qt.Key.Key_Escape)
    assert not picker.isVisible() and edit.toPlainText() == "Kom❤️!"


def test_the_recent_ones_come_first_next_time_also_after_a_restart(qtbot, start):
    session = start()
    window = session.window
    picker = open_picker(window)
    assert picker.shown_texts()[0] == "😀"
    type_text(picker.search, "book")
    picker.take(picker.model.index(picker.shown_texts().index("📚"), 0))
    picker = open_picker(window)
    assert picker.search.text() == ""
    assert picker.shown_texts()[:2] == ["📚", "😀"]
    picker.close()
    close(session)
    again = start().window
    assert open_picker(again).shown_texts()[:2] == ["📚", "😀"]
    again.emoji_picker.close()


def test_a_skin_tone_is_chosen_shown_and_kept(qtbot, start):
    window, edit = window_with_text(start, "!")
    picker = open_picker(window)
    type_text(picker.search, "duim omhoog")
    assert picker.shown_texts()[0] == "👍"
    picker.tone_buttons.button(3).click()
    assert picker.shown_texts()[0] == "👍🏽"
    press(picker.search, Qt.Key.Key_Return)
    assert edit.toPlainText() == "👍🏽!"
    picker = open_picker(window)
    assert picker.tone_buttons.checkedId() == 3
    picker.close()
    assert window.save_now() and window.own.setting("emoji_tone") == MEDIUM


def test_typing_in_the_grid_goes_on_in_the_search_and_up_goes_back(qtbot, start):
    window, _edit = window_with_text(start, "!")
    picker = open_picker(window)
    type_text(picker.search, "ha")
    press(picker.search, Qt.Key.Key_Down)
    assert picker.view.hasFocus() or not window.isActiveWindow()
    type_text(picker.view, "rt")
    assert picker.search.text() == "hart"
    press(picker.search, Qt.Key.Key_Down)
    press(picker.view, Qt.Key.Key_Up)
    assert picker.search.hasFocus() or not window.isActiveWindow()
    picker.close()


def test_each_emoji_says_its_name_and_what_it_costs_on_the_chosen_networks(qtbot, start):
    window, _edit = window_with_text(start, "!", networks=("x", "bluesky", "instagram"))
    picker = open_picker(window)
    type_text(picker.search, "heart")
    first = picker.model.index(0, 0)
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "red heart — Instagram: 2 · X: 2 · Bluesky: 1"
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == "red heart"
    type_text(picker.search, "zzqq")
    assert picker.shown_texts() == [] and picker.detail.text() == "No emoji has that name."
    picker.close()


def test_the_button_beside_the_text_opens_it_and_a_draft_in_the_trash_takes_none(qtbot, start):
    window, _edit = window_with_text(start, "!")
    window.emoji_button.click()
    assert window.emoji_picker.isVisible()
    window.emoji_picker.close()
    window.trash_draft()
    window.drafts.show_trash.setChecked(True)
    window.open_draft(window.drafts.model.id_at(0))
    assert not window.editor.isEnabled()
    assert open_picker(window) is None
    assert "trash" in window.statusBar().currentMessage()


def test_a_group_button_shows_the_catalogue_from_that_group(qtbot, start):
    window, _edit = window_with_text(start, "!")
    picker = open_picker(window)
    type_text(picker.search, "boek")
    flags = picker.group_buttons[-1]
    assert flags.toolTip() == "Flags" and flags.accessibleName() == "Flags"
    flags.click()
    assert picker.search.text() == "" and picker.view.currentIndex().data() == "🏁"
    picker.close()
