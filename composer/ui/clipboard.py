"""The one way the window reaches the clipboard: a small adapter that tests replace.

Reading (a pasted photo) and writing (the export hand-over: a network's final
text, a photo's rendition). Putting data on the clipboard makes an offscreen
process crash at exit (engineering.md): whoever writes through
:class:`SystemClipboard` clears it again on ``aboutToQuit`` (see
:mod:`composer.ui.export.export_ui`), and tests use a fake instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage

#: Encoded image files a clipboard or a drop may carry as they are (best: no re-encoding, EXIF kept).
IMAGE_TYPES: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
                               "image/gif": "gif", "image/heic": "heic", "image/heif": "heic"}


@dataclass(frozen=True)
class PastedImage:
    """What can become photos: local files, the bytes of an image file, or only pixels.

    ``image`` (pixels without a file, e.g. a screenshot some programs copy) is
    encoded as PNG in a worker, not on the UI thread.
    """

    paths: tuple[str, ...] = ()
    data: bytes | None = None
    image: QImage | None = None
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.paths) or bool(self.data) or (self.image is not None and not self.image.isNull())


def from_mime(mime: QMimeData | None) -> PastedImage:
    """The photos in ``mime`` (a paste or a drop): local files first, then image bytes, then pixels."""
    if mime is None:
        return PastedImage()
    if mime.hasUrls():
        paths = tuple(url.toLocalFile() for url in mime.urls() if url.isLocalFile())
        if paths:
            return PastedImage(paths=paths)
    for mime_type, ext in IMAGE_TYPES.items():
        if mime.hasFormat(mime_type):
            data = bytes(mime.data(mime_type).data())
            if data:
                return PastedImage(data=data, name=f"pasted.{ext}")
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return PastedImage(image=image.copy(), name="pasted.png")
    return PastedImage()


def can_drop(mime: QMimeData | None) -> bool:
    """Whether ``mime`` may hold photos (cheap: nothing is copied; used while dragging over the strip)."""
    if mime is None:
        return False
    if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
        return True
    return any(mime.hasFormat(mime_type) for mime_type in IMAGE_TYPES) or mime.hasImage()


class SystemClipboard:
    """The desktop's clipboard."""

    def image(self) -> PastedImage:
        """The photos on the clipboard now (empty when there are none)."""
        return from_mime(QGuiApplication.clipboard().mimeData())

    def set_text(self, text: str) -> None:
        """Put ``text`` on the clipboard as plain text (line breaks and emoji as they are)."""
        QGuiApplication.clipboard().setText(text)

    def set_image(self, image: QImage) -> None:
        """Put ``image`` on the clipboard as pixels."""
        QGuiApplication.clipboard().setImage(image)

    def clear(self) -> None:
        """Take what this app put on the clipboard off it again (offscreen Qt crashes at exit otherwise)."""
        QGuiApplication.clipboard().clear()
