"""Plan → Statistics for research…: the anonymised statistics file, shown in full before it is saved (issue 13,
point 8).

The person chooses the months; the dialog shows the file's text exactly as it
will be written (read-only), says what it holds and what it never holds, and
"Save…" writes that very text, whole or not at all. The content is made by
:mod:`composer.core.planning.statistics`; its format is described in
``docs/statistics-format.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.i18n import _, ngettext, number
from composer.core.planning import statistics
from composer.core.planning.statistics import Months, StatisticsError
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.message import Message
from composer.ui.planning import save_as


class StatisticsDialog(QDialog):
    """The months, the file's text as it will be saved, and Save…; ``today`` gives the local date (for tests)."""

    def __init__(self, store: Store, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.store, self._today = store, today
        self.text = ""
        self.setObjectName("research-statistics")
        self.setWindowTitle(_("Statistics for research"))
        self.first_month, self.last_month = self._month_edit(), self._month_edit()
        about = QLabel(_("Per month: how many posts per purpose, audience and network, the minutes of work they "
                         "took and the feedback they brought. No texts, names, links, photos or notes. This is "
                         "exactly what the file will contain:"), self)
        about.setWordWrap(True)
        self.summary = QLabel(self)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message = Message(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton(_("Save…"), self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.choose_file)
        months = QHBoxLayout()
        first, last = QLabel(_("&From"), self), QLabel(_("&to"), self)
        accessibility.label_for(first, self.first_month)
        accessibility.label_for(last, self.last_month)
        accessibility.name(self.first_month, _("First month"), _("The first month in the file."))
        accessibility.name(self.last_month, _("Last month"), _("The last month in the file."))
        accessibility.name(self.preview, _("The file's text"), _("Exactly what the file will contain."))
        months.addWidget(first)
        months.addWidget(self.first_month)
        months.addWidget(last)
        months.addWidget(self.last_month)
        months.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(months)
        layout.addWidget(about)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(820, 620)
        self._first_months()
        self.first_month.dateChanged.connect(self.refresh)
        self.last_month.dateChanged.connect(self.refresh)
        self.refresh()

    def _month_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setDisplayFormat("yyyy-MM")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(2000, 1, 1))
        return edit

    def _first_months(self) -> None:
        """The whole history in the log, or this month when nothing was published yet."""
        today = self._today()
        try:
            found = statistics.history_months(self.store)
        except DatabaseError:  # said by refresh(), which reads the database just after
            found = None
        found = found or Months(today.strftime("%Y-%m"), today.strftime("%Y-%m"))
        for edit, day in ((self.first_month, found.start), (self.last_month, found.end)):
            edit.setDate(QDate(day.year, day.month, 1))

    def months(self) -> Months:
        first, last = self.first_month.date(), self.last_month.date()
        return statistics.months(date(first.year(), first.month(), 1), date(last.year(), last.month(), 1))

    def refresh(self) -> None:
        """Make the file's text for the months chosen and show it."""
        try:
            months = self.months()
        except StatisticsError as error:
            self._nothing(str(error))
            return
        try:
            content = statistics.statistics(self.store, months, self._today())
        except DatabaseError as error:  # the team library's server away: nothing to save
            self._nothing(save_as.unreadable(error, self.store.path))
            return
        self.text = statistics.statistics_text(content)
        self.preview.setPlainText(self.text)
        posts = sum(row["posts"] for row in content["rows"])
        self.summary.setText(ngettext("{rows} row", "{rows} rows", len(content["rows"])).format(
            rows=number(len(content["rows"]))) + " · " + ngettext(
            "{posts} post from {first} to {last}", "{posts} posts from {first} to {last}", posts).format(
            posts=number(posts), first=months.first, last=months.last))
        self.save_button.setEnabled(True)
        self.message.setVisible(False)

    def _nothing(self, why: str) -> None:
        self.text = ""
        self.preview.setPlainText("")
        self.summary.setText("")
        self.save_button.setEnabled(False)
        self.message.error(why)

    def choose_file(self) -> None:
        months = self.months()
        save_as.choose_file(self, _("Save the statistics"), _("Statistics (*.json)"), "json",
                            f"post-composer-statistics-{months.first}-{months.last}.json", self.save)

    def save(self, path: str) -> None:
        """Write exactly the text shown."""
        if not path or not self.text:
            return
        try:
            written = statistics.write_statistics(path, self.text)
        except OSError as error:
            self.message.error(save_as.failure(error, path))
        else:
            self.message.note(_("The statistics were written to {path}.").format(path=written))

