"""Pillow work on photos: checking untrusted image bytes, and thumbnails for the window.

Accepted: JPEG (MPO, the multi-picture JPEG many cameras write, counts as
JPEG), PNG, WebP, GIF (first frame) and HEIC/HEIF (via pi-heif: libheif's decoder, without
pillow-heif's encoder, which the app never needs and which is most of its size). Refused
with a message naming the format: BMP, TIFF, AVIF, PSD, PDF, SVG and anything
else. The social networks take none of those, phones and cameras do not make
them, and every parser left out is one less way for a bad file to hurt.

Everything here is thread-safe (no shared state is changed after import, and
warning filters are never touched), so both functions may run in a worker.

The facts an image must meet, at import and again whenever a stored copy is
used: at most :data:`MAX_FILE_BYTES`; at most Pillow's ``MAX_IMAGE_PIXELS``
(89 million); each side at least :data:`MIN_SIDE` pixels and the long side at
most :data:`MAX_ASPECT` times the short one. Within those bounds every network's
default crop is a real picture (its short side at least ``MIN_SIDE / 1.91``
pixels), so whatever import accepts also exports; a 1×1 dot or a 1×65535
line is refused at import with a message instead of failing at export.

The app's own copies (in the data folder) are opened in one place,
:func:`open_stored`, by thumbnails and renditions alike (and so by export and
copy-photo): regular files only, never through a link, never blocking on a
pipe or a device (see :mod:`composer.core.storage.files`), within the same limits; every
problem, Pillow's included, becomes a :class:`PhotoError` in the user's language.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pi_heif
from PIL import (
    GifImagePlugin,
    Image,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    UnidentifiedImageError,
    WebPImagePlugin,
)

from composer.core.i18n import _
from composer.core.photos import colour
from composer.core.storage import files

# Every plugin used is registered here, at import (under the import lock): Pillow never has to
# load the others while a worker thread opens a file.
pi_heif.register_heif_opener()
_PLUGINS = (GifImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin)

#: Pillow format name -> stored extension. MPO is a JPEG with extra pictures.
EXTENSIONS: dict[str, str] = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif",
                              "HEIF": "heic"}
#: Only these plugins ever look at a file (JPEG's also opens MPO).
OPEN_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "HEIF")
#: Larger files are refused before they are read into memory.
MAX_FILE_BYTES = 200_000_000
#: Fewer pixels on a side is no photo (an icon, a dot), and would leave a default crop without a pixel.
MIN_SIDE = 16
#: A long side more than this many times the short one is a line, not a photo (real panoramas stay within 10:1).
MAX_ASPECT = 20
ORIENTATION = 0x0112
PLACEHOLDER_GREY = (224, 224, 224)

# Magic numbers, only to name what a file is when Pillow may not open it.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "JPEG"), (0, b"\x89PNG\r\n\x1a\n", "PNG"), (0, b"GIF8", "GIF"),
    (8, b"WEBP", "WEBP"), (4, b"ftypheic", "HEIF"), (4, b"ftypheix", "HEIF"), (4, b"ftypmif1", "HEIF"),
    (4, b"ftypmsf1", "HEIF"), (4, b"ftyphevc", "HEIF"), (4, b"ftypavif", "AVIF"),
    (0, b"II*\x00", "TIFF"), (0, b"MM\x00*", "TIFF"), (0, b"8BPS", "PSD"), (0, b"%PDF", "PDF"),
    (0, b"\x00\x00\x01\x00", "ICO"), (0, b"<svg", "SVG"), (0, b"\xff\x0a", "JPEG XL"),
    (4, b"jP  ", "JPEG 2000"),
)


class PhotoError(ValueError):
    """A file that cannot become a photo in a post; ``str()`` is the translated message for the user.

    ``kind`` says why, for code: ``empty``, ``too_big`` (file), ``too_large``
    (pixels), ``too_small`` (a side under :data:`MIN_SIDE`), ``too_narrow``
    (beyond :data:`MAX_ASPECT`), ``unsupported``, ``not_image``, ``damaged``,
    ``unreadable``, or for a stored copy ``missing`` and ``not_file``;
    ``detail`` keeps Pillow's or the system's own words for a log.
    """

    def __init__(self, message: str, kind: str, detail: str = ""):
        super().__init__(message)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class ImageInfo:
    """What a checked image is: its format as stored, and its size as it is shown (after EXIF rotation)."""

    format: str
    ext: str
    width: int
    height: int


@dataclass(frozen=True)
class Thumbnail:
    """A small RGB or RGBA picture; when ``problem`` is set it is a grey placeholder and says why."""

    image: Image.Image
    problem: str | None = None
    missing: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def sniff(data: bytes) -> str | None:
    """The format ``data`` looks like from its first bytes, or ``None``."""
    head = data[:64]
    for offset, magic, name in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return name
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":  # BMP: "BM", size, four zero bytes
        return "BMP"
    if head.lstrip()[:5] == b"<?xml" and b"<svg" in data[:1024]:
        return "SVG"
    return None


def inspect(data: bytes) -> ImageInfo:
    """Check that ``data`` is an accepted image that decodes completely; raise :class:`PhotoError` if not.

    JPEGs are decoded at 1/8 scale: every byte is still read, so a cut-off
    file is caught, at a fraction of the time and memory.
    """
    if not data:
        raise PhotoError(_("This file is empty (0 bytes): there is no photo in it."), "empty")
    try:
        return _inspect_once(data)
    except Warning as warning:  # only when warnings are errors: retry without EXIF, Pillow's usual complaint
        if isinstance(warning, Image.DecompressionBombWarning) or sniff(data) != "JPEG":
            raise _classify(warning, data) from warning
        first = warning
    try:
        return _inspect_once(strip_jpeg_exif(data))
    except Exception as error:  # noqa: BLE001 - whatever it is, the user gets one clear message
        raise _classify(error, data) from first


def _inspect_once(data: bytes) -> ImageInfo:
    try:
        with Image.open(io.BytesIO(data), formats=OPEN_FORMATS) as im:
            fmt = "JPEG" if im.format == "MPO" else str(im.format)
            width, height = im.size
            check_pixels(width, height)
            check_shape(width, height)
            if fmt == "JPEG":
                im.draft(None, (max(1, width // 8), max(1, height // 8)))
            im.load()
            if orientation(im) in (5, 6, 7, 8):
                width, height = height, width
    except (PhotoError, Warning):
        raise
    except Exception as error:
        raise _classify(error, data) from error
    return ImageInfo(fmt, EXTENSIONS[fmt], width, height)


def check_pixels(width: int, height: int) -> None:
    """Refuse an image over Pillow's ``MAX_IMAGE_PIXELS``, whatever the warning filters say."""
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise _too_large(f"{width}x{height}")


