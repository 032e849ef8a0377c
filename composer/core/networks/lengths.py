"""Each way of counting, for one word and for a whole text piece by piece.

A word's lengths in every measure are worked out together and cached
(:func:`token_costs`); a text's are the sums over its pieces and their
chunks (lines and sentences: :mod:`composer.core.networks.tokens`), each
cached too, so typing in one paragraph leaves the others' figures as they were
and only the sentence and the word being typed are measured again.
Which reference each measure follows is in :mod:`composer.core.networks.counting`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from operator import add, sub

import regex

from composer.core.networks.bluesky_links import bluesky_facets, bluesky_links
from composer.core.networks.mastodon_entities import mastodon_entities
from composer.core.networks.tokens import chunk_tokens, chunks, pieces
from composer.core.networks.units import utf8_length, utf16_length
from composer.core.networks.x_entities import x_emoji, x_urls

URL_WEIGHT = 23

#: The ways of counting ``networks.json`` can name.
METHODS: tuple[str, ...] = ("utf16", "twitter", "mastodon", "bluesky", "threads")
#: What is measured of every word, in two groups (so a count for X alone measures nothing else): X's weight;
#: the other methods, the UTF-8 bytes of what Bluesky posts, how many link facets @atproto/api finds and how
#: many of those it leaves as they are with letters outside ASCII.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("twitter",),
    ("utf16", "mastodon", "bluesky", "threads", "bluesky_bytes", "bluesky_facets", "bluesky_risky"))
#: Each measure's (group, index in the group).
COLUMN = {name: (g, i) for g, names in enumerate(GROUPS) for i, name in enumerate(names)}
OTHERS = 1  # the group of every measure but X's
BYTES = COLUMN["bluesky_bytes"][1]
FACETS = COLUMN["bluesky_facets"][1]
RISKY = COLUMN["bluesky_risky"][1]

#: twitter-text v3: code points in these ranges weigh 1, all others 2.
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_HEAVY = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in X_LIGHT_RANGES) + "]")
GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")

#: What is measured of a piece or chunk: its parts (chunks or words), each part's lengths, and its own.
Measured = tuple[tuple[str, ...], list[tuple[int, ...]], tuple[int, ...]]


# --- each way of counting, for one word -----------------------------------------------------------------------

def graphemes(text: str) -> int:
    """How many graphemes (user-perceived characters, Unicode 17) ``text`` has."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(GRAPHEME.findall(text))


