"""One length function per network: the most common bug in comparable tools.

Each network counts the way it documents: twitter-text v3 weights for X,
graphemes for Bluesky, URLs as 23 for Mastodon, UTF-16 units for Meta's and
LinkedIn's text boxes. The limits themselves are in ``platforms.py``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from composer.core.platforms import Count, network

URL_WEIGHT = 23
URL_MAX = 4096  # twitter-text's longest URL
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
_REMOTE_MENTION = regex.compile(r"(?<![\w@])(@\w+)@[\w.-]+\w", regex.UNICODE)


# --- counting ---------------------------------------------------------------
#
# A text is split into whitespace runs and the words between them. No URL,
# emoji, mention or grapheme crosses such a boundary, so a text's length is the
# sum of its tokens' lengths, and each token's lengths (for every way of
# counting at once) are cached: while the author types, only the word being
# typed is measured again. Where the text goes past a limit is worked out only
# when it does, inside the one token that crosses it.

_EXTENDS = r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}\p{Grapheme_Cluster_Break=SpacingMark}]"
_PREPEND = r"\p{Grapheme_Cluster_Break=Prepend}"
_CONTROL_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f\x85]"  # never joined to a neighbour (grapheme rules GB4, GB5)
# A word runs up to whitespace that starts a new grapheme: a space that a combining
# mark follows, or that follows a prepended mark, belongs to the word.
_TOKEN = regex.compile(
    rf"(?:{_CONTROL_SPACE}|(?<!{_PREPEND})\s(?!{_EXTENDS}))+"
    rf"|(?:\S|(?!{_CONTROL_SPACE})\s(?={_EXTENDS})|(?<={_PREPEND})(?!{_CONTROL_SPACE})\s)+"
)

METHODS: tuple[str, ...] = ("utf16", "twitter", "mastodon", "bluesky", "threads")


def _graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


_SIMPLE_TOKEN = regex.compile(r"\s+|\S+")
_PREPEND_CHAR = regex.compile(_PREPEND)
_JOINED_SPACE = regex.compile(rf"\s{_EXTENDS}|{_PREPEND}\s")




def tokens(text: str) -> list[str]:
    """``text`` cut into whitespace runs and words; ``"".join(tokens(t)) == t``."""
    if _JOINED_SPACE.search(text) is None:  # the usual case: a plain split is the same, and 3x faster
        parts = _SIMPLE_TOKEN.findall(text)
    else:
        parts = _TOKEN.findall(text)
    if any(len(p) > URL_MAX for p in parts):
        parts = [piece for p in parts for piece in _split_giant(p)]
    return parts


def _split_giant(word: str) -> list[str]:
    """A word longer than any link (a pasted blob) is measured in pieces, so each piece
    is cached and none is walked through as a whole."""
    if len(word) <= URL_MAX:
        return [word]
    pieces, start = [], 0
    while start < len(word):
        end = min(start + URL_MAX, len(word))
        while end < len(word) and _joins_previous(word, end):
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def _joins_previous(text: str, i: int) -> bool:
    """True when ``text[i]`` belongs to the grapheme before it (a mark, a joiner, a low surrogate)."""
    return (unicodedata.category(text[i]) in ("Mn", "Mc", "Me", "Cs") or text[i] in "\u200d\ufe0f"
            or text[i - 1] == "\u200d" or "\U0001f3fb" <= text[i] <= "\U0001f3ff")


def _dotted_blob(text: str) -> bool:
    """Far more dots than any link has: twitter-text's URL finder slows down quadratically
    on such text (seconds for a few thousand characters), and there is no link to find."""
    return len(text) > 256 and text.count(".") > 30


def _url_spans(text: str, at_start: bool) -> list[tuple[int, int]]:
    """URL positions as Python string indices (twitter-text's extractor).

    twitter-text finds some URLs differently at the very start of a text than
    after whitespace (``éexample.com``), so a word inside the text is searched
    as it stands there: after a space.
    """
    if "." not in text or _dotted_blob(text):
        return []
    from twitter_text import extract_urls_with_indices  # slow to import: only when a dot is typed

    if at_start:
        return [(u["indices"][0], u["indices"][1]) for u in extract_urls_with_indices(text)]
    return [(u["indices"][0] - 1, u["indices"][1] - 1) for u in extract_urls_with_indices(" " + text)]


@lru_cache(maxsize=4096)
def token_urls(token: str, at_start: bool) -> tuple[tuple[int, int], ...]:
    """URL positions in one word of a text (cached: a text's words repeat while it is typed)."""
    return tuple(_url_spans(token, at_start))


def _units(text: str, at_start: bool, url_cost: Callable[[str], int],
           unit: Callable[[str], int]) -> list[tuple[int, int]]:
    """Split into (end index, cost) pairs: each URL one unit, else one per grapheme."""
    units: list[tuple[int, int]] = []
    pos = 0
    for start, end in _url_spans(text, at_start):
        units.extend(_grapheme_units(text, pos, start, unit))
        units.append((end, url_cost(text[start:end])))
        pos = end
    units.extend(_grapheme_units(text, pos, len(text), unit))
    return units


def _grapheme_units(text: str, start: int, end: int, unit: Callable[[str], int]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for g in _graphemes(text[start:end]):
        pos += len(g)
        out.append((pos, unit(g)))
    return out


def _first_over(units: list[tuple[int, int]], budget: int) -> int:
    """Index where the running cost of ``units`` first exceeds ``budget``."""
    total = 0
    prev_end = 0
    for end, cost in units:
        total += cost
        if total > budget:
            return prev_end
        prev_end = end
    return prev_end


def _utf16(segment: str) -> int:
    return len(segment.encode("utf-16-le", "surrogatepass")) // 2


def _x_form(text: str) -> str:
    """The text as twitter-text measures it: NFC, Windows line ends as one."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def _x_parse(text: str, limit: int = 280):
    from twitter_text import parse_tweet
    from twitter_text.config import config

    text = _x_form(text)
    if _dotted_blob(text):
        text = text.replace(".", ",")  # same weight, no link: see _dotted_blob
    return parse_tweet(text, {**config["defaults"], "max_weighted_tweet_length": limit})


def _mastodon_units(text: str, at_start: bool = True) -> list[tuple[int, int]]:
    """Mastodon: each URL 23, the ``@server`` part of a remote mention free, else one per grapheme."""
    units = _units(text, at_start, lambda url: URL_WEIGHT, lambda g: 1)
    free = [(m.end(1), m.end()) for m in _REMOTE_MENTION.finditer(text)]
    if not free:
        return units
    out = []
    prev = 0
    for end, cost in units:
        out.append((end, 0 if any(a <= prev and end <= b for a, b in free) else cost))
        prev = end
    return out


def shorten_bluesky_url(url: str) -> str:
    """The Bluesky app's display form: host + first 13 path characters + ``...``."""
    bare = url.split("://", 1)[-1]
    host, slash, path = bare.partition("/")
    if len(slash + path) <= 15:
        return bare if "://" in url else url
    return host + (slash + path)[:13] + "..."


def _bluesky_units(text: str, at_start: bool = True) -> list[tuple[int, int]]:
    """Bluesky: graphemes, each long URL as its shortened display form."""
    return _units(text, at_start, lambda url: len(_graphemes(shorten_bluesky_url(url))), lambda g: 1)


def _threads_unit(grapheme: str) -> int:
    if _EMOJI.search(grapheme):
        return len(grapheme.encode("utf-8", "surrogatepass"))
    return 1


def _threads_units(text: str, at_start: bool = True) -> list[tuple[int, int]]:
    """Threads: one per character, emoji as their UTF-8 byte length (Meta's rule)."""
    return _grapheme_units(text, 0, len(text), _threads_unit)


def _utf16_units(text: str, at_start: bool = True) -> list[tuple[int, int]]:
    """Facebook, Instagram, LinkedIn: UTF-16 code units (conservative)."""
    return _grapheme_units(text, 0, len(text), _utf16)


_UNITS: dict[str, Callable[[str, bool], list[tuple[int, int]]]] = {
    "utf16": _utf16_units,
    "mastodon": _mastodon_units,
    "bluesky": _bluesky_units,
    "threads": _threads_units,
}


# twitter-text v3: code points in these ranges weigh 1, all others 2 (a test holds this
# against the library's own configuration).
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_PLAIN = regex.compile(
    "[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in X_LIGHT_RANGES) + "]|[.:\u00a9\u00ae]")


def _x_plain_length(token: str) -> int | None:
    """A word with no URL, emoji or heavy character weighs its NFC code points; else ``None``."""
    form = _x_form(token)
    return None if _X_PLAIN.search(form) else len(form)


def _x_length(token: str, at_start: bool) -> int:
    plain = _x_plain_length(token)
    if plain is not None:
        return plain  # the common case, without loading twitter-text
    if at_start:
        return _x_parse(token).weightedLength
    return _x_parse(" " + token).weightedLength - 1  # as it counts after whitespace (see _url_spans)


def _token_cost(method: str, token: str, at_start: bool) -> int:
    if method == "utf16":
        return _utf16(token)
    if method == "twitter":
        return _x_length(token, at_start)
    if method in ("mastodon", "bluesky") and "." not in token and "@" not in token:
        return len(_graphemes(token))
    return sum(cost for _end, cost in _UNITS[method](token, at_start))


@lru_cache(maxsize=16384)
def _token_costs(token: str, at_start: bool = False) -> tuple[int, ...]:
    """One token's length in every way of counting (see :data:`METHODS`)."""
    return tuple(_token_cost(method, token, at_start) for method in METHODS)


@lru_cache(maxsize=8)
def _measured(text: str) -> tuple[list[str], list[tuple[int, ...]], tuple[int, ...]]:
    """The text's words, each word's lengths, and the text's length, in every way of counting.

    Measured line by line (a line break ends every word and grapheme), each
    line cached: typing in one paragraph leaves the others' figures as they were.
    """
    parts: list[str] = []
    costs: list[tuple[int, ...]] = []
    totals = [0] * len(METHODS)
    for i, line in enumerate(_pieces(text)):
        line_parts, line_costs, line_totals = _measured_line(line, i == 0)
        parts.extend(line_parts)
        costs.extend(line_costs)
        totals = [a + b for a, b in zip(totals, line_totals)]
    return parts, costs, tuple(totals)


PIECE = 1024


def _pieces(text: str) -> list[str]:
    """Lines, and long lines cut before a space about every ``PIECE`` characters.

    A line break or a space that begins a piece ends every word and grapheme
    (unless a prepended mark stands before it, where no cut is made)."""
    pieces = []
    for line in text.splitlines(keepends=True):
        start = 0
        while len(line) - start > 2 * PIECE:
            cut = line.find(" ", start + PIECE)
            while cut != -1 and _PREPEND_CHAR.match(line, cut - 1):
                cut = line.find(" ", cut + 1)
            if cut == -1:
                break
            pieces.append(line[start:cut])
            start = cut
        pieces.append(line[start:])
    return pieces


@lru_cache(maxsize=1024)
def _measured_line(line: str, at_start: bool) -> tuple[list[str], list[tuple[int, ...]], tuple[int, ...]]:
    parts = tokens(line)
    costs = [_token_costs(t, at_start=at_start and i == 0) for i, t in enumerate(parts)]
    totals = tuple(map(sum, zip(*costs))) if costs else (0,) * len(METHODS)
    return parts, costs, totals


def _over_within(method: str, token: str, budget: int, at_start: bool = False) -> int:
    """Index in ``token`` where it goes past ``budget``."""
    if budget <= 0:
        return 0
    token = _enough_of(method, token, budget, at_start)
    if method == "twitter" and at_start and _x_length(token, True) != _x_length(token, False):
        result = _x_parse(token, budget)  # index 0 is ambiguous here: twitter-text's own answer
        measured = _x_form(token)
        return _map_index(token, _utf16_to_index(measured, result.validRangeEnd + 1), _x_form)
    if method == "twitter":
        # A leading space (weight 1) makes validRangeEnd unambiguous when not even
        # the token's first character fits; whitespace changes no URL or emoji match.
        result = _x_parse(" " + token, budget + 1)
        measured = _x_form(token)
        return _map_index(token, _utf16_to_index(measured, result.validRangeEnd), _x_form)
    return _first_over(_UNITS[method](token, at_start), budget)


def _enough_of(method: str, token: str, budget: int, at_start: bool) -> str:
    """A prefix of a very long word that surely reaches past ``budget``, so a pasted
    megabyte is not walked through character by character. Every character costs at
    least 1 outside a URL, so the prefix grows by doubling until it costs more than
    the budget, plus room for a URL cut in half at its end."""
    length = budget + 1
    while length + URL_MAX < len(token):
        if _token_cost(method, token[:length], at_start) > budget:
            return token[:length + URL_MAX]
        length *= 2
    return token


def count(key: str, text: str) -> Count:
    """Measure ``text`` the way network ``key`` counts it."""
    net = network(key)
    return measure(key, text, net.counting, net.text_limit, net.byte_limit)


def measure(key: str, text: str, counting: str, limit: int, byte_limit: int | None = None) -> Count:
    """Measure ``text`` by ``counting`` (one of :data:`METHODS`) against ``limit``.

    A lone surrogate (broken UTF-16 from a paste) is measured as the
    replacement character it will become; indices stay the same.
    """
    text = _LONE_SURROGATE.sub("\ufffd", text)
    column = METHODS.index(counting)
    parts, costs, totals = _measured(text)
    length = totals[column]
    over_from = _over_from(counting, parts, costs, column, limit) if length > limit else None
    if not byte_limit:
        return Count(key, length, limit, over_from)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > byte_limit:
        byte_over = _bytes_to_grapheme_index(text, byte_limit)
        over_from = byte_over if over_from is None else min(over_from, byte_over)
    return Count(key, length, limit, over_from, size, byte_limit)


def _over_from(method: str, parts: list[str], costs: list[tuple[int, ...]], column: int, limit: int) -> int:
    total = 0
    pos = 0
    for part, cost in zip(parts, costs):
        if total + cost[column] > limit:
            return pos + _over_within(method, part, limit - total, at_start=pos == 0)
        total += cost[column]
        pos += len(part)
    return pos


_LONE_SURROGATE = regex.compile(r"\p{Cs}")


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
    fits = len(text.encode("utf-8", "surrogatepass")[:limit].decode("utf-8", "ignore"))
    if fits >= len(text):
        return len(text)
    window = max(0, fits - 64)  # no grapheme is longer than this in practice; rounding down is safe
    pos = window
    for g in _graphemes(text[window:fits + 1]):
        if pos + len(g) > fits:
            return pos
        pos += len(g)
    return fits


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
