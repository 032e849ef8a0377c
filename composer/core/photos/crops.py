"""Crops per network and photo, kept as rectangles on the original (issue 5, point 3).

A crop is never a cropped copy: it is ``(x, y, width, height)`` as fractions
of the *upright* original (after EXIF rotation, like ``Photo.width`` and
``Photo.height``), so it can be moved, resized or redone at any time and the
rendition is always cut from the full-quality original. No crop stored means
the network's default: :func:`default_crop` for its usual shape.

A poster or a print need not be cut: :func:`mat_crop` puts the *whole picture
on a mat* of a chosen colour, padded to the network's shape. Such a crop's
rectangle reaches past the photo's edges and contains all of it; the part
outside the photo is the mat (:attr:`Crop.mat`, white when no colour was kept).
A crop that leaves out more than :data:`MAX_REMOVED` of the picture is warned
about at export (:func:`cuts_too_much`).

Every writing function validates first and writes nothing when it raises
:class:`CropError`. Qt-free.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS

if TYPE_CHECKING:
    from composer.core.storage.store import Store

_EPSILON = 1e-9  # floating-point slack at the edges: 0.3 + 0.7 may be 1.0000000000000002
_RATIO = re.compile(r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FREE = "free"  # a network without a usual shape: the whole photo
#: The mat's colour when none was chosen.
MAT_WHITE = "#ffffff"
#: A mat's rectangle may be at most this many times the photo's width or height (a 20:1 panorama at 4:5 needs 25).
MAX_MAT = 64.0
#: A crop that leaves out more of the picture than this is warned about at export.
MAX_REMOVED = 1 / 3


class CropError(ValueError):
    """A crop the app refuses, with a translated message to show as is; nothing was written."""


@dataclass(frozen=True)
class Crop:
    """A rectangle on the upright original, in fractions (0..1) of its width and height."""

    x: float
    y: float
    width: float
    height: float
    mat: str | None = None  # "#rrggbb": the colour around the whole picture when the rectangle reaches past it

    @property
    def on_mat(self) -> bool:
        """Whether this is the whole picture on a mat: the rectangle goes around all of it, past an edge."""
        around = (self.x <= _EPSILON and self.y <= _EPSILON and self.x + self.width >= 1 - _EPSILON
                  and self.y + self.height >= 1 - _EPSILON)
        past = (self.x < -_EPSILON or self.y < -_EPSILON or self.x + self.width > 1 + _EPSILON
                or self.y + self.height > 1 + _EPSILON)
        return around and past

    @property
    def mat_colour(self) -> tuple[int, int, int]:
        """The mat's colour as RGB (white when none was kept)."""
        value = (self.mat or MAT_WHITE).lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)

    def removed(self) -> float:
        """The fraction of the picture (0..1) that the crop leaves out; 0 on a mat."""
        width = min(self.x + self.width, 1.0) - max(self.x, 0.0)
        height = min(self.y + self.height, 1.0) - max(self.y, 0.0)
        return min(1.0, max(0.0, 1.0 - max(width, 0.0) * max(height, 0.0)))

    def pixels(self, photo_width: int, photo_height: int) -> tuple[int, int, int, int]:
        """``(left, top, right, bottom)`` in pixels of the upright original, inside the image."""
        left = min(max(round(self.x * photo_width), 0), photo_width - 1)
        top = min(max(round(self.y * photo_height), 0), photo_height - 1)
        right = min(max(round((self.x + self.width) * photo_width), left + 1), photo_width)
        bottom = min(max(round((self.y + self.height) * photo_height), top + 1), photo_height)
        return left, top, right, bottom


WHOLE = Crop(0.0, 0.0, 1.0, 1.0)


def parse_ratio(ratio: str) -> float | None:
    """``"1.91:1"`` → 1.91 (width over height); ``"free"`` or ``""`` → ``None`` (any shape)."""
    if not isinstance(ratio, str):
        raise CropError(_("This is not a shape such as 4:5: {ratio}.").format(ratio=str(ratio)[:20]))
    if ratio.strip().lower() in ("", FREE):
        return None
    match = _RATIO.fullmatch(ratio)
    if not match or float(match.group(1)) <= 0 or float(match.group(2)) <= 0:
        raise CropError(_("This is not a shape such as 4:5: {ratio}.").format(ratio=ratio[:20]))
    return float(match.group(1)) / float(match.group(2))


def default_crop(photo_width: int, photo_height: int, ratio: str) -> Crop:
    """The largest rectangle of shape ``ratio`` (``"w:h"``) on the photo, centred; ``"free"``: the whole photo."""
    if not (isinstance(photo_width, int) and isinstance(photo_height, int)) or photo_width <= 0 or photo_height <= 0:
        raise CropError(_("The photo has no size, so it cannot be cropped."))
    wanted = parse_ratio(ratio)
    if wanted is None:
        return WHOLE
    if photo_width / photo_height > wanted:  # too wide: full height, cut the sides
        width = min(photo_height * wanted / photo_width, 1.0)
        return Crop((1.0 - width) / 2, 0.0, width, 1.0)
    height = min(photo_width / wanted / photo_height, 1.0)  # too tall: full width, cut top and bottom
    return Crop(0.0, (1.0 - height) / 2, 1.0, height)


def mat_crop(photo_width: int, photo_height: int, ratio: str, colour: str = MAT_WHITE) -> Crop:
    """The whole photo on a mat of ``colour``: the smallest rectangle of shape ``ratio`` around it, centred.

    ``"free"`` needs no mat: the whole photo as it is.
    """
    colour = parse_colour(colour)
    whole = default_crop(photo_width, photo_height, ratio)  # checks the size and the ratio
    wanted = parse_ratio(ratio)
    if wanted is None or whole == WHOLE:
        return Crop(0.0, 0.0, 1.0, 1.0, colour)
    if photo_width / photo_height > wanted:  # too wide for the shape: mat above and below
        height = photo_width / wanted / photo_height
        return Crop(0.0, (1.0 - height) / 2, 1.0, height, colour)
    width = photo_height * wanted / photo_width  # too tall: mat left and right
    return Crop((1.0 - width) / 2, 0.0, width, 1.0, colour)


