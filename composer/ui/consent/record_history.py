"""The register window's records of one person: each record with its history of events, and all a record says.

The history is the core's (:func:`composer.core.consent.histories`,
:func:`composer.core.consent.replay`); the buttons under it (amend, ask again,
withdraw this record) are wired by the window, which also says which apply.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core import consent
from composer.core.consent import METHODS, RECEIVED_HOW, Event, Person, RecordState, Terms, clock
from composer.core.i18n import _
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent.register_words import (
    EVENT_KINDS,
    channels_text,
    moment_text,
    record_label,
    scope_text,
    validity_text,
)
from composer.ui.look import STATUS_COLOURS


class RecordHistory(QWidget):
    """A person's records, newest last, each with its events; below, every field of the chosen one.

    Signals:
        chosen: another record or event was chosen (or none).
    """

    chosen = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.records = QTreeWidget(self)
        self.records.setObjectName("records")
        self.records.setHeaderLabels([_("Record and history"), _("State"), _("Valid"), _("Channels")])
        for column, width in enumerate((180, 170, 170)):
            self.records.setColumnWidth(column, width)
        self.records.currentItemChanged.connect(lambda *_args: self._on_chosen())
        self.record_details = QLabel(self)
        self.record_details.setObjectName("record-details")
        self.record_details.setWordWrap(True)
        self.record_details.setTextFormat(Qt.TextFormat.RichText)
        self.record_details.setOpenExternalLinks(True)
        self.record_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.record_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.withdraw_record_button = QPushButton(_("Withdraw this record…"), self)
        self.amend_button = QPushButton(_("Amend…"), self)
        self.amend_button.setToolTip(_("Change this record's terms, for example another channel or a correction; "
                                       "its history keeps what it said before."))
        self.ask_again_button = QPushButton(_("Ask again (refresh)…"), self)
        self.ask_again_button.setToolTip(_("Consent was asked again, for example each school year: new dates, "
                                           "the same terms."))
        record_row = QHBoxLayout()
        for button in (self.amend_button, self.ask_again_button, self.withdraw_record_button):
            record_row.addWidget(button)
        record_row.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.record_details)
        accessibility.name(self.records, _("Records and their history"), _(
            "Each consent or refusal with its state, validity and channels; under it, what happened to it."))
        accessibility.name(scroll, _("What the chosen record says"))
        parts = QSplitter(Qt.Orientation.Vertical, self)
        parts.addWidget(self.records)
        parts.addWidget(scroll)
        parts.setChildrenCollapsible(False)
        parts.setSizes([150, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(parts, 1)
        layout.addLayout(record_row)

    def show_person(self, person: Person | None) -> None:
        """List the records of ``person`` with their events, the newest chosen (``None``: nobody)."""
        self.records.clear()
        if person is None:
            self.record_details.clear()
            return
        on = consent.today()
        for record_id, events in consent.histories(self.store, person.id).items():
            state = consent.replay(record_id, person.id, events, clock.FAR_FUTURE)
            self.records.addTopLevelItem(self._record_item(state, events, on))
        self.records.expandAll()
        if self.records.topLevelItemCount():
            self.records.setCurrentItem(self.records.topLevelItem(self.records.topLevelItemCount() - 1))
        else:
            self.record_details.setText(_("No consent or refusal recorded yet."))

    def current_record(self) -> int | None:
        """The id of the chosen record (or of the record of the chosen event)."""
        item = self.records.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def statuses(self) -> set[str]:
        """The status of each record listed."""
        return {self.records.topLevelItem(i).data(1, Qt.ItemDataRole.UserRole)
                for i in range(self.records.topLevelItemCount())}

    def current_status(self) -> str:
        """The status of the chosen record ("" when none is chosen)."""
        record_id = self.current_record()
        for i in range(self.records.topLevelItemCount()):
            item = self.records.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == record_id:
                return item.data(1, Qt.ItemDataRole.UserRole)
        return ""

    def _on_chosen(self) -> None:
        self.chosen.emit()
        self._show_record_details()

    # --- the list -------------------------------------------------------------------------------

    def _record_item(self, state: RecordState, events: list[Event], on: date) -> QTreeWidgetItem:
        label, status = record_label(state, on)
        terms = state.terms
        kind = _("Refusal") if state.kind == "refused" else _("Consent")
        channels = channels_text(terms.channels) if terms and terms.publish else ""
        item = QTreeWidgetItem([f"#{state.record_id} {kind}", label, validity_text(terms), channels])
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
        channels = channels_text(terms.channels) if changes and terms.publish else ""
        child = QTreeWidgetItem([moment_text(event.effective_at), _(EVENT_KINDS.get(event.kind, event.kind)),
                                 validity_text(terms) if changes else "", channels])
        child.setData(0, Qt.ItemDataRole.UserRole, event.record_id)
        child.setData(2, Qt.ItemDataRole.UserRole, (terms, event))
        child.setToolTip(3, channels)
        return child

    # --- all a record says ---------------------------------------------------------------------------

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

    def _event_rows(self, event: Event) -> list[tuple[str, str]]:
        e = html.escape
        rows = [(_("Event:"), e(_("{kind}, effective {moment}, recorded {recorded} by {author}").format(
            kind=_(EVENT_KINDS.get(event.kind, event.kind)), moment=moment_text(event.effective_at),
            recorded=moment_text(event.recorded_at), author=event.recorded_by)))]
        if event.kind == "withdrawn":
            how = _(RECEIVED_HOW.get(event.received_how, event.received_how))
            rows.append((_("Received how:"), e(how + (f" — {event.note}" if event.note else ""))))
            rows.append(("", e(_("The terms below are those that were withdrawn."))))
        return rows

    def _terms_html(self, terms: Terms, event: Event | None) -> str:
        e = html.escape
        yes, no = _("yes"), _("no")
        rows = self._event_rows(event) if event is not None else []
        parties = ", ".join(f"{p.name} ({_(consent.ROLES.get(p.role, p.role))})" for p in terms.parties)
        method = _(METHODS.get(terms.method, terms.method))
        if terms.witness:
            method += " — " + _("witness: {name}").format(name=terms.witness)
        language = {"nl": _("Dutch"), "en": _("English")}.get(terms.form_language, terms.form_language)
        basis = _(consent.LEGAL_BASES.get(terms.legal_basis, terms.legal_basis))
        rows += [
            (_("Who consents:"), e(parties)),
            (_("Given at:"), e(_("{moment}, recorded by {author}").format(moment=moment_text(terms.given_at),
                                                                          author=terms.recorded_by))),
            (_("How:"), e(method)),
            (_("Evidence:"), self._evidence_html(terms.evidence_hash) if terms.evidence_hash else e(_("none"))),
            (_("Form:"), e(_("version {version}, {language}").format(version=terms.form_version or "—",
                                                                     language=language))),
            (_("Told they can withdraw:"), e(yes if terms.informed_of_withdrawal else no)),
            (_("May be photographed:"), e(yes if terms.photographed else no)),
            (_("May be published:"), e(yes if terms.publish else no)),
            (_("Which photos:"), e(scope_text(terms))),
            (_("Channels:"), e(channels_text(terms.channels) or "—")),
            (_("Purpose:"), e(terms.purpose or "—")),
            (_("Name in caption:"), e(yes if terms.name_in_caption else no)),
            (_("Valid:"), e(validity_text(terms))),
            (_("Refresh due:"), e(terms.refresh_due.isoformat() if terms.refresh_due else "—")),
            (_("Legal basis:"), e(basis + (f" ({terms.legal_note})" if terms.legal_note else ""))),
        ]
        cells = "".join(f"<tr><td style='padding-right: 8px; color: #555'>{label}</td><td>{value}</td></tr>"
                        for label, value in ((e(label), value) for label, value in rows))
        return f"<table>{cells}</table>"
