"""The writing time of the open draft: measured from the editor's edits, shown in the status bar, corrected by hand.

:class:`EffortTracker` feeds a core :class:`~composer.core.planning.effort.EffortMeter`
one monotonic time per edit (all a keystroke costs), and hands what it
counted to the saver — whose thread writes it, so typing never waits — every
:data:`HAND_OVER_MS`, on Ctrl+S, on switching drafts and on closing. The
status bar's button says "Writing time: 12 min (you 9, Els 3)"; clicking it
opens the correction (``effort_dialog.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStatusBar, QToolButton, QWidget

from composer.core.i18n import _
from composer.core.planning.effort import DraftEffort, EffortMeter, effort_of, effort_text
from composer.core.storage.errors import DatabaseError

if TYPE_CHECKING:
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store
    from composer.ui.planning.effort_dialog import EffortDialog
    from composer.ui.window.draft_switching import DraftSwitcher

HAND_OVER_MS = 30_000  # what was counted goes to the saver (and the label) at least this often


class EffortTracker(QObject):
    """Counts the open draft's writing time and shows it; see the module.

    ``clock`` gives monotonic seconds (tests set their own).
    """

    def __init__(self, store: Store, saver: Saver, author: Callable[[], str], switcher: DraftSwitcher,
                 status_bar: QStatusBar, window: QWidget):
        super().__init__(window)
        self.window = window
        self.store, self.saver, self._author, self.switcher = store, saver, author, switcher
        self.clock: Callable[[], float] = time.monotonic
        self.meter = EffortMeter()
        self.stored = DraftEffort(0)  # the open draft's time as read when it was opened (or corrected)
        self.added = 0  # seconds handed to the saver since then
        self.dialog: EffortDialog | None = None
        self.label = QToolButton(status_bar)
        self.label.setObjectName("writing-time")
        self.label.setAutoRaise(True)
        self.label.setToolTip(_("Time spent actively writing this draft (pauses over a minute not counted). "
                                "Click to add time the editor cannot see, such as taking photos."))
        self.label.clicked.connect(self.open_dialog)
        self.label.setVisible(False)
        status_bar.addPermanentWidget(self.label)
        self.timer = QTimer(self, interval=HAND_OVER_MS)
        self.timer.timeout.connect(self.hand_over)
        self.timer.start()
        switcher.opened.connect(self.opened)

    @property
    def me(self) -> str:
        """Who writes here, as the database records it (the login on the team library)."""
        return self.store.author(self._author())

    def edited(self) -> None:
        """A keystroke or any other edit of the open draft: one clock reading, one subtraction."""
        self.meter.edit(self.clock())

    def hand_over(self) -> None:
        """Give the saver the whole seconds counted so far, and show them."""
        draft_id, seconds = self.meter.take()
        if draft_id is not None and seconds:
            self.saver.add_effort(draft_id, self._author(), seconds)
            self.added += seconds
        self.show()

    def opened(self, draft_id: int) -> None:
        """Another draft is open: the one before gets what was counted for it; read the new one's time."""
        left, seconds = self.meter.switch(draft_id)
        if left is not None and seconds:
            self.saver.add_effort(left, self._author(), seconds)
        self.reload()

    def reload(self, stored: DraftEffort | None = None) -> None:
        """Read the open draft's time again (or take ``stored``, just read)."""
        draft_id = self.meter.draft_id
        self.added = 0
        if stored is None and draft_id is not None:
            try:
                stored = effort_of(self.store, draft_id)
            except DatabaseError:  # the team library's server is away: what is counted here is shown
                stored = None
        self.stored = stored or DraftEffort(draft_id or 0)
        self.show()

    def show(self) -> None:
        if self.meter.draft_id is None:
            self.label.setVisible(False)
            return
        self.label.setText(effort_text(self.stored, self.me, self.pending))
        self.label.setVisible(True)

    @property
    def pending(self) -> int:
        """My seconds on the open draft that :attr:`stored` does not hold yet."""
        return self.added + int(self.meter.counted)

    def open_dialog(self) -> EffortDialog | None:
        """Plan → Writing time…: add or take off minutes by hand, with a note."""
        from composer.ui.planning.effort_dialog import EffortDialog

        current = self.switcher.current
        if current is None:
            return None
        if self.dialog is not None and self.dialog.draft_id != current.id:
            self.dialog.close()
        if self.dialog is None:
            self.hand_over()
            self.switcher.save_now()  # the text and the time counted so far are in what the dialog reads
            self.reload()
            dialog = EffortDialog(self.store, current.id, self.switcher.editor.draft().first_line, self._author,
                                  self.stored, self.window)
            dialog.corrected.connect(self.reload)
            dialog.finished.connect(lambda _result: self._forget(dialog))
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _forget(self, dialog: EffortDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
