"""Test pictures, made with Pillow so that every image is visible in the code that uses it."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

from PIL import Image

RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)
ORIENTATION = 0x0112  # the EXIF tag


def encode(im: Image.Image, fmt: str, **options) -> bytes:
    """``im`` as the bytes of a ``fmt`` file (HEIF: see :func:`heif`)."""
    if fmt == "HEIF":
        return heif(im, **options)
    out = io.BytesIO()
    im.save(out, format=fmt, **options)
    return out.getvalue()


def heif(im: Image.Image, **options) -> bytes:
    """``im`` as a HEIC file, written by pillow-heif's encoder (a test dependency) without registering it with
    Pillow: the app opens HEIC with pi-heif's decoder, and a test must not swap that for another."""
    import pillow_heif

    out = io.BytesIO()
    pillow_heif.from_pillow(im).save(out, **options)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    """The picture in ``data``, decoded (as a network would open the file)."""
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def scene(size: tuple[int, int] = (120, 80)) -> Image.Image:
    """A photo-like picture: a gradient with some noise, and a red block in the top-left corner.

    The same for the same size every time (the noise is seeded with the size).
    """
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.frombytes("L", size, random.Random(f"{size}").randbytes(width * height))
    im = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    im.paste(RED, (0, 0, width // 4, height // 4))
    return im


def jpeg(size: tuple[int, int] = (120, 80), **options) -> bytes:
    """A photo-like JPEG (see :func:`scene`); ``options`` go to Pillow (``progressive=True``, ``exif=…``)."""
    return encode(scene(size), "JPEG", quality=90, **options)


def flat_jpeg(size: tuple[int, int] = (120, 80), colour: tuple[int, int, int] = RED) -> bytes:
    """A JPEG of one plain colour: a flat graphic, as far as the renditions are concerned."""
    return encode(Image.new("RGB", size, colour), "JPEG", quality=90)


def png(size: tuple[int, int] = (64, 48), mode: str = "RGB", colour: object = None) -> bytes:
    """A PNG of one plain colour (red, or mid-grey in mode ``L``)."""
    if colour is None:
        colour = 128 if mode == "L" else "red"
    return encode(Image.new(mode, size, colour), "PNG")


def jpeg_file(path: Path, colour: tuple[int, int, int] = RED, size: tuple[int, int] = (120, 80),
              orientation: int | None = None) -> Path:
    """A small JPEG file at ``path``: a plain colour with a white block in its top-left corner.

    With ``orientation``, an EXIF orientation tag (6: the camera was turned a quarter to the right).
    """
    im = Image.new("RGB", size, colour)
    im.paste((255, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    options = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        options["exif"] = exif.tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", **options)
    return path


def cmyk_jpeg(size: tuple[int, int] = (300, 200), cmyk: tuple[int, int, int, int] = (255, 0, 0, 0),
              profile: bytes | None = None) -> bytes:
    """A CMYK JPEG of one ink mix (default pure cyan), as print shops send, with ``profile`` if given."""
    options = {"icc_profile": profile} if profile else {}
    return encode(Image.new("CMYK", size, cmyk), "JPEG", quality=95, **options)


def grainy(im: Image.Image, amount: float = 0.2) -> Image.Image:
    """``im`` as a camera or scanner sees it: with grain, so it is no flat graphic (sent as PNG)."""
    return Image.blend(im.convert("RGB"), Image.effect_noise(im.size, 20).convert("RGB"), amount)


def noise(size: tuple[int, int] = (2048, 1365), grain: int = 2) -> Image.Image:
    """Random colour in blocks of ``grain`` pixels (they survive the shrinking): the hardest picture to compress."""
    small = (size[0] // grain, size[1] // grain)
    return Image.frombytes("RGB", small, os.urandom(small[0] * small[1] * 3)).resize(size, Image.Resampling.BICUBIC)
