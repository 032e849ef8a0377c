"""Damaging a database the way disks and sync tools do, for the start-up fault trials."""

from __future__ import annotations

import sqlite3
from pathlib import Path

DRAFTS_LIST = ("SELECT d.id, substr(d.text, 1, 200) FROM drafts d WHERE d.deleted_at IS NULL"
               " ORDER BY d.updated_at DESC, d.id DESC LIMIT 100")


def checkpoint(path: Path) -> None:
    """Move everything from the write-ahead log into the file itself, so damage to the file is what is read."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _passes_quick_check_but_breaks_the_list(path: Path) -> bool:
    conn = sqlite3.connect(path)
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            return False
        conn.execute(DRAFTS_LIST).fetchall()
        return False
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


def flip_a_bit_in_the_drafts_index(path: Path) -> int:
    """Flip one bit of the ``drafts_recent`` index so that quick_check still passes but the drafts list
    says "database disk image is malformed" (what a real user's disk did); the byte offset flipped."""
    checkpoint(path)
    conn = sqlite3.connect(path)
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'drafts_recent'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    original = path.read_bytes()
    start = (root - 1) * page_size
    for offset in range(start + page_size - 1, start + 8, -1):  # cells are stored from the page's end
        for bit in range(8):
            damaged = bytearray(original)
            damaged[offset] ^= 1 << bit
            path.write_bytes(bytes(damaged))
            if _passes_quick_check_but_breaks_the_list(path):
                return offset
    path.write_bytes(original)
    raise AssertionError("no single bit of the index breaks the drafts list behind quick_check's back")
