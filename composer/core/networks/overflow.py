"""Where a text goes past a limit: the index the counter marks red from.

Only worked out when the text is too long. Whole pieces and chunks that fit
are stepped over by their cached lengths (:func:`~composer.core.networks.lengths.measured_pieces`),
then the words of the chunk that crosses the limit, and only the one word that
crosses it is taken apart: into (end index, cost) units, each ending at a
grapheme boundary of the typed text, as the network rewrites the word (a link
as 23 characters or its short form, ``@user@server`` as ``@user``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from composer.core.networks.bluesky_links import bluesky_links
from composer.core.networks.lengths import (
    COLUMN,
    GRAPHEME,
    cost,
    measured_piece,
    measured_pieces,
    nfc_index_map,
    threads_unit,
    x_entities,
    x_form,
    x_heavy,
)
from composer.core.networks.mastodon_entities import mastodon_entities
from composer.core.networks.tokens import URL_MAX, chunk_tokens, pieces
from composer.core.networks.units import utf16_length


def over_from(method: str, text: str, limit: int) -> int:
    """Where ``text`` first goes past ``limit`` by ``method``: the pieces that fit are stepped over whole."""
    group, index = COLUMN[method]
    total = 0
    pos = 0
    for i, (piece, (_chunks, _sums, totals)) in enumerate(zip(pieces(text), measured_pieces(text, group),
                                                                strict=True)):
        if total + totals[index] > limit:
            return pos + _over_in_piece(piece, i == 0, method, limit - total)
        total += totals[index]
        pos += len(piece)
    return pos


@lru_cache(maxsize=256)
def _over_in_piece(piece: str, at_start: bool, method: str, budget: int) -> int:
    """Where a piece goes past ``budget``: the chunks that fit are stepped over whole (cached: while the
    author types further on, it stays put)."""
    group, index = COLUMN[method]
    parts, sums, _totals = measured_piece(piece, at_start, group)
    total = 0
    pos = 0
    for i, (chunk, totals) in enumerate(zip(parts, sums, strict=True)):
        if total + totals[index] > budget:
            return pos + _over_in_words(chunk_tokens(chunk), at_start and i == 0, method, budget - total)
        total += totals[index]
        pos += len(chunk)
    return pos


def _over_in_words(words: tuple[str, ...], at_start: bool, method: str, budget: int) -> int:
    """Where a chunk of these words goes past ``budget``."""
    total = 0
    pos = 0
    for i, part in enumerate(words):
        part_cost = cost(part, at_start and i == 0, method)
        if total + part_cost > budget:
            return pos + _over_within(method, part, budget - total, at_start=at_start and i == 0)
        total += part_cost
        pos += len(part)
    return pos


# --- where a word goes past a limit: its units ------------------------------------------------------------------
#
# A word as (end index, cost) units, each ending at a grapheme boundary of the typed
# text; only worked out for the one word that crosses a limit.

def units(method: str, token: str, at_start: bool = False) -> list[tuple[int, int]]:
    """``token`` as ``(end index, cost)`` units in measure ``method``, each ending at a grapheme boundary."""
    if method == "twitter":
        return _x_units(token, at_start)
    if method == "mastodon":
        return _rewritten_units(token, mastodon_entities(token, at_start), lambda g: 1)
    if method in ("bluesky", "bluesky_bytes"):
        unit = (lambda g: 1) if method == "bluesky" else (lambda g: len(g.encode("utf-8", "surrogatepass")))
        return _rewritten_units(token, bluesky_links(token), unit)
    if method == "threads":
        return _grapheme_units(token, 0, len(token), threads_unit)
    return _grapheme_units(token, 0, len(token), utf16_length)


def _grapheme_units(text: str, start: int, end: int, unit: Callable[[str], int]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for g in GRAPHEME.findall(text[start:end]):
        pos += len(g)
        out.append((pos, unit(g)))
    return out


def _rewritten_units(token: str, found: tuple[tuple[int, int, str], ...],
                     unit: Callable[[str], int]) -> list[tuple[int, int]]:
    """Units of a word as the network rewrites it (a link as 23 x's or its short form, ``@user@server`` as
    ``@user``): each grapheme of the rewritten word, ending where what it stands for ends in the typed word."""
    if not found:
        return _grapheme_units(token, 0, len(token), unit)
    rewritten: list[str] = []
    ends: list[int] = []
    pos = 0
    for start, end, replacement in found:
        rewritten.append(token[pos:start])
        ends.extend(range(pos + 1, start + 1))
        rewritten.append(replacement)
        if token.startswith(replacement, start):  # a mention keeps its "@user": the "@server" goes with its end
            ends.extend(range(start + 1, start + len(replacement)))
            ends.append(end)
        else:
            ends.extend([end] * len(replacement))
        pos = end
    rewritten.append(token[pos:])
    ends.extend(range(pos + 1, len(token) + 1))
    out: list[tuple[int, int]] = []
    at = 0
    for g in GRAPHEME.findall("".join(rewritten)):
        at += len(g)
        end, unit_cost = ends[at - 1], unit(g)
        if out and out[-1][0] == end:
            out[-1] = (end, out[-1][1] + unit_cost)
        else:
            out.append((end, unit_cost))
    return out


def _x_units(token: str, at_start: bool) -> list[tuple[int, int]]:
    """X's weights per grapheme of the typed word (its NFC form measured, as twitter-text does)."""
    form = x_form(token)
    weights = [1 if c.isascii() else 1 + x_heavy(c) for c in form]
    for start, length, weight in x_entities(form, at_start):
        weights[start:start + length] = [weight] + [0] * (length - 1)
    to_original = nfc_index_map(token)
    out: list[tuple[int, int]] = []
    for i, c in enumerate(weights):
        end = to_original[i + 1]
        if out and out[-1][0] >= end:
            out[-1] = (out[-1][0], out[-1][1] + c)
        else:
            out.append((end, c))
    return _at_grapheme_ends(token, out)


