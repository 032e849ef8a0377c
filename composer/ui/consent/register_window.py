"""Consent → Consent register…: the people in the library's photos, and the proof of their consent.

A window beside the main one (never modal): the people on the left, searched
as you type and filtered (expiring, expired, withdrawn, refusals, minors); the
selected person on the right with their records, each record's history of
events, and the state on any date ("what was valid when this post was
exported?"). From here the librarian adds people, records consent or a
refusal, amends a record or records that consent was asked again, withdraws,
exports a person's file (GDPR art. 15) and erases a person (art. 17). The
forms are in :mod:`composer.ui.consent.register_forms`; the rules and the writing in
:mod:`composer.core.consent`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core import consent
from composer.core.checklist import Status
from composer.core.consent import (
    DPO_NOTE,
    FILTERS,
    METHODS,
    RECEIVED_HOW,
    SCOPES,
    ConsentError,
    Event,
    Person,
    PersonState,
    RecordState,
    RegisterEntry,
    Withdrawal,
    channel_label,
)
from composer.core.consent.person_file import export_person
from composer.core.house_style import HouseStyle
from composer.core.i18n import N_, _, ngettext
from composer.core.storage.store import Store
from composer.ui.consent import register_forms as forms
from composer.ui.flow import FlowLayout
from composer.ui.look import STATUS_COLOURS, colour_text

SEARCH_DELAY_MS = 150  # search as you type, without replaying the register on every key
FAR = datetime.max.replace(tzinfo=UTC)

EVENT_KINDS: dict[str, str] = {
    "granted": N_("Consent given"),
    "refused": N_("Refusal recorded"),
    "amended": N_("Amended"),
    "refreshed": N_("Asked again"),
    "withdrawn": N_("Withdrawn"),
}


def _day(moment: datetime) -> str:
    return consent.local_date(moment).isoformat()


def _moment(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _channels(keys) -> str:
    return ", ".join(channel_label(k) for k in keys)


def _validity(terms) -> str:
    if terms is None:
        return ""
    until = terms.valid_until.isoformat() if terms.valid_until else _("no end date")
    return f"{terms.valid_from.isoformat()} – {until}"


def entry_label(entry: RegisterEntry, on: date) -> tuple[str, Status]:
    """One record in a few words, and the colour it deserves."""
    terms = entry.terms
    if entry.record_id is None:
        return _("no record yet"), Status.TODO
    if entry.status == "withdrawn":
        return _("withdrawn"), Status.FAIL
    if entry.kind == "refused":
        return (_("refusal ended {date}").format(date=terms.valid_until.isoformat()), Status.NA) if entry.expired \
            else (_("refused"), Status.FAIL)
    if entry.expired:
        return _("expired {date}").format(date=terms.valid_until.isoformat()), Status.FAIL
    if not terms.publish:
        return _("photographed only, not published"), Status.WARN
    if terms.valid_from > on:
        return _("consent from {date}").format(date=terms.valid_from.isoformat()), Status.TODO
    if entry.expiring:
        return _("consent until {date}").format(date=terms.valid_until.isoformat()), Status.WARN
    if terms.valid_until:
        return _("consent until {date}").format(date=terms.valid_until.isoformat()), Status.PASS
    return _("consent"), Status.PASS


def record_label(state: RecordState, on: date) -> tuple[str, Status]:
    """A record's state now, in words."""
    entry = consent.register_entry(Person(state.person_id, ""), state, on)
    if state.status == "withdrawn":
        how = _(RECEIVED_HOW.get(state.received_how, "")) if state.received_how else ""
        text = _("withdrawn on {date}").format(date=_day(state.withdrawn_at))
        return (f"{text} ({how})" if how else text), Status.FAIL
    return entry_label(entry, on)


def _scope_text(terms) -> str:
    scope = terms.scope
    if scope.kind == "this_event":
        return f"{_(SCOPES['this_event'])}: {scope.event_name} ({scope.event_date})"
    if scope.kind == "period":
        return f"{_(SCOPES['period'])}: {scope.start} – {scope.end}"
    return f"{_(SCOPES['this_photo'])}: {scope.photo_hash[:12]}"


