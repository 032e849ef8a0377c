"""Names of export folders: a draft's number and first words, safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft

MAX_NAME_CHARS = 60
MAX_NAME_BYTES = 180
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
             "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$"}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_name(text: str, fallback: str = "post") -> str:
    """``text`` as a file or folder name that works on Windows, macOS and Linux.

    No ``<>:"/\\|?*`` or control characters, no reserved Windows names (CON,
    NUL, COM1…), no leading dots, no trailing dots or spaces, at most
    :data:`MAX_NAME_CHARS` characters and :data:`MAX_NAME_BYTES` UTF-8 bytes.
    """
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub(" ", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cs", "Co", "Cn", "Zl", "Zp"))
    name = " ".join(name.split())
    name = name.lstrip(". ")
    if len(name) > MAX_NAME_CHARS:
        cut = name[:MAX_NAME_CHARS]
        name = cut.rsplit(" ", 1)[0] if " " in cut[MAX_NAME_CHARS // 2:] else cut
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(". ")
    while name and unicodedata.category(name[-1]) in ("Mn", "Me", "Cf"):  # no half-cut emoji or accent
        name = name[:-1].rstrip(". ")
    if not name:
        name = fallback
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name


def folder_name(draft: Draft) -> str:
    """The draft's export folder: its number and the first words of its text."""
    words = draft.first_line or next((t.strip() for t in draft.network_texts.values() if t.strip()), "")
    return safe_name(f"{draft.id} {words}".strip(), fallback=str(draft.id))
