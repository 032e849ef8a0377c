"""What the window shows for a draft: counts, checks and the marks they leave in the text.

Qt-free on purpose: :func:`analyse` runs on the UI thread for ordinary posts
and in a worker process for very long texts (see ``checker.py``), which must
not load Qt. Marks are given in the editor's positions (UTF-16 code units),
ready for ``QTextCursor``; check ranges are Python string indices.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from composer.core import i18n
from composer.core.checklist import Check, CheckContext, Status, run_checks
from composer.core.drafts.draft import Draft
from composer.core.networks.facts import Count
from composer.core.networks.units import utf16_length

if TYPE_CHECKING:
    from composer.core.checklist.walks import LineFindings

SHARED = ""  # the editor key of the shared text (as in editor.py)
MAX_MARKS = 200  # per editor: beyond this many the marks stop helping and start costing

OVERFLOW = "overflow"  # past a network's limit: a light red background
WARN = "warn"          # words a check is about: a wavy orange underline
FAIL = "fail"          # ... a wavy red one


@dataclass(frozen=True, init=False)
class Mark:
    """A stretch of one editor's text, in UTF-16 positions (a few dozen a keystroke: filled in one step)."""

    start: int
    end: int
    kind: str

    def __init__(self, start: int, end: int, kind: str) -> None:
        object.__setattr__(self, "__dict__", {"start": start, "end": end, "kind": kind})


@dataclass(frozen=True)
class Analysis:
    """Everything the window shows for one state of the draft."""

    counts: dict[str, Count] = field(default_factory=dict)  # of the final text each network gets
    checks: list[Check] = field(default_factory=list)
    marks: dict[str, tuple[Mark, ...]] = field(default_factory=dict)
    additions: str = ""  # what export adds to the typed text, in words ("" when nothing)
    added: dict[str, str] = field(default_factory=dict)  # the same per network that gets anything


def analyse(draft: Draft, context: CheckContext, language: str | None = None) -> Analysis:
    """Count ``draft``'s final text per network, run the checklist and place the marks (pure; any thread).

    The counters measure what export and copy hand over (the house style's
    sign-off and required hashtags included), as the checks do.
    """
    from composer.core.drafts.final_text import added_phrase, additions_line, final_count, finals_for  # after start-up

    if language is not None:
        i18n.set_language(language)  # in a worker process: the window's language
    finals = finals_for(draft, context.house_style)
    counts = {key: final_count(final, key) for key, final in finals.items()}
    checks = run_checks(draft, context)
    added = {key: added_phrase(final) for key, final in finals.items() if final.added}
    return Analysis(counts, checks, marks_for(draft, checks), additions_line(finals) if added else "", added)


def text_length(draft: Draft) -> int:
    """How much text ``draft`` holds in all its versions."""
    return len(draft.text) + sum(len(text) for text in draft.network_texts.values())


def editor_key(draft: Draft, check: Check) -> str:
    """The editor a check's ranges point into: the network's own version if it has one, else the shared text."""
    if check.network and check.network in draft.network_texts:
        return check.network
    return SHARED


def mark_kind(check: Check) -> str | None:
    if check.status is Status.FAIL:
        return OVERFLOW if check.id == "length" else FAIL
    if check.status is Status.WARN:
        return WARN
    return None


