"""What the Bluesky app finds and shortens in a word: link facets, short URLs, and its edits replayed.

Written from reading ``@atproto/api`` and the app (see the table in
:mod:`composer.core.networks.counting` for the versions), never copied from it:
:func:`bluesky_facets` finds the link facets ``detectFacets`` finds,
:func:`bluesky_links` the ones the app shortens, :func:`bluesky_short_url`
shortens them as the app shows and posts them (parsing each as a browser does:
:mod:`~composer.core.networks.url_parser`), and :func:`bluesky_replay` replays
the app's edits byte by byte where the result is not the sum of its words.

Every finder works on one word of a text (the text cut at the whitespace that
ends every link, mention and emoji in all three rule sets: see
``tokens.SEPARATORS``), and its results are the same as on the whole text.
Character classes are spelled out rather than taken from ``\\s``, ``\\w`` or a
case-insensitive flag: JavaScript, Ruby and Python disagree on all three.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from composer.core.networks.units import utf16_length
from composer.core.networks.url_parser import parse_url
from composer.core.networks.x_entities import JS_SPACE, tlds

# --- Bluesky: the links the app shortens ---------------------------------------------------------------------

_B_NOT_SPACE = rf"[^{JS_SPACE}]"
#: ``URL_REGEX`` of @atproto/api's rich text (flags gim), its classes spelled out.
_B_LINK = re.compile(
    rf"(?:^|(?<=[\n\r\u2028\u2029])|[{JS_SPACE}(])"
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
        added = utf16_length(text)
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
#: What ``cleanNewlines`` takes for blank between line breaks: soft hyphen, word joiner, zero-width characters
#: and JavaScript's ``\\s``, each written out (``counting`` strips them too).
NEWLINE_BLANKS = ("\u00ad\u2060\u200d\u200c\u200b\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                  "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")
EXCESS_NEWLINES = re.compile(rf"[\r\n](?:[{re.escape(NEWLINE_BLANKS)}]*[\r\n]){{2,}}")


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