def check_shape(width: int, height: int) -> None:
    """Refuse an image with a side under :data:`MIN_SIDE` pixels, or longer than :data:`MAX_ASPECT` to one."""
    if min(width, height) < MIN_SIDE:
        raise PhotoError(_("This image is too small ({width}×{height} pixels): each side needs at least "
                           "{minimum} pixels.").format(width=width, height=height, minimum=MIN_SIDE),
                         "too_small", f"{width}x{height}")
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise PhotoError(_("This image is too long and narrow ({width}×{height} pixels): its long side may be at "
                           "most {ratio} times its short side. Crop it and add it again.").format(
                             width=width, height=height, ratio=MAX_ASPECT), "too_narrow", f"{width}x{height}")


def _too_large(detail: str) -> PhotoError:
    millions = max(1, round((Image.MAX_IMAGE_PIXELS or 0) / 1_000_000))
    return PhotoError(_("This image has too many pixels: at most {limit} million are accepted. "
                        "Make it smaller and add it again.").format(limit=millions), "too_large", detail)


def _classify(error: BaseException, data: bytes) -> PhotoError:
    """The user's message for whatever Pillow raised on ``data``."""
    if isinstance(error, PhotoError):
        return error
    detail = f"{type(error).__name__}: {error}"
    if isinstance(error, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return _too_large(detail)
    looks_like = sniff(data)
    if isinstance(error, UnidentifiedImageError) and looks_like not in OPEN_FORMATS:
        if looks_like:
            return PhotoError(_("{format} files are not accepted. Save the image as JPEG or PNG "
                                "and add it again.").format(format=looks_like), "unsupported", detail)
        return PhotoError(_("This file is not an image the app can read. Accepted are JPEG, PNG, "
                            "WebP, GIF and HEIC/HEIF photos."), "not_image", detail)
    return PhotoError(_("This image is damaged or incomplete, perhaps not fully downloaded or copied. "
                        "Try the original file again."), "damaged", detail)


def orientation(im: Image.Image) -> int:
    """The EXIF orientation (1-8); 1 when there is none or the EXIF is broken."""
    try:
        value = im.getexif().get(ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - broken EXIF is ignored, not fatal
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def strip_jpeg_exif(data: bytes) -> bytes:
    """``data`` without its EXIF segments: how a JPEG whose EXIF Pillow rejects is still read."""
    if not data.startswith(b"\xff\xd8"):
        return data
    kept, i = [data[:2]], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker in (0xDA, 0xD9) or marker == 0xFF:  # start of scan, end, or fill bytes: copy the rest
            break
        end = i + 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if not (marker == 0xE1 and data[i + 4:i + 10] == b"Exif\x00\x00"):
            kept.append(data[i:end])
        i = end
    kept.append(data[i:])
    return b"".join(kept)


# --- the app's stored copies --------------------------------------------------------

@contextmanager
def open_stored(path: str | os.PathLike[str], without_exif: bool = False) -> Iterator[Image.Image]:
    """The app's copy of a photo at ``path``, opened by Pillow (decode it inside the ``with``).

    A regular file only, never through a link, never blocking on a pipe or a
    device, at most :data:`MAX_FILE_BYTES` and ``MAX_IMAGE_PIXELS``; otherwise
    :class:`PhotoError`. ``without_exif`` reads it into memory without its EXIF
    (a JPEG whose EXIF Pillow warns about). A warning raised as an error at
    open is passed on as it is, so the caller may try again without EXIF; pass
    anything raised while decoding through :func:`stored_error`.
    """
    try:
        handle = files.open_regular(path, MAX_FILE_BYTES, follow_links=False)
    except files.FileProblem as problem:
        raise _stored_problem(problem) from problem
    with handle:
        source = io.BytesIO(strip_jpeg_exif(_read_all(handle))) if without_exif else handle
        try:
            im = Image.open(source, formats=OPEN_FORMATS)
        except Warning as warning:
            if isinstance(warning, Image.DecompressionBombWarning):
                raise _too_large(str(warning)) from warning
            raise
        except Exception as error:
            raise stored_error(error) from error
        with im:
            check_pixels(*im.size)
            yield im


def stored_error(error: BaseException) -> PhotoError:
    """The user's message for whatever went wrong while decoding a stored copy (Pillow's errors included)."""
    if isinstance(error, PhotoError):
        return error
    if isinstance(error, (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError)):
        return _too_large(f"{type(error).__name__}: {error}")
    return PhotoError(_("The app's copy of this photo is damaged.") + " " + _stored_hint(), "damaged",
                      f"{type(error).__name__}: {error}")


def _stored_problem(problem: files.FileProblem) -> PhotoError:
    if problem.kind == "missing":
        return PhotoError(_("The photo's file is missing from the app's folder."), "missing", problem.detail)
    kind = {"too_big": "too_big", "denied": "unreadable", "unreadable": "unreadable"}.get(problem.kind, "not_file")
    return PhotoError(_("The app's copy of this photo cannot be read: {reason}.").format(reason=problem) + " "
                      + _stored_hint(), kind, problem.detail)


def _stored_hint() -> str:
    return _("Remove the photo from the post and add it again.")


def _read_all(handle: BinaryIO) -> bytes:
    try:
        data: bytes = handle.read(MAX_FILE_BYTES + 1)
        return data
    except OSError as error:
        raise stored_error(error) from error


# --- thumbnails ---------------------------------------------------------------------

def thumbnail(path: str | os.PathLike[str], size: tuple[int, int] = (256, 256)) -> Thumbnail:
    """An upright picture of the stored photo at ``path`` that fits in ``size``; never raises.

    A missing, unreadable or damaged file gives a grey placeholder with
    ``problem`` set to why (and ``missing`` when the file is gone), for the
    window to say so.
    """
    try:
        return Thumbnail(_thumbnail_image(Path(path), size))
    except Exception as error:  # noqa: BLE001 - a thumbnail is never worth a crash
        problem = stored_error(error)
        return placeholder(size, str(problem), missing=problem.kind == "missing")


def placeholder(size: tuple[int, int], problem: str, missing: bool = False) -> Thumbnail:
    return Thumbnail(Image.new("RGB", size, PLACEHOLDER_GREY), problem, missing)


def _thumbnail_image(path: Path, size: tuple[int, int]) -> Image.Image:
    try:
        return _thumbnail_from(path, size)
    except Warning:  # warnings raised as errors: read it again without its EXIF
        return _thumbnail_from(path, size, without_exif=True)


def _thumbnail_from(path: Path, size: tuple[int, int], without_exif: bool = False) -> Image.Image:
    with open_stored(path, without_exif) as im:
        turned = orientation(im) in (5, 6, 7, 8)
        box = (size[1], size[0]) if turned else size
        im.draft(None, fitted(im.size, box))  # JPEG: decode at 1/2-1/8 scale; HEIF: embedded thumbnail
        im.load()
        source = colour.source_of(im)
        try:
            upright = ImageOps.exif_transpose(im)
        except Exception:  # noqa: BLE001 - broken EXIF: shown as stored
            upright = im.copy()
    small = workable(upright)
    small.thumbnail(size, Image.Resampling.LANCZOS)
    shown, _problem = colour.to_srgb(small, source)  # an unusable profile: shown as stored; export says why
    return _drop_opaque_alpha(shown)


def fitted(image_size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size of ``image_size`` scaled down (never up) to fit in ``box``, keeping the aspect ratio."""
    width, height = image_size
    scale = min(1.0, box[0] / width, box[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def workable(im: Image.Image) -> Image.Image:
    """``im`` in 8 bits a channel, in the colours it was made in, ready to resize and convert to sRGB.

    L, LA, RGB, RGBA or CMYK: 16-bit grey is scaled (not clipped to white), a palette or a
    transparent colour becomes real transparency. A grey scan stays grey until its own profile
    turns it into sRGB (:func:`colour.to_srgb`): made RGB first, the profile would not fit it.
    """
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        im = im.point(lambda v: v * (1 / 256), "L")  # 16-bit: scale, do not clip to white
    if im.mode in ("CMYK", "L", "RGB") and "transparency" not in im.info:
        return im
    if im.mode in ("LA", "La") or (im.mode == "L" and "transparency" in im.info):
        return im if im.mode == "LA" else im.convert("LA")
    transparent = im.mode in ("RGBA", "PA", "RGBa") or "transparency" in im.info
    wanted = "RGBA" if transparent else "RGB"
    return im if im.mode == wanted else im.convert(wanted)


def _drop_opaque_alpha(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        return im.convert("RGB")
    return im
