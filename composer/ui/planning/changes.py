"""What follows a change of plan or stage, wherever it was made: the list, the open draft's checks, the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from composer.ui.window.main_window import MainWindow

MESSAGE_MS = 8000


def planning_changed(window: MainWindow, message: str = "", calendar_too: bool = True) -> None:
    """A plan or a stage changed: the drafts list shows the stage, the ``cadence`` check counts the plans again
    (the publication log and the plans are read anew), an open calendar shows it (unless the change came from
    there: ``calendar_too``); ``message`` in the status bar."""
    window.photos_changed()  # reads the draft's part of the checks again (the log and the plans), the list too
    calendar = window.findChild(QWidget, "calendar")
    if calendar_too and calendar is not None and calendar.isVisible():
        calendar.refresh()  # type: ignore[attr-defined]
    if message:
        window.statusBar().showMessage(message, MESSAGE_MS)
