"""Photos in a post: alt text for every network, and consent for every person in them (``consent.md``).

Pure, like every rule: nothing here reads the database. The caller gathers,
once per check run and on the thread that owns the store,
``context.photos`` — a tuple of :class:`~composer.core.consent.PhotoFacts` in
the draft's order — and ``context.consent`` — a
:class:`~composer.core.consent.ConsentIndex` of the people in them on the check
date — with :func:`composer.core.consent.check_inputs`. Both are read with
safe defaults: no photos, no checks; people in photos but no index, a
blocking failure (no proof is no permission).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from functools import lru_cache
from typing import Any

import regex

from composer.core.checklist.engine import ALT_TEXT, PEOPLE, PRESENCE, Check, CheckContext, Status, rule
from composer.core.consent import ConsentIndex, PhotoFacts
from composer.core.drafts.draft import Draft
from composer.core.drafts.final_text import final_for, network_list
from composer.core.i18n import _, ngettext
from composer.core.networks.facts import network

GUIDELINE_ALT = "platforms"
GUIDELINE_CONSENT = "3"  # "posts with photos of people always do well, but only post them with permission"


def photos_of(context: CheckContext) -> tuple[PhotoFacts, ...]:
    """The draft's photo facts from the context (none when the caller gave none)."""
    return tuple(getattr(context, "photos", None) or ())


def consent_of(context: CheckContext) -> ConsentIndex | None:
    return getattr(context, "consent", None)


def _numbers(positions: list[int]) -> str:
    return ", ".join(str(n) for n in positions)


def _photos_label(positions: list[int]) -> str:
    """"photo 2" / "photos 2, 5", to say which photos a message is about."""
    return ngettext("photo {photos}", "photos {photos}", len(positions)).format(photos=_numbers(positions))


# --- alt text ---------------------------------------------------------------------------------


