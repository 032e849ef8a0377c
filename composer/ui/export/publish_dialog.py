"""File → Mark as published…: on which network and when the open draft was posted (issue 5, point 9).

A small dialog beside the window, never modal: the librarian may mark several
networks in a row. It writes through :mod:`composer.core.export.publications`; the
log it builds feeds the ``cadence`` check and a consent withdrawal's takedown
list. A mistaken mark can be removed here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist import Status
from composer.core.drafts.draft import first_line
from composer.core.export.publications import (
    PublicationError,
    mark_published,
    publications_of,
    unmark_published,
)
from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS, network
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.look import STATUS_COLOURS, as_written, colour_text


class PublishDialog(QDialog):
    """Marks draft ``draft_id`` as published on one of its networks.

    Signals:
        changed(str): the log changed (a mark recorded or removed); the text says what happened.
    """

    changed = Signal(str)

    def __init__(self, store: Store, draft_id: int, networks: Iterable[str], author: Callable[[], str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("publish-dialog")
        self.setWindowTitle(_("Mark as published"))
        self.setModal(False)
        self.store, self.draft_id, self._author = store, draft_id, author
        text = store.get(draft_id).text
        self.post = as_written(QLabel(first_line(text)[:80], self))
        self.post.setObjectName("post")  # which draft this dialog marks, should the window move on to another
        self.post.setStyleSheet("font-style: italic")
        self.network = QComboBox(self)
        for key in tuple(networks) or NETWORKS:
            self.network.addItem(network(key).name, key)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate.currentDate())
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.link = QLineEdit(self)
        self.link.setPlaceholderText(_("optional: https://… the post's own address"))
        self.history = QListWidget(self)
        self.history.setObjectName("publications")
        self.history.setMaximumHeight(self.history.fontMetrics().lineSpacing() * 5 + 12)
        self.remove_button = QPushButton(_("&Remove mistaken mark"), self)
        self.remove_button.setToolTip(_("Only for a mark made by mistake: a real post stays in the log, "
                                        "so a consent withdrawal can list it for takedown."))
        self.feedback_button = QPushButton(_("&Feedback…"), self)  # what the chosen post brought (issue 13)
        self.feedback_button.setToolTip(_("What this post brought: reactions, questions, suggestions, shares, "
                                          "likes, typed from what the network shows."))
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.mark_button = self.buttons.addButton(_("&Mark as published"), QDialogButtonBox.ButtonRole.ActionRole)
        self.mark_button.setDefault(True)
        form = QFormLayout()
        form.addRow(_("Network:"), self.network)
        form.addRow(_("Published on:"), self.date)
        form.addRow(_("Link:"), self.link)
        layout = QVBoxLayout(self)
        layout.addWidget(self.post)
        layout.addLayout(form)
        marked = QLabel(_("&Already marked:"), self)
        accessibility.label_for(marked, self.history, _("Where and when this draft was marked as published."))
        layout.addWidget(marked)
        layout.addWidget(self.history)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.feedback_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.mark_button.clicked.connect(self.mark)
        self.remove_button.clicked.connect(self.remove_selected)
        self.buttons.rejected.connect(self.reject)
        self.history.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0))
        self.history.currentRowChanged.connect(lambda row: self.feedback_button.setEnabled(row >= 0))
        self.feedback_button.clicked.connect(self.open_feedback)
        self.refresh()

    def refresh(self) -> None:
        """Show this draft's publications, newest first."""
        self.history.clear()
        for record in reversed(publications_of(self.store, self.draft_id)):
            text = f"{record.published_at.isoformat()} · {network(record.network).name}"
            item = QListWidgetItem(text + (f" · {record.link}" if record.link else ""))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.history.addItem(item)
        self.remove_button.setEnabled(self.history.currentRow() >= 0)
        self.feedback_button.setEnabled(self.history.currentRow() >= 0)

    def open_feedback(self):
        """The feedback form of the chosen publication (``ui/planning/feedback_dialog.py``)."""
        from composer.ui.planning.feedback_dialog import FeedbackDialog

        item = self.history.currentItem()
        if item is None:
            return None
        form = FeedbackDialog(self.store, item.data(Qt.ItemDataRole.UserRole), self._author, self)
        form.saved.connect(lambda _id: self.changed.emit(_("Feedback recorded.")))
        form.finished.connect(lambda _result: form.deleteLater())
        form.show()
        return form

    def mark(self) -> bool:
        """Record the publication the fields describe; a refusal is shown and changes nothing."""
        key = self.network.currentData()
        try:
            record = mark_published(self.store, self.draft_id, key, self.date.date().toPython(), self.link.text(),
                                    author=self._author())
        except PublicationError as error:
            self._show(str(error), Status.FAIL)
            return False
        text = _("Marked as published on {network} on {date}.").format(
            network=network(key).name, date=record.published_at.isoformat())
        self.link.clear()
        self.refresh()
        self._show(text, Status.PASS)
        self.changed.emit(text)
        return True

    def remove_selected(self) -> bool:
        item = self.history.currentItem()
        if item is None:
            return False
        try:
            record = unmark_published(self.store, item.data(Qt.ItemDataRole.UserRole))
        except PublicationError as error:
            self._show(str(error), Status.FAIL)
            return False
        text = _("Removed the mark for {network} on {date}.").format(
            network=network(record.network).name, date=record.published_at.isoformat())
        self.refresh()
        self._show(text, Status.PASS)
        self.changed.emit(text)
        return True

    def _show(self, text: str, status: Status) -> None:
        colour_text(self.message, STATUS_COLOURS[status])
        self.message.setText(text)
        self.message.setVisible(True)