def _at_grapheme_ends(token: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units merged so each ends where a grapheme of ``token`` ends."""
    ends = set()
    pos = 0
    for g in GRAPHEME.findall(token):
        pos += len(g)
        ends.add(pos)
    merged: list[tuple[int, int]] = []
    carry = 0
    for end, unit_cost in found:
        carry += unit_cost
        if end in ends or end >= len(token):
            merged.append((end, carry))
            carry = 0
    return merged


def first_over(word_units: list[tuple[int, int]], budget: int) -> int:
    """Index where the running cost of ``word_units`` first exceeds ``budget``."""
    total = 0
    prev_end = 0
    for end, unit_cost in word_units:
        total += unit_cost
        if total > budget:
            return prev_end
        prev_end = end
    return prev_end


def _over_within(method: str, token: str, budget: int, at_start: bool = False) -> int:
    """Index in ``token`` where it goes past ``budget``."""
    if budget <= 0:
        return 0
    token = _enough_of(method, token, budget, at_start)
    return first_over(units(method, token, at_start), budget)


def _enough_of(method: str, token: str, budget: int, at_start: bool) -> str:
    """A prefix of a very long word that surely reaches past ``budget``, so a pasted
    megabyte is not walked through character by character. Every character costs at
    least 1 outside a URL, so the prefix grows by doubling until it costs more than
    the budget, plus room for a URL cut in half at its end."""
    length = budget + 1
    while length + URL_MAX < len(token):
        if cost(token[:length], at_start, method) > budget:
            return token[:length + URL_MAX]
        length *= 2
    return token


def bytes_to_grapheme_index(text: str, limit: int) -> int:
    """Start of the first grapheme whose UTF-8 bytes go past ``limit``."""
    fits = len(text.encode("utf-8", "surrogatepass")[:limit].decode("utf-8", "ignore"))
    if fits >= len(text):
        return len(text)
    window = max(0, fits - 64)  # no grapheme is longer than this in practice; rounding down is safe
    pos = window
    for g in GRAPHEME.findall(text[window:fits + 1]):
        if pos + len(g) > fits:
            return pos
        pos += len(g)
    return fits
