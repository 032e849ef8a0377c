"""Network facts (from ``data/networks.toml``) and one length function per network.

Counting is the most common bug in comparable tools, so each network counts
the way it documents: twitter-text v3 weights for X, graphemes for Bluesky,
URLs as 23 for Mastodon, UTF-16 units for Meta's and LinkedIn's text boxes.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

import regex
import twitter_text

NETWORKS: tuple[str, ...] = ("facebook", "instagram", "x", "linkedin", "mastodon", "bluesky", "threads")

URL_WEIGHT = 23
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
_REMOTE_MENTION = regex.compile(r"(?<![\w@])(@\w+)@[\w.-]+\w", regex.UNICODE)


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


@dataclass(frozen=True)
class Count:
    """A text measured for one network.

    ``over_from`` is the index in the Python string where the text first
    goes past the limit (``None`` when it fits).
    """

    network: str
    length: int
    limit: int
    over_from: int | None = None
    byte_length: int | None = None
    byte_limit: int | None = None

    @property
    def over(self) -> bool:
        return self.over_from is not None

    @property
    def excess(self) -> int:
        return max(0, self.length - self.limit)

    @property
    def near(self) -> bool:
        """Within the last fifth of the limit: the counter turns orange."""
        return not self.over and self.length >= self.limit * 0.8


@cache
def networks() -> MappingProxyType[str, Network]:
    """All networks in display order, read once from the data file."""
    raw = tomllib.loads((resources.files("composer.core") / "data" / "networks.toml").read_text("utf-8"))
    return MappingProxyType({key: Network(key=key, **raw[key]) for key in NETWORKS})


def network(key: str) -> Network:
    try:
        return networks()[key]
    except KeyError:
        raise ValueError(f"unknown network: {key!r}") from None


# --- counting units -------------------------------------------------------

def _utf16(segment: str) -> int:
    return len(segment.encode("utf-16-le", "surrogatepass")) // 2


def _graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


def _url_spans(text: str) -> list[tuple[int, int]]:
    """URL positions as Python string indices (twitter-text's extractor)."""
    return [(u["indices"][0], u["indices"][1]) for u in twitter_text.extract_urls_with_indices(text)]


def _tokens(text: str, url_cost: Callable[[str], int], unit: Callable[[str], int]) -> list[tuple[int, int]]:
    """Split into (end index, cost) pairs: each URL one token, else one per grapheme."""
    tokens: list[tuple[int, int]] = []
    pos = 0
    for start, end in _url_spans(text):
        tokens.extend(_grapheme_tokens(text, pos, start, unit))
        tokens.append((end, url_cost(text[start:end])))
        pos = end
    tokens.extend(_grapheme_tokens(text, pos, len(text), unit))
    return tokens


def _grapheme_tokens(text: str, start: int, end: int, unit: Callable[[str], int]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for g in _graphemes(text[start:end]):
        pos += len(g)
        out.append((pos, unit(g)))
    return out


def _measure(key: str, text: str, tokens: list[tuple[int, int]]) -> Count:
    net = network(key)
    total = 0
    over_from = None
    prev_end = 0
    for end, cost in tokens:
        total += cost
        if over_from is None and total > net.text_limit:
            over_from = prev_end
        prev_end = end
    return Count(key, total, net.text_limit, over_from)


# --- one function per network ---------------------------------------------

def _x_form(text: str) -> str:
    """The text as twitter-text measures it: NFC, Windows line ends as one."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def count_twitter(key: str, text: str) -> Count:
    """X: twitter-text v3 weighted length (NFC, weights 1 or 2, emoji 2, URLs 23)."""
    measured = _x_form(text)
    result = twitter_text.parse_tweet(measured)
    limit = network(key).text_limit
    over_from = None
    if result.weightedLength > limit:
        over_from = _utf16_to_index(measured, result.validRangeEnd + 1)
        if measured != text:
            over_from = _map_index(text, over_from, _x_form)
    return Count(key, result.weightedLength, limit, over_from)


def count_mastodon(key: str, text: str) -> Count:
    """Mastodon: each URL 23, ``@user@server`` as ``@user``, the rest by grapheme."""
    tokens = _tokens(text, lambda url: URL_WEIGHT, lambda g: 1)
    return _measure(key, text, _discount_remote_mentions(text, tokens))


def _discount_remote_mentions(text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Make the ``@server`` part of each remote mention free."""
    free_ranges = [(m.end(1), m.end()) for m in _REMOTE_MENTION.finditer(text)]
    if not free_ranges:
        return tokens
    out = []
    prev = 0
    for end, cost in tokens:
        if any(a <= prev and end <= b for a, b in free_ranges):
            cost = 0
        out.append((end, cost))
        prev = end
    return out


def shorten_bluesky_url(url: str) -> str:
    """The Bluesky app's display form: host + first 13 path characters + ``...``."""
    bare = url.split("://", 1)[-1]
    host, slash, path = bare.partition("/")
    if len(slash + path) <= 15:
        return bare if "://" in url else url
    return host + (slash + path)[:13] + "..."


def count_bluesky(key: str, text: str) -> Count:
    """Bluesky: graphemes (long URLs shortened first) and at most ``byte_limit`` UTF-8 bytes."""
    tokens = _tokens(text, lambda url: len(_graphemes(shorten_bluesky_url(url))), lambda g: 1)
    count = _measure(key, text, tokens)
    net = network(key)
    size = len(text.encode("utf-8", "surrogatepass"))
    over_from = count.over_from
    if net.byte_limit and size > net.byte_limit:
        byte_over = _bytes_to_grapheme_index(text, net.byte_limit)
        over_from = byte_over if over_from is None else min(over_from, byte_over)
    return Count(key, count.length, count.limit, over_from, size, net.byte_limit)


def _threads_unit(grapheme: str) -> int:
    if _EMOJI.search(grapheme):
        return len(grapheme.encode("utf-8", "surrogatepass"))
    return 1


def count_threads(key: str, text: str) -> Count:
    """Threads: one per character, emoji as their UTF-8 byte length (Meta's rule)."""
    return _measure(key, text, _grapheme_tokens(text, 0, len(text), _threads_unit))


def count_utf16(key: str, text: str) -> Count:
    """Facebook, Instagram, LinkedIn: UTF-16 code units (conservative)."""
    return _measure(key, text, _grapheme_tokens(text, 0, len(text), _utf16))


COUNTERS: dict[str, Callable[[str, str], Count]] = {
    "twitter": count_twitter,
    "mastodon": count_mastodon,
    "bluesky": count_bluesky,
    "threads": count_threads,
    "utf16": count_utf16,
}


_LONE_SURROGATE = regex.compile(r"\p{Cs}")


@lru_cache(maxsize=64)
def count(key: str, text: str) -> Count:
    """Measure ``text`` the way network ``key`` counts it.

    Cached: the counters and the ``length`` check ask for the same counts on
    every keystroke. A lone surrogate (broken UTF-16 from a paste) is measured
    as the replacement character it will become; indices stay the same.
    """
    return COUNTERS[network(key).counting](key, _LONE_SURROGATE.sub("\ufffd", text))


# --- index helpers --------------------------------------------------------

def _utf16_to_index(text: str, units: int) -> int:
    seen = 0
    for i, ch in enumerate(text):
        if seen >= units:
            return i
        seen += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _bytes_to_grapheme_index(text: str, limit: int) -> int:
    """Start of the first grapheme whose UTF-8 bytes go past ``limit``."""
    seen = 0
    pos = 0
    for g in _graphemes(text):
        seen += len(g.encode("utf-8", "surrogatepass"))
        if seen > limit:
            return pos
        pos += len(g)
    return len(text)


def _map_index(original: str, index: int, transform: Callable[[str], str]) -> int:
    """Map ``index`` in ``transform(original)`` back to the start of its grapheme in ``original``."""
    seen = 0
    pos = 0
    for g in _graphemes(original):
        seen += len(transform(g))
        if seen > index:
            return pos
        pos += len(g)
    return len(original)
