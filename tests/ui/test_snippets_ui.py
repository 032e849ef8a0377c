"""Snippets and hashtag groups in the window: Insert menus, the quick chooser, and the hashtag limit said first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from composer.core.house_style import HouseStyle
from tests.ui_helpers import activate, type_text

STYLE = HouseStyle(snippets={"Openingsuren": "Open ma–za, 10–18 u.", "Uitnodiging": "Iedereen welkom!"},
                   hashtag_groups={"Grafiek": ("#kunst", "#grafiek", "#affiches")})


def window_with(start, text: str, networks=("instagram",), style=STYLE, at: int | None = None):
    window = start(house_style=style).window
    for key in networks:
        window.editor.network_boxes[key].setChecked(True)
    edit = window.editor.editors[""]
    edit.setPlainText(text)
    cursor = edit.textCursor()
    cursor.setPosition(len(text) if at is None else at)
    edit.setTextCursor(cursor)
    return window, edit


def entries(menu) -> list[str]:
    return [each.text() for each in menu.actions()]


def test_insert_snippet_lists_each_by_name_and_puts_it_at_the_cursor(qtbot, start):
    from composer.ui.writing.snippet_actions import fill_snippet_menu

    window, edit = window_with(start, "Kom langs!", at=9)
    menu = fill_snippet_menu(window)
    assert entries(menu) == ["Openingsuren", "Uitnodiging"]
    assert menu.actions()[0].toolTip() == "Open ma–za, 10–18 u."
    menu.actions()[0].trigger()
    assert edit.toPlainText() == "Kom langs Open ma–za, 10–18 u.!"
    edit.undo()
    assert edit.toPlainText() == "Kom langs!"


def test_a_group_adds_only_the_tags_not_yet_in_the_text(qtbot, start):
    from composer.ui.writing.snippet_actions import fill_group_menu

    window, edit = window_with(start, "Masereel in de bib #Grafiek")
    menu = fill_group_menu(window)
    assert entries(menu) == ["Grafiek"] and menu.actions()[0].toolTip() == "#kunst #grafiek #affiches"
    menu.actions()[0].trigger()
    assert edit.toPlainText() == "Masereel in de bib #Grafiek #kunst #affiches"
    assert window.statusBar().currentMessage() == "Added #kunst #affiches; #grafiek was there already."
    menu.actions()[0].trigger()
    assert edit.toPlainText() == "Masereel in de bib #Grafiek #kunst #affiches"
    assert window.statusBar().currentMessage() == "Every tag of this group is in the text already."


def test_a_group_that_breaks_instagrams_limit_asks_first_with_the_numbers(qtbot, start):
    from composer.ui.writing.snippet_actions import insert_group

    window, edit = window_with(start, "Nieuw #boeken #bib #lezen", networks=("instagram", "x"))
    question = insert_group(window, "Grafiek")
    assert question is window.group_warning
    assert "Instagram takes at most 5 hashtags; with these tags the post would have 6." in question.text()
    assert edit.toPlainText() == "Nieuw #boeken #bib #lezen"  # nothing yet
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert edit.toPlainText() == "Nieuw #boeken #bib #lezen"
    question = insert_group(window, "Grafiek")
    next(b for b in question.buttons() if b.text() == "Insert anyway").click()
    assert edit.toPlainText() == "Nieuw #boeken #bib #lezen #kunst #grafiek #affiches"


def test_the_quick_chooser_finds_by_typing_and_enter_inserts(qtbot, start):
    window, edit = window_with(start, "Kom! ")
    activate(qtbot, window)
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    chooser = window.snippet_chooser
    assert chooser is not None and chooser.isVisible()
    assert [item.name for item in chooser.model.shown] == ["Openingsuren", "Uitnodiging", "Grafiek"]
    type_text(chooser.search, "welk")
    assert [item.name for item in chooser.model.shown] == ["Uitnodiging"]
    QTest.keyClick(chooser.search, Qt.Key.Key_Return)
    assert edit.toPlainText() == "Kom! Iedereen welkom!"
    assert not chooser.isVisible()


def test_without_snippets_the_menus_and_chooser_say_where_to_add_them(qtbot, start):
    from composer.ui.writing.snippet_actions import fill_group_menu, fill_snippet_menu, open_chooser

    window, _edit = window_with(start, "", style=HouseStyle())
    assert entries(fill_snippet_menu(window)) == ["No snippets yet: add them in Settings → House style…, Snippets tab"]
    assert not fill_group_menu(window).actions()[0].isEnabled()
    chooser = open_chooser(window)
    assert "no snippets or hashtag groups yet" in chooser.empty.text()
    chooser.close()
