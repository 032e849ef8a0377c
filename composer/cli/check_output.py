"""What ``post-composer check`` prints: the checks as a person reads them, or as JSON.

Plain output is a summary line, then one line per check with a marker
(ASCII where the terminal cannot show ✔ and ✘); ``--json`` prints
``{"checks": [...], "blocking": [ids]}``, one check a line.
"""

from __future__ import annotations

import json
import re
import unicodedata

from composer.core.i18n import N_, _

TYPE_CHECKING = False  # (typing costs the window's start-up a few ms)
if TYPE_CHECKING:
    from typing import TextIO

    from composer.core.checklist import Check

MARKERS = {"pass": "✔", "warn": "!", "fail": "✘", "todo": "?", "n/a": "–"}
ASCII_MARKERS = {"pass": "+", "warn": "!", "fail": "x", "todo": "?", "n/a": "-"}
STATUS_WORDS = {"pass": N_("pass"), "warn": N_("warn"), "fail": N_("fail"), "todo": N_("todo"), "n/a": N_("n/a")}

# What a terminal that cannot show typographic characters gets instead.
_ASCII_PUNCTUATION = str.maketrans({"·": "|", "–": "-", "—": "-", "…": "...", "‘": "'", "’": "'",
                                    "“": '"', "”": '"', "\u00a0": " "})


def as_json(checks: list[Check]) -> dict:
    """``{"checks": [...], "blocking": [ids]}``: network only when set, ranges only when there are any."""
    items = []
    for check in checks:
        item = {"id": check.id, "status": check.status.value, "message": check.message,
                "guideline": check.guideline}
        if check.network:
            item["network"] = check.network
        if check.ranges:
            item["ranges"] = [[start, end] for start, end in check.ranges]
        items.append(item)
    blocking = list(dict.fromkeys(c.id for c in checks if c.blocks_export))
    return {"checks": items, "blocking": blocking}


def json_text(checks: list[Check], ensure_ascii: bool = False) -> str:
    """:func:`as_json` as text, one check a line (easy to read, to diff and to grep)."""
    data = as_json(checks)
    items = ",\n".join("  " + json.dumps(item, ensure_ascii=ensure_ascii) for item in data["checks"])
    blocking = json.dumps(data["blocking"], ensure_ascii=ensure_ascii)
    return f'{{"checks": [\n{items}\n], "blocking": {blocking}}}' if items else \
        f'{{"checks": [], "blocking": {blocking}}}'


def write_json(checks: list[Check], stream: TextIO) -> None:
    text = json_text(checks)
    if not _encodable(text, stream):  # the same data, with \u escapes the terminal can carry
        text = json_text(checks, ensure_ascii=True)
    stream.write(text + "\n")


def plain_lines(checks: list[Check], show_all: bool = False, markers: dict[str, str] = MARKERS) -> list[str]:
    """The summary line, then one line per check as a person reads it."""
    from composer.core.checklist import Status, summary
    from composer.core.networks.facts import network

    words = {status: f"[{_(word)}]" for status, word in STATUS_WORDS.items()}
    width = max(len(word) for word in words.values())
    lines = [_one_line(summary(checks))]
    for check in checks:
        if check.status is Status.NA and not show_all:
            continue
        message = _one_line(check.message)
        if check.network:
            name = network(check.network).name
            if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", message):
                message = _("{network}: {message}").format(network=name, message=message)
        status = check.status.value
        lines.append(f"{markers[status]} {words[status].ljust(width)} {message}")
    return lines


def write_plain(checks: list[Check], stream: TextIO, show_all: bool = False) -> None:
    fancy = _encodable("".join(MARKERS.values()), stream)
    for line in plain_lines(checks, show_all, MARKERS if fancy else ASCII_MARKERS):
        if not _encodable(line, stream):
            encoding = _encoding(stream)
            line = line.translate(_ASCII_PUNCTUATION).encode(encoding, "replace").decode(encoding)
        stream.write(line + "\n")


def _one_line(text: str) -> str:
    """``text`` safe to print on one terminal line: no line breaks, no control characters."""
    return "".join(" " if ch in "\n\t" else "\ufffd" if unicodedata.category(ch) == "Cc" else ch
                   for ch in text)


def _encoding(stream: TextIO) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


def _encodable(text: str, stream: TextIO) -> bool:
    try:
        text.encode(_encoding(stream))
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know: be safe
        return text.isascii()
    return True
