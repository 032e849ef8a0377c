"""One length function per network, each following that network's reference implementation.

The limits are in ``platforms.py`` (``data/networks.json``); what each network
finds in a text (links, mentions, emoji) is in ``entities.py``.

References followed — written from reading them, none of their code copied.
The conformance harness (``tools/conformance/run``) runs the npm packages
named here against this module on thousands of generated posts.

============  ==================================================================================================
network       reference and version
============  ==================================================================================================
X             twitter-text 3.1.0 (npm; ``parseTweet``, configuration v3), the same release as the repository
              github.com/twitter/twitter-text at 30e2430 (``js/src``, ``conformance/validate.yml``,
              ``extract.yml``); its emoji parser twemoji-parser 11.0.2; top-level domains as in twitter-text
              3.1.0 (read from twitter-text-parser 3.0.0, whose lists are the same).
Mastodon      The server, mastodon/mastodon main as of 2026: ``app/validators/status_length_validator.rb`` (the
              version with ``MAX_CHARS`` 500, ``MAX_CHARS_DIRECT`` 1000, ``URL_PLACEHOLDER`` of 23 x's and
              ``extract_url_without_protocol: false``), ``app/lib/extractor.rb`` at 9120f127
              (``MAX_DOMAIN_LENGTH`` 253), ``app/models/account.rb`` (``MENTION_RE`` over ``USERNAME_RE =
              /[a-z0-9_]+([.-]+[a-z0-9_]+)*/i``, the version with the federation hard limits),
              ``config/initializers/twitter_regex.rb`` at 3208bd8a (path, query, protocols), ``app/models/
              status.rb`` (``text&.strip!``); over the twitter-text gem 3.1 its Gemfile asks for, whose rules
              are those of the npm twitter-text 3.1.0 above. Graphemes as Unicode 17 (Intl.Segmenter, Python
              ``regex``).
Bluesky       @atproto/api 0.21.0 (``RichText``, ``detectFacets``: ``URL_REGEX`` of ``rich-text/util.ts``,
              bluesky-social/atproto at d6296a1); bluesky-social/social-app ``src/lib/strings/rich-text-manip.ts``
              at 125ef1c7 (``shortenLinks``), ``url-helpers.ts`` at 018aad92 (``toShortUrl``), ``src/lib/api/
              index.ts`` (``trimEnd``, ``cleanNewlines`` before posting); lexicon ``app.bsky.feed.post``: 300
              graphemes (the app's counter: the shortened text) and 3,000 UTF-8 bytes (the posted text).
Threads       No reference code: emoji as their UTF-8 bytes (Meta's help), the rest one per character; the
              5-link cap counts different links (``checklist.text.unique_links``).
Instagram     No reference code: UTF-16 code units; toward the 5 hashtags count only tags with a letter,
              none inside a link (``checklist.text.counted_hashtags``, ``hashtags``).
Facebook,     UTF-16 code units (what their text boxes count; conservative).
LinkedIn
============  ==================================================================================================

Deliberate differences from a reference (each with its reason; the README's
*Counting* section lists them too; anything else is a bug):

- X: emoji are found by Unicode 17's properties, so a sequence newer than
  twemoji-parser 11's list (Emoji 11, 2018) or a form of one that list lacks
  (👁️‍🗨️ with its VS16s) counts 2, as X itself counts it (🧑‍💻, ❤️‍🔥, 🫶🏽, 🐦‍🔥),
  where twitter-text 3.1.0 adds up its parts (4 to 9). So does a ZWJ sequence
  no list has (two emoji joined by U+200D), and a pair of regional indicators
  that is no country's flag.
- Mastodon: a server on an older Ruby cuts graphemes by an older Unicode (Indic
  conjuncts); counted here by Unicode 17, as the harness's reference does.
- Bluesky: where the app garbles a link as it posts (a byte-order mark at the
  start) and the record has more graphemes than its counter showed, the count
  is the record's: the server refuses what the app's counter let through.
- All: a word of more than 256 characters with more than 100 dots is not
  searched for links (``entities.DOTTED_BLOB``: the pattern is quadratic in
  dots), and a word over 4,096 characters is measured in pieces.

Counting works word by word: a text is cut into runs of whitespace and the
words between them, at whitespace that ends every link, mention, emoji and
grapheme in all three rule sets (:data:`SEPARATORS`); each word's lengths are
cached, so while the author types only the word being typed is measured
again. Where the text goes past a limit is worked out only when it does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from composer.core.networks import entities
from composer.core.networks.facts import Count, network

URL_WEIGHT = 23
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
_PREPEND_CHAR = regex.compile(_PREPEND)
_JOINED_SPACE = regex.compile(rf"{_SEP}{_EXTENDS}|{_PREPEND}{_SEP}")
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")

#: The ways of counting ``networks.json`` can name.
METHODS: tuple[str, ...] = ("utf16", "twitter", "mastodon", "bluesky", "threads")
#: What is measured of every word, in two groups (so a count for X alone measures nothing else): X's weight;
#: the other methods, the UTF-8 bytes of what Bluesky posts, how many link facets @atproto/api finds and how
#: many of those it leaves as they are with letters outside ASCII.
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("twitter",),
    ("utf16", "mastodon", "bluesky", "threads", "bluesky_bytes", "bluesky_facets", "bluesky_risky"))
#: Each measure's (group, index in the group).
_COLUMN = {name: (g, i) for g, names in enumerate(_GROUPS) for i, name in enumerate(names)}
_OTHERS = 1
_BYTES = _COLUMN["bluesky_bytes"][1]
_FACETS = _COLUMN["bluesky_facets"][1]
_RISKY = _COLUMN["bluesky_risky"][1]

#: twitter-text v3: code points in these ranges weigh 1, all others 2.
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_HEAVY = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in X_LIGHT_RANGES) + "]")
#: Characters twitter-text refuses in a post (``hasInvalidCharacters``): a pasted byte-order mark, non-characters.
X_INVALID = "\ufeff\ufffe\uffff"
#: What Ruby's ``String#strip`` takes off both ends (Mastodon strips a post before counting it).
MASTODON_STRIP = "\x00\t\n\x0b\x0c\r "
_BLANK = regex.compile(r"\p{White_Space}*")  # Ruby's String#blank?
#: JavaScript's ``trimEnd`` (the Bluesky app trims the end of what it posts).
_JS_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"


# --- words ------------------------------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    """``text`` cut into whitespace runs and words; ``"".join(tokens(t)) == t``."""
    if text.isascii() or _JOINED_SPACE.search(text) is None:  # the usual case: a plain split is the same
        parts = _SIMPLE_TOKEN.findall(text)
    else:
        parts = _TOKEN.findall(text)
    if len(text) > URL_MAX and any(len(p) > URL_MAX for p in parts):
        parts = [piece for p in parts for piece in _split_giant(p)]
    return parts


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


def _dotted_blob(text: str) -> bool:
    """Far more dots than any link has: the URL finder slows down quadratically on such a word,
    and there is no link to find (see ``entities.DOTTED_BLOB``)."""
    return entities.dotted_blob(text)


@lru_cache(maxsize=4096)
def token_urls(token: str, at_start: bool = False) -> tuple[tuple[int, int], ...]:
    """Links in one word of a text as twitter-text finds them (the links the checks count), as spans."""
    if _is_nfc(token):
        return tuple((start, start + length) for start, length in entities.x_urls(token, at_start))
    to_typed = _nfc_index_map(token)
    return tuple((to_typed[a], to_typed[min(a + n, len(to_typed) - 1)])
                 for a, n in entities.x_urls(_x_form(token), at_start))


# --- each way of counting, for one word -----------------------------------------------------------------------

def _graphemes(text: str) -> int:
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(_GRAPHEME.findall(text))


def _utf16(segment: str) -> int:
    return len(segment) if segment.isascii() else len(segment.encode("utf-16-le", "surrogatepass")) // 2


def _is_nfc(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def _x_form(text: str) -> str:
    """The text as twitter-text measures it: NFC (a Windows line end stays two characters)."""
    return text if _is_nfc(text) else unicodedata.normalize("NFC", text)


def _x_heavy(text: str) -> int:
    return 0 if text.isascii() else len(_X_HEAVY.findall(text))


def _x_entities(form: str, at_start: bool) -> list[tuple[int, int, int]]:
    """``(start, length, weight)`` of the links (23) and emoji (2) twitter-text finds, in the order it meets them."""
    found = [(a, n, URL_WEIGHT) for a, n in entities.x_urls(form, at_start)] if "." in form else []
    found += [(a, b - a, 2) for a, b in entities.x_emoji(form)]
    if len(found) > 1:
        found.sort(key=lambda e: (e[0], e[2] != URL_WEIGHT))  # a link first where both start
    kept, pos = [], 0
    for start, length, weight in found:
        if start >= pos:  # twitter-text jumps over what it counted: what starts inside it is not seen
            kept.append((start, length, weight))
            pos = start + length
    return kept


def _x_length(token: str, at_start: bool) -> int:
    if token.isascii() and "." not in token:
        return len(token)  # the common case
    form = _x_form(token)
    weight = len(form) + _x_heavy(form)
    for start, length, cost in _x_entities(form, at_start):
        piece = form[start:start + length]
        weight += cost - len(piece) - _x_heavy(piece)
    return weight


def _mastodon_form(token: str, at_start: bool) -> str:
    """The word as the server counts it: each link as 23 characters, ``@user@server`` as ``@user``."""
    found = entities.mastodon_entities(token, at_start)
    if not found:
        return token
    out, pos = [], 0
    for start, end, replacement in found:
        out += [token[pos:start], replacement]
        pos = end
    out.append(token[pos:])
    return "".join(out)


def _bluesky_form(token: str) -> str:
    """The word as the Bluesky app posts it: each link it shortens as shortened."""
    found = entities.bluesky_links(token)
    if not found:
        return token
    out, pos = [], 0
    for start, end, shown in found:
        out += [token[pos:start], shown]
        pos = end
    out.append(token[pos:])
    return "".join(out)


def _threads_unit(grapheme: str) -> int:
    if _EMOJI.search(grapheme):
        return len(grapheme.encode("utf-8", "surrogatepass"))
    return 1


def _threads_length(token: str) -> int:
    if token.isascii():
        return _graphemes(token)
    return sum(_threads_unit(g) for g in _GRAPHEME.findall(token))


@lru_cache(maxsize=16384)
def _token_costs(token: str, at_start: bool = False, group: int = _OTHERS) -> tuple[int, ...]:
    """One word's lengths in the measures of ``group`` (see :data:`_GROUPS`)."""
    if group == 0:
        return (_x_length(token, at_start),)
    if token.isascii() and "." not in token and ":" not in token and "@" not in token:
        n = len(token) - token.count("\r\n") if "\r" in token else len(token)
        return (len(token), n, n, n, len(token), 0, 0)
    masto = _mastodon_form(token, at_start)
    sky = _bluesky_form(token)
    facets = entities.bluesky_facets(token)
    risky = sum(1 for start, end, shown in facets if shown is None and not token[start:end].isascii())
    return (_utf16(token), _graphemes(masto), _graphemes(sky), _threads_length(token),
            len(sky.encode("utf-8", "surrogatepass")), len(facets), risky)


