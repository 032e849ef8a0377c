"""Work on photos away from the UI thread: checking what is imported, and making thumbnails.

Jobs run on a small pool of Python threads (joined before the interpreter
exits, so none is cut off mid-decode). Each result travels back through one
long-lived relay whose connection is queued, so it arrives on the UI thread;
there it reaches its panel only if that panel still exists — a result for a
closed window is dropped. Jobs never touch the store: its SQLite connection
belongs to the UI thread. Pillow is imported by the first job, not at start-up.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QIODevice, QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage
from shiboken6 import isValid

from composer.core.i18n import _

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

WORKERS = 2


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
    """A checked import (``prepared``, a :class:`~composer.core.photos.PreparedPhoto`) or why it failed."""

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


class _Relay(QObject):
    """Carries results from the workers to the UI thread, to the receiver if it is still there."""

    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, parcel: tuple) -> None:
        receiver_ref, method, result = parcel
        receiver = receiver_ref()
        if receiver is not None and isValid(receiver):
            getattr(receiver, method)(result)


_relay: _Relay | None = None
_pool: ThreadPoolExecutor | None = None
_idle = threading.Condition()
_outstanding = 0  # jobs submitted and not yet finished


def prepare_relay() -> None:
    """Make the relay on the UI thread (call once from a widget before any job starts)."""
    global _relay
    if _relay is None:
        _relay = _Relay()


def _submit(job: Callable[[], None]) -> None:
    global _pool, _outstanding
    if _pool is None:  # concurrent.futures loads logging: not at start-up
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="photos")

    def counted() -> None:
        global _outstanding
        try:
            job()
        finally:
            with _idle:
                _outstanding -= 1
                _idle.notify_all()

    with _idle:
        _outstanding += 1
    _pool.submit(counted)


def wait_idle(timeout: float = 10.0) -> bool:
    """Block until every job submitted so far has finished (for tests and benchmarks); ``False`` on timeout.

    Results still travel to the UI thread as queued events: process events afterwards to receive them.
    """
    with _idle:
        return _idle.wait_for(lambda: _outstanding == 0, timeout)


def _post(receiver: QObject, method: str) -> Callable[[Any], None]:
    """A function a worker calls with each result, to be handed to ``receiver.method`` on the UI thread."""
    relay, ref = _relay, weakref.ref(receiver)
    assert relay is not None, "prepare_relay() first, on the UI thread"

    def post(result: Any) -> None:
        try:
            relay.delivered.emit((ref, method, result))
        except RuntimeError:  # the app is shutting down
            pass

    return post


def run(work: Callable[[], Any], receiver: QObject, method: str) -> None:
    """Do ``work`` in a worker; ``receiver.method`` gets its result (or the exception it raised) on the UI thread."""
    post = _post(receiver, method)

    def job() -> None:
        try:
            post(work())
        except Exception as error:  # handed to the receiver, which says what went wrong
            post(error)

    _submit(job)


def prepare(sources: Iterable[Source], generation: int, receiver: QObject, method: str) -> None:
    """Check each source in a worker, in order; ``receiver.method(Prepared)`` for each, on the UI thread."""
    post, sources = _post(receiver, method), list(sources)

    def job() -> None:
        for source in sources:
            post(_prepare_one(source, generation))

    _submit(job)


def _prepare_one(source: Source, generation: int) -> Prepared:
    from composer.core.images import PhotoError
    from composer.core.photos import prepare_photo

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
               receiver: QObject, method: str) -> None:
    """Thumbnails of stored photos (from their copy in the data folder), in order, in a worker."""
    post, photos = _post(receiver, method), list(photos)

    def job() -> None:
        from composer.core.photos import photo_thumbnail

        for photo in photos:
            try:
                thumb = photo_thumbnail(data_dir, photo, size)
                post(Thumb(generation, photo.hash, to_qimage(thumb.image), thumb.problem, thumb.missing))
            except Exception:  # noqa: BLE001 - never leave a spinner without an answer (nor Pillow's English)
                post(Thumb(generation, photo.hash, QImage(), _("This photo could not be shown.")))

    _submit(job)


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
