"""The window's side of saving: the saver's news on the UI thread, and what to tell the author.

The :class:`~composer.core.storage.saver.Saver` works on its own thread and calls its
listeners there; :class:`SaveRelay` lives on the UI thread and re-emits each
event through a queued signal, so no widget is ever touched from the saver's
thread. :func:`problem_text` words a failed save for the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from composer.core.i18n import _
from composer.core.storage.errors import (
    ConnectionLost,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    ServerUnreachable,
    classify,
)
from composer.core.storage.saver import SaveEvent, Saver


class SaveRelay(QObject):
    """Carries the saver's events to the thread this object lives in.

    Signals:
        event(object): a :class:`~composer.core.storage.saver.SaveEvent`.
    """

    event = Signal(object)

    def __init__(self, saver: Saver, parent: QObject | None = None):
        super().__init__(parent)
        self.saver = saver
        saver.listen(self._from_saver)

    def _from_saver(self, event: SaveEvent) -> None:  # on the saver's thread
        try:
            self.event.emit(event)
        except RuntimeError:  # this object is gone (its window closed): nobody to tell
            self.saver.unlisten(self._from_saver)

    def detach(self) -> None:
        self.saver.unlisten(self._from_saver)


def problem_text(event: SaveEvent) -> str:
    """One sentence for the status bar: why the text is not in the database yet, and where it is safe."""
    error = event.error
    if isinstance(error, DatabaseLocked):
        why = _("Not saved yet: another program (a backup or sync tool, perhaps) is holding the database.")
    elif isinstance(error, DiskFull):
        why = _("Not saved yet: the disk is full. Free some space.")
    elif isinstance(error, DatabaseReadOnly):
        why = _("Not saved yet: the database cannot be written to.")
    elif isinstance(error, (ConnectionLost, ServerUnreachable)):
        why = _("Not saved yet: the team library's server cannot be reached.")
    else:
        why = _("Not saved yet: {error}.").format(error=error.detail if error is not None else "")
    if event.journaled:
        safe = _("Your text is kept in a recovery file; Post Composer keeps trying.")
    else:
        safe = _("Your text is only in this window: keep it open; Post Composer keeps trying.")
    return f"{why} {safe}"


def server_away(error: BaseException, path: Path) -> bool:
    """The team library's server is out of reach (stopped, the network gone): what waits is read again later."""
    return isinstance(classify(error, path), (ConnectionLost, ServerUnreachable))
