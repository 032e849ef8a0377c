"""One length function per network, each following that network's reference implementation.

The limits are in ``facts.py`` (``data/networks.json``). The rest of the
counting is in modules of its own: ``tokens.py`` cuts a text into pieces and
words, ``lengths.py`` measures them in every way (``units.py``: UTF-16 units
and UTF-8 bytes), ``overflow.py`` finds where a text goes past a limit; what
each network finds in a word before it counts is in ``x_entities.py`` (X's
links and emoji), ``mastodon_entities.py`` (links and mentions) and
``bluesky_links.py`` (the links the app shortens, parsed as a browser does by
``url_parser.py``).

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
  searched for links (``x_entities.DOTTED_BLOB``: the pattern is quadratic in
  dots), and a word over 4,096 characters is measured in pieces.

Counting works word by word: a text is cut into runs of whitespace and the
words between them, at whitespace that ends every link, mention, emoji and
grapheme in all three rule sets (``tokens.SEPARATORS``); each word's lengths
are cached, and each piece's (a line, or a stretch of a long one), so while the
author types only the piece and the word being typed are measured again.
Where the text goes past a limit is worked out only when it does.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from composer.core.networks import bluesky_links, lengths, mastodon_entities, overflow, tokens, x_entities
from composer.core.networks.bluesky_links import (
    EXCESS_NEWLINES,
    NEWLINE_BLANKS,
    bluesky_clean_replay,
    bluesky_facets,
    bluesky_replay,
)
from composer.core.networks.facts import Count, network
from composer.core.networks.lengths import BYTES, COLUMN, FACETS, METHODS, RISKY, graphemes, measured, total
from composer.core.networks.overflow import bytes_to_grapheme_index
from composer.core.networks.tokens import PREPEND_CHAR, SEPARATORS, chunk_tokens, chunks, pieces
from composer.core.networks.units import utf8_length, utf16_length

__all__ = ["MASTODON_STRIP", "METHODS", "X_INVALID", "clear_caches", "count", "measure", "utf16_length", "warm_up"]

#: Characters twitter-text refuses in a post (``hasInvalidCharacters``): a pasted byte-order mark, non-characters.
X_INVALID = "\ufeff\ufffe\uffff"
#: What Ruby's ``String#strip`` takes off both ends (Mastodon strips a post before counting it).
MASTODON_STRIP = "\x00\t\n\x0b\x0c\r "
RUBY_BLANK = regex.compile(r"\p{White_Space}*")  # Ruby's String#blank?: fullmatch
#: JavaScript's ``trimEnd`` (the Bluesky app trims the end of what it posts).
_JS_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"


def count(key: str, text: str) -> Count:
    """Measure ``text`` the way network ``key`` counts it."""
    net = network(key)
    return measure(key, text, net.counting, net.text_limit, net.byte_limit)


def measure(key: str, text: str, counting: str, limit: int, byte_limit: int | None = None) -> Count:
    """Measure ``text`` by ``counting`` (one of :data:`METHODS`) against ``limit``.

    A lone surrogate (broken UTF-16 from a paste) is measured as the
    replacement character it will become; indices stay the same.
    """
    text = without_lone_surrogates(text)
    if counting == "mastodon":
        return _measure_mastodon(key, text, limit)
    length = total(text, counting)
    over_from = overflow.over_from(counting, text, limit) if length > limit else None
    if counting == "twitter":
        invalid_at = _first_of(text, X_INVALID)
        if invalid_at is not None:
            over_from = invalid_at if over_from is None else min(over_from, invalid_at)
        return Count(key, length, limit, over_from, invalid_at=invalid_at, needs_text=True)
    if counting == "bluesky":
        return _measure_bluesky(key, text, limit, byte_limit, measured(text), over_from)
    if not byte_limit:
        return Count(key, length, limit, over_from)
    size = utf8_length(text)
    if size > byte_limit:
        byte_over = bytes_to_grapheme_index(text, byte_limit)
        over_from = byte_over if over_from is None else min(over_from, byte_over)
    return Count(key, length, limit, over_from, size, byte_limit)


def _measure_bluesky(key: str, text: str, limit: int, byte_limit: int | None, totals: tuple[int, ...],
                     over_from: int | None) -> Count:
    """Bluesky: the app's counter counts the text with its links shortened; the lexicon's byte cap applies to
    what the app posts (the end trimmed, runs of blank lines cut to one, links shortened)."""
    length = totals[COLUMN["bluesky"][1]]
    if bluesky_replayed(text, totals):
        length = graphemes(_bluesky_shown(text))
        over_from = overflow.over_from("bluesky", text, limit) if length > limit else None
    size, posted_graphemes = _bluesky_posted(text, totals)
    if posted_graphemes is not None and posted_graphemes > limit >= length:
        # the app garbles a link as it posts: the counter said it fits, the server counts more and refuses it
        length = posted_graphemes
        over_from = len(text)
    if byte_limit and size > byte_limit:
        byte_over = min(overflow.over_from("bluesky_bytes", text, byte_limit), len(text))
        over_from = byte_over if over_from is None else min(over_from, byte_over)
    return Count(key, length, limit, over_from, size, byte_limit)


def bluesky_replayed(text: str, totals: tuple[int, ...]) -> bool:
    """Whether the app's edits must be replayed (see ``bluesky_links``): a byte-order mark, or a link it leaves as
    it is with letters outside ASCII before another link. Else the text's length is the sum of its words'."""
    return totals[FACETS] > 0 and ("\ufeff" in text or (totals[RISKY] > 0 and totals[FACETS] > 1))


def _bluesky_shown(text: str) -> str:
    """The text as the Bluesky app shows and posts it, its edits replayed."""
    facets, pos = [], 0
    for piece in pieces(text):
        for chunk in chunks(piece):
            for part in chunk_tokens(chunk):
                facets += [(pos + a, pos + b) for a, b, _shown in bluesky_facets(part)]
                pos += len(part)
    return bluesky_replay(text, facets)


def _bluesky_posted(text: str, totals: tuple[int, ...]) -> tuple[int, int | None]:
    """UTF-8 bytes of what the app posts (the end trimmed, runs of blank lines cut to one, links shortened),
    and its graphemes where they can be more than the counter's (only where the app's edits are replayed)."""
    trimmed = text.rstrip(_JS_TRIM)
    if "\ufeff" in trimmed:  # every edit may drop a byte-order mark: replayed
        posted = _bluesky_shown(bluesky_clean_replay(trimmed))
        return utf8_length(posted), graphemes(posted)
    cleaned = EXCESS_NEWLINES.sub("\n\n", trimmed) if _may_have_excess_newlines(trimmed) else trimmed
    if cleaned == text:
        posted_totals = totals
    elif cleaned == trimmed and _whitespace_word_at_end(text, len(trimmed)):  # the usual case: typed a space
        trailing = len(text) - len(trimmed)
        posted_totals = tuple(t - trailing if i == BYTES else t for i, t in enumerate(totals))
    else:
        posted_totals = measured(cleaned)
    if bluesky_replayed(cleaned, posted_totals):
        posted = _bluesky_shown(cleaned)
        return utf8_length(posted), graphemes(posted)
    return posted_totals[BYTES], None


def _may_have_excess_newlines(text: str) -> bool:
    """False when ``EXCESS_NEWLINES`` surely finds nothing in ``text``, without searching it: that takes three
    line breaks with only blank characters between them, so two blank lines in a row (the text's lines are
    at hand, cached). With ``\\r``, ``\\x0b`` or ``\\x0c`` in the text, True (the pattern decides)."""
    if "\r" in text or "\x0b" in text or "\x0c" in text:
        return True
    after_blank_line = False
    for piece in pieces(text):
        blank = piece[0] in _NEWLINE_BLANKS and not piece.strip(NEWLINE_BLANKS)  # a line of words is soon seen
        if blank and after_blank_line:
            return True
        after_blank_line = blank and piece[-1] == "\n"
    return False


_NEWLINE_BLANKS = frozenset(NEWLINE_BLANKS)


def _measure_mastodon(key: str, text: str, limit: int) -> Count:
    """Mastodon strips the text first (Ruby's ``strip``) and counts nothing of a blank one."""
    lead = len(text) - len(text.lstrip(MASTODON_STRIP))
    stripped = text.strip(MASTODON_STRIP)
    if stripped and RUBY_BLANK.fullmatch(stripped):
        return Count(key, 0, limit)  # Ruby's blank?: nothing to count
    if lead == 0 and stripped and _whitespace_word_at_end(text, len(stripped)):  # the usual case: typed a space
        trailing = text[len(stripped):]
        length = total(text, "mastodon") - len(trailing) + trailing.count("\r\n")
        over_from = overflow.over_from("mastodon", text, limit) if length > limit else None
        return Count(key, length, limit, over_from)
    length = total(stripped, "mastodon")
    over_from = overflow.over_from("mastodon", stripped, limit) + lead if length > limit else None
    return Count(key, length, limit, over_from)


def _whitespace_word_at_end(text: str, end: int) -> bool:
    """Whether ``text[end:]`` is ASCII whitespace that counting cut off as a word of its own (so the text
    without it measures its words' lengths less its own)."""
    tail = text[end:]
    return bool(tail) and not tail.strip(SEPARATORS) and (not end or not PREPEND_CHAR.match(text, end - 1))


def _first_of(text: str, chars: str) -> int | None:
    found = [i for i in (text.find(c) for c in chars) if i != -1]
    return min(found) if found else None


_LONE_SURROGATE = regex.compile(r"\p{Cs}")


@lru_cache(maxsize=8)
def without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (broken UTF-16 from a paste) as U+FFFD; the same indices."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return str(_LONE_SURROGATE.sub("\ufffd", text))
    return text


def warm_up() -> None:
    """Compile the link and emoji patterns and read the top-level domains ahead of need (≈0.15 s)."""
    count("x", "Zie https://www.example.be/agenda 📚 @bib@example.social")
    count("bluesky", "Zie https://www.example.be/agenda")
    count("mastodon", "https://www.example.be/agenda @bib@example.social")


def clear_caches() -> None:
    """Empty every cache of what the counting found and measured, as if no text had been seen (for benchmarks
    of a cold count, and tests that typing gives what a fresh count gives); compiled patterns stay."""
    import sys

    lengths.forget()
    for module in (tokens, lengths, overflow, x_entities, mastodon_entities, bluesky_links, sys.modules[__name__]):
        for value in vars(module).values():
            if (hasattr(value, "cache_clear") and getattr(value, "__module__", None) == module.__name__
                    and value.cache_parameters()["maxsize"] is not None):  # compiled patterns stay
                value.cache_clear()
