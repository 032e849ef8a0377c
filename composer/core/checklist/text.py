"""Finding things in a post: words, hashtags, links, mentions, emoji, sentences, times, its language.

Each finder returns ``(start, end)`` ranges into the text, so a check can
point at what it is about. The text is read line by line and sentence by
sentence, each read once for every finder and rule and kept
(:mod:`composer.core.checklist.lines`), and the results per text are cached
too: several rules, and every network, ask about the same text on each
keystroke. Phrases from the word lists (which can run on over a line break)
are found in :mod:`composer.core.checklist.phrases`.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from composer.core.checklist.lines import (
    CLOCK_TIME,
    Hashtag,
    Range,
    line,
    lines_of,
    text_lines,
)
from composer.core.checklist.walks import gather, how_many, line_values
from composer.core.checklist.word_lists import LANGUAGES
from composer.core.i18n import current_language

__all__ = ["SAMPLE", "Hashtag", "Range", "counted_hashtags", "emoji", "hashtags", "language", "line", "lines_of",
           "link_key", "links", "mentions", "plain_word_count", "plain_words", "questions", "sentence_at", "sentences",
           "text_lines", "time_count", "times", "unique_links", "word_count", "word_spans"]

SAMPLE = 4000  # characters enough to tell a post's language, or that it has a message

_LETTER = regex.compile(r"\p{L}|\p{M}")


# --- what the checks ask of a text ------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def hashtags(text: str) -> tuple[Hashtag, ...]:
    """Each hashtag's range (with its ``#``) and its tag text; a ``#`` inside a link (``…/#top``) is none."""
    return gather(text, "hashtags") if "#" in text else ()


@lru_cache(maxsize=64)
def counted_hashtags(found: tuple[Hashtag, ...]) -> tuple[Hashtag, ...]:
    """The hashtags that count toward a network's cap: a tag without a letter (``#2026``) links to nothing.

    (Tags inside a link are no hashtags at all: see :func:`hashtags`.)
    """
    return tuple([(span, tag) for span, tag in found if _has_letter(tag)])


@lru_cache(maxsize=1024)
def _has_letter(tag: str) -> bool:
    return _LETTER.search(tag) is not None


@lru_cache(maxsize=32)
def links(text: str) -> tuple[Range, ...]:
    """Links as the networks find them (twitter-text's URL finder, word by word)."""
    return gather(text, "links") if "." in text else ()


@lru_cache(maxsize=1024)
def link_key(link: str) -> str:
    """What makes two links the same page: no ``http(s)://``, the host in lower case, no final ``/``."""
    bare = str(_SCHEME.sub("", link, count=1))
    end = min([i for i in (bare.find(c) for c in "/?#") if i != -1] or [len(bare)])
    return (bare[:end].lower() + bare[end:]).removesuffix("/")


_SCHEME = regex.compile(r"^(?i:https?://)")


@lru_cache(maxsize=64)
def unique_links(text: str, found: tuple[Range, ...]) -> tuple[Range, ...]:
    """``found`` (links in ``text``) without the ones that repeat an earlier link (see :func:`link_key`)."""
    seen: set[str] = set()
    kept = []
    for start, end in found:
        key = link_key(text[start:end])
        if key not in seen:
            seen.add(key)
            kept.append((start, end))
    return tuple(kept)


@lru_cache(maxsize=32)
def emoji(text: str) -> tuple[Range, ...]:
    return () if text.isascii() else gather(text, "emoji")


@lru_cache(maxsize=32)
def mentions(text: str) -> tuple[Range, ...]:
    return gather(text, "mentions") if "@" in text else ()


@lru_cache(maxsize=32)
def word_spans(text: str) -> tuple[Range, ...]:
    """Every word of ``text`` (letters, marks and apostrophes)."""
    return gather(text, "words")


def word_count(text: str) -> int:
    """``len(word_spans(text))``, without placing the words."""
    return how_many(text, "word_count")


@lru_cache(maxsize=32)
def plain_words(text: str) -> tuple[Range, ...]:
    """Words of real text: hashtags, mentions, links and emoji left out."""
    return gather(text, "plain_words")


def plain_word_count(text: str) -> int:
    """``len(plain_words(text))``, without placing the words."""
    return how_many(text, "plain_word_count")


@lru_cache(maxsize=32)
def sentences(text: str) -> tuple[Range, ...]:
    """The sentences of ``text``: up to a full stop, question or exclamation mark, or a line break."""
    return gather(text, "sentences")


def sentence_at(text: str, index: int) -> Range | None:
    """The sentence of ``text`` (see :func:`sentences`) that holds position ``index``, if any."""
    lines, starts = text_lines(text)
    i = _line_index(starts, index)
    start = starts[i]
    for a, b in line(lines[i], i == 0).sentences:
        if a <= index - start < b:
            return start + a, start + b
    return None


def _line_index(starts: tuple[int, ...], index: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, index) - 1


@lru_cache(maxsize=32)
def times(text: str) -> tuple[Range, ...]:
    """Clock times: 9u, 10u30, 17.00, 9:00, 10 uur, 5pm."""
    if _time_may_cross_lines(text):  # "10" at a line's end and "uur" on the next: searched as a whole
        return tuple(m.span() for m in CLOCK_TIME.finditer(text))
    return gather(text, "times")


def time_count(text: str) -> int:
    """``len(times(text))``, without placing them."""
    return len(times(text)) if _time_may_cross_lines(text) else how_many(text, "times")


def _time_may_cross_lines(text: str) -> bool:
    """Whether a clock time could run over a line break: a digit ends a line and a letter starts the next
    (``\\s?`` before "uur", "am", "pm" takes a line break too)."""
    lines, _starts = text_lines(text)
    return any(a[-1:].isdigit() and b[:1].isalpha() for a, b in zip(lines, lines[1:], strict=False))


@lru_cache(maxsize=32)
def questions(text: str) -> tuple[Range, ...]:
    """Every question mark that is not part of a link's query."""
    return gather(text, "questions") if "?" in text else ()


@lru_cache(maxsize=32)
def language(text: str) -> str:
    """The post's language, from its most common little words; the UI's language when unsure."""
    found = [counts for counts in line_values(text[:SAMPLE], "stopword_counts") if counts is not None]
    scores = [sum(counts) for counts in zip(*found, strict=True)] if found else [0] * len(LANGUAGES)
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return current_language() if current_language() in LANGUAGES else "en"
    return LANGUAGES[scores.index(best)]