def marks_for(draft: Draft, checks: Iterable[Check]) -> dict[str, tuple[Mark, ...]]:
    """Per editor key, the marks of the checks that warn or fail, in editor (UTF-16) positions.

    Overlapping marks of one kind merge (the X and Mastodon overflows of a shared
    text are one red stretch, from where the first network stops). Several
    checks often point at the same stretches (every network's hashtag check at
    the same tags): each stretch is looked at once, and the stretches of one kind
    are merged once for as long as they stay the same (keystroke after keystroke,
    the tags and links a check points at do).
    """
    wanted: dict[str, dict[str, list[tuple[tuple[int, int], ...]]]] = {}
    seen: set[tuple[str, str, int]] = set()  # the same ranges (one tuple) of several checks: looked at once
    own = draft.network_texts
    for check in checks:
        ranges = check.ranges
        if not ranges:
            continue
        status = check.status
        if status is Status.FAIL:
            kind = OVERFLOW if check.id == "length" else FAIL
        elif status is Status.WARN:
            kind = WARN
        else:
            continue
        key = check.network if own and check.network and check.network in own else SHARED
        marker = (key, kind, id(ranges))
        if marker in seen:
            continue
        seen.add(marker)
        kinds = wanted.get(key)
        if kinds is None:
            kinds = wanted[key] = {}
        found = kinds.get(kind)
        if found is None:
            kinds[kind] = [ranges]
        else:
            found.append(ranges)
    return {key: _marks_of(_text(draft, key), kinds) for key, kinds in wanted.items()}


def _marks_of(text: str, kinds: dict[str, list[tuple[tuple[int, int], ...]]]) -> tuple[Mark, ...]:
    """One editor's marks: each kind's stretches merged, red over orange, in order, in UTF-16 positions.

    The underlines (tags, links, words a check is about) stay the same keystroke after keystroke, where the
    overflow grows with the text: they are merged and placed once for as long as they and the text before
    them stay the same, and the overflow put in among them.
    """
    size = len(text)
    underlines = tuple((kind, tuple(found)) for kind, found in kinds.items() if kind != OVERFLOW)
    merged, lowest, highest = _underlines(underlines) if underlines else ((), 0, 0)
    if lowest < 0 or highest > size:  # a stretch past the text's end: cut to it, the long way
        return _marks_cut(text, kinds)
    astral = _astral_index(text)
    marks = _placed(merged, astral[:bisect_left(astral, highest)] if astral else ())
    overflow = kinds.get(OVERFLOW)
    if overflow is None:
        return marks[:MAX_MARKS]
    out = list(marks)
    for start, end in _merged_within(overflow, size):
        if astral:
            start, end = start + bisect_left(astral, start), end + bisect_left(astral, end)
        insort(out, _mark(start, end, OVERFLOW), key=_order)
    return tuple(out[:MAX_MARKS])


_order = attrgetter("start", "end", "kind")  # UTF-16 positions keep the order of string indices


@lru_cache(maxsize=64)
def _underlines(kinds: tuple[tuple[str, tuple[tuple[tuple[int, int], ...], ...]], ...]
                ) -> tuple[tuple[tuple[int, int, str], ...], int, int]:
    """The underlines of one editor, as ``(start, end, kind)`` in order, each kind's stretches merged, orange
    left out where red is; and the lowest start and highest end of them all."""
    merged = []
    lowest, highest = 0, 0
    for kind, found in kinds:
        spans, low, high = _merged_raw(found)
        merged += [(start, end, kind) for start, end in spans]
        lowest, highest = min(lowest, low), max(highest, high)
    present = {kind for kind, _found in kinds}
    if FAIL in present and WARN in present:  # red over orange: red only
        failing = {(start, end) for start, end, kind in merged if kind == FAIL}
        merged = [m for m in merged if not (m[2] == WARN and m[:2] in failing)]
    return tuple(sorted(merged)), lowest, highest


@lru_cache(maxsize=64)
def _placed(merged: tuple[tuple[int, int, str], ...], astral: tuple[int, ...]) -> tuple[Mark, ...]:
    """``merged`` as marks in UTF-16 positions, ``astral`` being where the characters outside the BMP are before
    the last of them (kept: the same stretches in the same text before them give the same marks)."""
    if not astral:
        return tuple([_mark(start, end, kind) for start, end, kind in merged])
    return tuple([_mark(start + bisect_left(astral, start), end + bisect_left(astral, end), kind)
                  for start, end, kind in merged])


