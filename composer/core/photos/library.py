"""Photos in drafts: importing a copy into the data folder, a draft's photos in order, and Undo.

A photo is stored once, by the sha256 of its bytes, as
``photos/<hash[:2]>/<hash>.<ext>`` in the data folder, so a draft keeps
working when the original file moves. Per use in a draft: its position, alt
text and crops. Who is in a photo belongs to the stored photo (``people.py``;
its writers are also importable from here, with the rest of what the photo
strip calls); removing stored photos for good is ``removal.py``.

Pillow is imported only when an image is read (see :mod:`composer.core.photos.images`),
so the window can import this module at start-up for free.

A little over 400 lines: what the photo strip calls stays in one place
(importing, order, alt text, taking out and putting back), so the strip
depends on one module of the core.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.photos.people import Explained, PhotoPerson
from composer.core.photos.people import link_person as link_person  # the photo strip's, with the rest
from composer.core.photos.people import set_presence as set_presence
from composer.core.photos.people import unlink_person as unlink_person
from composer.core.storage.store import Store, now, storable_text

if TYPE_CHECKING:
    from composer.core.photos.images import ImageInfo, PhotoError, Thumbnail, thumbnail  # noqa: F401

PHOTOS_FOLDER = "photos"
_FROM_IMAGES = ("PhotoError", "thumbnail", "ImageInfo", "Thumbnail", "MAX_FILE_BYTES")


def __getattr__(name: str) -> object:
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

class PhotoGone(Explained):
    """The stored photo was deleted (no draft used it any more): nothing can use it again."""


def data_dir_of(store_or_data_dir: Store | str | os.PathLike[str]) -> Path:
    """The data folder: the one holding the database, or the folder given."""
    if isinstance(store_or_data_dir, Store):
        return store_or_data_dir.path.parent
    return Path(store_or_data_dir)


def photo_path(store_or_data_dir: Store | str | os.PathLike[str], photo: Photo) -> Path:
    """Where the stored copy of ``photo`` is (on the team database: this computer's cached copy)."""
    return data_dir_of(store_or_data_dir) / PHOTOS_FOLDER / photo.hash[:2] / f"{photo.hash}.{photo.ext}"


def photo_file(store: Store, photo: Photo) -> Path:
    """:func:`photo_path`, with the file there if the database holds its bytes: on the team database a photo a
    colleague imported is fetched into this computer's data folder the first time it is needed.

    Uses the store's connection: call it on the store's own thread.
    """
    path = photo_path(store, photo)
    if store.db.keeps_files and not path.exists():
        data = store.db.value("SELECT data FROM photos WHERE hash = ?", [photo.hash])
        if data is not None:
            _write_once(path, bytes(data))
    return path


def prepare_photo(path_or_bytes: str | os.PathLike[str] | bytes, original_name: str = "") -> PreparedPhoto:
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
    from composer.core.photos.images import MAX_FILE_BYTES, PhotoError
    from composer.core.storage.files import FileProblem, read_regular

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

    On the team database the bytes go into the row as well (``db.keeps_files``):
    the data folder's copy is this workstation's cache.

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
            values = [photo.hash, photo.ext, photo.format, photo.width, photo.height, photo.original_name,
                      photo.imported_at, photo.imported_by]
            if store.db.keeps_files:  # the team database: the bytes in the row, the file a local cache
                values.append(prepared.data)
            store.db.execute(
                f"INSERT INTO photos ({PHOTO_COLUMNS}{', data' if store.db.keeps_files else ''})"
                f" VALUES ({', '.join('?' * len(values))}) ON CONFLICT (hash) DO NOTHING", values)
    except BaseException:
        if written:
            _remove(target)
        raise
    return get_photo(store, photo.hash)  # another import of the same bytes may have won


def import_photo(store: Store, path_or_bytes: str | os.PathLike[str] | bytes, original_name: str = "",
                 author: str = "") -> Photo:
    """Check an image, copy it into the data folder and record it; the same bytes give the same photo.

    On :class:`PhotoError` (or any failure) nothing is left behind: no file, no row.
    """
    return store_photo(store, prepare_photo(path_or_bytes, original_name), author)


def get_photo(store: Store, photo_hash: str) -> Photo:
    """The stored photo with ``photo_hash``; ``KeyError`` if there is none."""
    row = store.db.one(f"SELECT {PHOTO_COLUMNS} FROM photos WHERE hash = ?", [photo_hash])
    if row is None:
        raise KeyError(photo_hash)
    return Photo(*row)


PHOTO_COLUMNS = "hash, ext, format, width, height, original_name, imported_at, imported_by"


def _write_once(target: Path, data: bytes) -> bool:
    """Put ``data`` at ``target`` atomically unless an identical-size copy is there; whether it wrote.

    Something else at ``target`` (a folder, a link: the data folder holds neither) is set aside first.
    """
    from composer.core.storage.files import AtomicFile

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
    try:
        with AtomicFile(target.parent, prefix=".importing-", private=True) as staged:
            staged.write(data)
            staged.commit(target)
    except BaseException:
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


def photo_thumbnail(store_or_data_dir: Store | str | os.PathLike[str], photo: Photo,
                    size: tuple[int, int] = (256, 256)) -> Thumbnail:
    """The thumbnail of a stored photo (thread-safe); a placeholder with a reason if its file is gone."""
    from composer.core.photos.images import thumbnail

    return thumbnail(photo_path(store_or_data_dir, photo), size)


# --- photos in a draft ---------------------------------------------------------------

def draft_photos(store: Store, draft_id: int) -> list[DraftPhoto]:
    """The photos of a draft in order, with their alt text and the stored photos' presence and people."""
    rows = store.db.all(
        f"SELECT dp.id, dp.position, dp.alt_text, p.presence, {_prefixed('p.')}"
        " FROM draft_photos dp JOIN photos p ON p.hash = dp.photo_hash"
        " WHERE dp.draft_id = ? ORDER BY dp.position, dp.id", [draft_id])
    people: dict[str, list[PhotoPerson]] = {}
    for photo_hash, person_id, description in store.db.all(
            "SELECT pp.photo_hash, pp.person_id, pp.description FROM photo_people pp"
            " WHERE pp.photo_hash IN (SELECT photo_hash FROM draft_photos WHERE draft_id = ?) ORDER BY pp.id",
            [draft_id]):
        people.setdefault(photo_hash, []).append(PhotoPerson(person_id, description))
    return [DraftPhoto(id_, Photo(*photo), position, alt, presence, tuple(people.get(photo[0], ())))
            for id_, position, alt, presence, *photo in rows]


def get_draft_photo(store: Store, draft_photo_id: int) -> DraftPhoto:
    """One photo of a draft; ``KeyError`` if there is none with ``draft_photo_id``."""
    for item in draft_photos(store, _draft_of(store, draft_photo_id)):
        if item.id == draft_photo_id:
            return item
    raise KeyError(draft_photo_id)


def photos_for_consent(store: Store, person_id: int, limit: int) -> list[tuple[Photo, bool]]:
    """Stored photos a one-photo consent can name, each with whether ``person_id`` is linked in it:
    theirs first, then the photos drafts took up most recently."""
    rows = store.db.all(
        f"SELECT {PHOTO_COLUMNS}, theirs FROM (SELECT {_prefixed('p.')},"
        " CASE WHEN EXISTS (SELECT 1 FROM photo_people pp WHERE pp.photo_hash = p.hash AND pp.person_id = ?)"
        " THEN 1 ELSE 0 END AS theirs,"
        " (SELECT max(dp.id) FROM draft_photos dp WHERE dp.photo_hash = p.hash) AS latest"
        " FROM photos p) AS candidates"
        " WHERE theirs = 1 OR latest IS NOT NULL ORDER BY theirs DESC, latest DESC LIMIT ?",
        [person_id, limit])
    return [(Photo(*row[:-1]), bool(row[-1])) for row in rows]


def attach_photo(store: Store, draft_id: int, photo: Photo | str, position: int | None = None) -> DraftPhoto:
    """Add a stored photo to a draft at ``position`` (default: last); later photos move up one.

    The same photo may appear twice (each use has its own alt text); who is in
    it comes along, as the stored photo says (see :func:`~composer.core.photos.people.photo_people`). ``KeyError``
    for an unknown draft, :class:`PhotoGone` (a ``KeyError`` to show as is) for a
    photo no longer stored (an Undo after its file was deleted).
    """
    photo_hash = photo.hash if isinstance(photo, Photo) else photo
    try:
        get_photo(store, photo_hash)
    except KeyError:
        raise PhotoGone(_("This photo is no longer in the data folder: it was deleted once no draft used it any "
                          "more.")) from None
    if store.db.one("SELECT 1 FROM drafts WHERE id = ?", [draft_id]) is None:
        raise KeyError(draft_id)
    with store.atomic():
        order = _order(store, draft_id)
        new_id = store.db.insert("INSERT INTO draft_photos (draft_id, photo_hash, position) VALUES (?, ?, ?)",
                                 [draft_id, photo_hash, len(order)])
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
        store.db.execute("DELETE FROM draft_photos WHERE id = ?", [draft_photo_id])
        _renumber(store, _order(store, draft_id))


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
    _update(store, draft_photo_id, "alt_text", storable_text(text))


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
    crops = tuple(store.db.all("SELECT network, x, y, width, height, mat FROM crops WHERE draft_photo_id = ?"
                               " ORDER BY network", [draft_photo_id]))
    status = store.db.value("SELECT status FROM drafts WHERE id = ?", [draft_id])
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
            store.db.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height, mat)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)", [back.id, network, x, y, width, height, mat])
        if taken.status == "consent_withdrawn":
            store.db.execute("UPDATE drafts SET status = 'consent_withdrawn' WHERE id = ? AND status = 'draft'",
                             [taken.draft_id])
    return get_draft_photo(store, back.id)


def _draft_of(store: Store, draft_photo_id: int) -> int:
    row = store.db.one("SELECT draft_id FROM draft_photos WHERE id = ?", [draft_photo_id])
    if row is None:
        raise KeyError(draft_photo_id)
    draft_id: int = row[0]
    return draft_id


def _order(store: Store, draft_id: int) -> list[int]:
    return [id_ for (id_,) in store.db.all(
        "SELECT id FROM draft_photos WHERE draft_id = ? ORDER BY position, id", [draft_id])]


def _renumber(store: Store, ordered_ids: list[int]) -> None:
    for position, id_ in enumerate(ordered_ids):
        store.db.execute("UPDATE draft_photos SET position = ? WHERE id = ? AND position != ?",
                         [position, id_, position])


def _update(store: Store, draft_photo_id: int, column: str, value: object) -> None:
    if store.db.execute(f"UPDATE draft_photos SET {column} = ? WHERE id = ?", [value, draft_photo_id]) == 0:
        raise KeyError(draft_photo_id)


def _prefixed(prefix: str) -> str:
    return ", ".join(prefix + column.strip() for column in PHOTO_COLUMNS.split(","))
