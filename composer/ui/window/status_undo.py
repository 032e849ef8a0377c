"""The status bar's Undo: one button beside a message, for a while, after something was taken away.

A draft moved to the trash, a photo taken out of the post, a version tab
closed: each is undone by the button the status bar shows beside the message
that says what happened. A newer notice replaces an older one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QStatusBar

from composer.core.i18n import _

UNDO_NOTICE_MS = 10_000


class StatusUndo:
    """Offers one Undo at a time in ``status_bar``."""

    def __init__(self, status_bar: QStatusBar):
        self.status_bar = status_bar
        self._button: QPushButton | None = None

    def offer(self, message: str, undo: Callable[[], object], shown_ms: int = UNDO_NOTICE_MS, tip: str = "") -> None:
        """Show ``message`` with an Undo button that calls ``undo``, for ``shown_ms``."""
        if self._button is not None:
            self._forget(self._button)
        button = self._button = QPushButton(_("Undo"))
        button.setObjectName("undo")
        button.setToolTip(tip)
        self.status_bar.showMessage(message, shown_ms)
        self.status_bar.addPermanentWidget(button)  # an ordinary widget is hidden while the message shows
        button.clicked.connect(undo)
        button.clicked.connect(lambda: self._forget(button))
        QTimer.singleShot(shown_ms, button, lambda: self._forget(button))

    def _forget(self, button: QPushButton) -> None:
        if self._button is button:
            self._button = None
        self.status_bar.removeWidget(button)  # gone at once, not only once Qt deletes it
        button.deleteLater()
