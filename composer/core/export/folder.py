"""The export: a folder per draft with, per network, the images in order, ``text.txt`` and ``alt-text.txt``.

::

    <folder>/<id> <first words of the post>/
        instagram/01.jpg 02.jpg text.txt alt-text.txt
        bluesky/...

Refused (:class:`ExportRefused`, ``refusal.py``) while any check blocks
export, with each reason; the folder's name is ``names.py``. Everything is
written into a hidden temporary folder beside the target and renamed into
place at the end, so a failure (folder not writable,
disk full, a photo's file missing, a crop outside the image) leaves nothing
behind; an existing export is replaced only with ``overwrite=True``, and then
kept aside until the new one is complete. The database is only read.

No Qt here: the window runs :func:`export_draft` in a worker, the command
line (``post-composer export``) directly.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.export.names import MAX_NAME_CHARS, folder_name, safe_name
from composer.core.export.refusal import (
    ExportRefused,
    Refusal,
    blocking_checks,
    check_export,
    check_name,
    context_for,
    draft_and_networks,
    refusal,
    refusal_lines,
)
from composer.core.i18n import _
from composer.core.photos.crops import Crop
from composer.core.photos.renditions import (
    ExportError,
    Rendition,
    render_all,
)

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.house_style import HouseStyle
    from composer.core.photos.library import DraftPhoto
    from composer.core.storage.store import Store

#: What the window, the command line and the tests call: the export, and what refuses it (``refusal.py``)
#: and names it (``names.py``), so that one import serves.
__all__ = [
    "ExportError",
    "ExportExists",
    "ExportNotice",
    "ExportRefused",
    "ExportResult",
    "Refusal",
    "blocking_checks",
    "check_export",
    "check_name",
    "export_draft",
    "final_text",
    "folder_name",
    "read_crops",
    "refusal",
    "refusal_lines",
    "safe_name",
]

TEXT_FILE = "text.txt"
ALT_TEXT_FILE = "alt-text.txt"

Progress = Callable[[int, int], None]


class ExportExists(ExportError):
    """There is already an export of this draft in the folder (and ``overwrite`` was not given)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(_("There is already an export in {folder}. Choose another folder, or replace it.").format(
            folder=path))


@dataclass(frozen=True)
class ExportNotice:
    """What the librarian should know about one photo for one network; it did not stop the export.

    ``kind``: ``cut`` (the crop leaves out more than a third of the picture) or ``colour``;
    ``message`` names the photo ("Photo 2 (poster.jpg): The crop for Facebook leaves out 72 % …").
    """

    photo: int
    network: str
    kind: str
    message: str


@dataclass(frozen=True)
class ExportResult:
    """Where an export went: the draft's folder and, per network, the files written (relative to it).

    ``notices``: what to tell about the photos (see :class:`ExportNotice`), in photo and network order.
    """

    folder: Path
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replaced: bool = False
    notices: tuple[ExportNotice, ...] = ()

    @property
    def networks(self) -> tuple[str, ...]:
        return tuple(self.files)


# --- text ---------------------------------------------------------------------------------------


def final_text(draft: Draft, network: str, house_style: HouseStyle) -> str:
    """What ``network`` gets: its own text or the shared one, with the missing required hashtags and the sign-off.

    The one composition the counters and checks measure too (see
    :mod:`composer.core.drafts.final_text`): tags already in the text are not
    repeated, the sign-off stays last and is not added twice, line breaks and
    emoji are kept exactly as written.
    """
    from composer.core.drafts.final_text import final_for

    return final_for(draft, network, house_style).text


def alt_text_lines(entries: Iterable[tuple[str, str]]) -> str:
    """``alt-text.txt``: one line per image, ``01.jpg: the alt text`` (line breaks inside become spaces)."""
    lines = []
    for name, alt in entries:
        flat = " ".join(alt.split())
        lines.append(f"{name}: {flat}" if flat else f"{name}: " + _("(no alt text)"))
    return "\n".join(lines) + "\n" if lines else ""


# --- writing --------------------------------------------------------------------------------------------


def read_crops(store: Store, draft_photo_ids: Iterable[int]) -> dict[int, dict[str, Crop]]:
    """The stored crops: draft photo id -> network -> rectangle (fractions of the upright original), mats too."""
    from composer.core.photos.crops import crops_of

    return crops_of(store, draft_photo_ids)


def _os_problem(error: OSError, folder: Path) -> ExportError:
    """The user's message for a failed write in ``folder``."""
    if error.errno == errno.ENOSPC or error.errno == getattr(errno, "EDQUOT", -1):
        return ExportError(_("The disk is full: the export to {folder} was not written. "
                             "Make room or choose another folder.").format(folder=folder))
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(_("The folder {folder} cannot be written to. Choose another folder.").format(
            folder=folder))
    return ExportError(_("The export to {folder} failed: {detail}").format(
        folder=folder, detail=error.strerror or error))


