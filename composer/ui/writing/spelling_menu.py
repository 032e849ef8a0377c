"""The spell check's right-click menu and F7: suggestions, Add to the word list, Ignore, the next misspelling.

What is underlined, and what the library knows, is :mod:`~composer.ui.writing.spelling_actions`'s
(:class:`~composer.ui.writing.spelling_actions.Spelling`); here is what the author does about one word. A
replacement is one step of Undo; the menu of F7 is the same as the right-click's, at the word it selected.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor

from composer.core.i18n import _
from composer.core.writing.spelling_words import word_at
from composer.ui.window.status_undo import UNDO_NOTICE_MS
from composer.ui.writing.spell_highlighter import python_index, utf16_index

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu, QPlainTextEdit

    from composer.ui.writing.spelling_actions import Spelling


def misspelling_at(spelling: Spelling, edit: QPlainTextEdit, position: int) -> tuple[int, int, str] | None:
    """The misspelled word at document ``position`` of ``edit``: (start, end, word), positions as Qt counts."""
    highlighter = spelling.highlighter_of(edit)
    checker = highlighter.checker if highlighter is not None else None
    if checker is None:
        return None
    block = edit.document().findBlock(position)
    text, first = block.text(), block.blockNumber() == 0
    span = word_at(text, python_index(text, position - block.position()), first)
    if span is None or span not in checker.misspelled(text, first):
        return None
    start, end = span
    at = block.position()
    return at + utf16_index(text, start), at + utf16_index(text, end), text[start:end]


def add_to_menu(spelling: Spelling, edit: QPlainTextEdit, menu: QMenu, pos: QPoint) -> None:
    """Suggestions, Add to the word list and Ignore, on top of the menu, when ``pos`` is on a misspelling."""
    found = misspelling_at(spelling, edit, edit.cursorForPosition(pos).position())
    if found is None or spelling.checker is None:
        return
    start, end, word = found
    first = menu.actions()[0] if menu.actions() else None
    added: list[QAction] = []
    for suggestion in spelling.checker.suggestions(word):
        offered = QAction(suggestion, menu)
        font = offered.font()
        font.setBold(True)
        offered.setFont(font)
        offered.triggered.connect(partial(replace, spelling, edit, start, end, word, suggestion))
        added.append(offered)
    if not added:
        nothing = QAction(_("No suggestions"), menu)
        nothing.setEnabled(False)
        added.append(nothing)
    if spelling.window.store.access.may("house_style"):
        learn = QAction(_("Add “{word}” to the library's word list").format(word=word), menu)
        learn.setToolTip(_("The word list is part of the house style: every colleague gets it."))
    else:
        learn = QAction(_("Add “{word}” to my own word list").format(word=word), menu)
        learn.setToolTip(_("Only an approver may change the library's word list; yours is kept on this "
                           "computer."))
    learn.triggered.connect(partial(spelling.add_word, word))
    ignore = QAction(_("Ignore “{word}”").format(word=word), menu)
    ignore.setToolTip(_("Not underlined again until Post Composer closes."))
    ignore.triggered.connect(partial(spelling.ignore, word))
    menu.insertActions(first, [*added, learn, ignore])  # type: ignore[arg-type]
    if first is not None:
        menu.insertSeparator(first)


def replace(spelling: Spelling, edit: QPlainTextEdit, start: int, end: int, word: str, suggestion: str,
            _checked: bool = False) -> None:
    """Put ``suggestion`` where ``word`` is (one step of Undo); nothing if the text there changed meanwhile."""
    cursor = QTextCursor(edit.document())
    last = edit.document().characterCount() - 1
    if end > last:
        return
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    if cursor.selectedText() != word:
        spelling.window.statusBar().showMessage(_("The text changed: nothing was replaced."), UNDO_NOTICE_MS)
        return
    cursor.insertText(suggestion)


def next_mistake(spelling: Spelling) -> None:
    """F7: select the next misspelling after the cursor (from the top again past the last) and show its menu."""
    edit = spelling.window.editor.current_edit()
    found = _next_in(spelling, edit)
    if found is None:
        spelling.window.statusBar().showMessage(_why_nothing(spelling), UNDO_NOTICE_MS)
        return
    start, end = found
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
    edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
    inside = QTextCursor(edit.document())
    inside.setPosition(start + 1)
    pos = edit.cursorRect(inside).center()
    menu = spelling.window.editor.context_menu(edit, pos)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(edit.viewport().mapToGlobal(pos))


def _next_in(spelling: Spelling, edit: QPlainTextEdit) -> tuple[int, int] | None:
    highlighter = spelling.highlighter_of(edit)
    checker = highlighter.checker if highlighter is not None else None
    if checker is None:
        return None
    after = edit.textCursor().selectionEnd()
    found = []
    block = edit.document().firstBlock()
    while block.isValid():
        text = block.text()
        for start, end in checker.misspelled(text, block.blockNumber() == 0):
            found.append((block.position() + utf16_index(text, start), block.position() + utf16_index(text, end)))
        block = block.next()
    return next((span for span in found if span[0] >= after), found[0] if found else None)


def _why_nothing(spelling: Spelling) -> str:
    if not spelling.choice.check:
        return _("Spell checking is off for this draft (Edit → Check spelling).")
    if spelling.language in spelling.missing:
        return spelling.missing[spelling.language]
    if spelling.language in spelling.loading:
        return _("The dictionary is still being opened.")
    return _("No spelling mistakes found.")
