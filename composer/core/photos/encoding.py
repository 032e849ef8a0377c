"""A picture as a file within a size limit, true to the artwork (issue 9), and never with metadata.

JPEG with full colour resolution (4:4:4) at quality 95 first; only a file
over its limit falls back to 4:2:0, then to a lower quality (95 down to 60,
by bisection), and last to fewer pixels. A flat picture (a screenshot, a
poster in flat colours: :func:`is_flat`) may go as lossless PNG when that is
the smaller file. Nothing of the original's ``info`` (EXIF, XMP, ICC,
comments) is written. ``renditions.py`` decides what each network gets.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops

MAX_QUALITY = 95
MIN_QUALITY = 60
FULL_COLOUR = "4:4:4"
HALF_COLOUR = "4:2:0"
#: When even the lowest quality is too big, the image is shrunk by this factor and tried again.
SHRINK = 0.85
#: A picture is flat when a FLAT_SAMPLE × FLAT_SAMPLE sample of its pixels has at most FLAT_COLOURS colours
#: (a screenshot ~260, a flat poster ~330, a photo ~16,000 of 16,384) and at least FLAT_SAME of the sampled
#: pixels equal their neighbour (a screenshot or poster 0.8, a photo 0, a black-and-white photo 0.02: few
#: colours, but no flat areas).
FLAT_SAMPLE = 128
FLAT_COLOURS = 1024
FLAT_SAME = 0.5


@dataclass(frozen=True)
class Encoded:
    """A picture as a file: its bytes, ``format`` ("JPEG" or "PNG") and pixel size; for a JPEG its
    ``quality`` and ``subsampling`` ("4:4:4" or "4:2:0")."""

    data: bytes
    format: str
    size: tuple[int, int]
    quality: int | None = None
    subsampling: str | None = None


class TooBig(Exception):
    """Not even a picture of 16 pixels a side fits the file limit (``limit`` bytes)."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def clean(im: Image.Image) -> Image.Image:
    """``im`` with nothing in ``info``: Pillow copies comments, XMP and profiles from it when saving."""
    im.info = {}
    return im


def jpeg(im: Image.Image, quality: int, optimize: bool = True, subsampling: str = FULL_COLOUR) -> bytes:
    """``im`` as JPEG; the optimised encoder first, the plain one where Pillow's optimiser runs out of room.

    Pillow gives the optimiser an output buffer of one byte a pixel below quality 95 (two at 95): a grainy
    4:4:4 picture can need more, and libjpeg then stops with ``OSError`` ("Suspension not allowed here").
    """
    try:
        return _save_jpeg(im, quality, optimize, subsampling)
    except OSError:
        if not optimize:
            raise
        return _save_jpeg(im, quality, False, subsampling)


def _save_jpeg(im: Image.Image, quality: int, optimize: bool, subsampling: str) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=optimize, subsampling=subsampling)
    return out.getvalue()


def png(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def is_flat(im: Image.Image) -> bool:
    """Whether ``im`` is a flat graphic (few colours, in flat areas), judged on a small sample of its pixels."""
    width, height = min(FLAT_SAMPLE, im.width), min(FLAT_SAMPLE, im.height)
    sample = im.resize((width, height), Image.Resampling.NEAREST)  # nearest: only colours the picture has
    if width < 2 or sample.getcolors(FLAT_COLOURS) is None:
        return False
    step = ImageChops.difference(sample.crop((1, 0, width, height)), sample.crop((0, 0, width - 1, height)))
    same = step.convert("L").histogram()[0]
    return same >= FLAT_SAME * (width - 1) * height


def encode(im: Image.Image, limit: int | None, lossless: bool = False, try_png: bool = False) -> Encoded:
    """``im`` within ``limit`` bytes: PNG when ``lossless``; else JPEG (see :func:`best_jpeg`), or with
    ``try_png`` the smaller of that and a PNG; shrunk only as a last resort (:class:`TooBig` when even a
    tiny picture does not fit)."""
    im = clean(im)
    while True:
        if lossless:
            data = png(im)
            if limit is None or len(data) <= limit:
                return Encoded(data, "PNG", im.size)
        else:
            found = best_jpeg(im, limit)
            as_png = png(im) if try_png else None
            if as_png is not None and (limit is None or len(as_png) <= limit) and (
                    found is None or len(as_png) < len(found[2])):
                return Encoded(as_png, "PNG", im.size)
            if found is not None:
                return Encoded(found[2], "JPEG", im.size, found[0], found[1])
        if min(im.size) <= 16:
            raise TooBig(limit or 0)
        im = clean(im.resize((max(1, round(im.width * SHRINK)), max(1, round(im.height * SHRINK))),
                             Image.Resampling.LANCZOS))


def best_jpeg(im: Image.Image, limit: int | None) -> tuple[int, str, bytes] | None:
    """(quality, subsampling, file): 4:4:4 at 95 when it fits ``limit``; else 4:2:0 at the highest quality
    from 95 to 60 that fits (bisection); ``None`` when even that is too big."""
    best = jpeg(im, MAX_QUALITY)
    if limit is None or len(best) <= limit:
        return MAX_QUALITY, FULL_COLOUR, best
    best = jpeg(im, MAX_QUALITY, subsampling=HALF_COLOUR)
    if len(best) <= limit:
        return MAX_QUALITY, HALF_COLOUR, best
    low, high, found = MIN_QUALITY, MAX_QUALITY - 1, None
    while low <= high:
        quality = (low + high) // 2
        data = jpeg(im, quality, subsampling=HALF_COLOUR)
        if len(data) <= limit:
            found, low = (quality, HALF_COLOUR, data), quality + 1
        else:
            high = quality - 1
    return found


def flatten(im: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """A transparent image on ``background`` (white), for a network that takes no PNG."""
    back = Image.new("RGB", im.size, background)
    back.paste(im, mask=im.getchannel("A"))
    return back