def _cost(token: str, at_start: bool, name: str) -> int:
    group, index = _COLUMN[name]
    return _token_costs(token, at_start, group)[index]


# --- a text: line by line, word by word -------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _measured(text: str, group: int = _OTHERS) -> tuple[int, ...]:
    """The text's lengths in the measures of ``group``.

    Measured line by line (a line break ends every word and grapheme), each
    line cached: typing in one paragraph leaves the others' figures as they were.
    """
    lines = _lines(text, group)
    if len(lines) == 1:
        return lines[0][2]
    if not lines:
        return (0,) * len(_GROUPS[group])
    return tuple(map(sum, zip(*(totals for _parts, _costs, totals in lines), strict=True)))


def _total(text: str, name: str) -> int:
    group, index = _COLUMN[name]
    return _measured(text, group)[index]


@lru_cache(maxsize=16)
def _lines(text: str, group: int = _OTHERS) -> list[tuple[tuple[str, ...], list[tuple[int, ...]], tuple[int, ...]]]:
    """Each line's (or long line's piece's) words, their lengths and the line's lengths."""
    return [_measured_line(line, i == 0, group) for i, line in enumerate(_pieces(text))]


PIECE = 1024
#: Line ends that are whitespace to every network and end every grapheme (a Windows line end stays whole).
_LINE = re.compile(r"[^\n\r\x0b\x0c]*(?:\r\n|[\n\r\x0b\x0c])?")


