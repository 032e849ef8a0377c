"""A record's history and its replay: the state of a record, or of a person, at any moment.

Every grant, refusal, amendment, refresh and withdrawal is an append-only
event in ``consent_events`` holding the full terms as of that moment;
:func:`replay` turns a record's events into its :class:`RecordState` at a
moment ("what was valid when this post was exported?").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from composer.core.consent import clock
from composer.core.consent.people import Person, get_person, people
from composer.core.consent.terms import CHANNELS, Scope, Terms, as_moment
from composer.core.consent.validation import check
from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.storage.store import Store


@dataclass(frozen=True)
class Event:
    """One line of a record's history, as stored; its terms are read from JSON only when asked for."""

    id: int
    record_id: int
    kind: str
    effective_at: datetime
    recorded_at: datetime
    recorded_by: str
    raw_terms: str = field(default="{}", repr=False)

    @cached_property
    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.raw_terms)
        return data

    @cached_property
    def terms(self) -> Terms:
        """The full terms as of this event (a register replays thousands: most are never needed)."""
        return Terms.from_json(self._data)

    @property
    def received_how(self) -> str:
        """How a withdrawal was received (a key of :data:`RECEIVED_HOW`); "" for other events."""
        return (self._data.get("withdrawal") or {}).get("received_how", "") if self.kind == "withdrawn" else ""

    @property
    def note(self) -> str:
        return (self._data.get("withdrawal") or {}).get("note", "") if self.kind == "withdrawn" else ""


@dataclass(frozen=True)
class RecordState:
    """A record as it stood at one moment, replayed from its events.

    ``status``: ``none`` (not yet given at that moment), ``granted``,
    ``refused`` or ``withdrawn``. A withdrawal is final: later events do not
    revive a record (ask again, and record a new consent).
    """

    record_id: int
    person_id: int
    kind: str
    status: str
    terms: Terms | None
    events: tuple[Event, ...] = ()
    withdrawn_at: datetime | None = None
    received_how: str = ""

    def in_force(self, on: date) -> bool:
        """Granted or refused, not withdrawn, and within its dates on ``on``."""
        return self.status in ("granted", "refused") and self.terms is not None and self.terms.in_force(on)

    def expired(self, on: date) -> bool:
        return (self.status in ("granted", "refused") and self.terms is not None
                and self.terms.valid_until is not None and self.terms.valid_until < on)

    def publishes(self, channel: str, on: date, photo_hash: str = "") -> bool:
        """A valid consent to publish on ``channel`` on ``on`` (for ``photo_hash`` when it is one photo's)."""
        terms = self.terms
        return (self.status == "granted" and terms is not None and terms.in_force(on) and terms.publish
                and channel in terms.channels and _scope_fits(terms.scope, photo_hash))

    @property
    def current_terms(self) -> Terms:
        """:attr:`terms` of a record that had begun at the moment replayed (every record's first event holds
        terms, so only a moment before it leaves them ``None``); changing such a record is a programming error."""
        if self.terms is None:
            raise LookupError(f"consent record #{self.record_id} had not begun at the moment replayed")
        return self.terms


def _scope_fits(scope: Scope, photo_hash: str) -> bool:
    """A one-photo consent covers only that photo; an event or a period cannot be told from the photo here."""
    return scope.kind != "this_photo" or scope.photo_hash == photo_hash


def _event(row: tuple[Any, ...]) -> Event:
    id_, record_id, kind, effective_at, recorded_at, recorded_by, terms = row
    return Event(id_, record_id, kind, datetime.fromisoformat(effective_at), datetime.fromisoformat(recorded_at),
                 recorded_by, terms)


_EVENT_SQL = ("SELECT e.id, e.record_id, e.kind, e.effective_at, e.recorded_at, e.recorded_by, e.terms, r.person_id"
              " FROM consent_events e JOIN consent_records r ON r.id = e.record_id")


def _events_by_record(rows: Iterable[tuple[Any, ...]]) -> dict[int, tuple[int, list[Event]]]:
    """Rows of :data:`_EVENT_SQL` grouped per record: ``{record_id: (person_id, events in order)}``."""
    grouped: dict[int, tuple[int, list[Event]]] = {}
    for row in rows:
        grouped.setdefault(row[1], (row[7], []))[1].append(_event(row[:7]))
    return grouped