def takedown_html(withdrawal: Withdrawal, name: str) -> str:
    """What a withdrawal affects: the drafts now blocked, and where photos may have been published."""
    e = html.escape

    def para(text: str, bold: bool = False) -> str:
        return f"<p><b>{e(text)}</b></p>" if bold else f"<p>{e(text)}</p>"

    parts = [para(_("The withdrawal of {person} is recorded.").format(person=name))]
    if withdrawal.drafts:
        parts.append(para(_("Drafts with their photos, now marked “Consent withdrawn” in the drafts list (their "
                            "consent check says what may still go out):"), bold=True))
        items = []
        for draft in withdrawal.drafts:
            text = (draft.first_line or _("(empty draft)"))[:80]
            if draft.in_trash:
                text = _("{draft} (in the trash)").format(draft=text)
            items.append(f"<li>#{draft.draft_id} {e(text)}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(para(_("No draft uses a photo in which they are linked.")))
    if withdrawal.still_allowed:
        parts.append(para(_("Another consent of {person} still allows: {channels}. Check whether it covers these "
                            "photos before taking them down there.").format(
            person=name, channels=_channels(withdrawal.still_allowed))))
    if withdrawal.publications:
        parts.append(para(_("Published — take these down:"), bold=True))
        items = []
        for pub in withdrawal.publications:
            link = f' <a href="{e(pub.link)}">{e(pub.link)}</a>' if pub.link else ""
            items.append(f"<li>{e(channel_label(pub.network))}, {e(pub.published_at[:10])}, #{pub.draft_id}{link}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(para(_("The publication log shows no post with these photos.")))
    return "".join(parts)


def _safe_folder_name(person: Person) -> str:
    name = re.sub(r"[^\w\- ]+", "", person.display_name).strip() or f"person-{person.id}"
    return _("{name} - file {date}").format(name=name, date=consent.today().isoformat())


class RegisterWindow(QWidget):
    """The consent register, beside the main window.

    Signals:
        changed(): consent, people or their links changed: drafts must be checked again.
    """

    changed = Signal()

    def __init__(self, store: Store, author: Callable[[], str], style: Callable[[], HouseStyle],
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self._author, self._style = store, author, style
        self.person: Person | None = None
        self.dialogs: list[QDialog] = []  # open forms, kept alive until they close
        self.setObjectName("consent-register")
        self.setWindowTitle(_("Consent register"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self._note())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._people_side())
        splitter.addWidget(self._person_side())
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 730])
        layout.addWidget(splitter, 1)
        self.message = forms.Message(self)
        layout.addWidget(self.message)
        self.resize(1180, 700)
        closing = QShortcut(self)  # Esc, and Ctrl+W or the system's own "close"; in this window only
        closing.setContext(Qt.ShortcutContext.WindowShortcut)
        closing.setKeys([QKeySequence(Qt.Key.Key_Escape),
                         *QKeySequence.keyBindings(QKeySequence.StandardKey.Close)])
        closing.activated.connect(self.close)
        self.refresh()
        self.show_person(None)

    # --- construction ----------------------------------------------------------------------

    def _note(self) -> QLabel:
        note = QLabel(_(DPO_NOTE), self)
        note.setObjectName("dpo-note")
        note.setWordWrap(True)
        colour_text(note, STATUS_COLOURS[Status.NA])
        font = note.font()
        font.setItalic(True)
        note.setFont(font)
        return note

    def _people_side(self) -> QWidget:
        side = QWidget(self)
        self.search = QLineEdit(side)
        self.search.setObjectName("register-search")
        self.search.setPlaceholderText(_("Search by name or contact"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.filters: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, (key, label) in enumerate(FILTERS.items()):
            box = QCheckBox(_(label), side)
            box.setObjectName(f"filter-{key}")
            box.toggled.connect(lambda _on: self.refresh())
            self.filters[key] = box
            grid.addWidget(box, n // 2, n % 2)
        self.people = QTreeWidget(side)
        self.people.setObjectName("register-people")
        self.people.setRootIsDecorated(False)
        self.people.setHeaderLabels([_("Person"), _("Age"), _("Consent")])
        self.people.setColumnWidth(0, 160)
        self.people.setColumnWidth(1, 70)
        self.people.currentItemChanged.connect(self._on_person_chosen)
        self.count = QLabel(side)
        self.add_person_button = QPushButton(_("Add a person…"), side)
        self.add_person_button.clicked.connect(self.add_person)
        self.print_button = QPushButton(_("Print consent form…"), side)
        self.print_button.clicked.connect(self.print_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_person_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(grid)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        return side

    def _person_side(self) -> QWidget:
        side = QWidget(self)
        self.details = QLabel(side)
        self.details.setObjectName("person-details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.consent_button = QPushButton(_("Record consent…"), side)
        self.consent_button.clicked.connect(lambda: self.record_consent())
        self.refusal_button = QPushButton(_("Record refusal…"), side)
        self.refusal_button.clicked.connect(lambda: self.record_consent("refused"))
        self.withdraw_button = QPushButton(_("Withdraw all consent…"), side)
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.export_button = QPushButton(_("Export person's file…"), side)
        self.export_button.setToolTip(_("Everything held about this person, for an access request (GDPR art. 15)."))
        self.export_button.clicked.connect(self.ask_export)
        self.erase_button = QPushButton(_("Erase person…"), side)
        self.erase_button.setToolTip(_("Remove their name and contact and the photos they are in (stored files "
                                       "no draft uses are deleted), keeping the proof (GDPR art. 17)."))
        self.erase_button.clicked.connect(self.ask_erase)
        actions = FlowLayout(spacing=6)  # wraps, so the window fits 1366×768 in Dutch too
        for button in (self.consent_button, self.refusal_button, self.withdraw_button, self.export_button,
                       self.erase_button):
            actions.addWidget(button)
        self.records = QTreeWidget(side)
        self.records.setObjectName("records")
        self.records.setHeaderLabels([_("Record and history"), _("State"), _("Valid"), _("Channels")])
        for column, width in enumerate((180, 170, 170)):
            self.records.setColumnWidth(column, width)
        self.records.currentItemChanged.connect(lambda *_args: self._on_record_chosen())
        self.record_details = QLabel(side)
        self.record_details.setObjectName("record-details")
        self.record_details.setWordWrap(True)
        self.record_details.setTextFormat(Qt.TextFormat.RichText)
        self.record_details.setOpenExternalLinks(True)
        self.record_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.record_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.withdraw_record_button = QPushButton(_("Withdraw this record…"), side)
        self.withdraw_record_button.clicked.connect(lambda: self.withdraw(self.current_record()))
        self.amend_button = QPushButton(_("Amend…"), side)
        self.amend_button.setToolTip(_("Change this record's terms, for example another channel or a correction; "
                                       "its history keeps what it said before."))
        self.amend_button.clicked.connect(lambda: self.amend_record())
        self.ask_again_button = QPushButton(_("Ask again (refresh)…"), side)
        self.ask_again_button.setToolTip(_("Consent was asked again, for example each school year: new dates, "
                                           "the same terms."))
        self.ask_again_button.clicked.connect(lambda: self.ask_again())
        self.state_date = forms.date_edit(side)
        self.state_date.setObjectName("state-date")
        self.state_date.dateChanged.connect(lambda _day: self.show_state())
        self.as_known = QCheckBox(_("only what had been entered by then"), side)
        self.as_known.toggled.connect(lambda _on: self.show_state())
        self.state = QLabel(side)
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        record_row = QHBoxLayout()
        for button in (self.amend_button, self.ask_again_button, self.withdraw_record_button):
            record_row.addWidget(button)
        record_row.addStretch(1)
        state_row = QHBoxLayout()
        state_row.addWidget(QLabel(_("State on"), side))
        state_row.addWidget(self.state_date)
        state_row.addWidget(self.as_known)
        state_row.addStretch(1)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        scroll = QScrollArea(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.record_details)
        parts = QSplitter(Qt.Orientation.Vertical, side)
        parts.addWidget(self.records)
        parts.addWidget(scroll)
        parts.setChildrenCollapsible(False)
        parts.setSizes([150, 330])
        layout.addWidget(parts, 1)
        layout.addLayout(record_row)
        when = QGroupBox(_("What was valid on a date (for example the day a post went out)"), side)
        box = QVBoxLayout(when)
        box.addLayout(state_row)
        box.addWidget(self.state)
        layout.addWidget(when)
        return side

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
        return [key for key, box in self.filters.items() if box.isChecked()]

    def refresh(self) -> None:
        """Read the register again with the search and filters, keeping the selected person if still listed."""
        self._search_timer.stop()
        on = consent.today()
        try:
            entries = consent.register(self.store, self.search.text(), self.chosen_filters(), on)
        except ConsentError as error:
            self.message.error(str(error))
            return
        grouped: dict[int, list[RegisterEntry]] = {}
        for entry in entries:
            grouped.setdefault(entry.person.id, []).append(entry)
        keep = self.person.id if self.person else None
        self.people.blockSignals(True)
        self.people.clear()
        for person_entries in grouped.values():
            self.people.addTopLevelItem(self._person_item(person_entries, on))
        self.people.blockSignals(False)
        self.count.setText(ngettext("{n} person shown", "{n} people shown", len(grouped)).format(n=len(grouped)))
        if keep in grouped:
            self._select(keep)
        else:
            self.show_person(None)

    def _person_item(self, entries: list[RegisterEntry], on: date) -> QTreeWidgetItem:
        person = entries[0].person
        labels = [entry_label(e, on) for e in entries]
        worst = min((status for _text, status in labels),
                    key=lambda s: [Status.FAIL, Status.WARN, Status.TODO, Status.NA, Status.PASS].index(s))
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

    def _select(self, person_id: int) -> bool:
        for i in range(self.people.topLevelItemCount()):
            item = self.people.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == person_id:
                self.people.blockSignals(True)
                self.people.setCurrentItem(item)
                self.people.blockSignals(False)
                self.show_person(person_id)
                return True
        return False

    def select_person(self, person_id: int) -> None:
        """Show ``person_id``, clearing the search and filters if they hide them."""
        if not self._select(person_id):
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            for box in self.filters.values():
                box.blockSignals(True)
                box.setChecked(False)
                box.blockSignals(False)
            self.refresh()
            self._select(person_id)

    def _on_person_chosen(self, item: QTreeWidgetItem | None, _previous) -> None:
        self.show_person(item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None)

    # --- one person ---------------------------------------------------------------------------

    def show_person(self, person_id: int | None) -> None:
        """Fill the right side with ``person_id`` (``None``: nobody chosen)."""
        self.person = None
        if person_id is not None:
            try:
                self.person = consent.get_person(self.store, person_id)
            except ConsentError:
                self.person = None
        self.records.clear()
        if self.person is None:
            self.details.setText(_("Choose a person on the left, or add one."))
            self.record_details.clear()
            self.state.clear()
            self._enable()
            return
        self.details.setText(self._details_html(self.person))
        on = consent.today()
        for record_id, events in consent.histories(self.store, self.person.id).items():
            state = consent.replay(record_id, self.person.id, events, FAR)
            self.records.addTopLevelItem(self._record_item(state, events, on))
        self.records.expandAll()
        if self.records.topLevelItemCount():
            self.records.setCurrentItem(self.records.topLevelItem(self.records.topLevelItemCount() - 1))
        else:
            self.record_details.setText(_("No consent or refusal recorded yet."))
        self._enable()
        self.show_state()

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
                drafts=", ".join(f"#{d.draft_id} {d.first_line[:30].rstrip()}" for d in drafts[:5])
                + (" …" if len(drafts) > 5 else ""))))
        lines.append(f"<span style='color: {STATUS_COLOURS[Status.NA]}'>"
                     + e(_("Added {date} by {author}").format(date=person.created_at[:10],
                                                              author=person.created_by or "?")) + "</span>")
        return "<br>".join(lines)

    def _record_item(self, state: RecordState, events: list[Event], on: date) -> QTreeWidgetItem:
        label, status = record_label(state, on)
        terms = state.terms
        kind = _("Refusal") if state.kind == "refused" else _("Consent")
        channels = _channels(terms.channels) if terms and terms.publish else ""
        item = QTreeWidgetItem([f"#{state.record_id} {kind}", label, _validity(terms), channels])
        item.setData(0, Qt.ItemDataRole.UserRole, state.record_id)
        item.setData(1, Qt.ItemDataRole.UserRole, state.status)
        item.setData(2, Qt.ItemDataRole.UserRole, (terms, None))
        item.setForeground(1, QBrush(QColor(STATUS_COLOURS[status])))
        item.setToolTip(3, channels)
        for event in events:
            item.addChild(self._event_item(event))
        return item

    def _event_item(self, event: Event) -> QTreeWidgetItem:
        terms = event.terms
        changes = event.kind != "withdrawn"
        channels = _channels(terms.channels) if changes and terms.publish else ""
        child = QTreeWidgetItem([_moment(event.effective_at), _(EVENT_KINDS.get(event.kind, event.kind)),
                                 _validity(terms) if changes else "", channels])
        child.setData(0, Qt.ItemDataRole.UserRole, event.record_id)
        child.setData(2, Qt.ItemDataRole.UserRole, (terms, event))
        child.setToolTip(3, channels)
        return child

    def _show_record_details(self) -> None:
        """Every field of the chosen record (its terms now) or event (its terms then)."""
        item = self.records.currentItem()
        found = item.data(2, Qt.ItemDataRole.UserRole) if item is not None else None
        if not found or found[0] is None:
            self.record_details.setText(_("Choose a record or an event above to see all it says."))
            return
        terms, event = found
        self.record_details.setText(self._terms_html(terms, event))

    def _evidence_html(self, digest: str) -> str:
        found = consent.evidence_file(self.store, digest)
        if found is None:
            return html.escape(digest[:12])
        path, name = found[0], html.escape(found[1])
        return f'<a href="{html.escape(path.as_uri())}">{name}</a> (sha256 {html.escape(digest[:12])}…)'

    def _terms_html(self, terms, event: Event | None) -> str:
        e = html.escape
        yes, no = _("yes"), _("no")
        rows: list[tuple[str, str]] = []
        if event is not None:
            rows.append((_("Event:"), e(_("{kind}, effective {moment}, recorded {recorded} by {author}").format(
                kind=_(EVENT_KINDS.get(event.kind, event.kind)), moment=_moment(event.effective_at),
                recorded=_moment(event.recorded_at), author=event.recorded_by))))
            if event.kind == "withdrawn":
                how = _(RECEIVED_HOW.get(event.received_how, event.received_how))
                rows.append((_("Received how:"), e(how + (f" — {event.note}" if event.note else ""))))
                rows.append(("", e(_("The terms below are those that were withdrawn."))))
        parties = ", ".join(f"{p.name} ({_(consent.ROLES.get(p.role, p.role))})" for p in terms.parties)
        method = _(METHODS.get(terms.method, terms.method))
        if terms.witness:
            method += " — " + _("witness: {name}").format(name=terms.witness)
        language = {"nl": _("Dutch"), "en": _("English")}.get(terms.form_language, terms.form_language)
        basis = _(consent.LEGAL_BASES.get(terms.legal_basis, terms.legal_basis))
        rows += [
            (_("Who consents:"), e(parties)),
            (_("Given at:"), e(_("{moment}, recorded by {author}").format(moment=_moment(terms.given_at),
                                                                          author=terms.recorded_by))),
            (_("How:"), e(method)),
            (_("Evidence:"), self._evidence_html(terms.evidence_hash) if terms.evidence_hash else e(_("none"))),
            (_("Form:"), e(_("version {version}, {language}").format(version=terms.form_version or "—",
                                                                     language=language))),
            (_("Told they can withdraw:"), e(yes if terms.informed_of_withdrawal else no)),
            (_("May be photographed:"), e(yes if terms.photographed else no)),
            (_("May be published:"), e(yes if terms.publish else no)),
            (_("Which photos:"), e(_scope_text(terms))),
            (_("Channels:"), e(_channels(terms.channels) or "—")),
            (_("Purpose:"), e(terms.purpose or "—")),
            (_("Name in caption:"), e(yes if terms.name_in_caption else no)),
            (_("Valid:"), e(_validity(terms))),
            (_("Refresh due:"), e(terms.refresh_due.isoformat() if terms.refresh_due else "—")),
            (_("Legal basis:"), e(basis + (f" ({terms.legal_note})" if terms.legal_note else ""))),
        ]
        cells = "".join(f"<tr><td style='padding-right: 8px; color: #555'>{label}</td><td>{value}</td></tr>"
                        for label, value in ((e(label), value) for label, value in rows))
        return f"<table>{cells}</table>"

    def _on_record_chosen(self) -> None:
        self._enable()
        self._show_record_details()

    def current_record(self) -> int | None:
        item = self.records.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _record_status(self, record_id: int | None) -> str:
        for i in range(self.records.topLevelItemCount()):
            item = self.records.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == record_id:
                return item.data(1, Qt.ItemDataRole.UserRole)
        return ""

    def _enable(self) -> None:
        person = self.person
        live = person is not None and not person.erased_at
        statuses = {self.records.topLevelItem(i).data(1, Qt.ItemDataRole.UserRole)
                    for i in range(self.records.topLevelItemCount())}
        for button in (self.consent_button, self.refusal_button, self.erase_button):
            button.setEnabled(live)
        self.withdraw_button.setEnabled(live and "granted" in statuses)
        self.export_button.setEnabled(person is not None)
        record_status = self._record_status(self.current_record())
        self.withdraw_record_button.setEnabled(live and record_status in ("granted", "refused"))
        for button in (self.amend_button, self.ask_again_button):
            button.setEnabled(live and record_status == "granted")
        for widget in (self.state_date, self.as_known):
            widget.setEnabled(person is not None)

    # --- the state on a date -------------------------------------------------------------------

    def show_state(self) -> None:
        """What the register said about the person at the end of the chosen day."""
        if self.person is None:
            self.state.clear()
            return
        day = forms.from_qdate(self.state_date.date())
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
            lines.append(e(_("Photos may be published on: {channels}").format(channels=_channels(channels))
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

    # --- actions -------------------------------------------------------------------------------

    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def _after_change(self, person_id: int, note: str) -> None:
        self.refresh()
        self.select_person(person_id)
        self.message.note(note)
        self.changed.emit()

    def add_person(self) -> forms.PersonForm:
        form = self._keep(forms.PersonForm(self.store, self.author, self))
        form.added.connect(lambda pid: self._after_change(pid, _("{person} was added.").format(
            person=consent.get_person(self.store, pid).display_name)))
        form.show()
        return form

    def record_consent(self, kind: str = "granted") -> forms.ConsentForm | None:
        """Open the consent (or, ``kind`` ``refused``, the refusal) form for the selected person."""
        if self.person is None or self.person.erased_at:
            return None
        person = self.person
        form = self._keep(forms.ConsentForm(self.store, self.author, person, kind, self))
        note = _("The refusal of {person} is recorded.") if kind == "refused" else \
            _("The consent of {person} is recorded.")
        form.recorded.connect(lambda _rid: self._after_change(person.id, note.format(person=person.display_name)))
        form.show()
        return form

    def amend_record(self, record_id: int | None = None) -> forms.ConsentForm | None:
        """Open the consent form on a record's current terms (default: the selected record); OK amends it."""
        return self._record_form(record_id, False, _("The amended consent of {person} is recorded."))

    def ask_again(self, record_id: int | None = None) -> forms.ConsentForm | None:
        """Record that consent was asked again for a record (default: the selected one): new dates, same terms."""
        return self._record_form(record_id, True, _("The renewed consent of {person} is recorded."))

    def _record_form(self, record_id: int | None, refresh: bool, note: str) -> forms.ConsentForm | None:
        record_id = self.current_record() if record_id is None else record_id
        if self.person is None or self.person.erased_at or record_id is None:
            return None
        person = self.person
        form = self._keep(forms.ConsentForm(self.store, self.author, person, parent=self, record_id=record_id,
                                            refresh=refresh))
        form.recorded.connect(lambda _rid: self._after_change(person.id, note.format(person=person.display_name)))
        form.show()
        return form

    def withdraw(self, record_id: int | None = None) -> forms.WithdrawForm | None:
        """Ask when and how the withdrawal came in (one record, or all of the person's consent), then record it."""
        if self.person is None or self.person.erased_at:
            return None
        person = self.person
        form = self._keep(forms.WithdrawForm(self.store, self.author, person, record_id, self))
        form.withdrawn.connect(lambda result: self._withdrawn(person, result))
        form.open()
        return form

    def _withdrawn(self, person: Person, withdrawal: Withdrawal) -> None:
        if not withdrawal.consent_ended:  # a refusal withdrawn: nothing to take down
            self._after_change(person.id, _("The refusal of {person} is withdrawn: they no longer refuse. Their "
                                            "photos still need their consent before they are published.").format(
                person=person.display_name))
            return
        self._after_change(person.id, _("The withdrawal of {person} is recorded.").format(
            person=person.display_name))
        self.show_takedown(withdrawal, person.display_name)

    def show_takedown(self, withdrawal: Withdrawal, name: str) -> QDialog:
        """What to take down after a withdrawal: the drafts flagged, and where photos may be online."""
        dialog = self._keep(QDialog(self))
        dialog.setObjectName("takedown")
        dialog.setWindowTitle(_("After the withdrawal: take the photos down"))
        text = QTextBrowser(dialog)
        text.setObjectName("takedown-text")
        text.setOpenExternalLinks(True)
        text.setHtml(takedown_html(withdrawal, name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        dialog.resize(560, 360)
        dialog.show()
        return dialog

    def ask_export(self) -> None:
        if self.person is not None:
            forms.choose_path(self, "folder", _("Where to put the file of {person}").format(
                person=self.person.display_name), self.export_to)

    def export_to(self, path: str) -> Path | None:
        """Write the selected person's file to ``path``: into it when new or empty, else into a new folder in it."""
        if self.person is None:
            return None
        target, emptied = Path(path), False
        try:
            if target.is_dir():
                if any(target.iterdir()):
                    target = target / _safe_folder_name(self.person)
                else:
                    target.rmdir()  # export_person writes only into a new folder: this one, made anew
                    emptied = True
            folder = export_person(self.store, self.person.id, target)
        except (ConsentError, OSError) as error:
            if emptied:
                target.mkdir(exist_ok=True)  # give back the empty folder the librarian chose
            self.message.error(str(error) if isinstance(error, ConsentError) else _(
                "{path} cannot be written: {reason}").format(path=target, reason=error.strerror or str(error)))
            return None
        self.message.note(_("The file of {person} was written to {folder} (person.html to read, person.json for "
                            "software).").format(person=self.person.display_name, folder=folder))
        return folder

    def ask_erase(self) -> forms.EraseForm | None:
        """Ask, without blocking, whether to erase the selected person, saying exactly what erasing will do."""
        if self.person is None or self.person.erased_at:
            return None
        person = self.person
        try:
            form = forms.EraseForm(self.store, self.author, person, self)
        except ConsentError as error:
            self.message.error(str(error))
            return None
        self._keep(form)
        form.erased.connect(lambda result: self._erased(person, result))
        form.open()
        return form

    def _erased(self, person: Person, result: consent.Erasure) -> None:
        note = _("{person} was erased; the proof is kept as {pseudonym}.").format(
            person=person.display_name, pseudonym=result.plan.pseudonym)
        deleted = len(result.files_deleted)
        if deleted:
            note += " " + ngettext("{n} stored photo file was deleted from the data folder.",
                                   "{n} stored photo files were deleted from the data folder.", deleted).format(
                n=deleted)
        self._after_change(person.id, note)
        if result.files_left:
            left = len(result.files_left)
            self.message.error(note + " " + ngettext(
                "This file could not be deleted; delete it by hand: {paths}",
                "These {n} files could not be deleted; delete them by hand: {paths}", left).format(
                n=left, paths=", ".join(str(path) for path in result.files_left)))

    def print_form(self) -> forms.PrintFormDialog:
        dialog = self._keep(forms.PrintFormDialog(self._style(), self))
        dialog.show()
        return dialog
