"""Who is in a stored photo: the answer to "who is in it?" and the people of the register linked to it.

Both belong to the stored photo (its content hash), not to one draft's use
of it: the same file brings them into every draft that uses it, also after
it was taken out of one. Callers name the photo by one of its uses in a
draft (a draft photo id), as the photo strip does. People themselves belong
to the consent register; nothing here recognises faces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.store import storable_text

if TYPE_CHECKING:
    from composer.core.photos.library import Photo
    from composer.core.storage.store import Store

#: Answers to "who is in it?"; ``None`` means not answered yet.
PRESENCES: tuple[str, ...] = ("nobody", "atmosphere", "people")


@dataclass(frozen=True)
class PhotoPerson:
    """A person of the register seen in a photo, and where ("red coat, second from left")."""

    person_id: int
    description: str = ""


class Explained(KeyError):
    """A ``KeyError`` (what callers catch) whose text is a translated sentence to show as is."""

    def __str__(self) -> str:
        return str(self.args[0])


class ErasedPerson(Explained):
    """The person was erased from the register (GDPR art. 17): they can be linked to no photo again."""


def photo_people(store: Store, photo: Photo | str) -> tuple[str | None, tuple[PhotoPerson, ...]]:
    """Who is in a stored photo, whichever draft uses it (or none): the answer and the people linked."""
    photo_hash = photo if isinstance(photo, str) else photo.hash
    row = store.db.one("SELECT presence FROM photos WHERE hash = ?", [photo_hash])
    if row is None:
        raise KeyError(photo_hash)
    people = tuple(PhotoPerson(*link) for link in store.db.all(
        "SELECT person_id, description FROM photo_people WHERE photo_hash = ? ORDER BY id", [photo_hash]))
    return row[0], people


def set_presence(store: Store, draft_photo_id: int, presence: str | None) -> None:
    """Who is in it: ``nobody`` recognisable, an ``atmosphere`` shot, recognisable ``people``, or ``None``.

    The answer belongs to the stored photo: every draft using the same file
    shows it. Linked people are kept whatever the answer, so changing it back
    loses no descriptions; the consent check decides what they mean for each answer.
    """
    if presence is not None and presence not in PRESENCES:
        raise ValueError(f"presence must be one of {PRESENCES} or None, not {presence!r}")
    store.db.execute("UPDATE photos SET presence = ? WHERE hash = ?", [presence, photo_hash_of(store, draft_photo_id)])


def link_person(store: Store, draft_photo_id: int, person_id: int, description: str = "") -> None:
    """Say that a person of the register is in this photo, and where; linking again updates the description.

    The link belongs to the stored photo, so every draft using the same file
    shows the person. ``KeyError`` for an unknown photo or person,
    :class:`ErasedPerson` (a ``KeyError`` whose text can be shown) for someone
    erased from the register: an Undo or a copy must not bring their photo links back.
    """
    photo_hash = photo_hash_of(store, draft_photo_id)
    person = store.db.one("SELECT erased_at FROM people WHERE id = ?", [person_id])
    if person is None:
        raise KeyError(person_id)
    if person[0]:
        raise ErasedPerson(_("Person #{id} was erased from the register: they can be linked to no photo.").format(
            id=person_id))
    store.db.execute("INSERT INTO photo_people (photo_hash, person_id, description) VALUES (?, ?, ?)"
                     " ON CONFLICT (photo_hash, person_id) DO UPDATE SET description = excluded.description",
                     [photo_hash, person_id, storable_text(description)])


def unlink_person(store: Store, draft_photo_id: int, person_id: int) -> None:
    """Say that a person is not in this photo after all (in no draft that uses the same file)."""
    store.db.execute("DELETE FROM photo_people WHERE photo_hash = ? AND person_id = ?",
                     [photo_hash_of(store, draft_photo_id), person_id])


def set_people(store: Store, draft_photo_id: int, people: Iterable[PhotoPerson]) -> None:
    """Replace the people linked to this photo with ``people`` (one link per person; the last wins)."""
    photo_hash = photo_hash_of(store, draft_photo_id)
    wanted = {person.person_id: person.description for person in people}
    with store.atomic():
        store.db.execute("DELETE FROM photo_people WHERE photo_hash = ?", [photo_hash])
        for person_id, description in wanted.items():
            link_person(store, draft_photo_id, person_id, description)


def photo_hash_of(store: Store, draft_photo_id: int) -> str:
    """The stored photo a draft uses; ``KeyError`` if there is no such use."""
    row = store.db.one("SELECT photo_hash FROM draft_photos WHERE id = ?", [draft_photo_id])
    if row is None:
        raise KeyError(draft_photo_id)
    photo_hash: str = row[0]
    return photo_hash
