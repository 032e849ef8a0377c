"""A text cut for counting: into pieces (lines, long lines cut at spaces), chunks (sentences) and words.

Counting works word by word (see :mod:`composer.core.networks.counting`): a
text is cut into runs of whitespace and the words between them, at whitespace
that ends every link, mention, emoji and grapheme in all three rule sets
(:data:`SEPARATORS`), so each word can be measured on its own and cached.
Pieces and chunks group the words: a piece is a line, or a stretch of a long
line; a chunk a sentence of a piece, cut before the space after its ``.``,
``!`` or ``?``. Every cut is made before a space that begins a new word (never
one a combining mark follows or a prepended mark precedes), so the words of a
text are the words of its chunks. Pieces' and chunks' lengths are cached too:
while the author types, only the sentence being typed in is measured again.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

URL_MAX = 4096  # twitter-text's longest URL

#: Whitespace that ends every link, mention and emoji for twitter-text, Mastodon and @atproto/api alike: ASCII
#: whitespace only. The others end them for some but not all (Mastodon's query strings run on through a
#: no-break space, JavaScript's ``\s`` lacks U+0085 but has U+FEFF): they stay inside a word, where each
#: network's own rules see them.
SEPARATORS = "\t\n\x0b\x0c\r "
_SEP = f"[{SEPARATORS}]"
_SEP_CONTROL = "[\t\n\x0b\x0c\r]"  # never joined to a neighbour (grapheme rules GB4, GB5)
_EXTENDS = r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}\p{Grapheme_Cluster_Break=SpacingMark}]"
_PREPEND = r"\p{Grapheme_Cluster_Break=Prepend}"
# A word runs up to whitespace that starts a new grapheme: a space that a combining
# mark follows, or that follows a prepended mark, belongs to the word.
_TOKEN = regex.compile(
    rf"(?:{_SEP_CONTROL}|(?<!{_PREPEND}){_SEP}(?!{_EXTENDS}))+"
    rf"|(?:[^{SEPARATORS}]|(?!{_SEP_CONTROL}){_SEP}(?={_EXTENDS})|(?<={_PREPEND})(?!{_SEP_CONTROL}){_SEP})+"
)
_SIMPLE_TOKEN = re.compile(rf"{_SEP}+|[^{SEPARATORS}]+")
#: A prepended mark (it joins the space after it to its grapheme).
PREPEND_CHAR = regex.compile(_PREPEND)
_EXTEND_CHAR = regex.compile(_EXTENDS)
#: Whitespace that belongs to the word beside it: a space a combining mark follows, or one after a prepended mark.
JOINED_SPACE = regex.compile(rf"{_SEP}{_EXTENDS}|{_PREPEND}{_SEP}")
# Marks and prepended marks are all outside ASCII: only whitespace beside such a character needs a look.
_SEP_BEFORE_WIDE = re.compile(rf"{_SEP}(?=[^\x00-\x7f])")
_WIDE_BEFORE_SEP = re.compile(rf"[^\x00-\x7f](?={_SEP})")


def has_joined_space(text: str) -> bool:
    """Whether :data:`JOINED_SPACE` is in ``text``: whitespace that a combining mark follows or a prepended mark
    precedes (the same answer, without trying the Unicode classes at every character)."""
    if text.isascii():
        return False
    for m in _SEP_BEFORE_WIDE.finditer(text):
        if _EXTEND_CHAR.match(text, m.end()):
            return True
    return any(PREPEND_CHAR.match(text, m.start()) for m in _WIDE_BEFORE_SEP.finditer(text))


def tokens(text: str) -> list[str]:
    """``text`` cut into whitespace runs and words; ``"".join(tokens(t)) == t``."""
    if not has_joined_space(text):  # the usual case: a plain split is the same
        parts = _SIMPLE_TOKEN.findall(text)
    else:
        parts = _TOKEN.findall(text)
    if len(text) > URL_MAX and any(len(p) > URL_MAX for p in parts):
        parts = [piece for p in parts for piece in _split_giant(p)]
    return parts


@lru_cache(maxsize=4096)
def chunk_tokens(chunk: str) -> tuple[str, ...]:
    """:func:`tokens` of one chunk of a text (see :func:`chunks`), cached."""
    return tuple(tokens(chunk))


def _split_giant(word: str) -> list[str]:
    """A word longer than any link (a pasted blob) is measured in pieces, so each piece
    is cached and none is walked through as a whole."""
    if len(word) <= URL_MAX:
        return [word]
    pieces, start = [], 0
    while start < len(word):
        end = min(start + URL_MAX, len(word))
        while end < len(word) and _joins_previous(word, end):
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def _joins_previous(text: str, i: int) -> bool:
    """True when ``text[i]`` belongs to the grapheme before it (a mark, a joiner, a low surrogate)."""
    return (unicodedata.category(text[i]) in ("Mn", "Mc", "Me", "Cs") or text[i] in "\u200d\ufe0f"
            or text[i - 1] == "\u200d" or "\U0001f3fb" <= text[i] <= "\U0001f3ff")


# --- pieces -------------------------------------------------------------------------------------------------

PIECE = 1024
#: Line ends that are whitespace to every network and end every grapheme (a Windows line end stays whole).
_LINE = re.compile(r"[^\n\r\x0b\x0c]*(?:\r\n|[\n\r\x0b\x0c])?")


@lru_cache(maxsize=16)
def pieces(text: str) -> tuple[str, ...]:
    """Lines (each with its line end), and long lines cut before a space about every ``PIECE`` characters
    (cached per text)."""
    if not text:
        return ()
    if "\r" in text or "\x0b" in text or "\x0c" in text:
        lines = [line for line in _LINE.findall(text) if line]
    elif "\n" in text:
        lines = text.split("\n")
        last = lines.pop()
        lines = [line + "\n" for line in lines]
        if last:
            lines.append(last)
    else:
        lines = [text]
    if all(len(line) <= 2 * PIECE for line in lines):
        return tuple(lines)
    return tuple(piece for line in lines for piece in (_cut_long(line) if len(line) > 2 * PIECE else (line,)))


#: Where a piece may be cut into chunks: before a space that follows the end of a sentence (if it begins a word).
_SENTENCE_END = re.compile(r"[.!?] ")


@lru_cache(maxsize=2048)
def chunks(piece: str) -> tuple[str, ...]:
    """``piece`` cut into sentences, each cut before the space after its ``.``, ``!`` or ``?`` that no combining
    mark follows (cached)."""
    if ". " not in piece and "! " not in piece and "? " not in piece:
        return (piece,)
    cuts = [m.start() + 1 for m in _SENTENCE_END.finditer(piece) if not _EXTEND_CHAR.match(piece, m.end())]
    if not cuts:
        return (piece,)
    out = []
    start = 0
    for cut in cuts:
        if cut > start:
            out.append(piece[start:cut])
            start = cut
    out.append(piece[start:])
    return tuple(out)


def _cut_long(line: str) -> list[str]:
    out = []
    start = 0
    while len(line) - start > 2 * PIECE:
        cut = line.find(" ", start + PIECE)
        while cut != -1 and (PREPEND_CHAR.match(line, cut - 1) or JOINED_SPACE.match(line, cut)):
            cut = line.find(" ", cut + 1)
        if cut == -1:
            break
        out.append(line[start:cut])
        start = cut
    out.append(line[start:])
    return out