def _pieces(text: str) -> list[str]:
    """Lines, and long lines cut before a space about every ``PIECE`` characters.

    A line break or a space that begins a piece ends every word and grapheme
    (unless a prepended mark stands before it, where no cut is made)."""
    pieces = []
    for line in _LINE.findall(text):
        if not line:
            continue
        start = 0
        while len(line) - start > 2 * PIECE:
            cut = line.find(" ", start + PIECE)
            while cut != -1 and _PREPEND_CHAR.match(line, cut - 1):
                cut = line.find(" ", cut + 1)
            if cut == -1:
                break
            pieces.append(line[start:cut])
            start = cut
        pieces.append(line[start:])
    return pieces


@lru_cache(maxsize=2048)
def _measured_line(line: str, at_start: bool, group: int) -> tuple[tuple[str, ...], list[tuple[int, ...]],
                                                                   tuple[int, ...]]:
    parts = _line_tokens(line)
    costs = [_token_costs(t, at_start and i == 0, group) for i, t in enumerate(parts)]
    totals = tuple(map(sum, zip(*costs, strict=True))) if costs else (0,) * len(_GROUPS[group])
    return parts, costs, totals


@lru_cache(maxsize=1024)
def _line_tokens(line: str) -> tuple[str, ...]:
    return tuple(tokens(line))


