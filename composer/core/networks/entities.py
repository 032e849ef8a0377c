"""What each network finds in a text before it counts: links, mentions, emoji.

Written from reading each network's reference code (see the table in
:mod:`composer.core.networks.counting` for the versions), never copied from it:

- **X** (twitter-text): :func:`x_urls` finds links as ``extractUrlsWithIndices``
  does, with or without ``https://``; :func:`x_emoji` finds the emoji that
  weigh 2 as twitter-text's emoji parser does.
- **Mastodon** (the server): :func:`mastodon_entities` finds links the way the
  server's twitter-text is configured (only with a protocol, Mastodon's wider
  path and query characters) and mentions by ``Account::MENTION_RE``.
- **Bluesky** (``@atproto/api`` and the app): :func:`bluesky_links` finds the
  links the app shortens, :func:`bluesky_short_url` shortens them as the app
  shows and posts them.

Every finder works on one word of a text (the text cut at the whitespace that
ends every link, mention and emoji in all three rule sets: see
``counting.SEPARATORS``), and its results are the same as on the whole text.
Character classes are spelled out rather than taken from ``\\s``, ``\\w`` or a
case-insensitive flag: JavaScript, Ruby and Python disagree on all three.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import regex

Span = tuple[int, int]

# --- character sets, as the references spell them ----------------------------------------------------------

#: twitter-text's spaces (``spacesGroup``): Unicode White_Space and U+180E.
_TT_SPACES = "\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_TT_INVALID = "\ufffe\ufeff\uffff"
_TT_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
#: twitter-text's ``punct`` (note: no double quote, no backtick).
_TT_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_TT_LATIN = ("\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
             "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff")
_TT_CYRILLIC = "\u0400-\u04ff"
#: Unicode White_Space (Ruby's and JavaScript's ``\p{White_Space}``).
_WHITE_SPACE = "\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: JavaScript's ``\s``: White_Space without U+0085, with U+FEFF.
_JS_SPACE = "\t-\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


# --- twitter-text's top-level domains ------------------------------------------------------------------------

@cache
def tlds() -> tuple[frozenset[str], frozenset[str]]:
    """The generic and country top-level domains twitter-text 3 knows, lower case.

    Read from the twitter-text-parser package (MIT; a dependency), whose lists are
    those of the npm twitter-text 3.1.0 (the conformance harness checks this): as
    text when the package's source is there, without importing it (its import
    loads an emoji table for 0.2 s), else by importing the two modules.
    """
    names = []
    for module in ("valid_gtld", "valid_cctld"):
        source = _package_source("twitter_text", f"regexp/{module}.py")
        if source is None:
            imported = importlib.import_module(f"twitter_text.regexp.{module}")
            source = repr(getattr(imported, module).pattern)
        body = "".join(re.findall(r"'([^']*)'", source))
        body = body.split("(?:(?:", 1)[1].split(")(?=", 1)[0]
        names.append(frozenset(name.lower() for name in body.split("|") if name))
    return names[0], names[1]


def _package_source(package: str, path: str) -> str | None:
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        file = Path(folder) / path
        if file.is_file():
            return file.read_text("utf-8")
    return None


# --- X: twitter-text's URL finder ----------------------------------------------------------------------------

def _tt_domain() -> str:
    # twitter-text writes a label as (?:(?:D(?:[_-]|D)*)?D\.): the same strings, but this way round the
    # engine has one way to read each label and does not try every split of it when a domain fails.
    d = f"[^{_TT_PUNCT}{_TT_SPACES}{_TT_INVALID}{_TT_DIRECTIONAL}]"
    subdomain = rf"(?:{d}(?:[_\-]*{d})*\.)"
    name = rf"(?:{d}(?:-*{d})*\.)"
    return rf"(?:{subdomain}*{name}{_tld()})"


#: A top-level domain (any case) that no letter, digit, ``@``, ``+`` or ``-`` follows, or punycode.
_TLD_END = r"(?=[^0-9a-zA-Z@+\-]|$)"


@cache
def _tld() -> str:
    gtld, cctld = tlds()
    return rf"(?:{_trie(sorted(gtld | cctld))}{_TLD_END}|[xX][nN]--[\-0-9a-zA-Z]+)"


def _trie(names: list[str]) -> str:
    """``names`` as one pattern that tries the longest first and reads each character once (any case):
    a long alternation of top-level domains is slow to try at every dot."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]  # a trie: each node a dict of the same kind
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        branches = [_any_case(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


def _any_case(char: str) -> str:
    forms = {char, char.upper(), char.lower()}
    forms = {f for f in forms if len(f) == 1}
    return re.escape(char) if len(forms) == 1 else "[" + "".join(sorted(forms)) + "]"


_TT_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_TT_INVALID}]|[{_TT_DIRECTIONAL}]|^)"
_TT_PATH_CHAR = rf"[a-zA-Z{_TT_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_TT_LATIN}]"
_TT_PARENS = rf"\((?:{_TT_PATH_CHAR}+|(?:{_TT_PATH_CHAR}*\({_TT_PATH_CHAR}+\){_TT_PATH_CHAR}*))\)"
_TT_PATH_END_CHAR = rf"[+\-a-zA-Z{_TT_CYRILLIC}0-9=_#/{_TT_LATIN}]"
# twitter-text pastes its ending "[…]|(?:parens)" into the path pattern ungrouped, so the parentheses are a
# path segment of their own, not the end of a longer one: in http://x.org/a:(b) the link ends at "a".
_TT_PATH = (rf"(?:(?:{_TT_PATH_CHAR}*(?:{_TT_PARENS}{_TT_PATH_CHAR}*)*{_TT_PATH_END_CHAR}|(?:{_TT_PARENS}))"
            rf"|(?:@{_TT_PATH_CHAR}+/))")
