"""Photos in drafts: importing a copy into the data folder, and what each draft says about its photos.

A photo is stored once, by the sha256 of its bytes, as
``photos/<hash[:2]>/<hash>.<ext>`` in the data folder, so a draft keeps
working when the original file moves. Who is in it (``presence``) and the
people linked to it, each with a description of where they are, belong to the
stored photo: the same file brings them into every draft that uses it, also
after it was taken out of one. Per use in a draft: its position, alt text and
crops. People themselves belong to the consent register; nothing here
recognises faces.

Pillow is imported only when an image is read (see :mod:`composer.core.photos.images`),
so the window can import this module at start-up for free.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.store import Store, now

if TYPE_CHECKING:
    from composer.core.photos.images import ImageInfo, PhotoError, Thumbnail, thumbnail  # noqa: F401

#: Answers to "who is in it?"; ``None`` means not answered yet.
PRESENCES: tuple[str, ...] = ("nobody", "atmosphere", "people")
PHOTOS_FOLDER = "photos"
_FROM_IMAGES = ("PhotoError", "thumbnail", "ImageInfo", "Thumbnail", "MAX_FILE_BYTES")


def __getattr__(name: str):
    """``PhotoError``, ``thumbnail`` and friends live in :mod:`composer.core.photos.images`, loaded on first use."""
    if name in _FROM_IMAGES:
        from composer.core.photos import images

        return getattr(images, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Photo:
    """One stored photo: a row of ``photos``. ``width``/``height`` are as shown, after EXIF rotation."""

    hash: str
    ext: str
    format: str
    width: int
    height: int
    original_name: str = ""
    imported_at: str = ""
    imported_by: str = ""


@dataclass(frozen=True)
class PhotoPerson:
    """A person of the register seen in a photo, and where ("red coat, second from left")."""

    person_id: int
    description: str = ""


@dataclass(frozen=True)
class DraftPhoto:
    """A photo as used in one draft: position (from 0) and alt text, with the stored photo's answer to
    "who is in it?" and its people."""

    id: int
    photo: Photo
    position: int
    alt_text: str = ""
    presence: str | None = None
    people: tuple[PhotoPerson, ...] = ()


@dataclass(frozen=True)
class PreparedPhoto:
    """Checked image bytes, ready for :func:`store_photo`; making one touches no store."""

    data: bytes
    hash: str
    info: ImageInfo
    original_name: str


# --- storing photos ---------------------------------------------------------------

class _Explained(KeyError):
    """A ``KeyError`` (what callers catch) whose text is a translated sentence to show as is."""

    def __str__(self) -> str:
        return str(self.args[0])


class ErasedPerson(_Explained):
    """The person was erased from the register (GDPR art. 17): they can be linked to no photo again."""


class PhotoGone(_Explained):
    """The stored photo was deleted (no draft used it any more): nothing can use it again."""


def data_dir_of(store_or_data_dir: Store | str | os.PathLike) -> Path:
    """The data folder: the one holding the database, or the folder given."""
    if isinstance(store_or_data_dir, Store):
        return store_or_data_dir.path.parent
    return Path(store_or_data_dir)


def photo_path(store_or_data_dir: Store | str | os.PathLike, photo: Photo) -> Path:
    """Where the stored copy of ``photo`` is."""
    return data_dir_of(store_or_data_dir) / PHOTOS_FOLDER / photo.hash[:2] / f"{photo.hash}.{photo.ext}"


def prepare_photo(path_or_bytes: str | os.PathLike | bytes, original_name: str = "") -> PreparedPhoto:
    """Read and check an image without touching the store (thread-safe: run it in a worker).

    Raises :class:`PhotoError` with a message for the user on anything that is
    not an accepted, complete image.
    """
    from composer.core.photos.images import inspect

    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        original_name = original_name or path.name
        data = _read(path)
    _check_file_size(len(data))
    info = inspect(data)
    return PreparedPhoto(data, hashlib.sha256(data).hexdigest(), info, original_name)


def _read(path: Path) -> bytes:
    """The bytes of a regular file no bigger than the limit (a folder, pipe or device is refused unread)."""
    from composer.core.storage.files import FileProblem, read_regular
    from composer.core.photos.images import MAX_FILE_BYTES, PhotoError

    try:
        return read_regular(path, MAX_FILE_BYTES)
    except FileProblem as problem:
        if problem.kind == "too_big":
            _check_file_size(path.stat().st_size)
        raise PhotoError(_("The file could not be read: {reason}").format(reason=problem), "unreadable",
                         problem.detail or str(path)) from problem


def _check_file_size(size: int) -> None:
    from composer.core.photos.images import MAX_FILE_BYTES, PhotoError

    if size > MAX_FILE_BYTES:
        raise PhotoError(_("This file is too big ({size} MB): at most {limit} MB is accepted.").format(
            size=size // 1_000_000, limit=MAX_FILE_BYTES // 1_000_000), "too_big")


def store_photo(store: Store, prepared: PreparedPhoto, author: str = "") -> Photo:
    """Copy ``prepared`` into the data folder and record it; the same bytes are stored once.

    The file is written under a temporary name and renamed, so it is whole or
    absent; if the row cannot be written, a file written here is removed again.
    """
    try:
        existing = get_photo(store, prepared.hash)
    except KeyError:
        existing = None
    info = prepared.info
    photo = existing or Photo(prepared.hash, info.ext, info.format, info.width, info.height,
                              prepared.original_name, now(), author)
    target = photo_path(store, photo)
    written = _write_once(target, prepared.data)
    if existing:
        return existing
    try:
        with store.atomic():
            store.execute(
                "INSERT INTO photos (hash, ext, format, width, height, original_name, imported_at, imported_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING",
                [photo.hash, photo.ext, photo.format, photo.width, photo.height, photo.original_name,
                 photo.imported_at, photo.imported_by])
    except BaseException:
        if written:
            _remove(target)
        raise
    return get_photo(store, photo.hash)  # another import of the same bytes may have won


def import_photo(store: Store, path_or_bytes: str | os.PathLike | bytes, original_name: str = "",
                 author: str = "") -> Photo:
    """Check an image, copy it into the data folder and record it; the same bytes give the same photo.

    On :class:`PhotoError` (or any failure) nothing is left behind: no file, no row.
    """
    return store_photo(store, prepare_photo(path_or_bytes, original_name), author)


def get_photo(store: Store, photo_hash: str) -> Photo:
    """The stored photo with ``photo_hash``; ``KeyError`` if there is none."""
    row = store.execute(f"SELECT {_PHOTO_COLUMNS} FROM photos WHERE hash = ?", [photo_hash]).fetchone()
    if row is None:
        raise KeyError(photo_hash)
    return Photo(*row)


_PHOTO_COLUMNS = "hash, ext, format, width, height, original_name, imported_at, imported_by"


def _write_once(target: Path, data: bytes) -> bool:
    """Put ``data`` at ``target`` atomically unless an identical-size copy is there; whether it wrote.

    Something else at ``target`` (a folder, a link: the data folder holds neither) is set aside first.
    """
    try:
        seen = target.lstat()
        if stat.S_ISREG(seen.st_mode) and seen.st_size == len(data):
            return False
        if not stat.S_ISREG(seen.st_mode):
            target.rename(target.with_name(f"{target.name}.not-a-photo-{os.getpid()}"))
    except FileNotFoundError:
        pass
    made_folder = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".importing-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        _remove(Path(temporary))
        if made_folder:
            with contextlib.suppress(OSError):
                target.parent.rmdir()
        raise
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # only when empty


def photo_thumbnail(store_or_data_dir: Store | str | os.PathLike, photo: Photo,
                    size: tuple[int, int] = (256, 256)) -> Thumbnail:
    """The thumbnail of a stored photo (thread-safe); a placeholder with a reason if its file is gone."""
    from composer.core.photos.images import thumbnail

    return thumbnail(photo_path(store_or_data_dir, photo), size)


# --- photos in a draft ---------------------------------------------------------------

def draft_photos(store: Store, draft_id: int) -> list[DraftPhoto]:
    """The photos of a draft in order, with their alt text and the stored photos' presence and people."""
    rows = store.execute(
        f"SELECT dp.id, dp.position, dp.alt_text, p.presence, {_prefixed('p.')}"
        " FROM draft_photos dp JOIN photos p ON p.hash = dp.photo_hash"
        " WHERE dp.draft_id = ? ORDER BY dp.position, dp.id", [draft_id]).fetchall()
    people: dict[str, list[PhotoPerson]] = {}
    for photo_hash, person_id, description in store.execute(
            "SELECT pp.photo_hash, pp.person_id, pp.description FROM photo_people pp"
            " WHERE pp.photo_hash IN (SELECT photo_hash FROM draft_photos WHERE draft_id = ?) ORDER BY pp.id",
            [draft_id]):
        people.setdefault(photo_hash, []).append(PhotoPerson(person_id, description))
    return [DraftPhoto(id_, Photo(*photo), position, alt, presence, tuple(people.get(photo[0], ())))
            for id_, position, alt, presence, *photo in rows]


