"""Helpers for the window tests: typing real Unicode, starting sessions on a data folder."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QListWidget, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; ``qtbot.keyClicks`` aborts on non-ASCII (engineering.md)."""
    for ch in text:
        key = Qt.Key.Key_Return if ch == "\n" else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def close(session) -> None:
    """Close as the user does, then let Qt delete what the session made."""
    if session.window is not None:
        session.window.close()
    session.stop()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def click_row(qtbot, view: QListWidget, row: int) -> None:
    """Click a list row with the mouse, where a person would."""
    item = view.item(row)
    view.scrollToItem(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center())
