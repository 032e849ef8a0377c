"""What twitter-text finds in a word before X counts it: links (with its top-level domains) and emoji.

Written from reading twitter-text 3.1.0 (see the table in
:mod:`composer.core.networks.counting` for the versions), never copied from it:
:func:`x_urls` finds links as ``extractUrlsWithIndices`` does, with or without
``https://``; :func:`x_emoji` finds the emoji that weigh 2 as twitter-text's
emoji parser does. Mastodon's server runs twitter-text too: its finder
(:mod:`~composer.core.networks.mastodon_entities`) builds on the character
sets, domains and URL check here, and Bluesky on the top-level domains.

Every finder works on one word of a text (the text cut at the whitespace that
ends every link, mention and emoji in all three rule sets: see
``tokens.SEPARATORS``), and its results are the same as on the whole text.
Character classes are spelled out rather than taken from ``\\s``, ``\\w`` or a
case-insensitive flag: JavaScript, Ruby and Python disagree on all three.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache, lru_cache
from pathlib import Path

import regex

from composer.core.networks.units import utf16_length
from composer.core.networks.url_parser import punycode

Span = tuple[int, int]

# --- character sets, as the references spell them ----------------------------------------------------------

#: twitter-text's spaces (``spacesGroup``): Unicode White_Space and U+180E.
_TT_SPACES = "\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_TT_INVALID = "\ufffe\ufeff\uffff"
_TT_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
#: twitter-text's ``punct`` (note: no double quote, no backtick).
_TT_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
TT_LATIN = ("\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
             "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff")
_TT_CYRILLIC = "\u0400-\u04ff"
#: Unicode White_Space (Ruby's and JavaScript's ``\p{White_Space}``).
WHITE_SPACE = "\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: JavaScript's ``\s``: White_Space without U+0085, with U+FEFF.
JS_SPACE = "\t-\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


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

def tt_domain() -> str:
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


TT_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_TT_INVALID}]|[{_TT_DIRECTIONAL}]|^)"
_TT_PATH_CHAR = rf"[a-zA-Z{_TT_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{TT_LATIN}]"
TT_PARENS = rf"\((?:{_TT_PATH_CHAR}+|(?:{_TT_PATH_CHAR}*\({_TT_PATH_CHAR}+\){_TT_PATH_CHAR}*))\)"
_TT_PATH_END_CHAR = rf"[+\-a-zA-Z{_TT_CYRILLIC}0-9=_#/{TT_LATIN}]"
# twitter-text pastes its ending "[…]|(?:parens)" into the path pattern ungrouped, so the parentheses are a
# path segment of their own, not the end of a longer one: in http://x.org/a:(b) the link ends at "a".
_TT_PATH = (rf"(?:(?:{_TT_PATH_CHAR}*(?:{TT_PARENS}{_TT_PATH_CHAR}*)*{_TT_PATH_END_CHAR}|(?:{TT_PARENS}))"
            rf"|(?:@{_TT_PATH_CHAR}+/))")
_TT_QUERY = r"[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_TT_QUERY_END = r"[a-zA-Z0-9\-_&=#/]"


@cache
def _x_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    url = re.compile(
        rf"({TT_PRECEDING})"                              # 1: the character before
        rf"(([hH][tT][tT][pP][sS]?://)?"                   # 2: the link; 3: protocol
        rf"({tt_domain()})"                               # 4: domain
        rf"(?::([0-9]+))?"                                 # 5: port
        rf"(/{_TT_PATH}*)?"                                # 6: path
        rf"(\?{_TT_QUERY}*{_TT_QUERY_END})?)")            # query
    ascii_domain = re.compile(rf"(?:(?:[\-a-zA-Z0-9{TT_LATIN}]+)\.)+{_tld()}")
    tco = re.compile(rf"[hH][tT][tT][pP][sS]?://[tT]\.[cC][oO]/([a-zA-Z0-9]+)(?:\?{_TT_QUERY}*{_TT_QUERY_END})?")
    return url, ascii_domain, tco


def tco_pattern() -> re.Pattern[str]:
    """twitter-text's t.co link (its path group is the short code): also what Mastodon's server uses."""
    return _x_patterns()[2]


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
        if not valid_url(url, protocol or "https://", domain):
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


def valid_url(url: str, protocol: str, domain: str) -> bool:
    """twitter-text's ``isValidUrl`` (Mastodon's server uses it too): every label 1-63 characters once
    punycoded; at most 4,096 UTF-16 units."""
    if domain[:4] == "xn--" and _x_patterns()[1].search(domain) is None:
        return False
    for label in domain.split("."):
        if not 1 <= _punycode_length(label) <= 63:
            return False
    return len(protocol) + utf16_length(url) <= MAX_URL_LENGTH


_IDN_SEPARATORS = re.compile("[.\u3002\uff0e\uff61]")


def _punycode_length(label: str) -> int:
    """Length of punycode.js 1.4's ``toASCII(label)`` (it also splits at ideographic full stops)."""
    if label.isascii() and all(" " <= c <= "~" for c in label):
        return len(label)
    parts = _IDN_SEPARATORS.split(label)
    return sum(len(p) if all(" " <= c <= "~" for c in p) else 4 + len(punycode(p)) for p in parts) + len(parts) - 1


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
