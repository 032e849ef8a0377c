"""The export: a folder per draft with, per network, the images in order, ``text.txt`` and ``alt-text.txt``.

::

    <folder>/<id> <first words of the post>/
        instagram/01.jpg 02.jpg text.txt alt-text.txt
        bluesky/...

Refused (:class:`ExportRefused`) while any check blocks export, with each
reason. Everything is written into a hidden temporary folder beside the
target and renamed into place at the end, so a failure (folder not writable,
disk full, a photo's file missing, a crop outside the image) leaves nothing
behind; an existing export is replaced only with ``overwrite=True``, and then
kept aside until the new one is complete. The database is only read.

No Qt here: the window runs :func:`export_draft` in a worker, the command
line (``post-composer export``) directly.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import N_, _
from composer.core.networks.facts import NETWORKS
from composer.core.networks.facts import network as network_named
from composer.core.photos.crops import Crop
from composer.core.photos.renditions import (
    ExportError,
    Rendition,
    render_all,
)

if TYPE_CHECKING:
    from composer.core.checklist import Check
    from composer.core.drafts.draft import Draft
    from composer.core.house_style import HouseStyle
    from composer.core.photos.library import DraftPhoto
    from composer.core.storage.store import Store

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
    "safe_name",
]

TEXT_FILE = "text.txt"
ALT_TEXT_FILE = "alt-text.txt"
MAX_NAME_CHARS = 60
MAX_NAME_BYTES = 180
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
             "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$"}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')

Progress = Callable[[int, int], None]


class ExportRefused(ExportError):
    """Export refused because checks block it.

    ``reasons`` lists each (check id, network, message); ``passing`` the
    networks asked for that nothing blocks, which can be exported on their own.
    """

    def __init__(self, reasons: Sequence[Refusal], passing: Sequence[str] = ()):
        self.reasons = tuple(reasons)
        self.passing = tuple(passing)
        lines = [_("Export is refused until these are solved:")]
        lines += [f"- {reason.text()}" for reason in self.reasons]
        super().__init__("\n".join(lines))


class ExportExists(ExportError):
    """There is already an export of this draft in the folder (and ``overwrite`` was not given)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(_("There is already an export in {folder}. Choose another folder, or replace it.").format(
            folder=path))


#: What a librarian calls each check (the ids are for programs): refusals name checks this way.
CHECK_NAMES: dict[str, str] = {
    "purpose": N_("Purpose"), "audience": N_("Audience"), "networks": N_("Networks"), "message": N_("Message"),
    "tone": N_("Tone"), "dialogue": N_("Dialogue"), "good_news": N_("Good news"), "website": N_("Website"),
    "length": N_("Length"), "hashtags": N_("Hashtags"), "links": N_("Links"), "alt_text": N_("Alt text"),
    "consent": N_("Consent"), "privacy": N_("Privacy"), "house_style": N_("House style"),
    "review": N_("Approval"), "cadence": N_("Rhythm"),
}


def check_name(check_id: str) -> str:
    """The check's name in the UI language ("Consent", "Toestemming"); an unknown id as it is."""
    return _(CHECK_NAMES[check_id]) if check_id in CHECK_NAMES else check_id


@dataclass(frozen=True)
class Refusal:
    """One reason an export is refused: the check, its network (``None``: every network) and its message."""

    check: str
    network: str | None
    message: str

    def text(self) -> str:
        """The reason in words: "Consent for Facebook: …", the network left out where the message names it."""
        name = check_name(self.check)
        if self.network:
            network = network_named(self.network).name
            if not re.search(rf"(?<!\w){re.escape(network)}(?!\w)", self.message):
                return _("{check} for {network}: {message}").format(check=name, network=network,
                                                                     message=self.message)
        return _("{check}: {message}").format(check=name, message=self.message)


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


# --- names ----------------------------------------------------------------------------------------------