def photo_people(store: Store, photo: Photo | str) -> tuple[str | None, tuple[PhotoPerson, ...]]:
    """Who is in a stored photo, whichever draft uses it (or none): the answer and the people linked."""
    photo_hash = photo.hash if isinstance(photo, Photo) else photo
    row = store.execute("SELECT presence FROM photos WHERE hash = ?", [photo_hash]).fetchone()
    if row is None:
        raise KeyError(photo_hash)
    people = tuple(PhotoPerson(*link) for link in store.execute(
        "SELECT person_id, description FROM photo_people WHERE photo_hash = ? ORDER BY id", [photo_hash]))
    return row[0], people


def get_draft_photo(store: Store, draft_photo_id: int) -> DraftPhoto:
    """One photo of a draft; ``KeyError`` if there is none with ``draft_photo_id``."""
    for item in draft_photos(store, _draft_of(store, draft_photo_id)):
        if item.id == draft_photo_id:
            return item
    raise KeyError(draft_photo_id)


def photos_for_consent(store: Store, person_id: int, limit: int) -> list[tuple[Photo, bool]]:
    """Stored photos a one-photo consent can name, each with whether ``person_id`` is linked in it:
    theirs first, then the photos drafts took up most recently."""
    rows = store.execute(
        f"SELECT {_prefixed('p.')},"
        " EXISTS (SELECT 1 FROM photo_people pp WHERE pp.photo_hash = p.hash AND pp.person_id = ?) AS theirs,"
        " (SELECT max(dp.id) FROM draft_photos dp WHERE dp.photo_hash = p.hash) AS latest"
        " FROM photos p WHERE theirs OR latest IS NOT NULL ORDER BY theirs DESC, latest DESC LIMIT ?",
        [person_id, limit]).fetchall()
    return [(Photo(*row[:-2]), bool(row[-2])) for row in rows]


