"""The register as the librarian browses it: one line per record, search, and the filters.

The one place that says what "expiring" means (:func:`is_expiring`); the
window shows these lines and never re-derives them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from composer.core.consent import clock
from composer.core.consent.events import RecordState, person_states
from composer.core.consent.people import Person, people
from composer.core.consent.terms import Terms, as_date
from composer.core.consent.validation import check
from composer.core.i18n import N_, _

if TYPE_CHECKING:
    from composer.core.storage.store import Store

FILTERS: dict[str, str] = {
    "expiring": N_("Expiring within 30 days"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
    "refused": N_("Refusals"),
    "minors": N_("Minors"),
}
EXPIRING_DAYS = 30


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the register: a record with its person, or a person without records."""

    person: Person
    record_id: int | None = None
    kind: str | None = None  # "granted" (a consent) or "refused" (a refusal)
    status: str = "none"
    terms: Terms | None = None
    expiring: bool = False
    expired: bool = False


def _fold(text: str) -> str:
    """Lower case without accents, so "Peeters" finds "Péeters"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def is_expiring(state: RecordState, on: date) -> bool:
    """A consent or refusal still standing that ends within :data:`EXPIRING_DAYS` of ``on``."""
    until = state.terms.valid_until if state.terms else None
    live = state.status in ("granted", "refused")
    return live and until is not None and on <= until <= on + timedelta(days=EXPIRING_DAYS)


def register_entry(person: Person, state: RecordState, on: date) -> RegisterEntry:
    """One line of the register: the record's state on ``on``, with whether it is expiring or expired."""
    return RegisterEntry(person, state.record_id, state.kind, state.status, state.terms, is_expiring(state, on),
                         state.expired(on))


def _matches(entry: RegisterEntry, filters: set[str], on: date) -> bool:
    tests = {"expiring": entry.expiring, "expired": entry.expired, "withdrawn": entry.status == "withdrawn",
             "refused": entry.kind == "refused" and entry.status == "refused", "minors": entry.person.minor(on)}
    return all(tests[name] for name in filters)


def register(store: Store, search: str = "", filters: Iterable[str] = (),
             on: date | None = None) -> list[RegisterEntry]:
    """The register as the librarian browses it: search by name or contact, and filters that must all hold.

    ``filters`` are keys of :data:`FILTERS`. People without any record are
    listed once (``record_id`` ``None``), so a minor just added shows too.
    """
    wanted = set(filters)
    check(wanted <= set(FILTERS), _("Unknown filter: {name}.").format(name=", ".join(sorted(wanted - set(FILTERS)))))
    on = as_date(on) or clock.today()
    words = _fold(search).split()
    found = {pid: p for pid, p in people(store).items()
             if all(w in _fold(f"{p.display_name} {p.contact}") for w in words)}
    states = person_states(store, found, clock.FAR_FUTURE) if found else {}
    entries = []
    for pid in sorted(found, key=lambda i: (_fold(found[i].display_name), i)):
        records = states[pid].records
        lines = [register_entry(found[pid], r, on) for r in records] or [RegisterEntry(found[pid])]
        entries += [e for e in lines if _matches(e, wanted, on)]
    return entries