def _marks_cut(text: str, kinds: dict[str, list[tuple[tuple[int, int], ...]]]) -> tuple[Mark, ...]:
    """:func:`_marks_of` where some stretch lies (partly) outside the text: each cut to it first."""
    size = len(text)
    merged = [(start, end, kind) for kind, found in kinds.items() for start, end in _merged_within(found, size)]
    if len(kinds) > 1 and FAIL in kinds and WARN in kinds:  # red over orange: red only
        failing = {(start, end) for start, end, kind in merged if kind == FAIL}
        merged = [m for m in merged if not (m[2] == WARN and m[:2] in failing)]
    merged.sort()
    del merged[MAX_MARKS:]
    astral = _astral_index(text)
    return _placed(tuple(merged), astral)


def _merged_within(found: list[tuple[tuple[int, int], ...]], size: int) -> tuple[tuple[int, int], ...]:
    """The stretches of ``found`` (several checks' ranges) within ``0..size``, merged (see :func:`_merged`)."""
    merged, lowest, highest = _merged_raw(tuple(found))
    if lowest >= 0 and highest <= size:  # the usual case: nothing to cut off, the same whatever the size
        return merged
    return _merged(frozenset(span for ranges in found for span in ranges), size)


@lru_cache(maxsize=256)
def _merged_raw(found: tuple[tuple[tuple[int, int], ...], ...]) -> tuple[tuple[tuple[int, int], ...], int, int]:
    """``found``'s stretches merged as :func:`_merged` merges them, with the lowest start and highest end of all
    (kept: the same tags and links are marked keystroke after keystroke, whatever the text's length)."""
    spans = {span for ranges in found for span in ranges}
    lowest = min(start for start, _end in spans)
    highest = max(end for _start, end in spans)
    return _merged(frozenset(spans), max(highest, 0)), lowest, highest


#: A mark made once and handed out again (frozen: the same stretches are marked keystroke after keystroke).
_mark = lru_cache(maxsize=4096)(Mark)


def _text(draft: Draft, key: str) -> str:
    return draft.text if key == SHARED else draft.network_texts[key]


@lru_cache(maxsize=256)
def _merged(spans: frozenset[tuple[int, int]], size: int) -> tuple[tuple[int, int], ...]:
    """``spans`` within ``0..size``, sorted, overlapping and touching ones merged, empty ones left out (kept: the
    same tags or links are marked keystroke after keystroke)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if start < 0 or end > size:
            start, end = max(0, min(start, size)), max(0, min(end, size))
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)


def utf16_positions(text: str, indices: Iterable[int]) -> dict[int, int]:
    """Python string indices of ``text`` as UTF-16 positions (what ``QTextCursor`` counts).

    An index moves on by one for each character before it outside the BMP (an
    emoji, say), which takes two UTF-16 units; those are found line by line,
    each line's cached, so a keystroke looks at one line again.
    """
    if text.isascii():
        return {i: i for i in indices}
    astral = _astral_index(text)
    return {i: i + bisect_left(astral, i) for i in indices}


@lru_cache(maxsize=16)
def _astral_index(text: str) -> tuple[int, ...]:
    """Where ``text``'s characters outside the BMP are, in order (found line by line, each line's cached, the
    lines a recent text shares taken over)."""
    if text.isascii():
        return ()
    global _astral_walk
    if _astral_walk is None:
        from composer.core.checklist.walks import LineFindings

        _astral_walk = LineFindings(lambda line, _first: _astral_in_line(line), _shift_positions)
    return _astral_walk(text)


def _shift_positions(found: tuple[int, ...], by: int) -> tuple[int, ...]:
    return tuple([at + by for at in found])


_astral_walk: LineFindings[int] | None = None


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=2048)
def _astral_in_line(line: str) -> tuple[int, ...]:
    if line.isascii() or utf16_length(line) == len(line):
        return ()
    return tuple(m.start() for m in _ASTRAL.finditer(line))


def analyse_in_worker(draft: Draft, context: CheckContext, language: str) -> Analysis:
    """The job a worker process runs (importable without Qt)."""
    return analyse(draft, context, language)
