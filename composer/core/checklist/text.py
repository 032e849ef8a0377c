"""Finding things in a post: words from the lists, hashtags, links, emoji, the post's language.

Each finder returns ``(start, end)`` ranges into the text, so a check can
point at what it is about. Results are cached per text: several rules, and
every network, ask about the same text on each keystroke.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from importlib import resources
from itertools import chain

import regex

from composer.core.i18n import current_language

Range = tuple[int, int]
LANGUAGES = ("nl", "en")

_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
_LETTER = regex.compile(r"\p{L}|\p{M}")
#: A hashtag: not the keycap #️⃣, not followed by another ``#`` or ``://`` (twitter-text's rule, for every network).
_HASHTAG = regex.compile(r"(?:(?<=[\ufe0e\ufe0f])|(?<![\w#&]))#(?![\ufe0f\u20e3])(\w[\w\u200d]*+)(?![#＃]|://)")
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
    if "\n" not in text:
        return _lowered_words_of_line(text)
    return tuple(chain.from_iterable(_lowered_words_of_line(line) for line in text.split("\n")))


@lru_cache(maxsize=1024)
def _lowered_words_of_line(line: str) -> tuple[str, ...]:
    return tuple(line[a:b].lower().replace("’", "'") for a, b in _word_spans_of_line(line))


@lru_cache(maxsize=32)
def language_phrases(text: str, language: str) -> dict[str, tuple[Range, ...]]:
    """Where each word list of ``language`` occurs in ``text``, found in one pass over its words.

    Line by line, each line cached; a phrase may run on over a line break, so the
    last words of each line are looked at again in the whole text.
    """
    if "\n" not in text:
        found_in_line = dict(_phrases_of_line(text, language, len(_word_spans_of_line(text))))
        return {name: found_in_line.get(name, ()) for name in PHRASE_LISTS}
    index = _language_index(language)
    longest = _longest_phrase(language)
    spans, lowered = word_spans(text), _lowered_words(text)
    found: dict[str, list[Range]] = {name: [] for name in PHRASE_LISTS}
    pos = done = 0
    for line in text.split("\n"):
        count = len(_word_spans_of_line(line))
        tail = max(0, count - longest + 1)  # words a phrase starting there could run past the line from
        for name, ranges in _phrases_of_line(line, language, tail):
            found[name].extend((pos + a, pos + b) for a, b in ranges)
        for i in range(done + tail, done + count):
            _match_at(i, text, spans, lowered, index, found)
        pos += len(line) + 1
        done += count
    return {name: tuple(ranges) for name, ranges in found.items()}


@lru_cache(maxsize=1024)
def _phrases_of_line(line: str, language: str, words_before: int) -> tuple[tuple[str, tuple[Range, ...]], ...]:
    """The phrases of ``language`` that start in the first ``words_before`` words of ``line``, per list
    (the lists with any)."""
    spans, lowered = _word_spans_of_line(line), _lowered_words_of_line(line)
    found: dict[str, list[Range]] = {name: [] for name in PHRASE_LISTS}
    index = _language_index(language)
    for i in range(words_before):
        _match_at(i, line, spans, lowered, index, found)
    return tuple((name, tuple(ranges)) for name, ranges in found.items() if ranges)


def _match_at(i: int, text: str, spans: tuple[Range, ...], lowered: tuple[str, ...],
              index: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]], found: dict[str, list[Range]]) -> None:
    """The phrases that start at word ``i`` (whole words, only whitespace between them), added to ``found``."""
    for phrase_words, in_lists in index.get(lowered[i], ()):
        n = len(phrase_words)
        if n == 1 or lowered[i:i + n] == phrase_words and _only_spaces_between(text, spans[i:i + n]):
            for name in in_lists:
                found[name].append((spans[i][0], spans[i + n - 1][1]))


@cache
def _longest_phrase(language: str) -> int:
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


@lru_cache(maxsize=32)
def sentences(text: str) -> tuple[Range, ...]:
    """The sentences of ``text``: up to a full stop, question or exclamation mark, or a line break."""
    return tuple(m.span() for m in _SENTENCE.finditer(text))


_SENTENCE = regex.compile(r"[^.!?\n]+[.!?]*")


def _only_spaces_between(text: str, spans: list[Range]) -> bool:
    return all(not text[a[1]:b[0]].strip() for a, b in zip(spans, spans[1:], strict=False))


# Hashtags, links, mentions, emoji and words never cross a line break: each is found line by line, each line
# cached, so typing in one paragraph leaves the others' findings as they were.

def _line_by_line(text: str, find: Callable[[str, bool], tuple[Range, ...]]) -> tuple[Range, ...]:
    """``find(line, first)`` of each line of ``text``, in the text's positions."""
    if "\n" not in text:
        return find(text, True)
    parts = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if line:
            parts.append(_shifted(find, line, i == 0, pos))
        pos += len(line) + 1
    return tuple(chain.from_iterable(parts))


@lru_cache(maxsize=2048)
def _shifted(find: Callable[[str, bool], tuple[Range, ...]], line: str, first: bool, pos: int) -> tuple[Range, ...]:
    """A line's findings moved to where the line stands (cached: the lines before the one typed in stay put)."""
    return tuple((pos + a, pos + b) for a, b in find(line, first))


