"""The selected photo's details, and the small dialog that links a person of the consent register.

Widgets only: :class:`~composer.ui.photos.selected_photo.SelectedPhoto` fills them
and says what was asked; :class:`~composer.ui.photos.photos_view.PhotosView` writes
the store and re-checks the draft. Loaded when a photo is first selected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.i18n import _, number
from composer.core.networks.facts import limit_state, network
from composer.core.storage.errors import DatabaseError
from composer.ui import accessibility
from composer.ui.flow import FlowLayout
from composer.ui.look import COUNTER_NEAR, COUNTER_NORMAL, COUNTER_OVER, colour_text

if TYPE_CHECKING:
    from composer.core.storage.store import Store

ID_ROLE = Qt.ItemDataRole.UserRole  # a person's id in the lists
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 150

#: "Who is in it?" answers in the order of the radio buttons (None: not answered yet).
PRESENCE_CHOICES: tuple[str | None, ...] = (None, "nobody", "atmosphere", "people")


def presence_labels() -> dict[str | None, str]:
    return {None: _("Not answered yet"), "nobody": _("Nobody recognisable"),
            "atmosphere": _("An atmosphere shot (nobody singled out)"), "people": _("Recognisable people")}



def count_text(key: str, length: int) -> tuple[str, str, str]:
    """A counter's text, state (ok/near/over) and tooltip for an alt text of ``length`` on ``key``."""
    facts = network(key)
    limit = facts.alt_text_limit
    if limit is None:
        return (f"{facts.name} {number(length)}", "ok",
                _("{network} sets no limit for alt text.").format(network=facts.name))
    state = limit_state(length, limit)
    return (f"{facts.name} {number(length)}/{number(limit)}", state,
            _("{network} takes alt text of at most {limit} characters; this one has {length}.").format(
                network=facts.name, limit=number(limit), length=number(length)))


# --- the selected photo -----------------------------------------------------------------------


