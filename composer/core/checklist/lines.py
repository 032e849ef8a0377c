"""A post read line by line and sentence by sentence, each read once and kept: the one reading every check shares.

Words, hashtags, links, mentions and emoji never cross a line break, nor the
space after a sentence's ``.``, ``!`` or ``?``. So a text is cut into its
lines once (:func:`text_lines`), each line into sentences (the *chunks*
counting cuts too: :func:`composer.core.networks.tokens.chunks`), and each
chunk is read on first use of each kind of thing and kept (:class:`Chunk`,
cached by its text). A :class:`Line` puts its chunks' findings together; a
text, its lines' (:func:`gather`), each moved to where it stands. While the
author types, only the sentence being typed in is read again; the rest is
looked up.

Every finder gives what it would give on the whole text at once: the tests
hold the line-by-line answers to a fresh run on the whole text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from itertools import accumulate, chain
from typing import Any, TypeVar

import regex

from composer.core.checklist.word_lists import LANGUAGES, stopwords
from composer.core.found_once import found_once

Range = tuple[int, int]
Hashtag = tuple[Range, str]
T = TypeVar("T")

_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
#: A hashtag: not the keycap #️⃣, not followed by another ``#`` or ``://`` (twitter-text's rule, for every network).
_HASHTAG = regex.compile(r"(?:(?<=[\ufe0e\ufe0f])|(?<![\w#&]))#(?![\ufe0f\u20e3])(\w[\w\u200d]*+)(?![#＃]|://)")
_MENTION = regex.compile(r"(?<![\w@])@\w+(?:@[\w.-]+\w)?")
_EMOJI = regex.compile(
    r"\p{Regional_Indicator}{2}"
    r"|[0-9#*]\ufe0f?\u20e3"
    r"|\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*(?:\u200d\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*)*"
    r"|\p{Regional_Indicator}")
#: A clock time: 9u, 10u30, 17.00, 9:00, 10 uur, 5pm.
CLOCK_TIME = regex.compile(
    r"(?<!\w)\d{1,2}(?:[.:h]\d{2}|u\d{0,2}|\s?(?:uur|am|pm|a\.m\.|p\.m\.))(?!\w)", regex.IGNORECASE)
_SENTENCE = regex.compile(r"[^.!?\n]+[.!?]*")


@lru_cache(maxsize=32)
def text_lines(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The lines of ``text`` (cut at ``\\n``, which they do not hold) and where each starts."""
    lines = tuple(text.split("\n"))
    return lines, tuple(accumulate((len(line_text) + 1 for line_text in lines[:-1]), initial=0))


class _Moves:
    """Findings that can be moved to where their line or chunk stands, the last move kept."""

    def __init__(self) -> None:
        self._moved: dict[str, tuple[int, tuple[Any, ...]]] = {}

    def moved(self, kind: str, pos: int) -> tuple[Any, ...]:
        """The findings of ``kind`` (an attribute) with ``pos`` added: where this stands in its text."""
        found: tuple[Any, ...] = getattr(self, kind)
        if not found or not pos:
            return found
        last = self._moved.get(kind)
        if last is not None and last[0] == pos:  # it stayed where it was: the usual case
            return last[1]
        shifted: tuple[Any, ...] = _SHIFT.get(kind, _shift_ranges)(found, pos)
        self._moved[kind] = (pos, shifted)
        return shifted


