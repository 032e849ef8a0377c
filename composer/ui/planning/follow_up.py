"""After writing and after posting: the writing time, the feedback on publications, and the takedowns to do.

``add_actions`` puts three entries in the Plan menu and gives the window a
:class:`FollowUp`, which keeps two quiet status-bar notices up to date:
posts waiting for their feedback a few days after publishing (dismissible
until the next start) and takedowns still to do (until every one is done).
Both are counted once the window is shown, again when the log, the register
or a form changes something, and every :data:`RECOUNT_MS` (a colleague's
withdrawal on the team library).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from composer.core.i18n import _
from composer.ui.planning.notices import FeedbackReminder, TakedownIndicator

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from composer.ui.planning.feedback_dialog import FeedbackDialog
    from composer.ui.planning.feedback_list import FeedbackList
    from composer.ui.planning.takedowns_view import TakedownsWindow
    from composer.ui.window.main_window import MainWindow

RECOUNT_MS = 5 * 60_000
Shown = TypeVar("Shown", bound=QWidget)


def add_actions(window: MainWindow, menu: QMenu) -> None:
    """This part's actions in the Plan menu, and its notices in the status bar."""
    follow_up = FollowUp(window)
    window.follow_up = follow_up
    window.effort_action = QAction(_("&Writing time…"), window)
    window.effort_action.setToolTip(_("The time spent writing this draft; add time the editor cannot see"))
    window.effort_action.triggered.connect(window.effort.open_dialog)
    window.feedback_action = QAction(_("&Feedback on publications…"), window)
    window.feedback_action.triggered.connect(follow_up.open_feedback)
    window.takedowns_action = QAction(_("Takedowns to &do…"), window)
    window.takedowns_action.triggered.connect(follow_up.open_takedowns)
    menu.addSeparator()
    for action in (window.effort_action, window.feedback_action, window.takedowns_action):
        menu.addAction(action)


def _today() -> date:
    return datetime.now().astimezone().date()


class FollowUp(QObject):
    """The feedback reminder and the takedown indicator of ``window``, and the lists they open."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.today = _today
        self.reminder = FeedbackReminder(window.statusBar())
        self.reminder.open_list.connect(self.open_feedback)
        self.indicator = TakedownIndicator(window.statusBar())
        self.indicator.clicked.connect(self.open_takedowns)
        self.feedback_list: FeedbackList | None = None
        self.takedowns: TakedownsWindow | None = None
        self.timer = QTimer(self, interval=RECOUNT_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        QTimer.singleShot(0, self, self.refresh)  # once the window is up: not part of its first paint

    def refresh(self) -> None:
        """Count the posts waiting for feedback and the takedowns to do again; refresh an open list."""
        store = self.window.store
        self.reminder.update_count(store, self.today())
        self.indicator.update_count(store)
        if self.takedowns is not None:
            self.takedowns.refresh()

    def open_feedback(self) -> FeedbackList:
        """Plan → Feedback on publications…, or the reminder's button."""
        if self.feedback_list is None:
            from composer.ui.planning.feedback_list import FeedbackList

            listed = FeedbackList(self.window.store, lambda: self.window.author, self.today, self.window)
            listed.saved.connect(lambda _id: self.refresh())
            listed.finished.connect(lambda _result: self._forget("feedback_list", listed))
            self.feedback_list = listed
        else:
            self.feedback_list.refresh()
        return self._raise(self.feedback_list)

    def open_feedback_of(self, publication_id: int) -> FeedbackDialog:
        """The feedback form of one publication (from the draft's publications)."""
        from composer.ui.planning.feedback_dialog import FeedbackDialog

        form = FeedbackDialog(self.window.store, publication_id, lambda: self.window.author, self.window)
        form.saved.connect(lambda _id: self.refresh())
        form.finished.connect(lambda _result: form.deleteLater())
        return self._raise(form)

    def open_takedowns(self) -> TakedownsWindow:
        """Plan → Takedowns to do…, or the status bar's indicator."""
        if self.takedowns is None:
            from composer.ui.planning.takedowns_view import TakedownsWindow

            window = TakedownsWindow(self.window.store, lambda: self.window.author, self.window)
            window.changed.connect(self.refresh)
            window.finished.connect(lambda _result: self._forget("takedowns", window))
            self.takedowns = window
        else:
            self.takedowns.refresh()
        return self._raise(self.takedowns)

    def _forget(self, name: str, dialog: QObject) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)
        dialog.deleteLater()

    @staticmethod
    def _raise(dialog: Shown) -> Shown:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog
