"""Network facts, read from ``data/networks.json``: one place for every limit.

How each network counts lives in ``counting.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

NETWORKS: tuple[str, ...] = ("facebook", "instagram", "x", "linkedin", "mastodon", "bluesky", "threads")



@dataclass(frozen=True)
class Network:
    """One network's hard limits, as read from the data file."""

    key: str
    name: str
    text_limit: int
    counting: str
    byte_limit: int | None = None
    hashtag_limit: int | None = None
    link_limit: int | None = None
    images: int | None = None
    alt_text_limit: int | None = None
    image_bytes: int | None = None
    image_long_edge: int = 2048          # renditions: the longest side at most this many pixels
    image_width: int | None = None       # ... and at most this wide (Instagram, Threads: 1,080)
    crop_ratios: tuple[str, ...] = ()    # usual shapes, "w:h", the first being the default crop; () = any
    image_ratio_range: tuple[str, ...] = ()  # the narrowest and widest shape accepted ("4:5", "1.91:1"); () = any
    image_formats: tuple[str, ...] = ("jpeg", "png")
    preview_chars: int | None = None     # where the feed cuts the text behind "… more" (approximate); None = all
    notes: str = ""

    def __post_init__(self) -> None:  # the data file gives lists
        object.__setattr__(self, "crop_ratios", tuple(self.crop_ratios))
        object.__setattr__(self, "image_ratio_range", tuple(self.image_ratio_range))
        object.__setattr__(self, "image_formats", tuple(self.image_formats))

    def ratios(self) -> tuple[float, ...]:
        """:attr:`crop_ratios` as width / height."""
        return tuple(ratio(text) for text in self.crop_ratios)


def ratio(text: str) -> float:
    """``"4:5"`` -> 0.8, ``"1.91:1"`` -> 1.91."""
    width, height = text.split(":")
    return float(width) / float(height)


@dataclass(frozen=True, init=False)
class Count:
    """A text measured for one network.

    ``over_from`` is the index in the Python string where the text first
    goes past the limit, or holds a character the network refuses (``None``
    when it fits): what the network's own counter would mark.

    Made for every network on every keystroke: its ``__init__`` fills the
    fields in one step, faster than the one ``dataclass`` writes for a frozen
    class (a test holds it to the fields' defaults).
    """

    network: str
    length: int
    limit: int
    over_from: int | None = None
    byte_length: int | None = None
    byte_limit: int | None = None
    invalid_at: int | None = None  # a character the network refuses (X: a byte-order mark, U+FFFE, U+FFFF)
    needs_text: bool = False       # the network's counter calls an empty text invalid (X)

    def __init__(self, network: str, length: int, limit: int, over_from: int | None = None,
                 byte_length: int | None = None, byte_limit: int | None = None, invalid_at: int | None = None,
                 needs_text: bool = False) -> None:
        object.__setattr__(self, "__dict__", {
            "network": network, "length": length, "limit": limit, "over_from": over_from, "byte_length": byte_length,
            "byte_limit": byte_limit, "invalid_at": invalid_at, "needs_text": needs_text})

    @property
    def over(self) -> bool:
        return self.over_from is not None

    @property
    def valid(self) -> bool:
        """What the network's reference says of the text alone: within every limit, nothing it refuses, and
        some text where it wants some (a post of only photos is still fine: that is not the counter's say)."""
        return not self.over and not (self.needs_text and self.length == 0)

    @property
    def excess(self) -> int:
        return max(0, self.length - self.limit)

    @property
    def near(self) -> bool:
        """Within the last fifth of the limit: the counter turns orange."""
        return not self.over and near_limit(self.length, self.limit)


NEAR = 0.8  # the last fifth of a limit: counters turn orange there


def near_limit(length: int, limit: int) -> bool:
    """``length`` is in the last fifth of ``limit`` (or past it)."""
    return length >= limit * NEAR


def limit_state(length: int, limit: int | None) -> str:
    """``"over"``, ``"near"`` or ``"ok"``: how a counter of ``length`` against ``limit`` is coloured."""
    if limit is None:
        return "ok"
    return "over" if length > limit else "near" if near_limit(length, limit) else "ok"


@cache
def networks() -> MappingProxyType[str, Network]:
    """All networks in display order, read once from the data file."""
    raw = json.loads((resources.files("composer.core") / "data" / "networks.json").read_text("utf-8"))
    return MappingProxyType({key: Network(key=key, **raw[key]) for key in NETWORKS})


def network(key: str) -> Network:
    try:
        return networks()[key]
    except KeyError:
        raise ValueError(f"unknown network: {key!r}") from None
