"""The recovery journal: what was typed but has not reached the database yet, kept in files beside it.

When a save fails (another program holds the database, the disk is full for
the database but not for a small file, the app is stopped before it could
retry), the newest content is written to ``recovery/<kind>-<id>.json`` — a
draft's texts, networks, purpose and audience (``draft-12.json``), or a
photo's alt text (``alt_text-7.json``). Each file is written in full under a
temporary name, flushed to disk, then renamed over the old one
(:func:`~composer.core.storage.files.write_atomic`), so it is always whole.
The entry goes once the database has that content. At the next
start, whatever is still in the journal is saved into the database (the text
it replaces stays in the draft's history), and the user is told.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from composer.core.drafts.draft import Draft
from composer.core.storage.paths import recovery_dir

FORMAT = "post-composer-recovery"
VERSION = 1
DRAFT, ALT_TEXT = "draft", "alt_text"
_DRAFT_FIELDS = ("text", "networks", "network_texts", "purpose", "audience", "revision")


class Entry:
    """One unsaved piece of content: a :class:`Draft` (kind ``draft``) or an alt text (kind ``alt_text``)."""

    __slots__ = ("kind", "key", "value", "author", "written_at")

    def __init__(self, kind: str, key: int, value: Draft | str, author: str, written_at: str = ""):
        self.kind, self.key, self.value, self.author, self.written_at = kind, key, value, author, written_at


class Journal:
    """The ``recovery/`` folder of one data folder."""

    def __init__(self, data_dir: Path):
        self.folder = recovery_dir(data_dir)

    def write(self, kind: str, key: int, value: Draft | str, author: str) -> None:
        """Keep ``value`` until :meth:`forget`; raises ``OSError`` (a full disk) and leaves the old entry."""
        self.folder.mkdir(parents=True, exist_ok=True)
        content = {"format": FORMAT, "version": VERSION, "kind": kind, "key": key, "author": author,
                   "written_at": datetime.now(UTC).isoformat(timespec="seconds"), **_payload(value)}
        data = json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass")
        from composer.core.storage.files import write_atomic  # only when a save failed: not at start-up

        write_atomic(self._path(kind, key), data)

    def forget(self, kind: str, key: int) -> None:
        """The database has this content now."""
        self._path(kind, key).unlink(missing_ok=True)

    def has(self, kind: str, key: int) -> bool:
        return self._path(kind, key).exists()

    def entries(self) -> list[Entry]:
        """Every readable entry; an unreadable one is renamed ``….damaged`` (kept, never deleted)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            entry = _read(path)
            if entry is None:
                path.rename(path.with_suffix(".damaged"))
            else:
                found.append(entry)
        return found

    def _path(self, kind: str, key: int) -> Path:
        return self.folder / f"{kind}-{int(key)}.json"


def _payload(value: Draft | str) -> dict[str, object]:
    if isinstance(value, Draft):
        return {name: list(value.networks) if name == "networks" else getattr(value, name)
                for name in _DRAFT_FIELDS}
    return {"text": value}


def _read(path: Path) -> Entry | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
        kind, key = data.get("kind"), data.get("key")
        if data.get("format") != FORMAT or not isinstance(key, int) or kind not in (DRAFT, ALT_TEXT):
            return None
        if kind == DRAFT:
            value: Draft | str = Draft(
                id=key, text=str(data["text"]), networks=tuple(data["networks"]),
                network_texts={str(k): str(v) for k, v in dict(data["network_texts"]).items()},
                purpose=data.get("purpose"), audience=data.get("audience"),
                revision=int(data.get("revision") or 0))  # 0: an entry from before revisions
        else:
            value = str(data["text"])
        return Entry(kind, key, value, str(data.get("author", "")), str(data.get("written_at", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None

