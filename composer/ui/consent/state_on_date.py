"""What was valid on a date: the register's answer for one person on a chosen day ("when this post went out").

The answer is the core's: every record replayed to the end of that day
(:func:`composer.core.consent.state_at`), optionally only with what had been
entered by then, and what that allows (:class:`composer.core.consent.PersonState`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.consent import Person, PersonState
from composer.core.i18n import _
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent.form_parts import date_edit, from_qdate
from composer.ui.consent.register_words import channels_text, record_label


class StateOnDate(QGroupBox):
    """A date, "only what had been entered by then", and what the register said about the person that day."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(_("What was valid on a date (for example the day a post went out)"), parent)
        self.store = store
        self.person: Person | None = None
        self.state_date = date_edit(self)
        self.state_date.setObjectName("state-date")
        self.state_date.dateChanged.connect(lambda _day: self.show_state())
        self.as_known = QCheckBox(_("only what had been entered by then"), self)
        self.as_known.toggled.connect(lambda _on: self.show_state())
        self.state = QLabel(self)
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        state_row = QHBoxLayout()
        state_label = QLabel(_("State &on"), self)
        accessibility.label_for(state_label, self.state_date, _("The register's answer for the end of this day."))
        state_row.addWidget(state_label)
        state_row.addWidget(self.state_date)
        state_row.addWidget(self.as_known)
        state_row.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(state_row)
        box.addWidget(self.state)

    def show_person(self, person: Person | None) -> None:
        """Answer for ``person`` (``None``: nobody, and the date cannot be changed)."""
        self.person = person
        for widget in (self.state_date, self.as_known):
            widget.setEnabled(person is not None)
        self.show_state()

    def show_state(self) -> None:
        """What the register said about the person at the end of the chosen day."""
        if self.person is None:
            self.state.clear()
            return
        day = from_qdate(self.state_date.date())
        moment = consent.end_of_day(day)
        as_known = self.as_known.isChecked()
        records = tuple(consent.state_at(self.store, record_id, moment, as_known)
                        for record_id in consent.histories(self.store, self.person.id))
        state = PersonState(self.person, records)
        e = html.escape
        lines = []
        if state.refused(day):
            lines.append(e(_("Refused: may appear in no photo, not even in the background.")))
        else:
            channels = state.channels(day)
            lines.append(e(_("Photos may be published on: {channels}").format(channels=channels_text(channels))
                           if channels else _("No photo of them may be published.")))
        for record in records:
            if record.status == "none":
                text = _("not yet given")
            else:
                text = record_label(record, day)[0]
            lines.append(e(f"#{record.record_id}: {text}"))
        if not records:
            lines.append(e(_("No records.")))
        self.state.setText(f"<b>{e(day.isoformat())}</b>: " + "<br>".join(lines))
