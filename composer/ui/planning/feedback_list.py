"""Plan → Feedback on publications…: the recent posts, those waiting for their feedback first.

:class:`FeedbackList` lists the publications of the last
:data:`LIST_DAYS` days — waiting ones marked — and opens the feedback form
of one (``feedback_dialog.py``). A few days after posting, a quiet notice
in the status bar says "2 posts published a few days ago wait for their
feedback", with a way to the list (``notices.py``); dismissed, it stays away
until the window is opened again. Never a modal question.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.i18n import _, ngettext
from composer.core.networks.facts import network
from composer.core.planning.feedback import DUE_AFTER_DAYS, DuePublication, due_for_feedback, recent_publications
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.planning.feedback_dialog import FeedbackDialog

LIST_DAYS = 90


class FeedbackList(QDialog):
    """The recent publications and whether their feedback is recorded; Feedback… opens the form of one.

    Signals:
        saved(int): feedback of a publication was saved (its id).
    """

    saved = Signal(int)

    def __init__(self, store: Store, author: Callable[[], str], today: Callable[[], date],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("feedback-list")
        self.setWindowTitle(_("Feedback on publications"))
        self.setModal(False)
        self.store, self._author, self._today = store, author, today
        self.rows: list[DuePublication] = []
        self.form: FeedbackDialog | None = None
        intro = QLabel(_("What did each post bring? Reactions, questions and suggestions count most. Nothing is "
                         "fetched from the networks: type what you see."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("publications")
        self.table.setHorizontalHeaderLabels([_("Published"), _("Network"), _("Post"), _("Feedback")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_form(index.row()))
        accessibility.name(self.table, _("Recent publications"), _(
            "Waiting ones first. Feedback… (Alt+F) opens the form of the chosen one."))
        self.empty = QLabel(_("No post was marked as published in the last {days} days.").format(days=LIST_DAYS),
                            self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.feedback_button = buttons.addButton(_("&Feedback…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.feedback_button.clicked.connect(lambda: self.open_form(self.table.currentRow()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(640, 380)
        self.refresh()

    def refresh(self) -> None:
        """Read the publications again: waiting ones first (oldest first), then the others, newest first."""
        today = self._today()
        listed = recent_publications(self.store, today, LIST_DAYS)
        due = {d.publication_id for d in due_for_feedback(self.store, today)}
        self.rows = sorted((d for d in listed if d.publication_id in due), key=lambda d: d.published_at) + [
            d for d in listed if d.publication_id not in due]
        self.table.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            if item.has_feedback:
                state = _("recorded")
            elif item.publication_id in due:
                state = _("waiting")
            else:
                days = max(1, DUE_AFTER_DAYS - (today - item.published_at).days)
                state = ngettext("in {days} day", "in {days} days", days).format(days=days)
            cells = (item.published_at.isoformat(), network(item.network).name, item.first_line or _("(empty draft)"),
                     state)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 3 and item.publication_id in due:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.empty.setVisible(not self.rows)
        self.feedback_button.setEnabled(bool(self.rows))
        if self.rows and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def open_form(self, row: int) -> FeedbackDialog | None:
        """The feedback form of the publication in ``row``."""
        if not 0 <= row < len(self.rows):
            return None
        if self.form is not None:
            self.form.close()
        form = FeedbackDialog(self.store, self.rows[row].publication_id, self._author, self)
        form.saved.connect(self._saved)
        form.finished.connect(lambda _result: self._forget(form))
        self.form = form
        form.show()
        return form

    def _saved(self, publication_id: int) -> None:
        self.refresh()
        self.saved.emit(publication_id)

    def _forget(self, form: FeedbackDialog) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()
