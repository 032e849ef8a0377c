"""Add a person…: a name or pseudonym, a contact for withdrawal, a date of birth and who must consent at that age.

A dialog that never blocks the program; OK asks :func:`composer.core.consent.add_person`
to validate and write, and a :class:`~composer.core.consent.ConsentError` is shown
in the form, as the core worded it, with nothing written.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.consent import ConsentError
from composer.core.i18n import _
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent.form_parts import Message, OptionalDate, ok_cancel
from composer.ui.window.team_face import needs_role

BIRTH_SHOWN_FIRST = timedelta(days=365 * 10)  # the calendar opens about ten years back (the box starts unticked)


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
        self.birth = OptionalDate(_("known"), self, consent.today() - BIRTH_SHOWN_FIRST)
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        intro = QLabel(_("Keep no more about a person than the proof of consent needs."), self)
        intro.setWordWrap(True)
        self.message = Message(self)
        self.buttons = ok_cancel(self, _("Add"))
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Contact:"), self.contact)
        form.addRow(_("Date of birth:"), self.birth)
        form.addRow(_("Who consents:"), self.suggestion)
        accessibility.name(self.birth.edit, _("Date of birth"))
        accessibility.name(self.birth.check, _("Date of birth known"))
        if not store.access.sees_contacts:  # a writer on the team library adds a person by name only
            for field in (self.contact, self.birth):
                field.setEnabled(False)
                field.setToolTip(needs_role("register"))
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
