"""The publication log: which post, and so which photos, went to which network when (issue 5, points 9–10).

Post Composer never publishes by itself; after posting, the librarian marks
the draft "published" per network, with the date and optionally the post's
link. The log serves two readers:

* a consent withdrawal lists where the person's photos went, so they can be
  taken down (:func:`composer.core.consent.publications` reads the same
  ``publications`` table);
* the ``cadence`` check counts this week's posts per network, published and
  planned (:class:`PublicationStats`, gathered once per draft open and handed
  to the rules in the :class:`~composer.core.checklist.CheckContext`).

``published_at`` is the local calendar date of the post, stored as an ISO
date (``2025-03-14``), so it sorts as text and counts per ISO week without
time-zone arithmetic. The photos are recorded as they were when marked (hash
and order): a later change to the draft does not rewrite history.

Undoing a mistaken mark deletes its row (:func:`unmark_published`). Unlike the
consent register, this log is not evidence the library must be able to
produce: it mirrors facts that live on the network itself (the post and its
link). A mark that should never have been made is simply wrong data, and
keeping it, even flagged, would send a takedown request for a post that does
not exist and count a post the followers never saw. Real publications are
never removed by the app on its own, only by this explicit undo.

Every writing function validates first and writes nothing when it raises
:class:`PublicationError`. Qt-free.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS, network

if TYPE_CHECKING:
    from composer.core.storage.store import Store

FIRST_YEAR = 2000  # no social network post of a library before this
MAX_LINK = 2000
MAX_AUTHOR = 200
_LINK = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)


class PublicationError(ValueError):
    """A publication the log refuses, with a translated message to show as is; nothing was written."""


@dataclass(frozen=True)
class PublishedPhoto:
    """A photo as it went out: its stored hash and its place in the post (from 0)."""

    photo_hash: str
    position: int


@dataclass(frozen=True)
class PublicationRecord:
    """One line of the log: a draft posted on one network on one day."""

    id: int
    draft_id: int
    network: str
    published_at: date
    link: str = ""
    recorded_at: str = ""
    recorded_by: str = ""
    photos: tuple[PublishedPhoto, ...] = ()


@dataclass(frozen=True)
class PublicationStats:
    """What the ``cadence`` check needs from the log and the plans, as of day :attr:`on` (picklable, for the
    checker process).

    ``this_week``: per network, the posts in the ISO week (Monday–Sunday, local
    dates) that holds :attr:`on`; ``latest``: per network, the day of its most
    recent post on or before :attr:`on`; ``published``: when a draft was given,
    the networks that draft already went to, with the (latest) day.
    ``planned``: per network, the other drafts' posts planned in that week and
    not yet published there (trashed and archived drafts left out).
    ``weeks``: where the given draft is itself planned on a network in another
    week, the Monday of that week; ``this_week`` and ``planned`` then count that
    week for that network, the week the post will join.
    """

    on: date
    this_week: dict[str, int] = field(default_factory=dict)
    latest: dict[str, date] = field(default_factory=dict)
    published: dict[str, date] = field(default_factory=dict)
    planned: dict[str, int] = field(default_factory=dict)
    weeks: dict[str, date] = field(default_factory=dict)

    @property
    def week_start(self) -> date:
        return week_start(self.on)

    def count(self, key: str) -> int:
        """Published posts in the week counted for ``key``."""
        return self.this_week.get(key, 0)

    def planned_count(self, key: str) -> int:
        """Other drafts planned in the week counted for ``key``, not yet published there."""
        return self.planned.get(key, 0)

    def total(self, key: str) -> int:
        """Published and planned: what the week counted for ``key`` already holds besides this post."""
        return self.count(key) + self.planned_count(key)

    def days_since(self, key: str) -> int | None:
        """Days since the network's latest post, or ``None`` when nothing was ever posted there."""
        last = self.latest.get(key)
        return None if last is None else (self.on - last).days

    @property
    def empty(self) -> bool:
        return not self.latest and not self.this_week and not self.planned


def week_start(on: date) -> date:
    """The Monday of the ISO week holding ``on``."""
    return on - timedelta(days=on.weekday())


def _today() -> date:
    return datetime.now().astimezone().date()


