"""Broken UTF-16 in an editor: a lone surrogate (half an emoji, from a paste) found and replaced by U+FFFD.

Qt keeps such a character, Python never sees it (PySide drops it when Qt hands
text over): positions would no longer match and the saved text would silently
lose it. The editor asks :func:`replace_lone_surrogates` only when a block's
length and its text's UTF-16 length disagree, so typing never pays for it.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from composer.core.networks.units import utf16_length


def _is_high(ch: str) -> bool:
    return len(ch) == 1 and "\ud800" <= ch <= "\udbff"


def _is_low(ch: str) -> bool:
    return len(ch) == 1 and "\udc00" <= ch <= "\udfff"


def replace_lone_surrogates(document: QTextDocument) -> bool:
    """Put U+FFFD where ``document`` holds half a surrogate pair; one undo step for all."""
    cursor = QTextCursor(document)
    found = False
    block = document.begin()
    while block.isValid():
        while block.length() - 1 != utf16_length(block.text()):
            position = _first_lone_surrogate(document, block.position(), block.length() - 1)
            if position is None:
                break
            if not found:
                cursor.beginEditBlock()
                found = True
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText("\ufffd")
        block = block.next()
    if found:
        cursor.endEditBlock()
    return found


def _first_lone_surrogate(document: QTextDocument, start: int, length: int) -> int | None:
    """Where, in ``start`` .. ``start + length``, the first lone surrogate is (a binary search).

    Python drops a lone surrogate when Qt hands it text, so a stretch that holds
    one comes back shorter than it is; a cut between the halves of a valid pair
    is moved past the pair so that it does not count.
    """
    cursor = QTextCursor(document)

    def loses(k: int) -> bool:  # does the first k units of the stretch hold a lone surrogate?
        end = start + k
        if k < length and _is_high(document.characterAt(end - 1)) and _is_low(document.characterAt(end)):
            end += 1
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return utf16_length(cursor.selectedText()) < end - start

    if not loses(length):
        return None
    low, high = 1, length
    while low < high:
        middle = (low + high) // 2
        if loses(middle):
            high = middle
        else:
            low = middle + 1
    return start + low - 1