def is_nfc(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def x_form(text: str) -> str:
    """The text as twitter-text measures it: NFC (a Windows line end stays two characters)."""
    return text if is_nfc(text) else unicodedata.normalize("NFC", text)


def x_heavy(text: str) -> int:
    """How many code points of ``text`` weigh 2 for X (beside the 1 every code point weighs)."""
    return 0 if text.isascii() else len(_X_HEAVY.findall(text))


def x_entities(form: str, at_start: bool) -> list[tuple[int, int, int]]:
    """``(start, length, weight)`` of the links (23) and emoji (2) twitter-text finds, in the order it meets them."""
    found = [(a, n, URL_WEIGHT) for a, n in x_urls(form, at_start)] if "." in form else []
    found += [(a, b - a, 2) for a, b in x_emoji(form)]
    if len(found) > 1:
        found.sort(key=lambda e: (e[0], e[2] != URL_WEIGHT))  # a link first where both start
    kept, pos = [], 0
    for start, length, weight in found:
        if start >= pos:  # twitter-text jumps over what it counted: what starts inside it is not seen
            kept.append((start, length, weight))
            pos = start + length
    return kept


def nfc_index_map(token: str) -> list[int]:
    """For each index of ``token``'s NFC form (and its end), the end of the typed grapheme it comes from."""
    out = [0]
    pos = 0
    for g in GRAPHEME.findall(token):
        pos += len(g)
        out.extend([pos] * len(x_form(g)))
    while len(out) < len(x_form(token)) + 1:  # NFC across graphemes (never in practice)
        out.append(len(token))
    return out


@lru_cache(maxsize=4096)
def token_urls(token: str, at_start: bool = False) -> tuple[tuple[int, int], ...]:
    """Links in one word of a text as twitter-text finds them (the links the checks count), as spans."""
    if is_nfc(token):
        return tuple((start, start + length) for start, length in x_urls(token, at_start))
    to_typed = nfc_index_map(token)
    return tuple((to_typed[a], to_typed[min(a + n, len(to_typed) - 1)])
                 for a, n in x_urls(x_form(token), at_start))


def _x_length(token: str, at_start: bool) -> int:
    if token.isascii() and "." not in token:
        return len(token)  # the common case
    form = x_form(token)
    weight = len(form) + x_heavy(form)
    for start, length, cost in x_entities(form, at_start):
        piece = form[start:start + length]
        weight += cost - len(piece) - x_heavy(piece)
    return weight


def mastodon_form(token: str, at_start: bool) -> str:
    """The word as the server counts it: each link as 23 characters, ``@user@server`` as ``@user``."""
    return _rewritten(token, mastodon_entities(token, at_start))


def bluesky_form(token: str) -> str:
    """The word as the Bluesky app posts it: each link it shortens as shortened."""
    return _rewritten(token, bluesky_links(token))


def _rewritten(token: str, found: tuple[tuple[int, int, str], ...]) -> str:
    if not found:
        return token
    out, pos = [], 0
    for start, end, replacement in found:
        out += [token[pos:start], replacement]
        pos = end
    out.append(token[pos:])
    return "".join(out)


def threads_unit(grapheme: str) -> int:
    """Threads counts an emoji as its UTF-8 bytes, anything else as one."""
    if _EMOJI.search(grapheme):
        return len(grapheme.encode("utf-8", "surrogatepass"))
    return 1


def _threads_length(token: str) -> int:
    if token.isascii():
        return graphemes(token)
    return sum(threads_unit(g) for g in GRAPHEME.findall(token))


@lru_cache(maxsize=16384)
def token_costs(token: str, at_start: bool = False, group: int = OTHERS) -> tuple[int, ...]:
    """One word's lengths in the measures of ``group`` (see :data:`GROUPS`)."""
    if group == 0:
        return (_x_length(token, at_start),)
    if token.isascii() and "." not in token and ":" not in token and "@" not in token:
        n = len(token) - token.count("\r\n") if "\r" in token else len(token)
        return (len(token), n, n, n, len(token), 0, 0)
    masto = mastodon_form(token, at_start)
    sky = bluesky_form(token)
    facets = bluesky_facets(token)
    risky = sum(1 for start, end, shown in facets if shown is None and not token[start:end].isascii())
    return (utf16_length(token), graphemes(masto), graphemes(sky), _threads_length(token), utf8_length(sky),
            len(facets), risky)


def cost(token: str, at_start: bool, name: str) -> int:
    """One word's length in measure ``name``."""
    group, index = COLUMN[name]
    return token_costs(token, at_start, group)[index]


# --- a text: piece by piece, chunk by chunk, word by word ---------------------------------------------------------

def measured(text: str, group: int = OTHERS) -> tuple[int, ...]:
    """The text's lengths in the measures of ``group``: the sums of its pieces' (each cached)."""
    return _measured(text, group)[1]


def total(text: str, name: str) -> int:
    """The text's length in measure ``name``."""
    group, index = COLUMN[name]
    return _measured(text, group)[1][index]


def measured_pieces(text: str, group: int = OTHERS) -> list[Measured]:
    """Each piece's lengths (see :func:`measured_piece`), in order."""
    return _measured(text, group)[0]


#: Per group, the last texts measured, under their first piece: a text being typed shares all its pieces but one
#: with the text of the keystroke before, a network's final text every typed piece with the typed text. Those
#: pieces' lengths are taken over, and the text's length is the other's less theirs plus its own.
_KEPT: tuple[dict[str, tuple[str, list[Measured], tuple[int, ...]]], ...] = ({}, {})
KEPT = 8


@lru_cache(maxsize=16)
def _measured(text: str, group: int) -> tuple[list[Measured], tuple[int, ...]]:
    parts = pieces(text)
    if not parts:
        return [], (0,) * len(GROUPS[group])
    kept = _KEPT[group].get(parts[0])
    head = 0
    if kept is not None:
        old, old_found, old_totals = kept
        head, tail = shared_pieces(old, text)
    if head:  # at least the first piece is the same: only the pieces in between are looked up
        end = len(old_found) - tail
        middle = [measured_piece(piece, False, group) for piece in parts[head:len(parts) - tail]]
        found = old_found[:head] + middle + old_found[end:]
        totals = old_totals
        for _chunks, _sums, gone in old_found[head:end]:
            totals = tuple(map(sub, totals, gone))
        for _chunks, _sums, more in middle:
            totals = tuple(map(add, totals, more))
    else:
        found = [measured_piece(piece, i == 0, group) for i, piece in enumerate(parts)]
        totals = found[0][2] if len(found) == 1 else tuple(map(sum, zip(*(t for _c, _s, t in found), strict=True)))
    recent = _KEPT[group]
    recent.pop(parts[0], None)
    recent[parts[0]] = (text, found, totals)
    if len(recent) > KEPT:
        del recent[next(iter(recent))]
    return found, totals


@lru_cache(maxsize=64)
def shared_pieces(old: str, new: str) -> tuple[int, int]:
    """How many pieces ``old`` and ``new`` share at their start, and then at their end (never the same twice)."""
    return shared_ends(pieces(old), pieces(new))


def shared_ends(before: Sequence[str], after: Sequence[str]) -> tuple[int, int]:
    """How many items two sequences share at their start, and then at their end (no item counted twice):
    what typing one character leaves of a text's pieces or lines."""
    most = min(len(before), len(after))
    start = 0
    while start < most and before[start] == after[start]:
        start += 1
    end = 0
    most -= start
    while end < most and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, end


def forget() -> None:
    """Let go of the texts kept (for a cold count)."""
    for recent in _KEPT:
        recent.clear()


@lru_cache(maxsize=2048)
def measured_piece(piece: str, at_start: bool, group: int) -> Measured:
    """A piece's chunks (see :func:`~.tokens.chunks`), each chunk's lengths, and the piece's."""
    parts = chunks(piece)
    if len(parts) == 1:
        totals = measured_chunk(piece, at_start, group)[2]
        return parts, [totals], totals
    sums = [measured_chunk(chunk, at_start and i == 0, group)[2] for i, chunk in enumerate(parts)]
    return parts, sums, tuple(map(sum, zip(*sums, strict=True)))


@lru_cache(maxsize=4096)
def measured_chunk(chunk: str, at_start: bool, group: int) -> Measured:
    """A chunk's words, each word's lengths, and the chunk's."""
    parts = chunk_tokens(chunk)
    costs = [token_costs(t, at_start and i == 0, group) for i, t in enumerate(parts)]
    totals = tuple(map(sum, zip(*costs, strict=True))) if costs else (0,) * len(GROUPS[group])
    return parts, costs, totals
