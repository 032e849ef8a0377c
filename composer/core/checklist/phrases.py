"""Phrases from the word lists in a post: officialese, bad news, invitations, a personal touch, practical words,
and the house style's own words.

A phrase is whole words with only whitespace between them, so it can run on
over a line break. Each line is searched once per language and kept
(:func:`_line_phrases`); a phrase that starts near a line's end and goes on
past it is finished in the text itself, which is rare. So typing in one
paragraph searches only that paragraph again.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import regex

from composer.core.checklist.lines import Range, chunk, line, text_lines
from composer.core.checklist.walks import LineFindings, LineValues, shift_ranges
from composer.core.checklist.word_lists import LANGUAGES, words

PHRASE_LISTS = ("bureaucratic", "bad_news", "not_bad_news", "invitation", "personal", "practical")
CROSS_LANGUAGE = ("bureaucratic", "bad_news", "not_bad_news")  # looked for in every language's list

_WORD = regex.compile(r"[\p{L}\p{M}'’]+")

#: A list's match in a line: (the word it starts at, its phrase's place in the index, the list, start, end).
Match = tuple[int, int, str, int, int]
#: A phrase that starts in a line and runs past its end: (its first word, its place, its words, its lists).
Partial = tuple[int, int, tuple[str, ...], frozenset[str]]
Index = dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]


# --- the house style's words: find_phrases ------------------------------------------------------------------------

@lru_cache(maxsize=256)
def phrase_pattern(phrases: tuple[str, ...]) -> regex.Pattern[str] | None:
    """One pattern for all ``phrases``, matching whole words, any case, any spacing."""
    parts = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(r"\s+".join(regex.escape(w) for w in p.split()) for p in parts)
    return regex.compile(rf"(?<![\w]){'(?:' + body + ')'}(?![\w])", regex.IGNORECASE)


def find_phrases(text: str, phrases: Iterable[str]) -> list[Range]:
    """Where any of ``phrases`` occurs in ``text`` (whole words, any case)."""
    return list(_find_phrases(text, tuple(phrases)))


@lru_cache(maxsize=64)
def _find_phrases(text: str, phrases: tuple[str, ...]) -> tuple[Range, ...]:
    pattern = phrase_pattern(phrases)
    if pattern is None:
        return ()
    if "\n" in text and _single_words(phrases):  # none can run over a line break: line by line, each cached
        return _phrase_walk(phrases)(text)
    return tuple(m.span() for m in pattern.finditer(text))


@lru_cache(maxsize=64)
def _phrase_walk(phrases: tuple[str, ...]) -> LineFindings[Range]:
    """:func:`_find_in_line` of every line put together (the lines a recent text shares taken over)."""
    return LineFindings(lambda line_text, _first: _find_in_line(line_text, phrases), shift_ranges)


@lru_cache(maxsize=64)
def _single_words(phrases: tuple[str, ...]) -> bool:
    """Whether every phrase is one word: its pattern then never reads past a line break."""
    return all(len(p.split()) <= 1 for p in phrases)


@lru_cache(maxsize=2048)
def _find_in_line(line_text: str, phrases: tuple[str, ...]) -> tuple[Range, ...]:
    """One-word phrases in a line, sentence by sentence (each cached): a word never runs over a sentence's end
    and the space after it, and what stands beside a word there is no letter on either side."""
    parts = line(line_text).chunks
    if len(parts) == 1:
        return _find_in_chunk(line_text, phrases)
    return tuple([(start + a, start + b) for start, part in parts for a, b in _find_in_chunk(part.text, phrases)])


@lru_cache(maxsize=4096)
def _find_in_chunk(text: str, phrases: tuple[str, ...]) -> tuple[Range, ...]:
    pattern = phrase_pattern(phrases)
    return () if pattern is None else tuple(m.span() for m in pattern.finditer(text))


# --- the word lists: language_phrases -----------------------------------------------------------------------------

@cache
def _language_index(language: str) -> Index:
    """Every phrase of every list of ``language``, by its first word: (its words, the lists it is in).

    ``language`` ``"*"`` is the lists of :data:`CROSS_LANGUAGE` of every language together.
    """
    sources = [(lang, CROSS_LANGUAGE) for lang in LANGUAGES] if language == "*" else [(language, PHRASE_LISTS)]
    names: dict[tuple[str, ...], set[str]] = {}
    for lang, list_names in sources:
        lists = words(lang)
        for name in list_names:
            for phrase in lists.get(name, ()):
                names.setdefault(tuple(_WORD.findall(phrase.lower())), set()).add(name)
    index: Index = {}
    for phrase_words, in_lists in names.items():
        if phrase_words:
            index.setdefault(phrase_words[0], []).append((phrase_words, frozenset(in_lists)))
    return index


@lru_cache(maxsize=32)
def language_phrases(text: str, language: str) -> dict[str, tuple[Range, ...]]:
    """Where each word list of ``language`` occurs in ``text``: per list, in the order of the words they start at.

    Line by line, each line cached; a phrase that runs on over a line break is
    finished in the whole text.
    """
    found: dict[str, list[Range]] = {name: [] for name in PHRASE_LISTS}
    lines, starts = text_lines(text)
    for line_text, start, in_line in zip(lines, starts, _line_phrase_walk(language)(text), strict=True):
        if in_line is None:
            continue
        matches, partials = in_line
        if partials:
            matches = _with_partials(text, start, line_text, matches, partials)
        for _i, _k, name, a, b in matches:
            found[name].append((start + a, start + b))
    return {name: tuple(ranges) for name, ranges in found.items()}


@lru_cache(maxsize=8)
def _line_phrase_walk(language: str) -> LineValues[tuple[tuple[Match, ...], tuple[Partial, ...]] | None]:
    """:func:`_line_phrases` of each line (``None`` for an empty one; the lines a recent text shares taken over)."""
    return LineValues(lambda line_text, _first: _line_phrases(line_text, language), None)


@lru_cache(maxsize=2048)
def _line_phrases(line_text: str, language: str) -> tuple[tuple[Match, ...], tuple[Partial, ...]]:
    """The phrases of ``language`` in a line, in the order of the words they start at (and their place in the
    index); and the phrases that start in it and would go on past its end, to be finished in the text.

    Sentence by sentence, each cached: no phrase runs over a sentence's ``.``, ``!`` or ``?``, so only the
    last sentence's phrases can go on past the line.
    """
    parts = line(line_text).chunks
    if len(parts) == 1:
        return _chunk_phrases(line_text, language)
    matches: list[Match] = []
    partials: tuple[Partial, ...] = ()
    words_before = 0
    for start, part in parts:
        found, partials = _chunk_phrases(part.text, language)
        matches += [(words_before + i, k, name, start + a, start + b) for i, k, name, a, b in found]
        if start + len(part.text) == len(line_text):
            partials = tuple((words_before + i, k, words_, lists) for i, k, words_, lists in partials)
        words_before += len(part.words)
    return tuple(matches), partials


@lru_cache(maxsize=4096)
def _chunk_phrases(text: str, language: str) -> tuple[tuple[Match, ...], tuple[Partial, ...]]:
    """:func:`_line_phrases` of one sentence."""
    part = chunk(text)
    spans, lowered = part.words, part.lowered
    index = _language_index(language)
    count = len(spans)
    matches: list[Match] = []
    partials: list[Partial] = []
    for i in range(count):
        for k, (phrase_words, in_lists) in enumerate(index.get(lowered[i], ())):
            n = len(phrase_words)
            if n == 1 or (i + n <= count and lowered[i:i + n] == phrase_words
                          and _only_spaces_between(text, spans[i:i + n])):
                matches += [(i, k, name, spans[i][0], spans[i + n - 1][1]) for name in in_lists]
            elif i + n > count and lowered[i:] == phrase_words[:count - i] and _only_spaces_between(text, spans[i:]):
                partials.append((i, k, phrase_words, in_lists))
    return tuple(matches), tuple(partials)


def _with_partials(text: str, start: int, line_text: str, matches: tuple[Match, ...],
                   partials: tuple[Partial, ...]) -> tuple[Match, ...]:
    """``matches`` of the line at ``start`` with its phrases that run on past its end, where they do (positions
    relative to the line), in order."""
    spans = line(line_text).words
    after = _words_after(text, start + len(line_text), max(len(words_) for _i, _k, words_, _n in partials))
    finished: list[Match] = []
    for i, k, phrase_words, in_lists in partials:
        own = [(start + a, start + b) for a, b in spans[i:]]
        rest = len(phrase_words) - len(own)
        if len(after) < rest or tuple(w for w, _span in after[:rest]) != phrase_words[len(own):]:
            continue
        found = own + [span for _w, span in after[:rest]]
        if _only_spaces_between(text, found):
            finished += [(i, k, name, found[0][0] - start, found[-1][1] - start) for name in in_lists]
    return tuple(sorted(matches + tuple(finished), key=lambda m: (m[0], m[1])))


def _words_after(text: str, pos: int, wanted: int) -> list[tuple[str, Range]]:
    """The first ``wanted`` words of ``text`` after ``pos`` (a line's end): lower case, with their ranges."""
    lines, starts = text_lines(text)
    from bisect import bisect_left

    out: list[tuple[str, Range]] = []
    for i in range(bisect_left(starts, pos + 1), len(lines)):
        lin = line(lines[i], i == 0)
        out += [(w, (starts[i] + a, starts[i] + b)) for w, (a, b) in zip(lin.lowered, lin.words, strict=True)]
        if len(out) >= wanted:
            break
    return out


def _only_spaces_between(text: str, spans: list[Range] | tuple[Range, ...]) -> bool:
    return all(not text[a[1]:b[0]].strip() for a, b in zip(spans, spans[1:], strict=False))


@cache
def longest_phrase(language: str) -> int:
    """The most words any phrase of ``language`` has."""
    return max((len(words_) for phrases in _language_index(language).values() for words_, _lists in phrases),
               default=1)


def any_language_phrases(text: str, name: str) -> tuple[Range, ...]:
    """Where list ``name`` (one of :data:`CROSS_LANGUAGE`) of any language occurs in ``text``, outermost only.

    Bad news and officialese are found whatever language the post is
    detected in: a short post, a mixed one, a Dutch notice quoting English.
    """
    return _outermost_of(language_phrases(text, "*")[name])


@lru_cache(maxsize=64)
def _outermost_of(ranges: tuple[Range, ...]) -> tuple[Range, ...]:
    return tuple(outermost(ranges))


def outermost(ranges: Iterable[Range]) -> list[Range]:
    """``ranges`` sorted, without those inside another ("voor uw begrip" within "wij danken u voor uw begrip")."""
    kept: list[Range] = []
    for start, end in sorted(ranges, key=lambda r: (r[0], -r[1])):
        if kept and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept
