"""Work on photos away from the UI thread: checking what is imported, and making thumbnails.

Jobs run through :mod:`composer.ui.background` on its pool of threads (joined
before the interpreter exits, so none is cut off mid-decode); each photo's
result arrives on the UI thread as the job's progress, and only while the
panel that asked still exists. Jobs never touch the store: its SQLite
connection belongs to the UI thread. Pillow is imported by the first job, not
at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from composer.core.i18n import _
from composer.ui import background
from composer.ui.background import Task


@dataclass(frozen=True)
class Source:
    """One thing to import: a file, the bytes of an image file, or pixels (a pasted screenshot)."""

    token: int
    path: str = ""
    data: bytes | None = None
    image: QImage | None = None
    name: str = ""

    @property
    def label(self) -> str:
        """How the user knows it: the file's name, or "pasted image"."""
        return Path(self.path).name if self.path else self.name or _("pasted image")


@dataclass(frozen=True)
class Prepared:
    """A checked import (``prepared``, a :class:`~composer.core.photos.library.PreparedPhoto`) or why it failed."""

    token: int
    generation: int
    label: str
    prepared: Any = None
    error: str = ""


@dataclass(frozen=True)
class Thumb:
    """A thumbnail as a ``QImage`` (safe to make off the UI thread; the pixmap is made on it)."""

    generation: int
    photo_hash: str
    image: QImage
    problem: str | None = None
    missing: bool = False


def prepare(sources: Iterable[Source], generation: int, deliver: Callable[[Prepared], object]) -> Task:
    """Check each source in a worker, in order; ``deliver(Prepared)`` for each, on the UI thread.

    ``deliver`` is a bound method of a ``QObject``: once that is deleted, what is still to come is dropped.
    """
    sources = list(sources)

    def job(progress: Callable[[Prepared], None]) -> None:
        for source in sources:
            progress(_prepare_one(source, generation))

    return background.run(job, progress=deliver)


def _prepare_one(source: Source, generation: int) -> Prepared:
    from composer.core.photos.images import PhotoError
    from composer.core.photos.library import prepare_photo

    try:
        if source.image is not None:
            prepared = prepare_photo(png_bytes(source.image), source.name or "pasted.png")
        elif source.data is not None:
            prepared = prepare_photo(source.data, source.name or "pasted")
        else:
            prepared = prepare_photo(source.path)
    except PhotoError as error:
        return Prepared(source.token, generation, source.label, error=str(error))
    except Exception:  # noqa: BLE001 - a worker must always answer, or its placeholder spins forever
        return Prepared(source.token, generation, source.label,  # (core says every real problem as PhotoError)
                        error=_("The file could not be read: {reason}").format(reason=_("an unexpected error")))
    return Prepared(source.token, generation, source.label, prepared)


def thumbnails(data_dir: Path, photos: Iterable[Any], size: tuple[int, int], generation: int,
               deliver: Callable[[Thumb], object], fetch_from: Path | None = None) -> Task:
    """Thumbnails of stored photos (from their copy in the data folder), in order, in a worker; ``deliver(Thumb)``
    for each on the UI thread (``deliver``: a bound method of a ``QObject``, as for :func:`prepare`).

    ``fetch_from``: the store path of a database that holds the photos' bytes (the team library): a photo not
    on this computer yet (a colleague's) is fetched into the data folder first, through a connection of the
    worker's own.
    """
    photos = list(photos)

    def job(progress: Callable[[Thumb], None]) -> None:
        from composer.core.photos.library import photo_thumbnail

        if fetch_from is not None:
            fetch_missing(fetch_from, data_dir, photos)
        for photo in photos:
            try:
                thumb = photo_thumbnail(data_dir, photo, size)
                progress(Thumb(generation, photo.hash, to_qimage(thumb.image), thumb.problem, thumb.missing))
            except Exception:  # noqa: BLE001 - never leave a spinner without an answer (nor Pillow's English)
                progress(Thumb(generation, photo.hash, QImage(), _("This photo could not be shown.")))

    return background.run(job, progress=deliver)


def fetch_missing(store_path: Path, data_dir: Path, photos: list[Any]) -> None:
    """(In a worker.) The photos whose file is not in ``data_dir`` yet, fetched from the database's bytes.

    A database that cannot be reached only leaves them missing (their thumbnails then say so).
    """
    from composer.core.photos.library import photo_file, photo_path
    from composer.core.storage.errors import DatabaseError, StoreError
    from composer.core.storage.store import BUSY_TIMEOUT_MS, Store

    missing = [photo for photo in photos if not photo_path(data_dir, photo).exists()]
    if not missing:
        return
    try:
        store = Store.attach(store_path, BUSY_TIMEOUT_MS)
    except (StoreError, *DatabaseError, OSError):
        return
    try:
        for photo in missing:
            photo_file(store, photo)
    except (StoreError, *DatabaseError, OSError):
        pass
    finally:
        store.close()


def to_qimage(im: Any) -> QImage:
    """A Pillow image as a ``QImage`` that owns its pixels."""
    rgba = im if im.mode == "RGBA" else im.convert("RGBA")
    width, height = rgba.size
    data = rgba.tobytes("raw", "RGBA")
    return QImage(data, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG (for pixels pasted without a file)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())
