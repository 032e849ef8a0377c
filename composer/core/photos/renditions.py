"""Renditions: a stored photo as each network should get it.

Upright (EXIF orientation applied), in sRGB (:mod:`composer.core.photos.colour`: the
photo's own ICC profile, a HEIF colour box, or the standard CMYK), cropped (the
stored rectangle, else a centred crop to the network's first usual shape, else
not at all) or put whole on a mat (:func:`crops.mat_crop`), shrunk with
Lanczos to the network's size (never enlarged), and saved **without any
metadata**: no EXIF, GPS, XMP, ICC profile or comment leaves the library.

True to the artwork (issue 9; the file itself is made by ``encoding.py``):

- JPEG is written with full colour resolution (4:4:4) at quality 95 first:
  4:2:0 halves the colour resolution and turns red text on blue into a purple
  smear. Only a file over its network's limit falls back, to 4:2:0 and then
  to a lower quality (95 down to 60), and last to fewer pixels.
- A flat picture (a screenshot, a poster in flat colours, line art: few
  colours, :func:`is_flat`) goes out as lossless PNG where the network takes
  PNG and the PNG is the smaller file; a transparent one as PNG always.
- Each network gets its own file limit (X 5 MB, Bluesky 2 MB, Facebook none).
- A network with a range of shapes (Instagram: 4:5 to 1.91:1) gets a pixel
  size rounded toward that range: 1080×566, never 1080×565.
- A crop that leaves out more than a third of the picture comes with a
  :class:`Notice`, for the export to show.

:func:`render_all` decodes the photo once for all networks, a JPEG at the
smallest DCT scale (1/2, 1/4, 1/8) that still has enough pixels for the largest
rendition, and renditions at the same scale (Facebook, X and Bluesky from a
landscape photo) share one resize, their crops snapped to its pixel grid.

The stored copy is opened through :func:`images.open_stored` (regular files
only, within the file, pixel and shape limits), so a damaged, replaced or
hostile copy is an :class:`ExportError` in the user's language, never
Pillow's own error or a hang.

No Qt here; everything is thread-safe (the export runs in a worker).
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps

from composer.core import i18n
from composer.core.i18n import _
from composer.core.networks.facts import Network
from composer.core.networks.facts import network as network_named
from composer.core.photos import colour, crops, images
from composer.core.photos.crops import Crop, CropError
from composer.core.photos.encoding import TooBig, encode, flatten, is_flat

_EPSILON = 1e-6
Box = tuple[float, float, float, float]


class ExportError(Exception):
    """An export that cannot be done; ``str()`` is the translated message for the user."""


@dataclass(frozen=True)
class Notice:
    """Something the librarian should know about a rendition, which does not stop the export.

    ``kind``: ``cut`` (the crop leaves out more than a third of the picture) or ``colour`` (the
    colours may be off: an unusable profile, an HDR photo); ``message``: one translated sentence.
    """

    kind: str
    message: str


@dataclass(frozen=True)
class Rendition:
    """One finished image: its bytes, ``format`` ("JPEG" or "PNG"), file extension and pixel size.

    ``quality`` and ``subsampling`` ("4:4:4" or "4:2:0") for a JPEG; ``removed``: the fraction of
    the picture its crop leaves out; ``notices``: what to tell the librarian.
    """

    data: bytes
    format: str
    size: tuple[int, int]
    quality: int | None = None
    subsampling: str | None = None
    removed: float = 0.0
    notices: tuple[Notice, ...] = field(default=())

    @property
    def ext(self) -> str:
        return "png" if self.format == "PNG" else "jpg"


@dataclass(frozen=True)
class _Plan:
    """One network's rendition, worked out before any pixel is touched (all in upright original pixels)."""

    network: Network
    crop: Crop | None                       # as used: stored or default (None: the whole photo)
    box: Box                                # left, top, right, bottom; past the photo's edges on a mat
    target: tuple[int, int]                 # the rendition's size
    source: Box                             # the part of the photo shown (the box inside the photo)
    place: tuple[int, int, int, int]        # where that part goes in the rendition: left, top, width, height

    @property
    def on_mat(self) -> bool:
        return self.place != (0, 0, *self.target)


def _as_network(value: Network | str) -> Network:
    return value if isinstance(value, Network) else network_named(value)


