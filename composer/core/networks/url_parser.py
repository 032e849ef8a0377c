"""A browser's URL parser (WHATWG), as far as the http(s) links in posts need it.

The Bluesky app shows and posts a link as ``new URL`` parses it (punycode host,
no default port, percent-encoded path, query and fragment): see
:func:`composer.core.networks.bluesky_links.bluesky_short_url`. Written from the
WHATWG URL standard and UTS #46 (IDNA) as browsers apply them.
"""

from __future__ import annotations

import re
import unicodedata

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


def punycode(text: str) -> str:
    """``text`` in punycode (without the ``xn--``), as punycode.js and browsers write a label."""
    try:
        return text.encode("punycode").decode("ascii")
    except UnicodeError:  # pragma: no cover - lone surrogates are replaced before counting
        return text


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
    return "xn--" + punycode(label)


def _valid_punycode(label: str) -> bool:
    """An ``xn--`` label must decode to valid characters outside ASCII, as mapped, and encode back to itself."""
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, IndexError):
        return False
    valid = all(_uts46_map(c, decoded[i - 1] if i else "") == c for i, c in enumerate(decoded))
    return valid and not decoded.isascii() and unicodedata.is_normalized("NFC", decoded) \
        and "xn--" + punycode(decoded) == label


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