# --- counting ---------------------------------------------------------------------------------------------------

def count(key: str, text: str) -> Count:
    """Measure ``text`` the way network ``key`` counts it."""
    net = network(key)
    return measure(key, text, net.counting, net.text_limit, net.byte_limit)


def measure(key: str, text: str, counting: str, limit: int, byte_limit: int | None = None) -> Count:
    """Measure ``text`` by ``counting`` (one of :data:`METHODS`) against ``limit``.

    A lone surrogate (broken UTF-16 from a paste) is measured as the
    replacement character it will become; indices stay the same.
    """
    text = _without_lone_surrogates(text)
    if counting == "mastodon":
        return _measure_mastodon(key, text, limit)
    length = _total(text, counting)
    over_from = _over_from(counting, text, limit) if length > limit else None
    if counting == "twitter":
        invalid_at = _first_of(text, X_INVALID)
        if invalid_at is not None:
            over_from = invalid_at if over_from is None else min(over_from, invalid_at)
        return Count(key, length, limit, over_from, invalid_at=invalid_at, needs_text=True)
    if counting == "bluesky":
        return _measure_bluesky(key, text, limit, byte_limit, _measured(text), over_from)
    if not byte_limit:
        return Count(key, length, limit, over_from)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > byte_limit:
        byte_over = _bytes_to_grapheme_index(text, byte_limit)
        over_from = byte_over if over_from is None else min(over_from, byte_over)
    return Count(key, length, limit, over_from, size, byte_limit)


