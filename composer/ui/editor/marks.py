"""Marks in the editors: the overflow past a limit in light red, words a check is about underlined.

Marks are extra selections: they colour the text without changing the
document, so they never move the cursor or enter the undo history.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from composer.core.checklist import Status
from composer.ui.editor.analysis import FAIL, OVERFLOW, WARN, Mark
from composer.ui.look import STATUS_COLOURS

OVERFLOW_BACKGROUND = "#ffcdd2"  # light red: readable under black text


@cache
def mark_format(kind: str) -> QTextCharFormat:
    """How a kind of mark looks."""
    fmt = QTextCharFormat()
    if kind == OVERFLOW:
        fmt.setBackground(QColor(OVERFLOW_BACKGROUND))
    else:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor(STATUS_COLOURS[Status.FAIL if kind == FAIL else Status.WARN]))
    return fmt


def show_marks(edit: QPlainTextEdit, marks: tuple[Mark, ...]) -> None:
    """Replace the marks of ``edit``; positions past the end of its text are cut off."""
    end_of_text = max(edit.document().characterCount() - 1, 0)
    selections = []
    for mark in sorted(marks, key=lambda m: m.kind != OVERFLOW):  # backgrounds first, underlines over them
        start, end = min(mark.start, end_of_text), min(mark.end, end_of_text)
        if end <= start:
            continue
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = mark_format(mark.kind)
        selections.append(selection)
    edit.setExtraSelections(selections)


def shown_marks(edit: QPlainTextEdit) -> list[tuple[int, int, str]]:
    """The marks ``edit`` shows now, as (start, end, kind): for tests and debugging."""
    out = []
    for selection in edit.extraSelections():
        fmt = selection.format
        if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
            kind = FAIL if fmt.underlineColor() == QColor(STATUS_COLOURS[Status.FAIL]) else WARN
        else:
            kind = OVERFLOW
        out.append((selection.cursor.selectionStart(), selection.cursor.selectionEnd(), kind))
    return out
