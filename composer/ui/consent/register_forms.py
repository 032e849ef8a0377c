"""The consent register's forms: a person, a consent or a refusal, a withdrawal, the printable form.

Every form is a dialog that never blocks the program: shown with ``show()`` or
``open()``, its result handed over by a signal. OK asks :mod:`composer.core.consent`
to validate and write; a :class:`~composer.core.consent.ConsentError` is shown
in the form, as the core worded it, and nothing is written. Files and folders
are chosen through :func:`choose_path`, which tests replace with a plain function.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer.core import consent
from composer.core.checklist import Status
from composer.core.consent import (
    CHANNELS,
    LEGAL_BASES,
    METHODS,
    RECEIVED_HOW,
    ROLES,
    SCOPES,
    ConsentError,
    Party,
    Person,
    Scope,
    Terms,
    Withdrawal,
    channel_label,
)
from composer.core.consent.form import FORM_LANGUAGES, form_version
from composer.core.house_style import HouseStyle
from composer.core.i18n import _, ngettext
from composer.core.storage.store import Store
from composer.ui.consent.consent_pdf import write_consent_form
from composer.ui.look import STATUS_COLOURS, colour_text

DATE_FORMAT = "yyyy-MM-dd"
MOMENT_FORMAT = "yyyy-MM-dd HH:mm"
PHOTO_CHOICES = 200  # photos offered for a one-photo consent: the person's own first, then the newest
FAR = datetime.max.replace(tzinfo=UTC)
RENEWED = ("recorded_by", "method", "witness", "evidence_hash", "form_version", "form_language",
           "informed_of_withdrawal")  # what asking again may change besides the dates (consent.refresh)


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


# --- small pieces -------------------------------------------------------------------------------


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


class OptionalDate(QWidget):
    """A date that may be left out: a tick box switches the date field on."""

    def __init__(self, text: str, parent: QWidget | None = None, day: date | None = None):
        super().__init__(parent)
        self.check = QCheckBox(text, self)
        self.edit = date_edit(self, day)
        self.edit.setEnabled(False)
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


class Message(QLabel):
    """The line under a form that says what is wrong, or what was done."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def error(self, text: str) -> None:
        colour_text(self, STATUS_COLOURS[Status.FAIL], bold=True)
        self.setText(text)
        self.setVisible(True)

    def note(self, text: str) -> None:
        colour_text(self, STATUS_COLOURS[Status.PASS])
        self.setText(text)
        self.setVisible(True)

    def advice(self, text: str) -> None:
        colour_text(self, STATUS_COLOURS[Status.WARN])
        self.setText(text)
        self.setVisible(bool(text))


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


# --- a person -------------------------------------------------------------------------------------


