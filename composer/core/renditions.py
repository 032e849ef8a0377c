"""Renditions: a stored photo as each network should get it.

Upright (EXIF orientation applied), in sRGB (through the photo's own ICC
profile when it has one), cropped (the stored rectangle, else a centred crop
to the network's first usual shape, else not at all), shrunk with Lanczos to
the network's size (never enlarged), and saved as JPEG, or PNG when the image
really is transparent and the network takes PNG, **without any metadata**: no
EXIF, GPS, XMP, ICC profile or comment leaves the library.

:func:`render_all` decodes the photo once for all networks, and a JPEG at the
smallest DCT scale (1/2, 1/4, 1/8) that still has enough pixels for the
largest rendition. The JPEG quality is the highest (95 down to 60) that keeps
every file within the tightest byte limit of the networks exported to
(Bluesky's 2,000,000 bytes).

The stored copy is opened through :func:`images.open_stored` (regular files
only, within the file, pixel and shape limits), so a damaged, replaced or
hostile copy is an :class:`ExportError` in the user's language, never
Pillow's own error or a hang.

No Qt here; everything is thread-safe (the export runs in a worker).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from composer.core import crops, images
from composer.core.crops import Crop
from composer.core.i18n import _
from composer.core.platforms import Network
from composer.core.platforms import network as network_named

MAX_QUALITY = 95
MIN_QUALITY = 60
#: When even the lowest quality is too big, the image is shrunk by this factor and tried again.
SHRINK = 0.85
_EPSILON = 1e-6


class ExportError(Exception):
    """An export that cannot be done; ``str()`` is the translated message for the user."""


@dataclass(frozen=True)
class Rendition:
    """One finished image: its bytes, ``format`` ("JPEG" or "PNG"), file extension and pixel size."""

    data: bytes
    format: str
    size: tuple[int, int]
    quality: int | None = None

    @property
    def ext(self) -> str:
        return "png" if self.format == "PNG" else "jpg"


@dataclass(frozen=True)
class _Plan:
    network: Network
    box: tuple[float, float, float, float]  # left, top, right, bottom in upright original pixels
    target: tuple[int, int]


def _as_network(value: Network | str) -> Network:
    return value if isinstance(value, Network) else network_named(value)


def tightest_limit(networks: Iterable[Network | str]) -> int | None:
    """The smallest file limit among ``networks`` (``None`` when none has one)."""
    limits = [n.image_bytes for n in map(_as_network, networks) if n.image_bytes]
    return min(limits) if limits else None


def default_crop(size: tuple[int, int], network: Network | str) -> Crop | None:
    """The crop used when none is stored: centred to the network's first usual shape (none for a free network)."""
    shapes = _as_network(network).crop_ratios
    return crops.default_crop(size[0], size[1], shapes[0]) if shapes else None


def target_size(crop_size: tuple[float, float], network: Network | str) -> tuple[int, int]:
    """The rendition's pixel size for a crop of ``crop_size`` original pixels: shrunk to fit, never enlarged."""
    net = _as_network(network)
    width, height = crop_size
    scale = min(1.0, net.image_long_edge / max(width, height))
    if net.image_width:
        scale = min(scale, net.image_width / width)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _check_crop(crop: Crop, net: Network) -> None:
    values = (crop.x, crop.y, crop.width, crop.height)
    if (not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)
            or crop.x < -_EPSILON or crop.y < -_EPSILON or crop.width <= 0 or crop.height <= 0
            or crop.x + crop.width > 1 + _EPSILON or crop.y + crop.height > 1 + _EPSILON):
        raise ExportError(_("The crop for {network} lies (partly) outside the photo. "
                            "Set the crop again.").format(network=net.name))


def _plan(size: tuple[int, int], net: Network, crop: Crop | None) -> _Plan:
    width, height = size
    if crop is not None:
        _check_crop(crop, net)
    else:
        crop = default_crop(size, net)
    if crop is None:
        box = (0.0, 0.0, float(width), float(height))
    else:
        left, top = max(0.0, crop.x) * width, max(0.0, crop.y) * height
        right, bottom = min(1.0, crop.x + crop.width) * width, min(1.0, crop.y + crop.height) * height
        box = (left, top, right, bottom)
    crop_w, crop_h = box[2] - box[0], box[3] - box[1]
    if crop_w < 1 or crop_h < 1:
        raise ExportError(_("The crop for {network} is too small: less than one pixel.").format(network=net.name))
    return _Plan(net, box, target_size((crop_w, crop_h), net))


def _reduction(plans: Iterable[_Plan]) -> float:
    """By how much the whole photo may be scaled down and still give every rendition its full size."""
    factors = [min((p.box[2] - p.box[0]) / p.target[0], (p.box[3] - p.box[1]) / p.target[1]) for p in plans]
    return max(1.0, min(factors)) if factors else 1.0


# --- decoding -------------------------------------------------------------------------------------------