_TT_QUERY = r"[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_TT_QUERY_END = r"[a-zA-Z0-9\-_&=#/]"


@cache
def _x_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    url = re.compile(
        rf"({_TT_PRECEDING})"                              # 1: the character before
        rf"(([hH][tT][tT][pP][sS]?://)?"                   # 2: the link; 3: protocol
        rf"({_tt_domain()})"                               # 4: domain
        rf"(?::([0-9]+))?"                                 # 5: port
        rf"(/{_TT_PATH}*)?"                                # 6: path
        rf"(\?{_TT_QUERY}*{_TT_QUERY_END})?)")            # query
    ascii_domain = re.compile(rf"(?:(?:[\-a-zA-Z0-9{_TT_LATIN}]+)\.)+{_tld()}")
    tco = re.compile(rf"[hH][tT][tT][pP][sS]?://[tT]\.[cC][oO]/([a-zA-Z0-9]+)(?:\?{_TT_QUERY}*{_TT_QUERY_END})?")
    return url, ascii_domain, tco


MAX_URL_LENGTH = 4096  # twitter-text: protocol + link, in UTF-16 units
#: A word with more dots than this (and over 256 characters) is not searched for links: the URL pattern
#: tries every dot as a domain's start and every later one as its end, so its time grows with the square
#: of the dots (60 ms for 100 in one word). No real link has that many.
DOTTED_BLOB = 100


def dotted_blob(word: str) -> bool:
    return len(word) > 256 and word.count(".") > DOTTED_BLOB


def x_urls(word: str, at_start: bool = False) -> tuple[tuple[int, int], ...]:
    """Links in ``word`` as twitter-text's ``extractUrlsWithIndices`` finds them: ``(start, length)`` each.

    ``length`` is what twitter-text skips after the start (the link's text, which
    for a link without protocol inside a longer domain can differ from the span).
    A word is searched as it stands in its text: after a space, or (``at_start``)
    at the very start, where twitter-text takes the first character as the one
    before a link (``éexample.com`` is ``é`` and a link there, one link after a space).
    """
    if "." not in word or dotted_blob(word):
        return ()
    return _x_urls(word, at_start)


@lru_cache(maxsize=8192)
def _x_urls(word: str, at_start: bool) -> tuple[tuple[int, int], ...]:
    url_re, ascii_re, tco_re = _x_patterns()
    shift = 0 if at_start else 1
    text = word if at_start else " " + word
    found: list[list[int]] = []
    for m in url_re.finditer(text):
        before, url, protocol, domain, path = m.group(1), m.group(2), m.group(3), m.group(4), m.group(6)
        start = m.start(2) - shift
        if not _x_valid_url(url, protocol or "https://", domain):
            continue
        if not protocol:
            if before and before[-1] in "-_./":  # invalidUrlWithoutProtocolPrecedingChars
                continue
            last, seen = None, 0
            for a in ascii_re.finditer(domain):
                # twitter-text places each by searching for its text from the last one's end: an earlier
                # copy of the same name wins (x.example.com-…example.com puts it at the first example.com)
                seen = domain.find(a.group(), seen)
                last = [start + seen, len(a.group())]
                seen += len(a.group())
                found.append(last)
            if last is None:
                continue
            if path:  # the last ASCII domain takes the path along: its length is the link's with that domain
                last[1] = len(url) - len(domain) + last[1]
        else:
            tco = tco_re.match(url)
            if tco:
                if len(tco.group(1)) > 40:
                    continue
                url = tco.group()
            found.append([start, len(url)])
    return tuple((a, n) for a, n in found)


def _x_valid_url(url: str, protocol: str, domain: str) -> bool:
    """twitter-text's ``isValidUrl``: every label 1-63 characters once punycoded; at most 4,096 units."""
    if domain[:4] == "xn--" and _x_patterns()[1].search(domain) is None:
        return False
    for label in domain.split("."):
        if not 1 <= _punycode_length(label) <= 63:
            return False
    return len(protocol) + _utf16_length(url) <= MAX_URL_LENGTH


_IDN_SEPARATORS = re.compile("[.\u3002\uff0e\uff61]")


def _punycode_length(label: str) -> int:
    """Length of punycode.js 1.4's ``toASCII(label)`` (it also splits at ideographic full stops)."""
    if label.isascii() and all(" " <= c <= "~" for c in label):
        return len(label)
    parts = _IDN_SEPARATORS.split(label)
    return sum(len(p) if all(" " <= c <= "~" for c in p) else 4 + len(_punycode(p)) for p in parts) + len(parts) - 1


def _punycode(text: str) -> str:
    try:
        return text.encode("punycode").decode("ascii")
    except UnicodeError:  # pragma: no cover - lone surrogates are replaced before counting
        return text


def _utf16_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


# --- X: emoji that weigh 2 --------------------------------------------------------------------------------------
#
# twitter-text 3.1.0 counts each emoji its emoji parser (twemoji-parser 11) finds as
# 2, whatever its code points. Its list is of Emoji 11 (2018); here emoji are found
# by Unicode's own properties, so sequences added since (🧑‍💻, ❤️‍🔥, 🫱🏻‍🫲🏿) count 2 as X
# counts them today, where twitter-text 3.1.0 counts their parts. The rest follows
# twemoji-parser 11 where it departs from the properties:
# - ©, ®, ™ and ♟ are an emoji only with VS16 (U+FE0F): © alone weighs 1;
# - an emoji-presentation character takes a VS16 along only when Unicode defines
#   that variation sequence (⌚️ is one emoji, 📚️ is 📚 and a lone VS16, 2 + 2);
# - ♾ never takes a VS16 along; ⛷ takes a skin tone.

#: Emoji-presentation characters with a text/emoji variation sequence (Unicode's emoji-variation-sequences.txt).
_EVS_PRESENTATION = ("\u231a\u231b\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be"
                     "\u26c4\u26c5\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2757\u2b1b\u2b1c\u2b50\u2b55"
                     "\U0001f004\U0001f21a\U0001f22f")
_VS16_ONLY = "\u00a9\u00ae\u2122\u265f"
_TEXT_DEFAULT = r"[\p{Emoji}--[\p{Emoji_Presentation}0-9#*\u00a9\u00ae\u2122\u265f\u267e]]"
_MODIFIER = r"[\U0001f3fb-\U0001f3ff]"
_MODIFIABLE = r"[\p{Emoji_Modifier_Base}\u26f7]"
_CORE = (rf"(?:{_TEXT_DEFAULT}\ufe0f?|[{_EVS_PRESENTATION}]\ufe0f?|[{_VS16_ONLY}]\ufe0f"
         rf"|[\p{{Emoji_Presentation}}\u267e])")
_ELEMENT = rf"(?:(?={_MODIFIABLE}){_CORE}{_MODIFIER}?|{_CORE})"
_X_EMOJI = regex.compile(
    r"\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"          # subdivision flags (England, Scotland, Wales)
    r"|[0-9#*]\ufe0f?\u20e3"                                  # keycaps
    r"|\p{Regional_Indicator}{2}"                             # flags
    rf"|{_ELEMENT}(?:\u200d{_ELEMENT})*",                     # one emoji, a skin tone, a ZWJ sequence
    regex.V1)
def x_emoji(word: str) -> tuple[Span, ...]:
    """The emoji in ``word`` that twitter-text weighs 2 each (spans into ``word``); none in ASCII (a keycap
    needs U+20E3)."""
    if word.isascii():
        return ()
    return tuple(m.span() for m in _X_EMOJI.finditer(word))


# --- Mastodon: the server's links and mentions ------------------------------------------------------------------

_M_PATH_CHAR = rf"[^{_WHITE_SPACE}<>()?]"
_M_PARENS = rf"\((?:{_M_PATH_CHAR}+|(?:{_M_PATH_CHAR}*\({_M_PATH_CHAR}+\){_M_PATH_CHAR}*))\)"
# Mastodon redefines the ending characters before it redefines the parentheses, so they keep twitter-text's.
_M_PATH_END = rf"(?:[^{_WHITE_SPACE}()?!*\"'「」<>;:=,.$%\[\]~&|@]|(?:{_TT_PARENS}))"
_M_PATH = rf"(?:(?:{_M_PATH_CHAR}*(?:{_M_PARENS}{_M_PATH_CHAR}*)*{_M_PATH_END})|(?:{_M_PATH_CHAR}+/))"
_UCHARS = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
           "\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd\U00070000-\U0007fffd"
           "\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd"
           "\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd\ue000-\uf8ff"
           "\U000f0000-\U000ffffd\U00100000-\U0010fffd")