def default_crop(size: tuple[int, int], network: Network | str) -> Crop | None:
    """The crop used when none is stored: centred to the network's first usual shape (none for a free network)."""
    shapes = _as_network(network).crop_ratios
    return crops.default_crop(size[0], size[1], shapes[0]) if shapes else None


def crop_for(size: tuple[int, int], network: Network | str, stored: Crop | None = None) -> Crop:
    """The crop a network gets, as the preview shows it: the stored one, else the default, else the whole picture."""
    if stored is not None:
        return stored
    try:
        return default_crop(size, network) or crops.WHOLE
    except CropError:  # a picture too small or too thin for the shape: it goes whole
        return crops.WHOLE


def ratio_range(network: Network | str) -> tuple[float, float] | None:
    """The narrowest and widest shape (width / height) the network accepts, or ``None`` for any shape."""
    shapes = _as_network(network).image_ratio_range
    if len(shapes) != 2:
        return None
    narrowest, widest = crops.parse_ratio(shapes[0]), crops.parse_ratio(shapes[1])
    return None if narrowest is None or widest is None else (narrowest, widest)


def target_size(crop_size: tuple[float, float], network: Network | str) -> tuple[int, int]:
    """The rendition's pixel size for a crop of ``crop_size`` original pixels: shrunk to fit, never enlarged.

    Rounded toward the network's range of shapes where a pixel decides: 1.91:1 at 1,080 wide is
    1080×566 (1.908), not 1080×565 (1.912, wider than Instagram takes).
    """
    net = _as_network(network)
    width, height = crop_size
    scale = min(1.0, net.image_long_edge / max(width, height))
    if net.image_width:
        scale = min(scale, net.image_width / width)
    exact_w, exact_h = width * scale, height * scale
    plain = max(1, round(exact_w)), max(1, round(exact_h))
    allowed = ratio_range(net)
    if allowed is None or allowed[0] - _EPSILON <= plain[0] / plain[1] <= allowed[1] + _EPSILON:
        return plain
    max_w = min(net.image_width or net.image_long_edge, net.image_long_edge)
    candidates = [(w, h) for w in {math.floor(exact_w), math.ceil(exact_w)} for h in {math.floor(exact_h),
                                                                                       math.ceil(exact_h)}
                  if 1 <= w <= max(max_w, plain[0]) and 1 <= h <= max(net.image_long_edge, plain[1])
                  and allowed[0] - _EPSILON <= w / h <= allowed[1] + _EPSILON]
    if not candidates:  # a stored crop far outside the range: its own shape, as it is
        return plain
    wanted = exact_w / exact_h
    return min(candidates, key=lambda c: (abs(c[0] / c[1] - wanted), abs(c[0] - exact_w) + abs(c[1] - exact_h)))


def _check_crop(crop: Crop, net: Network) -> Crop:
    """The crop as the store would keep it; outside the photo (and not a mat) is an :class:`ExportError`."""
    try:
        mat = (crop.mat or crops.MAT_WHITE) if crop.on_mat else None  # a mat whose colour was not kept: white
        return crops.validate_crop(crop.x, crop.y, crop.width, crop.height, mat)
    except CropError as error:
        if crop.on_mat:
            raise ExportError(_("The mat for {network} does not go around the whole photo. "
                                "Set the crop again.").format(network=net.name)) from error
        raise ExportError(_("The crop for {network} lies (partly) outside the photo. "
                            "Set the crop again.").format(network=net.name)) from error


def _plan(size: tuple[int, int], net: Network, crop: Crop | None) -> _Plan:
    width, height = size
    crop = _check_crop(crop, net) if crop is not None else default_crop(size, net)
    if crop is None:
        box: Box = (0.0, 0.0, float(width), float(height))
    else:
        box = (crop.x * width, crop.y * height, (crop.x + crop.width) * width, (crop.y + crop.height) * height)
        if not crop.on_mat:
            box = (max(0.0, box[0]), max(0.0, box[1]), min(float(width), box[2]), min(float(height), box[3]))
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    if box_w < 1 or box_h < 1:
        raise ExportError(_("The crop for {network} is too small: less than one pixel.").format(network=net.name))
    target = target_size((box_w, box_h), net)
    if crop is None or not crop.on_mat:
        return _Plan(net, crop, box, target, box, (0, 0, *target))
    return _Plan(net, crop, box, target, (0.0, 0.0, float(width), float(height)), _placed(box, size, target))


