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

from dataclasses import replace

from collections.abc import Iterator

import regex

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.consent import ConsentIndex, PhotoFacts
from composer.core.drafts import Draft
from composer.core.i18n import _, ngettext
from composer.core.platforms import network

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
            len(missing)).format(photos=_numbers(missing)), GUIDELINE_ALT)
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
            len(too_long)).format(network=facts.name, photos=_numbers(too_long), limit=limit), GUIDELINE_ALT, key)


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
            len(unanswered)).format(photos=_numbers(unanswered)), GUIDELINE_CONSENT)
    if unlinked:
        yield Check("consent", Status.TODO, ngettext(
            "Photo {photos} shows recognisable people: link each of them to the consent register.",
            "Photos {photos} show recognisable people: link each of them to the consent register.",
            len(unlinked)).format(photos=_numbers(unlinked)), GUIDELINE_CONSENT)
    if index is not None and not failing:
        named = {c.message: c for key in draft.networks for c in _named_without_consent(key, draft.text_for(key),
                                                                                         photos, index)}
        yield from (replace(c, network=None) for c in named.values())
    if not failing and not unanswered and not unlinked:
        yield _passed(photos)


def _consent_problems(draft: Draft, photos: tuple[PhotoFacts, ...], index: ConsentIndex | None):
    """Yield the failures, each once for all networks or once per network it concerns; return whether any."""
    if index is None:
        return False
    by_reason: dict[str, tuple[list[str], list[int]]] = {}
    for key in draft.networks:
        for reason, positions in _problems(key, photos, index).items():
            keys, where = by_reason.setdefault(reason, ([], positions))
            keys.append(key)
    for reason, (keys, positions) in by_reason.items():
        message = f"{reason.rstrip('.')} ({_photos_label(positions)})."
        if len(keys) == len(draft.networks):
            yield Check("consent", Status.FAIL, message, GUIDELINE_CONSENT)
        else:
            for key in keys:
                yield Check("consent", Status.FAIL, message, GUIDELINE_CONSENT, key)
    return bool(by_reason)


def _problems(key: str, photos: tuple[PhotoFacts, ...], index: ConsentIndex) -> dict[str, list[int]]:
    """Why someone may not be shown on ``key``, with the photos concerned: ``{reason: [positions]}``."""
    found: dict[str, list[int]] = {}
    for photo in photos:
        for person_id in photo.people:
            if index.refused(person_id) or photo.presence == "people":
                verdict = index.verdict(person_id, key, photo.photo_hash)
                if not verdict.ok:
                    found.setdefault(verdict.reason, []).append(photo.position)
    return found


def _named_without_consent(key: str, text: str, photos: tuple[PhotoFacts, ...], index: ConsentIndex) -> Iterator[Check]:
    """A name in the caption makes someone recognisable: only when their consent allows it."""
    warned = set()
    for photo in photos:
        for person_id in photo.people:
            name = index.name(person_id)
            if person_id in warned or len(name) < 3 or index.caption_allowed(person_id, key, photo.photo_hash):
                continue
            if regex.search(rf"(?<!\w){regex.escape(name)}(?!\w)", text, regex.IGNORECASE):
                warned.add(person_id)
                yield Check("consent", Status.WARN, _("{person} is named in the text, but their consent does not "
                                                      "allow a name in the caption.").format(person=name),
                            GUIDELINE_CONSENT, key)


def _passed(photos: tuple[PhotoFacts, ...]) -> Check:
    if any(p.presence == "people" for p in photos):
        message = _("Everyone recognisable in the photos consented.")
    else:
        message = _("Nobody in the photos needs to consent.")
    return Check("consent", Status.PASS, message, GUIDELINE_CONSENT)