_M_QUERY = rf"[a-zA-Z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^{_UCHARS}]"
_M_QUERY_END = rf"[a-zA-Z0-9_&=#/\-{_UCHARS}]"
_M_PROTOCOL = r"(?i:(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://)"
_WORD = r"[\p{L}\p{M}\p{Nd}\p{Pc}]"  # Ruby's [[:word:]]
#: ``Account::MENTION_RE``; the user name is ASCII, the server any letters.
_M_MENTION = regex.compile(
    rf"(?<![=/\p{{L}}\p{{M}}\p{{Nd}}\p{{Pc}}])@(((?i:[a-z0-9_])+(?:[.\-]+(?i:[a-z0-9_])+)*)(?:@({_WORD}+(?:[.\-]+{_WORD}+)*))?)")
#: twitter-text's ``end_mention_match``: what may not follow a mention.
_END_MENTION = regex.compile(rf"[@＠{_TT_LATIN}]|://")
MAX_DOMAIN_LENGTH = 253  # app/lib/extractor.rb


@cache
def _mastodon_url() -> re.Pattern[str]:
    return re.compile(
        rf"({_TT_PRECEDING})"
        rf"(({_M_PROTOCOL})?"
        rf"({_tt_domain()})"
        rf"(?::([0-9]+))?"
        rf"(/{_M_PATH}*)?"
        rf"(\?{_M_QUERY}*{_M_QUERY_END})?)")