def parse_colour(colour: str) -> str:
    """``"#A0b1C2"`` → ``"#a0b1c2"``; :class:`CropError` for anything that is not ``#rrggbb``."""
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise CropError(_("This is not a colour such as #ffffff: {colour}.").format(colour=str(colour)[:20]))
    return colour.lower()


def cuts_too_much(crop: Crop | None) -> bool:
    """Whether ``crop`` leaves out more than :data:`MAX_REMOVED` of the picture (``None``: the whole photo)."""
    return crop is not None and crop.removed() > MAX_REMOVED + _EPSILON


def validate_crop(x: float, y: float, width: float, height: float, mat: str | None = None) -> Crop:
    """The crop as stored, or :class:`CropError` when it is not a rectangle inside the photo.

    With a ``mat`` colour the rectangle must instead contain the whole photo (at most :data:`MAX_MAT` times
    its size): the picture on a mat is never cut.
    """
    values = (x, y, width, height)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
        raise CropError(_("A crop needs four numbers: left, top, width and height."))
    if width <= 0 or height <= 0:
        raise CropError(_("A crop needs a width and a height greater than zero."))
    if mat is not None:
        return _validate_mat(float(x), float(y), float(width), float(height), parse_colour(mat))
    if x < -_EPSILON or y < -_EPSILON or x + width > 1 + _EPSILON or y + height > 1 + _EPSILON:
        raise CropError(_("This crop reaches outside the photo: keep it within the edges."))
    x, y = max(float(x), 0.0), max(float(y), 0.0)
    return Crop(x, y, min(float(width), 1.0 - x), min(float(height), 1.0 - y))


def _validate_mat(x: float, y: float, width: float, height: float, mat: str) -> Crop:
    if x > _EPSILON or y > _EPSILON or x + width < 1 - _EPSILON or y + height < 1 - _EPSILON:
        raise CropError(_("On a mat the whole picture stays: the rectangle must go around all of it."))
    if width > MAX_MAT or height > MAX_MAT:
        raise CropError(_("This mat is far too large for the picture."))
    x, y = min(x, 0.0), min(y, 0.0)
    return Crop(x, y, max(width, 1.0 - x), max(height, 1.0 - y), mat)


def _check_network(key: str) -> None:
    if key not in NETWORKS:
        raise CropError(_("Unknown network: {network}.").format(network=str(key)[:40]))


def set_crop(store: Store, draft_photo_id: int, network: str, x: float, y: float, width: float,
             height: float, mat: str | None = None) -> Crop:
    """Keep the crop of one photo of a draft for ``network`` (replacing an earlier one); ``mat``: see the module."""
    _check_network(network)
    crop = validate_crop(x, y, width, height, mat)
    if store.db.one("SELECT 1 FROM draft_photos WHERE id = ?", [draft_photo_id]) is None:
        raise CropError(_("This photo is no longer in the draft."))
    with store.atomic():
        store.db.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height, mat)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (draft_photo_id, network) DO UPDATE SET x = excluded.x, y = excluded.y,"
                         " width = excluded.width, height = excluded.height, mat = excluded.mat",
                         [draft_photo_id, network, crop.x, crop.y, crop.width, crop.height, crop.mat])
    return crop


def get_crop(store: Store, draft_photo_id: int, network: str) -> Crop | None:
    """The stored crop, or ``None`` when the network's default applies."""
    row = store.db.one("SELECT x, y, width, height, mat FROM crops WHERE draft_photo_id = ? AND network = ?",
                       [draft_photo_id, network])
    return Crop(*row) if row else None


def clear_crop(store: Store, draft_photo_id: int, network: str | None = None) -> None:
    """Back to the default crop, for one network or (``None``) every network."""
    with store.atomic():
        if network is None:
            store.db.execute("DELETE FROM crops WHERE draft_photo_id = ?", [draft_photo_id])
        else:
            store.db.execute("DELETE FROM crops WHERE draft_photo_id = ? AND network = ?", [draft_photo_id, network])


def crops_for(store: Store, draft_id: int) -> dict[tuple[int, str], Crop]:
    """Every stored crop of a draft's photos: ``{(draft_photo_id, network): Crop}`` (one query)."""
    rows = store.db.all("SELECT c.draft_photo_id, c.network, c.x, c.y, c.width, c.height, c.mat FROM crops c"
                        " JOIN draft_photos dp ON dp.id = c.draft_photo_id WHERE dp.draft_id = ?", [draft_id])
    return {(dp_id, key): Crop(x, y, w, h, mat) for dp_id, key, x, y, w, h, mat in rows}


def crops_of(store: Store, draft_photo_ids: Iterable[int]) -> dict[int, dict[str, Crop]]:
    """The stored crops of some draft photos: draft photo id -> network -> crop (one query)."""
    ids = [int(i) for i in draft_photo_ids]
    if not ids:
        return {}
    wanted, params = store.db.in_list(ids, "bigint")
    rows = store.db.all(f"SELECT draft_photo_id, network, x, y, width, height, mat FROM crops"
                        f" WHERE draft_photo_id IN {wanted}", params)
    found: dict[int, dict[str, Crop]] = {}
    for dp_id, key, x, y, w, h, mat in rows:
        found.setdefault(dp_id, {})[key] = Crop(x, y, w, h, mat)
    return found
