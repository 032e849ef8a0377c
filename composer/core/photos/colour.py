"""Colour: every picture leaves in sRGB, converted from the colours it was made in (issue 9, point 11).

Where a picture's colours come from (:func:`source_of`):

- its own ICC profile, whatever its pixels are: RGB (Display P3, Adobe RGB),
  grey (a scan in *Gray Gamma 1.8*: mid grey 128 shows as 146) or CMYK;
- a HEIF ``nclx`` colour box and no profile (an iPhone or Android photo in
  Display P3 or BT.2020): a profile is built from its primaries and transfer
  curve (:func:`nclx_profile`);
- CMYK and no profile: the standard CMYK an image editor assumes, shipped as
  ``data/cmyk-swop-tr003.icc`` (built from SWOP TR 003 coated #3 data; see
  ``data/cmyk-swop-tr003.txt``): 100 % cyan is (0, 170, 234), not (0, 255, 255);
- anything else is sRGB already.

LittleCMS (through Pillow's ``ImageCms``) does every conversion, with its
default perceptual intent. A profile that cannot be used is never skipped in
silence: :func:`to_srgb` says why, the picture is then taken as stored (CMYK:
through the standard profile), and the caller shows the reason.

Thread-safe: profiles are read-only once made; each thread builds its own
LittleCMS transforms (a transform caches its last pixel, so it is not shared).
"""

from __future__ import annotations

import io
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from PIL import Image, ImageCms

from composer.core.i18n import _

CMYK_PROFILE = "cmyk-swop-tr003.icc"
#: xy chromaticities of red, green, blue and white (D65): sRGB / BT.709.
SRGB_PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06), (0.3127, 0.3290))
#: ITU-T H.273 colour primaries code -> chromaticities, for an nclx box that gives only the code.
PRIMARIES = {
    1: SRGB_PRIMARIES,
    9: ((0.708, 0.292), (0.170, 0.797), (0.131, 0.046), (0.3127, 0.3290)),  # BT.2020
    11: ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060), (0.314, 0.351)),  # DCI-P3 (cinema white)
    12: ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060), (0.3127, 0.3290)),  # Display P3
}
#: H.273 transfer characteristics shown with the sRGB curve: sRGB itself, unspecified, and the BT.709 family
#: (BT.601, BT.2020 10/12-bit), which displays show as sRGB for still pictures.
SRGB_LIKE_TRANSFER = frozenset({0, 1, 2, 6, 13, 14, 15})
GAMMA_TRANSFER = {4: 2.2, 5: 2.8, 8: 1.0}
HDR_TRANSFER = frozenset({16, 18})  # PQ, HLG
_D50 = (0.9642, 1.0, 0.8249)
Primaries = tuple[tuple[float, float], ...]  # xy of red, green, blue and white
Vector = tuple[float, ...] | list[float]
Matrix = tuple[tuple[float, ...], ...] | list[list[float]]
_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))
_MODES = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
_local = threading.local()


class ColourError(Exception):
    """A colour profile that cannot be used; ``str()`` is the translated reason."""


@dataclass(frozen=True)
class Source:
    """Where a picture's colours come from: an ICC profile (``None``: sRGB already) and how it was found.

    ``origin``: ``icc`` (its own), ``nclx`` (built from a HEIF colour box), ``cmyk`` (the standard CMYK)
    or ``srgb``; ``problem``: why the colours may still be off (an HDR picture), else ``None``.
    """

    profile: bytes | None
    origin: str
    problem: str | None = None


SRGB = Source(None, "srgb")


def source_of(im: Image.Image) -> Source:
    """Where the colours of ``im`` (as opened, before any conversion) come from."""
    icc = im.info.get("icc_profile")
    if icc:
        return Source(bytes(icc), "icc")
    if im.mode == "CMYK":
        return Source(standard_cmyk(), "cmyk")
    nclx = im.info.get("nclx_profile")
    if isinstance(nclx, Mapping):
        return nclx_source(nclx)
    return SRGB


@cache
def standard_cmyk() -> bytes:
    """The CMYK profile assumed for CMYK pictures without one (SWOP TR 003 coated, shipped with the app)."""
    return (resources.files("composer.core") / "data" / CMYK_PROFILE).read_bytes()


