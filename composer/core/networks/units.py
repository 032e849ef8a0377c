"""The units networks count a text in: UTF-16 code units (Facebook, Instagram, LinkedIn, and Qt's positions),
graphemes (Mastodon, Bluesky, Threads), UTF-8 bytes (Bluesky's byte cap).

Light on purpose (no pattern to compile for UTF-16): the editor asks for UTF-16 lengths without loading
the counting.
"""

from __future__ import annotations


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (an emoji outside the BMP takes two); what ``QTextCursor``
    counts. A lone surrogate counts one."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf8_length(text: str) -> int:
    """How many UTF-8 bytes ``text`` takes (a lone surrogate: three)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
