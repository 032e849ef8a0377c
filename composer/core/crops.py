"""Crops per network and photo, kept as rectangles on the original (issue 5, point 3).

A crop is never a cropped copy: it is ``(x, y, width, height)`` as fractions
of the *upright* original (after EXIF rotation, like ``Photo.width`` and
``Photo.height``), so it can be moved, resized or redone at any time and the
rendition is always cut from the full-quality original. No crop stored means
the network's default: :func:`default_crop` for its usual shape.

Every writing function validates first and writes nothing when it raises
:class:`CropError`. Qt-free.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.platforms import NETWORKS

if TYPE_CHECKING:
    from composer.core.store import Store

_EPSILON = 1e-9  # floating-point slack at the edges: 0.3 + 0.7 may be 1.0000000000000002
_RATIO = re.compile(r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*")
FREE = "free"  # a network without a usual shape: the whole photo


class CropError(ValueError):
    """A crop the app refuses, with a translated message to show as is; nothing was written."""


@dataclass(frozen=True)
class Crop:
    """A rectangle on the upright original, in fractions (0..1) of its width and height."""

    x: float
    y: float
    width: float
    height: float

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


def validate_crop(x: float, y: float, width: float, height: float) -> Crop:
    """The crop as stored, or :class:`CropError` when it is not a rectangle inside the photo."""
    values = (x, y, width, height)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
        raise CropError(_("A crop needs four numbers: left, top, width and height."))
    if width <= 0 or height <= 0:
        raise CropError(_("A crop needs a width and a height greater than zero."))
    if x < -_EPSILON or y < -_EPSILON or x + width > 1 + _EPSILON or y + height > 1 + _EPSILON:
        raise CropError(_("This crop reaches outside the photo: keep it within the edges."))
    x, y = max(float(x), 0.0), max(float(y), 0.0)
    return Crop(x, y, min(float(width), 1.0 - x), min(float(height), 1.0 - y))


def _check_network(key: str) -> None:
    if key not in NETWORKS:
        raise CropError(_("Unknown network: {network}.").format(network=str(key)[:40]))


def set_crop(store: Store, draft_photo_id: int, network: str, x: float, y: float, width: float,
             height: float) -> Crop:
    """Keep the crop of one photo of a draft for ``network`` (replacing an earlier one)."""
    _check_network(network)
    crop = validate_crop(x, y, width, height)
    if store.execute("SELECT 1 FROM draft_photos WHERE id = ?", [draft_photo_id]).fetchone() is None:
        raise CropError(_("This photo is no longer in the draft."))
    with store.atomic():
        store.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height) VALUES (?, ?, ?, ?, ?, ?)"
                      " ON CONFLICT (draft_photo_id, network) DO UPDATE SET x = excluded.x, y = excluded.y,"
                      " width = excluded.width, height = excluded.height",
                      [draft_photo_id, network, crop.x, crop.y, crop.width, crop.height])
    return crop


def get_crop(store: Store, draft_photo_id: int, network: str) -> Crop | None:
    """The stored crop, or ``None`` when the network's default applies."""
    row = store.execute("SELECT x, y, width, height FROM crops WHERE draft_photo_id = ? AND network = ?",
                        [draft_photo_id, network]).fetchone()
    return Crop(*row) if row else None


def clear_crop(store: Store, draft_photo_id: int, network: str | None = None) -> None:
    """Back to the default crop, for one network or (``None``) every network."""
    with store.atomic():
        if network is None:
            store.execute("DELETE FROM crops WHERE draft_photo_id = ?", [draft_photo_id])
        else:
            store.execute("DELETE FROM crops WHERE draft_photo_id = ? AND network = ?", [draft_photo_id, network])


def crops_for(store: Store, draft_id: int) -> dict[tuple[int, str], Crop]:
    """Every stored crop of a draft's photos: ``{(draft_photo_id, network): Crop}`` (one query)."""
    rows = store.execute("SELECT c.draft_photo_id, c.network, c.x, c.y, c.width, c.height FROM crops c"
                         " JOIN draft_photos dp ON dp.id = c.draft_photo_id WHERE dp.draft_id = ?", [draft_id])
    return {(dp_id, key): Crop(x, y, w, h) for dp_id, key, x, y, w, h in rows}
