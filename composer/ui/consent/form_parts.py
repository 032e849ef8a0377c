"""The small pieces every consent form uses: date fields, drop-downs, the message line, party rows, a file chooser.

Files and folders are chosen through :func:`choose_path`; the forms look it up
here when they need it (``form_parts.choose_path(...)``), so a test replaces it
in this one place with a plain function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from composer.core import consent
from composer.core.consent import ROLES, Party
from composer.core.i18n import _
from composer.ui import accessibility
from composer.ui.message import Message  # noqa: F401 - the forms' message line, as the consent forms import it

DATE_FORMAT = "yyyy-MM-dd"
MOMENT_FORMAT = "yyyy-MM-dd HH:mm"


def choose_path(parent: QWidget, kind: str, title: str, done: Callable[[str], None],
                suggested: str = "") -> QFileDialog:
    """Ask for a path; ``done`` gets it. Opened with ``open()``: nothing waits. Tests replace this function.

    ``kind``: ``evidence`` (an existing scan or PDF), ``folder`` (where a person's
    file goes) or ``pdf`` (where the printable form is written).
    """
    dialog = QFileDialog(parent, title)
    if kind == "evidence":
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Signed form (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.webp *.heic *.heif)"),
                               _("All files (*)")])
    elif kind == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([_("PDF (*.pdf)")])
        dialog.setDefaultSuffix("pdf")
    if suggested:
        dialog.selectFile(suggested)
    dialog.fileSelected.connect(done)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


# --- dates -------------------------------------------------------------------------------------


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(parent: QWidget, day: date | None = None) -> QDateEdit:
    """A date field with a calendar, in ISO form like every date the register shows."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDate(to_qdate(day or consent.today()))
    return edit


def moment_edit(parent: QWidget) -> QDateTimeEdit:
    """A date and time field, now by default (local time, as the core reads a naive moment)."""
    edit = QDateTimeEdit(QDateTime.currentDateTime(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(MOMENT_FORMAT)
    return edit


def moment_of(edit: QDateTimeEdit) -> datetime:
    """The field's moment as a naive local ``datetime`` (seconds dropped, as shown)."""
    value = edit.dateTime()
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())


class OptionalDate(QWidget):
    """A date that may be left out: a tick box switches the date field on."""

    def __init__(self, text: str, parent: QWidget | None = None, day: date | None = None):
        super().__init__(parent)
        self.check = QCheckBox(text, self)
        self.edit = date_edit(self, day)
        self.edit.setEnabled(False)
        accessibility.name(self.edit, accessibility.plain(text))  # the form names it better where it can
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.setDate(to_qdate(day))


# --- choices -----------------------------------------------------------------------------------


def combo(parent: QWidget, labels: dict[str, str], current: str = "") -> QComboBox:
    """A drop-down of translated labels, each holding its key."""
    box = QComboBox(parent)
    for key, label in labels.items():
        box.addItem(_(label), key)
    if current:
        choose(box, current)
    return box


def choose(box: QComboBox, key: str) -> None:
    """Select the item holding ``key``, adding it (shown as is) when the list lacks it."""
    if box.findData(key) < 0:
        box.addItem(key, key)
    box.setCurrentIndex(box.findData(key))


class PartyRow(QWidget):
    """One person who consents: a name and a role (the person themselves, a parent, a guardian)."""

    def __init__(self, name: str, role: str, parent: QWidget):
        super().__init__(parent)
        self.name = QLineEdit(name, self)
        self.name.setPlaceholderText(_("Name of who consents"))
        self.role = combo(self, ROLES, role)
        self.remove = QPushButton(_("Remove"), self)
        accessibility.name(self.name, _("Name of who consents"))
        accessibility.name(self.role, _("Consents as"))
        accessibility.name(self.remove, _("Remove who consents"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.role)
        layout.addWidget(self.remove)

    def party(self) -> Party:
        return Party(self.name.text().strip(), self.role.currentData())


# --- what a form says, and its buttons -------------------------------------------------------------


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (named ``ok_text``) and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
