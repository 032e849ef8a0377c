"""What a consent record says: the choices, the value types and how input is normalised.

:class:`Terms` holds every field a record must prove (``consent.md``), as of
one event; :class:`Party` and :class:`Scope` are its parts. Constructing them
normalises input (moments to UTC, channels to their canonical order) and
refuses malformed types with :class:`ConsentError`; the rules that need the
clock or the kind of record are in ``validation.py``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from composer.core.consent.clock import iso_moment, local_date
from composer.core.i18n import N_, _
from composer.core.networks.facts import NETWORKS, network

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


class ConsentError(ValueError):
    """Input the register refuses, with a translated message to show as is; nothing was written."""


def channel_label(key: str) -> str:
    """A channel's name as people know it: the network's own name, or a translated label."""
    return network(key).name if key in NETWORKS else _(OTHER_CHANNELS.get(key, key))


def malformed(field: str) -> ConsentError:
    """The error for a value of the wrong type (``field`` names it)."""
    return ConsentError(_("Malformed consent terms: {field}.").format(field=field))


# --- the value types ------------------------------------------------------------------------


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
            raise malformed("scope")
        for name in ("event_date", "start", "end"):
            object.__setattr__(self, name, as_date(getattr(self, name)))


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
        put(self, "parties", as_parties(self.parties))
        put(self, "given_at", as_moment(self.given_at))
        put(self, "channels", as_channels(self.channels))
        if not isinstance(self.scope, Scope):
            raise malformed("scope")
        for name in ("photographed", "publish", "name_in_caption", "informed_of_withdrawal"):
            if not isinstance(getattr(self, name), bool):
                raise malformed(name)
        for name in ("recorded_by", "method", "purpose", "witness", "evidence_hash", "form_version",
                     "form_language", "legal_basis", "legal_note"):
            if not isinstance(getattr(self, name), str):
                raise malformed(name)
        for name in ("valid_from", "valid_until", "refresh_due"):
            put(self, name, as_date(getattr(self, name)))
        if self.valid_from is None:
            put(self, "valid_from", local_date(self.given_at))

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, for the ``terms`` column and the person's file."""
        plain: dict[str, Any] = json.loads(json.dumps(asdict(self), default=_json_default))
        return plain

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Terms:
        """Terms as stored by :meth:`to_json` (extra keys, like a withdrawal's note, are ignored)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["parties"] = tuple(Party(**p) for p in data["parties"])
        known["scope"] = Scope(**data["scope"])
        known["channels"] = tuple(data.get("channels", ()))
        return cls(**known)

    @property
    def starts_on(self) -> date:
        """The first day these terms hold: :attr:`valid_from`, which construction sets to the day consent was
        given when it is not given (so never ``None``; this property says so to the type checker)."""
        return self.valid_from if self.valid_from is not None else local_date(self.given_at)

    def in_force(self, on: date) -> bool:
        """Valid on ``on`` by its dates (inclusive)."""
        return self.starts_on <= on and (self.valid_until is None or on <= self.valid_until)


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return iso_moment(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


# --- normalising input ------------------------------------------------------------------------


def as_date(value: Any) -> date | None:
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


def as_moment(value: Any) -> datetime:
    """An aware UTC moment from a ``datetime`` (naive: local time) or an ISO string."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise ConsentError(_("This is not a date and time: {value}.").format(value=str(value)[:40]))
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError, OSError) as error:
        raise ConsentError(_("This is not a date and time: {value}.").format(value=str(value)[:40])) from error


def as_parties(value: Any) -> tuple[Party, ...]:
    """A tuple of :class:`Party`, or :class:`ConsentError`."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise malformed("parties")
    parties = tuple(value)
    if not all(isinstance(p, Party) and isinstance(p.name, str) and isinstance(p.role, str) for p in parties):
        raise malformed("parties")
    return parties


def as_channels(value: Any) -> tuple[str, ...]:
    """Channels without duplicates, in the order of :data:`CHANNELS` (unknown ones last, for the message)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise malformed("channels")
    given = set(value)
    if not all(isinstance(c, str) for c in given):
        raise malformed("channels")
    return tuple(c for c in CHANNELS if c in given) + tuple(sorted(given - set(CHANNELS)))