def mastodon_entities(word: str, at_start: bool = False) -> tuple[tuple[int, int, str], ...]:
    """What the server rewrites before counting: ``(start, end, replacement)`` each, in order.

    A link with a protocol becomes 23 characters; a mention ``@user@server``
    becomes ``@user`` (a server name over 253 characters is no mention). The
    word is searched as it stands in its text (see :func:`x_urls`).
    """
    if ":" not in word and "@" not in word:
        return ()
    return _mastodon_entities(word, at_start)


@lru_cache(maxsize=8192)
def _mastodon_entities(word: str, at_start: bool) -> tuple[tuple[int, int, str], ...]:
    found = _mastodon_links(word, at_start) if ":" in word and not dotted_blob(word) else []
    if "@" in word:
        found += _mastodon_mentions(word)
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for entity in found:  # twitter-text's remove_overlapping_entities: the first one stays
        if not kept or entity[0] >= kept[-1][1]:
            kept.append(entity)
    return tuple(kept)


def _mastodon_links(word: str, at_start: bool) -> list[tuple[int, int, str]]:
    """Links with a protocol (``extract_url_without_protocol: false``), each to count as 23 characters."""
    tco_re = _x_patterns()[2]
    shift = 0 if at_start else 1
    found = []
    for m in _mastodon_url().finditer(word if at_start else " " + word):
        url, protocol, domain = m.group(2), m.group(3), m.group(4)
        if not protocol:
            continue
        tco = tco_re.match(url)
        if tco:
            if len(tco.group(1)) > 40:
                continue
            url = tco.group()
        if _x_valid_url(url, protocol, domain):
            start = m.start(2) - shift
            found.append((start, start + len(url), "x" * 23))
    return found


