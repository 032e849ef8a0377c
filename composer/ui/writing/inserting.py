"""Putting text in at the cursor of the visible text box, and asking before a step the author may regret.

Shared by the emoji picker, the snippets and the hashtag groups: the text goes in where the cursor is (in
place of a selection), as one step that Ctrl+Z takes back, and the text box keeps the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.core.i18n import _
from composer.core.writing.snippets import split_at
from composer.ui.window.status_undo import UNDO_NOTICE_MS

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QPlainTextEdit

    from composer.ui.window.main_window import MainWindow


def writable_edit(window: MainWindow) -> QPlainTextEdit | None:
    """The visible text box, if the open draft can be written in (not one in the trash); else says why."""
    if window.current is None or not window.editor.isEnabled():
        window.statusBar().showMessage(_("Open a draft to write in first (a draft in the trash is read-only)."),
                                       UNDO_NOTICE_MS)
        return None
    return window.editor.current_edit()


def around_cursor(edit: QPlainTextEdit) -> tuple[str, str, QTextCursor]:
    """The text before and after the cursor (a selection left out: it is replaced), and that cursor."""
    cursor = edit.textCursor()
    text = edit.toPlainText()
    return split_at(text, cursor.selectionStart())[0], split_at(text, cursor.selectionEnd())[1], cursor


def put(edit: QPlainTextEdit, cursor: QTextCursor, text: str) -> None:
    """``text`` in at ``cursor`` (one undo step); the text box shows it and keeps the focus."""
    cursor.insertText(text)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
    edit.setFocus()


def confirm(parent: QWidget, title: str, text: str, yes: str, done: Callable[[], None]) -> QMessageBox:
    """Ask ``text``; ``done`` runs if the answer is ``yes`` (opened with ``open()``: nothing waits)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names from the house style as written, never read as HTML
    agree = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def answered(_result: int) -> None:
        box.deleteLater()
        if box.clickedButton() is agree:
            done()

    box.finished.connect(answered)
    box.open()
    return box


def tell(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Say ``text`` in a message the author closes (opened with ``open()``)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.finished.connect(lambda _result: box.deleteLater())
    box.open()
    return box
