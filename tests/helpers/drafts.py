"""Drafts ready for export in a store, with described photos; what the database holds, read behind the app's back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from composer.core.drafts.draft import Draft
from composer.core.photos import library as ph
from composer.core.photos import people as who
from composer.core.storage.store import Store
from tests.helpers.images import flat_jpeg

AUTHOR = "An Peeters"
TEXT = "Nieuw in de bib: een prachtig getijdenboek 📚\n\nKom kijken in de leeszaal! 👨‍👩‍👧‍👦 café"
ALT = "Een getijdenboek op een lessenaar"

#: Photos ``group``, ``plain`` and ``room`` used in drafts 1-3 by schema 0005, which kept who is in a photo per
#: use, for the upgrade that moves it to the stored photo (on SQLite and on PostgreSQL):
#: (draft, photo, alt text, presence, [(person, description)]).
USES_AT_0005 = (
    (1, "group", "Groep in de zaal", "nobody", []),
    (2, "group", "Voorlezen", "people", [(1, "rode jas")]),
    (3, "group", "", "atmosphere", [(2, ""), (1, "links"), (1, "rode jas")]),
    (1, "plain", "Affiche", None, []),
    (1, "room", "Lege zaal", "nobody", []),
    (2, "room", "", None, []),
)


def ready_draft(store: Store, text: str = TEXT, networks=("instagram", "facebook", "x", "bluesky"),
                **fields) -> Draft:
    """A draft that nothing but its text and photos blocks: its purpose and audience are chosen."""
    fields = {"purpose": "acquisition", "audience": "general_public", **fields}
    return store.create(AUTHOR, text=text, networks=tuple(networks), **fields)


def described_photo(store: Store, draft_id: int, data: bytes, alt: str = ALT, presence: str = "nobody",
                    name: str = "photo.jpg") -> ph.DraftPhoto:
    """``data`` imported and put in the draft, with its alt text and who is in it answered."""
    return described_use(store, draft_id, ph.import_photo(store, data, name, author=AUTHOR), alt, presence)


def described_use(store: Store, draft_id: int, photo: ph.Photo, alt: str = ALT,
                  presence: str = "nobody") -> ph.DraftPhoto:
    """A stored photo put in the draft, with its alt text and who is in it answered."""
    item = ph.attach_photo(store, draft_id, photo)
    who.set_presence(store, item.id, presence)
    ph.set_alt_text(store, item.id, alt)
    return item


def ready_draft_in(data_dir: Path, text: str = TEXT, networks=("instagram", "facebook"), network_texts=None,
                   photo: bool = False) -> int:
    """A draft ready for export (with a described photo if ``photo``), made before a window opens the folder."""
    store = Store.open(data_dir)
    try:
        draft = ready_draft(store, text, networks, network_texts=network_texts or {})
        if photo:
            described_photo(store, draft.id, flat_jpeg((900, 600), (200, 40, 40)))
        return draft.id
    finally:
        store.close()


def stored_text(data_dir: Path, draft_id: int) -> str | None:
    """The draft's text as the database file holds it, read with a connection of its own."""
    conn = sqlite3.connect(data_dir / "composer.db")
    try:
        row = conn.execute("SELECT text FROM drafts WHERE id = ?", [draft_id]).fetchone()
        return row[0] if row else None
    finally:
        conn.close()