def _measure_bluesky(key: str, text: str, limit: int, byte_limit: int | None, totals: tuple[int, ...],
                     over_from: int | None) -> Count:
    """Bluesky: the app's counter counts the text with its links shortened; the lexicon's byte cap applies to
    what the app posts (the end trimmed, runs of blank lines cut to one, links shortened)."""
    length = totals[_COLUMN["bluesky"][1]]
    if _bluesky_replayed(text, totals):
        length = _graphemes(_bluesky_shown(text))
        over_from = _over_from("bluesky", text, limit) if length > limit else None
    size, posted_graphemes = _bluesky_posted(text, totals)
    if posted_graphemes is not None and posted_graphemes > limit >= length:
        # the app garbles a link as it posts: the counter said it fits, the server counts more and refuses it
        length = posted_graphemes
        over_from = len(text)
    if byte_limit and size > byte_limit:
        byte_over = min(_over_from("bluesky_bytes", text, byte_limit), len(text))
        over_from = byte_over if over_from is None else min(over_from, byte_over)
    return Count(key, length, limit, over_from, size, byte_limit)


def _bluesky_replayed(text: str, totals: tuple[int, ...]) -> bool:
    """Whether the app's edits must be replayed (see ``entities``): a byte-order mark, or a link it leaves as
    it is with letters outside ASCII before another link. Else the text's length is the sum of its words'."""
    return totals[_FACETS] > 0 and ("\ufeff" in text or (totals[_RISKY] > 0 and totals[_FACETS] > 1))


def _bluesky_shown(text: str) -> str:
    """The text as the Bluesky app shows and posts it, its edits replayed."""
    facets, pos = [], 0
    for line_parts, _costs, _totals in _lines(text, _OTHERS):
        for part in line_parts:
            facets += [(pos + a, pos + b) for a, b, _shown in entities.bluesky_facets(part)]
            pos += len(part)
    return entities.bluesky_replay(text, facets)


def _bluesky_posted(text: str, totals: tuple[int, ...]) -> tuple[int, int | None]:
    """UTF-8 bytes of what the app posts (the end trimmed, runs of blank lines cut to one, links shortened),
    and its graphemes where they can be more than the counter's (only where the app's edits are replayed)."""
    trimmed = text.rstrip(_JS_TRIM)
    if "\ufeff" in trimmed:  # every edit may drop a byte-order mark: replayed
        posted = _bluesky_shown(entities.bluesky_clean_replay(trimmed))
        return len(posted.encode("utf-8", "surrogatepass")), _graphemes(posted)
    cleaned = entities.EXCESS_NEWLINES.sub("\n\n", trimmed)
    if cleaned == text:
        posted_totals = totals
    elif cleaned == trimmed and _whitespace_word_at_end(text, len(trimmed)):  # the usual case: typed a space
        trailing = len(text) - len(trimmed)
        posted_totals = tuple(t - trailing if i == _BYTES else t for i, t in enumerate(totals))
    else:
        posted_totals = _measured(cleaned)
    if _bluesky_replayed(cleaned, posted_totals):
        posted = _bluesky_shown(cleaned)
        return len(posted.encode("utf-8", "surrogatepass")), _graphemes(posted)
    return posted_totals[_BYTES], None


def _measure_mastodon(key: str, text: str, limit: int) -> Count:
    """Mastodon strips the text first (Ruby's ``strip``) and counts nothing of a blank one."""
    lead = len(text) - len(text.lstrip(MASTODON_STRIP))
    stripped = text.strip(MASTODON_STRIP)
    if stripped and _BLANK.fullmatch(stripped):
        return Count(key, 0, limit)  # Ruby's blank?: nothing to count
    if lead == 0 and stripped and _whitespace_word_at_end(text, len(stripped)):  # the usual case: typed a space
        trailing = text[len(stripped):]
        length = _total(text, "mastodon") - len(trailing) + trailing.count("\r\n")
        over_from = _over_from("mastodon", text, limit) if length > limit else None
        return Count(key, length, limit, over_from)
    length = _total(stripped, "mastodon")
    over_from = _over_from("mastodon", stripped, limit) + lead if length > limit else None
    return Count(key, length, limit, over_from)