def _mastodon_mentions(word: str) -> list[tuple[int, int, str]]:
    """Mentions, each to count as its ``@user``."""
    found = []
    for m in _M_MENTION.finditer(word):
        server = m.group(3)
        if not _END_MENTION.match(word, m.end()) and not (server and len(server) > MAX_DOMAIN_LENGTH):
            found.append((m.start(), m.end(), "@" + m.group(2)))
    return found


# --- Bluesky: the links the app shortens ---------------------------------------------------------------------

_B_NOT_SPACE = rf"[^{_JS_SPACE}]"
#: ``URL_REGEX`` of @atproto/api's rich text (flags gim), its classes spelled out.
_B_LINK = re.compile(
    rf"(?:^|(?<=[\n\r\u2028\u2029])|[{_JS_SPACE}(])"
    rf"(([hH][tT][tT][pP][sS]?://{_B_NOT_SPACE}+)|([a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+)+){_B_NOT_SPACE}*)")


def bluesky_links(word: str) -> tuple[tuple[int, int, str], ...]:
    """The links the Bluesky app shortens in ``word``: ``(start, end, shown)`` each.

    @atproto/api's ``detectFacets`` finds links after a space, ``(`` or a line's
    start, without the last ``.,;:!?`` (and a ``)`` without ``(``); the app's
    ``shortenLinks`` replaces each with ``toShortUrl`` of its text, which only
    changes an ``http(s)://`` link that a browser can parse.
    """
    return tuple((start, end, shown) for start, end, shown in bluesky_facets(word) if shown is not None)


def bluesky_facets(word: str) -> tuple[tuple[int, int, str | None], ...]:
    """Every link facet @atproto/api finds in ``word``: ``(start, end, shown)``, ``shown`` ``None`` when the
    app leaves the link as it is (a bare domain, a link no browser parses)."""
    if "." not in word and "http" not in word:
        return ()
    return _bluesky_facets(word)


@lru_cache(maxsize=8192)
def _bluesky_facets(word: str) -> tuple[tuple[int, int, str | None], ...]:
    found = []
    for m in _B_LINK.finditer(word):
        uri = m.group(1)
        if not uri.startswith("http"):
            domain = m.group(3)
            if domain is None or not _bluesky_valid_domain(domain):
                continue
        start, end = m.start(1), m.end(1)
        if uri[-1] in ".,;:!?":
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        shown = bluesky_short_url(uri) if uri.startswith("http") else uri
        found.append((start, end, shown if shown != uri else None))
    return tuple(found)


def _bluesky_valid_domain(domain: str) -> bool:
    """@atproto/api's ``isValidDomain``: ends in ``.`` and a top-level domain, as typed (lower case). Its list
    is the npm ``tlds`` package's; twitter-text's is used here (the few names they differ on matter only
    for a bare domain with letters outside ASCII before a link, see ``bluesky_replay``)."""
    _head, dot, last = domain.rpartition(".")
    return bool(dot) and last == last.lower() and last in _all_tlds()


@cache
def _all_tlds() -> frozenset[str]:
    gtld, cctld = tlds()
    return gtld | cctld


