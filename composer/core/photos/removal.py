"""Removing stored photos for good: a person's photos when they are erased, and photos no draft uses.

The database changes and the files are deleted in two steps, so a transaction
that rolls back never leaves a row without its file: :func:`remove_photos`
changes rows inside the caller's transaction and returns the files that became
unused; :func:`delete_stored_files` deletes them once that transaction has
committed (``store.db.after_commit``; it refuses to run inside one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.photos.library import PHOTO_COLUMNS, Photo, detach_photo, photo_path

if TYPE_CHECKING:
    from composer.core.storage.store import Store


@dataclass(frozen=True)
class DraftRemoval:
    """One draft that loses photos: how many of its photos leave, out of how many it has."""

    draft_id: int
    removed: int
    total: int


@dataclass(frozen=True)
class PhotoRemoval:
    """What taking a person's photos out of the drafts does: the one description both the
    confirmation and the removal itself are made from.

    ``draft_photo_ids``: every use of a stored photo the person is linked in
    (people belong to the stored photo, so every draft using it shows them),
    which leave their drafts; ``drafts``: per draft, how many leave;
    ``deleted``: the stored photos the person is linked in (row and file
    deleted for good, whether a draft used them or not); ``unused``: other
    stored photos no draft uses, deleted too because nobody said who is in them
    (not answered, or "recognisable people" with nobody linked): the person
    may be in them. Unused photos whose people are known stay.
    """

    person_id: int
    draft_photo_ids: tuple[int, ...] = ()
    drafts: tuple[DraftRemoval, ...] = ()
    deleted: tuple[Photo, ...] = ()
    unused: tuple[Photo, ...] = ()

    @property
    def doomed(self) -> tuple[Photo, ...]:
        """Every stored photo whose row and file go."""
        return self.deleted + self.unused


def unused_photos(store: Store) -> tuple[Photo, ...]:
    """Stored photos that no draft uses (in the trash or not), oldest import first."""
    rows = store.db.all(f"SELECT {PHOTO_COLUMNS} FROM photos WHERE hash NOT IN"
                        " (SELECT photo_hash FROM draft_photos) ORDER BY imported_at, hash")
    return tuple(Photo(*row) for row in rows)


def _unknown_unused(store: Store, person_id: int) -> tuple[Photo, ...]:
    """Unused stored photos, not linked to ``person_id``, of which nobody said who is in them."""
    rows = store.db.all(
        f"SELECT {PHOTO_COLUMNS} FROM photos p WHERE hash NOT IN (SELECT photo_hash FROM draft_photos)"
        " AND hash NOT IN (SELECT photo_hash FROM photo_people WHERE person_id = ?)"
        " AND (presence IS NULL OR (presence = 'people'"
        " AND NOT EXISTS (SELECT 1 FROM photo_people pp WHERE pp.photo_hash = p.hash)))"
        " ORDER BY imported_at, hash", [person_id])
    return tuple(Photo(*row) for row in rows)


def plan_removal(store: Store, person_id: int) -> PhotoRemoval:
    """What :func:`remove_photos` would do to take ``person_id``'s photos out, and the unused photos nobody
    described with them (nothing is changed)."""
    linked = [row[0] for row in store.db.all(
        "SELECT dp.id FROM draft_photos dp JOIN photo_people pp ON pp.photo_hash = dp.photo_hash"
        " WHERE pp.person_id = ? ORDER BY dp.draft_id, dp.position, dp.id", [person_id])]
    chosen, params = store.db.in_list(linked, "bigint")
    drafts = tuple(DraftRemoval(*row) for row in store.db.all(
        f"SELECT draft_id, sum(CASE WHEN id IN {chosen} THEN 1 ELSE 0 END), count(*) FROM draft_photos"
        f" WHERE draft_id IN (SELECT draft_id FROM draft_photos WHERE id IN {chosen})"
        " GROUP BY draft_id ORDER BY draft_id", [*params, *params]))
    columns = ", ".join(f"p.{column.strip()}" for column in PHOTO_COLUMNS.split(","))
    deleted = tuple(Photo(*row) for row in store.db.all(
        f"SELECT {columns} FROM photos p JOIN photo_people pp ON pp.photo_hash = p.hash"
        " WHERE pp.person_id = ? ORDER BY p.imported_at, p.hash", [person_id]))
    return PhotoRemoval(person_id, tuple(linked), drafts, deleted, _unknown_unused(store, person_id))


def remove_photos(store: Store, removal: PhotoRemoval) -> tuple[Path, ...]:
    """Take the photos of ``removal`` out of their drafts and delete the rows of the stored photos it names.

    Runs inside the caller's transaction and deletes no file: it returns the
    stored files that are now unused, for :func:`delete_stored_files` once the
    outermost transaction has committed (a rollback brings rows back, never a
    deleted file). ``ValueError`` if a photo to delete is still used by a draft:
    the plan no longer holds.
    """
    files = []
    with store.atomic():
        for draft_photo_id in removal.draft_photo_ids:
            detach_photo(store, draft_photo_id)
        for photo in removal.doomed:
            if store.db.one("SELECT 1 FROM draft_photos WHERE photo_hash = ? LIMIT 1", [photo.hash]):
                raise ValueError(f"photo {photo.hash} is still used by a draft")
            store.db.execute("DELETE FROM photos WHERE hash = ?", [photo.hash])
            files.append(photo_path(store, photo))
    return tuple(files)


def delete_stored_files(store: Store, files: Iterable[Path]) -> tuple[Path, ...]:
    """Delete stored photo files whose rows are gone; the files that could not be deleted.

    Call it after the transaction that deleted the rows has committed (from
    ``store.db.after_commit``): inside a transaction it raises ``RuntimeError``,
    since a rollback could not bring a deleted file back. A file whose photo is
    stored again meanwhile is kept.
    """
    if store.db.in_transaction:
        raise RuntimeError("stored files are deleted only after the transaction that forgot them has committed")
    failed = []
    for path in files:
        path = Path(path)
        if store.db.one("SELECT 1 FROM photos WHERE hash = ?", [path.stem]):
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError:
            failed.append(path)
            continue
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty
    return tuple(failed)


def forget_unused_photos(store: Store) -> tuple[Path, ...]:
    """Delete the stored photos no draft uses (rows, then files once committed); the files that could not go.

    For after emptying the trash, or when no Undo can bring a removed photo back.
    Runs as its own transaction (``RuntimeError`` inside another one), so it can say which files stayed.
    """
    if store.db.in_transaction:
        raise RuntimeError("forget_unused_photos commits its own transaction before deleting files")
    left: list[Path] = []
    with store.atomic():
        files = remove_photos(store, PhotoRemoval(0, unused=unused_photos(store)))
        store.db.after_commit(lambda: left.extend(delete_stored_files(store, files)))
    return tuple(left)