@lru_cache(maxsize=32)
def hashtags(text: str) -> tuple[tuple[Range, str], ...]:
    """Each hashtag's range (with its ``#``) and its tag text; a ``#`` inside a link (``…/#top``) is none."""
    if "#" not in text:
        return ()
    if "\n" not in text:
        return _hashtags_of_line(text, True)
    found: list[tuple[Range, str]] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        if "#" in line:
            found.extend(((pos + a, pos + b), tag) for (a, b), tag in _hashtags_of_line(line, i == 0))
        pos += len(line) + 1
    return tuple(found)


@lru_cache(maxsize=1024)
def _hashtags_of_line(line: str, first: bool) -> tuple[tuple[Range, str], ...]:
    found = tuple((m.span(), m.group(1)) for m in _HASHTAG.finditer(line))
    if not found or "." not in line:
        return found
    inside = _links_of_line(line, first)
    if not inside:
        return found
    return tuple((span, tag) for span, tag in found if not any(a <= span[0] < b for a, b in inside))


@lru_cache(maxsize=64)
def counted_hashtags(found: tuple[tuple[Range, str], ...]) -> tuple[tuple[Range, str], ...]:
    """The hashtags that count toward a network's cap: a tag without a letter (``#2026``) links to nothing.

    (Tags inside a link are no hashtags at all: see :func:`hashtags`.)
    """
    return tuple((span, tag) for span, tag in found if _LETTER.search(tag))


@lru_cache(maxsize=32)
def links(text: str) -> tuple[Range, ...]:
    """Links as the networks find them (twitter-text's URL finder, word by word)."""
    return _line_by_line(text, _links_of_line) if "." in text else ()


@lru_cache(maxsize=1024)
def _links_of_line(line: str, first: bool) -> tuple[Range, ...]:
    from composer.core.networks.counting import token_urls, tokens

    if "." not in line:
        return ()
    found = []
    if _JOINED_SPACE_FREE(line):  # words are plain runs of non-space: find the dotted ones directly
        for match in _dotted().finditer(line):
            start = match.start()
            found.extend((start + a, start + b) for a, b in token_urls(match.group(), first and start == 0))
        return tuple(found)
    pos = 0
    for i, token in enumerate(tokens(line)):
        if "." in token:
            found.extend((pos + a, pos + b) for a, b in token_urls(token, first and i == 0))
        pos += len(token)
    return tuple(found)


def link_key(link: str) -> str:
    """What makes two links the same page: no ``http(s)://``, the host in lower case, no final ``/``."""
    bare = _SCHEME.sub("", link, count=1)
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


@cache
def _dotted() -> regex.Pattern:
    """Words with a dot, cut where counting cuts words."""
    from composer.core.networks.counting import SEPARATORS

    return regex.compile(rf"[^{SEPARATORS}]*\.[^{SEPARATORS}]*")


def _JOINED_SPACE_FREE(text: str) -> bool:
    from composer.core.networks.counting import _JOINED_SPACE

    return _JOINED_SPACE.search(text) is None


@lru_cache(maxsize=32)
def emoji(text: str) -> tuple[Range, ...]:
    return () if text.isascii() else _line_by_line(text, _emoji_of_line)


@lru_cache(maxsize=1024)
def _emoji_of_line(line: str, _first: bool) -> tuple[Range, ...]:
    return tuple(m.span() for m in _EMOJI.finditer(line)) if not line.isascii() else ()


@lru_cache(maxsize=32)
def mentions(text: str) -> tuple[Range, ...]:
    return _line_by_line(text, _mentions_of_line) if "@" in text else ()


@lru_cache(maxsize=1024)
def _mentions_of_line(line: str, _first: bool) -> tuple[Range, ...]:
    return tuple(m.span() for m in _MENTION.finditer(line)) if "@" in line else ()


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
    return _line_by_line(text, _words_of_line)


@lru_cache(maxsize=1024)
def _word_spans_of_line(line: str) -> tuple[Range, ...]:
    return tuple(m.span() for m in _WORD.finditer(line))


def _words_of_line(line: str, _first: bool) -> tuple[Range, ...]:
    return _word_spans_of_line(line)


@lru_cache(maxsize=32)
def plain_words(text: str) -> tuple[Range, ...]:
    """Words of real text: hashtags, mentions, links and emoji left out."""
    return _line_by_line(text, _plain_words_of_line)


@lru_cache(maxsize=1024)
def _plain_words_of_line(line: str, first: bool) -> tuple[Range, ...]:
    words_found = _word_spans_of_line(line)
    skip = sorted([*(r for r, _tag in _hashtags_of_line(line, first)), *_mentions_of_line(line, first),
                   *_links_of_line(line, first), *_emoji_of_line(line, first)])
    if not skip:
        return words_found
    kept, i = [], 0
    for start, end in words_found:
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
    sample = text[:SAMPLE]
    lines = sample.split("\n")
    scores = [sum(counts) for counts in zip(*(_stopword_counts(line, i == 0) for i, line in enumerate(lines)),
                                            strict=True)]
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return current_language() if current_language() in LANGUAGES else "en"
    return LANGUAGES[scores.index(best)]


@lru_cache(maxsize=1024)
def _stopword_counts(line: str, first: bool) -> tuple[int, ...]:
    """How many of the plain words of ``line`` are little words of each language (in :data:`LANGUAGES`)."""
    found = [line[a:b].lower() for a, b in _plain_words_of_line(line, first)]
    return tuple(sum(w in _stopwords(lang) for w in found) for lang in LANGUAGES)
