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
:class:`ConsentError`. Qt-free, and safe to import from ``drafts.py`` (it
imports neither the store nor the checklist).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from composer.core.i18n import N_, _
from composer.core.platforms import NETWORKS, network

if TYPE_CHECKING:
    from composer.core.photos import PhotoRemoval
    from composer.core.store import Store

DPO_NOTE = N_("This register keeps proof of consent; it is not legal advice. "
              "The library's data protection officer has the last word.")

METHODS: dict[str, str] = {
    "signed_form": N_("Signed form"),
    "digital_form": N_("Digital form"),
    "email": N_("E-mail"),
    "oral_with_witness": N_("Oral, with a witness"),
}
ROLES: dict[str, str] = {"self": N_("The person themselves"), "parent": N_("Parent"), "guardian": N_("Guardian")}
SCOPES: dict[str, str] = {
    "this_photo": N_("This photo"),
    "this_event": N_("This event"),
    "period": N_("All activities in a period"),
}
OTHER_CHANNELS: dict[str, str] = {"website": N_("Website"), "newsletter": N_("Newsletter"), "print": N_("Print"),
                                  "press": N_("Press")}
CHANNELS: tuple[str, ...] = NETWORKS + tuple(OTHER_CHANNELS)
LEGAL_BASES: dict[str, str] = {"consent": N_("Consent"), "public_task": N_("Public task"), "other": N_("Other")}
RECEIVED_HOW: dict[str, str] = {
    "in_person": N_("In person"),
    "email": N_("E-mail"),
    "letter": N_("Letter"),
    "phone": N_("Phone"),
    "digital_form": N_("Digital form"),
    "other": N_("Other"),
}
FILTERS: dict[str, str] = {
    "expiring": N_("Expiring within 30 days"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
    "refused": N_("Refusals"),
    "minors": N_("Minors"),
}
PRESENCES = ("nobody", "atmosphere", "people")  # photos.presence; None: not answered

EXPIRING_DAYS = 30
ADULT_AGE = 18
FIRST_YEAR, LAST_YEAR = 1900, 2199  # a date outside these makes no sense in a register
MAX_TEXT = 2000
MAX_EVIDENCE_BYTES = 100 * 1024 * 1024
EVIDENCE_TYPES = {"pdf": (b"%PDF",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
                  "png": (b"\x89PNG\r\n\x1a\n",), "tif": (b"II*\x00", b"MM\x00*"), "tiff": (b"II*\x00", b"MM\x00*"),
                  "webp": (b"RIFF",), "heic": (), "heif": ()}
T = TypeVar("T")
_HASH = re.compile(r"[0-9a-f]{64}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


class ConsentError(ValueError):
    """Input the register refuses, with a translated message to show as is; nothing was written."""


# --- small value types ------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """Someone who consents: the person themselves, a parent or a guardian."""

    name: str
    role: str = "self"


@dataclass(frozen=True)
class Scope:
    """Which photos a record covers: one photo (by hash), one event, or every activity in a period."""

    kind: str
    photo_hash: str = ""
    event_name: str = ""
    event_date: date | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def photo(cls, photo_hash: str) -> Scope:
        return cls("this_photo", photo_hash=photo_hash)

    @classmethod
    def event(cls, name: str, on: date) -> Scope:
        return cls("this_event", event_name=name, event_date=on)

    @classmethod
    def period(cls, start: date, end: date) -> Scope:
        return cls("period", start=start, end=end)

    def __post_init__(self) -> None:
        if not all(isinstance(getattr(self, name), str) for name in ("kind", "photo_hash", "event_name")):
            raise ConsentError(_("Malformed consent terms: {field}.").format(field="scope"))
        for name in ("event_date", "start", "end"):
            object.__setattr__(self, name, _as_date(getattr(self, name)))


@dataclass(frozen=True)
class Terms:
    """Every field a record must prove (consent.md, issue 4 point 6), as of one event.

    Constructing normalises (moments to UTC, channels to their canonical
    order, ``valid_from`` defaulting to the day consent was given) and refuses
    malformed types with :class:`ConsentError`; :func:`validate_terms` checks
    the rules that need the clock or the kind of record.
    """

    parties: tuple[Party, ...]
    given_at: datetime
    recorded_by: str
    method: str
    photographed: bool
    publish: bool
    scope: Scope
    channels: tuple[str, ...] = ()
    purpose: str = ""
    name_in_caption: bool = False
    valid_from: date | None = None
    valid_until: date | None = None
    refresh_due: date | None = None
    witness: str = ""
    evidence_hash: str = ""
    form_version: str = ""
    form_language: str = "nl"
    informed_of_withdrawal: bool = False
    legal_basis: str = "consent"
    legal_note: str = ""

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "parties", _as_parties(self.parties))
        put(self, "given_at", _as_moment(self.given_at))
        put(self, "channels", _as_channels(self.channels))
        if not isinstance(self.scope, Scope):
            raise ConsentError(_("Malformed consent terms: {field}.").format(field="scope"))
        for name in ("photographed", "publish", "name_in_caption", "informed_of_withdrawal"):
            if not isinstance(getattr(self, name), bool):
                raise ConsentError(_("Malformed consent terms: {field}.").format(field=name))
        for name in ("recorded_by", "method", "purpose", "witness", "evidence_hash", "form_version",
                     "form_language", "legal_basis", "legal_note"):
            if not isinstance(getattr(self, name), str):
                raise ConsentError(_("Malformed consent terms: {field}.").format(field=name))
        for name in ("valid_from", "valid_until", "refresh_due"):
            put(self, name, _as_date(getattr(self, name)))
        if self.valid_from is None:
            put(self, "valid_from", local_date(self.given_at))

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the ``terms`` column and the person's file."""
        data = asdict(self)
        return json.loads(json.dumps(data, default=_json_default))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Terms:
        """Terms as stored by :meth:`to_json` (extra keys, like a withdrawal's note, are ignored)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["parties"] = tuple(Party(**p) for p in data["parties"])
        known["scope"] = Scope(**data["scope"])
        known["channels"] = tuple(data.get("channels", ()))
        return cls(**known)

    def in_force(self, on: date) -> bool:
        """Valid on ``on`` by its dates (inclusive)."""
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return iso_moment(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


# --- normalising input ------------------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    """A calendar date from a ``date``, a ``datetime`` (its date) or an ISO string."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConsentError(_("This is not a date: {value}.").format(value=str(value)[:40]))


def _as_moment(value: Any) -> datetime:
    """An aware UTC moment from a ``datetime`` (naive: local time) or an ISO string."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, datetime):
        raise ConsentError(_("This is not a date and time: {value}.").format(value=str(value)[:40]))
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError, OSError) as error:
        raise ConsentError(_("This is not a date and time: {value}.").format(value=str(value)[:40])) from error


def _as_parties(value: Any) -> tuple[Party, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ConsentError(_("Malformed consent terms: {field}.").format(field="parties"))
    parties = tuple(value)
    if not all(isinstance(p, Party) and isinstance(p.name, str) and isinstance(p.role, str) for p in parties):
        raise ConsentError(_("Malformed consent terms: {field}.").format(field="parties"))
    return parties


def _as_channels(value: Any) -> tuple[str, ...]:
    """Channels without duplicates, in the order of :data:`CHANNELS` (unknown ones last, for the message)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ConsentError(_("Malformed consent terms: {field}.").format(field="channels"))
    given = set(value)
    if not all(isinstance(c, str) for c in given):
        raise ConsentError(_("Malformed consent terms: {field}.").format(field="channels"))
    return tuple(c for c in CHANNELS if c in given) + tuple(sorted(given - set(CHANNELS)))


def iso_moment(moment: datetime) -> str:
    """The stored form of a moment: UTC ISO with microseconds, like ``Store.now()``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _now() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date of ``moment`` where the library is (the machine's time zone)."""
    return moment.astimezone().date()


def end_of_day(on: date) -> datetime:
    """The last moment of local day ``on``: a check "on a date" sees everything that happened that day."""
    return datetime.combine(on, time.max).astimezone().astimezone(UTC)


def today() -> date:
    return local_date(_now())


# --- validation -------------------------------------------------------------------------------


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ConsentError(message)


def _check_text(value: str, required: str | None = None) -> None:
    """No control characters, no novels; ``required`` is the message when it is blank."""
    if required is not None:
        _check(bool(value.strip()), required)
    _check(len(value) <= MAX_TEXT, _("This text is too long (at most {n} characters).").format(n=MAX_TEXT))
    _check(not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value),
           _("This text contains control characters."))


def _check_sensible(day: date | None) -> None:
    if day is not None:
        _check(FIRST_YEAR <= day.year <= LAST_YEAR, _("This date makes no sense: {date}.").format(date=day.isoformat()))


def validate_terms(terms: Terms, kind: str = "granted", now: datetime | None = None) -> None:
    """Refuse terms that could not prove anything (``kind``: ``granted`` or ``refused``)."""
    now = now or _now()
    _check_parties(terms.parties)
    _check_how(terms)
    _check_dates(terms, now)
    _check_scope(terms.scope)
    _check_channels(terms, kind)
    _check_basis(terms)


def _check_parties(parties: tuple[Party, ...]) -> None:
    _check(bool(parties), _("Name at least one person who consents."))
    for party in parties:
        _check_text(party.name, _("Each person who consents needs a name."))
        _check(party.role in ROLES, _("Unknown role: {role}.").format(role=party.role))


def _check_how(terms: Terms) -> None:
    _check_text(terms.recorded_by, _("Say who recorded the consent."))
    _check(terms.method in METHODS, _("Choose how the consent was given."))
    _check_text(terms.witness)
    if terms.method == "oral_with_witness":
        _check_text(terms.witness, _("Oral consent needs the name of a witness."))
    _check(terms.evidence_hash == "" or bool(_HASH.fullmatch(terms.evidence_hash)),
           _("The evidence reference is not a stored file."))
    _check_text(terms.form_version)
    if terms.method in ("signed_form", "digital_form"):
        _check_text(terms.form_version, _("Give the version of the form that was used."))
    _check(bool(_LANGUAGE.fullmatch(terms.form_language)),
           _("The form language must be a language code such as nl or en."))


def _check_dates(terms: Terms, now: datetime) -> None:
    given = local_date(terms.given_at)
    for day in (given, terms.valid_from, terms.valid_until, terms.refresh_due):
        _check_sensible(day)
    _check(terms.given_at <= now, _("Consent cannot be given in the future ({moment}).").format(
        moment=given.isoformat()))
    _check(terms.valid_from >= given, _("A consent cannot apply before it was given ({date}).").format(
        date=given.isoformat()))
    if terms.valid_until is not None:
        _check(terms.valid_until >= terms.valid_from, _("Valid until ({until}) is before valid from ({start}).").format(
            until=terms.valid_until.isoformat(), start=terms.valid_from.isoformat()))
    if terms.refresh_due is not None:
        _check(terms.refresh_due >= given, _("The refresh date ({due}) is before the consent was given ({date}).")
               .format(due=terms.refresh_due.isoformat(), date=given.isoformat()))


def _check_scope(scope: Scope) -> None:
    _check(scope.kind in SCOPES, _("Choose what the consent covers: this photo, this event or a period."))
    for day in (scope.event_date, scope.start, scope.end):
        _check_sensible(day)
    _check_text(scope.event_name)
    if scope.kind == "this_photo":
        _check(bool(_HASH.fullmatch(scope.photo_hash)), _("A consent for this photo needs the photo."))
    elif scope.kind == "this_event":
        _check_text(scope.event_name, _("Which event? Give its name and date."))
        _check(scope.event_date is not None, _("Which event? Give its name and date."))
    else:
        _check(scope.start is not None and scope.end is not None, _("The period needs a start and an end."))
        _check(scope.end >= scope.start, _("The period ends ({end}) before it starts ({start}).").format(
            end=scope.end.isoformat(), start=scope.start.isoformat()))


def _check_channels(terms: Terms, kind: str) -> None:
    for channel in terms.channels:
        _check(channel in CHANNELS, _("Unknown channel: {channel}.").format(channel=channel[:40]))
    _check_text(terms.purpose)
    if kind == "refused":
        _check(not terms.publish, _("A refusal cannot allow publication."))
        return
    _check(terms.photographed or terms.publish, _("This consent grants nothing: record a refusal instead."))
    _check(terms.informed_of_withdrawal,
           _("Consent is only valid when the person was told they can withdraw it (GDPR art. 7(3))."))
    if terms.publish:
        _check(bool(terms.channels), _("Consent to publish needs at least one channel."))
        _check_text(terms.purpose, _("Say for what purpose the photos may be published."))


def _check_basis(terms: Terms) -> None:
    _check(terms.legal_basis in LEGAL_BASES, _("Choose a legal basis."))
    _check_text(terms.legal_note)
    if terms.legal_basis == "other":
        _check_text(terms.legal_note, _("Say what the other legal basis is."))


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone in the register: as little as the proof needs."""

    id: int
    name: str
    contact: str = ""
    birth_date: date | None = None
    created_at: str = ""
    created_by: str = ""
    erased_at: str | None = None

    @property
    def display_name(self) -> str:
        """The name, or the translated pseudonym once erased (GDPR art. 17)."""
        if self.erased_at:
            return _("Erased person #{id}").format(id=self.id)
        return self.name

    def age(self, on: date | None = None) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, on or today())

    def minor(self, on: date | None = None) -> bool:
        age = self.age(on)
        return age is not None and age < ADULT_AGE


@dataclass(frozen=True)
class Suggestion:
    """Who should consent, from the age: advice for the librarian, never enforced."""

    roles: tuple[str, ...]
    text: str
    age: int | None = None


def age_on(birth: date, on: date) -> int:
    """Completed years on ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def who_must_consent(birth_date: date | None, on: date | None = None) -> Suggestion:
    """Flemish practice (consent.md): under 12 a parent or guardian, 12-13 child and parent, 14+ the young person.

    ``parent`` in :attr:`Suggestion.roles` means a parent or a guardian.
    """
    if birth_date is None:
        return Suggestion(("self",), _("No date of birth: an adult consents for themselves."))
    age = age_on(_as_date(birth_date), on or today())
    if age < 12:
        return Suggestion(("parent",), _("Under 12: a parent or guardian consents."), age)
    if age < 14:
        return Suggestion(("self", "parent"), _("12 or 13: safest is the child and a parent together."), age)
    if age < ADULT_AGE:
        return Suggestion(("self",), _("14 or older: the young person consents."), age)
    return Suggestion(("self",), _("An adult consents for themselves."), age)


def party_advice(birth_date: date | None, parties: Iterable[Party], on: date | None = None) -> str | None:
    """The suggestion's text when ``parties`` lack a suggested role; ``None`` when they match."""
    suggestion = who_must_consent(birth_date, on)
    roles = {"parent" if p.role == "guardian" else p.role for p in parties}
    return None if set(suggestion.roles) <= roles else suggestion.text


def add_person(store: Store, name: str, author: str, contact: str = "", birth_date: date | None = None) -> Person:
    """Put someone in the register (name or pseudonym; contact only so they can withdraw)."""
    _check(isinstance(name, str) and isinstance(contact, str) and isinstance(author, str),
           _("Malformed consent terms: {field}.").format(field="person"))
    name = name.strip()
    _check_text(name, _("A person needs a name (or a pseudonym)."))
    _check_text(contact)
    birth = _as_date(birth_date)
    if birth is not None:
        _check(birth <= today(), _("The date of birth ({date}) is in the future.").format(date=birth.isoformat()))
        _check_sensible(birth)
    stamp = iso_moment(_now())
    cursor = store.execute(
        "INSERT INTO people (name, contact, birth_date, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        [name, contact.strip(), birth.isoformat() if birth else None, stamp, author])
    return Person(cursor.lastrowid, name, contact.strip(), birth, stamp, author)


_PERSON_SQL = "SELECT id, name, contact, birth_date, created_at, created_by, erased_at FROM people"


def _person(row: tuple) -> Person:
    id_, name, contact, birth, created_at, created_by, erased_at = row
    return Person(id_, name, contact, date.fromisoformat(birth) if birth else None, created_at, created_by, erased_at)


def get_person(store: Store, person_id: int) -> Person:
    row = store.execute(f"{_PERSON_SQL} WHERE id = ?", [person_id]).fetchone()
    _check(row is not None, _("There is no person #{id} in the register.").format(id=person_id))
    return _person(row)


def _people(store: Store, person_ids: Iterable[int] | None = None) -> dict[int, Person]:
    if person_ids is None:
        rows = store.execute(_PERSON_SQL).fetchall()
    else:
        rows = store.execute(f"{_PERSON_SQL} WHERE id IN (SELECT value FROM json_each(?))",
                             [json.dumps(sorted(set(person_ids)))]).fetchall()
    return {row[0]: _person(row) for row in rows}


# --- evidence ---------------------------------------------------------------------------------


def evidence_path(store: Store, digest: str, ext: str) -> Path:
    """Where a scan or PDF lives: ``evidence/<hash[:2]>/<hash>.<ext>`` in the data folder."""
    return store.path.parent / "evidence" / digest[:2] / f"{digest}.{ext}"


def evidence_file(store: Store, digest: str) -> tuple[Path, str] | None:
    """Where a stored scan or PDF is and the name it came with; ``None`` if no evidence has that hash."""
    row = store.execute("SELECT ext, original_name FROM evidence WHERE hash = ?", [digest]).fetchone()
    if row is None:
        return None
    ext, name = row
    return evidence_path(store, digest, ext), name or f"{digest[:12]}.{ext}"


def _chunks(source: Path | bytes) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield source
        return
    with open(source, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def store_evidence(store: Store, source: Path | bytes, original_name: str = "") -> str:
    """Keep a scan or PDF of the signed form, content-addressed (the same file is stored once); its hash.

    Written to a temporary file beside its place and renamed, so a crash never
    leaves half a file under a hash name. Inside a transaction that later rolls
    back, the file stays without its row: use :func:`record_with_evidence` to
    store it together with the record that refers to it.
    """
    return _store_evidence(store, source, original_name, [])


def record_with_evidence(store: Store, source: Path | bytes, original_name: str, write: Callable[[str], T]) -> T:
    """Store an evidence file and what refers to it, ``write(hash)``, in one transaction; what ``write`` returns.

    When anything fails (``write`` refusing the terms, say) nothing is left: the
    rows are rolled back and a file this call put in the evidence folder is
    deleted again, after the rollback and only if no row refers to it.
    Runs as its own transaction (``RuntimeError`` inside another one).
    """
    if store.conn.in_transaction:
        raise RuntimeError("record_with_evidence must be its own transaction: it deletes its file on a rollback")
    created: list[Path] = []
    try:
        with store.atomic():
            return write(_store_evidence(store, source, original_name, created))
    except BaseException:
        for path in created:
            _forget_evidence_file(store, path)
        raise


def _forget_evidence_file(store: Store, path: Path) -> None:
    """Delete an evidence file no row refers to (a store that failed); one that is referred to stays."""
    if store.conn.in_transaction or store.execute("SELECT 1 FROM evidence WHERE hash = ?", [path.stem]).fetchone():
        return
    with contextlib.suppress(OSError):
        path.unlink()
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # only when empty


def _store_evidence(store: Store, source: Path | bytes, original_name: str, created: list[Path]) -> str:
    """Store the file and its row; its hash. A file this call wrote is added to ``created`` at once."""
    name = original_name or (Path(source).name if not isinstance(source, bytes) else "")
    ext = Path(name).suffix.lower().lstrip(".")
    _check(ext in EVIDENCE_TYPES, _("Evidence must be a PDF or a scan (PDF, JPEG, PNG, TIFF, WebP, HEIC): {name}.")
           .format(name=name or "?"))
    folder = store.path.parent / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        digest, head = _copy_hashing(source, handle, name)
        _check(not EVIDENCE_TYPES[ext] or head.startswith(EVIDENCE_TYPES[ext]),
               _("This file is not a {kind} file: {name}.").format(kind=ext.upper(), name=name))
        existing = store.execute("SELECT ext FROM evidence WHERE hash = ?", [digest]).fetchone()
        target = evidence_path(store, digest, existing[0] if existing else ext)
        if target.exists():
            os.unlink(temporary)
        else:
            target.parent.mkdir(exist_ok=True)
            os.replace(temporary, target)
            created.append(target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    try:
        store.execute("INSERT OR IGNORE INTO evidence (hash, ext, original_name, stored_at) VALUES (?, ?, ?, ?)",
                      [digest, ext, name, iso_moment(_now())])
    except BaseException:
        if target in created:
            _forget_evidence_file(store, target)  # outside a transaction; inside one, after its rollback
        raise
    return digest


def _copy_hashing(source: Path | bytes, handle: int, name: str) -> tuple[str, bytes]:
    """Copy ``source`` into the open temporary file; its sha256 and first bytes."""
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in _chunks(source):
                head = head or chunk[:16]
                size += len(chunk)
                _check(size <= MAX_EVIDENCE_BYTES, _("This file is too large to keep as evidence: {name}.").format(
                    name=name))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        raise ConsentError(_("Cannot read {name}: {reason}").format(name=name, reason=error.strerror)) from error
    _check(size > 0, _("This file is empty: {name}.").format(name=name))
    return digest.hexdigest(), head


# --- events and their replay ------------------------------------------------------------------


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
        return json.loads(self.raw_terms)

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
        return (self.status == "granted" and self.in_force(on) and self.terms.publish
                and channel in self.terms.channels and _scope_fits(self.terms.scope, photo_hash))


def _scope_fits(scope: Scope, photo_hash: str) -> bool:
    """A one-photo consent covers only that photo; an event or a period cannot be told from the photo here."""
    return scope.kind != "this_photo" or scope.photo_hash == photo_hash


def _event(row: tuple) -> Event:
    id_, record_id, kind, effective_at, recorded_at, recorded_by, terms = row
    return Event(id_, record_id, kind, datetime.fromisoformat(effective_at), datetime.fromisoformat(recorded_at),
                 recorded_by, terms)


_EVENT_SQL = ("SELECT e.id, e.record_id, e.kind, e.effective_at, e.recorded_at, e.recorded_by, e.terms, r.person_id"
              " FROM consent_events e JOIN consent_records r ON r.id = e.record_id")


def _events_by_record(rows: Iterable[tuple]) -> dict[int, tuple[int, list[Event]]]:
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


def _record_events(store: Store, record_id: int) -> tuple[int, list[Event]]:
    grouped = _events_by_record(store.execute(f"{_EVENT_SQL} WHERE e.record_id = ?", [record_id]))
    _check(record_id in grouped, _("There is no consent record #{id}.").format(id=record_id))
    return grouped[record_id]


def state_at(store: Store, record_id: int, moment: datetime | None = None, as_known: bool = False) -> RecordState:
    """What record ``record_id`` said at ``moment`` (default: now).

    By default events count from when they took effect (a withdrawal received
    by letter counts from its date); ``as_known=True`` shows only what had
    been entered in the register by then.
    """
    person_id, events = _record_events(store, record_id)
    return replay(record_id, person_id, events, _as_moment(moment or _now()), as_known)


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


def _person_states(store: Store, person_ids: Iterable[int], moment: datetime) -> dict[int, PersonState]:
    people = _people(store, person_ids)
    rows = store.execute(f"{_EVENT_SQL} WHERE r.person_id IN (SELECT value FROM json_each(?))"
                         " ORDER BY e.record_id, e.effective_at, e.id", [json.dumps(sorted(people))])
    records: dict[int, list[RecordState]] = {pid: [] for pid in people}
    for record_id, (person_id, events) in _events_by_record(rows).items():
        records[person_id].append(replay(record_id, person_id, events, moment))
    return {pid: PersonState(people[pid], tuple(records[pid])) for pid in people}


def histories(store: Store, person_id: int) -> dict[int, list[Event]]:
    """Every event of each of a person's records, in the order they took effect."""
    rows = store.execute(f"{_EVENT_SQL} WHERE r.person_id = ? ORDER BY e.record_id, e.effective_at, e.id", [person_id])
    return {record_id: events for record_id, (_person, events) in _events_by_record(rows).items()}


def person_state(store: Store, person_id: int, moment: datetime | None = None) -> PersonState:
    """Everything the register said about ``person_id`` at ``moment`` (default: now)."""
    get_person(store, person_id)
    return _person_states(store, [person_id], _as_moment(moment or _now()))[person_id]


# --- writing events ---------------------------------------------------------------------------


def _insert_event(store: Store, record_id: int, kind: str, effective_at: datetime, author: str, terms: Terms,
                  withdrawal: dict[str, str] | None = None) -> int:
    data = terms.to_json()
    if withdrawal:
        data["withdrawal"] = withdrawal
    cursor = store.execute(
        "INSERT INTO consent_events (record_id, kind, effective_at, recorded_at, recorded_by, terms)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [record_id, kind, iso_moment(effective_at), iso_moment(_now()), author, json.dumps(data, ensure_ascii=False)])
    return cursor.lastrowid


def _check_author(author: Any) -> None:
    _check(isinstance(author, str), _("Say who recorded the consent."))
    _check_text(author, _("Say who recorded the consent."))


def _check_for_person(store: Store, person: Person, terms: Terms) -> None:
    """Rules that need the register: the person still exists, the evidence file is stored, no consent before birth."""
    _check(not person.erased_at, _("This person was erased from the register; nothing can be added."))
    if terms.evidence_hash:
        found = store.execute("SELECT 1 FROM evidence WHERE hash = ?", [terms.evidence_hash]).fetchone()
        _check(found is not None, _("The evidence reference is not a stored file."))
    if person.birth_date is not None:
        _check(local_date(terms.given_at) >= person.birth_date,
               _("Consent cannot be given before the person was born ({date}).").format(
                   date=person.birth_date.isoformat()))


def _new_record(store: Store, person_id: int, terms: Terms, author: str, kind: str) -> int:
    _check_author(author)
    _check(isinstance(terms, Terms), _("Malformed consent terms: {field}.").format(field="terms"))
    validate_terms(terms, kind)
    _check_for_person(store, get_person(store, person_id), terms)
    with store.atomic():
        cursor = store.execute("INSERT INTO consent_records (person_id, created_at, created_by) VALUES (?, ?, ?)",
                               [person_id, iso_moment(_now()), author])
        _insert_event(store, cursor.lastrowid, kind, terms.given_at, author, terms)
    return cursor.lastrowid


def grant_consent(store: Store, person_id: int, terms: Terms, author: str) -> int:
    """Record a consent (to be photographed and/or to publish); the new record's id."""
    return _new_record(store, person_id, terms, author, "granted")


def record_refusal(store: Store, person_id: int, terms: Terms, author: str) -> int:
    """Record that someone refused: they may then appear in no photo, not even in the background."""
    return _new_record(store, person_id, terms, author, "refused")


def _latest(store: Store, record_id: int) -> tuple[RecordState, Person]:
    """The record with every event entered so far, and its person."""
    person_id, events = _record_events(store, record_id)
    far = datetime.max.replace(tzinfo=UTC)
    return replay(record_id, person_id, events, far), get_person(store, person_id)


def _check_change(state: RecordState, person: Person, effective_at: datetime) -> None:
    _check(state.status != "withdrawn", _("This consent was withdrawn; record a new one instead."))
    _check(not person.erased_at, _("This person was erased from the register; nothing can be added."))
    _check(effective_at <= _now(), _("A change cannot take effect in the future."))
    first = state.events[0].effective_at
    _check(effective_at >= first, _("A change cannot take effect before the record began ({date}).").format(
        date=local_date(first).isoformat()))


def amend(store: Store, record_id: int, terms: Terms, author: str, effective_at: datetime | None = None) -> int:
    """Record new terms for a record (a correction, another channel); the event's id. Nothing is overwritten."""
    _check_author(author)
    state, person = _latest(store, record_id)
    moment = _as_moment(effective_at or _now())
    _check_change(state, person, moment)
    validate_terms(terms, state.kind)
    _check_for_person(store, person, terms)
    return _insert_event(store, record_id, "amended", moment, author, terms)


def refresh(store: Store, record_id: int, author: str, given_at: datetime, valid_until: date | None = None,
            refresh_due: date | None = None, **changes: Any) -> int:
    """Record that consent was asked again (schools re-ask every year): new dates, same scope; the event's id.

    ``changes`` may replace other terms asked anew (``evidence_hash``, ``form_version``, ...).
    """
    _check_author(author)
    state, person = _latest(store, record_id)
    _check(state.kind == "granted", _("Only a consent can be refreshed; a refusal stands until withdrawn."))
    moment = _as_moment(given_at)
    _check_change(state, person, moment)
    terms = replace(state.terms, given_at=moment, valid_from=max(state.terms.valid_from, local_date(moment)),
                    valid_until=valid_until, refresh_due=refresh_due, **changes)
    validate_terms(terms, "granted")
    _check_for_person(store, person, terms)
    return _insert_event(store, record_id, "refreshed", moment, author, terms)


# --- what the checks need: photos and a consent index -----------------------------------------


@dataclass(frozen=True)
class PhotoFacts:
    """What the photo rules need of one draft photo (picklable: it crosses to the checker's process)."""

    position: int  # 1-based, as the librarian sees it
    photo_hash: str
    alt_text: str = ""
    presence: str | None = None  # None: "who is in it?" not answered (the stored photo's answer)
    people: tuple[int, ...] = ()  # person ids linked to the stored photo through photo_people


@dataclass(frozen=True)
class Grant:
    """One valid-by-status consent to publish, reduced to what a check compares."""

    record_id: int
    channels: frozenset[str]
    photo_hash: str  # "" unless the consent covers one photo only
    valid_from: date
    valid_until: date | None
    name_in_caption: bool

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


@dataclass(frozen=True)
class PersonConsent:
    """One person in a :class:`ConsentIndex`."""

    person_id: int
    name: str
    refused: bool = False
    refusal_record: int | None = None
    grants: tuple[Grant, ...] = ()
    withdrawn_on: date | None = None


@dataclass(frozen=True)
class Verdict:
    """May this be published? ``ok`` and a sentence saying why (for the checklist or a dialog)."""

    ok: bool
    reason: str

    def __bool__(self) -> bool:
        return self.ok


def channel_label(key: str) -> str:
    """A channel's name as people know it: the network's own name, or a translated label."""
    return network(key).name if key in NETWORKS else _(OTHER_CHANNELS.get(key, key))


@dataclass(frozen=True)
class ConsentIndex:
    """The consent facts of some people on one date, gathered once so checks need no database.

    Plain picklable data: build it on the thread that owns the store with
    :func:`consent_index`, then hand it to the checks anywhere.
    """

    on: date
    people: tuple[PersonConsent, ...] = ()

    @cached_property
    def by_id(self) -> dict[int, PersonConsent]:
        return {p.person_id: p for p in self.people}

    def name(self, person_id: int) -> str:
        found = self.by_id.get(person_id)
        return found.name if found else _("Person #{id}").format(id=person_id)

    def refused(self, person_id: int) -> bool:
        found = self.by_id.get(person_id)
        return bool(found and found.refused)

    def _fitting(self, person: PersonConsent, photo_hash: str) -> list[Grant]:
        return [g for g in person.grants if g.photo_hash in ("", photo_hash)]

    def verdict(self, person_id: int, channel: str, photo_hash: str = "") -> Verdict:
        """Whether a photo (``photo_hash``) of the person may go to ``channel`` on :attr:`on`, and why (not)."""
        person = self.by_id.get(person_id)
        if person is None:
            return Verdict(False, _("Person #{id} is not in the consent register.").format(id=person_id))
        name, where = person.name, channel_label(channel)
        if person.refused:
            return Verdict(False, _("{person} refused: they may not appear, not even in the background.").format(
                person=name))
        fitting = self._fitting(person, photo_hash)
        valid = [g for g in fitting if g.in_force(self.on)]
        covering = [g for g in valid if channel in g.channels]
        if covering:
            return Verdict(True, _("Consent of {person} covers {channel}.").format(person=name, channel=where))
        if valid:
            return Verdict(False, _("Consent of {person} does not cover {channel}.").format(person=name, channel=where))
        return Verdict(False, self._why_none(person, fitting))

    def _why_none(self, person: PersonConsent, fitting: list[Grant]) -> str:
        name = person.name
        later = [g.valid_from for g in fitting if g.valid_from > self.on]
        if later:
            return _("Consent of {person} only starts on {date}.").format(person=name, date=min(later).isoformat())
        ended = [g.valid_until for g in fitting if g.valid_until is not None]
        if ended:
            return _("Consent of {person} expired on {date}.").format(person=name, date=max(ended).isoformat())
        if person.grants:
            return _("Consent of {person} covers another photo only.").format(person=name)
        if person.withdrawn_on:
            return _("{person} withdrew consent on {date}.").format(person=name, date=person.withdrawn_on.isoformat())
        return _("{person} has no consent to publish on record.").format(person=name)

    def caption_allowed(self, person_id: int, channel: str, photo_hash: str = "") -> bool:
        """A valid consent for ``channel`` also allows their name in the caption."""
        person = self.by_id.get(person_id)
        return bool(person) and any(g.name_in_caption and channel in g.channels and g.in_force(self.on)
                                    for g in self._fitting(person, photo_hash))


def _person_consent(state: PersonState, on: date) -> PersonConsent:
    grants, refusal, withdrawn = [], None, None
    for record in state.records:
        if record.status == "refused" and record.in_force(on):
            refusal = refusal or record.record_id
        elif record.status == "granted" and record.terms.publish:
            terms = record.terms
            hash_ = terms.scope.photo_hash if terms.scope.kind == "this_photo" else ""
            grants.append(Grant(record.record_id, frozenset(terms.channels), hash_, terms.valid_from,
                                terms.valid_until, terms.name_in_caption))
        elif record.status == "withdrawn" and record.kind == "granted":
            day = local_date(record.withdrawn_at)
            withdrawn = max(withdrawn, day) if withdrawn else day
    return PersonConsent(state.person.id, state.person.display_name, refusal is not None, refusal, tuple(grants),
                         withdrawn)


def consent_index(store: Store, person_ids: Iterable[int], on: date | None = None) -> ConsentIndex:
    """The consent facts of ``person_ids`` on ``on`` (default today), in two queries.

    Events effective any time that day count, so a withdrawal received this
    afternoon already blocks this morning's export check.
    """
    on = _as_date(on) or today()
    states = _person_states(store, person_ids, end_of_day(on))
    return ConsentIndex(on, tuple(_person_consent(states[pid], on) for pid in sorted(states)))


def photo_facts(store: Store, draft_id: int) -> tuple[PhotoFacts, ...]:
    """The draft's photos in order, with alt text, and "who is in it" and the linked people of each stored
    photo, whichever draft they were said in (two queries)."""
    rows = store.execute("SELECT dp.photo_hash, dp.alt_text, p.presence FROM draft_photos dp"
                         " JOIN photos p ON p.hash = dp.photo_hash WHERE dp.draft_id = ?"
                         " ORDER BY dp.position, dp.id", [draft_id]).fetchall()
    linked: dict[str, list[int]] = {}
    for photo_hash, person_id in store.execute(
            "SELECT photo_hash, person_id FROM photo_people WHERE photo_hash IN"
            " (SELECT photo_hash FROM draft_photos WHERE draft_id = ?) ORDER BY id", [draft_id]):
        linked.setdefault(photo_hash, []).append(person_id)
    return tuple(PhotoFacts(n, hash_, alt or "", presence, tuple(dict.fromkeys(linked.get(hash_, ()))))
                 for n, (hash_, alt, presence) in enumerate(rows, start=1))


def check_inputs(store: Store, draft_id: int, on: date | None = None) -> tuple[tuple[PhotoFacts, ...], ConsentIndex]:
    """Everything the photo rules need for one draft: its photo facts and the index of the people in them."""
    photos = photo_facts(store, draft_id)
    return photos, consent_index(store, {pid for photo in photos for pid in photo.people}, on)


def valid_publication(store: Store, person_id: int, channel: str, on: date | None = None,
                      photo_hash: str = "") -> Verdict:
    """May a photo of ``person_id`` go to ``channel`` on ``on``? A one-photo consent counts for its ``photo_hash``."""
    get_person(store, person_id)
    _check(channel in CHANNELS, _("Unknown channel: {channel}.").format(channel=str(channel)[:40]))
    return consent_index(store, [person_id], on).verdict(person_id, channel, photo_hash)


# --- the register view ------------------------------------------------------------------------


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


def _entry(person: Person, state: RecordState, on: date) -> RegisterEntry:
    terms = state.terms
    until = terms.valid_until if terms else None
    live = state.status in ("granted", "refused")
    expiring = live and until is not None and on <= until <= on + timedelta(days=EXPIRING_DAYS)
    return RegisterEntry(person, state.record_id, state.kind, state.status, terms, expiring, state.expired(on))


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
    _check(wanted <= set(FILTERS), _("Unknown filter: {name}.").format(name=", ".join(sorted(wanted - set(FILTERS)))))
    on = _as_date(on) or today()
    words = _fold(search).split()
    people = {pid: p for pid, p in _people(store).items()
              if all(w in _fold(f"{p.display_name} {p.contact}") for w in words)}
    states = _person_states(store, people, datetime.max.replace(tzinfo=UTC)) if people else {}
    entries = []
    for pid in sorted(people, key=lambda i: (_fold(people[i].display_name), i)):
        records = states[pid].records
        lines = [_entry(people[pid], r, on) for r in records] or [RegisterEntry(people[pid])]
        entries += [e for e in lines if _matches(e, wanted, on)]
    return entries


# --- withdrawal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AffectedDraft:
    """A draft showing the person in one of its photos: its consent check now fails."""

    draft_id: int
    first_line: str
    status: str
    in_trash: bool
    photo_hashes: tuple[str, ...]


@dataclass(frozen=True)
class Publication:
    """Where a draft's photos went (from the ``publications`` log, once it exists): a takedown task."""

    draft_id: int
    network: str
    published_at: str
    link: str


@dataclass(frozen=True)
class Withdrawal:
    """What one withdrawal did, and what must now be taken down.

    ``publications`` is empty while the app keeps no publication log
    (``publication_log`` ``False``): then only the drafts are known.
    ``consent_ended`` is ``False`` when only a refusal was withdrawn: the
    person no longer refuses, nothing is flagged and nothing needs taking down.
    ``still_allowed``: the channels another consent still allows today.
    """

    person_id: int
    record_ids: tuple[int, ...]
    event_ids: tuple[int, ...]
    drafts: tuple[AffectedDraft, ...]
    publications: tuple[Publication, ...]
    publication_log: bool
    consent_ended: bool = True
    still_allowed: tuple[str, ...] = ()


def affected_drafts(store: Store, person_id: int) -> tuple[AffectedDraft, ...]:
    """Drafts (in the trash too) using a photo ``person_id`` is linked in."""
    rows = store.execute(
        "SELECT d.id, d.text, d.status, d.deleted_at, group_concat(DISTINCT dp.photo_hash)"
        " FROM photo_people pp JOIN draft_photos dp ON dp.photo_hash = pp.photo_hash"
        " JOIN drafts d ON d.id = dp.draft_id WHERE pp.person_id = ? GROUP BY d.id ORDER BY d.id",
        [person_id]).fetchall()
    return tuple(AffectedDraft(id_, _first_line(text), status, deleted is not None,
                               tuple(sorted(hashes.split(","))) if hashes else ())
                 for id_, text, status, deleted, hashes in rows)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def has_publication_log(store: Store) -> bool:
    return store.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'publications'").fetchone() \
        is not None


def publications(store: Store, draft_ids: Iterable[int]) -> tuple[Publication, ...]:
    """Where these drafts were published, if the app keeps a ``publications`` table yet; else nothing."""
    if not has_publication_log(store):
        return ()
    rows = store.execute("SELECT draft_id, network, published_at, link FROM publications"
                         " WHERE draft_id IN (SELECT value FROM json_each(?)) ORDER BY published_at, draft_id",
                         [json.dumps(sorted(set(draft_ids)))]).fetchall()
    return tuple(Publication(*row) for row in rows)


def _withdrawable(store: Store, record_id: int | None, person_id: int | None) -> tuple[int, list[RecordState]]:
    """The person and the records a withdrawal ends: one record, or every live consent of a person."""
    _check((record_id is None) != (person_id is None), _("Withdraw either one record or a person's consent."))
    if record_id is not None:
        state, person = _latest(store, record_id)
        _check(state.status != "withdrawn", _("This consent was already withdrawn."))
        return person.id, [state]
    person = get_person(store, person_id)
    live = [r for r in person_state(store, person.id, datetime.max.replace(tzinfo=UTC)).records
            if r.status == "granted"]
    _check(bool(live), _("{person} has no consent to withdraw.").format(person=person.display_name))
    return person.id, live


def withdraw(store: Store, *, record_id: int | None = None, person_id: int | None = None,
             effective_at: datetime | None = None, received_how: str, author: str, note: str = "") -> Withdrawal:
    """Withdraw one record, or every consent of a person, in one action (art. 7(3)).

    Withdrawing a refusal record means the person no longer refuses: no draft
    is flagged and nothing is to be taken down. Withdrawing a consent returns
    the drafts with their photos (flagged "Consent withdrawn" in the drafts
    list) and, when the app keeps a publication log, where their photos were
    published, so they can be taken down (art. 17, 19).
    """
    _check_author(author)
    _check(received_how in RECEIVED_HOW, _("Say how the withdrawal was received."))
    _check_text(note)
    who, records = _withdrawable(store, record_id, person_id)
    moment = _as_moment(effective_at or _now())
    for state in records:
        _check_change(state, get_person(store, who), moment)
    ended = any(r.kind == "granted" for r in records)
    drafts = affected_drafts(store, who) if ended else ()
    with store.atomic():
        events = tuple(_insert_event(store, r.record_id, "withdrawn", moment, author, r.terms,
                                     {"received_how": received_how, "note": note}) for r in records)
        for draft in drafts:  # flagged in the drafts list at once
            store.execute("UPDATE drafts SET status = 'consent_withdrawn' WHERE id = ?", [draft.draft_id])
    allowed = person_state(store, who).channels(today()) if ended else ()
    return Withdrawal(who, tuple(r.record_id for r in records), events, drafts,
                      publications(store, [d.draft_id for d in drafts]), has_publication_log(store), ended, allowed)


# --- erasure (GDPR art. 17) -------------------------------------------------------------------


@dataclass(frozen=True)
class ErasedDraft:
    """A draft that erasing a person changes: the photos they are linked in leave it (its text stays)."""

    draft_id: int
    first_line: str
    in_trash: bool
    removed: int  # how many of its photos leave
    total: int  # how many photos it has now


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a person does, worked out before anything changes.

    The one source of both the confirmation the librarian reads and what
    :func:`erase_person` does: it carries out exactly this plan, and refuses
    when the register no longer matches it. ``photos`` says which photos leave
    which drafts and which stored files are deleted; ``records``,
    ``evidence`` and ``birth_date`` are what is kept as the proof.
    """

    person_id: int
    name: str
    pseudonym: str
    drafts: tuple[ErasedDraft, ...]
    photos: PhotoRemoval
    records: int
    events: int
    evidence: int
    birth_date: bool

    def same_effect(self, other: ErasurePlan) -> bool:
        """Whether ``other`` removes and deletes the same things (a changed first line does not count)."""
        def effect(plan: ErasurePlan) -> tuple:
            return plan.person_id, plan.photos.draft_photo_ids, plan.photos.doomed
        return effect(self) == effect(other)


def erasure_plan(store: Store, person_id: int) -> ErasurePlan:
    """What :func:`erase_person` would do to ``person_id``, without changing anything."""
    from composer.core.photos import plan_removal

    person = get_person(store, person_id)
    _check(not person.erased_at, _("This person was already erased."))
    removal = plan_removal(store, person_id)
    counts = {d.draft_id: d for d in removal.drafts}
    drafts = tuple(ErasedDraft(d.draft_id, d.first_line, d.in_trash, counts[d.draft_id].removed,
                               counts[d.draft_id].total)
                   for d in affected_drafts(store, person_id) if d.draft_id in counts)
    events = [e for record in histories(store, person_id).values() for e in record]
    evidence = {e.terms.evidence_hash for e in events} - {""}
    stored = store.execute("SELECT count(*) FROM evidence WHERE hash IN (SELECT value FROM json_each(?))",
                           [json.dumps(sorted(evidence))]).fetchone()[0]
    return ErasurePlan(person.id, person.display_name, _("Erased person #{id}").format(id=person.id), drafts,
                       removal, len({e.record_id for e in events}), len(events), stored, person.birth_date is not None)


@dataclass(frozen=True)
class Erasure:
    """What erasing a person did: the name now stored, when, the plan carried out, and the files deleted.

    ``files_left`` are stored photo files that could not be deleted (the
    rows are gone): the librarian must delete them by hand.
    """

    person_id: int
    pseudonym: str
    erased_at: str
    drafts: tuple[ErasedDraft, ...]
    plan: ErasurePlan
    files_deleted: tuple[Path, ...] = ()
    files_left: tuple[Path, ...] = ()


def erase_person(store: Store, person_id: int, author: str, confirm: bool = False,
                 expected: ErasurePlan | None = None) -> Erasure:
    """Remove a person's name and contact and the photos they are in, keeping the proof (art. 17).

    Does exactly what :func:`erasure_plan` says: the photos they are linked in
    leave every draft that uses them, and those stored photos (and unused ones
    of which nobody said who is in them) are deleted, rows first, files only
    once the transaction has committed. The
    consent records and their events stay, append-only, as the minimal proof the
    library must keep for possible claims (evidence files included); the date
    of birth stays because it shows who had to consent. ``confirm`` must be
    ``True``: this cannot be undone. With ``expected`` (the plan the librarian
    was shown) nothing is written when the register changed meanwhile.

    Runs as its own transaction: inside another one it raises ``RuntimeError``,
    since files deleted for a transaction that then rolls back could not come back.
    """
    from composer.core.photos import delete_stored_files, remove_photos

    _check_author(author)
    _check(confirm is True, _("Erasing a person cannot be undone: confirm it first."))
    if store.conn.in_transaction:
        raise RuntimeError("erase_person must be its own transaction: it deletes files after committing")
    get_person(store, person_id)
    stamp = iso_moment(_now())
    with store.atomic():
        plan = erasure_plan(store, person_id)
        _check(expected is None or plan.same_effect(expected),
               _("What erasing would do has changed since you were asked (a photo was added, removed or linked "
                 "meanwhile). Nothing was erased: read it again."))
        store.execute("UPDATE people SET name = ?, contact = '', erased_at = ? WHERE id = ?",
                      [f"Erased person #{person_id}", stamp, person_id])  # untranslated: shown as display_name
        files = remove_photos(store, plan.photos)
        store.execute("DELETE FROM photo_people WHERE person_id = ?", [person_id])
    left = delete_stored_files(store, files)
    return Erasure(person_id, f"Erased person #{person_id}", stamp, plan.drafts, plan,
                   tuple(f for f in files if f not in left), left)