def _decode(path: Path, crops: Mapping[str, Crop | None], nets: list[Network]) -> tuple[Image.Image, list[_Plan],
                                                                                              tuple[int, int]]:
    """The upright, displayable image decoded as small as allowed; the plans; the upright original size.

    The stored copy is opened by :func:`images.open_stored` (regular files only, within every limit);
    whatever is wrong with it, Pillow's errors included, is an :class:`ExportError` in the user's language.
    """
    try:
        with images.open_stored(path) as im:
            turned = images.orientation(im) in (5, 6, 7, 8)
            upright = (im.size[1], im.size[0]) if turned else im.size
            images.check_shape(*upright)
            plans = [_plan(upright, net, crops.get(net.key)) for net in nets]
            factor = _reduction(plans)
            if factor >= 2:
                stored_w, stored_h = im.size
                im.draft(None, (math.ceil(stored_w / factor), math.ceil(stored_h / factor)))
            im.load()
            icc = im.info.get("icc_profile")
            try:
                decoded = ImageOps.exif_transpose(im)
            except Exception:  # noqa: BLE001 - broken EXIF: used as stored
                decoded = im.copy()
    except ExportError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged stored copy must never escape as Pillow's own error
        raise ExportError(str(images.stored_error(error))) from error
    was_cmyk = decoded.mode == "CMYK"
    if icc:
        decoded.info["icc_profile"] = icc
    picture = images._drop_opaque_alpha(images.displayable(decoded))  # CMYK: through its profile here
    picture.info = {"icc_profile": icc} if icc and not was_cmyk else {}
    return picture, plans, upright


# --- encoding ---------------------------------------------------------------------------------------------


def _clean(im: Image.Image) -> Image.Image:
    """``im`` with nothing in ``info``: Pillow copies comments, XMP and profiles from it when saving."""
    im.info = {}
    return im


def _jpeg(im: Image.Image, quality: int, optimize: bool = True) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=optimize)
    return out.getvalue()


def _png(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def encode(im: Image.Image, limit: int | None, png: bool = False) -> Rendition:
    """``im`` as JPEG at the highest quality within ``limit`` bytes (PNG when ``png``); shrunk only as a last resort."""
    im = _clean(im)
    while True:
        if png:
            data = _png(im)
            if limit is None or len(data) <= limit:
                return Rendition(data, "PNG", im.size)
        else:
            found = _best_jpeg(im, limit)
            if found is not None:
                return Rendition(found[1], "JPEG", im.size, found[0])
        if min(im.size) <= 16:
            raise ExportError(_("This photo cannot be made small enough for the file limit of {limit} bytes.").format(
                limit=f"{limit:,}"))
        im = _clean(im.resize((max(1, round(im.width * SHRINK)), max(1, round(im.height * SHRINK))),
                              Image.Resampling.LANCZOS))


def _best_jpeg(im: Image.Image, limit: int | None) -> tuple[int, bytes] | None:
    """The highest quality from 95 to 60 whose file fits ``limit`` (bisection), or ``None`` if even 60 is too big.

    The first try skips Huffman optimisation (a fifth of the time, a few percent of the size); when the
    file must be squeezed, every try is optimised, so the quality can stay a step higher.
    """
    best = _jpeg(im, MAX_QUALITY, optimize=False)
    if limit is None or len(best) <= limit:
        return MAX_QUALITY, best
    best = _jpeg(im, MAX_QUALITY)
    if len(best) <= limit:
        return MAX_QUALITY, best
    low, high, found = MIN_QUALITY, MAX_QUALITY - 1, None
    while low <= high:
        quality = (low + high) // 2
        data = _jpeg(im, quality)
        if len(data) <= limit:
            found, low = (quality, data), quality + 1
        else:
            high = quality - 1
    return found


def _flatten(im: Image.Image) -> Image.Image:
    """A transparent image on white, for a network that takes no PNG."""
    back = Image.new("RGB", im.size, (255, 255, 255))
    back.paste(im, mask=im.getchannel("A"))
    return back


def _rendition(picture: Image.Image, plan: _Plan, scale: tuple[float, float], limit: int | None) -> Rendition:
    left, top, right, bottom = plan.box
    sx, sy = scale
    box = (left * sx, top * sy, right * sx, bottom * sy)
    small = picture.resize(plan.target, Image.Resampling.LANCZOS, box=box)
    icc = picture.info.get("icc_profile")
    if icc:
        small.info["icc_profile"] = icc
        small = images._to_srgb(small)  # on the small image: the same colours, a fraction of the work
    transparent = small.mode == "RGBA"
    png = transparent and "png" in plan.network.image_formats
    if transparent and not png:
        small = _flatten(small)
    return encode(small, limit, png=png)


# --- the public functions ---------------------------------------------------------------------------------


def render_all(photo_path: str | os.PathLike, networks: Iterable[Network | str],
               crops: Mapping[str, Crop | None] | None = None,
               byte_limit: int | None | bool = True) -> dict[str, Rendition]:
    """Every network's rendition of the photo at ``photo_path``, decoding it only once.

    ``crops`` maps a network key to its stored crop (missing: the default crop).
    ``byte_limit``: ``True`` (default) applies the tightest file limit of
    ``networks`` to every rendition; a number sets it; ``None`` applies none.
    Raises :class:`ExportError` for a missing or damaged file or a crop outside the image.
    """
    nets = list(dict.fromkeys(map(_as_network, networks)))
    if not nets:
        return {}
    limit = tightest_limit(nets) if byte_limit is True else (byte_limit or None)
    path = Path(photo_path)
    picture, plans, upright = _decode(path, crops or {}, nets)
    scale = (picture.width / upright[0], picture.height / upright[1])
    return {plan.network.key: _rendition(picture, plan, scale, limit) for plan in plans}


def render(photo_path: str | os.PathLike, network: Network | str, crop: Crop | None = None,
           byte_limit: int | None | bool = True) -> Rendition:
    """One network's rendition (see :func:`render_all`)."""
    net = _as_network(network)
    return render_all(photo_path, [net], {net.key: crop}, byte_limit)[net.key]
