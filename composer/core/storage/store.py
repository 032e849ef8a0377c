"""Drafts, their history, the trash and the settings: the store the window, the export and the command line use.

:class:`Store` holds one :class:`~composer.core.storage.connection.Connection`
as :attr:`Store.db`, through which every module of the core sends its SQL;
opening the local file safely (checks, repair, migrations) is ``opening.py``,
the SQLite connection ``sqlite.py``. Every write is committed at once unless
inside :meth:`Store.atomic`.

A little over 400 lines for a reason: it is the one API of the drafts (the
window, the saver, export, the command line and the tests all call it), and
each method is a few lines of SQL; split up, every caller would need to know
which part holds which draft method.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.drafts.draft import Draft, first_line
from composer.core.storage import opening
from composer.core.storage.access import ALONE, Access
from composer.core.storage.errors import (  # noqa: F401 - re-exported: the errors of opening the store
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    NotAFile,
    NotAFolder,
    SaveConflict,
    StoreError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from composer.core.storage import repair
    from composer.core.storage.connection import Connection
    from composer.core.storage.postgres.listening import Change, Listener

TRASH_DAYS = 30
HISTORY_EVERY = timedelta(minutes=5)
BUSY_TIMEOUT_MS = 5000  # how long a background job or the command line waits for another program's lock
INTERACTIVE_BUSY_TIMEOUT_MS = 500  # the window's own connection: a click never waits longer than this
_ALL = 2**62  # "no limit", as a number every database takes for LIMIT
#: Who else has a draft open (team database): a window says so every PRESENCE_EVERY_S seconds while the draft is
#: open; a colleague not heard of for PRESENCE_FRESH_S seconds has closed it (or their computer went away).
PRESENCE_EVERY_S = 30
PRESENCE_FRESH_S = 90


@dataclass(frozen=True)
class DraftRow:
    """What the drafts list shows of a draft, without loading its whole text."""

    id: int
    first_line: str
    networks: tuple[str, ...]
    status: str
    author: str
    updated_at: str
    deleted_at: str | None
    approved_at: str | None = None  # when it was last approved (None: never; an edit since voids it)
    stage: str = "draft"  # on its way from writing to the archive (core/planning/flow.py)
    published: tuple[str, ...] = ()  # the networks it was marked published on

    @property
    def waiting(self) -> bool:
        """Waits for an approval: never approved, or edited since (by the times, without reading the text; the
        ``review`` check of the open draft compares its content itself)."""
        return self.deleted_at is None and (self.approved_at is None or self.approved_at < self.updated_at)


def now() -> str:
    """The current time as a sortable UTC ISO string."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


#: The drafts list: the first 200 characters after :data:`LEADING_SPACE` (enough for the first line), newest
#: edit first; ``{join}`` and ``{where}`` narrow it (the trash, a search). Parameters: the leading space,
#: those of the join and the condition, the limit and the offset.
LIST_SQL = """
    SELECT d.id, substr(ltrim(d.text, ?), 1, 200), d.networks, d.status, d.updated_by, d.updated_at, d.deleted_at,
           CASE WHEN d.approved_by IS NULL THEN NULL ELSE d.approved_at END, {stage}
    FROM drafts d {join}
    WHERE {where}
    ORDER BY d.updated_at DESC, d.id DESC
    LIMIT ? OFFSET ?"""
LEADING_SPACE = " \t\n\r"  # passed as a parameter: no dialect's way of writing a tab in SQL needed
_DRAFT_COLUMNS = ("id, text, networks, purpose, audience, status, created_by, updated_by, created_at, updated_at,"
                  " deleted_at, approved_by, approved_at, approved_hash, revision")


class _Moved(Exception):
    """Inside :meth:`Store.save`: the stored revision moved on; the transaction is rolled back."""


