"""Takedowns to do after a consent withdrawal, and the proof that they were done (issue 13, point 7).

A withdrawal (``core/consent/withdrawal.py``) creates, in its own
transaction, one takedown per publication and person
(:func:`create_takedowns`): every post of a draft that uses the person's
photos, and every post whose photos, as they went out, showed the person.
It stays on the list until a colleague marks it done (:func:`mark_done`),
which records the day and the colleague: the library's proof that it acted.
A done takedown can be neither changed nor deleted — the database itself
refuses, on both back ends (on the team library the server also writes who
and when) — and stays listed as history (:func:`all_takedowns`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from composer.core.drafts.draft import first_line
from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.storage.store import Store


class TakedownError(ValueError):
    """A takedown that cannot be marked done, with a translated message to show as is; nothing was written."""


@dataclass(frozen=True)
class Takedown:
    """One post to take down because of one person's withdrawal; ``done_at`` and ``done_by`` once done."""

    id: int
    publication_id: int
    person_id: int
    person: str
    network: str
    published_at: date
    link: str
    draft_id: int
    first_line: str
    created_at: str
    done_at: str | None = None
    done_by: str | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


_SELECT = ("SELECT t.id, t.publication_id, t.person_id, pe.name, pe.erased_at, p.network, p.published_at, p.link,"
           " p.draft_id, substr(d.text, 1, 300), t.created_at, t.done_at, t.done_by"
           " FROM takedowns t JOIN publications p ON p.id = t.publication_id JOIN drafts d ON d.id = p.draft_id"
           " JOIN people pe ON pe.id = t.person_id")


def _takedown(row: tuple[Any, ...]) -> Takedown:
    id_, pub, person_id, name, erased, key, day, link, draft, text, created, done_at, done_by = row
    person = _("Erased person #{id}").format(id=person_id) if erased else name
    return Takedown(id_, pub, person_id, person, key, date.fromisoformat(day), link, draft, first_line(text),
                    created, done_at, done_by)


def create_takedowns(store: Store, person_id: int, draft_ids: Iterable[int]) -> int:
    """A takedown for ``person_id`` on each publication of ``draft_ids`` and each whose photos showed them
    (never twice: an earlier withdrawal's takedown stays as it is). The number created.

    Meant to run inside the withdrawal's transaction.
    """
    from composer.core.storage.store import now

    wanted, params = store.db.in_list(sorted(set(draft_ids)), "bigint")
    return max(0, store.db.execute(
        "INSERT INTO takedowns (publication_id, person_id, created_at)"
        " SELECT p.id, ?, ? FROM publications p"
        f" WHERE p.draft_id IN {wanted} OR EXISTS (SELECT 1 FROM publication_photos pp"
        "  JOIN photo_people pe ON pe.photo_hash = pp.photo_hash"
        "  WHERE pp.publication_id = p.id AND pe.person_id = ?)"
        " ON CONFLICT (publication_id, person_id) DO NOTHING",
        [person_id, now(), *params, person_id]))


def open_takedowns(store: Store) -> list[Takedown]:
    """What is still to take down, oldest withdrawal first."""
    return [_takedown(row) for row in store.db.all(f"{_SELECT} WHERE t.done_at IS NULL ORDER BY t.created_at, t.id")]


def all_takedowns(store: Store) -> list[Takedown]:
    """Every takedown: those to do first (oldest first), then those done (most recent first), as history."""
    rows = store.db.all(f"{_SELECT} ORDER BY CASE WHEN t.done_at IS NULL THEN 0 ELSE 1 END,"
                        " CASE WHEN t.done_at IS NULL THEN t.created_at ELSE '' END, t.done_at DESC, t.id")
    return [_takedown(row) for row in rows]


def open_count(store: Store) -> int:
    """How many takedowns are still to do (for the status bar)."""
    return int(store.db.value("SELECT count(*) FROM takedowns WHERE done_at IS NULL", default=0))


def get_takedown(store: Store, takedown_id: int) -> Takedown:
    row = store.db.one(f"{_SELECT} WHERE t.id = ?", [takedown_id])
    if row is None:
        raise TakedownError(_("This takedown is not on the list (any more)."))
    return _takedown(row)


def mark_done(store: Store, takedown_id: int, author: str) -> Takedown:
    """Record that the post was taken down, now, by ``author`` (on the team library: the login, by the server).

    A takedown already done is refused with a message saying when and by whom: it stays as it was.
    """
    from composer.core.storage.store import now

    if not isinstance(author, str) or not author.strip():
        raise TakedownError(_("Say who took the post down."))
    before = get_takedown(store, takedown_id)
    if before.done:
        raise TakedownError(already_done(before))
    changed = store.db.execute("UPDATE takedowns SET done_at = ?, done_by = ? WHERE id = ? AND done_at IS NULL",
                               [now(), store.author(author.strip()), takedown_id])
    after = get_takedown(store, takedown_id)
    if changed != 1 and after.done:  # a colleague was just quicker: theirs is the record
        raise TakedownError(already_done(after))
    return after


def already_done(takedown: Takedown) -> str:
    """Why a done takedown cannot be changed (the database refuses it too)."""
    return _("This takedown was already marked done on {date} by {who}. It stays as it is: it is the library's "
             "proof that it acted.").format(date=(takedown.done_at or "")[:10], who=takedown.done_by or "?")
