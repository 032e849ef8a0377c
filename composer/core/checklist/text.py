"""Finding things in a post: words from the lists, hashtags, links, emoji, the post's language.

Each finder returns ``(start, end)`` ranges into the text, so a check can
point at what it is about. Results are cached per text: several rules, and
every network, ask about the same text on each keystroke.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import regex

from composer.core.i18n import current_language

Range = tuple[int, int]
LANGUAGES = ("nl", "en")

_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
_HASHTAG = regex.compile(r"(?<![\w#&])#(\w[\w\u200d]*)")
_MENTION = regex.compile(r"(?<![\w@])@\w+(?:@[\w.-]+\w)?")
_EMOJI = regex.compile(
    r"\p{Regional_Indicator}{2}"
    r"|[0-9#*]\ufe0f?\u20e3"
    r"|\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*(?:\u200d\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*)*"
    r"|\p{Regional_Indicator}")
_TIME = regex.compile(
    r"(?<!\w)\d{1,2}(?:[.:h]\d{2}|u\d{0,2}|\s?(?:uur|am|pm|a\.m\.|p\.m\.))(?!\w)", regex.IGNORECASE)


@cache
def words(language: str) -> dict[str, tuple[str, ...]]:
    """The word lists of ``language`` (``data/words-LANG.json``)."""
    raw = json.loads((resources.files("composer.core") / "data" / f"words-{language}.json").read_text("utf-8"))
    return {key: tuple(value) for key, value in raw.items() if not key.startswith("_")}


@cache
def privacy_data() -> dict[str, tuple[str, ...]]:
    raw = json.loads((resources.files("composer.core") / "data" / "privacy.json").read_text("utf-8"))
    return {key: tuple(value) for key, value in raw.items() if not key.startswith("_")}


@lru_cache(maxsize=256)
def phrase_pattern(phrases: tuple[str, ...]) -> regex.Pattern | None:
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
    return () if pattern is None else tuple(m.span() for m in pattern.finditer(text))


SAMPLE = 4000  # characters enough to tell a post's language, or that it has a message

PHRASE_LISTS = ("bureaucratic", "bad_news", "not_bad_news", "invitation", "personal", "practical")


CROSS_LANGUAGE = ("bureaucratic", "bad_news", "not_bad_news")  # looked for in every language's list


@cache
def _language_index(language: str) -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
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
    index: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for phrase_words, in_lists in names.items():
        if phrase_words:
            index.setdefault(phrase_words[0], []).append((phrase_words, frozenset(in_lists)))
    return index


@lru_cache(maxsize=32)
def _lowered_words(text: str) -> tuple[str, ...]:
    """Each word of ``text`` in lower case, with a typographic apostrophe as a straight one ("won’t")."""
    return tuple(text[a:b].lower().replace("’", "'") for a, b in word_spans(text))


@lru_cache(maxsize=32)
def language_phrases(text: str, language: str) -> dict[str, tuple[Range, ...]]:
    """Where each word list of ``language`` occurs in ``text``, found in one pass over its words."""
    index = _language_index(language)
    spans = word_spans(text)
    lowered = _lowered_words(text)
    found: dict[str, list[Range]] = {name: [] for name in PHRASE_LISTS}
    for i, word in enumerate(lowered):
        for phrase_words, in_lists in index.get(word, ()):
            n = len(phrase_words)
            if n == 1 or lowered[i:i + n] == phrase_words and _only_spaces_between(text, spans[i:i + n]):
                for name in in_lists:
                    found[name].append((spans[i][0], spans[i + n - 1][1]))
    return {name: tuple(ranges) for name, ranges in found.items()}


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


@lru_cache(maxsize=32)
def sentences(text: str) -> tuple[Range, ...]:
    """The sentences of ``text``: up to a full stop, question or exclamation mark, or a line break."""
    return tuple(m.span() for m in _SENTENCE.finditer(text))


_SENTENCE = regex.compile(r"[^.!?\n]+[.!?]*")


def _only_spaces_between(text: str, spans: list[Range]) -> bool:
    return all(not text[a[1]:b[0]].strip() for a, b in zip(spans, spans[1:]))


@lru_cache(maxsize=32)
def hashtags(text: str) -> tuple[tuple[Range, str], ...]:
    """Each hashtag's range (with its ``#``) and its tag text."""
    return tuple((m.span(), m.group(1)) for m in _HASHTAG.finditer(text))


@lru_cache(maxsize=32)
def links(text: str) -> tuple[Range, ...]:
    """Links as the networks find them (twitter-text's URL finder, word by word)."""
    from composer.core.counting import token_urls, tokens

    found = []
    if _JOINED_SPACE_FREE(text):  # words are plain runs of non-space: find the dotted ones directly
        for match in _DOTTED.finditer(text):
            start = match.start()
            found.extend((start + a, start + b) for a, b in token_urls(match.group(), start == 0))
        return tuple(found)
    pos = 0
    for i, token in enumerate(tokens(text)):
        if "." in token:
            found.extend((pos + a, pos + b) for a, b in token_urls(token, i == 0))
        pos += len(token)
    return tuple(found)


_DOTTED = regex.compile(r"\S*\.\S*")


def _JOINED_SPACE_FREE(text: str) -> bool:
    from composer.core.counting import _JOINED_SPACE

    return _JOINED_SPACE.search(text) is None


@lru_cache(maxsize=32)
def emoji(text: str) -> tuple[Range, ...]:
    return tuple(m.span() for m in _EMOJI.finditer(text))


@lru_cache(maxsize=32)
def mentions(text: str) -> tuple[Range, ...]:
    return tuple(m.span() for m in _MENTION.finditer(text))


@lru_cache(maxsize=32)
def times(text: str) -> tuple[Range, ...]:
    """Clock times: 9u, 10u30, 17.00, 9:00, 10 uur, 5pm."""
    return tuple(m.span() for m in _TIME.finditer(text))


def without(text: str, ranges: Iterable[Range]) -> str:
    """``text`` with ``ranges`` blanked out (same length, so indices still match)."""
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@lru_cache(maxsize=32)
def word_spans(text: str) -> tuple[Range, ...]:
    """Every word of ``text`` (letters, marks and apostrophes)."""
    return tuple(m.span() for m in _WORD.finditer(text))


@lru_cache(maxsize=32)
def plain_words(text: str) -> tuple[Range, ...]:
    """Words of real text: hashtags, mentions, links and emoji left out."""
    skip = sorted([*(r for r, _tag in hashtags(text)), *mentions(text), *links(text), *emoji(text)])
    if not skip:
        return word_spans(text)
    kept, i = [], 0
    for start, end in word_spans(text):
        while i < len(skip) and skip[i][1] <= start:
            i += 1
        if i < len(skip) and skip[i][0] < end:
            continue  # inside (or touching) a tag, mention, link or emoji
        kept.append((start, end))
    return tuple(kept)


@cache
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(words(language)["stopwords"])


@lru_cache(maxsize=32)
def language(text: str) -> str:
    """The post's language, from its most common little words; the UI's language when unsure."""
    found = [text[a:b].lower() for a, b in plain_words(text[:SAMPLE])]
    scores = {lang: sum(w in _stopwords(lang) for w in found) for lang in LANGUAGES}
    best = max(scores.values())
    if best == 0 or list(scores.values()).count(best) > 1:
        return current_language() if current_language() in LANGUAGES else "en"
    return max(scores, key=scores.get)