def attach_photo(store: Store, draft_id: int, photo: Photo | str, position: int | None = None) -> DraftPhoto:
    """Add a stored photo to a draft at ``position`` (default: last); later photos move up one.

    The same photo may appear twice (each use has its own alt text); who is in
    it comes along, as the stored photo says (see :func:`photo_people`). ``KeyError``
    for an unknown draft, :class:`PhotoGone` (a ``KeyError`` to show as is) for a
    photo no longer stored (an Undo after its file was deleted).
    """
    photo_hash = photo.hash if isinstance(photo, Photo) else photo
    try:
        get_photo(store, photo_hash)
    except KeyError:
        raise PhotoGone(_("This photo is no longer in the data folder: it was deleted once no draft used it any "
                          "more.")) from None
    if store.execute("SELECT 1 FROM drafts WHERE id = ?", [draft_id]).fetchone() is None:
        raise KeyError(draft_id)
    with store.atomic():
        order = _order(store, draft_id)
        cursor = store.execute("INSERT INTO draft_photos (draft_id, photo_hash, position) VALUES (?, ?, ?)",
                               [draft_id, photo_hash, len(order)])
        new_id = cursor.lastrowid
        at = len(order) if position is None else min(max(position, 0), len(order))
        order.insert(at, new_id)
        _renumber(store, order)
    return get_draft_photo(store, new_id)


