"""Erasing a person (GDPR art. 17): their name, contact and photos go; the proof of consent stays.

:func:`erasure_plan` works out what would change, so the librarian reads
exactly what :func:`erase_person` then does (it refuses when the register no
longer matches the plan). The photos themselves are removed by
``composer.core.photos.removal``, imported only when erasing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.consent import clock
from composer.core.consent.clock import iso_moment
from composer.core.consent.events import histories
from composer.core.consent.people import get_person
from composer.core.consent.validation import check, check_author
from composer.core.consent.withdrawal import affected_drafts
from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.photos.removal import PhotoRemoval
    from composer.core.storage.store import Store


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
        def effect(plan: ErasurePlan) -> tuple[object, ...]:
            return plan.person_id, plan.photos.draft_photo_ids, plan.photos.doomed
        return effect(self) == effect(other)


def erasure_plan(store: Store, person_id: int) -> ErasurePlan:
    """What :func:`erase_person` would do to ``person_id``, without changing anything."""
    from composer.core.photos.removal import plan_removal

    person = get_person(store, person_id)
    check(not person.erased_at, _("This person was already erased."))
    removal = plan_removal(store, person_id)
    counts = {d.draft_id: d for d in removal.drafts}
    drafts = tuple(ErasedDraft(d.draft_id, d.first_line, d.in_trash, counts[d.draft_id].removed,
                               counts[d.draft_id].total)
                   for d in affected_drafts(store, person_id) if d.draft_id in counts)
    events = [e for record in histories(store, person_id).values() for e in record]
    evidence = {e.terms.evidence_hash for e in events} - {""}
    wanted, params = store.db.in_list(sorted(evidence), "text")
    stored = store.db.value(f"SELECT count(*) FROM evidence WHERE hash IN {wanted}", params)
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
    once the transaction has committed (``store.db.after_commit``). The
    consent records and their events stay, append-only, as the minimal proof the
    library must keep for possible claims (evidence files included); the date
    of birth stays because it shows who had to consent. ``confirm`` must be
    ``True``: this cannot be undone. With ``expected`` (the plan the librarian
    was shown) nothing is written when the register changed meanwhile.

    Runs as its own transaction: inside another one it raises ``RuntimeError``,
    since the files would go only when that one commits, too late to say which went.
    """
    from composer.core.photos.removal import delete_stored_files, remove_photos

    check_author(author)
    check(confirm is True, _("Erasing a person cannot be undone: confirm it first."))
    if store.db.in_transaction:
        raise RuntimeError("erase_person must be its own transaction: it says which files it deleted")
    get_person(store, person_id)
    stamp = iso_moment(clock.now())
    with store.atomic():
        plan = erasure_plan(store, person_id)
        check(expected is None or plan.same_effect(expected),
              _("What erasing would do has changed since you were asked (a photo was added, removed or linked "
                "meanwhile). Nothing was erased: read it again."))
        store.db.execute("UPDATE people SET name = ?, contact = '', erased_at = ? WHERE id = ?",
                         [f"Erased person #{person_id}", stamp, person_id])  # untranslated: shown as display_name
        files = remove_photos(store, plan.photos)
        store.db.execute("DELETE FROM photo_people WHERE person_id = ?", [person_id])
        left: list[Path] = []
        store.db.after_commit(lambda: left.extend(delete_stored_files(store, files)))
    return Erasure(person_id, f"Erased person #{person_id}", stamp, plan.drafts, plan,
                   tuple(f for f in files if f not in left), tuple(left))
