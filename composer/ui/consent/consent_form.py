"""Record consent… and Record refusal…, Amend… and Ask again…: every field of a consent's terms.

A dialog that never blocks the program. OK asks :mod:`composer.core.consent`
to validate and write (with the evidence file, stored with the record or not at
all); a :class:`~composer.core.consent.ConsentError` is shown in the form, as
the core worded it, and nothing is written. What a new consent's dates start
at and what asking again renews are the core's (:func:`~composer.core.consent.default_end`,
:func:`~composer.core.consent.renewed_dates`, :func:`~composer.core.consent.renew`).

Longer than most modules (about 450 lines) for a reason: it is one form with every
field of the consent terms, and each field is made, laid out, filled from a
record (:meth:`ConsentForm.set_terms`) and read back (:meth:`ConsentForm.terms`)
here, side by side, so a field added to the terms is added in one place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core import consent
from composer.core.consent import (
    CHANNELS,
    LEGAL_BASES,
    METHODS,
    SCOPES,
    ConsentError,
    Person,
    Scope,
    Terms,
    channel_label,
    clock,
)
from composer.core.consent.form import form_version
from composer.core.i18n import _
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent import form_parts
from composer.ui.consent.form_parts import (
    Message,
    OptionalDate,
    PartyRow,
    choose,
    combo,
    date_edit,
    from_qdate,
    moment_edit,
    moment_of,
    ok_cancel,
    to_qdate,
)

PHOTO_CHOICES = 200  # photos offered for a one-photo consent: the person's own first, then the newest


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
        current = consent.state_at(store, record_id, clock.FAR_FUTURE) if record_id is not None else None
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
        accessibility.name(scroll, self.windowTitle())
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; a field it reaches is scrolled to
        self._name_fields()
        self.message = Message(self)
        self.buttons = ok_cancel(self, ok_text)
        layout = QVBoxLayout(self)
        self._header(layout, refusal, amending=current is not None)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if current is None:
            self._suggest_parties()
        else:
            self.set_terms(current.terms)
            if self.refreshing:
                self._start_renewal(current.terms, (boxes[0], boxes[2], boxes[4], self.valid_from))
        self._method_changed()
        self._scope_changed()
        self.resize(720, 700)
        accessibility.follow_the_eye(self)

    def _header(self, layout: QVBoxLayout, refusal: bool, amending: bool) -> None:
        """The form's title in large type, and what to know before filling it in."""
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
        elif amending:
            notes.append(_("The new terms are added to the record's history from now on; nothing is overwritten."))
        for text in notes:
            note = QLabel(text, self)
            note.setWordWrap(True)
            layout.addWidget(note)

    def _start_renewal(self, terms: Terms, fixed: tuple[QWidget, ...]) -> None:
        """Asking again: given now, the dates renewed (:func:`consent.renewed_dates`), what it covers fixed."""
        for widget in fixed:
            widget.setEnabled(False)
        self.given_at.setDateTime(QDateTime.currentDateTime())
        self.kept_given_at = None
        valid_until, refresh_due = consent.renewed_dates(terms)
        self.valid_until.set_value(valid_until)
        self.refresh_due.set_value(refresh_due)

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
        self.period_end = date_edit(self, consent.default_end())
        self.channels = {key: QCheckBox(channel_label(key), self) for key in CHANNELS}
        self.purpose = QLineEdit(self)
        self.purpose.setPlaceholderText(_("e.g. Showing the library's activities"))
        self.name_in_caption = QCheckBox(_("Their name may be given with the photo"), self)
        self.valid_from = OptionalDate(_("later than the day it was given:"), self)
        self.valid_until = OptionalDate(_("ends on"), self, consent.default_end())
        self.refresh_due = OptionalDate(_("ask again on"), self, consent.default_end())
        self.legal_basis = combo(self, LEGAL_BASES, "consent")
        self.legal_note = QLineEdit(self)
        self.legal_note.setPlaceholderText(_("Needed when the basis is another one"))

    def _name_fields(self) -> None:
        """Names for the fields that share a row or sit beside another (a form's label names the first only)."""
        named = {self.form_version: _("Form version"), self.form_language: _("Language of the form"),
                 self.photo: _("Which photo"), self.event_name: _("Event"), self.event_date: _("Date of the event"),
                 self.period_start: _("Period from"), self.period_end: _("Period until"),
                 self.purpose: _("Purpose"), self.valid_from.edit: _("Valid from"),
                 self.valid_until.edit: _("Valid until"), self.refresh_due.edit: _("Ask again on")}
        for widget, text in named.items():
            accessibility.name(widget, text)
        accessibility.name(self.attach_button, self.attach_button.text(), _("Attach the signed form or its scan."))

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
        accessibility.follow_the_eye(self)  # the new row where it shows, above "Add someone who consents"
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
        form_parts.choose_path(self, "evidence", _("Attach the signed form or its scan"), self.set_evidence)

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
            consent.renew(self.store, self.record_id, terms, self.author)
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