def detach_photo(store: Store, draft_photo_id: int) -> None:
    """Take a photo out of its draft (its alt text and crops go with it).

    The stored photo stays, with who is in it, for other drafts and for the
    same file added again later.
    """
    draft_id = _draft_of(store, draft_photo_id)
    with store.atomic():
        store.execute("DELETE FROM draft_photos WHERE id = ?", [draft_photo_id])
        _renumber(store, _order(store, draft_id))


# --- removing photos for good (erasure) ---------------------------------------------------------
#
# The database changes and the files are deleted in two steps, so a transaction
# that rolls back never leaves a row without its file: :func:`remove_photos`
# changes rows inside the caller's transaction and returns the files that became
# unused; :func:`delete_stored_files` deletes them once that transaction has
# committed (it refuses to run inside one).


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
    rows = store.execute(f"SELECT {_PHOTO_COLUMNS} FROM photos WHERE hash NOT IN"
                         " (SELECT photo_hash FROM draft_photos) ORDER BY imported_at, hash").fetchall()
    return tuple(Photo(*row) for row in rows)


def _unknown_unused(store: Store, person_id: int) -> tuple[Photo, ...]:
    """Unused stored photos, not linked to ``person_id``, of which nobody said who is in them."""
    rows = store.execute(
        f"SELECT {_PHOTO_COLUMNS} FROM photos p WHERE hash NOT IN (SELECT photo_hash FROM draft_photos)"
        " AND hash NOT IN (SELECT photo_hash FROM photo_people WHERE person_id = ?)"
        " AND (presence IS NULL OR (presence = 'people'"
        " AND NOT EXISTS (SELECT 1 FROM photo_people pp WHERE pp.photo_hash = p.hash)))"
        " ORDER BY imported_at, hash", [person_id]).fetchall()
    return tuple(Photo(*row) for row in rows)