class PhotoDetails(QWidget):
    """The selected photo's alt text with its counters, who is in it, and the people linked."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.alt_label = QLabel(self)
        self.alt_text = QPlainTextEdit(self)
        self.alt_text.setObjectName("alt-text")
        self.alt_text.setTabChangesFocus(True)
        self.alt_text.setPlaceholderText(_("Describe the photo for people who cannot see it."))
        self.alt_label.setBuddy(self.alt_text)
        line = self.alt_text.fontMetrics().lineSpacing()
        self.alt_text.setMinimumHeight(2 * line + 12)
        self.alt_text.setMaximumHeight(3 * line + 12)
        self.counters: dict[str, QLabel] = {}
        self.counter_row = FlowLayout()
        self.who_label = QLabel(_("Who is in it?"), self)
        font = self.who_label.font()
        font.setBold(True)
        self.who_label.setFont(font)
        self.who_label.setToolTip(_("The app never recognises faces: you say who is in the photo."))
        self.presence = QButtonGroup(self)
        radios = QVBoxLayout()
        radios.setContentsMargins(0, 0, 0, 0)
        radios.setSpacing(0)
        radios.addWidget(self.who_label)
        for i, (choice, text) in enumerate(presence_labels().items()):
            button = QRadioButton(text, self)
            button.setObjectName(f"presence-{choice or 'unanswered'}")
            self.presence.addButton(button, i)
            radios.addWidget(button)
        radios.addStretch(1)
        self.people_hint = QLabel(self)
        self.people_hint.setWordWrap(True)
        self.people = QListWidget(self)
        self.people.setObjectName("photo-people")
        self.people.setWordWrap(True)
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.setMinimumHeight(2 * line + 8)
        self.people.setMaximumHeight(4 * line + 8)
        self.link_button = QPushButton(_("Link a person…"), self)
        self.describe_button = QPushButton(_("Where…"), self)
        self.describe_button.setToolTip(_("Say where this person is in the photo (e.g. red coat, second from left)."))
        self.unlink_button = QPushButton(_("Unlink"), self)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        for button in (self.link_button, self.describe_button, self.unlink_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        linked = QHBoxLayout()
        linked.addWidget(self.people, 1)
        linked.addLayout(buttons)
        self.people_box = QWidget(self)
        people_layout = QVBoxLayout(self.people_box)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.setSpacing(2)
        people_layout.addWidget(self.people_hint)
        people_layout.addLayout(linked)
        who = QHBoxLayout()
        who.setContentsMargins(0, 0, 0, 0)
        who.addLayout(radios)
        who.addWidget(self.people_box, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.alt_label)
        layout.addWidget(self.alt_text)
        layout.addLayout(self.counter_row)
        layout.addSpacing(4)
        layout.addLayout(who)
        layout.addStretch(1)
        accessibility.name(self.people, _("People in this photo"), _(
            "The people of the consent register linked to this photo, and where they are in it."))
        accessibility.name(self.link_button, self.link_button.text(), _(
            "Link someone of the consent register who is in this photo."))
        self.people.currentRowChanged.connect(self._enable_person_buttons)
        self._enable_person_buttons()

    def presence_choice(self) -> str | None:
        return PRESENCE_CHOICES[max(self.presence.checkedId(), 0)]

    def set_presence(self, presence: str | None) -> None:
        blocked = self.presence.blockSignals(True)
        self.presence.button(PRESENCE_CHOICES.index(presence)).setChecked(True)
        self.presence.blockSignals(blocked)
        self._show_people_box(presence)

    def _show_people_box(self, presence: str | None) -> None:
        linked = self.people.count() > 0
        self.people_box.setVisible(presence in ("people", "atmosphere") or linked)
        if presence == "atmosphere":
            hint = _("Nobody needs to consent, but link anyone who refused: they may not appear, "
                     "not even in the background.")
        elif presence == "people":
            hint = _("Link everyone recognisable to the consent register and say where they are.")
        else:
            hint = _("Linked people count only for recognisable people or an atmosphere shot.")
        self.people_hint.setText(hint)
        self.people_hint.setVisible(not linked)  # once someone is linked, the list says enough
        self.people.setToolTip(hint)

    def show_people(self, people: list[tuple[int, str, str]], presence: str | None) -> None:
        """``people``: (person id, name, description) in the order they were linked."""
        current = self.people.currentItem().data(ID_ROLE) if self.people.currentItem() else None
        self.people.clear()
        for person_id, name, description in people:
            text = f"{name} — {description}" if description else name
            item = QListWidgetItem(text, self.people)
            item.setData(ID_ROLE, person_id)
            item.setData(DESCRIPTION_ROLE, description)
            if person_id == current:
                self.people.setCurrentItem(item)
        self._show_people_box(presence)
        self._enable_person_buttons()

    def selected_person(self) -> tuple[int, str] | None:
        item = self.people.currentItem()
        return (item.data(ID_ROLE), item.data(DESCRIPTION_ROLE) or "") if item else None

    def _enable_person_buttons(self, *_args) -> None:
        chosen = self.people.currentItem() is not None
        self.describe_button.setEnabled(chosen)
        self.unlink_button.setEnabled(chosen)

    def show_counts(self, keys: list[str], length: int) -> None:
        """One counter per chosen network: length / that network's alt-text limit, orange near it, red past it."""
        for key in keys:
            if key not in self.counters:
                label = QLabel(self)
                label.setObjectName(f"alt-counter-{key}")
                label.setContentsMargins(0, 0, 10, 0)
                self.counters[key] = label
                self.counter_row.addWidget(label)
        for key, label in self.counters.items():
            label.setVisible(key in keys)
            if key not in keys:
                continue
            text, state, tip = count_text(key, length)
            label.setText(text)
            label.setToolTip(tip)
            if label.property("state") != state:
                colour = {"over": COUNTER_OVER, "near": COUNTER_NEAR, "ok": COUNTER_NORMAL}[state]
                colour_text(label, colour, bold=state == "over")
                label.setProperty("state", state)
            accessibility.say_counter_state(label)  # the colour's meaning in words too


