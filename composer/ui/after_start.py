"""Work that waits until the window shows: it runs off the UI thread, and quitting never waits for it.

The daily backup and loading the counting libraries start after the window's
first paint, on a lane of their own (``background.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from composer.ui.background import Lane
    from composer.ui.window.main_window import MainWindow


class AfterFirstPaint(QObject):
    """Calls ``then`` once ``window`` has painted itself: work that can wait, waits for the user to see it."""

    def __init__(self, window: QWidget, then):
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, watched, self._then)  # dropped if the window is gone by then
            self.deleteLater()
        return False


def daily_backup(data_dir: Path) -> None:
    """A verified copy a day in backups/ (what a damaged file can be replaced by), made off the UI thread."""
    run_after_start(_make_daily_backup, data_dir)


def _make_daily_backup(data_dir: Path) -> None:
    from composer.core.storage import backups
    from composer.core.storage.errors import DatabaseError

    with contextlib.suppress(DatabaseError, OSError):  # a full disk, a lock: tomorrow, then
        backups.make_daily(data_dir)


def check_after_warm_up(window: MainWindow) -> None:
    """Load the counting libraries off the UI thread, then let ``window`` check its draft.

    The window shows at once; its counters and checklist follow a moment later (not at all if it was
    deleted meanwhile: nothing left to check).
    """
    from composer.core.checklist import warm_up

    run_after_start(warm_up, receiver=window, done=lambda _none: window.refresh_checks())


_lane: Lane | None = None  # made on first use


def run_after_start(work: Callable[..., object], *args: object, **reports: Any) -> None:
    """Run ``work(*args)`` off the UI thread once the window shows (see background.py); quitting never waits."""
    global _lane
    from composer.ui import background  # none of it is needed before the first paint

    if _lane is None:
        _lane = background.Lane("after-start", workers=2, daemon=True)
    background.run(work, *args, lane=_lane, **reports)
