"""The register as the librarian browses it: one line per record, search, and the filters.

The one place that says what "expiring" means (:func:`is_expiring`), where a
line stands (:func:`standing`) and what the register offers for a record
(:func:`record_actions`); the window shows these and never re-derives them.
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


def standing(entry: RegisterEntry, on: date) -> str:
    """Where a register line stands on ``on``: the first of :data:`STANDINGS` that holds.

    ``none`` (no record yet), ``withdrawn``, ``refusal_ended`` (a refusal past its
    end), ``refused``, ``expired``, ``not_published`` (may be photographed, not
    published), ``not_yet`` (valid from a later day), ``expiring``
    (:func:`is_expiring`), ``until`` (valid to an end date), ``open`` (no end date).
    """
    terms = entry.terms
    if entry.record_id is None or terms is None:
        return "none"
    if entry.status == "withdrawn":
        return "withdrawn"
    if entry.kind == "refused":
        return "refusal_ended" if entry.expired else "refused"
    if entry.expired:
        return "expired"
    if not terms.publish:
        return "not_published"
    if terms.valid_from is not None and terms.valid_from > on:
        return "not_yet"
    if entry.expiring:
        return "expiring"
    return "until" if terms.valid_until else "open"


STANDINGS = ("none", "withdrawn", "refusal_ended", "refused", "expired", "not_published", "not_yet", "expiring",
             "until", "open")


def person_standing(entries: Iterable[RegisterEntry]) -> str:
    """Where a person stands over all their register lines, the first that holds: ``refused`` (a refusal that
    stands), ``consent`` (a consent that stands and has not expired), ``expired``, ``withdrawn`` or ``none``."""
    lines = list(entries)
    if any(e.kind == "refused" and e.status == "refused" for e in lines):
        return "refused"
    if any(e.status == "granted" and not e.expired for e in lines):
        return "consent"
    if any(e.status == "granted" for e in lines):
        return "expired"
    if any(e.status == "withdrawn" for e in lines):
        return "withdrawn"
    return "none"

#: What the register offers for a record, by its status: a consent that stands can be withdrawn, amended or
#: asked again; a refusal only withdrawn (it stands until then); a withdrawn record nothing.
RECORD_ACTIONS: dict[str, frozenset[str]] = {
    "granted": frozenset({"withdraw", "amend", "ask_again"}),
    "refused": frozenset({"withdraw"}),
}


def record_actions(status: str) -> frozenset[str]:
    """What may be done with a record whose status is ``status`` (see :data:`RECORD_ACTIONS`)."""
    return RECORD_ACTIONS.get(status, frozenset())


def can_withdraw_all(statuses: Iterable[str]) -> bool:
    """Whether *Withdraw all consent* has something to end: a consent that stands (a refusal is withdrawn alone)."""
    return "granted" in set(statuses)


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
