"""Which stretches of a post the spell check reads: words, never links, #hashtags, @mentions, e-mail addresses,
numbers or acronyms; and which words the library itself knows (its name, its word list).

A line is read once and kept (:func:`words_to_check`, cached by its text), and
its links, hashtags and mentions come from the checklist's own reading of it
(:func:`composer.core.checklist.lines.line`), so the spell check and the
counters agree on what a link is. Nothing here knows a dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from composer.core.checklist.lines import Range, chunk, line

#: A word: letters (and their marks), joined by an apostrophe or a hyphen ("zo’n", "l'exposition", "Sint-Niklaas").
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’\-‐][\p{L}\p{M}]+)*+")
_EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: What may not touch a word for it to be read as one: a digit or an underscore ("3de", "10u", "2026a", "foo_bar"),
#: or the marks of a tag, a mention, a path or an address ("#", "@", "/", "\\", "=", "&").
_NOT_BESIDE = frozenset("0123456789_#@/\\=&")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-"})


def sentences_of(text: str, first: bool = False) -> tuple[tuple[int, str, bool], ...]:
    """The sentences of line ``text`` as the checklist cuts it (nothing the spell check skips runs over their
    border): (where each starts, its text, whether it starts the post)."""
    return tuple((start, part.text, part.first) for start, part in line(text, first).chunks)


@lru_cache(maxsize=4096)
def words_to_check(text: str, first: bool = False) -> tuple[Range, ...]:
    """The words of one line (``text``, without its line break) that a dictionary should know.

    Left out: words in a link, a hashtag, a mention or an e-mail address; a
    word touching a digit or underscore; a single letter; a word in capitals
    (an acronym: "KBR", "MSK"). ``first`` says the line starts the post (a link
    at the very start is read differently: see :func:`line`). Read sentence by
    sentence, each sentence's answer kept: typing reads one sentence again.
    """
    parts = sentences_of(text, first)
    if len(parts) == 1:
        return sentence_words(text, first)
    return tuple([(start + a, start + b) for start, part, part_first in parts
                  for a, b in sentence_words(part, part_first)])


@lru_cache(maxsize=4096)
def sentence_words(text: str, first: bool = False) -> tuple[Range, ...]:
    """:func:`words_to_check` of one sentence (see :func:`sentences_of`)."""
    found = [m.span() for m in _WORD.finditer(text)]
    if not found:
        return ()
    skip, i = _skipped(text, first), 0
    kept = []
    for start, end in found:
        while i < len(skip) and skip[i][1] <= start:  # both in order: one pass over each
            i += 1
        if i < len(skip) and skip[i][0] < end:
            continue  # inside a link, tag, mention or address
        if end - start < 2 or _touches(text, start, end) or text[start:end].isupper():
            continue
        kept.append((start, end))
    return tuple(kept)


def _skipped(text: str, first: bool) -> tuple[Range, ...]:
    """Links, hashtags, mentions and e-mail addresses in the sentence, in order."""
    read = chunk(text, first)
    parts: list[Range] = list(read.links)
    if "#" in text:
        parts += [span for span, _tag in read.hashtags]
    if "@" in text:
        parts += list(read.mentions)
        parts += [m.span() for m in _EMAIL.finditer(text)]
    return tuple(sorted(parts))


def _touches(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in _NOT_BESIDE) or (end < len(text) and text[end] in _NOT_BESIDE)


def word_at(text: str, index: int, first: bool = False) -> Range | None:
    """The word to check in line ``text`` that holds position ``index`` (or ends right at it), if any."""
    for start, end in words_to_check(text, first):
        if start <= index <= end:
            return start, end
        if start > index:
            break
    return None


def normalised(word: str) -> str:
    """``word`` as the dictionaries and the word lists compare it: typographic apostrophes and hyphens as plain."""
    return word.translate(APOSTROPHES)


def known_words(entries: Iterable[str]) -> frozenset[str]:
    """What a word list says is right, in lower case: each entry whole and each of its words.

    "Museum aan de Stroom" makes "museum aan de stroom", "museum", "aan", "de"
    and "stroom" known; "MSK" and "Sint-Lucas" themselves.
    """
    known: set[str] = set()
    for entry in entries:
        entry = normalised(entry.strip()).casefold()
        if not entry:
            continue
        known.add(entry)
        known.update(m.group() for m in _WORD.finditer(entry))
    return frozenset(known)
