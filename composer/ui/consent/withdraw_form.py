"""Withdraw…: when and how a withdrawal was received, for one record or all of a person's consent.

A dialog opened with ``open()``; OK asks :func:`composer.core.consent.withdraw`
to record it, and a :class:`~composer.core.consent.ConsentError` is shown in the
form, with nothing written. What follows (the drafts flagged, what to take
down) is shown by the register window.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.consent import RECEIVED_HOW, ConsentError, Person, Withdrawal, clock
from composer.core.i18n import _
from composer.core.storage.store import Store
from composer.ui.consent.form_parts import Message, combo, moment_edit, moment_of, ok_cancel
from composer.ui.look import as_written


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
        refusal = record_id is not None and consent.state_at(store, record_id, clock.FAR_FUTURE).kind == "refused"
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
        intro = as_written(QLabel(text, self))
        intro.setWordWrap(True)
        self.effective_at = moment_edit(self)
        self.received_how = combo(self, RECEIVED_HOW, "in_person")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("e.g. their words, or who took the call (optional)"))
        self.message = Message(self)
        self.buttons = ok_cancel(self, _("Withdraw"))
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

