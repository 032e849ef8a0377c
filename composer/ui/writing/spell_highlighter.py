"""Misspelled words underlined in a text box: a ``QSyntaxHighlighter`` that shows what core found.

Qt hands the highlighter only the block (line) that changed; the
:class:`~composer.core.writing.spelling.SpellChecker` keeps each line's answer,
so a keystroke costs one line's look-up and, for a changed word, one
dictionary question. The underline is a format of the text's layout: it never
changes the document, its undo history or the cursor.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

if TYPE_CHECKING:
    from PySide6.QtGui import QTextBlock, QTextDocument
    from PySide6.QtWidgets import QPlainTextEdit

    from composer.core.checklist.lines import Range
    from composer.core.writing.spelling import SpellChecker

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
MISSPELLED_COLOUR = "#d32f2f"  # red, as every word processor marks a misspelling
_UNDERLINE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


@cache
def misspelled_format() -> QTextCharFormat:
    """How a misspelled word looks: the platform's spell-check underline (a red wave), in red."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(_UNDERLINE)
    fmt.setUnderlineColor(QColor(MISSPELLED_COLOUR))
    return fmt


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines what :attr:`checker` finds in each block of ``document`` (nothing while it is ``None``).

    With ``edit`` (the text box showing ``document``), the word being typed is
    left alone: the one that ends at the cursor while the author types it ("tent",
    "tento", … would each flash red). It is underlined once the author moves on
    (a space, a full stop, a click elsewhere: :meth:`cursor_moved`).
    """

    checker: SpellChecker | None = None

    def __init__(self, document: QTextDocument, checker: SpellChecker | None = None,
                 edit: QPlainTextEdit | None = None):
        super().__init__(document)
        self.checker = checker
        self.edit = edit
        self.held: tuple[int, int] | None = None  # (block number, UTF-16 end in it) of the word left alone
        self.refresh()  # now, quietly: Qt's own first pass, queued, would report the text as changed

    def use(self, checker: SpellChecker | None) -> None:
        """Check with ``checker`` from now on (``None``: check nothing), and show it."""
        if checker is not self.checker:
            self.checker = checker
            self.refresh()

    def refresh(self) -> None:
        """Underline the whole text again (what counts as right changed).

        Qt reports new formats as a change of the document's contents; the text
        did not change, so the editor must not hear it (it would save the draft
        and count writing time).
        """
        document = self.document()
        if document is None:
            return
        was_blocked = document.blockSignals(True)
        try:
            self.rehighlight()
        finally:
            document.blockSignals(was_blocked)

    def highlightBlock(self, text: str) -> None:
        checker = self.checker
        if checker is None or not text:
            return
        block = self.currentBlock()
        found = checker.misspelled(text, block.blockNumber() == 0)
        if not found:
            return
        typing_at = self._cursor_in(block)
        fmt = misspelled_format()
        for start, end in utf16_ranges(text, found):
            if end == typing_at:
                self.held = block.blockNumber(), end
                continue
            self.setFormat(start, end - start, fmt)

    def _cursor_in(self, block: QTextBlock) -> int | None:
        """Where the text box's cursor is in ``block`` (UTF-16), if it is there and selects nothing."""
        if self.edit is None:
            return None
        cursor = self.edit.textCursor()
        if cursor.hasSelection() or cursor.block() != block:
            return None
        return cursor.positionInBlock()

    def cursor_moved(self) -> None:
        """The text box's cursor moved: a word left alone while it was typed is underlined once the cursor left
        its end."""
        held = self.held
        if held is None or self.edit is None:
            return
        cursor = self.edit.textCursor()
        if not cursor.hasSelection() and cursor.blockNumber() == held[0] and cursor.positionInBlock() == held[1]:
            return
        self.held = None
        document = self.document()
        block = document.findBlockByNumber(held[0]) if document is not None else None
        if block is None or not block.isValid():
            return
        was_blocked = document.blockSignals(True)
        try:
            self.rehighlightBlock(block)
        finally:
            document.blockSignals(was_blocked)


def utf16_ranges(text: str, ranges: tuple[Range, ...]) -> tuple[Range, ...] | list[Range]:
    """``ranges`` (Python indices into ``text``) as Qt counts positions: a character beyond the BMP (an emoji) is
    two UTF-16 units."""
    if text.isascii() or _ASTRAL.search(text) is None:
        return ranges
    return [(utf16_index(text, a), utf16_index(text, b)) for a, b in ranges]


def utf16_index(text: str, index: int) -> int:
    """Python index ``index`` of ``text`` as a UTF-16 position."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def python_index(text: str, position: int) -> int:
    """UTF-16 ``position`` in ``text`` as a Python index."""
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def underlined(edit: QPlainTextEdit) -> list[tuple[int, int]]:
    """Where ``edit`` shows a misspelling underline now, as (start, end) positions in the document."""
    out = []
    block = edit.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        for each in layout.formats() if layout is not None else ():
            if each.format.underlineStyle() == _UNDERLINE:
                out.append((block.position() + each.start, block.position() + each.start + each.length))
        block = block.next()
    return out
