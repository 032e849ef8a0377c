"""Emoji found by name in Dutch and English, with a skin tone where they take one, and what each costs per network.

The names and keywords are Unicode CLDR's annotations (``data/emoji.json``, made by ``tools/emoji_data.py``;
its licences in ``data/emoji.txt``): "hart" and "heart" both find ❤️, "boek" and "book" both find 📚, whatever
the window's language. A search matches each word typed against the start of a word of an emoji's name or
keywords, accents and case ignored; what matches a word of the name ranks above what matches only a keyword,
and the shorter name first (so "heart" gives ❤️ before 💔). The emoji used lately come first (see
:func:`choices`); which ones, and the tone, are the window's to keep (per computer).

>>> [choice.text for choice in choices("heart", [], "")][:2]
['❤️', '🩷']
>>> "📚" in [choice.text for choice in choices("boek", [], "")]
True
>>> find("👍").with_tone("\\U0001F3FD")
'👍🏽'
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from composer.core.i18n import N_, current_language, number

#: No tone (the emoji's own yellow), then the five Fitzpatrick modifiers from light to dark.
TONES: tuple[str, ...] = ("", "\U0001F3FB", "\U0001F3FC", "\U0001F3FD", "\U0001F3FE", "\U0001F3FF")
TONE_NAMES: tuple[str, ...] = (N_("No skin tone"), N_("Light skin tone"), N_("Medium-light skin tone"),
                               N_("Medium skin tone"), N_("Medium-dark skin tone"), N_("Dark skin tone"))
RECENT = 24  # emoji kept as used lately: two rows of the picker
GROUPS: dict[str, str] = {  # Unicode's groups, as the picker names them
    "Smileys & Emotion": N_("Smileys & emotion"), "People & Body": N_("People & body"),
    "Animals & Nature": N_("Animals & nature"), "Food & Drink": N_("Food & drink"),
    "Travel & Places": N_("Travel & places"), "Activities": N_("Activities"), "Objects": N_("Objects"),
    "Symbols": N_("Symbols"), "Flags": N_("Flags")}

_WORD = re.compile(r"\w+")
_NAME_WORD, _KEYWORD = 4, 2  # how well a typed word matches (one less for the start of a word)


@dataclass(frozen=True)
class Emoji:
    """One emoji of the picker: its text without a tone, its place, and its names.

    ``toned`` is its form with the light tone (``""`` when it takes none); ``names`` holds per language
    of :attr:`Catalogue.languages` the name and the other keywords.
    """

    char: str
    order: int
    group: int
    toned: str
    names: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def takes_tone(self) -> bool:
        return bool(self.toned)

    def with_tone(self, tone: str) -> str:
        """The emoji in ``tone`` (one of :data:`TONES`); itself when it takes none or ``tone`` is ``""``."""
        if not tone or not self.toned:
            return self.char
        return self.toned.replace(TONES[1], tone)

    def name(self, language: str | None = None) -> str:
        """Its name in ``language`` (default: the window's), else in English."""
        return self.names[catalogue().language_index(language or current_language())][0]


@dataclass(frozen=True)
class Choice:
    """What the picker shows in one place: the text that goes in, and its emoji."""

    text: str
    emoji: Emoji


class Catalogue:
    """Every emoji of ``data/emoji.json`` and a word index for :meth:`search` (built on the first search)."""

    def __init__(self, data: dict[str, Any]):
        self.languages: tuple[str, ...] = tuple(data["languages"])
        self.groups: tuple[str, ...] = tuple(data["groups"])
        self.emoji = tuple(_emoji(order, row, len(self.languages)) for order, row in enumerate(data["emoji"]))
        self._by_text: dict[str, Emoji] = {}
        for emoji in self.emoji:
            for form in (emoji.char, emoji.char.replace("\ufe0f", "")):
                self._by_text.setdefault(form, emoji)
        self._words: tuple[list[str], dict[str, list[tuple[int, int, int]]]] | None = None  # see _index

    def group_starts(self) -> tuple[tuple[str, Emoji], ...]:
        """Each of Unicode's groups (its name in :data:`GROUPS`) and its first emoji, in order."""
        firsts: dict[int, Emoji] = {}
        for emoji in self.emoji:
            firsts.setdefault(emoji.group, emoji)
        return tuple((self.groups[group], first) for group, first in firsts.items())

    def language_index(self, language: str) -> int:
        return self.languages.index(language) if language in self.languages else 0

    def find(self, text: str) -> Emoji | None:
        """The emoji ``text`` is (in any tone, with or without its presentation selector); ``None`` if none."""
        bare = "".join(ch for ch in text if ch not in TONES[1:])
        return self._by_text.get(bare) or self._by_text.get(bare.replace("\ufe0f", ""))

    def search(self, query: str) -> tuple[Emoji, ...]:
        """The emoji whose names match every word of ``query`` in one language, best first (see the module)."""
        wanted = fold_words(query)
        if not wanted:
            return self.emoji
        words, places = self._index()
        best: dict[tuple[int, int], list[int]] = {}  # (emoji, language) -> how well each typed word matched
        for i, typed in enumerate(wanted):
            at = bisect_left(words, typed)
            while at < len(words) and words[at].startswith(typed):
                lower = 0 if words[at] == typed else 1  # the start of a word matches less well than all of it
                for emoji, language, how_well in places[words[at]]:
                    scores = best.setdefault((emoji, language), [0] * len(wanted))
                    scores[i] = max(scores[i], how_well - lower)
                at += 1
        ranked: dict[int, tuple[int, int]] = {}  # emoji -> (score, length of the matching name)
        for (emoji, language), scores in best.items():
            if all(scores):
                rank = (-sum(scores), len(self.emoji[emoji].names[language][0]))
                ranked[emoji] = min(ranked.get(emoji, rank), rank)
        return tuple(self.emoji[i] for i in sorted(ranked, key=lambda i: (*ranked[i], i)))

    def prepare(self) -> None:
        """Build the word index now (about 20 ms), so that the first letter typed finds it ready."""
        self._index()

    def _index(self) -> tuple[list[str], dict[str, list[tuple[int, int, int]]]]:
        """Every word of the names and keywords, sorted, and where each is found: (emoji, language, how well)."""
        if self._words is None:
            places: dict[str, list[tuple[int, int, int]]] = {}
            for emoji in self.emoji:
                for language, (name, keywords) in enumerate(emoji.names):
                    for how_well, text in ((_NAME_WORD, name), (_KEYWORD, " ".join(keywords))):
                        for word in fold_words(text):
                            places.setdefault(word, []).append((emoji.order, language, how_well))
            self._words = (sorted(places), places)
        return self._words


def _emoji(order: int, row: list[Any], languages: int) -> Emoji:
    char, group, toned, *texts = row
    names = tuple((texts[2 * i], tuple(k for k in texts[2 * i + 1].split("|") if k)) for i in range(languages))
    return Emoji(char, order, group, toned, names)


@cache
def catalogue() -> Catalogue:
    """The emoji data, read once (about 250 kB: on the picker's first use, never at start-up)."""
    return Catalogue(json.loads((resources.files("composer.core") / "data" / "emoji.json").read_text("utf-8")))


def fold_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as a search compares them: lower case, accents taken off (``België`` -> ``belgie``)."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return tuple(_WORD.findall(text.casefold()))


def find(text: str) -> Emoji | None:
    """The emoji ``text`` is, in any tone; ``None`` if it is none of the picker's."""
    return catalogue().find(text)


def choices(query: str, recent: Sequence[str], tone: str) -> list[Choice]:
    """What the picker shows for ``query``: the emoji used lately first (as they were used), then the rest.

    Without a query: every recent one, then the whole catalogue in Unicode's order (in ``tone``). With one:
    the matches, best first, those used lately moved to the front.
    """
    found = catalogue().search(query)
    used = [(text, emoji) for text in recent if (emoji := find(text)) is not None]
    if not fold_words(query):
        return [Choice(text, emoji) for text, emoji in used] + [Choice(e.with_tone(tone), e) for e in found]
    matching = {e.order for e in found}
    first = [Choice(text, emoji) for text, emoji in used if emoji.order in matching]
    taken = {choice.emoji.order for choice in first}
    return first + [Choice(e.with_tone(tone), e) for e in found if e.order not in taken]


def remember(recent: Sequence[str], text: str) -> list[str]:
    """``recent`` with ``text`` (just inserted) first and each emoji once, at most :data:`RECENT`."""
    chosen = find(text)
    kept = [old for old in recent if chosen is None or find(old) != chosen]
    return [text, *kept][:RECENT]


def recent_from_setting(value: object) -> list[str]:
    """The stored list of recent emoji, whatever was stored: only known emoji, at most :data:`RECENT`."""
    if not isinstance(value, list):
        return []
    return [text for text in value if isinstance(text, str) and find(text) is not None][:RECENT]


def tone_from_setting(value: object) -> str:
    """The stored skin tone, if it is one of :data:`TONES`; else none."""
    return value if isinstance(value, str) and value in TONES else ""


def costs(text: str, networks: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """What ``text`` adds to each network's count: X counts most emoji as 2, Mastodon and Bluesky as 1."""
    from composer.core.networks.counting import count

    return tuple((key, count(key, text).length) for key in networks)


def costs_line(text: str, networks: Iterable[str]) -> str:
    """:func:`costs` in words: "X: 2 · Bluesky: 1 · Instagram: 2"."""
    from composer.core.networks.facts import network

    return " · ".join(f"{network(key).name}: {number(n)}" for key, n in costs(text, networks))
