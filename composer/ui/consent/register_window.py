"""Consent → Consent register…: the people in the library's photos, and the proof of their consent.

A window beside the main one (never modal): the people on the left, searched
as you type and filtered (expiring, expired, withdrawn, refusals, minors); the
selected person on the right with their records, each record's history of
events, and the state on any date ("what was valid when this post was
exported?"). From here the librarian adds people, records consent or a
refusal, amends a record or records that consent was asked again, withdraws,
exports a person's file (GDPR art. 15) and erases a person (art. 17).

This module puts the parts together and says which actions apply:

- :mod:`~composer.ui.consent.people_list`: the list, its search and filters;
- :mod:`~composer.ui.consent.person_pane`: the person's details and buttons;
- :mod:`~composer.ui.consent.record_history`: their records and events, and all a record says;
- :mod:`~composer.ui.consent.state_on_date`: what was valid on a date;
- :mod:`~composer.ui.consent.register_actions`: the forms opened from here and what follows them
  (the forms themselves: ``person_form``, ``consent_form``, ``withdraw_form``, ``erase_form``, ``print_form``).

The rules and the writing are in :mod:`composer.core.consent`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.checklist import Status
from composer.core.consent import DPO_NOTE, ConsentError, Person, Withdrawal
from composer.core.house_style import HouseStyle
from composer.core.i18n import _
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent.consent_form import ConsentForm
from composer.ui.consent.erase_form import EraseForm
from composer.ui.consent.form_parts import Message
from composer.ui.consent.people_list import PeopleList
from composer.ui.consent.person_form import PersonForm
from composer.ui.consent.person_pane import PersonPane
from composer.ui.consent.print_form import PrintFormDialog
from composer.ui.consent.record_history import RecordHistory
from composer.ui.consent.register_actions import RegisterActions
from composer.ui.consent.state_on_date import StateOnDate
from composer.ui.consent.withdraw_form import WithdrawForm
from composer.ui.look import STATUS_COLOURS, colour_text
from composer.ui.window.team_face import allow


class RegisterWindow(QWidget):
    """The consent register, beside the main window.

    Its parts are :attr:`people_list`, :attr:`pane`, :attr:`history`,
    :attr:`state_on_date` and :attr:`register_actions`; the widgets a person works with
    are also named on the window itself (``search``, ``filters``, ``people``,
    ``records``, the buttons, ...).

    Signals:
        changed(): consent, people or their links changed: drafts must be checked again.
    """

    changed = Signal()

    def __init__(self, store: Store, author: Callable[[], str], style: Callable[[], HouseStyle],
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self._author = store, author
        self.person: Person | None = None
        self.setObjectName("consent-register")
        self.setWindowTitle(_("Consent register"))
        self.people_list = PeopleList(store, self)
        self.pane = PersonPane(store, self)
        self.history = RecordHistory(store, self)
        self.state_on_date = StateOnDate(store, self)
        self.message = Message(self)
        self.register_actions = RegisterActions(self, store, author, style, self.message, self._after_change)
        self._name_the_parts()
        self._lay_out()
        self._connect()
        closing = QShortcut(self)  # Esc, and Ctrl+W or the system's own "close"; in this window only
        closing.setContext(Qt.ShortcutContext.WindowShortcut)
        closing.setKeys([QKeySequence(Qt.Key.Key_Escape),
                         *QKeySequence.keyBindings(QKeySequence.StandardKey.Close)])
        closing.activated.connect(self.close)
        self.refresh()
        self.show_person(None)
        accessibility.follow_the_eye(self)

    # --- construction ----------------------------------------------------------------------

    def _name_the_parts(self) -> None:
        """The widgets a person works with, by name on the window (as the main window and the tests reach them)."""
        people, pane, history, state = self.people_list, self.pane, self.history, self.state_on_date
        self.search, self.filters, self.people, self.count = people.search, people.filters, people.people, people.count
        self.add_person_button, self.print_button = people.add_person_button, people.print_button
        self.details = pane.details
        self.consent_button, self.refusal_button, self.withdraw_button = (
            pane.consent_button, pane.refusal_button, pane.withdraw_button)
        self.export_button, self.erase_button = pane.export_button, pane.erase_button
        self.records, self.record_details = history.records, history.record_details
        self.amend_button, self.ask_again_button = history.amend_button, history.ask_again_button
        self.withdraw_record_button = history.withdraw_record_button
        self.state_date, self.as_known, self.state = state.state_date, state.as_known, state.state
        self.dialogs: list[QDialog] = self.register_actions.dialogs  # open forms, kept alive until they close

    def _lay_out(self) -> None:
        person_side = QWidget(self)
        column = QVBoxLayout(person_side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pane)
        column.addWidget(self.history, 1)
        column.addWidget(self.state_on_date)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.people_list)
        splitter.addWidget(person_side)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 730])
        layout = QVBoxLayout(self)
        layout.addWidget(self._note())
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self.resize(1180, 700)

    def _note(self) -> QLabel:
        note = QLabel(_(DPO_NOTE), self)
        note.setObjectName("dpo-note")
        note.setWordWrap(True)
        colour_text(note, STATUS_COLOURS[Status.NA])
        font = note.font()
        font.setItalic(True)
        note.setFont(font)
        return note

    def _connect(self) -> None:
        self.people_list.changed.connect(self.refresh)
        self.people_list.chosen.connect(self.show_person)
        self.history.chosen.connect(self._enable)
        self.add_person_button.clicked.connect(self.add_person)
        self.print_button.clicked.connect(self.print_form)
        self.consent_button.clicked.connect(lambda: self.record_consent())
        self.refusal_button.clicked.connect(lambda: self.record_consent("refused"))
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.export_button.clicked.connect(self.ask_export)
        self.erase_button.clicked.connect(self.ask_erase)
        self.withdraw_record_button.clicked.connect(lambda: self.withdraw(self.current_record()))
        self.amend_button.clicked.connect(lambda: self.amend_record())
        self.ask_again_button.clicked.connect(lambda: self.ask_again())

    def showEvent(self, event) -> None:
        """Reopened: read the register again, it may have changed meanwhile (a person linked in a photo)."""
        if not event.spontaneous():
            self.refresh()
        super().showEvent(event)

    @property
    def author(self) -> str:
        return self._author()

    # --- the people list ---------------------------------------------------------------------

    def chosen_filters(self) -> list[str]:
        return self.people_list.chosen_filters()

    def listed_people(self) -> list[str]:
        """The names in the list, top to bottom."""
        return self.people_list.listed_people()

    def refresh(self) -> None:
        """Read the register again with the search and filters, keeping the selected person if still listed."""
        try:
            listed = self.people_list.read()
        except ConsentError as error:
            self.message.error(str(error))
            return
        keep = self.person.id if self.person else None
        if keep in listed:
            self._select(keep)
        else:
            self.show_person(None)

    def _select(self, person_id: int) -> bool:
        if not self.people_list.mark(person_id):
            return False
        self.show_person(person_id)
        return True

    def select_person(self, person_id: int) -> None:
        """Show ``person_id``, clearing the search and filters if they hide them."""
        if not self._select(person_id):
            self.people_list.clear_search()
            self.refresh()
            self._select(person_id)

    # --- one person ---------------------------------------------------------------------------

    def show_person(self, person_id: int | None) -> None:
        """Fill the right side with ``person_id`` (``None``: nobody chosen)."""
        self.person = None
        if person_id is not None:
            try:
                self.person = consent.get_person(self.store, person_id)
            except ConsentError:
                self.person = None
        self.history.show_person(self.person)
        self.pane.show_person(self.person)
        self._enable()
        self.state_on_date.show_person(self.person)

    def current_record(self) -> int | None:
        return self.history.current_record()

    def _enable(self) -> None:
        """Offer what may be done now (:func:`consent.record_actions`, :func:`consent.can_withdraw_all`)."""
        person = self.person
        live = person is not None and not person.erased_at
        for button in (self.consent_button, self.refusal_button, self.erase_button):
            button.setEnabled(live)
        self.withdraw_button.setEnabled(live and consent.can_withdraw_all(self.history.statuses()))
        self.export_button.setEnabled(person is not None)
        offered = consent.record_actions(self.history.current_status())
        self.withdraw_record_button.setEnabled(live and "withdraw" in offered)
        self.amend_button.setEnabled(live and "amend" in offered)
        self.ask_again_button.setEnabled(live and "ask_again" in offered)
        allow(self.store, "register", *self.register_buttons())

    def register_buttons(self) -> list[QPushButton]:
        """What only a register keeper may do: records, withdrawals, the person's file, erasure."""
        return [self.consent_button, self.refusal_button, self.withdraw_button, self.export_button,
                self.erase_button, self.withdraw_record_button, self.amend_button, self.ask_again_button]

    def show_state(self) -> None:
        """What the register said about the person at the end of the chosen day."""
        self.state_on_date.show_state()

    # --- actions (see register_actions.py) -----------------------------------------------------------

    def _after_change(self, person_id: int, note: str) -> None:
        self.refresh()
        self.select_person(person_id)
        self.message.note(note)
        self.changed.emit()

    def add_person(self) -> PersonForm:
        return self.register_actions.add_person()

    def record_consent(self, kind: str = "granted") -> ConsentForm | None:
        """Open the consent (or, ``kind`` ``refused``, the refusal) form for the selected person."""
        return self.register_actions.record_consent(self.person, kind)

    def amend_record(self, record_id: int | None = None) -> ConsentForm | None:
        """Open the consent form on a record's current terms (default: the selected record); OK amends it."""
        record_id = self.current_record() if record_id is None else record_id
        return self.register_actions.change_record(self.person, record_id, refresh=False)

    def ask_again(self, record_id: int | None = None) -> ConsentForm | None:
        """Record that consent was asked again for a record (default: the selected one): new dates, same terms."""
        record_id = self.current_record() if record_id is None else record_id
        return self.register_actions.change_record(self.person, record_id, refresh=True)

    def withdraw(self, record_id: int | None = None) -> WithdrawForm | None:
        """Ask when and how the withdrawal came in (one record, or all of the person's consent), then record it."""
        return self.register_actions.withdraw(self.person, record_id)

    def show_takedown(self, withdrawal: Withdrawal, name: str) -> QDialog:
        """What to take down after a withdrawal: the drafts flagged, and where photos may be online."""
        return self.register_actions.show_takedown(withdrawal, name)

    def ask_export(self) -> None:
        """Export person's file…: ask for a folder, then write the selected person's file there."""
        self.register_actions.ask_export(self.person)

    def ask_erase(self) -> EraseForm | None:
        """Ask, without blocking, whether to erase the selected person, saying exactly what erasing will do."""
        return self.register_actions.ask_erase(self.person)

    def print_form(self) -> PrintFormDialog:
        return self.register_actions.print_form()