def _write(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` (and missing parents); return those created, deepest last."""
    created = []
    for parent in reversed([folder, *folder.parents]):
        if not parent.exists():
            parent.mkdir()
            created.append(parent)
    if not folder.is_dir():
        raise ExportError(_("{folder} is not a folder.").format(folder=folder))
    return created


def _unique_aside(target: Path, label: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{target.name[:40]}.{label}-", dir=target.parent))


def export_draft(store: Store, draft_id: int, folder: str | os.PathLike[str], networks: Iterable[str] | None = None,
                 author: str = "", on: date | None = None, overwrite: bool = False,
                 progress: Progress | None = None) -> ExportResult:
    """Export draft ``draft_id`` into ``folder`` for ``networks`` (default: the draft's); see the module.

    ``author`` is who exports (kept for the publication log, which is written
    elsewhere); ``on`` the day whose consent counts (default: today);
    ``progress(done, total)`` is called after each step. Raises
    :class:`ExportRefused` when checks block the export, :class:`ExportExists`
    when an export is there and ``overwrite`` is false, and :class:`ExportError`
    with a message for the user for anything else that goes wrong.
    """
    from composer.core.photos.library import draft_photos

    draft, chosen = draft_and_networks(store, draft_id, networks)
    context = context_for(store, draft_id, on)
    refused = refusal(draft, context, chosen)
    if refused is not None:
        raise refused

    photos = draft_photos(store, draft_id)
    crops = read_crops(store, [p.id for p in photos])
    texts = {key: final_text(draft, key, context.house_style) for key in chosen}
    folder = Path(folder).expanduser()
    target = folder / folder_name(draft)
    if target.exists() and not overwrite:
        raise ExportExists(target)

    total = len(photos) + 1
    try:
        created = _make_folder(folder)
    except OSError as error:
        raise _os_problem(error, folder) from error
    work: Path | None = None
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name[:40]}.partial-", dir=folder))
        for key in chosen:
            (work / key).mkdir()
        written, notices = _write_photos(work, store, photos, chosen, crops, progress, total)
        _write_texts(work, written, texts, [photo.alt_text for photo in photos])
        replaced = _put_in_place(work, target, overwrite)
        work = None
    except BaseException as error:  # nothing stays behind: not the work folder, not the folders made for it
        _clean_up(work, created)
        if isinstance(error, OSError):
            raise _os_problem(error, folder) from error
        raise
    if progress:
        progress(total, total)
    return ExportResult(target, {key: tuple(names) for key, names in written.items()}, replaced, tuple(notices))


def _write_photos(work: Path, store: Store, photos: Sequence[DraftPhoto], chosen: Sequence[str],
                  crops: dict[int, dict[str, Crop]], progress: Progress | None,
                  total: int) -> tuple[dict[str, list[str]], list[ExportNotice]]:
    """Every photo's rendition into each network's folder in ``work``, numbered in order.

    Returns the files written per network and what to tell about the photos; ``progress`` hears of each photo.
    """
    from composer.core.photos.library import photo_file

    written: dict[str, list[str]] = {key: [] for key in chosen}
    notices: list[ExportNotice] = []
    for number, photo in enumerate(photos, start=1):
        renditions = _renditions(photo_file(store, photo.photo), number, photo, chosen, crops)
        for key in chosen:
            rendition = renditions[key]
            name = f"{number:02d}.{rendition.ext}"
            _write(work / key / name, rendition.data)
            written[key].append(name)
            notices += [ExportNotice(number, key, n.kind, photo_problem(number, photo.photo.original_name,
                                                                        n.message)) for n in rendition.notices]
        if progress:
            progress(number, total)
    return written, notices


def _write_texts(work: Path, written: dict[str, list[str]], texts: dict[str, str], alt_texts: list[str]) -> None:
    """Each network's ``text.txt`` and, when it has photos (``written`` so far), its ``alt-text.txt``."""
    for key, names in written.items():
        photo_names = list(names)
        _write(work / key / TEXT_FILE, texts[key].encode("utf-8", "replace"))
        names.append(TEXT_FILE)
        if photo_names:
            lines = alt_text_lines(zip(photo_names, alt_texts, strict=True))
            _write(work / key / ALT_TEXT_FILE, lines.encode("utf-8", "replace"))
            names.append(ALT_TEXT_FILE)


def _renditions(path: Path, number: int, photo: DraftPhoto, chosen: Sequence[str],
                crops: dict[int, dict[str, Crop]]) -> dict[str, Rendition]:
    """Every chosen network's rendition of one photo, each within its own network's file limit; a problem
    with it names the photo (its place and name)."""
    try:
        return render_all(path, chosen, crops.get(photo.id, {}))
    except ExportError as error:
        raise ExportError(photo_problem(number, photo.photo.original_name, str(error))) from error


def photo_problem(number: int, name: str, problem: str) -> str:
    """``problem`` with the photo it is about: its place in the post and the name it was added with."""
    shown = " ".join(name.split())[:MAX_NAME_CHARS]
    if shown:
        return _("Photo {number} ({name}): {problem}").format(number=number, name=shown, problem=problem)
    return _("Photo {number}: {problem}").format(number=number, problem=problem)


def _clean_up(work: Path | None, created: list[Path]) -> None:
    if work is not None:
        _remove_tree(work)
    for path in reversed(created):
        try:
            path.rmdir()
        except OSError:
            break


def _put_in_place(work: Path, target: Path, overwrite: bool) -> bool:
    """Rename the finished ``work`` folder to ``target``; an old export is kept aside until that worked."""
    if not target.exists() and not target.is_symlink():
        os.rename(work, target)
        return False
    if not overwrite:
        raise ExportExists(target)
    aside = _unique_aside(target, "old")
    os.rmdir(aside)  # only its unique name is wanted
    os.rename(target, aside)
    try:
        os.rename(work, target)
    except OSError:
        os.rename(aside, target)  # the old export back where it was
        raise
    _remove_tree(aside)
    return True