# The Bluesky app edits the text through @atproto/api's RichText, on UTF-8 bytes that it decodes with a
# TextDecoder at every step: a byte-order mark at the start of any decoded slice is dropped, and an
# insertion moves the facets after it by the inserted text's UTF-16 length, not its bytes. Where a text
# has a byte-order mark, or a link the app leaves as it is with letters outside ASCII, the result is not
# the sum of its words (a link can come out garbled): the app's edits are replayed here, byte for byte.

def _decode(data: bytes) -> str:
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    return data.decode("utf-8", "replace")


class _RichText:
    """@atproto/api's ``RichText`` as far as ``insert``, ``delete`` and the link facets go."""

    def __init__(self, text: str, facets: list[list[int]] | None = None):
        self.data = text.encode("utf-8", "surrogatepass")
        self.facets = facets or []

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    def insert(self, at: int, text: str) -> None:
        self.data = (_decode(self.data[:at]) + text + _decode(self.data[at:])).encode("utf-8", "surrogatepass")
        added = _utf16_length(text)
        for facet in self.facets:
            if at <= facet[0]:
                facet[0] += added
                facet[1] += added
            elif facet[0] <= at < facet[1]:
                facet[1] += added

    def delete(self, start: int, end: int) -> None:
        self.data = (_decode(self.data[:start]) + _decode(self.data[end:])).encode("utf-8", "surrogatepass")
        removed = end - start
        for facet in self.facets:
            if start <= facet[0] and end >= facet[1]:
                facet[0] = facet[1] = 0
            elif start > facet[1]:
                pass
            elif facet[0] < start <= facet[1] < end:
                facet[1] = start
            elif start >= facet[0] and end <= facet[1]:
                facet[1] -= removed
            elif start < facet[0] <= end <= facet[1]:
                facet[0] = start
                facet[1] -= removed
            elif end < facet[0]:
                facet[0] -= removed
                facet[1] -= removed


def bluesky_replay(text: str, facets: list[tuple[int, int]]) -> str:
    """``shortenLinks`` replayed on ``text`` with its link facets (string indices), edit by edit."""
    rich = _RichText(text)
    encoded = [len(text[:i].encode("utf-8", "surrogatepass")) for pair in facets for i in pair]
    rich.facets = [[encoded[2 * k], encoded[2 * k + 1]] for k in range(len(facets))]
    for facet in list(rich.facets):
        start, end = facet
        url = _decode(rich.data[start:end])
        shown = bluesky_short_url(url) if url else url
        rich.insert(start, shown)
        size = len(shown.encode("utf-8", "surrogatepass"))
        facet[0], facet[1] = start, start + size
        rich.delete(start + size, end + size)
    return rich.text


#: @atproto/api's ``cleanNewlines``: three or more line breaks (blank-looking characters between) become two.
EXCESS_NEWLINES = re.compile(rf"[\r\n](?:[\u00ad\u2060\u200d\u200c\u200b{_JS_SPACE}]*[\r\n]){{2,}}")


def bluesky_clean_replay(text: str) -> str:
    """``RichText(text, {cleanNewlines: true})`` replayed: runs of blank lines cut to one, edit by edit."""
    rich = _RichText(text)
    match = EXCESS_NEWLINES.search(text)
    while match:
        old = rich.data
        start = len(rich.text[:match.start()].encode("utf-8", "surrogatepass"))
        rich.delete(start, start + len(match.group().encode("utf-8", "surrogatepass")))
        if rich.data == old:
            break
        rich.insert(start, "\n\n")
        match = EXCESS_NEWLINES.search(rich.text)
    return rich.text


def bluesky_short_url(url: str) -> str:
    """The Bluesky app's ``toShortUrl``: host and the first 13 characters of the rest, then ``...``.

    The URL is parsed as a browser parses it (``new URL``): punycode host, no
    default port, percent-encoded path, query and fragment, a root path dropped.
    Anything a browser would not parse, or not http(s), stays as written.
    """
    parsed = parse_url(url)
    if parsed is None or parsed[0] not in ("http", "https"):
        return url
    _scheme, host, path, search, fragment = parsed
    rest = ("" if path == "/" else path) + search + fragment
    return host + rest[:13] + "..." if len(rest) > 15 else host + rest


# --- a browser's URL parser (WHATWG), as far as http(s) links need it ---------------------------------------------

