"""A word-level diff of two texts: what an earlier version had that is gone now, and what is new.

Texts are cut into words, runs of white space and single other characters
(a line break, a punctuation mark, an emoji with its skin tone or ZWJ sequence kept whole),
and :class:`difflib.SequenceMatcher` lines those up. The common start and end
are set aside first, so a long post changed in one place is compared in that
place only; white space alone between two changes joins them ("a b" → "c d"
reads as one change, not four).

>>> [(p.kind, p.text) for p in word_diff("Kom vrijdag kijken", "Kom zaterdag kijken!")]
[('same', 'Kom '), ('removed', 'vrijdag'), ('added', 'zaterdag'), ('same', ' kijken'), ('added', '!')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

import regex

__all__ = ["ADDED", "REMOVED", "SAME", "Piece", "changed", "tokens", "word_diff"]

SAME: Literal["same"] = "same"
ADDED: Literal["added"] = "added"
REMOVED: Literal["removed"] = "removed"
Kind = Literal["same", "added", "removed"]

#: Above this many token pairs, a stretch with no word of its own is not searched for shared words (see
#: :func:`_matching_blocks`): the bench's worst case stays a few milliseconds.
SMALL_RANGE = 10_000
#: How many tokens an anchor of :func:`_anchors` holds: one, then three words with their spaces, then five.
ANCHOR_SIZES = (1, 5, 9)
#: A word (letters and digits with their accents, joined by an apostrophe or a hyphen: "d'r", "Zuid-Afrika"),
#: a line break, a run of other white space, or one grapheme of anything else.
_TOKEN = regex.compile(r"[\w\p{M}]+(?:['’\-][\w\p{M}]+)*|\r?\n|[^\S\n]+|\X")


@dataclass(frozen=True)
class Piece:
    """A stretch of text that is the same in both, only in the earlier one (removed) or only in the newer (added)."""

    kind: Kind
    text: str


def tokens(text: str) -> list[str]:
    """``text`` cut into words, runs of white space and single other graphemes (joined, they are ``text``)."""
    found: list[str] = _TOKEN.findall(text)
    return found


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """How ``new`` differs from ``old``, word by word: pieces in reading order, a removal before its replacement.

    Joining the ``same`` and ``removed`` pieces gives ``old``; the ``same`` and ``added`` ones give ``new``.
    """
    a, b = _Tokens(old), _Tokens(new)
    pieces: list[Piece] = []
    i = j = 0
    for block_i, block_j, size in [*_matching_blocks(a, b), (len(a.items), len(b.items), 0)]:
        pieces.append(Piece(REMOVED, a.text_of(i, block_i)))
        pieces.append(Piece(ADDED, b.text_of(j, block_j)))
        pieces.append(Piece(SAME, a.text_of(block_i, block_i + size)))
        i, j = block_i + size, block_j + size
    return _tidy(pieces)


def changed(pieces: tuple[Piece, ...]) -> bool:
    """Whether anything was added or removed."""
    return any(piece.kind != SAME for piece in pieces)


class _Tokens:
    """A text's tokens and where each starts, so that a run of them is one slice of the text."""

    def __init__(self, text: str):
        self.text = text
        self.items = tokens(text)
        self.starts = [0]
        for item in self.items:
            self.starts.append(self.starts[-1] + len(item))

    def text_of(self, first: int, end: int) -> str:
        """Tokens ``first`` to ``end`` (not included), joined."""
        return self.text[self.starts[first]:self.starts[end]]

    def runs(self, low: int, high: int, n: int) -> list[str]:
        """Every run of ``n`` tokens starting from ``low`` to ``high - n``, in order."""
        text, starts = self.text, self.starts
        if n == 1:
            return self.items[low:high]
        return [text[starts[i]:starts[i + n]] for i in range(low, high - n + 1)]