def plan_removal(store: Store, person_id: int) -> PhotoRemoval:
    """What :func:`remove_photos` would do to take ``person_id``'s photos out, and the unused photos nobody
    described with them (nothing is changed)."""
    linked = [row[0] for row in store.execute(
        "SELECT dp.id FROM draft_photos dp JOIN photo_people pp ON pp.photo_hash = dp.photo_hash"
        " WHERE pp.person_id = ? ORDER BY dp.draft_id, dp.position, dp.id", [person_id])]
    chosen = json.dumps(linked)
    drafts = tuple(DraftRemoval(*row) for row in store.execute(
        "SELECT draft_id, sum(id IN (SELECT value FROM json_each(?))), count(*) FROM draft_photos"
        " WHERE draft_id IN (SELECT draft_id FROM draft_photos WHERE id IN (SELECT value FROM json_each(?)))"
        " GROUP BY draft_id ORDER BY draft_id", [chosen, chosen]))
    deleted = tuple(Photo(*row) for row in store.execute(
        f"SELECT {_prefixed('p.')} FROM photos p JOIN photo_people pp ON pp.photo_hash = p.hash"
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
            if store.execute("SELECT 1 FROM draft_photos WHERE photo_hash = ? LIMIT 1", [photo.hash]).fetchone():
                raise ValueError(f"photo {photo.hash} is still used by a draft")
            store.execute("DELETE FROM photos WHERE hash = ?", [photo.hash])
            files.append(photo_path(store, photo))
    return tuple(files)


def delete_stored_files(store: Store, files: Iterable[Path]) -> tuple[Path, ...]:
    """Delete stored photo files whose rows are gone; the files that could not be deleted.

    Call it after the transaction that deleted the rows has committed:
    inside a transaction it raises ``RuntimeError``, since a rollback could not
    bring a deleted file back. A file whose photo is stored again meanwhile is kept.
    """
    if store.conn.in_transaction:
        raise RuntimeError("stored files are deleted only after the transaction that forgot them has committed")
    failed = []
    for path in files:
        path = Path(path)
        if store.execute("SELECT 1 FROM photos WHERE hash = ?", [path.stem]).fetchone():
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
    """
    if store.conn.in_transaction:
        raise RuntimeError("forget_unused_photos commits its own transaction before deleting files")
    with store.atomic():
        files = remove_photos(store, PhotoRemoval(0, unused=unused_photos(store)))
    return delete_stored_files(store, files)


def move_photo(store: Store, draft_photo_id: int, position: int) -> None:
    """Move one photo of a draft to ``position`` (clamped to the first or last place)."""
    draft_id = _draft_of(store, draft_photo_id)
    with store.atomic():
        order = _order(store, draft_id)
        order.remove(draft_photo_id)
        order.insert(min(max(position, 0), len(order)), draft_photo_id)
        _renumber(store, order)


def reorder_photos(store: Store, draft_id: int, draft_photo_ids: Iterable[int]) -> None:
    """Put a draft's photos in the order given, which must name each of them once (``ValueError`` if not)."""
    wanted = list(draft_photo_ids)
    with store.atomic():
        if sorted(wanted) != sorted(_order(store, draft_id)):
            raise ValueError(f"not the photos of draft {draft_id}: {wanted}")
        _renumber(store, wanted)


def set_alt_text(store: Store, draft_photo_id: int, text: str) -> None:
    """The description of the photo for people who cannot see it."""
    _update(store, draft_photo_id, "alt_text", _storable(text))


def set_presence(store: Store, draft_photo_id: int, presence: str | None) -> None:
    """Who is in it: ``nobody`` recognisable, an ``atmosphere`` shot, recognisable ``people``, or ``None``.

    The answer belongs to the stored photo: every draft using the same file
    shows it. Linked people are kept whatever the answer, so changing it back
    loses no descriptions; the consent check decides what they mean for each answer.
    """
    if presence is not None and presence not in PRESENCES:
        raise ValueError(f"presence must be one of {PRESENCES} or None, not {presence!r}")
    store.execute("UPDATE photos SET presence = ? WHERE hash = ?", [presence, _hash_of(store, draft_photo_id)])


def link_person(store: Store, draft_photo_id: int, person_id: int, description: str = "") -> None:
    """Say that a person of the register is in this photo, and where; linking again updates the description.

    The link belongs to the stored photo, so every draft using the same file
    shows the person. ``KeyError`` for an unknown photo or person,
    :class:`ErasedPerson` (a ``KeyError`` whose text can be shown) for someone
    erased from the register: an Undo or a copy must not bring their photo links back.
    """
    photo_hash = _hash_of(store, draft_photo_id)
    erased = store.execute("SELECT erased_at FROM people WHERE id = ?", [person_id]).fetchone()
    if erased is not None and erased[0]:
        raise ErasedPerson(_("Person #{id} was erased from the register: they can be linked to no photo.").format(
            id=person_id))
    try:
        store.execute("INSERT INTO photo_people (photo_hash, person_id, description) VALUES (?, ?, ?)"
                      " ON CONFLICT (photo_hash, person_id) DO UPDATE SET description = excluded.description",
                      [photo_hash, person_id, _storable(description)])
    except sqlite3.IntegrityError as error:
        raise KeyError(person_id) from error


def unlink_person(store: Store, draft_photo_id: int, person_id: int) -> None:
    """Say that a person is not in this photo after all (in no draft that uses the same file)."""
    store.execute("DELETE FROM photo_people WHERE photo_hash = ? AND person_id = ?",
                  [_hash_of(store, draft_photo_id), person_id])


def set_people(store: Store, draft_photo_id: int, people: Iterable[PhotoPerson]) -> None:
    """Replace the people linked to this photo with ``people`` (one link per person; the last wins)."""
    photo_hash = _hash_of(store, draft_photo_id)
    wanted = {person.person_id: person.description for person in people}
    with store.atomic():
        store.execute("DELETE FROM photo_people WHERE photo_hash = ?", [photo_hash])
        for person_id, description in wanted.items():
            link_person(store, draft_photo_id, person_id, description)


# --- taking a photo out of a draft, and Undo -------------------------------------------------------


@dataclass(frozen=True)
class TakenOut:
    """A photo taken out of a draft, with what :func:`put_back` needs to undo it exactly.

    ``status``: the draft's status when the photo left, so a "Consent
    withdrawn" mark cleared because the photo left comes back with it.
    """

    draft_id: int
    use: DraftPhoto
    crops: tuple[tuple[str, float, float, float, float, str | None], ...] = ()  # network, x, y, w, h, mat
    status: str = "draft"


def take_out(store: Store, draft_photo_id: int) -> TakenOut:
    """Take a photo out of its draft (see :func:`detach_photo`); what :func:`put_back` needs for an Undo."""
    use = get_draft_photo(store, draft_photo_id)
    draft_id = _draft_of(store, draft_photo_id)
    crops = tuple(store.execute("SELECT network, x, y, width, height, mat FROM crops WHERE draft_photo_id = ?"
                                " ORDER BY network", [draft_photo_id]).fetchall())
    status = store.execute("SELECT status FROM drafts WHERE id = ?", [draft_id]).fetchone()[0]
    detach_photo(store, draft_photo_id)
    return TakenOut(draft_id, use, crops, status)


def put_back(store: Store, taken: TakenOut) -> DraftPhoto:
    """Undo :func:`take_out`: the photo where it was, with its alt text and crops.

    Who is in it is the stored photo's, as it is now (an unlink meanwhile
    stands). A draft marked "Consent withdrawn" when the photo left, and
    cleared since, is marked again. ``KeyError`` (:class:`PhotoGone`) when the
    stored photo was deleted meanwhile, or the draft is gone.
    """
    with store.atomic():
        back = attach_photo(store, taken.draft_id, taken.use.photo, taken.use.position)
        set_alt_text(store, back.id, taken.use.alt_text)
        for network, x, y, width, height, mat in taken.crops:
            store.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height, mat)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)", [back.id, network, x, y, width, height, mat])
        if taken.status == "consent_withdrawn":
            store.execute("UPDATE drafts SET status = 'consent_withdrawn' WHERE id = ? AND status = 'draft'",
                          [taken.draft_id])
    return get_draft_photo(store, back.id)