def to_srgb(im: Image.Image, source: Source) -> tuple[Image.Image, str | None]:
    """``im`` (L, LA, RGB, RGBA or CMYK) in sRGB as RGB or RGBA, and why its profile could not be used, if so.

    When ``source``'s profile fails, the picture is taken as stored (CMYK through the standard profile)
    and the reason is returned for the caller to show: never a silent fallback.
    """
    if source.profile is None:
        return _plain_rgb(im), source.problem
    try:
        return _through(im, source.profile), source.problem
    except ColourError as error:
        if im.mode == "CMYK" and source.origin != "cmyk":
            return _through(im, standard_cmyk()), str(error)
        return _plain_rgb(im), str(error)


def stays_grey(source: Source) -> bool:
    """Whether a grey picture from ``source`` is still grey in sRGB (no profile, or a grey one)."""
    if source.profile is None:
        return True
    try:
        return _profile(source.profile).profile.xcolor_space.strip() == "GRAY"
    except ColourError:
        return True  # a damaged profile: to_srgb takes the picture as stored, grey


def _plain_rgb(im: Image.Image) -> Image.Image:
    wanted = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
    if im.mode == "CMYK":
        return _through(im, standard_cmyk())
    return im if im.mode == wanted else im.convert(wanted)


def _through(im: Image.Image, profile: bytes) -> Image.Image:
    """``im`` converted by LittleCMS from ``profile`` to sRGB; :class:`ColourError` when that cannot be done."""
    opened = _profile(profile)
    wanted = _MODES.get(opened.profile.xcolor_space.strip())
    if wanted is None:
        raise ColourError(_("The photo's colour profile is of a kind the app cannot use; "
                            "its colours are used as stored."))
    alpha = im.getchannel("A") if im.mode in ("RGBA", "LA") else None
    base = im.convert(im.mode[:-1]) if alpha is not None else im  # "RGBA" -> "RGB", "LA" -> "L"
    if base.mode != wanted:
        if not (base.mode == "L" and wanted == "RGB"):  # grey is a special RGB; anything else does not fit
            raise ColourError(_("The photo's colour profile does not fit its pixels; "
                                "its colours are used as stored."))
        base = base.convert("RGB")
    try:
        converted = ImageCms.applyTransform(base, _transform(profile, wanted))
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        raise ColourError(_("The photo's colour profile could not be applied; "
                            "its colours are used as stored.")) from error
    if converted is None:  # (applyTransform returns None only when told to work in place)
        raise ColourError(_("The photo's colour profile could not be applied; its colours are used as stored."))
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


@lru_cache(maxsize=32)
def _profile(profile: bytes) -> ImageCms.ImageCmsProfile:
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as error:
        raise ColourError(_("The photo's colour profile is damaged; its colours are used as stored.")) from error


def _transform(profile: bytes, mode: str) -> ImageCms.ImageCmsTransform:
    """A transform from ``profile`` to sRGB, made once per thread (LittleCMS transforms are not shared)."""
    transforms = getattr(_local, "transforms", None)
    if transforms is None:
        transforms = _local.transforms = {}
    key = (profile, mode)
    if key not in transforms:
        if len(transforms) >= 16:
            transforms.clear()
        transforms[key] = ImageCms.buildTransform(_profile(profile), _srgb(), mode, "RGB")
    transform: ImageCms.ImageCmsTransform = transforms[key]
    return transform


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


# --- HEIF nclx colour boxes ------------------------------------------------------------------------------


def nclx_source(nclx: Mapping[str, Any]) -> Source:
    """The colours a HEIF ``nclx`` box describes (pillow-heif's ``info["nclx_profile"]``)."""
    transfer = nclx.get("transfer_characteristics", 2)
    problem = None
    if transfer in HDR_TRANSFER:
        problem = _("This is an HDR photo: its colours are shown in standard range and may look flatter.")
    primaries = _primaries(nclx)
    if primaries is None:
        return Source(None, "srgb", _("The photo's colour information is of a kind the app does not know; "
                                      "its colours are used as sRGB."))
    gamma = GAMMA_TRANSFER.get(transfer)
    if gamma is None and transfer not in SRGB_LIKE_TRANSFER | HDR_TRANSFER:
        problem = _("The photo's colour information is of a kind the app does not know; "
                    "its colours are used as sRGB.")
    if gamma is None and _close(primaries, SRGB_PRIMARIES):
        return Source(None, "srgb", problem)
    return Source(nclx_profile(primaries, gamma), "nclx", problem)