# --- picking a person -------------------------------------------------------------------------


class PersonPicker(QDialog):
    """Pick someone from the consent register, or add them, and say where they are in the photo.

    Non-modal: opened with ``show()``; the window stays usable.

    Signals:
        chosen(int, str): the person's id and where they are ("red coat, second from left").
    """

    chosen = Signal(int, str)

    def __init__(self, store: Store, author: Callable[[], str], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("person-picker")
        self.setWindowTitle(_("Who is in the photo?"))
        self._store, self._author = store, author
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search the consent register by name…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("register-results")
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(_("e.g. red coat, second from left"))
        self.note = QLabel(_("The app never recognises faces: you say who is in the photo."), self)
        self.note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        colour_text(self.error, COUNTER_OVER)
        self.error.setVisible(False)
        self.link_button = QPushButton(_("Link"), self)
        self.link_button.setDefault(True)
        self.new_button = QPushButton(self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        where = QLabel(_("&Where in the photo is this person?"), self)
        layout.addWidget(where)
        layout.addWidget(self.description)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.textChanged.connect(self._name_new_button)
        self.results.currentRowChanged.connect(lambda _row: self._enable())
        self.results.itemActivated.connect(lambda _item: self.link())
        self.link_button.clicked.connect(self.link)
        self.new_button.clicked.connect(self.add_new)
        self.cancel_button.clicked.connect(self.reject)
        self.resize(420, 360)
        accessibility.name_search(self.search, _("Search the consent register"))
        accessibility.name(self.results, _("People found"), _("Enter links the chosen person."))
        accessibility.label_for(where, self.description)
        accessibility.follow_the_eye(self)
        self._name_new_button("")
        self.refresh()

    def refresh(self) -> None:
        """List the register's people matching the search, one line each, with what is on record."""
        from composer.core.consent import ConsentError, register

        self._timer.stop()
        try:
            entries = register(self._store, self.search.text())
        except (ConsentError, *DatabaseError) as error:
            self._say(str(error))
            return
        people: dict[int, list] = {}
        for entry in entries:
            people.setdefault(entry.person.id, []).append(entry)
        self.results.clear()
        for person_id, lines in people.items():
            item = QListWidgetItem(f"{lines[0].person.display_name} — {_on_record(lines)}", self.results)
            item.setData(ID_ROLE, person_id)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._enable()

    def _name_new_button(self, text: str) -> None:
        name = text.strip()
        self.new_button.setText(_("Add “{name}” as a new person").format(name=name) if name
                                else _("Add a new person…"))
        self.new_button.setEnabled(bool(name))
        self.new_button.setToolTip(_("Type the name (or a pseudonym) in the search field first."))

    def _enable(self) -> None:
        self.link_button.setEnabled(self.results.currentItem() is not None)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def link(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen.emit(item.data(ID_ROLE), self.description.text().strip())
        self.accept()

    def add_new(self) -> None:
        """Put the searched name in the register as a new person, and link them."""
        from composer.core.consent import ConsentError, add_person

        try:
            person = add_person(self._store, self.search.text(), self._author())
        except (ConsentError, *DatabaseError) as error:
            self._say(str(error))
            return
        self.chosen.emit(person.id, self.description.text().strip())
        self.accept()


def _on_record(entries: list) -> str:
    """What the register holds for one person, in a few words (where they stand: :func:`consent.person_standing`)."""
    from composer.core.consent import person_standing

    words = {"refused": _("refused"), "consent": _("consent on record"), "expired": _("consent expired"),
             "withdrawn": _("consent withdrawn"), "none": _("no consent on record")}[person_standing(entries)]
    if entries and entries[0].person.minor():
        words += ", " + _("minor")
    return words
