"""The register window's person: who they are, who must consent for them, their drafts, and what can be done.

The buttons are wired by the window (:class:`~composer.ui.consent.register_window.RegisterWindow`),
which also says which of them apply.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.checklist import Status
from composer.core.consent import Person
from composer.core.i18n import _, ngettext
from composer.core.storage.store import Store
from composer.ui.flow import FlowLayout
from composer.ui.look import STATUS_COLOURS

DRAFTS_NAMED = 5  # drafts named in the person's details; more are shown as "…"


class PersonPane(QWidget):
    """The chosen person's details, and the buttons for what can be done with them."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.details = QLabel(self)
        self.details.setObjectName("person-details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.consent_button = QPushButton(_("Record consent…"), self)
        self.refusal_button = QPushButton(_("Record refusal…"), self)
        self.withdraw_button = QPushButton(_("Withdraw all consent…"), self)
        self.export_button = QPushButton(_("Export person's file…"), self)
        self.export_button.setToolTip(_("Everything held about this person, for an access request (GDPR art. 15)."))
        self.erase_button = QPushButton(_("Erase person…"), self)
        self.erase_button.setToolTip(_("Remove their name and contact and the photos they are in (stored files "
                                       "no draft uses are deleted), keeping the proof (GDPR art. 17)."))
        actions = FlowLayout(spacing=6)  # wraps, so the window fits 1366×768 in Dutch too
        for button in (self.consent_button, self.refusal_button, self.withdraw_button, self.export_button,
                       self.erase_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addLayout(actions)

    def show_person(self, person: Person | None) -> None:
        if person is None:
            self.details.setText(_("Choose a person on the left, or add one."))
        else:
            self.details.setText(self._details_html(person))

    def _details_html(self, person: Person) -> str:
        e = html.escape
        lines = [f"<b style='font-size: large'>{e(person.display_name)}</b>"]
        if person.erased_at:
            lines.append(e(_("Erased on {date}: name, contact and the photos they were in removed; the proof is kept."
                             ).format(
                date=person.erased_at[:10])))
        if person.contact:
            lines.append(e(_("Contact for withdrawal: {contact}").format(contact=person.contact)))
        if person.birth_date:
            age = person.age()
            text = ngettext("Born {date} ({age} year old)", "Born {date} ({age} years old)", age).format(
                date=person.birth_date.isoformat(), age=age)
            lines.append(e(text + (" — " + _("a minor") if person.minor() else "")))
        lines.append(e(_("Who consents: {advice}").format(advice=consent.who_must_consent(person.birth_date).text)))
        drafts = consent.affected_drafts(self.store, person.id)
        if drafts:
            lines.append(e(_("In photos of drafts: {drafts}").format(
                drafts=", ".join(f"#{d.draft_id} {d.first_line[:30].rstrip()}" for d in drafts[:DRAFTS_NAMED])
                + (" …" if len(drafts) > DRAFTS_NAMED else ""))))
        lines.append(f"<span style='color: {STATUS_COLOURS[Status.NA]}'>"
                     + e(_("Added {date} by {author}").format(date=person.created_at[:10],
                                                              author=person.created_by or "?")) + "</span>")
        return "<br>".join(lines)
