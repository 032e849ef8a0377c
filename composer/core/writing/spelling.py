"""Spell checking a post: which words a dictionary does not know, and what it suggests instead.

:class:`SpellChecker` asks a dictionary (:mod:`composer.core.writing.dictionaries`)
about the words :func:`~composer.core.writing.spelling_words.words_to_check`
picks out, minus the words the library knows (its name and its word list in
the house style, a colleague's own list, words ignored for the session). Each
line's answer is kept (:meth:`SpellChecker.misspelled`), and each word's, so
typing re-reads only the line being typed in, and there only the word that
changed goes to the dictionary. Suggestions are computed only when asked.

Which dictionary: the language chosen for the draft (:class:`SpellingChoice`),
else the post's own (:func:`post_language`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from composer.core.checklist.lines import Range, text_lines
from composer.core.checklist.text import SAMPLE, language
from composer.core.house_style import HouseStyle
from composer.core.writing.dictionaries import LANGUAGES, Speller
from composer.core.writing.spelling_words import known_words, normalised, sentence_words, sentences_of

__all__ = ["LANGUAGES", "SUGGESTIONS", "SpellChecker", "SpellingChoice", "choices_from_setting", "library_words",
           "post_language"]

SUGGESTIONS = 6  # at most, in the right-click menu
_LINES_KEPT = 2048
_WORDS_KEPT = 20_000
#: French little words: the checklist tells Dutch from English; French posts are told apart here.
_FRENCH = frozenset({"le", "la", "les", "des", "du", "un", "une", "et", "est", "sont", "au", "aux", "avec", "pour",
                     "dans", "sur", "par", "nous", "vous", "ce", "cette", "qui", "que", "pas", "ne", "plus", "notre",
                     "nos", "votre", "vos", "leur", "leurs", "été", "être", "chez", "aussi", "où"})
_LOWER_WORD = regex.compile(r"[\p{L}']+")
_ACCENTS = regex.compile(r"\p{M}")


def library_words(style: HouseStyle, own: Iterable[str] = ()) -> frozenset[str]:
    """What the spell check takes as right for this library: its name, its word list, and ``own`` (a colleague's
    own words on this computer); in lower case, each entry whole and word by word."""
    return known_words([style.library_name, *style.word_list, *own])


class SpellChecker:
    """Finds the words of a text that neither ``speller`` (a dictionary) nor ``known`` (lower case, see
    :func:`library_words`) knows.

    ``language`` is the dictionary's (``nl``, ``en``, ``fr``): the English one
    is made without accents, so there "café" is right when "cafe" is.
    """

    def __init__(self, speller: Speller, language: str, known: Iterable[str] = ()):
        self.speller, self.language = speller, language
        self.known: set[str] = set(known)
        self._lines: OrderedDict[tuple[str, bool], tuple[Range, ...]] = OrderedDict()
        self._words: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}

    # --- finding -------------------------------------------------------------------------------------------

    def misspelled(self, text: str, first: bool = False) -> tuple[Range, ...]:
        """Where the misspelled words of one line (``text``, no line break) are; kept per line and per sentence
        (typing in a long paragraph reads one sentence again).

        ``first`` says the line starts the post (see :func:`words_to_check`).
        """
        found = self._kept(text, first)
        if found is None:
            parts = sentences_of(text, first)
            if len(parts) == 1:
                found = self._in_sentence(text, first)
            else:
                found = tuple([(start + a, start + b) for start, part, part_first in parts
                               for a, b in self._in_sentence(part, part_first)])
            self._keep(text, first, found)
        return found

    def _in_sentence(self, text: str, first: bool) -> tuple[Range, ...]:
        found = self._kept(text, first)
        if found is None:
            found = tuple([(a, b) for a, b in sentence_words(text, first) if not self.is_right(text[a:b])])
            self._keep(text, first, found)
        return found

    def _kept(self, text: str, first: bool) -> tuple[Range, ...] | None:
        found = self._lines.get((text, first))
        if found is not None:
            self._lines.move_to_end((text, first))
        return found

    def _keep(self, text: str, first: bool, found: tuple[Range, ...]) -> None:
        """Each line's answer, and each sentence's (a line of one sentence is kept once)."""
        self._lines[text, first] = found
        if len(self._lines) > _LINES_KEPT:
            self._lines.popitem(last=False)

    def misspelled_in(self, text: str) -> tuple[Range, ...]:
        """Where the misspelled words of a whole text are (line by line, each line's answer kept)."""
        lines, starts = text_lines(text)
        return tuple([(start + a, start + b) for i, (part, start) in enumerate(zip(lines, starts, strict=True))
                      for a, b in self.misspelled(part, i == 0)])

    def is_right(self, word: str) -> bool:
        """Whether the library or the dictionary knows ``word``; each word asked once."""
        right = self._words.get(word)
        if right is None:
            right = self._knows(word)
            if len(self._words) >= _WORDS_KEPT:
                self._words.clear()
            self._words[word] = right
        return right

    def _knows(self, word: str) -> bool:
        plain = normalised(word)
        if self._library_knows(plain):
            return True
        if self._dictionary_knows(plain):
            return True
        if "-" in plain:  # "café-menu": every part right is right (a dictionary knows few compounds with a hyphen)
            return all(self._library_knows(part) or self._dictionary_knows(part) for part in plain.split("-"))
        return False

    def _library_knows(self, word: str) -> bool:
        lowered = word.casefold()
        if lowered in self.known:
            return True
        return lowered.endswith("'s") and lowered[:-2] in self.known  # the library's name with a possessive

    def _dictionary_knows(self, word: str) -> bool:
        try:
            if self.speller.check(word):
                return True
            if self.language == "en" and not word.isascii():  # SCOWL's dictionaries are made without accents
                bare = _ACCENTS.sub("", _decomposed(word))
                return bare != word and self.speller.check(bare)
        except Exception:  # a dictionary that cannot read a word never flags it
            return True
        return False

    # --- what the author does about it ---------------------------------------------------------------------

    def suggestions(self, word: str, limit: int = SUGGESTIONS) -> tuple[str, ...]:
        """What the dictionary offers instead of ``word`` (slow: a tenth of a second for some words), at most
        ``limit``; computed on first ask and kept."""
        found = self._suggestions.get(word)
        if found is None:
            try:
                offered = self.speller.suggest(normalised(word))
            except Exception:  # no suggestion is better than a crash
                offered = []
            found = tuple(dict.fromkeys(s for s in offered if s and s != word))
            self._suggestions[word] = found
        return found[:limit]

    def learn(self, words: Iterable[str]) -> None:
        """Take ``words`` (a word list's entries) as right from now on; lines are read again."""
        added = known_words(words) - self.known
        if added:
            self.known |= added
            self.forget()

    def know_only(self, known: Iterable[str]) -> bool:
        """Take exactly ``known`` (lower case, see :func:`library_words`) as the library's words; ``True`` if that
        changed anything (lines are then read again)."""
        known = set(known)
        if known == self.known:
            return False
        self.known = known
        self.forget()
        return True

    def forget(self) -> None:
        """Read every line again on next ask (what is right changed)."""
        self._lines.clear()
        self._words.clear()


def _decomposed(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", word)


@lru_cache(maxsize=32)
def post_language(text: str) -> str:
    """The language a post is written in, for its dictionary: Dutch or English as the checklist tells
    (:func:`composer.core.checklist.text.language`), French when its little words are mostly French."""
    from composer.core.checklist.word_lists import stopwords

    sample = text[:SAMPLE].casefold()
    if any(f" {w} " in f" {sample} " for w in ("le", "la", "les", "des", "est", "et")):
        found = _LOWER_WORD.findall(sample.replace("’", "'"))
        french = sum(w in _FRENCH or w.startswith(("l'", "d'", "qu'")) for w in found)
        if french and all(french > sum(w in stopwords(other) for w in found) for other in ("nl", "en")):
            return "fr"
    detected = language(text)
    return detected if detected in LANGUAGES else "en"


@dataclass(frozen=True)
class SpellingChoice:
    """What the author chose for one draft: a language (``""``: the post's own) and whether to check at all."""

    language: str = ""
    check: bool = True

    def language_for(self, text: str) -> str:
        """The dictionary's language for ``text``."""
        return self.language or post_language(text)

    def to_setting(self) -> dict[str, Any]:
        """As kept in the settings: only what differs from the default."""
        kept: dict[str, Any] = {}
        if self.language:
            kept["language"] = self.language
        if not self.check:
            kept["check"] = False
        return kept

    @classmethod
    def from_setting(cls, value: object) -> SpellingChoice:
        """From the settings; anything unusable (edited by hand, an older version) is the default."""
        if not isinstance(value, Mapping):
            return cls()
        chosen = value.get("language", "")
        check = value.get("check", True)
        return cls(chosen if chosen in LANGUAGES else "", check if isinstance(check, bool) else True)


def choices_from_setting(value: object) -> dict[str, SpellingChoice]:
    """The setting that keeps every draft's choice (draft id as text -> choice); unusable parts left out."""
    if not isinstance(value, Mapping):
        return {}
    return {str(key): SpellingChoice.from_setting(each) for key, each in value.items()}
