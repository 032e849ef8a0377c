"""Numbered schema migrations. Never edit an applied one: add the next number (and its name in schema.py)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from composer.core.schema import MIGRATION_SET, MIGRATIONS

migrations = Migrations(MIGRATION_SET)


@migrations(name=MIGRATIONS[0])
def initial(db: Database) -> None:
    """Drafts, their per-network versions, settings, and full-text search."""
    db.execute("""
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL DEFAULT '',
            networks TEXT NOT NULL DEFAULT '[]',
            purpose TEXT,
            audience TEXT,
            status TEXT NOT NULL DEFAULT 'draft',
            created_by TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    db.execute("""
        CREATE TABLE network_texts (
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            network TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (draft_id, network)
        )""")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db["drafts"].enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@migrations(name=MIGRATIONS[1])
def history(db: Database) -> None:
    """Earlier versions of each draft, so no edit overwrites what cannot be recovered."""
    db.execute("""
        CREATE TABLE draft_history (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            saved_at TEXT NOT NULL,
            saved_by TEXT NOT NULL,
            content TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX draft_history_draft ON draft_history(draft_id, saved_at)")
    db.execute("CREATE INDEX drafts_recent ON drafts(deleted_at, updated_at)")


@migrations(name=MIGRATIONS[2])
def approval(db: Database) -> None:
    """Who approved a draft for the communications service, when, and which content."""
    for column in ("approved_by", "approved_at", "approved_hash"):
        db.execute(f"ALTER TABLE drafts ADD COLUMN {column} TEXT")