def _matching_blocks(a: _Tokens, b: _Tokens) -> list[tuple[int, int, int]]:
    """``(i, j, n)``: tokens ``i`` to ``i+n`` of ``a`` are those from ``j`` of ``b``; in order, not overlapping.

    A patience diff: the common start and end set aside, then words (or phrases) found once on each side
    split the rest into smaller stretches; a stretch small enough is left to :class:`SequenceMatcher`.
    """
    x, y = a.items, b.items
    blocks: list[tuple[int, int, int]] = []
    ranges = [(0, len(x), 0, len(y))]
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        start = 0
        while alo + start < ahi and blo + start < bhi and x[alo + start] == y[blo + start]:
            start += 1
        if start:
            blocks.append((alo, blo, start))
            alo, blo = alo + start, blo + start
        end = 0
        while alo < ahi - end and blo < bhi - end and x[ahi - 1 - end] == y[bhi - 1 - end]:
            end += 1
        if end:
            blocks.append((ahi - end, bhi - end, end))
            ahi, bhi = ahi - end, bhi - end
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= SMALL_RANGE:
            matcher = SequenceMatcher(None, x[alo:ahi], y[blo:bhi], autojunk=False)
            blocks += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        blocks += anchors  # none: a long stretch with no phrase of its own on either side, shown as replaced
        edges = [(alo, blo, 0), *anchors, (ahi, bhi, 0)] if anchors else []
        ranges += [(i1 + n, i2, j1 + n, j2) for (i1, j1, n), (i2, j2, _n) in zip(edges, edges[1:], strict=False)]
    return sorted(blocks)


def _anchors(a: _Tokens, b: _Tokens, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int, int]]:
    """Runs of ``n`` tokens found exactly once in each stretch, as ``(i, j, n)``, the longest series of them in
    the same order: single tokens first, then a few words together (a text of few distinct words has no word of
    its own, but its phrases are)."""
    for n in ANCHOR_SIZES:
        if min(ahi - alo, bhi - blo) < n:
            break
        keys_a, keys_b = a.runs(alo, ahi, n), b.runs(blo, bhi, n)
        seen_a, seen_b = Counter(keys_a), Counter(keys_b)
        where_b = {key: blo + j for j, key in enumerate(keys_b) if seen_b[key] == 1 and seen_a[key] == 1}
        pairs = [(alo + i, where_b[key]) for i, key in enumerate(keys_a) if key in where_b]
        run: list[tuple[int, int, int]] = []
        for i, j in _longest_increasing(pairs):
            if not run or (i >= run[-1][0] + n and j >= run[-1][1] + n):  # runs never overlap
                run.append((i, j, n))
        if run:
            return run
    return []


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (in order of ``i``) whose ``j`` increase too (patience sorting)."""
    tail_js: list[int] = []  # tail_js[k]: the smallest j that ends an increasing run of length k + 1
    tails: list[int] = []  # the index in ``pairs`` of that end
    before: list[int] = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        k = bisect_left(tail_js, j)
        if k:
            before[index] = tails[k - 1]
        if k == len(tails):
            tail_js.append(j)
            tails.append(index)
        else:
            tail_js[k], tails[k] = j, index
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at != -1:
        run.append(pairs[at])
        at = before[at]
    return run[::-1]


def _tidy(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Empty pieces dropped; white space alone between two changes folded into both sides; neighbours of one
    kind joined, each change shown as its removal, then its addition."""
    pieces = [piece for piece in pieces if piece.text]
    folded: list[Piece] = []
    for i, piece in enumerate(pieces):
        if piece.kind == SAME and piece.text.isspace() and 0 < i < len(pieces) - 1 \
                and pieces[i - 1].kind != SAME and pieces[i + 1].kind != SAME:
            folded += [Piece(REMOVED, piece.text), Piece(ADDED, piece.text)]
        else:
            folded.append(piece)
    out: list[Piece] = []
    removed: list[str] = []
    added: list[str] = []
    for piece in folded:
        if piece.kind == SAME:
            _flush(out, removed, added)
            if out and out[-1].kind == SAME:
                out[-1] = Piece(SAME, out[-1].text + piece.text)
            else:
                out.append(piece)
        else:
            (removed if piece.kind == REMOVED else added).append(piece.text)
    _flush(out, removed, added)
    return tuple(out)


def _flush(out: list[Piece], removed: list[str], added: list[str]) -> None:
    if removed:
        out.append(Piece(REMOVED, "".join(removed)))
    if added:
        out.append(Piece(ADDED, "".join(added)))
    removed.clear()
    added.clear()