def _primaries(nclx: Mapping[str, Any]) -> tuple[tuple[float, float], ...] | None:
    names = ("red", "green", "blue", "white")
    try:
        given = tuple((float(nclx[f"color_primary_{n}_x"]), float(nclx[f"color_primary_{n}_y"])) for n in names)
    except (KeyError, TypeError, ValueError):
        given = None
    if given is not None and all(0 < x < 1 and 0 < y < 1 for x, y in given):
        return given
    return PRIMARIES.get(nclx.get("color_primaries", 2), SRGB_PRIMARIES if nclx.get("color_primaries", 2) == 2
                         else None)


def _close(a: Primaries, b: Primaries, tolerance: float = 0.0015) -> bool:
    return all(abs(p - q) <= tolerance for pa, pb in zip(a, b, strict=True) for p, q in zip(pa, pb, strict=True))


@lru_cache(maxsize=8)
def nclx_profile(primaries: tuple[tuple[float, float], ...], gamma: float | None = None) -> bytes:
    """An ICC v2 RGB profile for these xy ``primaries`` (red, green, blue, white) and curve.

    ``gamma`` ``None``: the sRGB curve. The colorants are adapted to the ICC's D50 with Bradford, as
    LittleCMS's own ``cmsCreateRGBProfile`` does.
    """
    to_xyz = _rgb_to_xyz(primaries)
    white = _xyz(*primaries[3])
    adapt = _adaptation(white, _D50)
    colorants = _multiply(adapt, to_xyz)  # columns: red, green, blue in D50
    curve = _gamma_curve(gamma) if gamma is not None else _srgb_curve()
    name = "Post Composer nclx RGB"
    tags = [(b"desc", _desc(name)), (b"cprt", b"text\0\0\0\0No copyright, use freely\0"),
            (b"wtpt", _xyz_tag(*_D50))]
    for index, signature in enumerate((b"rXYZ", b"gXYZ", b"bXYZ")):
        tags.append((signature, _xyz_tag(*(colorants[row][index] for row in range(3)))))
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    return _icc(b"RGB ", tags)


def _xyz(x: float, y: float) -> tuple[float, float, float]:
    return x / y, 1.0, (1 - x - y) / y


def _rgb_to_xyz(primaries: Primaries) -> list[list[float]]:
    columns = [_xyz(*primaries[i]) for i in range(3)]
    matrix = [[columns[c][r] for c in range(3)] for r in range(3)]
    scale = _solve(matrix, _xyz(*primaries[3]))
    return [[matrix[r][c] * scale[c] for c in range(3)] for r in range(3)]


def _adaptation(source: Vector, target: Vector) -> list[list[float]]:
    cone_source, cone_target = _apply(_BRADFORD, source), _apply(_BRADFORD, target)
    diagonal = [[cone_target[i] / cone_source[i] if i == j else 0.0 for j in range(3)] for i in range(3)]
    return _multiply(_inverse(_BRADFORD), _multiply(diagonal, _BRADFORD))


def _apply(matrix: Matrix, vector: Vector) -> list[float]:
    return [sum(matrix[r][c] * vector[c] for c in range(3)) for r in range(3)]


def _multiply(a: Matrix, b: Matrix) -> list[list[float]]:
    return [[sum(a[r][k] * b[k][c] for k in range(3)) for c in range(3)] for r in range(3)]


def _determinant(m: Matrix) -> float:
    return float(m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))


def _inverse(m: Matrix) -> list[list[float]]:
    det = _determinant(m)
    cofactors = [[(m[(r + 1) % 3][(c + 1) % 3] * m[(r + 2) % 3][(c + 2) % 3]
                   - m[(r + 1) % 3][(c + 2) % 3] * m[(r + 2) % 3][(c + 1) % 3]) for c in range(3)] for r in range(3)]
    return [[cofactors[c][r] / det for c in range(3)] for r in range(3)]


def _solve(matrix: Matrix, vector: Vector) -> list[float]:
    return _apply(_inverse(matrix), vector)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def _gamma_curve(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _srgb_curve(points: int = 1024) -> bytes:
    def decode(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    table = [round(decode(i / (points - 1)) * 65535) for i in range(points)]
    return b"curv\0\0\0\0" + struct.pack(f">I{points}H", points, *table)


def _desc(name: str) -> bytes:
    ascii_name = name.encode("ascii") + b"\0"
    return b"desc\0\0\0\0" + struct.pack(">I", len(ascii_name)) + ascii_name + b"\0" * 78


def _icc(space: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        body += b"\0" * (-(offset + len(body)) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntr" + space + b"XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 28 + _s15(_D50[0]) + _s15(_D50[1]) + _s15(_D50[2]) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body