def _order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.effective_at, e.id))


def replay(record_id: int, person_id: int, events: Iterable[Event], moment: datetime,
           as_known: bool = False) -> RecordState:
    """The state after every event effective by ``moment`` (and, ``as_known``, recorded by then too)."""
    seen, status, current, withdrawn_at, how, kind = [], "none", None, None, "", ""
    for event in _order(list(events)):
        if event.effective_at > moment or (as_known and event.recorded_at > moment):
            continue
        seen.append(event)
        kind = kind or event.kind
        if status == "withdrawn":
            continue
        if event.kind == "withdrawn":
            status, withdrawn_at, how = "withdrawn", event.effective_at, event.received_how
            continue
        current = event
        if event.kind in ("granted", "refused"):
            status = event.kind
    terms = current.terms if current is not None else None
    return RecordState(record_id, person_id, kind, status, terms, tuple(seen), withdrawn_at, how)


def record_events(store: Store, record_id: int) -> tuple[int, list[Event]]:
    """The person of record ``record_id`` and its events; :class:`ConsentError` when there is no such record."""
    grouped = _events_by_record(store.db.all(f"{_EVENT_SQL} WHERE e.record_id = ?", [record_id]))
    check(record_id in grouped, _("There is no consent record #{id}.").format(id=record_id))
    return grouped[record_id]


def state_at(store: Store, record_id: int, moment: datetime | None = None, as_known: bool = False) -> RecordState:
    """What record ``record_id`` said at ``moment`` (default: now).

    By default events count from when they took effect (a withdrawal received
    by letter counts from its date); ``as_known=True`` shows only what had
    been entered in the register by then.
    """
    person_id, events = record_events(store, record_id)
    return replay(record_id, person_id, events, as_moment(moment or clock.now()), as_known)


def latest(store: Store, record_id: int) -> tuple[RecordState, Person]:
    """The record with every event entered so far, and its person."""
    person_id, events = record_events(store, record_id)
    return replay(record_id, person_id, events, clock.FAR_FUTURE), get_person(store, person_id)


@dataclass(frozen=True)
class PersonState:
    """A person and all their records at one moment."""

    person: Person
    records: tuple[RecordState, ...]

    def refused(self, on: date) -> bool:
        return any(r.status == "refused" and r.in_force(on) for r in self.records)

    def channels(self, on: date, photo_hash: str = "") -> tuple[str, ...]:
        """Where their photos may be published on ``on``."""
        if self.refused(on):
            return ()
        return tuple(c for c in CHANNELS if any(r.publishes(c, on, photo_hash) for r in self.records))


def person_states(store: Store, person_ids: Iterable[int], moment: datetime) -> dict[int, PersonState]:
    """The state of each of ``person_ids`` at ``moment``, in two queries (unknown ids are left out)."""
    found = people(store, person_ids)
    wanted, params = store.db.in_list(sorted(found), "bigint")
    rows = store.db.all(f"{_EVENT_SQL} WHERE r.person_id IN {wanted} ORDER BY e.record_id, e.effective_at, e.id",
                        params)
    records: dict[int, list[RecordState]] = {pid: [] for pid in found}
    for record_id, (person_id, events) in _events_by_record(rows).items():
        records[person_id].append(replay(record_id, person_id, events, moment))
    return {pid: PersonState(found[pid], tuple(records[pid])) for pid in found}


def histories(store: Store, person_id: int) -> dict[int, list[Event]]:
    """Every event of each of a person's records, in the order they took effect."""
    rows = store.db.all(f"{_EVENT_SQL} WHERE r.person_id = ? ORDER BY e.record_id, e.effective_at, e.id", [person_id])
    return {record_id: events for record_id, (_person, events) in _events_by_record(rows).items()}


def person_state(store: Store, person_id: int, moment: datetime | None = None) -> PersonState:
    """Everything the register said about ``person_id`` at ``moment`` (default: now)."""
    get_person(store, person_id)
    return person_states(store, [person_id], as_moment(moment or clock.now()))[person_id]
