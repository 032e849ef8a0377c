"""The line under a form or a window that says what is wrong, or what was done: one widget for every dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from composer.core.checklist import Status
from composer.ui.look import STATUS_COLOURS, colour_text


class Message(QLabel):
    """Hidden until it has something to say; selectable, so a path or an error can be copied."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def say(self, text: str, status: Status) -> None:
        """``text`` in the colour of ``status`` (what went wrong in bold red, what was done in green)."""
        colour_text(self, STATUS_COLOURS[status], bold=status is Status.FAIL)
        self.setText(text)
        self.setVisible(bool(text))

    def error(self, text: str) -> None:
        self.say(text, Status.FAIL)

    def note(self, text: str) -> None:
        self.say(text, Status.PASS)

    def advice(self, text: str) -> None:
        self.say(text, Status.WARN)
