"""The status bar's notices of follow-up work: posts waiting for their feedback, takedowns still to do.

Light on purpose: they stand in the window from its start, while the lists they open (``feedback_list.py``,
``takedowns_view.py``) load on first use.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from composer.core.checklist import Status
from composer.core.i18n import _, ngettext
from composer.core.planning.feedback import due_for_feedback
from composer.core.planning.takedowns import open_count
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.look import MUTED, STATUS_COLOURS


class FeedbackReminder(QWidget):
    """The status bar's quiet notice of posts waiting for their feedback (hidden when none, or dismissed).

    Signals:
        open_list: the librarian wants the list.
    """

    open_list = Signal()

    def __init__(self, status_bar: QStatusBar):
        super().__init__(status_bar)
        self.setObjectName("feedback-reminder")
        self.dismissed = False
        self.count = 0
        self.text = QLabel(self)
        self.button = QToolButton(self)
        self.button.setText(_("Record feedback…"))
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.open_list)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(_("Hide this reminder until Post Composer is started again"))
        accessibility.name(self.close_button, _("Hide the reminder"), self.close_button.toolTip())
        self.close_button.clicked.connect(self.dismiss)
        self.text.setStyleSheet(f"color: {MUTED}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addWidget(self.button)
        layout.addWidget(self.close_button)
        self.setVisible(False)
        status_bar.addPermanentWidget(self)

    def update_count(self, store: Store, today: date) -> None:
        """Count the posts waiting again (a failure keeps what was shown)."""
        try:
            self.count = len(due_for_feedback(store, today))
        except DatabaseError:
            return
        self.text.setText(ngettext("{count} post published a few days ago waits for its feedback.",
                                   "{count} posts published a few days ago wait for their feedback.",
                                   self.count).format(count=self.count))
        self.setVisible(self.count > 0 and not self.dismissed)

    def dismiss(self) -> None:
        self.dismissed = True
        self.setVisible(False)


class TakedownIndicator(QToolButton):
    """"2 takedowns to do" in the status bar, in the colour of a failing check, while any is open."""

    def __init__(self, status_bar: QStatusBar):
        super().__init__(status_bar)
        self.setObjectName("takedown-indicator")
        self.setAutoRaise(True)
        self.setToolTip(_("Consent was withdrawn: posts with the person's photos are to be taken down."))
        self.setStyleSheet(f"color: {STATUS_COLOURS[Status.FAIL]}; font-weight: bold")
        self.count = 0
        self.setVisible(False)
        status_bar.addPermanentWidget(self)

    def update_count(self, store: Store) -> None:
        """Count the open takedowns again (a failure keeps what was shown)."""
        try:
            self.count = open_count(store)
        except DatabaseError:
            return
        self.setText(ngettext("{count} takedown to do", "{count} takedowns to do", self.count).format(
            count=self.count))
        self.setVisible(self.count > 0)
