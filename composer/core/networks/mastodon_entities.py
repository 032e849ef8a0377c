"""What Mastodon's server rewrites in a word before it counts: links with a protocol and mentions.

Written from reading the server's code (see the table in
:mod:`composer.core.networks.counting` for the versions), never copied from it:
:func:`mastodon_entities` finds links the way the server's twitter-text is
configured (only with a protocol, Mastodon's wider path and query characters)
and mentions by ``Account::MENTION_RE``.

Every finder works on one word of a text (the text cut at the whitespace that
ends every link, mention and emoji in all three rule sets: see
``tokens.SEPARATORS``), and its results are the same as on the whole text.
Character classes are spelled out rather than taken from ``\\s``, ``\\w`` or a
case-insensitive flag: JavaScript, Ruby and Python disagree on all three.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import regex

from composer.core.networks.x_entities import (
    TT_LATIN,
    TT_PARENS,
    TT_PRECEDING,
    WHITE_SPACE,
    dotted_blob,
    tco_pattern,
    tt_domain,
    valid_url,
)

# --- Mastodon: the server's links and mentions ------------------------------------------------------------------

_M_PATH_CHAR = rf"[^{WHITE_SPACE}<>()?]"
_M_PARENS = rf"\((?:{_M_PATH_CHAR}+|(?:{_M_PATH_CHAR}*\({_M_PATH_CHAR}+\){_M_PATH_CHAR}*))\)"
# Mastodon redefines the ending characters before it redefines the parentheses, so they keep twitter-text's.
_M_PATH_END = rf"(?:[^{WHITE_SPACE}()?!*\"'「」<>;:=,.$%\[\]~&|@]|(?:{TT_PARENS}))"
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
_END_MENTION = regex.compile(rf"[@＠{TT_LATIN}]|://")
MAX_DOMAIN_LENGTH = 253  # app/lib/extractor.rb


@cache
def _mastodon_url() -> re.Pattern[str]:
    return re.compile(
        rf"({TT_PRECEDING})"
        rf"(({_M_PROTOCOL})?"
        rf"({tt_domain()})"
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
    tco_re = tco_pattern()
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
        if valid_url(url, protocol, domain):
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