def _as_day(value: object) -> date:
    """A calendar date from a ``date``, a ``datetime`` (its local date) or an ISO string."""
    if isinstance(value, datetime):
        try:
            return value.astimezone().date()
        except (OverflowError, ValueError, OSError):
            pass
    elif isinstance(value, date):
        return value
    elif isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PublicationError(_("This is not a date: {value}.").format(value=str(value)[:40]))


def _check_link(link: object) -> str:
    if not isinstance(link, str):
        raise PublicationError(_("The link must be a web address starting with https:// or http://."))
    link = link.strip()
    if len(link) > MAX_LINK or any(unicodedata.category(ch) == "Cc" for ch in link):
        raise PublicationError(_("The link must be a web address starting with https:// or http://."))
    if link and not _LINK.fullmatch(link):
        raise PublicationError(_("The link must be a web address starting with https:// or http://."))
    return link


def mark_published(store: Store, draft_id: int, network_key: str, published_at: date | datetime | str,
                   link: str = "", *, author: str, today: date | None = None) -> PublicationRecord:
    """Record that draft ``draft_id`` was posted on ``network_key`` on ``published_at``, with its photos.

    Refuses an unknown network or draft, a day in the future (``today``: the
    local date, given by tests), a link that is not a web address, and the same
    draft marked twice for the same network and day. The publication and its
    photos are written in one transaction.
    """
    if network_key not in NETWORKS:
        raise PublicationError(_("Unknown network: {network}.").format(network=str(network_key)[:40]))
    day = _as_day(published_at)
    today = today or _today()
    if day > today:
        raise PublicationError(_("A post cannot be published in the future ({date}).").format(date=day.isoformat()))
    if day.year < FIRST_YEAR:
        raise PublicationError(_("This date makes no sense: {date}.").format(date=day.isoformat()))
    link = _check_link(link)
    if not isinstance(author, str) or not author.strip() or len(author) > MAX_AUTHOR:
        raise PublicationError(_("Say who records the publication."))
    if store.db.one("SELECT 1 FROM drafts WHERE id = ?", [draft_id]) is None:
        raise PublicationError(_("Draft #{id} does not exist.").format(id=draft_id))
    if store.db.one("SELECT 1 FROM publications WHERE draft_id = ? AND network = ? AND published_at = ?",
                    [draft_id, network_key, day.isoformat()]):
        raise PublicationError(_("This draft is already marked as published on {network} on {date}.").format(
            network=network(network_key).name, date=day.isoformat()))
    from composer.core.storage.store import now

    stamp = now()
    with store.atomic():
        hashes = [row[0] for row in store.db.all(
            "SELECT photo_hash FROM draft_photos WHERE draft_id = ? ORDER BY position, id", [draft_id])]
        publication_id = store.db.insert(
            "INSERT INTO publications (draft_id, network, published_at, link, recorded_at, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [draft_id, network_key, day.isoformat(), link, stamp, author.strip()])
        store.db.executemany("INSERT INTO publication_photos (publication_id, photo_hash, position) VALUES (?, ?, ?)",
                             [[publication_id, photo_hash, position] for position, photo_hash in enumerate(hashes)])
    return PublicationRecord(publication_id, draft_id, network_key, day, link, stamp, store.author(author.strip()),
                             tuple(PublishedPhoto(h, n) for n, h in enumerate(hashes)))


def unmark_published(store: Store, publication_id: int) -> PublicationRecord:
    """Undo a mistaken mark: the publication and its photo list leave the log (see the module's note).

    An open takedown of it goes along (there is nothing to take down); a takedown already **done** is the
    library's proof that it acted, which both back ends refuse to delete: then :class:`PublicationError`
    says so, and nothing changed (also when a colleague marked it done a moment ago).
    """
    from composer.core.storage.errors import DatabaseError

    record = get_publication(store, publication_id)
    refuse_if_taken_down(store, publication_id)
    try:
        with store.atomic():
            store.db.execute("DELETE FROM publication_photos WHERE publication_id = ?", [publication_id])
            store.db.execute("DELETE FROM publications WHERE id = ?", [publication_id])
    except DatabaseError:
        refuse_if_taken_down(store, publication_id)  # done meanwhile: the triggers refused the cascade
        raise
    return record


def refuse_if_taken_down(store: Store, publication_id: int) -> None:
    if store.db.one("SELECT 1 FROM takedowns WHERE publication_id = ? AND done_at IS NOT NULL",
                    [publication_id]) is not None:
        raise PublicationError(_("A takedown of this publication was done: it stays in the log as proof."))


def _records(store: Store, where: str, params: list[object]) -> list[PublicationRecord]:
    rows = store.db.all("SELECT id, draft_id, network, published_at, link, recorded_at, recorded_by"
                        f" FROM publications WHERE {where} ORDER BY published_at, id", params)
    photos: dict[int, list[PublishedPhoto]] = {}
    if rows:
        wanted, ids = store.db.in_list([row[0] for row in rows], "bigint")
        for pub_id, photo_hash, position in store.db.all(
                "SELECT publication_id, photo_hash, position FROM publication_photos"
                f" WHERE publication_id IN {wanted} ORDER BY publication_id, position", ids):
            photos.setdefault(pub_id, []).append(PublishedPhoto(photo_hash, position))
    return [PublicationRecord(id_, draft_id, key, date.fromisoformat(day), link, recorded_at, recorded_by,
                              tuple(photos.get(id_, ())))
            for id_, draft_id, key, day, link, recorded_at, recorded_by in rows]


def get_publication(store: Store, publication_id: int) -> PublicationRecord:
    found = _records(store, "id = ?", [publication_id])
    if not found:
        raise PublicationError(_("This publication is not in the log (any more)."))
    return found[0]


def publications_of(store: Store, draft_id: int) -> list[PublicationRecord]:
    """Where and when one draft was published, oldest first, with the photos that went along."""
    return _records(store, "draft_id = ?", [draft_id])


#: Other drafts' plans in a week (``?`` from Monday, before the next Monday), per network: not those already
#: published on that network, nor of a draft in the trash or the archive, nor of the draft checked.
PLANNED_SQL = """
    SELECT l.network, count(*) FROM plans l JOIN drafts d ON d.id = l.draft_id
    WHERE l.planned_for >= ? AND l.planned_for < ? AND l.draft_id <> ?
      AND d.deleted_at IS NULL AND d.archived_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.draft_id = l.draft_id AND p.network = l.network)
    GROUP BY l.network"""


def _week_counts(store: Store, monday: date, draft_id: int | None) -> tuple[dict[str, int], dict[str, int]]:
    """Per network: the posts published in the week from ``monday``, and those planned in it."""
    sunday, next_monday = monday + timedelta(days=6), monday + timedelta(days=7)
    published: dict[str, int] = dict(store.db.all(
        "SELECT network, count(*) FROM publications WHERE published_at BETWEEN ? AND ? GROUP BY network",
        [monday.isoformat(), sunday.isoformat()]))
    planned: dict[str, int] = dict(store.db.all(
        PLANNED_SQL, [monday.isoformat(), next_monday.isoformat(), -1 if draft_id is None else draft_id]))
    return published, planned


def publication_stats(store: Store, on: date | None = None, draft_id: int | None = None) -> PublicationStats:
    """The facts the ``cadence`` check needs on day ``on`` (default today), in a few small queries.

    When ``draft_id`` is planned on a network in another week than ``on``'s
    (and not yet published there), that network is counted in the planned week.
    """
    on = _as_day(on) if on is not None else _today()
    this_week, planned = _week_counts(store, week_start(on), draft_id)
    latest = {key: date.fromisoformat(day) for key, day in store.db.all(
        "SELECT network, max(published_at) FROM publications WHERE published_at <= ? GROUP BY network",
        [on.isoformat()])}
    published: dict[str, date] = {}
    weeks: dict[str, date] = {}
    if draft_id is not None:
        published = {key: date.fromisoformat(day) for key, day in store.db.all(
            "SELECT network, max(published_at) FROM publications WHERE draft_id = ? GROUP BY network", [draft_id])}
        for key, when in store.db.all("SELECT network, planned_for FROM plans WHERE draft_id = ?", [draft_id]):
            monday = week_start(date.fromisoformat(when[:10]))
            if key not in published and monday != week_start(on):
                weeks[key] = monday
        for monday in set(weeks.values()):
            other_published, other_planned = _week_counts(store, monday, draft_id)
            for key in (key for key, week in weeks.items() if week == monday):
                this_week[key], planned[key] = other_published.get(key, 0), other_planned.get(key, 0)
        this_week = {key: n for key, n in this_week.items() if n}
        planned = {key: n for key, n in planned.items() if n}
    return PublicationStats(on, this_week, latest, published, planned, weeks)
