"""What the photo checks need: a draft's photo facts and a consent index of the people in them.

Both are plain picklable data, gathered once on the thread that owns the
store (:func:`check_inputs`), so the checks (``checklist/photo_rules.py``)
need no database and can run in the checker's process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from composer.core.consent import clock
from composer.core.consent.clock import end_of_day, local_date
from composer.core.consent.events import PersonState, person_states
from composer.core.consent.people import get_person
from composer.core.consent.terms import CHANNELS, as_date, channel_label
from composer.core.consent.validation import check
from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.storage.store import Store


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
        return person is not None and any(g.name_in_caption and channel in g.channels and g.in_force(self.on)
                                          for g in self._fitting(person, photo_hash))


def _person_consent(state: PersonState, on: date) -> PersonConsent:
    grants: list[Grant] = []
    refusal: int | None = None
    withdrawn: date | None = None
    for record in state.records:
        terms = record.terms
        if record.status == "refused" and record.in_force(on):
            refusal = refusal or record.record_id
        elif record.status == "granted" and terms is not None and terms.publish:
            hash_ = terms.scope.photo_hash if terms.scope.kind == "this_photo" else ""
            grants.append(Grant(record.record_id, frozenset(terms.channels), hash_, terms.starts_on,
                                terms.valid_until, terms.name_in_caption))
        elif record.status == "withdrawn" and record.kind == "granted" and record.withdrawn_at is not None:
            day = local_date(record.withdrawn_at)
            withdrawn = max(withdrawn, day) if withdrawn else day
    return PersonConsent(state.person.id, state.person.display_name, refusal is not None, refusal, tuple(grants),
                         withdrawn)


def consent_index(store: Store, person_ids: Iterable[int], on: date | None = None) -> ConsentIndex:
    """The consent facts of ``person_ids`` on ``on`` (default today), in two queries.

    Events effective any time that day count, so a withdrawal received this
    afternoon already blocks this morning's export check.
    """
    on = as_date(on) or clock.today()
    states = person_states(store, person_ids, end_of_day(on))
    return ConsentIndex(on, tuple(_person_consent(states[pid], on) for pid in sorted(states)))


def photo_facts(store: Store, draft_id: int) -> tuple[PhotoFacts, ...]:
    """The draft's photos in order, with alt text, and "who is in it" and the linked people of each stored
    photo, whichever draft they were said in (two queries)."""
    rows = store.db.all("SELECT dp.photo_hash, dp.alt_text, p.presence FROM draft_photos dp"
                        " JOIN photos p ON p.hash = dp.photo_hash WHERE dp.draft_id = ?"
                        " ORDER BY dp.position, dp.id", [draft_id])
    linked: dict[str, list[int]] = {}
    for photo_hash, person_id in store.db.all(
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
    check(channel in CHANNELS, _("Unknown channel: {channel}.").format(channel=str(channel)[:40]))
    return consent_index(store, [person_id], on).verdict(person_id, channel, photo_hash)
