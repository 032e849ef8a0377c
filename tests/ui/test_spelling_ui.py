"""Spell checking in the window: the underline, the right-click menu (suggestions, the word list, Ignore), the
draft's own language, F7, and the app without a dictionary."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from composer.core.house_style import HouseStyle, stored_house_style
from composer.core.storage.access import Access
from composer.core.writing import dictionaries
from composer.ui.writing.spell_highlighter import underlined
from composer.ui.writing.spelling_actions import CHOICES, OWN_WORDS
from tests.ui_helpers import append, settle

DUTCH = "De tentoonstellnig over Plantijns drukkers opent vrijdag in de leeszaal."
WRONG = "tentoonstellnig"


def checking(qtbot, window, text: str = DUTCH, language: str = "nl"):
    """``text`` in the shared text box, checked in ``language`` once its dictionary is open; that text box."""
    edit = window.editor.editors[""]
    edit.setPlainText(text)
    window.spelling.follow()
    qtbot.waitUntil(lambda: window.spelling.checker is not None and window.spelling.checker.language == language,
                    timeout=10_000)
    return edit


def span_of(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def menu_at(window, edit, position: int):
    """The right-click menu of ``edit`` as it opens on the character at ``position``."""
    cursor = QTextCursor(edit.document())
    cursor.setPosition(position)
    return window.editor.context_menu(edit, edit.cursorRect(cursor).center())


def texts(menu) -> list[str]:
    return [each.text() for each in menu.actions()]


def test_a_misspelled_word_is_underlined_in_its_block_and_nothing_else(start, qtbot):
    window = start().window
    edit = checking(qtbot, window, "Mooi weer vandaag.\n" + DUTCH)
    start_at = len("Mooi weer vandaag.\n") + DUTCH.index(WRONG)
    assert underlined(edit) == [(start_at, start_at + len(WRONG))]
    block = edit.document().findBlockByNumber(1)
    assert [(f.start, f.length) for f in block.layout().formats()] == [(DUTCH.index(WRONG), len(WRONG))]
    assert edit.document().firstBlock().layout().formats() == []


def test_typing_underlines_as_it_goes_and_the_underline_is_no_edit(start, qtbot):
    window = start().window
    edit = checking(qtbot, window, "De leeszaal is open ")
    assert window.save_now()
    edits = []
    window.editor.changed.connect(lambda: edits.append(1))
    append(edit, "vandaaag")
    assert underlined(edit) == []  # the word being typed is left alone ("v", "va", … would each flash red)
    append(edit, " en morgn")
    assert underlined(edit) == [(20, 28)]
    edit.moveCursor(QTextCursor.MoveOperation.Start)  # the author moves on: the last word is checked too
    assert underlined(edit) == [(20, 28), (32, 37)]
    edits.clear()
    window.spelling.ignore("morgn")
    assert underlined(edit) == [(20, 28)]
    window.spelling.ignore("vandaaag")  # every line underlined again: the text itself did not change
    assert underlined(edit) == []
    assert edits == []
    assert edit.document().availableUndoSteps() > 0


def test_the_menu_offers_suggestions_and_replacing_is_one_undo(start, qtbot):
    window = start().window
    edit = checking(qtbot, window)
    menu = menu_at(window, edit, DUTCH.index(WRONG) + 3)
    shown = texts(menu)
    assert shown[0] == "tentoonstelling"
    assert f"Add “{WRONG}” to the library's word list" in shown
    assert f"Ignore “{WRONG}”" in shown
    assert len([t for t in shown[:shown.index(f"Add “{WRONG}” to the library's word list")]]) <= 6
    assert any("Copy" in t for t in shown)  # Qt's own entries stay, below
    menu.actions()[0].trigger()
    assert edit.toPlainText() == DUTCH.replace(WRONG, "tentoonstelling")
    assert underlined(edit) == []
    edit.undo()
    assert edit.toPlainText() == DUTCH
    assert underlined(edit) == [span_of(DUTCH, WRONG)]


def test_a_right_word_gets_qts_menu_only(start, qtbot):
    window = start().window
    edit = checking(qtbot, window)
    shown = texts(menu_at(window, edit, DUTCH.index("leeszaal") + 2))
    assert not any("word list" in t or t.startswith("Ignore") for t in shown)


def test_adding_to_the_librarys_word_list_saves_the_house_style(start, qtbot):
    window = start(house_style=HouseStyle(library_name="Bib Permeke", word_list=("Vooruit",))).window
    edit = checking(qtbot, window, "Het Letterenhuis en Plantijns drukkers.")
    assert underlined(edit) == [span_of(edit.toPlainText(), "Letterenhuis")]
    menu = menu_at(window, edit, 6)
    next(a for a in menu.actions() if a.text().startswith("Add “Letterenhuis”")).trigger()
    assert stored_house_style(window.store).word_list == ("Vooruit", "Letterenhuis")
    assert stored_house_style(window.store).library_name == "Bib Permeke"  # the rest as it was
    assert window.context.house_style.word_list == ("Vooruit", "Letterenhuis")
    assert underlined(edit) == []
    assert "library's word list" in window.statusBar().currentMessage()


def test_a_writer_on_the_team_library_adds_to_their_own_list(start, qtbot, monkeypatch):
    window = start().window
    monkeypatch.setattr(window.store, "access", Access("an_writer", frozenset({"writer"})))
    edit = checking(qtbot, window, "Het Letterenhuis opent vrijdag.")
    menu = menu_at(window, edit, 6)
    assert "Add “Letterenhuis” to my own word list" in texts(menu)
    next(a for a in menu.actions() if a.text().startswith("Add “Letterenhuis”")).trigger()
    assert window.saver.flush(5)
    assert window.own.setting(OWN_WORDS) == ["Letterenhuis"]
    assert stored_house_style(window.store).word_list == ()
    assert "Only an approver may change the library's word list" in window.statusBar().currentMessage()
    assert underlined(edit) == []


def test_a_networks_own_version_is_checked_too(start, qtbot):
    window = start().window
    window.editor.network_boxes["x"].setChecked(True)
    checking(qtbot, window)
    window.editor.add_version("x", "Kort: de tentoonstellnig opent vrijdag.")
    own = window.editor.editors["x"]
    assert underlined(own) == [span_of(own.toPlainText(), WRONG)]
    assert len(window.spelling.highlighters) == 2
    window.editor.remove_version("x")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(window.spelling.highlighters) == 1
    window.spelling.ignore(WRONG)  # the highlighter of the closed tab is gone, not called
    assert underlined(window.editor.editors[""]) == []


def test_the_drafts_language_and_switch_are_kept_per_draft(start, qtbot):
    window = start().window
    first = window.current.id
    edit = checking(qtbot, window, "Le lecteur de la bibliothèque emprunte un livre et les magazines.", "fr")
    window.spelling.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.spelling.checker is not None and window.spelling.checker.language == "en",
                    timeout=10_000)
    assert underlined(edit)  # French words in an English dictionary
    window.spelling.check_action.trigger()
    assert window.spelling.checker is None and underlined(edit) == []
    assert window.saver.flush(5)
    assert window.own.setting(CHOICES) == {str(first): {"language": "en", "check": False}}
    window.new_draft()
    assert window.spelling.check_action.isChecked()
    assert window.spelling.language_actions[""].isChecked()
    window.open_draft(first)
    assert not window.spelling.check_action.isChecked()
    assert window.spelling.language_actions["en"].isChecked()


def test_f7_selects_the_next_misspelling_and_opens_its_menu(start, qtbot):
    window = start().window
    text = "Een fautje en nog een foutjee."
    edit = checking(qtbot, window, text)
    edit.moveCursor(QTextCursor.MoveOperation.Start)
    window.spelling.next_action.trigger()
    assert edit.textCursor().selectedText() == "fautje"
    window.spelling.next_action.trigger()
    assert edit.textCursor().selectedText() == "foutjee"
    window.spelling.next_action.trigger()
    assert edit.textCursor().selectedText() == "fautje"  # from the top again


def test_without_a_dictionary_the_app_says_so_once_and_works_on(start, qtbot, monkeypatch):
    def none(folder, language):
        raise dictionaries.NoDictionary("the Enchant spelling library is not installed")

    monkeypatch.setattr(dictionaries, "open_dictionary", none)
    window = start().window
    said = []
    window.statusBar().messageChanged.connect(lambda text: said.append(text) if "spell" in text else None)
    edit = window.editor.editors[""]
    edit.setPlainText(DUTCH)
    window.spelling.follow()
    settle()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    window.spelling.follow()
    window.new_draft()
    append(window.editor.editors[""], "Nog een tentoonstellnig.")
    window.spelling.follow()
    settle()
    window.spelling.set_language("fr")  # another language, the same reason: not said again
    settle()
    assert said == ["No spell checking in Nederlands: the Enchant spelling library is not installed. "
                    "Everything else works as usual."]
    assert window.spelling.checker is None
    assert underlined(window.editor.editors[""]) == []
    assert window.save_now()
    assert window.store.get(window.current.id).text == "Nog een tentoonstellnig."


def test_the_underline_stands_on_the_word_after_an_emoji(start, qtbot):
    window = start().window
    edit = checking(qtbot, window, "Kom lezen 📚 in de leeszaal, een fautje!")
    start_at = edit.toPlainText().index("fautje") + 1  # the emoji is two UTF-16 units: one more than in Python
    assert underlined(edit) == [(start_at, start_at + len("fautje"))]
    menu = menu_at(window, edit, start_at + 2)
    assert texts(menu)[0] != "No suggestions"
    menu.actions()[0].trigger()
    assert "fautje" not in edit.toPlainText() and "📚" in edit.toPlainText()
