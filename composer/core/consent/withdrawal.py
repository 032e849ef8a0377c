"""Withdrawing consent (GDPR art. 7(3)) in one action, and what must then be taken down.

A withdrawal is an event like any other (see ``records.py``); what makes it
its own feature is what follows from it: the drafts that use the person's
photos are flagged "Consent withdrawn", and the publication log says where
those photos went (art. 17, 19): in the same transaction, one takedown per
publication and person goes on the list of takedowns to do
(``core/planning/takedowns.py``), which records when each was done and by whom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from composer.core.consent import clock
from composer.core.consent.events import RecordState, latest, person_state
from composer.core.consent.people import get_person
from composer.core.consent.records import check_change, insert_event
from composer.core.consent.terms import RECEIVED_HOW, ConsentError, as_moment
from composer.core.consent.validation import check, check_author, check_text
from composer.core.drafts.draft import first_line
from composer.core.i18n import _
from composer.core.planning.takedowns import create_takedowns

if TYPE_CHECKING:
    from composer.core.storage.store import Store


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
    """Where a draft's photos went (from the ``publications`` log): a takedown task."""

    draft_id: int
    network: str
    published_at: str
    link: str


@dataclass(frozen=True)
class Withdrawal:
    """What one withdrawal did, and what must now be taken down.

    ``consent_ended`` is ``False`` when only a refusal was withdrawn: the
    person no longer refuses, nothing is flagged and nothing needs taking down.
    ``still_allowed``: the channels another consent still allows today.
    """

    person_id: int
    record_ids: tuple[int, ...]
    event_ids: tuple[int, ...]
    drafts: tuple[AffectedDraft, ...]
    publications: tuple[Publication, ...]
    consent_ended: bool = True
    still_allowed: tuple[str, ...] = ()
    takedowns: int = 0  # takedowns this withdrawal put on the list (none twice for one post and person)


def affected_drafts(store: Store, person_id: int) -> tuple[AffectedDraft, ...]:
    """Drafts (in the trash too) using a photo ``person_id`` is linked in."""
    rows = store.db.all(
        "SELECT DISTINCT d.id, d.text, d.status, d.deleted_at, dp.photo_hash"
        " FROM photo_people pp JOIN draft_photos dp ON dp.photo_hash = pp.photo_hash"
        " JOIN drafts d ON d.id = dp.draft_id WHERE pp.person_id = ? ORDER BY d.id",
        [person_id])
    drafts: dict[int, tuple[str, str, bool]] = {}
    hashes: dict[int, set[str]] = {}
    for id_, text, status, deleted, photo_hash in rows:
        drafts[id_] = (text, status, deleted is not None)
        hashes.setdefault(id_, set()).add(photo_hash)
    return tuple(AffectedDraft(id_, first_line(text), status, in_trash, tuple(sorted(hashes[id_])))
                 for id_, (text, status, in_trash) in drafts.items())


def publications(store: Store, draft_ids: Iterable[int]) -> tuple[Publication, ...]:
    """Where these drafts were published, from the publication log."""
    wanted, params = store.db.in_list(sorted(set(draft_ids)), "bigint")
    rows = store.db.all("SELECT draft_id, network, published_at, link FROM publications"
                        f" WHERE draft_id IN {wanted} ORDER BY published_at, draft_id", params)
    return tuple(Publication(*row) for row in rows)


def _withdrawable(store: Store, record_id: int | None, person_id: int | None) -> tuple[int, list[RecordState]]:
    """The person and the records a withdrawal ends: one record, or every live consent of a person."""
    if record_id is not None and person_id is None:
        state, person = latest(store, record_id)
        check(state.status != "withdrawn", _("This consent was already withdrawn."))
        return person.id, [state]
    if person_id is None or record_id is not None:
        raise ConsentError(_("Withdraw either one record or a person's consent."))
    person = get_person(store, person_id)
    live = [r for r in person_state(store, person.id, clock.FAR_FUTURE).records if r.status == "granted"]
    check(bool(live), _("{person} has no consent to withdraw.").format(person=person.display_name))
    return person.id, live


def withdraw(store: Store, *, record_id: int | None = None, person_id: int | None = None,
             effective_at: datetime | None = None, received_how: str, author: str, note: str = "") -> Withdrawal:
    """Withdraw one record, or every consent of a person, in one action (art. 7(3)).

    Withdrawing a refusal record means the person no longer refuses: no draft
    is flagged and nothing is to be taken down. Withdrawing a consent returns
    the drafts with their photos (flagged "Consent withdrawn" in the drafts
    list) and where their photos were published (the publication log), so
    they can be taken down (art. 17, 19); each such post and every post whose
    photos showed the person becomes a takedown to do, in the same transaction.
    """
    check_author(author)
    check(received_how in RECEIVED_HOW, _("Say how the withdrawal was received."))
    check_text(note)
    who, records = _withdrawable(store, record_id, person_id)
    moment = as_moment(effective_at or clock.now())
    for state in records:
        check_change(state, get_person(store, who), moment)
    ended = any(r.kind == "granted" for r in records)
    drafts = affected_drafts(store, who) if ended else ()
    with store.atomic():
        events = tuple(insert_event(store, r.record_id, "withdrawn", moment, author, r.current_terms,
                                    {"received_how": received_how, "note": note}) for r in records)
        for draft in drafts:  # flagged in the drafts list at once
            store.db.execute("UPDATE drafts SET status = 'consent_withdrawn' WHERE id = ?", [draft.draft_id])
        takedowns = create_takedowns(store, who, [d.draft_id for d in drafts]) if ended else 0
    allowed = person_state(store, who).channels(clock.today()) if ended else ()
    return Withdrawal(who, tuple(r.record_id for r in records), events, drafts,
                      publications(store, [d.draft_id for d in drafts]), ended, allowed, takedowns)