class Chunk(_Moves):
    """A sentence of a line (or the line, if it has one sentence) and what is in it, each found on first use.

    ``first`` says it starts the text: twitter-text reads a link at the very
    start differently (see :func:`composer.core.networks.x_entities.x_urls`).
    """

    def __init__(self, text: str, first: bool):
        super().__init__()
        self.text = text
        self.first = first

    @found_once
    def words(self) -> tuple[Range, ...]:
        """Every word (letters, marks and apostrophes)."""
        return tuple(m.span() for m in _WORD.finditer(self.text))

    @found_once
    def lowered(self) -> tuple[str, ...]:
        """Each word in lower case, with a typographic apostrophe as a straight one ("won’t")."""
        text = self.text
        return tuple(text[a:b].lower().replace("’", "'") for a, b in self.words)

    @found_once
    def links(self) -> tuple[Range, ...]:
        """Links as the networks find them (twitter-text's URL finder, word by word)."""
        return _links_in(self.text, self.first) if "." in self.text else ()

    @found_once
    def hashtags(self) -> tuple[Hashtag, ...]:
        """Each hashtag's range (with its ``#``) and its tag text; a ``#`` inside a link is none."""
        if "#" not in self.text:
            return ()
        found = tuple((m.span(), m.group(1)) for m in _HASHTAG.finditer(self.text))
        inside = self.links if found else ()
        if not inside:
            return found
        return tuple((span, tag) for span, tag in found if not any(a <= span[0] < b for a, b in inside))

    @found_once
    def mentions(self) -> tuple[Range, ...]:
        return tuple(m.span() for m in _MENTION.finditer(self.text)) if "@" in self.text else ()

    @found_once
    def emoji(self) -> tuple[Range, ...]:
        return tuple(m.span() for m in _EMOJI.finditer(self.text)) if not self.text.isascii() else ()

    @found_once
    def plain_words(self) -> tuple[Range, ...]:
        """Words of real text: hashtags, mentions, links and emoji left out."""
        found = self.words
        skip = sorted([*(r for r, _tag in self.hashtags), *self.mentions, *self.links, *self.emoji])
        if not skip:
            return found
        kept, i = [], 0
        for start, end in found:
            while i < len(skip) and skip[i][1] <= start:
                i += 1
            if i < len(skip) and skip[i][0] < end:
                continue  # inside (or touching) a tag, mention, link or emoji
            kept.append((start, end))
        return tuple(kept)

    @found_once
    def times(self) -> tuple[Range, ...]:
        """Clock times (no time runs over a sentence's end and the space after it)."""
        return tuple(m.span() for m in CLOCK_TIME.finditer(self.text))

    @found_once
    def stopword_counts(self) -> tuple[int, ...]:
        """How many of the plain words are little words of each language (in :data:`LANGUAGES`)."""
        text = self.text
        found = [text[a:b].lower() for a, b in self.plain_words]
        return tuple(sum(w in stopwords(lang) for w in found) for lang in LANGUAGES)


class Line(_Moves):
    """One line of a post and what is in it: its chunks' findings put together, each on first use.

    ``first`` says the line starts the text. Get lines through :func:`line`,
    which keeps them per text.
    """

    def __init__(self, text: str, first: bool):
        super().__init__()
        self.text = text
        self.first = first

    @found_once
    def chunks(self) -> tuple[tuple[int, Chunk], ...]:
        """The line's chunks (its sentences), each with where it starts in the line."""
        from composer.core.networks.tokens import chunks

        parts = chunks(self.text)
        starts = accumulate((len(part) for part in parts[:-1]), initial=0)
        return tuple((start, chunk(part, self.first and not start)) for start, part in zip(starts, parts, strict=True))

    def _joined(self, kind: str) -> tuple[Any, ...]:
        parts = self.chunks
        if len(parts) == 1:
            return getattr(parts[0][1], kind)  # type: ignore[no-any-return]
        found = [moved for moved in (c.moved(kind, start) for start, c in parts) if moved]
        return found[0] if len(found) == 1 else tuple(chain.from_iterable(found))

    @found_once
    def words(self) -> tuple[Range, ...]:
        return self._joined("words")

    @found_once
    def lowered(self) -> tuple[str, ...]:
        return tuple(chain.from_iterable(c.lowered for _start, c in self.chunks))

    @found_once
    def links(self) -> tuple[Range, ...]:
        return self._joined("links") if "." in self.text else ()

    @found_once
    def hashtags(self) -> tuple[Hashtag, ...]:
        return self._joined("hashtags") if "#" in self.text else ()

    @found_once
    def mentions(self) -> tuple[Range, ...]:
        return self._joined("mentions") if "@" in self.text else ()

    @found_once
    def emoji(self) -> tuple[Range, ...]:
        return self._joined("emoji") if not self.text.isascii() else ()

    @found_once
    def plain_words(self) -> tuple[Range, ...]:
        return self._joined("plain_words")

    @found_once
    def word_count(self) -> int:
        return sum(len(c.words) for _start, c in self.chunks)

    @found_once
    def plain_word_count(self) -> int:
        return sum(len(c.plain_words) for _start, c in self.chunks)

    @found_once
    def stopword_counts(self) -> tuple[int, ...]:
        parts = self.chunks
        if len(parts) == 1:
            return parts[0][1].stopword_counts
        return tuple(map(sum, zip(*(c.stopword_counts for _start, c in parts), strict=True)))

    @found_once
    def sentences(self) -> tuple[Range, ...]:
        return tuple(m.span() for m in _SENTENCE.finditer(self.text))

    @found_once
    def times(self) -> tuple[Range, ...]:
        return self._joined("times")

    @found_once
    def questions(self) -> tuple[Range, ...]:
        """Each question mark that is not part of a link's query."""
        text = self.text
        found = []
        at = text.find("?")
        while at != -1:
            if not any(a <= at < b for a, b in self.links):
                found.append((at, at + 1))
            at = text.find("?", at + 1)
        return tuple(found)