_C0_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))
_SPECIAL_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21", "file": None}
_FORBIDDEN_HOST = set("\x00\t\n\r #/:<>?@[\\]^|")
_FORBIDDEN_DOMAIN = _FORBIDDEN_HOST | set(map(chr, range(0x20))) | {"%", "\x7f"}
_PATH_SET = set('"#<>?`{} ')
_QUERY_SET = set("\"#<>' ")
_FRAGMENT_SET = set('"<>` ')


def parse_url(text: str) -> tuple[str, str, str, str, str] | None:
    """``(scheme, host, pathname, search, hash)`` of an absolute http(s) URL as a browser gives them, or ``None``.

    Only what links in posts need: special schemes, user info dropped, IDNA
    hosts, IPv4 numbers, ports, dot segments and percent-encoding.
    """
    text = text.strip(_C0_CONTROL_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    scheme, colon, rest = text.partition(":")
    if not colon or not _SCHEME.fullmatch(scheme):
        return None
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        return (scheme, "", "", "", "")
    authority, rest = _split_authority(rest.lstrip("/\\"))
    host = _host_and_port(authority, scheme)
    if host is None:
        return None
    rest, _hash, fragment = rest.partition("#")
    rest, _mark, query = rest.partition("?")
    search = "?" + _percent_encode(query, _QUERY_SET) if query else ""
    fragment = "#" + _percent_encode(fragment, _FRAGMENT_SET) if fragment else ""
    return scheme, host, _path(rest), search, fragment


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+\-.]*")


def _split_authority(rest: str) -> tuple[str, str]:
    """The authority (up to the first ``/``, ``\\``, ``?`` or ``#``) and what follows it."""
    ends = [at for at in (rest.find(stop) for stop in "/\\?#") if at != -1]
    end = min(ends) if ends else len(rest)
    return rest[:end], rest[end:]


def _host_and_port(authority: str, scheme: str) -> str | None:
    """``host[:port]`` as a browser shows it (no user info, no default port), or ``None`` if it is no host."""
    host, port = _split_port(authority.rsplit("@", 1)[-1])
    parsed = _parse_host(host) if host is not None else None
    if parsed is None:
        return None
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            return None
        port = str(int(port))
    return parsed + (":" + port if port and port != _SPECIAL_PORTS[scheme] else "")


def _split_port(authority: str) -> tuple[str | None, str]:
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            return None, ""
        host, after = authority[:close + 1], authority[close + 1:]
        if after and not after.startswith(":"):
            return None, ""
        return host, after[1:]
    host, _colon, port = authority.partition(":")
    return host, port


def _path(raw: str) -> str:
    segments: list[str] = []
    parts = raw.replace("\\", "/").split("/")[1:] if raw else []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        lowered = part.lower()
        if lowered in ("..", ".%2e", "%2e.", "%2e%2e"):
            if segments:
                segments.pop()
            if last:
                segments.append("")
        elif lowered in (".", "%2e"):
            if last:
                segments.append("")
        else:
            segments.append(_percent_encode(part, _PATH_SET))
    return "/" + "/".join(segments)


def _percent_encode(text: str, special: set[str]) -> str:
    if text.isascii() and not any(c in special or c < " " or c == "\x7f" for c in text):
        return text
    out = []
    for c in text:
        if c in special or c < " " or c >= "\x7f":
            out.append("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")))
        else:
            out.append(c)
    return "".join(out)


def _parse_host(host: str) -> str | None:
    if not host:
        return None
    if host.startswith("["):
        return _ipv6(host[1:-1])
    from urllib.parse import unquote

    domain = unquote(host, errors="strict") if "%" in host else host
    ascii_domain = _domain_to_ascii(domain)
    if ascii_domain is None or not ascii_domain or any(c in _FORBIDDEN_DOMAIN for c in ascii_domain):
        return None
    labels = ascii_domain.split(".")
    last = labels[-1] if labels[-1] or len(labels) == 1 else labels[-2]
    if last and (last.isdigit() or re.fullmatch(r"0[xX][0-9a-fA-F]*", last)):
        return _ipv4(ascii_domain)
    return ascii_domain