def _whitespace_word_at_end(text: str, end: int) -> bool:
    """Whether ``text[end:]`` is ASCII whitespace that counting cut off as a word of its own (so the text
    without it measures its words' lengths less its own)."""
    tail = text[end:]
    return bool(tail) and not tail.strip(SEPARATORS) and (not end or not _PREPEND_CHAR.match(text, end - 1))


def _first_of(text: str, chars: str) -> int | None:
    found = [i for i in (text.find(c) for c in chars) if i != -1]
    return min(found) if found else None


def _over_from(method: str, text: str, limit: int) -> int:
    """Where ``text`` first goes past ``limit`` by ``method``: the lines that fit are stepped over whole."""
    group, index = _COLUMN[method]
    total = 0
    pos = 0
    for i, (line_parts, _costs, line_totals) in enumerate(_lines(text, group)):
        if total + line_totals[index] > limit:
            return pos + _over_in_line(line_parts, i == 0, method, limit - total)
        total += line_totals[index]
        pos += sum(map(len, line_parts))
    return pos


@lru_cache(maxsize=256)
def _over_in_line(parts: tuple[str, ...], at_start: bool, method: str, budget: int) -> int:
    """Where a line of these words goes past ``budget`` (cached: while typing further on, it stays put)."""
    total = 0
    pos = 0
    for i, part in enumerate(parts):
        cost = _cost(part, at_start and i == 0, method)
        if total + cost > budget:
            return pos + _over_within(method, part, budget - total, at_start=at_start and i == 0)
        total += cost
        pos += len(part)
    return pos


_LONE_SURROGATE = regex.compile(r"\p{Cs}")


@lru_cache(maxsize=8)
def _without_lone_surrogates(text: str) -> str:
    return str(_LONE_SURROGATE.sub("\ufffd", text))


# --- where a word goes past a limit: its units ------------------------------------------------------------------
#
# A word as (end index, cost) units, each ending at a grapheme boundary of the typed
# text; only worked out for the one word that crosses a limit.

def _units(method: str, token: str, at_start: bool = False) -> list[tuple[int, int]]:
    if method == "twitter":
        return _x_units(token, at_start)
    if method == "mastodon":
        return _rewritten_units(token, entities.mastodon_entities(token, at_start), lambda g: 1)
    if method in ("bluesky", "bluesky_bytes"):
        unit = (lambda g: 1) if method == "bluesky" else (lambda g: len(g.encode("utf-8", "surrogatepass")))
        return _rewritten_units(token, entities.bluesky_links(token), unit)
    if method == "threads":
        return _grapheme_units(token, 0, len(token), _threads_unit)
    return _grapheme_units(token, 0, len(token), _utf16)