def _shift_ranges(found: tuple[Range, ...], pos: int) -> tuple[Range, ...]:
    return tuple((pos + a, pos + b) for a, b in found)


def _shift_hashtags(found: tuple[Hashtag, ...], pos: int) -> tuple[Hashtag, ...]:
    return tuple(((pos + a, pos + b), tag) for (a, b), tag in found)


_SHIFT: dict[str, Callable[[Any, int], Any]] = {"hashtags": _shift_hashtags}


@lru_cache(maxsize=4096)
def chunk(text: str, first: bool = False) -> Chunk:
    """The :class:`Chunk` of ``text``, the same object while it is cached."""
    return Chunk(text, first)


@lru_cache(maxsize=2048)
def line(text: str, first: bool = False) -> Line:
    """The :class:`Line` of ``text`` (a line without its line break), the same object while it is cached."""
    return Line(text, first)


@lru_cache(maxsize=32)
def lines_of(text: str) -> tuple[tuple[int, Line], ...]:
    """The lines of ``text`` that hold anything, with where each starts."""
    lines, starts = text_lines(text)
    return tuple((start, line(text_, i == 0)) for i, (text_, start) in enumerate(zip(lines, starts, strict=True))
                 if text_)


def _links_in(text: str, first: bool) -> tuple[Range, ...]:
    """Links in a chunk, word by word, as counting cuts words."""
    from composer.core.networks.lengths import token_urls
    from composer.core.networks.tokens import has_joined_space, tokens

    found: list[Range] = []
    if not has_joined_space(text):  # words are plain runs of non-space: find the dotted ones directly
        for match in _dotted().finditer(text):
            start = match.start()
            found.extend((start + a, start + b) for a, b in token_urls(match.group(), first and start == 0))
        return tuple(found)
    pos = 0
    for i, token in enumerate(tokens(text)):
        if "." in token:
            found.extend((pos + a, pos + b) for a, b in token_urls(token, first and i == 0))
        pos += len(token)
    return tuple(found)


@cache
def _dotted() -> regex.Pattern[str]:
    """Words with a dot, cut where counting cuts words."""
    from composer.core.networks.tokens import SEPARATORS

    # Only from a word's start: tried from inside a word without a dot, it would read on to the word's end
    # at every character (quadratic in the word's length).
    return regex.compile(rf"(?<![^{SEPARATORS}])[^{SEPARATORS}.]*+\.[^{SEPARATORS}]*")
