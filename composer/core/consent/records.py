"""Writing the register: new consents and refusals, amendments and refreshes, each as an appended event.

Nothing is ever overwritten: every change is a new event holding the full
terms as of that moment (the record *is* the proof, GDPR art. 7(1)). Every
function validates first and writes nothing when it raises
:class:`~composer.core.consent.terms.ConsentError`. A withdrawal, which also
flags drafts, is in ``withdrawal.py``. What a new consent's dates start at and what
asking again renews are here too (:func:`default_end`, :func:`renewed_dates`, :data:`RENEWABLE`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from composer.core.consent import clock
from composer.core.consent.clock import iso_moment, local_date
from composer.core.consent.events import RecordState, latest
from composer.core.consent.people import Person, get_person
from composer.core.consent.terms import Terms, as_moment, malformed
from composer.core.consent.validation import check, check_author, validate_terms
from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.storage.store import Store


def insert_event(store: Store, record_id: int, kind: str, effective_at: datetime, author: str, terms: Terms,
                 withdrawal: dict[str, str] | None = None) -> int:
    """Append one event to a record's history, recorded now; its id. Validate before calling this."""
    data = terms.to_json()
    if withdrawal:
        data["withdrawal"] = withdrawal
    return store.db.insert(
        "INSERT INTO consent_events (record_id, kind, effective_at, recorded_at, recorded_by, terms)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [record_id, kind, iso_moment(effective_at), iso_moment(clock.now()), author,
         json.dumps(data, ensure_ascii=False)])


def _check_for_person(store: Store, person: Person, terms: Terms) -> None:
    """Rules that need the register: the person still exists, the evidence file is stored, no consent before birth."""
    check(not person.erased_at, _("This person was erased from the register; nothing can be added."))
    if terms.evidence_hash:
        found = store.db.one("SELECT 1 FROM evidence WHERE hash = ?", [terms.evidence_hash])
        check(found is not None, _("The evidence reference is not a stored file."))
    if person.birth_date is not None:
        check(local_date(terms.given_at) >= person.birth_date,
              _("Consent cannot be given before the person was born ({date}).").format(
                  date=person.birth_date.isoformat()))


def _new_record(store: Store, person_id: int, terms: Terms, author: str, kind: str) -> int:
    check_author(author)
    if not isinstance(terms, Terms):
        raise malformed("terms")
    validate_terms(terms, kind)
    _check_for_person(store, get_person(store, person_id), terms)
    with store.atomic():
        record_id = store.db.insert("INSERT INTO consent_records (person_id, created_at, created_by)"
                                    " VALUES (?, ?, ?)", [person_id, iso_moment(clock.now()), author])
        insert_event(store, record_id, kind, terms.given_at, author, terms)
    return record_id


def grant_consent(store: Store, person_id: int, terms: Terms, author: str) -> int:
    """Record a consent (to be photographed and/or to publish); the new record's id."""
    return _new_record(store, person_id, terms, author, "granted")


def record_refusal(store: Store, person_id: int, terms: Terms, author: str) -> int:
    """Record that someone refused: they may then appear in no photo, not even in the background."""
    return _new_record(store, person_id, terms, author, "refused")


def check_change(state: RecordState, person: Person, effective_at: datetime) -> None:
    """A change to a record (amendment, refresh, withdrawal) may take effect at ``effective_at``."""
    check(state.status != "withdrawn", _("This consent was withdrawn; record a new one instead."))
    check(not person.erased_at, _("This person was erased from the register; nothing can be added."))
    check(effective_at <= clock.now(), _("A change cannot take effect in the future."))
    first = state.events[0].effective_at
    check(effective_at >= first, _("A change cannot take effect before the record began ({date}).").format(
        date=local_date(first).isoformat()))


def amend(store: Store, record_id: int, terms: Terms, author: str, effective_at: datetime | None = None) -> int:
    """Record new terms for a record (a correction, another channel); the event's id. Nothing is overwritten."""
    check_author(author)
    state, person = latest(store, record_id)
    moment = as_moment(effective_at or clock.now())
    check_change(state, person, moment)
    validate_terms(terms, state.kind)
    _check_for_person(store, person, terms)
    return insert_event(store, record_id, "amended", moment, author, terms)


def refreshed_from(valid_from: date, given_at: datetime) -> date:
    """A consent asked again holds from the day it was asked, never earlier than it held before."""
    return max(valid_from, local_date(given_at))


def refresh(store: Store, record_id: int, author: str, given_at: datetime, valid_until: date | None = None,
            refresh_due: date | None = None, **changes: Any) -> int:
    """Record that consent was asked again (schools re-ask every year): new dates, same scope; the event's id.

    ``changes`` may replace other terms asked anew (``evidence_hash``, ``form_version``, ...).
    """
    check_author(author)
    state, person = latest(store, record_id)
    check(state.kind == "granted", _("Only a consent can be refreshed; a refusal stands until withdrawn."))
    moment = as_moment(given_at)
    check_change(state, person, moment)
    current = state.current_terms
    terms = replace(current, given_at=moment, valid_from=refreshed_from(current.starts_on, moment),
                    valid_until=valid_until, refresh_due=refresh_due, **changes)
    validate_terms(terms, "granted")
    _check_for_person(store, person, terms)
    return insert_event(store, record_id, "refreshed", moment, author, terms)


#: How long a consent is asked for unless the librarian says otherwise: a year (schools re-ask every school year).
TERM = timedelta(days=365)
#: What asking again may change besides the dates: how consent was given this time (:func:`renew`).
RENEWABLE = ("recorded_by", "method", "witness", "evidence_hash", "form_version", "form_language",
             "informed_of_withdrawal")


def default_end(on: date | None = None) -> date:
    """Where a new consent's end, its refresh date and a period's end start out: :data:`TERM` after ``on``."""
    return (on or clock.today()) + TERM


def renewed_dates(terms: Terms, on: date | None = None) -> tuple[date | None, date | None]:
    """``(valid_until, refresh_due)`` once consent is asked again on ``on`` (default today).

    Each date the consent had moves to :func:`default_end`; a consent without an
    end or a refresh date stays without.
    """
    end = default_end(on)
    return (end if terms.valid_until is not None else None, end if terms.refresh_due is not None else None)


def renew(store: Store, record_id: int, terms: Terms, author: str) -> int:
    """Record that consent was asked again as ``terms`` say (:func:`refresh`); the event's id.

    Taken from ``terms``: when it was given, the new end and refresh dates, and
    how it was given (:data:`RENEWABLE`); what the consent covers stays the record's.
    """
    return refresh(store, record_id, author, terms.given_at, terms.valid_until, terms.refresh_due,
                   **{name: getattr(terms, name) for name in RENEWABLE})
