"""What the window shows for a draft: counts, checks and the marks they leave in the text.

Qt-free on purpose: :func:`analyse` runs on the UI thread for ordinary posts
and in a worker process for very long texts (see ``checker.py``), which must
not load Qt. Marks are given in the editor's positions (UTF-16 code units),
ready for ``QTextCursor``; check ranges are Python string indices.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from composer.core import i18n
from composer.core.checklist import Check, CheckContext, Status, run_checks
from composer.core.drafts.draft import Draft
from composer.core.networks.facts import Count

SHARED = ""  # the editor key of the shared text (as in editor.py)
MAX_MARKS = 200  # per editor: beyond this many the marks stop helping and start costing

OVERFLOW = "overflow"  # past a network's limit: a light red background
WARN = "warn"          # words a check is about: a wavy orange underline
FAIL = "fail"          # ... a wavy red one


@dataclass(frozen=True)
class Mark:
    """A stretch of one editor's text, in UTF-16 positions."""

    start: int
    end: int
    kind: str


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
    from composer.core.drafts.final_text import added_phrase, additions_line, final_count, final_for  # after start-up

    if language is not None:
        i18n.set_language(language)  # in a worker process: the window's language
    finals = {key: final_for(draft, key, context.house_style) for key in draft.networks}
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
    text are one red stretch, from where the first network stops).
    """
    wanted: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for check in checks:
        kind = mark_kind(check)
        if kind is None or not check.ranges:
            continue
        key = editor_key(draft, check)
        size = len(_text(draft, key))
        spans = wanted.setdefault(key, {}).setdefault(kind, [])
        for start, end in check.ranges:
            start, end = max(0, min(start, size)), max(0, min(end, size))
            if end > start:
                spans.append((start, end))
    marks = {}
    for key, kinds in wanted.items():
        merged = [(start, end, kind) for kind, spans in kinds.items() for start, end in _merge(spans)]
        failing = {(start, end) for start, end, kind in merged if kind == FAIL}
        merged = [m for m in merged if not (m[2] == WARN and m[:2] in failing)]  # red over orange: red only
        merged = sorted(merged)[:MAX_MARKS]
        to_utf16 = utf16_positions(_text(draft, key), [p for start, end, _ in merged for p in (start, end)])
        marks[key] = tuple(Mark(to_utf16[start], to_utf16[end], kind) for start, end, kind in merged)
    return marks


def _text(draft: Draft, key: str) -> str:
    return draft.text if key == SHARED else draft.network_texts[key]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def utf16_positions(text: str, indices: Iterable[int]) -> dict[int, int]:
    """Python string indices of ``text`` as UTF-16 positions (what ``QTextCursor`` counts), in one pass."""
    wanted = sorted(set(indices))
    if not _has_astral(text):
        return {i: i for i in wanted}
    out = {}
    previous, units = 0, 0
    for index in wanted:
        units += _utf16_length(text[previous:index])
        out[index] = units
        previous = index
    return out


def utf16_position(text: str, index: int) -> int:
    return utf16_positions(text, [index])[index]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _has_astral(text: str) -> bool:
    """True when a character of ``text`` takes two UTF-16 units (an emoji, say)."""
    return not text.isascii() and _utf16_length(text) != len(text)


def analyse_in_worker(draft: Draft, context: CheckContext, language: str) -> Analysis:
    """The job a worker process runs (importable without Qt)."""
    return analyse(draft, context, language)