def safe_name(text: str, fallback: str = "post") -> str:
    """``text`` as a file or folder name that works on Windows, macOS and Linux.

    No ``<>:"/\\|?*`` or control characters, no reserved Windows names (CON,
    NUL, COM1…), no leading dots, no trailing dots or spaces, at most
    :data:`MAX_NAME_CHARS` characters and :data:`MAX_NAME_BYTES` UTF-8 bytes.
    """
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub(" ", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cs", "Co", "Cn", "Zl", "Zp"))
    name = " ".join(name.split())
    name = name.lstrip(". ")
    if len(name) > MAX_NAME_CHARS:
        cut = name[:MAX_NAME_CHARS]
        name = cut.rsplit(" ", 1)[0] if " " in cut[MAX_NAME_CHARS // 2:] else cut
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(". ")
    while name and unicodedata.category(name[-1]) in ("Mn", "Me", "Cf"):  # no half-cut emoji or accent
        name = name[:-1].rstrip(". ")
    if not name:
        name = fallback
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name


def folder_name(draft: Draft) -> str:
    """The draft's export folder: its number and the first words of its text."""
    words = draft.first_line or next((t.strip() for t in draft.network_texts.values() if t.strip()), "")
    return safe_name(f"{draft.id} {words}".strip(), fallback=str(draft.id))


# --- what blocks --------------------------------------------------------------------------------------


def context_for(store: Store, draft_id: int, on: date | None = None):
    """The checks' context exactly as the window builds it (:mod:`composer.core.context`); an unusable stored
    house style refuses the export, since what it wrote would not be what the house style asks."""
    from composer.core.context import context_for as build

    context, problem = build(store, draft_id, on)
    if problem is not None:
        raise ExportError(_("The stored house style cannot be used ({reason}).").format(reason=problem)) from problem
    return context


def blocking_checks(draft: Draft, context, networks: Sequence[str]) -> list[Check]:
    """The checks that block exporting ``draft`` to ``networks`` (a check about another network does not)."""
    from composer.core.checklist import blocking, run_checks

    return [c for c in blocking(run_checks(draft, context)) if c.network is None or c.network in networks]


def refusal(draft: Draft, context, networks: Sequence[str]) -> ExportRefused | None:
    """Why ``draft`` cannot go to ``networks``, with the networks that could go alone; ``None``: nothing blocks."""
    blocked = blocking_checks(draft, context, networks)
    if not blocked:
        return None
    everywhere = any(c.network is None for c in blocked)
    passing = () if everywhere else tuple(k for k in networks if all(c.network != k for c in blocked))
    return ExportRefused([Refusal(c.id, c.network, c.message) for c in blocked], passing)


def check_export(store: Store, draft_id: int, networks: Iterable[str] | None = None,
                 on: date | None = None) -> ExportRefused | None:
    """What :func:`export_draft` would refuse, asked before a folder is chosen (``None``: it may go).

    Raises :class:`ExportError` for what is no refusal (no such post, a post in the trash, a wrong network).
    """
    draft, chosen = _draft_and_networks(store, draft_id, networks)
    return refusal(draft, context_for(store, draft_id, on), chosen)


def _draft_and_networks(store: Store, draft_id: int, networks: Iterable[str] | None) -> tuple[Draft, tuple[str, ...]]:
    try:
        draft = store.get(draft_id)
    except KeyError:
        raise ExportError(_("There is no post number {id}.").format(id=draft_id)) from None
    if draft.deleted_at:
        raise ExportError(_("Post number {id} is in the trash: restore it before exporting.").format(id=draft_id))
    return draft, choose_networks(draft, networks)


def read_crops(store: Store, draft_photo_ids: Iterable[int]) -> dict[int, dict[str, Crop]]:
    """The stored crops: draft photo id -> network -> rectangle (fractions of the upright original), mats too."""
    from composer.core.photos.crops import crops_of

    return crops_of(store, draft_photo_ids)


def choose_networks(draft: Draft, networks: Iterable[str] | None) -> tuple[str, ...]:
    """The networks to export to, in the usual order: those asked (each chosen for the draft), else the draft's."""
    if networks is None:
        chosen = tuple(draft.networks)
    else:
        chosen = []
        for key in networks:
            if key not in NETWORKS:
                raise ExportError(_("Unknown network '{name}'. Choose from: {choices}.").format(
                    name=key, choices=", ".join(NETWORKS)))
            if key not in draft.networks:
                raise ExportError(_("This post is not meant for {network}: choose that network in the post first.")
                                  .format(network=network_named(key).name))
            chosen.append(key)
        chosen = tuple(k for k in NETWORKS if k in chosen)
    if not chosen:
        raise ExportError(_("Choose at least one network for this post before exporting it."))
    return chosen


# --- writing --------------------------------------------------------------------------------------------


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


def export_draft(store: Store, draft_id: int, folder: str | os.PathLike, networks: Iterable[str] | None = None,
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
    from composer.core.photos.library import draft_photos, photo_path

    draft, chosen = _draft_and_networks(store, draft_id, networks)
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
        written: dict[str, list[str]] = {key: [] for key in chosen}
        alts: dict[str, list[tuple[str, str]]] = {key: [] for key in chosen}
        notices: list[ExportNotice] = []
        for number, photo in enumerate(photos, start=1):
            renditions = _renditions(photo_path(store, photo.photo), number, photo, chosen, crops)
            for key in chosen:
                rendition = renditions[key]
                name = f"{number:02d}.{rendition.ext}"
                _write(work / key / name, rendition.data)
                written[key].append(name)
                alts[key].append((name, photo.alt_text))
                notices += [ExportNotice(number, key, n.kind, photo_problem(number, photo.photo.original_name,
                                                                            n.message)) for n in rendition.notices]
            if progress:
                progress(number, total)
        for key in chosen:
            _write(work / key / TEXT_FILE, texts[key].encode("utf-8", "replace"))
            written[key].append(TEXT_FILE)
            if alts[key]:
                _write(work / key / ALT_TEXT_FILE, alt_text_lines(alts[key]).encode("utf-8", "replace"))
                written[key].append(ALT_TEXT_FILE)
        replaced = _put_in_place(work, target, overwrite)
        work = None
    except ExportError:
        _clean_up(work, created)
        raise
    except OSError as error:
        _clean_up(work, created)
        raise _os_problem(error, folder) from error
    except BaseException:
        _clean_up(work, created)
        raise
    if progress:
        progress(total, total)
    return ExportResult(target, {key: tuple(names) for key, names in written.items()}, replaced, tuple(notices))


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


def refusal_lines(error: ExportRefused) -> list[str]:
    """One line per reason, as the window and the command line show them."""
    return [reason.text() for reason in error.reasons]

