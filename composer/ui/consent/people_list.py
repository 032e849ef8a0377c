"""The register window's left side: the people, searched as you type and filtered, each with their consent.

What the search and the filters find is :func:`composer.core.consent.register`;
each line's words and colour come from :mod:`composer.ui.consent.register_words`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core import consent
from composer.core.checklist import Status
from composer.core.consent import FILTERS, RegisterEntry
from composer.core.i18n import _, ngettext
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent.register_words import entry_label
from composer.ui.look import STATUS_COLOURS

SEARCH_DELAY_MS = 150  # search as you type, without replaying the register on every key
WORST_FIRST = (Status.FAIL, Status.WARN, Status.TODO, Status.NA, Status.PASS)  # a person's colour: their worst line


class PeopleList(QWidget):
    """The search box, the filters, the people found, how many, and the buttons under them.

    Signals:
        chosen(object): the id of the person chosen in the list (``None``: nobody).
        changed: the search or a filter changed: read the register again (:meth:`read`).
    """

    chosen = Signal(object)
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search = QLineEdit(self)
        self.search.setObjectName("register-search")
        self.search.setPlaceholderText(_("Search by name or contact"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.filters: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, (key, label) in enumerate(FILTERS.items()):
            box = QCheckBox(_(label), self)
            box.setObjectName(f"filter-{key}")
            box.toggled.connect(lambda _on: self.changed.emit())
            self.filters[key] = box
            grid.addWidget(box, n // 2, n % 2)
        self.people = QTreeWidget(self)
        self.people.setObjectName("register-people")
        self.people.setRootIsDecorated(False)
        self.people.setHeaderLabels([_("Person"), _("Age"), _("Consent")])
        self.people.setColumnWidth(0, 160)
        self.people.setColumnWidth(1, 70)
        self.people.currentItemChanged.connect(
            lambda item, _previous: self.chosen.emit(item.data(0, Qt.ItemDataRole.UserRole) if item else None))
        self.count = QLabel(self)
        self.add_person_button = QPushButton(_("Add a person…"), self)
        self.print_button = QPushButton(_("Print consent form…"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_person_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(grid)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        accessibility.name_search(self.search, _("Search the register"))
        accessibility.name(self.people, _("People"), _(
            "Each person with their age and where their consent stands; the chosen one is shown on the right."))

    def chosen_filters(self) -> list[str]:
        return [key for key, box in self.filters.items() if box.isChecked()]

    def read(self) -> list[int]:
        """Read the register with the search and filters and list the people found; their ids, in order.

        Raises :class:`~composer.core.consent.ConsentError` (the list stays as it was).
        """
        self._search_timer.stop()
        on = consent.today()
        entries = consent.register(self.store, self.search.text(), self.chosen_filters(), on)
        grouped: dict[int, list[RegisterEntry]] = {}
        for entry in entries:
            grouped.setdefault(entry.person.id, []).append(entry)
        self.people.blockSignals(True)
        self.people.clear()
        for person_entries in grouped.values():
            self.people.addTopLevelItem(self._person_item(person_entries, on))
        self.people.blockSignals(False)
        self.count.setText(ngettext("{n} person shown", "{n} people shown", len(grouped)).format(n=len(grouped)))
        return list(grouped)

    def _person_item(self, entries: list[RegisterEntry], on: date) -> QTreeWidgetItem:
        person = entries[0].person
        labels = [entry_label(e, on) for e in entries]
        worst = min((status for _text, status in labels), key=WORST_FIRST.index)
        age = ""
        if person.birth_date:
            age = _("{age}, minor").format(age=person.age(on)) if person.minor(on) else str(person.age(on))
        item = QTreeWidgetItem([person.display_name, age, ", ".join(dict.fromkeys(t for t, _s in labels))])
        item.setData(0, Qt.ItemDataRole.UserRole, person.id)
        if person.birth_date:
            item.setToolTip(1, _("Born {date}").format(date=person.birth_date.isoformat()))
        item.setForeground(2, QBrush(QColor(STATUS_COLOURS[worst])))
        item.setToolTip(2, item.text(2))
        return item

    def listed_people(self) -> list[str]:
        """The names in the list, top to bottom."""
        return [self.people.topLevelItem(i).text(0) for i in range(self.people.topLevelItemCount())]

    def mark(self, person_id: int) -> bool:
        """Make ``person_id``'s line the current one, without :attr:`chosen`; ``False`` when they are not listed."""
        for i in range(self.people.topLevelItemCount()):
            item = self.people.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == person_id:
                self.people.blockSignals(True)
                self.people.setCurrentItem(item)
                self.people.blockSignals(False)
                return True
        return False

    def clear_search(self) -> None:
        """Empty the search and untick the filters, without :attr:`changed` (the caller reads the register)."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        for box in self.filters.values():
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