def _placed(box: Box, size: tuple[int, int], target: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where the whole photo lies on its mat, in rendition pixels (at least one pixel, inside the rendition)."""
    sx, sy = target[0] / (box[2] - box[0]), target[1] / (box[3] - box[1])
    w = min(target[0], max(1, round(size[0] * sx)))
    h = min(target[1], max(1, round(size[1] * sy)))
    left = min(max(0, round(-box[0] * sx)), target[0] - w)
    top = min(max(0, round(-box[1] * sy)), target[1] - h)
    return left, top, w, h


def _scale(plan: _Plan) -> tuple[float, float]:
    """Rendition pixels per original pixel, across and down."""
    left, top, right, bottom = plan.source
    return plan.place[2] / (right - left), plan.place[3] / (bottom - top)


def _reduction(plans: Iterable[_Plan]) -> float:
    """By how much the whole photo may be scaled down and still give every rendition its full size."""
    factors = [1 / max(_scale(p)) for p in plans]
    return max(1.0, min(factors)) if factors else 1.0


# --- decoding -------------------------------------------------------------------------------------------


def _decode(path: Path, crops_by_network: Mapping[str, Crop | None],
            nets: list[Network]) -> tuple[Image.Image, colour.Source, list[_Plan], tuple[int, int]]:
    """The upright picture decoded as small as allowed (L, LA, RGB, RGBA or CMYK), where its colours come
    from, the plans, and the upright original size.

    The stored copy is opened by :func:`images.open_stored` (regular files only, within every limit);
    whatever is wrong with it, Pillow's errors included, is an :class:`ExportError` in the user's language.
    """
    try:
        with images.open_stored(path) as im:
            turn = images.orientation(im)
            upright = (im.size[1], im.size[0]) if turn in (5, 6, 7, 8) else im.size
            images.check_shape(*upright)
            plans = [_plan(upright, net, crops_by_network.get(net.key)) for net in nets]
            factor = _reduction(plans)
            if factor >= 2:
                stored_w, stored_h = im.size
                im.draft(None, (math.ceil(stored_w / factor), math.ceil(stored_h / factor)))
            im.load()
            source = colour.source_of(im)
            decoded = im if turn == 1 else _upright(im)  # orientation 1: no copy of the whole picture
    except ExportError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged stored copy must never escape as Pillow's own error
        raise ExportError(str(images.stored_error(error))) from error
    return images._drop_opaque_alpha(images.workable(decoded)), source, plans, upright


def _upright(im: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001 - broken EXIF: used as stored
        return im.copy()


# --- one resize for renditions at the same scale -------------------------------------------------------------


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _fits_scale(plan: _Plan, scale: tuple[float, float]) -> bool:
    """Whether ``plan``'s part comes out at its own size, or one pixel more, when resized at ``scale``."""
    left, top, right, bottom = plan.source
    return (round((right - left) * scale[0]) - plan.place[2] in (0, 1)
            and round((bottom - top) * scale[1]) - plan.place[3] in (0, 1))


def _groups(plans: list[_Plan]) -> list[list[_Plan]]:
    """Plans that can share one resize: the same scale, and together no more pixels than apart."""
    groups: list[list[_Plan]] = []
    for plan in sorted(plans, key=lambda p: -_area(p.source)):
        for group in groups:
            members = [*group, plan]
            if (_fits_scale(plan, _scale(group[0]))
                    and _area(_union(p.source for p in members)) <= sum(_area(p.source) for p in members) + 1):
                group.append(plan)
                break
        else:
            groups.append([plan])
    return groups


def _render_group(picture: Image.Image, group: list[_Plan], picture_scale: tuple[float, float],
                  source: colour.Source) -> dict[str, Rendition]:
    """One resize (and one colour conversion) for every plan in ``group``, each cropped from it on its grid."""
    lead = group[0]
    sx, sy = _scale(lead)
    union = _union(p.source for p in group)
    px, py = picture_scale
    if len(group) == 1:
        size = lead.place[2], lead.place[3]
    else:
        size = max(1, round((union[2] - union[0]) * sx)), max(1, round((union[3] - union[1]) * sy))
    resized = picture.resize(size, Image.Resampling.LANCZOS,
                             box=(union[0] * px, union[1] * py, union[2] * px, union[3] * py))
    converted, problem = colour.to_srgb(resized, source)  # on the small image: the same colours, far less work
    if resized.mode in ("L", "LA") and colour.stays_grey(source):
        converted = converted.convert(resized.mode)  # a grey scan stays one channel: a third of the file
    done = {}
    for plan in group:
        width, height = plan.place[2], plan.place[3]
        left = min(max(0, round((plan.source[0] - union[0]) * sx)), size[0] - width)
        top = min(max(0, round((plan.source[1] - union[1]) * sy)), size[1] - height)
        part = converted if (left, top, width, height) == (0, 0, *size) else converted.crop(
            (left, top, left + width, top + height))
        done[plan.network.key] = _finish(part, plan, problem)
    return done


def _finish(part: Image.Image, plan: _Plan, problem: str | None) -> Rendition:
    """The part as the network gets it: on its mat, flattened or PNG, encoded within its own file limit."""
    net = plan.network
    if plan.on_mat:
        mat = Image.new("RGB", plan.target, plan.crop.mat_colour if plan.crop else (255, 255, 255))
        mat.paste(part, plan.place[:2], part.getchannel("A") if part.mode == "RGBA" else None)
        part = mat
    takes_png = "png" in net.image_formats
    transparent = part.mode == "RGBA"
    if transparent and not takes_png:
        part, transparent = flatten(part), False
    flat = not transparent and takes_png and is_flat(part)
    try:
        made = encode(part, net.image_bytes, lossless=transparent, try_png=flat)
    except TooBig as error:
        raise ExportError(_("This photo cannot be made small enough for the file limit of {limit} bytes.").format(
            limit=i18n.number(error.limit))) from None
    notices = []
    if plan.crop is not None and crops.cuts_too_much(plan.crop):
        notices.append(Notice("cut", _("The crop for {network} leaves out {percent} % of the picture; "
                                       "“Whole picture on a mat” in the crop editor keeps all of it.").format(
            network=net.name, percent=i18n.number(round(plan.crop.removed() * 100)))))
    if problem:
        notices.append(Notice("colour", problem))
    return Rendition(made.data, made.format, made.size, made.quality, made.subsampling,
                     plan.crop.removed() if plan.crop else 0.0, tuple(notices))


# --- the public functions ---------------------------------------------------------------------------------


def render_all(photo_path: str | os.PathLike[str], networks: Iterable[Network | str],
               crops: Mapping[str, Crop | None] | None = None,
               byte_limit: int | None | bool = True) -> dict[str, Rendition]:
    """Every network's rendition of the photo at ``photo_path``, decoding it only once.

    ``crops`` maps a network key to its stored crop (missing: the default crop).
    ``byte_limit``: ``True`` (default) gives each rendition its own network's
    file limit; a number sets one limit for all; ``None`` applies none.
    Raises :class:`ExportError` for a missing or damaged file or a crop outside the image.
    """
    nets = list(dict.fromkeys(map(_as_network, networks)))
    if not nets:
        return {}
    path = Path(photo_path)
    picture, source, plans, upright = _decode(path, crops or {}, nets)
    if byte_limit is not True:
        plans = [_with_limit(plan, byte_limit or None) for plan in plans]
    picture_scale = (picture.width / upright[0], picture.height / upright[1])
    done: dict[str, Rendition] = {}
    for group in _groups(plans):
        done.update(_render_group(picture, group, picture_scale, source))
    return {net.key: done[net.key] for net in nets}


def _with_limit(plan: _Plan, limit: int | None) -> _Plan:
    """``plan`` with one file limit set for it (the caller's), instead of its network's own."""
    return dataclasses.replace(plan, network=dataclasses.replace(plan.network, image_bytes=limit))


def render(photo_path: str | os.PathLike[str], network: Network | str, crop: Crop | None = None,
           byte_limit: int | None | bool = True) -> Rendition:
    """One network's rendition (see :func:`render_all`)."""
    net = _as_network(network)
    return render_all(photo_path, [net], {net.key: crop}, byte_limit)[net.key]
