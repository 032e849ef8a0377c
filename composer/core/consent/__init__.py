"""The consent register: who agreed to be photographed and published, provably (``consent.md``).

The record *is* the proof (GDPR art. 7(1)): every grant, refusal, amendment,
withdrawal and refresh is an append-only event holding the full terms as of
that moment, so the state at any moment can be replayed ("what was valid when
this post was exported?"). The register suggests and records; it does not
judge: this register keeps proof of consent and is not legal advice — the
library's data protection officer has the last word.

Calendar dates (valid from/until, refresh due, birth, scope dates) are
``date``; moments (given at, effective at) are ``datetime``, stored as UTC ISO
strings that sort as text; a naive ``datetime`` is read as local time. Every
writing function validates first and writes nothing when it raises
:class:`ConsentError`. Qt-free; it imports neither the store nor the
checklist, so the checklist loads it only when the first photo check runs.

Which module holds what (everything below is importable from this package):

``clock.py``
    :func:`~clock.now` (the one place that reads the time; tests set it),
    :func:`today`, :func:`local_date`, :func:`end_of_day`, :func:`iso_moment`.
``terms.py``
    The choices (:data:`METHODS`, :data:`ROLES`, :data:`SCOPES`,
    :data:`CHANNELS`, :data:`LEGAL_BASES`, :data:`RECEIVED_HOW`, ...),
    :class:`ConsentError`, :class:`Party`, :class:`Scope`, :class:`Terms`,
    :func:`channel_label` and normalising input (:func:`as_date`, :func:`as_moment`).
``validation.py``
    :func:`validate_terms` and the small checks every writer uses.
``people.py``
    :class:`Person`, :func:`add_person`, :func:`get_person`, and who must
    consent at what age (:func:`who_must_consent`, :func:`party_advice`).
``evidence.py``
    Scans and PDFs kept by hash: :func:`store_evidence`,
    :func:`record_with_evidence`, :func:`evidence_file`.
``events.py``
    A record's history and its replay: :class:`Event`, :class:`RecordState`,
    :func:`replay`, :func:`state_at`, :class:`PersonState`,
    :func:`person_state`, :func:`histories`.
``records.py``
    Writing: :func:`grant_consent`, :func:`record_refusal`, :func:`amend`,
    :func:`refresh` (and :func:`refreshed_from`, the date a refresh holds from);
    asking again as a form says (:func:`renew`, :data:`RENEWABLE`) and the
    dates a consent starts out with or is renewed to (:data:`TERM`,
    :func:`default_end`, :func:`renewed_dates`).
``index.py``
    What the photo checks need: :class:`PhotoFacts`, :class:`ConsentIndex`
    (with :class:`PersonConsent`, :class:`Grant`, :class:`Verdict`),
    :func:`check_inputs`, :func:`valid_publication`.
``register_view.py``
    The register view: :class:`RegisterEntry`, :func:`register`,
    :data:`FILTERS`, :func:`is_expiring`, where a line and a person stand
    (:func:`standing`, :func:`person_standing`) and what may be done with a
    record (:func:`record_actions`, :func:`can_withdraw_all`).
``withdrawal.py``
    :func:`withdraw`, the drafts it flags and the publications to take down.
``erasure.py``
    :func:`erasure_plan` and :func:`erase_person` (art. 17).
``person_file.py``
    A person's file (art. 15): :func:`~person_file.export_person` (import it from there).
``form.py``
    The printable consent form (import it from there).
"""

from composer.core.consent import clock
from composer.core.consent.clock import end_of_day, iso_moment, local_date, today
from composer.core.consent.erasure import ErasedDraft, Erasure, ErasurePlan, erase_person, erasure_plan
from composer.core.consent.events import (
    Event,
    PersonState,
    RecordState,
    histories,
    person_state,
    replay,
    state_at,
)
from composer.core.consent.evidence import (
    EVIDENCE_TYPES,
    MAX_EVIDENCE_BYTES,
    evidence_file,
    evidence_path,
    record_with_evidence,
    store_evidence,
)
from composer.core.consent.index import (
    ConsentIndex,
    Grant,
    PersonConsent,
    PhotoFacts,
    Verdict,
    check_inputs,
    consent_index,
    photo_facts,
    valid_publication,
)
from composer.core.consent.people import (
    ADULT_AGE,
    Person,
    Suggestion,
    add_person,
    age_on,
    get_person,
    party_advice,
    who_must_consent,
)
from composer.core.consent.records import (
    RENEWABLE,
    TERM,
    amend,
    default_end,
    grant_consent,
    record_refusal,
    refresh,
    refreshed_from,
    renew,
    renewed_dates,
)
from composer.core.consent.register_view import (
    EXPIRING_DAYS,
    FILTERS,
    RECORD_ACTIONS,
    STANDINGS,
    RegisterEntry,
    can_withdraw_all,
    is_expiring,
    person_standing,
    record_actions,
    register,
    register_entry,
    standing,
)
from composer.core.consent.terms import (
    CHANNELS,
    DPO_NOTE,
    LEGAL_BASES,
    METHODS,
    OTHER_CHANNELS,
    RECEIVED_HOW,
    ROLES,
    SCOPES,
    ConsentError,
    Party,
    Scope,
    Terms,
    as_date,
    as_moment,
    channel_label,
)
from composer.core.consent.validation import FIRST_YEAR, LAST_YEAR, MAX_TEXT, validate_terms
from composer.core.consent.withdrawal import (
    AffectedDraft,
    Publication,
    Withdrawal,
    affected_drafts,
    publications,
    withdraw,
)

__all__ = [
    "ADULT_AGE", "CHANNELS", "DPO_NOTE", "EVIDENCE_TYPES", "EXPIRING_DAYS", "FILTERS", "FIRST_YEAR", "LAST_YEAR",
    "LEGAL_BASES", "MAX_EVIDENCE_BYTES", "MAX_TEXT", "METHODS", "OTHER_CHANNELS", "RECEIVED_HOW",
    "RECORD_ACTIONS", "RENEWABLE", "ROLES", "SCOPES", "STANDINGS", "TERM",
    "AffectedDraft", "ConsentError", "ConsentIndex", "Erasure", "ErasedDraft", "ErasurePlan", "Event", "Grant",
    "Party", "Person", "PersonConsent", "PersonState", "PhotoFacts", "Publication", "RecordState", "RegisterEntry",
    "Scope", "Suggestion", "Terms", "Verdict", "Withdrawal",
    "add_person", "affected_drafts", "age_on", "amend", "as_date", "as_moment", "can_withdraw_all",
    "channel_label", "check_inputs", "clock", "consent_index", "default_end", "end_of_day", "erase_person",
    "erasure_plan", "evidence_file", "evidence_path", "get_person", "grant_consent", "histories", "is_expiring",
    "iso_moment", "local_date", "party_advice", "person_standing", "person_state", "photo_facts", "publications",
    "record_actions", "record_refusal", "record_with_evidence", "refresh", "refreshed_from", "register",
    "register_entry", "renew", "renewed_dates", "replay", "standing", "state_at", "store_evidence", "today",
    "valid_publication", "validate_terms", "who_must_consent", "withdraw",
]