# UTS #46 as browsers use it (non-transitional, no STD3 rules): mapped, normalised, each label punycoded.
_IGNORED = dict.fromkeys(map(ord, "\u00ad\u034f\u180b\u180c\u180d\u180f\u200b\u2060\u2064\ufeff"
                             "\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d"
                             "\ufe0e\ufe0f"))
_DOTS = str.maketrans("\u3002\uff0e\uff61", "...")


#: Disallowed by UTS #46 though a letter or symbol (Hangul fillers, Khmer inherent vowels, Georgian capitals,
#: ideographic description characters, the object and replacement characters).
_DISALLOWED = re.compile("[\u115f\u1160\u17b4\u17b5\u10a0-\u10c5\u2ff0-\u2ffb\ufffc\ufffd]")


def _domain_to_ascii(domain: str) -> str | None:
    if domain.isascii():
        lowered = domain.lower()
        if "xn--" in lowered and not all(_label_to_ascii(label) for label in lowered.split(".") if label):
            return None
        return lowered
    if _DISALLOWED.search(domain):
        return None
    mapped = []
    for i, c in enumerate(domain.translate(_DOTS)):
        if ord(c) not in _IGNORED:
            char = _uts46_map(c, domain[i - 1] if i else "")
            if char is None:
                return None
            mapped.append(char)
    labels = []
    for label in unicodedata.normalize("NFC", "".join(mapped)).split("."):
        ascii_label = _label_to_ascii(label)
        if ascii_label is None:
            return None
        labels.append(ascii_label)
    return ".".join(labels)


def _uts46_map(c: str, before: str) -> str | None:
    """One character of a host as UTS #46 maps it (lower case, compatibility forms), ``None`` if disallowed."""
    if c.isascii():
        return c.lower()
    if c in "\u200c\u200d":  # joiners only after a virama (CheckJoiners)
        return c if before and unicodedata.combining(before) == 9 else None
    if unicodedata.category(c) in ("Zs", "Zl", "Zp", "Cc", "Co", "Cs", "Cn", "Cf"):
        return None
    if c in "ßς":  # kept as they are (non-transitional processing)
        return c
    form = unicodedata.normalize("NFKC", c)
    if "." in form:  # ONE DOT LEADER, DIGIT ONE FULL STOP: disallowed, not a label separator
        return None
    return form if form.islower() else unicodedata.normalize("NFKC", form.casefold())


def _label_to_ascii(label: str) -> str | None:
    if label.isascii():
        return label if not label.startswith("xn--") or _valid_punycode(label) else None
    if unicodedata.category(label[0]).startswith("M") or (_bidi_label(label) and not _bidi_ok(label)):
        return None
    return "xn--" + _punycode(label)


def _valid_punycode(label: str) -> bool:
    """An ``xn--`` label must decode to valid characters outside ASCII, as mapped, and encode back to itself."""
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, IndexError):
        return False
    valid = all(_uts46_map(c, decoded[i - 1] if i else "") == c for i, c in enumerate(decoded))
    return valid and not decoded.isascii() and unicodedata.is_normalized("NFC", decoded) \
        and "xn--" + _punycode(decoded) == label


def _bidi_label(label: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in label)


def _bidi_ok(label: str) -> bool:
    """RFC 5893's rule for a right-to-left label (browsers check it)."""
    kinds = [unicodedata.bidirectional(c) for c in label]
    if kinds[0] not in ("R", "AL"):
        return False
    if any(k not in ("R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM") for k in kinds):
        return False
    trimmed = [k for k in kinds if k != "NSM"]
    if trimmed[-1] not in ("R", "AL", "EN", "AN"):
        return False
    return not ("EN" in kinds and "AN" in kinds)


def _ipv4(host: str) -> str | None:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if not part:
            return None
        try:
            if part[:2].lower() == "0x":
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part[0] == "0":
                numbers.append(int(part[1:], 8))
            else:
                numbers.append(int(part, 10))
        except ValueError:
            return None
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n * 256 ** (3 - i)
    return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))


def _ipv6(text: str) -> str | None:
    import ipaddress

    try:
        return "[" + ipaddress.IPv6Address(text).compressed + "]"
    except ValueError:
        return None