def _draft_of(store: Store, draft_photo_id: int) -> int:
    row = store.execute("SELECT draft_id FROM draft_photos WHERE id = ?", [draft_photo_id]).fetchone()
    if row is None:
        raise KeyError(draft_photo_id)
    return row[0]


def _hash_of(store: Store, draft_photo_id: int) -> str:
    """The stored photo a draft uses; ``KeyError`` if there is no such use."""
    row = store.execute("SELECT photo_hash FROM draft_photos WHERE id = ?", [draft_photo_id]).fetchone()
    if row is None:
        raise KeyError(draft_photo_id)
    return row[0]


def _order(store: Store, draft_id: int) -> list[int]:
    return [id_ for (id_,) in store.execute(
        "SELECT id FROM draft_photos WHERE draft_id = ? ORDER BY position, id", [draft_id])]


def _renumber(store: Store, ordered_ids: list[int]) -> None:
    for position, id_ in enumerate(ordered_ids):
        store.execute("UPDATE draft_photos SET position = ? WHERE id = ? AND position != ?",
                      [position, id_, position])


def _update(store: Store, draft_photo_id: int, column: str, value) -> None:
    cursor = store.execute(f"UPDATE draft_photos SET {column} = ? WHERE id = ?", [value, draft_photo_id])
    if cursor.rowcount == 0:
        raise KeyError(draft_photo_id)


def _prefixed(prefix: str) -> str:
    return ", ".join(prefix + column.strip() for column in _PHOTO_COLUMNS.split(","))


def _storable(text: str) -> str:
    """``text`` with any lone surrogate (broken UTF-16 from a paste) as U+FFFD, which SQLite can hold."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