class PersonForm(QDialog):
    """Add someone to the register: a name or pseudonym, a contact for withdrawal, a date of birth.

    Signals:
        added(int): the new person's id.
    """

    added = Signal(int)

    def __init__(self, store: Store, author: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.author = store, author
        self.setObjectName("person-form")
        self.setWindowTitle(_("Add a person"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("Name, or a pseudonym"))
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText(_("Only so they can withdraw: e-mail or phone (optional)"))
        self.birth = OptionalDate(_("known"), self, consent.today() - timedelta(days=365 * 10))
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        intro = QLabel(_("Keep no more about a person than the proof of consent needs."), self)
        intro.setWordWrap(True)
        self.message = Message(self)
        self.buttons = _buttons(self, _("Add"))
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Contact:"), self.contact)
        form.addRow(_("Date of birth:"), self.birth)
        form.addRow(_("Who consents:"), self.suggestion)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.birth.check.toggled.connect(self._suggest)
        self.birth.edit.dateChanged.connect(self._suggest)
        self._suggest()
        self.resize(520, 230)

    def _suggest(self) -> None:
        birth = self.birth.value()
        if birth is not None and birth > consent.today():
            self.suggestion.setText("")
            return
        self.suggestion.setText(consent.who_must_consent(birth).text)

    def accept(self) -> None:
        """Add the person; on bad input say why, write nothing and stay open."""
        try:
            person = consent.add_person(self.store, self.name.text(), self.author, self.contact.text(),
                                        self.birth.value())
        except ConsentError as error:
            self.message.error(str(error))
            return
        self.added.emit(person.id)
        super().accept()


# --- a consent or a refusal ---------------------------------------------------------------------


class PartyRow(QWidget):
    """One person who consents: a name and a role (the person themselves, a parent, a guardian)."""

    def __init__(self, name: str, role: str, parent: QWidget):
        super().__init__(parent)
        self.name = QLineEdit(name, self)
        self.name.setPlaceholderText(_("Name of who consents"))
        self.role = combo(self, ROLES, role)
        self.remove = QPushButton(_("Remove"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.role)
        layout.addWidget(self.remove)

    def party(self) -> Party:
        return Party(self.name.text().strip(), self.role.currentData())


class ConsentForm(QDialog):
    """Record a consent (``kind`` ``granted``) or a refusal (``refused``) with every field of the terms.

    With ``record_id`` the form opens on that record's current terms (its kind
    taken from the record): OK amends the record, or, with ``refresh``, records
    that consent was asked again: only how it was given and the dates can change.

    Signals:
        recorded(int): the new record's id (the amended or renewed record's id).
    """

    recorded = Signal(int)

    def __init__(self, store: Store, author: str, person: Person, kind: str = "granted",
                 parent: QWidget | None = None, record_id: int | None = None, refresh: bool = False):
        super().__init__(parent)
        current = consent.state_at(store, record_id, FAR) if record_id is not None else None
        kind = current.kind if current is not None else kind
        self.store, self.author, self.person, self.kind = store, author, person, kind
        self.record_id, self.refreshing = record_id, refresh and current is not None
        self.evidence_path, self.evidence_hash = "", ""
        self.kept_given_at: datetime | None = None  # an unchanged "given at" keeps its exact moment
        refusal = kind == "refused"
        self.setObjectName("refusal-form" if refusal else "consent-form")
        if self.refreshing:
            title, ok_text = _("Ask again for record #{id}: {person}"), _("Record renewed consent")
        elif current is not None:
            title, ok_text = _("Amend record #{id}: {person}"), _("Save amendment")
        elif refusal:
            title, ok_text = _("Record a refusal: {person}"), _("Record refusal")
        else:
            title, ok_text = _("Record consent: {person}"), _("Record consent")
        self.setWindowTitle(title.format(id=record_id, person=person.display_name))
        self._make_fields()
        sections = QWidget(self)
        column = QVBoxLayout(sections)
        boxes = [self._who(), self._how(), self._what(refusal), self._when(), self._basis()]
        for box in boxes:
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(sections)
        self.message = Message(self)
        self.buttons = _buttons(self, ok_text)
        layout = QVBoxLayout(self)
        header = QLabel(self.windowTitle(), self)
        font = header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        header.setFont(font)
        layout.addWidget(header)
        notes = [_("Someone who refused may appear in no photo, not even in the background.")] if refusal else []
        if self.refreshing:
            notes.append(_("Asking again renews when and how consent was given and how long it is valid; what it "
                           "covers stays the same (amend the record to change that)."))
        elif current is not None:
            notes.append(_("The new terms are added to the record's history from now on; nothing is overwritten."))
        for text in notes:
            note = QLabel(text, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if current is None:
            self._suggest_parties()
        else:
            self.set_terms(current.terms)
        if self.refreshing:
            for widget in (boxes[0], boxes[2], boxes[4], self.valid_from):
                widget.setEnabled(False)
            self.given_at.setDateTime(QDateTime.currentDateTime())
            self.kept_given_at = None
            for field in (self.valid_until, self.refresh_due):
                if field.value() is not None:
                    field.set_value(consent.today() + timedelta(days=365))
        self._method_changed()
        self._scope_changed()
        self.resize(720, 700)

    # --- fields ------------------------------------------------------------------------------

    def _make_fields(self) -> None:
        self.parties: list[PartyRow] = []
        self.add_party_button = QPushButton(_("Add someone who consents"), self)
        self.add_party_button.clicked.connect(lambda: self.add_party("", "parent"))
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        self.party_advice = Message(self)
        self.party_advice.setObjectName("party-advice")
        self.given_at = moment_edit(self)
        self.method = combo(self, METHODS, "signed_form")
        self.method.currentIndexChanged.connect(self._method_changed)
        self.witness = QLineEdit(self)
        self.witness.setPlaceholderText(_("Name of the witness"))
        self.evidence_label = QLabel(_("No file attached"), self)
        self.evidence_label.setWordWrap(True)
        self.attach_button = QPushButton(_("Attach…"), self)
        self.attach_button.clicked.connect(self.ask_evidence)
        self.detach_button = QPushButton(_("Remove"), self)
        self.detach_button.clicked.connect(lambda: self.set_evidence(""))
        self.detach_button.setEnabled(False)
        self.form_version = QLineEdit(form_version(), self)
        self.form_language = QComboBox(self)
        for code, label in (("nl", _("Dutch")), ("en", _("English"))):
            self.form_language.addItem(label, code)
        self.informed = QCheckBox(_("They were told they can withdraw their consent at any time"), self)
        self.photographed = QCheckBox(_("May be photographed"), self)
        self.publish = QCheckBox(_("Photos may be published"), self)
        self.scope = combo(self, SCOPES, "period")
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.photo = QComboBox(self)
        self.event_name = QLineEdit(self)
        self.event_name.setPlaceholderText(_("e.g. Reading hour for toddlers"))
        self.event_date = date_edit(self)
        self.period_start = date_edit(self)
        self.period_end = date_edit(self, consent.today() + timedelta(days=365))
        self.channels = {key: QCheckBox(channel_label(key), self) for key in CHANNELS}
        self.purpose = QLineEdit(self)
        self.purpose.setPlaceholderText(_("e.g. Showing the library's activities"))
        self.name_in_caption = QCheckBox(_("Their name may be given with the photo"), self)
        self.valid_from = OptionalDate(_("later than the day it was given:"), self)
        self.valid_until = OptionalDate(_("ends on"), self, consent.today() + timedelta(days=365))
        self.refresh_due = OptionalDate(_("ask again on"), self, consent.today() + timedelta(days=365))
        self.legal_basis = combo(self, LEGAL_BASES, "consent")
        self.legal_note = QLineEdit(self)
        self.legal_note.setPlaceholderText(_("Needed when the basis is another one"))

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, self)
        return box, QFormLayout(box)

    def _who(self) -> QGroupBox:
        box, form = self._group(_("Who consents"))
        self.party_rows = QVBoxLayout()
        form.addRow(self.party_rows)
        form.addRow(self.add_party_button)
        form.addRow(_("Suggested:"), self.suggestion)
        form.addRow(self.party_advice)
        return box

    def _how(self) -> QGroupBox:
        box, form = self._group(_("How it was given"))
        form.addRow(_("Given at:"), self.given_at)
        form.addRow(_("How:"), self.method)
        form.addRow(_("Witness:"), self.witness)
        evidence = QHBoxLayout()
        evidence.addWidget(self.evidence_label, 1)
        evidence.addWidget(self.attach_button)
        evidence.addWidget(self.detach_button)
        form.addRow(_("Evidence:"), evidence)
        told = QHBoxLayout()
        told.addWidget(self.form_version, 1)
        told.addWidget(QLabel(_("in"), self))
        told.addWidget(self.form_language)
        form.addRow(_("Form version:"), told)
        form.addRow(self.informed)
        return box

    def _what(self, refusal: bool) -> QGroupBox:
        box, form = self._group(_("What it covers"))
        self.scope_pages = QStackedWidget(self)
        pages = {"this_photo": self.photo, "this_event": self._pair(self.event_name, _("on"), self.event_date),
                 "period": self._pair(self.period_start, _("until"), self.period_end)}
        for key in SCOPES:
            self.scope_pages.addWidget(pages[key])
        self._fill_photos()
        if not refusal:
            form.addRow(self.photographed)
            form.addRow(self.publish)
        form.addRow(_("Which photos:"), self.scope)
        form.addRow("", self.scope_pages)
        if not refusal:
            grid = QGridLayout()
            for n, check in enumerate(self.channels.values()):
                grid.addWidget(check, n // 4, n % 4)
            form.addRow(_("Channels:"), grid)
            form.addRow(_("Purpose:"), self.purpose)
            form.addRow(self.name_in_caption)
        else:
            for widget in (self.photographed, self.publish, self.purpose, self.name_in_caption,
                           *self.channels.values()):
                widget.setVisible(False)
        return box

    def _pair(self, first: QWidget, between: str, second: QWidget) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first, 1)
        row.addWidget(QLabel(between, page))
        row.addWidget(second)
        return page

    def _when(self) -> QGroupBox:
        box, form = self._group(_("When it is valid"))
        form.addRow(_("Valid from:"), self.valid_from)
        form.addRow(_("Valid until:"), self.valid_until)
        form.addRow(_("Refresh:"), self.refresh_due)
        return box

    def _basis(self) -> QGroupBox:
        box, form = self._group(_("Legal basis"))
        form.addRow(_("Basis:"), self.legal_basis)
        form.addRow(_("Note:"), self.legal_note)
        return box

    def _fill_photos(self) -> None:
        """The photos a one-photo consent can name: the person's own first, then the newest."""
        from composer.core.photos.library import photos_for_consent

        rows = photos_for_consent(self.store, self.person.id, PHOTO_CHOICES)
        for photo, theirs in rows:
            label = photo.original_name or photo.hash[:12]
            self.photo.addItem(_("{photo} (they are in it)").format(photo=label) if theirs else label, photo.hash)
        if not rows:
            self.photo.addItem(_("No photos in any draft yet"), "")

    # --- behaviour -------------------------------------------------------------------------

    def add_party(self, name: str, role: str) -> PartyRow:
        row = PartyRow(name, role, self)
        row.remove.clicked.connect(lambda: self._remove_party(row))
        row.role.currentIndexChanged.connect(self._check_parties)
        self.parties.append(row)
        self.party_rows.addWidget(row)
        self._check_parties()
        return row

    def _remove_party(self, row: PartyRow) -> None:
        self.parties.remove(row)
        row.deleteLater()
        self._check_parties()

    def _suggest_parties(self) -> None:
        """Start from who should consent at the person's age: a suggestion the librarian may change."""
        suggestion = consent.who_must_consent(self.person.birth_date)
        self.suggestion.setText(suggestion.text)
        for role in suggestion.roles:
            self.add_party(self.person.name if role == "self" and not self.person.erased_at else "", role)

    def _check_parties(self) -> None:
        advice = consent.party_advice(self.person.birth_date, [row.party() for row in self.parties])
        self.party_advice.advice(_("These parties differ from the suggestion: {advice}").format(advice=advice)
                                 if advice else "")

    def _method_changed(self) -> None:
        self.witness.setEnabled(self.method.currentData() == "oral_with_witness")

    def _scope_changed(self) -> None:
        self.scope_pages.setCurrentIndex(list(SCOPES).index(self.scope.currentData()))

    def ask_evidence(self) -> None:
        choose_path(self, "evidence", _("Attach the signed form or its scan"), self.set_evidence)

    def set_evidence(self, path: str) -> None:
        """Keep ``path`` to store with the record (it is copied into the register only on OK); "" removes it."""
        self.evidence_path, self.evidence_hash = path, ""
        self.evidence_label.setText(Path(path).name if path else _("No file attached"))
        self.evidence_label.setToolTip(path)
        self.detach_button.setEnabled(bool(path))

    def _scope(self) -> Scope:
        kind = self.scope.currentData()
        if kind == "this_photo":
            return Scope.photo(self.photo.currentData() or "")
        if kind == "this_event":
            return Scope.event(self.event_name.text().strip(), from_qdate(self.event_date.date()))
        return Scope.period(from_qdate(self.period_start.date()), from_qdate(self.period_end.date()))

    def set_terms(self, terms: Terms) -> None:
        """Fill every field from ``terms``, to amend or renew a record; their evidence stays unless changed."""
        self.suggestion.setText(consent.who_must_consent(self.person.birth_date).text)
        for row in list(self.parties):
            row.hide()
            self._remove_party(row)
        for party in terms.parties:
            self.add_party(party.name, party.role)
        given = terms.given_at.astimezone()
        self.given_at.setDateTime(QDateTime(to_qdate(given.date()), QTime(given.hour, given.minute)))
        self.kept_given_at = terms.given_at
        choose(self.method, terms.method)
        self.witness.setText(terms.witness)
        self.set_evidence("")
        if terms.evidence_hash:
            found = consent.evidence_file(self.store, terms.evidence_hash)
            self.evidence_hash = terms.evidence_hash
            self.evidence_label.setText(found[1] if found else terms.evidence_hash[:12])
            self.detach_button.setEnabled(True)
        self.form_version.setText(terms.form_version)
        choose(self.form_language, terms.form_language)
        self.informed.setChecked(terms.informed_of_withdrawal)
        self.photographed.setChecked(terms.photographed)
        self.publish.setChecked(terms.publish)
        scope = terms.scope
        choose(self.scope, scope.kind)
        if scope.photo_hash:
            if self.photo.findData(scope.photo_hash) < 0:
                self.photo.addItem(scope.photo_hash[:12], scope.photo_hash)
            choose(self.photo, scope.photo_hash)
        self.event_name.setText(scope.event_name)
        for edit, day in ((self.event_date, scope.event_date), (self.period_start, scope.start),
                          (self.period_end, scope.end)):
            if day is not None:
                edit.setDate(to_qdate(day))
        for key, box in self.channels.items():
            box.setChecked(key in terms.channels)
        self.purpose.setText(terms.purpose)
        self.name_in_caption.setChecked(terms.name_in_caption)
        self.valid_from.set_value(None if terms.valid_from == consent.local_date(terms.given_at) else terms.valid_from)
        self.valid_until.set_value(terms.valid_until)
        self.refresh_due.set_value(terms.refresh_due)
        choose(self.legal_basis, terms.legal_basis)
        self.legal_note.setText(terms.legal_note)

    def _given_at(self) -> datetime:
        given = moment_of(self.given_at)
        kept = self.kept_given_at
        if kept is not None and kept.astimezone().replace(tzinfo=None, second=0, microsecond=0) == given:
            return kept  # unchanged: the exact moment on record, not the minute shown
        return given

    def terms(self) -> Terms:
        """The terms the fields describe (a newly attached evidence file is stored on OK)."""
        refusal = self.kind == "refused"
        given_at = self._given_at()
        valid_from = self.valid_from.value()
        if self.refreshing and valid_from is not None:
            valid_from = consent.refreshed_from(valid_from, given_at)
        return Terms(
            parties=tuple(row.party() for row in self.parties), given_at=given_at,
            recorded_by=self.author, method=self.method.currentData(),
            photographed=False if refusal else self.photographed.isChecked(),
            publish=False if refusal else self.publish.isChecked(), scope=self._scope(),
            channels=() if refusal else tuple(k for k, box in self.channels.items() if box.isChecked()),
            purpose="" if refusal else self.purpose.text().strip(),
            name_in_caption=False if refusal else self.name_in_caption.isChecked(),
            valid_from=valid_from, valid_until=self.valid_until.value(), refresh_due=self.refresh_due.value(),
            witness=self.witness.text().strip() if self.witness.isEnabled() else "", evidence_hash=self.evidence_hash,
            form_version=self.form_version.text().strip(), form_language=self.form_language.currentData(),
            informed_of_withdrawal=self.informed.isChecked(), legal_basis=self.legal_basis.currentData(),
            legal_note=self.legal_note.text().strip())

    def _write(self, terms: Terms) -> int:
        """Record new terms, amend the record, or record that it was asked again; the record's id."""
        if self.record_id is None:
            write = consent.record_refusal if self.kind == "refused" else consent.grant_consent
            return write(self.store, self.person.id, terms, self.author)
        if self.refreshing:
            consent.refresh(self.store, self.record_id, self.author, terms.given_at, terms.valid_until,
                            terms.refresh_due, **{name: getattr(terms, name) for name in RENEWED})
        else:
            consent.amend(self.store, self.record_id, terms, self.author)
        return self.record_id

    def accept(self) -> None:
        """Validate, store the evidence and the record together; on bad input say why and write nothing."""
        try:
            terms = self.terms()
            consent.validate_terms(terms, self.kind)
            if self.evidence_path:  # stored with the record, or not at all
                path = Path(self.evidence_path)
                record_id = consent.record_with_evidence(
                    self.store, path, path.name, lambda digest: self._write(replace(terms, evidence_hash=digest)))
            else:
                record_id = self._write(terms)
        except ConsentError as error:
            self.message.error(str(error))
            return
        self.recorded.emit(record_id)
        super().accept()


# --- a withdrawal ---------------------------------------------------------------------------------


class WithdrawForm(QDialog):
    """When and how a withdrawal was received; OK records it for one record or all of a person's consent.

    Signals:
        withdrawn(object): the :class:`~composer.core.consent.Withdrawal`.
    """

    withdrawn = Signal(object)

    def __init__(self, store: Store, author: str, person: Person, record_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.author, self.person, self.record_id = store, author, person, record_id
        self.setObjectName("withdraw-form")
        name = person.display_name
        refusal = record_id is not None and consent.state_at(store, record_id, FAR).kind == "refused"
        if refusal:
            self.setWindowTitle(_("Withdraw refusal: {person}").format(person=name))
            text = _("Withdraw refusal #{id} of {person}: they no longer refuse. Their photos still need their "
                     "consent before they are published; no draft is marked and nothing is to be taken down."
                     ).format(id=record_id, person=name)
        else:
            self.setWindowTitle(_("Withdraw consent: {person}").format(person=name))
            what = (_("Withdraw record #{id} of {person}.").format(id=record_id, person=name)
                    if record_id is not None else _("Withdraw every consent of {person}.").format(person=name))
            text = what + " " + _("Use of their photos stops now; what was published before stays lawful "
                                  "but must be taken down where reasonable.")
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        self.effective_at = moment_edit(self)
        self.received_how = combo(self, RECEIVED_HOW, "in_person")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("e.g. their words, or who took the call (optional)"))
        self.message = Message(self)
        self.buttons = _buttons(self, _("Withdraw"))
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(_("Received on:"), self.effective_at)
        form.addRow(_("Received how:"), self.received_how)
        form.addRow(_("Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 200)

    def accept(self) -> None:
        target = {"record_id": self.record_id} if self.record_id is not None else {"person_id": self.person.id}
        try:
            withdrawal: Withdrawal = consent.withdraw(
                self.store, **target, effective_at=moment_of(self.effective_at),
                received_how=self.received_how.currentData(), author=self.author, note=self.note.text().strip())
        except ConsentError as error:
            self.message.error(str(error))
            return
        self.withdrawn.emit(withdrawal)
        super().accept()


# --- the printable consent form ----------------------------------------------------------------------


class PrintFormDialog(QDialog):
    """Consent → Print consent form…: a language, the library's name and contact, then a PDF file.

    Signals:
        written(str): the path of the PDF.
    """

    written = Signal(str)

    def __init__(self, style: HouseStyle, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("print-form-dialog")
        self.setWindowTitle(_("Print consent form"))
        intro = QLabel(_("A form to hand out at an event: people tick the channels and sign. "
                         "Record what they ticked in the consent register, with a scan of the form."), self)
        intro.setWordWrap(True)
        self.language = QComboBox(self)
        for code, label in (("nl", _("Dutch")), ("en", _("English"))):
            self.language.addItem(label, code)
        self.library = QLineEdit(style.library_name, self)
        self.library.setPlaceholderText(_("Set it in Settings → House style"))
        self.contact = QLineEdit(next(iter(style.contact_emails), ""), self)
        self.contact.setPlaceholderText(_("Where people write to withdraw"))
        self.message = Message(self)
        self.buttons = _buttons(self, _("Save as PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(_("Language:"), self.language)
        form.addRow(_("Library:"), self.library)
        form.addRow(_("Contact e-mail:"), self.contact)
        form.addRow(_("Form version:"), QLabel(form_version(), self))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def accept(self) -> None:
        """Ask where to write the PDF (the dialog stays open to print another language)."""
        language = self.language.currentData()
        choose_path(self, "pdf", _("Save the consent form"), self.write_to,
                    _("consent-form-{language}.pdf").format(language=language))

    def write_to(self, path: str) -> bool:
        language = self.language.currentData()
        if language not in FORM_LANGUAGES:
            return False
        try:
            written = write_consent_form(Path(path), self.library.text().strip(), self.contact.text().strip(),
                                         language)
        except OSError as error:
            self.message.error(_("{path} cannot be written: {reason}").format(
                path=path, reason=error.strerror or str(error)))
            return False
        self.message.note(_("The consent form was written to {path}.").format(path=written))
        self.written.emit(str(written))
        return True


# --- erasing a person -------------------------------------------------------------------------------------

MAX_NAMES = 8  # photo names listed in a sentence; the rest are counted


def _draft_label(draft: consent.ErasedDraft) -> str:
    label = "#{id} “{text}”".format(id=draft.draft_id, text=(draft.first_line or _("(empty draft)"))[:60])
    return _("{draft} (in the trash)").format(draft=label) if draft.in_trash else label


def _names(photos) -> str:
    names = [photo.original_name or photo.hash[:12] for photo in photos]
    return ", ".join(names[:MAX_NAMES]) + (" …" if len(names) > MAX_NAMES else "")


def _draft_photos_leaving(draft: consent.ErasedDraft) -> str:
    label = _draft_label(draft)
    if draft.removed == draft.total:
        return ngettext("{draft}: its only photo leaves", "{draft}: all {n} of its photos leave",
                        draft.removed).format(draft=label, n=draft.removed)
    return ngettext("{draft}: {n} of its {total} photos leaves", "{draft}: {n} of its {total} photos leave",
                    draft.removed).format(draft=label, n=draft.removed, total=draft.total)


def erasure_html(plan: consent.ErasurePlan) -> str:
    """What erasing will do, as the confirmation says it, from the plan :func:`consent.erase_person` carries out."""
    e = html.escape
    name, photos = plan.name, plan.photos

    def para(text: str) -> str:
        return f"<p>{e(text)}</p>"

    def items(texts) -> str:
        return "<ul>" + "".join(f"<li>{e(text)}</li>" for text in texts) + "</ul>"

    parts = [para(_("Removed from the register: the name and contact of {person}; the register shows “{pseudonym}” "
                    "instead.").format(person=name, pseudonym=plan.pseudonym))]
    if plan.drafts:
        n = len(photos.draft_photo_ids)
        parts.append(para(ngettext("The photo {person} is linked in leaves its draft (the text stays):",
                                   "The {n} photos {person} is linked in leave their drafts (the texts stay):", n)
                          .format(person=name, n=n)))
        parts.append(items(_draft_photos_leaving(draft) for draft in plan.drafts))
    else:
        parts.append(para(_("{person} is linked in no photo: no draft changes.").format(person=name)))
    files = []
    if photos.deleted:
        n = len(photos.deleted)
        files.append(ngettext("Deleted for good from the data folder: the stored file of the photo {person} is in "
                              "({names}).",
                              "Deleted for good from the data folder: the stored files of the {n} photos {person} is "
                              "in ({names}).", n).format(n=n, names=_names(photos.deleted), person=name))
    if photos.unused:
        n = len(photos.unused)
        files.append(ngettext("Also deleted for good: {n} stored photo that no draft uses any more ({names}), because "
                              "nobody said who is in it: {person} may be in it.",
                              "Also deleted for good: {n} stored photos that no draft uses any more ({names}), "
                              "because nobody said who is in them: {person} may be in them.", n).format(
                                  n=n, names=_names(photos.unused), person=name))
    parts += [para(text) for text in files]
    kept = []
    if plan.records:
        kept.append(ngettext("{n} consent record and its history, which name who consented (as a signed form does)",
                             "{n} consent records and their history, which name who consented (as signed forms do)",
                             plan.records).format(n=plan.records))
    if plan.evidence:
        kept.append(ngettext("{n} evidence file (a signed form or its scan)",
                             "{n} evidence files (signed forms or their scans)", plan.evidence).format(n=plan.evidence))
    if plan.birth_date:
        kept.append(_("the date of birth, which shows who had to consent"))
    if kept:
        parts.append(para(_("Kept, as the minimal proof the library must keep for possible claims, under the name "
                            "“{pseudonym}”:").format(pseudonym=plan.pseudonym)))
        parts.append(items(kept))
    else:
        parts.append(para(_("Kept: only the name “{pseudonym}”; nothing else was recorded about them.").format(
            pseudonym=plan.pseudonym)))
    parts.append(para(_("If the person asked for their data, export their file first.")))
    return "".join(parts)


class EraseForm(QDialog):
    """Erase person…: says exactly what erasing will do (:func:`consent.erasure_plan`), and on *Erase* does that.

    Cancel is the default button. If the register changed while the form was
    open, nothing is erased: the form shows what erasing would do now and asks
    again. Raises :class:`ConsentError` when the person cannot be erased.

    Signals:
        erased(object): the :class:`~composer.core.consent.Erasure`.
    """

    erased = Signal(object)

    def __init__(self, store: Store, author: str, person: Person, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.author, self.person = store, author, person
        self.plan = consent.erasure_plan(store, person.id)
        self.setObjectName("erase-confirmation")
        self.setWindowTitle(_("Erase {person}?").format(person=person.display_name))
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.question = QLabel(_("Erase {person} from the register? This cannot be undone.").format(
            person=person.display_name), self)
        self.question.setObjectName("erase-question")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.text = QTextBrowser(self)
        self.text.setObjectName("erasure-text")
        self.message = Message(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.erase_button = self.buttons.addButton(_("Erase"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setObjectName("erase-confirm")
        self.erase_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon)
        column = QVBoxLayout()
        column.addWidget(self.question)
        column.addWidget(self.text, 1)
        top.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.show_plan(self.plan)
        self.resize(660, 540)
        cancel.setFocus()

    def show_plan(self, plan: consent.ErasurePlan) -> None:
        self.plan = plan
        self.text.setHtml(erasure_html(plan))

    def accept(self) -> None:
        """Erase exactly what the form says; if that changed meanwhile, show it anew and erase nothing."""
        try:
            result = consent.erase_person(self.store, self.person.id, self.author, confirm=True, expected=self.plan)
        except ConsentError as error:
            try:
                self.show_plan(consent.erasure_plan(self.store, self.person.id))
            except ConsentError:
                self.erase_button.setEnabled(False)  # erased meanwhile: nothing left to do
            self.message.error(str(error))
            return
        except sqlite3.Error as error:
            self.message.error(_("Nothing was erased: the database could not be written ({reason}).").format(
                reason=error))
            return
        self.erased.emit(result)
        super().accept()