def _grapheme_units(text: str, start: int, end: int, unit: Callable[[str], int]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for g in _GRAPHEME.findall(text[start:end]):
        pos += len(g)
        out.append((pos, unit(g)))
    return out


def _rewritten_units(token: str, found: tuple[tuple[int, int, str], ...],
                     unit: Callable[[str], int]) -> list[tuple[int, int]]:
    """Units of a word as the network rewrites it (a link as 23 x's or its short form, ``@user@server`` as
    ``@user``): each grapheme of the rewritten word, ending where what it stands for ends in the typed word."""
    if not found:
        return _grapheme_units(token, 0, len(token), unit)
    rewritten: list[str] = []
    ends: list[int] = []
    pos = 0
    for start, end, replacement in found:
        rewritten.append(token[pos:start])
        ends.extend(range(pos + 1, start + 1))
        rewritten.append(replacement)
        if token.startswith(replacement, start):  # a mention keeps its "@user": the "@server" goes with its end
            ends.extend(range(start + 1, start + len(replacement)))
            ends.append(end)
        else:
            ends.extend([end] * len(replacement))
        pos = end
    rewritten.append(token[pos:])
    ends.extend(range(pos + 1, len(token) + 1))
    units: list[tuple[int, int]] = []
    at = 0
    for g in _GRAPHEME.findall("".join(rewritten)):
        at += len(g)
        end, cost = ends[at - 1], unit(g)
        if units and units[-1][0] == end:
            units[-1] = (end, units[-1][1] + cost)
        else:
            units.append((end, cost))
    return units


def _x_units(token: str, at_start: bool) -> list[tuple[int, int]]:
    """X's weights per grapheme of the typed word (its NFC form measured, as twitter-text does)."""
    form = _x_form(token)
    cost = [1 if c.isascii() else 1 + len(_X_HEAVY.findall(c)) for c in form]
    for start, length, weight in _x_entities(form, at_start):
        cost[start:start + length] = [weight] + [0] * (length - 1)
    to_original = _nfc_index_map(token)
    units: list[tuple[int, int]] = []
    for i, c in enumerate(cost):
        end = to_original[i + 1]
        if units and units[-1][0] >= end:
            units[-1] = (units[-1][0], units[-1][1] + c)
        else:
            units.append((end, c))
    return _at_grapheme_ends(token, units)


def _nfc_index_map(token: str) -> list[int]:
    """For each index of ``token``'s NFC form (and its end), the end of the typed grapheme it comes from."""
    out = [0]
    pos = 0
    for g in _GRAPHEME.findall(token):
        pos += len(g)
        out.extend([pos] * len(_x_form(g)))
    while len(out) < len(_x_form(token)) + 1:  # NFC across graphemes (never in practice)
        out.append(len(token))
    return out


def _at_grapheme_ends(token: str, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units merged so each ends where a grapheme of ``token`` ends."""
    ends = set()
    pos = 0
    for g in _GRAPHEME.findall(token):
        pos += len(g)
        ends.add(pos)
    merged: list[tuple[int, int]] = []
    carry = 0
    for end, cost in units:
        carry += cost
        if end in ends or end >= len(token):
            merged.append((end, carry))
            carry = 0
    return merged


def _first_over(units: list[tuple[int, int]], budget: int) -> int:
    """Index where the running cost of ``units`` first exceeds ``budget``."""
    total = 0
    prev_end = 0
    for end, cost in units:
        total += cost
        if total > budget:
            return prev_end
        prev_end = end
    return prev_end


def _over_within(method: str, token: str, budget: int, at_start: bool = False) -> int:
    """Index in ``token`` where it goes past ``budget``."""
    if budget <= 0:
        return 0
    token = _enough_of(method, token, budget, at_start)
    return _first_over(_units(method, token, at_start), budget)


def _enough_of(method: str, token: str, budget: int, at_start: bool) -> str:
    """A prefix of a very long word that surely reaches past ``budget``, so a pasted
    megabyte is not walked through character by character. Every character costs at
    least 1 outside a URL, so the prefix grows by doubling until it costs more than
    the budget, plus room for a URL cut in half at its end."""
    length = budget + 1
    while length + URL_MAX < len(token):
        if _cost(token[:length], at_start, method) > budget:
            return token[:length + URL_MAX]
        length *= 2
    return token


# --- index helpers --------------------------------------------------------

def _bytes_to_grapheme_index(text: str, limit: int) -> int:
    """Start of the first grapheme whose UTF-8 bytes go past ``limit``."""
    fits = len(text.encode("utf-8", "surrogatepass")[:limit].decode("utf-8", "ignore"))
    if fits >= len(text):
        return len(text)
    window = max(0, fits - 64)  # no grapheme is longer than this in practice; rounding down is safe
    pos = window
    for g in _GRAPHEME.findall(text[window:fits + 1]):
        if pos + len(g) > fits:
            return pos
        pos += len(g)
    return fits


def warm_up() -> None:
    """Compile the link and emoji patterns and read the top-level domains ahead of need (≈0.15 s)."""
    count("x", "Zie https://www.example.be/agenda 📚 @bib@example.social")
    count("bluesky", "Zie https://www.example.be/agenda")
    count("mastodon", "https://www.example.be/agenda @bib@example.social")
