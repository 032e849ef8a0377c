"""The consent register's test data: valid terms, a refusal, photos with people in them (written with plain SQL)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from composer.core import consent as c
from composer.core.consent import Party, Scope, Terms
from composer.core.photos import library as p
from composer.core.photos import people as who
from composer.core.storage.store import Store

AUTHOR = "Els Bibliothecaris"  # who records consent in the register
PDF = b"%PDF-1.7\n% a signed consent form\n"
COLOURS = ("red", "blue", "green", "yellow", "purple", "orange")


def terms(**changes) -> Terms:
    """A valid consent to publish, given yesterday, for Facebook and the website, valid a year."""
    now, today = datetime.now(UTC), c.today()
    fields = {"parties": (Party("An Peeters", "self"),), "given_at": now - timedelta(days=1),
              "recorded_by": AUTHOR, "method": "signed_form", "form_version": "2026-1", "photographed": True,
              "publish": True, "scope": Scope.period(today - timedelta(days=1), today + timedelta(days=365)),
              "channels": ("facebook", "website"), "purpose": "Promoting library events",
              "informed_of_withdrawal": True, "valid_until": today + timedelta(days=365)}
    fields.update(changes)
    return Terms(**fields)


def refusal(**changes) -> Terms:
    """A refusal: not to be photographed, nothing published."""
    changes.setdefault("publish", False)
    changes.setdefault("photographed", False)
    changes.setdefault("channels", ())
    changes.setdefault("purpose", "")
    changes.setdefault("informed_of_withdrawal", False)
    return terms(**changes)


def counts(store) -> tuple[int, ...]:
    """How many people, records, events and evidence files the register holds: for "nothing was written"."""
    return tuple(store.db.value(f"SELECT count(*) FROM {t}")
                 for t in ("people", "consent_records", "consent_events", "evidence"))


def photo_bytes(n: int) -> bytes:
    """Stand-in bytes of photo ``n`` (no image: the register's tests never decode it)."""
    return f"photo {n}".encode()


def photo_hash(n: int) -> str:
    return hashlib.sha256(photo_bytes(n)).hexdigest()


def add_photo(store, draft_id: int, n: int = 1, presence: str | None = "people", people=(),
              alt: str = "Reading room", position: int | None = None, file: int | None = None,
              size: tuple[int, int] = (10, 10)) -> int:
    """Photo ``n`` of a draft, as the photo library stores it (written here with plain SQL): its id in the draft.

    Each draft gets files of its own (draft 1's photo 1 is ``photo_hash(1)``)
    unless ``file`` names a stored photo: who is in it belongs to that file.
    """
    number = n + 100 * (draft_id - 1) if file is None else file
    digest = photo_hash(number)
    keeps = store.db.keeps_files  # the team database holds the bytes in the row
    store.db.execute(f"INSERT INTO photos (hash, ext, format, width, height, imported_at{', data' if keeps else ''})"
                     f" VALUES (?, 'jpg', 'JPEG', ?, ?, ?{', ?' if keeps else ''}) ON CONFLICT (hash) DO NOTHING",
                     [digest, *size, c.iso_moment(datetime.now(UTC)), *([photo_bytes(number)] if keeps else [])])
    store.db.execute("UPDATE photos SET presence = ? WHERE hash = ?", [presence, digest])
    use = store.db.insert("INSERT INTO draft_photos (draft_id, photo_hash, position, alt_text) VALUES (?, ?, ?, ?)",
                          [draft_id, digest, n if position is None else position, alt])
    for pid in people:
        store.db.execute("INSERT INTO photo_people (photo_hash, person_id, description) VALUES (?, ?, ?)"
                         " ON CONFLICT (photo_hash, person_id) DO NOTHING", [digest, pid, "red coat, second from left"])
    return use


class Library:
    """Real stored photos (JPEG files in the data folder) in drafts, for one store."""

    def __init__(self, store: Store, folder: Path):
        self.store, self.folder, self.made = store, folder, 0

    def photo(self, name: str | None = None) -> p.Photo:
        colour = COLOURS[self.made % len(COLOURS)]
        self.made += 1
        path = self.folder / (name or f"{colour}-{self.made}.jpg")
        Image.new("RGB", (40 + self.made, 30), colour).save(path)
        return p.import_photo(self.store, path, path.name, AUTHOR)

    def draft(self, text: str) -> int:
        return self.store.create(AUTHOR, text=text, networks=("facebook",)).id

    def use(self, draft_id: int, photo: p.Photo, *people: int) -> p.DraftPhoto:
        used = p.attach_photo(self.store, draft_id, photo)
        if people:
            who.set_presence(self.store, used.id, "people")
        for person_id in people:
            who.link_person(self.store, used.id, person_id, "rode jas")
        return used

    def file(self, photo: p.Photo) -> Path:
        return p.photo_path(self.store, photo)
