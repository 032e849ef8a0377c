"""Takedowns to do after a consent withdrawal: a list that stays until each is done (issue 13, point 7).

:class:`TakedownsWindow` (Plan → Takedowns to do…, or the status bar's
indicator) lists each post to take down — network, date, link, the draft's
first line, the person — with *Done* per row; done ones stay below as
history, with the day and the colleague. Marking done is asked once more,
since it cannot be undone: it is the library's proof that it acted (the
database refuses any change afterwards; should it ever refuse, the window
says so). The status bar says "2 takedowns to do" for as long as any is
open (``notices.py``: :class:`~composer.ui.planning.notices.TakedownIndicator`).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist import Status
from composer.core.i18n import N_, _, ngettext
from composer.core.networks.facts import network
from composer.core.planning.takedowns import Takedown, TakedownError, all_takedowns, mark_done
from composer.core.storage.errors import DatabaseError, classify, describe
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.message import Message

COLUMNS = (N_("Network"), N_("Published"), N_("Post link"), N_("Post"), N_("Person"), N_("Taken down"))


class TakedownsWindow(QDialog):
    """Every takedown, those to do first; *Done* records the day and the colleague.

    Signals:
        changed: a takedown was marked done.
    """

    changed = Signal()

    def __init__(self, store: Store, author: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("takedowns")
        self.setWindowTitle(_("Takedowns to do"))
        self.setModal(False)
        self.store, self._author = store, author
        self.rows: list[Takedown] = []
        self.confirm: QMessageBox | None = None
        intro = QLabel(_("Consent was withdrawn for these posts' photos. Take each post (or the photo) down on "
                         "the network, then press Done: the day and your name are recorded as the library's "
                         "proof that it acted, and cannot be changed afterwards."), self)
        intro.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("takedown-list")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the Done buttons take the focus, not the cells
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.message = Message(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 400)
        self.refresh()

    def refresh(self) -> None:
        """Read the list again (a failure is said, the list stays as it was)."""
        try:
            self.rows = all_takedowns(self.store)
        except DatabaseError as error:
            self._say(_("The list could not be read: {reason}").format(reason=self._reason(error)), Status.FAIL)
            return
        todo = sum(not row.done for row in self.rows)
        self.summary.setText(ngettext("{count} takedown to do.", "{count} takedowns to do.", todo).format(
            count=todo) if todo else _("Nothing to take down."))
        self.table.setRowCount(len(self.rows))
        self.done_buttons: dict[int, QPushButton] = {}
        for row, takedown in enumerate(self.rows):
            self._show_row(row, takedown)
        for column in (0, 1, 2, 4, 5):
            self.table.resizeColumnToContents(column)
        accessibility.follow_the_eye(self)  # row by row: each post's link, then its Done button

    def _show_row(self, row: int, takedown: Takedown) -> None:
        cells = (network(takedown.network).name, takedown.published_at.isoformat(), "",
                 takedown.first_line or _("(empty draft)"), takedown.person)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if takedown.done:
                item.setForeground(Qt.GlobalColor.gray)
            self.table.setItem(row, column, item)
        link = QLabel(self.table)
        if takedown.link:
            link.setText(f'<a href="{html.escape(takedown.link)}">{html.escape(takedown.link[:48])}</a>')
            link.setOpenExternalLinks(True)
            link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)  # Tab reaches the link
            link.setToolTip(takedown.link)
            accessibility.name(link, _("Link to the {network} post").format(network=network(takedown.network).name),
                               takedown.link)
        else:
            link.setText(_("(no link recorded)"))
        self.table.setCellWidget(row, 2, link)
        if takedown.done:
            done = QLabel(_("Done on {date} by {who}").format(date=(takedown.done_at or "")[:10],
                                                           who=takedown.done_by or "?"), self.table)
            self.table.setCellWidget(row, 5, done)
        else:
            button = QPushButton(_("Done"), self.table)
            button.setObjectName(f"done-{takedown.id}")
            accessibility.name(button, _("Done: the {network} post of {date} is taken down").format(
                network=network(takedown.network).name, date=takedown.published_at.isoformat()))
            button.setToolTip(_("The post is taken down: record today and your name (cannot be undone)."))
            button.clicked.connect(lambda _checked=False, t=takedown: self.ask_done(t))
            cell = QWidget(self.table)
            line = QHBoxLayout(cell)
            line.setContentsMargins(4, 0, 4, 0)
            line.addWidget(button)
            line.addStretch(1)
            self.table.setCellWidget(row, 5, cell)
            self.done_buttons[takedown.id] = button

    def ask_done(self, takedown: Takedown) -> QMessageBox:
        """Ask once more (it cannot be undone); Yes marks it done."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Taken down?"),
                          _("Record that the {network} post of {date} was taken down (for {person})? This is kept "
                            "as the library's proof and cannot be undone.").format(
                              network=network(takedown.network).name, date=takedown.published_at.isoformat(),
                              person=takedown.person),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a person's name as written, never read as HTML
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: self._answered(box, takedown))
        self.confirm = box
        box.open()
        return box

    def _answered(self, box: QMessageBox, takedown: Takedown) -> None:
        if self.confirm is box:
            self.confirm = None
        box.deleteLater()
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.mark_done(takedown.id)

    def mark_done(self, takedown_id: int) -> bool:
        """Record the takedown as done now, by this window's colleague; a refusal is said, nothing changed."""
        try:
            done = mark_done(self.store, takedown_id, self._author())
        except TakedownError as error:
            self._say(str(error), Status.FAIL)
            self.refresh()
            return False
        except DatabaseError as error:
            self._say(_("The database refused: {reason}. A takedown once done stays as it is.").format(
                reason=self._reason(error)), Status.FAIL)
            self.refresh()
            return False
        self._say(_("Recorded: taken down on {date} by {who}.").format(date=(done.done_at or "")[:10],
                                                                     who=done.done_by), Status.PASS)
        self.refresh()
        self.changed.emit()
        return True

    def _reason(self, error: BaseException) -> str:
        problem = classify(error, self.store.path)
        return describe(problem) if problem is not None else str(error)

    def _say(self, text: str, status: Status) -> None:
        self.message.say(text, status)
