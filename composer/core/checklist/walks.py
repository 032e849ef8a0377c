"""What a text holds, put together line by line, from the lines it shares with a text seen just before.

While the author types, each new text shares all its lines but the one being
typed in with the text of the keystroke before; a network's final text shares
every typed line with the typed text. A finding that is a line's findings put
together (words, tags, links, a count of them) is kept per recent text
(:class:`LineFindings`, :class:`LineValues`), by the text's first line: for a
new text, the lines it shares with that one at its start are taken over as
they were, those it shares at its end moved by what the text grew or shrank,
and only the lines in between are looked at (:func:`shared_lines`), each of
them cached by its text as before. So typing in a long post looks at one line
and a few numbers, not at every line again.

The answers are those of reading every line: a line's findings depend on its
text alone (and, for the first line, on being first: the first line is always
one a reused text shares at its start, or nothing is reused).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import chain
from typing import Any, Generic, TypeVar
from weakref import WeakSet

from composer.core.checklist.lines import Range, line, text_lines

T = TypeVar("T")
V = TypeVar("V")

#: The recent texts kept per finding, each under its first line (the drafts open at once, the final texts).
KEPT = 8
_ALL: WeakSet[_Kept[Any]] = WeakSet()  # every finding's kept texts, to forget them all at once


@lru_cache(maxsize=64)
def shared_lines(old: str, new: str) -> tuple[int, int]:
    """How many whole lines ``old`` and ``new`` share at their start, and then at their end (never the same line
    twice). A line shared at the start stands where it stood; one shared at the end has moved by
    ``len(new) - len(old)``."""
    from composer.core.networks.lengths import shared_ends  # loaded with the counting, after the first paint

    return shared_ends(text_lines(old)[0], text_lines(new)[0])


class _Kept(Generic[V]):
    """The last few texts a finding was worked out for, under their first lines."""

    def __init__(self) -> None:
        self._texts: dict[str, V] = {}
        _ALL.add(self)

    def clear(self) -> None:
        self._texts.clear()

    def get(self, first_line: str) -> V | None:
        return self._texts.get(first_line)

    def keep(self, first_line: str, value: V) -> None:
        texts = self._texts
        texts.pop(first_line, None)  # the newest last: the oldest is let go first
        texts[first_line] = value
        if len(texts) > KEPT:
            del texts[next(iter(texts))]


class LineFindings(Generic[T]):
    """A text's findings: each line's (``per_line(line text, first)``, in the line's positions) moved to where the
    line stands (``shift(found, by)``) and put together in order."""

    def __init__(self, per_line: Callable[[str, bool], tuple[T, ...]],
                 shift: Callable[[tuple[T, ...], int], tuple[T, ...]]) -> None:
        self.per_line = per_line
        self.shift = shift
        self._kept: _Kept[tuple[str, list[int], tuple[T, ...]]] = _Kept()  # text, findings per line, all

    def __call__(self, text: str) -> tuple[T, ...]:
        lines, starts = text_lines(text)
        kept = self._kept.get(lines[0])
        per_line, shift = self.per_line, self.shift
        if kept is None:
            counts, parts = [], []
            for i, (line_text, start) in enumerate(zip(lines, starts, strict=True)):
                found = per_line(line_text, i == 0) if line_text else ()
                counts.append(len(found))
                if found:
                    parts.append(shift(found, start) if start else found)
            result = parts[0] if len(parts) == 1 else tuple(chain.from_iterable(parts))
        else:
            old, old_counts, old_found = kept
            if old is text:
                return old_found
            head, tail = shared_lines(old, text)  # head >= 1: the first lines are the same
            old_end = len(old_counts) - tail
            middle_counts, middle = [], []
            for i in range(head, len(lines) - tail):
                line_text = lines[i]
                found = per_line(line_text, False) if line_text else ()
                middle_counts.append(len(found))
                if found:
                    middle.append(shift(found, starts[i]))
            counts = old_counts[:head] + middle_counts + old_counts[old_end:]
            result = old_found[:sum(old_counts[:head])]
            if middle:
                result += middle[0] if len(middle) == 1 else tuple(chain.from_iterable(middle))
            if tail:
                moved = old_found[len(old_found) - sum(old_counts[old_end:]):]
                if moved:
                    result += shift(moved, len(text) - len(old)) if len(text) != len(old) else moved
        self._kept.keep(lines[0], (text, counts, result))
        return result


class LineValues(Generic[V]):
    """A value per line of a text (``per_line(line text, first)``; ``empty`` for an empty line), in order."""

    def __init__(self, per_line: Callable[[str, bool], V], empty: V) -> None:
        self.per_line = per_line
        self.empty = empty
        self._kept: _Kept[tuple[str, list[V]]] = _Kept()

    def __call__(self, text: str) -> list[V]:
        lines, _starts = text_lines(text)
        kept = self._kept.get(lines[0])
        per_line, empty = self.per_line, self.empty
        if kept is None:
            values = [per_line(line_text, i == 0) if line_text else empty for i, line_text in enumerate(lines)]
        else:
            old, old_values = kept
            if old is text:
                return old_values
            head, tail = shared_lines(old, text)
            middle = [per_line(line_text, False) if line_text else empty for line_text in lines[head:len(lines) - tail]]
            values = old_values[:head] + middle + old_values[len(old_values) - tail:]
        self._kept.keep(lines[0], (text, values))
        return values


# --- what the checks ask of the lines: their findings put together, their counts ---------------------------------

def shift_ranges(found: tuple[Range, ...], pos: int) -> tuple[Range, ...]:
    return tuple([(pos + a, pos + b) for a, b in found])


def _shift_hashtags(found: tuple[tuple[Range, str], ...], pos: int) -> tuple[tuple[Range, str], ...]:
    return tuple([((pos + a, pos + b), tag) for (a, b), tag in found])


_SHIFT: dict[str, Callable[[Any, int], Any]] = {"hashtags": _shift_hashtags}
_FINDINGS: dict[str, LineFindings[Any]] = {}
_VALUES: dict[str, LineValues[Any]] = {}


def gather(text: str, kind: str) -> tuple[Any, ...]:
    """Every line's findings of ``kind`` (a :class:`~composer.core.checklist.lines.Line` attribute), in the
    text's positions."""
    walk = _FINDINGS.get(kind)
    if walk is None:
        walk = _FINDINGS[kind] = LineFindings(lambda line_text, first: getattr(line(line_text, first), kind),
                                              _SHIFT.get(kind, shift_ranges))
    return walk(text)


def how_many(text: str, kind: str) -> int:
    """How many findings of ``kind`` the text holds (a :class:`~composer.core.checklist.lines.Line` attribute, or
    one of its counts: ``word_count``, ``plain_word_count``), without placing them."""
    walk = _VALUES.get(kind)
    if walk is None:
        walk = _VALUES[kind] = LineValues(lambda line_text, first: _how_many_in(line(line_text, first), kind), 0)
    return sum(walk(text))


def _how_many_in(found_in: object, kind: str) -> int:
    found = getattr(found_in, kind)
    return found if isinstance(found, int) else len(found)


def line_values(text: str, kind: str) -> list[Any]:
    """Each line's ``kind`` (a :class:`~composer.core.checklist.lines.Line` attribute), ``None`` for an empty
    line."""
    walk = _VALUES.get("each " + kind)
    if walk is None:
        walk = _VALUES["each " + kind] = LineValues(lambda line_text, first: getattr(line(line_text, first), kind),
                                                    None)
    return walk(text)


def clear() -> None:
    """Forget every text kept, by every finding (for tests that typing gives what a fresh run gives)."""
    for kept in list(_ALL):
        kept.clear()