class Store:
    """Drafts and settings in one database. Use :meth:`open`.

    Every query goes through :attr:`db`, the connection (see ``connection.py``).
    """

    def __init__(self, db: Connection, path: Path, repaired: repair.Repair | None = None,
                 access: Access = ALONE):
        #: The connection: every module of the core sends its SQL through it.
        self.db = db
        #: The database file; on the team database, the data folder's ``team.json`` (the folder is its parent).
        self.path = path
        #: What was repaired when this file was opened (its original kept beside it), if anything.
        self.repaired = repaired
        #: Who works through this store and what they may do (:data:`ALONE` on the local file).
        self.access = access

    def author(self, name: str) -> str:
        """Who the database records for what ``name`` writes through this store: ``name`` on the local file;
        on the team database the login, which its triggers write whatever name is sent."""
        return self.access.user or name

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    def atomic(self) -> AbstractContextManager[None]:
        """One transaction (a savepoint when nested): all of it is written, or none (``db.atomic()``)."""
        return self.db.atomic()

    # --- opening (opening.py) -----------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, busy_timeout_ms: int | None = None) -> Store:
        """Open (or create) the database in ``data_dir``, migrating it forward.

        ``busy_timeout_ms`` is how long to wait for another program's lock
        (default :data:`BUSY_TIMEOUT_MS`, read when called). Raises a
        :class:`StoreError`: :class:`DatabaseLocked`, :class:`DatabaseReadOnly`,
        :class:`DiskFull`, :class:`DatabaseTooNew`, :class:`NotAFolder`,
        :class:`NotAFile`, or :class:`DatabaseDamaged` once a damaged file could
        not be repaired (it has then been moved aside; opening again starts afresh).
        """
        return opening.open_store(data_dir, BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms)

    @classmethod
    def attach(cls, path: Path, busy_timeout_ms: int) -> Store:
        """Another connection to a database that :meth:`open` has opened (no checks, no migrations)."""
        return opening.attach(path, busy_timeout_ms)

    def backup(self, label: str) -> Path:
        """A verified copy of the whole database in ``backups/`` (at most a few are kept: backups.py)."""
        from composer.core.storage import backups
        from composer.core.storage.sqlite import SqliteConnection

        if not isinstance(self.db, SqliteConnection):
            raise NotImplementedError(f"no backup of a {self.db.dialect} database here")
        return backups.make(self.db, self.data_dir, label)

    def close(self) -> None:
        self.db.close()

    # --- drafts ----------------------------------------------------------------------------------

    def create(self, author: str, **fields: Any) -> Draft:
        """A new empty draft by ``author`` (optionally with ``fields`` filled in)."""
        stamp, author = now(), self.author(author)
        draft = storable(Draft(created_by=author, updated_by=author, created_at=stamp, updated_at=stamp, **fields))
        with self.atomic():
            new_id = self.db.insert(
                "INSERT INTO drafts (text, networks, purpose, audience, status, created_by, updated_by,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [draft.text, json.dumps(list(draft.networks)), draft.purpose, draft.audience, draft.status,
                 author, author, stamp, stamp])
            draft = replace(draft, id=new_id)
            self._write_network_texts(draft)
            revision: int = self.db.value("SELECT revision FROM drafts WHERE id = ?", [new_id])
        return replace(draft, revision=revision)

    def get(self, draft_id: int) -> Draft:
        """The draft with ``draft_id`` (in the trash or not); ``KeyError`` if there is none."""
        row = self.db.one(f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE id = ?", [draft_id])
        if row is None:
            raise KeyError(draft_id)
        (id_, text, networks, purpose, audience, status, created_by, updated_by, created_at, updated_at,
         deleted_at, approved_by, approved_at, approved_hash, revision) = row
        texts: dict[str, str] = dict(self.db.all("SELECT network, text FROM network_texts WHERE draft_id = ?",
                                                 [draft_id]))
        return Draft(
            id=id_, text=text, networks=tuple(json.loads(networks)), network_texts=texts, purpose=purpose,
            audience=audience, status=status, created_by=created_by, updated_by=updated_by, created_at=created_at,
            updated_at=updated_at, deleted_at=deleted_at, approved_by=approved_by, approved_at=approved_at,
            approved_hash=approved_hash, revision=revision)

    def save(self, draft: Draft, author: str, expected_revision: int | None = None) -> Draft:
        """Write ``draft`` if its content changed; keep the previous version in the history. The draft as stored.

        ``expected_revision``: the stored revision the text started from. When the
        draft has moved on since (a colleague saved), nothing is overwritten:
        ``draft`` is kept in the history under ``author`` and :class:`SaveConflict`
        is raised with the colleague's draft (unless both hold the same content:
        then there is nothing to save). ``None``: save whatever is stored.
        ``KeyError`` when the draft is gone.
        """
        if draft.id is None:
            raise KeyError(None)
        stored = self.get(draft.id)
        draft = storable(draft)
        if stored.same_content(draft):
            return stored
        if expected_revision is not None and stored.revision != expected_revision:
            raise self._conflict(draft, author)
        stamp, login = now(), self.author(author)
        condition, params = ("", []) if expected_revision is None else (" AND revision = ?", [expected_revision])
        try:
            with self.atomic():
                self._snapshot_if_due(stored, stamp)
                changed = self.db.execute(
                    "UPDATE drafts SET text = ?, networks = ?, purpose = ?, audience = ?, updated_by = ?,"
                    " updated_at = ? WHERE id = ?" + condition,
                    [draft.text, json.dumps(list(draft.networks)), draft.purpose, draft.audience, login, stamp,
                     draft.id, *params])
                if changed == 0:  # moved on (or gone) between reading and writing: undo the history too
                    raise _Moved
                self._write_network_texts(draft)
                revision: int = self.db.value("SELECT revision FROM drafts WHERE id = ?", [draft.id])
        except _Moved:
            raise self._conflict(draft, author) from None
        return replace(draft, updated_by=login, updated_at=stamp, revision=revision)

    def _conflict(self, mine: Draft, author: str) -> SaveConflict:
        """Keep ``mine`` in its draft's history and say who saved what (``KeyError`` when the draft is gone)."""
        theirs = self.get(mine.id)  # type: ignore[arg-type]  # save() checked it
        self.keep_in_history(mine, author)
        return SaveConflict(mine, theirs)

    def keep_in_history(self, draft: Draft, author: str) -> None:
        """Keep ``draft``'s content in its history under ``author`` (the login on the team database), unless
        the newest version kept there is that content already."""
        newest = self.db.value("SELECT content FROM draft_history WHERE draft_id = ?"
                               " ORDER BY saved_at DESC, id DESC LIMIT 1", [draft.id])
        if newest is not None and json.loads(newest) == _history_content(draft):
            return
        self.snapshot(draft, self.author(author))

    def revision(self, draft_id: int) -> int:
        """The draft's stored revision (``KeyError`` if there is none)."""
        found = self.db.value("SELECT revision FROM drafts WHERE id = ?", [draft_id])
        if found is None:
            raise KeyError(draft_id)
        return int(found)

    def _write_network_texts(self, draft: Draft) -> None:
        """Write the versions that changed, and only those: each one written re-indexes the draft for search."""
        stored: dict[str, str] = dict(self.db.all("SELECT network, text FROM network_texts WHERE draft_id = ?",
                                                  [draft.id]))
        for key in stored.keys() - draft.network_texts.keys():
            self.db.execute("DELETE FROM network_texts WHERE draft_id = ? AND network = ?", [draft.id, key])
        for key, text in draft.network_texts.items():
            if stored.get(key) != text:
                self.db.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (?, ?, ?)"
                                " ON CONFLICT (draft_id, network) DO UPDATE SET text = excluded.text",
                                [draft.id, key, text])

    def _snapshot_if_due(self, previous: Draft, stamp: str) -> None:
        """Keep the version being replaced, at most once per :data:`HISTORY_EVERY` of typing."""
        last = self.db.value("SELECT max(saved_at) FROM draft_history WHERE draft_id = ?", [previous.id])
        if last and datetime.fromisoformat(stamp) - datetime.fromisoformat(last) < HISTORY_EVERY:
            return
        self.snapshot(previous, previous.updated_by, stamp)

    def snapshot(self, draft: Draft, author: str, stamp: str | None = None) -> None:
        """Keep ``draft``'s content as it is now in its history."""
        content = _history_content(draft)
        self.db.execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (?, ?, ?, ?)",
                        [draft.id, stamp or now(), author, json.dumps(content, ensure_ascii=False)])

    def history(self, draft_id: int) -> list[dict[str, Any]]:
        """Earlier versions of a draft, newest first."""
        rows = self.db.all("SELECT saved_at, saved_by, content FROM draft_history WHERE draft_id = ?"
                           " ORDER BY saved_at DESC", [draft_id])
        return [{"saved_at": at, "saved_by": by, **json.loads(content)} for at, by, content in rows]

    def approve(self, draft_id: int, approver: str) -> Draft:
        """Record that ``approver`` approved the draft as it is stored now.

        On the team database the server records the login as the approver and
        refuses whoever may not approve (``drafts_approval``); a login without
        the approver role is told so here first (:class:`NotAllowed`), without
        asking the server. On the local file the draft's author or last editor
        cannot approve it by name either (:class:`~composer.core.drafts.approval.ApprovalRefused`).
        """
        if self.access.team and not self.access.may("approve"):
            from composer.core.storage.errors import RULE_WORDS, NotAllowed

            rule = "approval_by_approver"
            raise NotAllowed(self.path, RULE_WORDS[rule], rule, user=self.access.user or "")
        draft = self.get(draft_id)
        if not self.access.team:  # alone: no logins, but never the author's own name (ApprovalRefused)
            from composer.core.drafts import approval

            approval.check(draft, approver)
        self.db.execute("UPDATE drafts SET approved_by = ?, approved_at = ?, approved_hash = ? WHERE id = ?",
                        [approver, now(), draft.content_hash(), draft_id])
        return self.get(draft_id)

    def colleagues(self) -> list[str]:
        """Everyone who wrote or edited a draft here, for the checklist's personal touch."""
        rows = self.db.all("SELECT created_by FROM drafts UNION SELECT updated_by FROM drafts")
        return sorted({name for (name,) in rows if name})

    def duplicate(self, draft_id: int, author: str) -> Draft:
        """A copy of a draft, made by ``author``, as a new draft: its photos, alt texts and crops too.

        Who is in each photo belongs to the stored photo, so the copy shows the same people.
        """
        source = self.get(draft_id)
        with self.atomic():
            copy = self.create(author, text=source.text, networks=source.networks,
                               network_texts=dict(source.network_texts), purpose=source.purpose,
                               audience=source.audience)
            self._copy_photos(draft_id, copy.id)
        return copy

    def _copy_photos(self, source_id: int, target_id: int | None) -> None:
        photos = self.db.all("SELECT id, photo_hash, position, alt_text FROM draft_photos"
                             " WHERE draft_id = ? ORDER BY position", [source_id])
        for old_id, photo_hash, position, alt_text in photos:
            new_id = self.db.insert("INSERT INTO draft_photos (draft_id, photo_hash, position, alt_text)"
                                    " VALUES (?, ?, ?, ?)", [target_id, photo_hash, position, alt_text])
            self.db.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height, mat)"
                            " SELECT ?, network, x, y, width, height, mat FROM crops WHERE draft_photo_id = ?",
                            [new_id, old_id])

    def set_status(self, draft_id: int, status: str) -> None:
        """Mark a draft (e.g. flagged after a consent withdrawal, a draft again once cleared)."""
        self.db.execute("UPDATE drafts SET status = ? WHERE id = ?", [status, draft_id])

    def trash(self, draft_id: int) -> None:
        """Move a draft to the trash (restorable for :data:`TRASH_DAYS` days)."""
        self.db.execute("UPDATE drafts SET deleted_at = ? WHERE id = ?", [now(), draft_id])

    def restore(self, draft_id: int) -> None:
        self.db.execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?", [draft_id])

    def empty_trash(self, older_than_days: int = TRASH_DAYS, at: datetime | None = None) -> int:
        """Delete for good what has been in the trash longer than ``older_than_days``.

        A draft that was published stays: the publication log needs it to list
        takedowns when someone in its photos withdraws consent.
        """
        cutoff = ((at or datetime.now(UTC)) - timedelta(days=older_than_days)).isoformat(timespec="microseconds")
        return self.db.execute("DELETE FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < ?"
                               " AND id NOT IN (SELECT draft_id FROM publications)", [cutoff])

    def list_drafts(self, search: str = "", trash: bool = False, limit: int = -1, offset: int = 0,
                    stage: str | None = None) -> list[DraftRow]:
        """Drafts (or the trash), newest edit first, optionally matching ``search``.

        Every word searched for must begin a word of the shared text or of one
        of the networks' own versions, accents ignored (``db.draft_search``).

        ``limit`` and ``offset`` page through them (``-1``: all), so a long list
        is read as it is scrolled. ``stage`` keeps only the drafts at that stage
        (see :mod:`composer.core.planning.flow`).
        """
        from composer.core.planning.flow import STAGE_SQL

        where = "d.deleted_at IS NOT NULL" if trash else "d.deleted_at IS NULL"
        join = ""
        params: list[Any] = []
        found = self.db.draft_search(search)
        if found is not None:
            join, condition, params = found
            where += f" AND {condition}"
        if stage is not None:
            where += f" AND {STAGE_SQL} = ?"
            params = [*params, stage]
        rows = self.db.all(LIST_SQL.format(join=join, where=where, stage=STAGE_SQL),
                           [LEADING_SPACE, *params, limit if limit >= 0 else _ALL, offset])
        published = self._published_networks([row[0] for row in rows if row[8] == "published"])
        return [DraftRow(id_, first_line(head), tuple(json.loads(nets)), status, author, updated, deleted, approved,
                         stage_, published.get(id_, ()))
                for id_, head, nets, status, author, updated, deleted, approved, stage_ in rows]

    def _published_networks(self, draft_ids: list[int]) -> dict[int, tuple[str, ...]]:
        """The networks each of ``draft_ids`` was marked published on (one query for a page of the list)."""
        if not draft_ids:
            return {}
        wanted, params = self.db.in_list(draft_ids, "bigint")
        found: dict[int, list[str]] = {}
        for draft_id, key in self.db.all(f"SELECT DISTINCT draft_id, network FROM publications WHERE draft_id IN"
                                         f" {wanted} ORDER BY draft_id, network", params):
            found.setdefault(draft_id, []).append(key)
        return {draft_id: tuple(keys) for draft_id, keys in found.items()}

    def count_drafts(self) -> int:
        count: int = self.db.value("SELECT count(*) FROM drafts WHERE deleted_at IS NULL")
        return count

    def draft_ids(self) -> Iterator[int]:
        for (draft_id,) in self.db.all("SELECT id FROM drafts"):
            yield draft_id

    # --- settings ----------------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        value = self.db.value("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else json.loads(value)

    def set_setting(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``; an unchanged value is not written again."""
        if self.setting(key, _MISSING) == value:
            return
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, json.dumps(value, ensure_ascii=False)])


    # --- together on the team database ------------------------------------------------------------

    def listen(self, callback: Callable[[Change], None],
               on_connection: Callable[[bool], None] | None = None) -> Listener | None:
        """Hear what colleagues change (team database): a started
        :class:`~composer.core.storage.postgres.listening.Listener` calling ``callback`` on its own thread
        with each :class:`~composer.core.storage.postgres.listening.Change`; ``None`` on the local file,
        where nobody else writes. Stop it with ``listener.stop()``.
        """
        if self.db.dialect != "postgresql":  # (without loading the driver)
            return None
        from composer.core.storage.postgres.connection import PostgresConnection
        from composer.core.storage.postgres.listening import Listener

        assert isinstance(self.db, PostgresConnection)

        listener = Listener(self.db.second_conninfo(), callback, on_connection)
        listener.start()
        return listener

    def mark_open(self, draft_id: int) -> None:
        """Say that this login has ``draft_id`` open (team database; nothing on the local file). Again at
        least every :data:`PRESENCE_EVERY_S` seconds while it stays open; :meth:`mark_closed` when it closes."""
        if self.db.dialect == "postgresql":
            self.db.execute("INSERT INTO presence (draft_id) VALUES (?)"
                            " ON CONFLICT (draft_id, login) DO UPDATE SET seen_at = excluded.seen_at", [draft_id])

    def mark_closed(self, draft_id: int) -> None:
        """This login closed ``draft_id`` (or went to another draft)."""
        if self.db.dialect == "postgresql":
            self.db.execute("DELETE FROM presence WHERE draft_id = ? AND login = session_user", [draft_id])

    def open_by_others(self, draft_id: int) -> list[str]:
        """The logins of the colleagues who have ``draft_id`` open now (seen in the last
        :data:`PRESENCE_FRESH_S` seconds), oneself left out, in order; ``[]`` on the local file."""
        if self.db.dialect != "postgresql":
            return []
        rows = self.db.all("SELECT login FROM presence WHERE draft_id = ? AND login <> session_user"
                           " AND seen_at > clock_timestamp() - make_interval(secs => ?) ORDER BY login",
                           [draft_id, PRESENCE_FRESH_S])
        return [str(login) for (login,) in rows]


_MISSING = object()


def _history_content(draft: Draft) -> dict[str, Any]:
    """What the history keeps of a draft (``draft_history.content``, as JSON)."""
    return {"text": draft.text, "networks": list(draft.networks), "network_texts": draft.network_texts,
            "purpose": draft.purpose, "audience": draft.audience}


def storable(draft: Draft) -> Draft:
    """``draft`` with any lone surrogate (broken UTF-16 from a paste) as U+FFFD, which a database can hold."""
    return replace(draft, text=storable_text(draft.text),
                   network_texts={key: storable_text(text) for key, text in draft.network_texts.items()})


def storable_text(text: str) -> str:
    """``text`` with any lone surrogate (broken UTF-16 from a paste) as U+FFFD, which a database can hold
    (a pair of surrogates becomes the character it stands for)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