@rule("alt_text")
def alt_text(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Every photo described for people who cannot see it, within each network's alt-text limit.

    A missing description is the same for every network, so it is said once;
    a description too long is said for the networks whose limit it passes.
    """
    photos = photos_of(context)
    if not photos:
        return
    missing = [p.position for p in photos if not p.alt_text.strip()]
    if missing:
        yield Check("alt_text", Status.WARN, ngettext(
            "Photo {photos} has no alt text: describe it for people who cannot see it.",
            "Photos {photos} have no alt text: describe them for people who cannot see them.",
            len(missing)).format(photos=_numbers(missing)), GUIDELINE_ALT, photos=tuple(missing), asks=ALT_TEXT)
    too_long = [check for key in draft.networks for check in _too_long(key, photos)]
    yield from too_long
    if not missing and not too_long:
        yield Check("alt_text", Status.PASS, ngettext(
            "The photo has alt text.", "All {n} photos have alt text.", len(photos)).format(n=len(photos)),
            GUIDELINE_ALT)


def _too_long(key: str, photos: tuple[PhotoFacts, ...]) -> Iterator[Check]:
    facts = network(key)
    limit = facts.alt_text_limit
    too_long = [p.position for p in photos if limit is not None and len(p.alt_text) > limit]
    if too_long:
        yield Check("alt_text", Status.WARN, ngettext(
            "{network}: the alt text of photo {photos} is longer than {limit} characters.",
            "{network}: the alt texts of photos {photos} are longer than {limit} characters.",
            len(too_long)).format(network=facts.name, photos=_numbers(too_long), limit=limit), GUIDELINE_ALT, key,
            photos=tuple(too_long), asks=ALT_TEXT)


# --- consent ----------------------------------------------------------------------------------


@rule("consent")
def consent(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Nobody in a photo without a valid consent for the network, and nobody who refused, anywhere (consent.md).

    What holds for every chosen network (a refusal, an unanswered photo) is said
    once; what differs per network ("does not cover Instagram") is said per network.
    """
    photos = photos_of(context)
    if not photos:
        return
    index = consent_of(context)
    unanswered = [p.position for p in photos if p.presence is None]
    unlinked = [p.position for p in photos if p.presence == "people" and not p.people]
    if index is None and any(p.people for p in photos):
        yield Check("consent", Status.FAIL, _("The consent register was not consulted, so the people in the photos "
                                              "cannot be cleared."), GUIDELINE_CONSENT)
        return
    failing = yield from _consent_problems(draft, photos, index)
    if unanswered:
        yield Check("consent", Status.TODO, ngettext(
            "Who is in photo {photos}? Nobody recognisable, an atmosphere shot, or recognisable people.",
            "Who is in photos {photos}? Nobody recognisable, an atmosphere shot, or recognisable people.",
            len(unanswered)).format(photos=_numbers(unanswered)), GUIDELINE_CONSENT, photos=tuple(unanswered),
            asks=PRESENCE)
    if unlinked:
        yield Check("consent", Status.TODO, ngettext(
            "Photo {photos} shows recognisable people: link each of them to the consent register.",
            "Photos {photos} show recognisable people: link each of them to the consent register.",
            len(unlinked)).format(photos=_numbers(unlinked)), GUIDELINE_CONSENT, photos=tuple(unlinked),
            asks=PEOPLE)
    if index is not None:
        yield from named_without_consent(draft, context, photos, index)
    if not failing and not unanswered and not unlinked:
        yield _passed(photos)


def _consent_problems(draft: Draft, photos: tuple[PhotoFacts, ...],
                      index: ConsentIndex | None) -> Generator[Check, None, bool]:
    """Yield the failures, each once for all networks or once per network it concerns; return whether any."""
    if index is None:
        return False
    by_reason: dict[str, tuple[list[str], list[int], set[int]]] = {}
    for key in draft.networks:
        for reason, (positions, people) in _problems(key, photos, index).items():
            keys, _where, who = by_reason.setdefault(reason, ([], positions, set()))
            keys.append(key)
            who.update(people)
    for reason, (keys, positions, who) in by_reason.items():
        message = f"{reason.rstrip('.')} ({_photos_label(positions)})."
        about: dict[str, Any] = {"photos": tuple(positions), "people": tuple(sorted(who)), "asks": PEOPLE}
        if len(keys) == len(draft.networks):
            yield Check("consent", Status.FAIL, message, GUIDELINE_CONSENT, **about)
        else:
            for key in keys:
                yield Check("consent", Status.FAIL, message, GUIDELINE_CONSENT, key, **about)
    return bool(by_reason)


def _problems(key: str, photos: tuple[PhotoFacts, ...],
              index: ConsentIndex) -> dict[str, tuple[list[int], set[int]]]:
    """Why someone may not be shown on ``key``, with the photos and people concerned:
    ``{reason: ([positions], {person ids})}``."""
    found: dict[str, tuple[list[int], set[int]]] = {}
    for photo in photos:
        for person_id in photo.people:
            if index.refused(person_id) or photo.presence == "people":
                verdict = index.verdict(person_id, key, photo.photo_hash)
                if not verdict.ok:
                    positions, people = found.setdefault(verdict.reason, ([], set()))
                    if photo.position not in positions:
                        positions.append(photo.position)
                    people.add(person_id)
    return found


# --- names: a name in the caption or alt text makes someone recognisable (consent.md) ----------


NAME_PARTICLES = frozenset({"de", "den", "der", "van", "von", "ter", "ten", "het", "le", "la", "du", "da", "di",
                            "del", "della", "des", "dos", "el", "al", "bin", "ben", "'t"})
MIN_NAME_PART = 3  # "An", "Jo" alone are words and initials too often to count as naming someone


@lru_cache(maxsize=256)
def name_pattern(name: str, colleagues: tuple[str, ...] = ()) -> regex.Pattern | None:
    """Where ``name`` is written: the whole name in any case, or one part of it with its capital ("Claes",
    "Marie"), leaving out particles ("van", "De"), short parts, and a colleague's own name (a sign-off "^Els")."""
    words = name.split()
    if len(name.strip()) < MIN_NAME_PART or not words:
        return None
    whole = r"\s+".join(regex.escape(w) for w in words)
    skip = {c.strip().casefold() for c in colleagues}
    parts = [w for w in words if len(words) > 1 and len(w) >= MIN_NAME_PART and w[0].isupper() and w.isalpha()
             and w.casefold() not in NAME_PARTICLES and w.casefold() not in skip]
    if any(ch.isdigit() for ch in name):  # a pseudonym ("Person #7"): only written out whole
        parts = []
    alternatives = [f"(?i:{whole})"] + [regex.escape(w) for w in parts]
    return regex.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def named_without_consent(draft: Draft, context: CheckContext, photos: tuple[PhotoFacts, ...],
                          index: ConsentIndex) -> Iterator[Check]:
    """Block a name where the person's consent does not allow it, saying who and where (the text per network,
    the alt text per photo); the networks whose consent allows it are left out."""
    colleagues = tuple(getattr(context, "colleagues", ()) or ())
    people = dict.fromkeys(pid for photo in photos for pid in photo.people)
    for person_id in people:
        pattern = name_pattern(index.name(person_id), colleagues)
        if pattern is None:
            continue
        hashes = [p.photo_hash for p in photos if person_id in p.people]
        barred = [key for key in draft.networks
                  if not all(index.caption_allowed(person_id, key, h) for h in hashes)]
        if barred:
            yield from _names_in_texts(draft, context, index.name(person_id), pattern, barred, person_id)
            yield from _names_in_alt_texts(photos, index.name(person_id), pattern, barred, person_id)


def _names_in_texts(draft: Draft, context: CheckContext, person: str, pattern: regex.Pattern,
                    barred: list[str], person_id: int) -> Iterator[Check]:
    """Each text that names ``person`` on a ``barred`` network: the shared one once, an own version per network.

    What is searched is each network's final text, as export writes it (the
    sign-off included); the ranges point into what the author typed.
    """
    shared: list[str] = []
    shared_ranges: set[tuple[int, int]] = set()
    own: list[Check] = []
    for key in barred:
        final = final_for(draft, key, context.house_style)
        matches = [m.span() for m in pattern.finditer(final.text)]
        if not matches:
            continue
        ranges = final.typed_ranges(matches)
        if key in draft.network_texts:
            own.append(_named_in_text(person, person_id, [key], key, ranges))
        else:
            shared.append(key)
            shared_ranges.update(ranges)
    if shared:
        yield _named_in_text(person, person_id, shared, None, tuple(sorted(shared_ranges)))
    yield from own


def _named_in_text(person: str, person_id: int, keys: list[str], key: str | None,
                   ranges: tuple[tuple[int, int], ...]) -> Check:
    return Check("consent", Status.FAIL, _("{person} is named in the text for {networks}, but their consent does "
                                           "not allow their name there.").format(person=person,
                                                                                 networks=network_list(keys)),
                 GUIDELINE_CONSENT, key, ranges, people=(person_id,))


def _names_in_alt_texts(photos: tuple[PhotoFacts, ...], person: str, pattern: regex.Pattern,
                        barred: list[str], person_id: int) -> Iterator[Check]:
    """The photos whose alt text names ``person``: alt text goes with the photo to every network."""
    naming = [p.position for p in photos if pattern.search(p.alt_text)]
    if naming:
        yield Check("consent", Status.FAIL, ngettext(
            "{person} is named in the alt text of photo {photos} for {networks}, but their consent does not allow "
            "their name there.",
            "{person} is named in the alt texts of photos {photos} for {networks}, but their consent does not "
            "allow their name there.", len(naming)).format(person=person, photos=_numbers(naming),
                                                          networks=network_list(barred)), GUIDELINE_CONSENT,
            photos=tuple(naming), people=(person_id,), asks=ALT_TEXT)


def _passed(photos: tuple[PhotoFacts, ...]) -> Check:
    if any(p.presence == "people" for p in photos):
        message = _("Everyone recognisable in the photos consented.")
    else:
        message = _("Nobody in the photos needs to consent.")
    return Check("consent", Status.PASS, message, GUIDELINE_CONSENT)
