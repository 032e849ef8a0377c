"""What the window shows for a draft: counts, checks and the marks they leave in the text.

Qt-free on purpose: :func:`analyse` runs on the UI thread for ordinary posts
and in a worker process for very long texts (see ``checker.py``), which must
not load Qt. Marks are given in the editor's positions (UTF-16 code units),
ready for ``QTextCursor``; check ranges are Python string indices.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from composer.core import i18n
from composer.core.checklist import Check, CheckContext, Status, run_checks
from composer.core.drafts.draft import Draft
from composer.core.networks.facts import Count
from composer.core.networks.units import utf16_length

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
    the same tags): each stretch is looked at once.
    """
    wanted: dict[str, dict[str, set[tuple[int, int]]]] = {}
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
        if (key, kind, id(ranges)) in seen:
            continue
        seen.add((key, kind, id(ranges)))
        kinds = wanted.get(key)
        if kinds is None:
            kinds = wanted[key] = {}
        spans = kinds.get(kind)
        if spans is None:
            kinds[kind] = set(ranges)
        else:
            spans.update(ranges)
    marks = {}
    for key, kinds in wanted.items():
        text = _text(draft, key)
        size = len(text)
        merged = [(start, end, kind) for kind, spans in kinds.items() for start, end in _merged(frozenset(spans), size)]
        if len(kinds) > 1 and FAIL in kinds and WARN in kinds:  # red over orange: red only
            failing = {(start, end) for start, end, kind in merged if kind == FAIL}
            merged = [m for m in merged if not (m[2] == WARN and m[:2] in failing)]
        merged = sorted(merged)[:MAX_MARKS]
        to_utf16 = utf16_positions(text, [p for start, end, _ in merged for p in (start, end)])
        marks[key] = tuple(Mark(to_utf16[start], to_utf16[end], kind) for start, end, kind in merged)
    return marks


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
    wanted = sorted(set(indices))
    if text.isascii():
        return {i: i for i in wanted}
    starts, before, astral = _astral_by_line(text)
    out = {}
    line, last = 0, len(starts) - 1
    for i in wanted:  # in order: the line only moves on
        while line < last and starts[line + 1] <= i:
            line += 1
        found = astral[line]
        out[i] = i + before[line] + (bisect_left(found, i - starts[line]) if found else 0)
    return out


@lru_cache(maxsize=16)
def _astral_by_line(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """Where each line starts, how many characters outside the BMP come before it, and where its own are."""
    from composer.core.checklist.text import text_lines

    lines, starts = text_lines(text)
    astral = tuple(_astral_in_line(line) for line in lines)
    return starts, tuple(accumulate((len(found) for found in astral[:-1]), initial=0)), astral


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=2048)
def _astral_in_line(line: str) -> tuple[int, ...]:
    if line.isascii() or utf16_length(line) == len(line):
        return ()
    return tuple(m.start() for m in _ASTRAL.finditer(line))


def analyse_in_worker(draft: Draft, context: CheckContext, language: str) -> Analysis:
    """The job a worker process runs (importable without Qt)."""
    return analyse(draft, context, language)
