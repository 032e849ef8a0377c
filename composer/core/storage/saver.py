"""Saving what is typed on a thread of its own, so that typing never waits for the disk or another program's lock.

The window hands the newest content of a draft to :meth:`Saver.submit` (at
most every half second while typing goes on, and at once on switching,
Ctrl+S and quitting), a photo's alt text to :meth:`Saver.submit_alt_text`
and the writing time it counted to :meth:`Saver.add_effort`, and carries on.
The saver's thread writes them through its own connection.
When a write fails — another program holds the lock, the disk is full, the
file is damaged — the content goes into the recovery journal (journal.py)
and stays pending: newer content is journaled as soon as it comes, the
thread tries the database again every :data:`RETRY_S` seconds, and
:meth:`pending` hands the text back if the author opens that draft again.
Nothing typed is dropped until the database has it.

About 470 lines for a reason: the thread, its queue, the journal, the
retries, conflicts and presence share one lock and one connection, and the
order in which they are handled under that lock is what makes "nothing is
lost" hold; split across modules it could no longer be read in one go.

Listeners are called on the saver's thread with a :class:`SaveEvent`; the
window relays them to its own thread through a queued Qt signal.

Two people, one draft (the team database): a draft's save is conditional on
the stored revision its text started from (``Draft.revision``, or the one
this saver wrote last for that draft, whichever is newer). When a colleague
saved in between, nothing is overwritten: the author's text goes into the
draft's history, the save is not tried again, and listeners get a
``conflict`` event with both texts (``mine``, and the colleague's as
``draft``). The window shows them side by side; whatever the author then
keeps is submitted with ``revision=event.draft.revision``.

When the team database's server goes away, a save fails like any other
(``ConnectionLost``, then ``ServerUnreachable`` while it stays away): the
text waits in the journal and every attempt logs in anew (``Store.attach``),
so the first one after the server is back saves it.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.drafts.draft import Draft
from composer.core.storage.errors import DatabaseDamaged, DatabaseError, SaveConflict, StoreError, classify
from composer.core.storage.journal import ALT_TEXT, DRAFT, Entry, Journal

if TYPE_CHECKING:
    from composer.core.storage.store import Store

RETRY_S = 1.0
PRESENCE_EVERY_S = 30.0  # as store.PRESENCE_EVERY_S (not imported: the store module loads later)
_TEAM_SETTINGS = "team.json"  # a store path with this name is the team database's (postgres/credentials.py)
SAVE_BUSY_TIMEOUT_MS = 250  # per attempt: a locked file is journaled well within a second
SAVED, FAILED, DAMAGED, CONFLICT = "saved", "failed", "damaged", "conflict"


class SaveEvent:
    """What happened to a save.

    ``kind``: saved, failed, damaged or conflict; ``what``: draft or alt_text, with its ``key``
    (the draft's or the draft photo's id); ``draft``: the draft as stored (saved
    drafts; for a conflict, the colleague's newer draft); ``mine``: for a conflict,
    the text that was not saved (it is in the draft's history); ``journaled``: the
    content is safe in the journal (failed saves); ``replaced_id``: the draft was
    gone (emptied from the trash), so it was saved as a new one. A plain class, not
    a dataclass: this module loads before the window shows.
    """

    __slots__ = ("kind", "what", "key", "draft", "error", "journaled", "replaced_id", "mine")

    def __init__(self, kind: str, what: str = DRAFT, key: int | None = None, draft: Draft | None = None,
                 error: StoreError | None = None, journaled: bool = False, replaced_id: int | None = None,
                 mine: Draft | None = None):
        self.kind, self.what, self.key, self.draft = kind, what, key, draft
        self.error, self.journaled, self.replaced_id, self.mine = error, journaled, replaced_id, mine

    @property
    def draft_id(self) -> int | None:
        return self.key if self.what == DRAFT else None

    def __repr__(self) -> str:
        return f"SaveEvent({self.kind}, {self.what} {self.key}, journaled={self.journaled}, error={self.error!r})"


class _Job:
    """One piece of content waiting to be written; ``number`` tells newer from older."""

    __slots__ = ("what", "key", "value", "author", "number")

    def __init__(self, what: str, key: int, value: Draft | str, author: str, number: int):
        self.what, self.key, self.value, self.author, self.number = what, key, value, author, number


class Saver:
    """Writes drafts, alt texts and small settings to the database at ``path`` on a thread (see the module)."""

    def __init__(self, path: Path, busy_timeout_ms: int = SAVE_BUSY_TIMEOUT_MS, retry_s: float = RETRY_S):
        self.path = path
        self.journal = Journal(path.parent)
        self._busy_timeout_ms = busy_timeout_ms
        self._retry_s = retry_s
        self._cond = threading.Condition()
        self._jobs: dict[tuple[str, int], _Job] = {}
        self._settings: dict[str, object] = {}
        self._effort: dict[tuple[int, str], int] = {}  # (draft, author) -> writing seconds not written yet
        self._numbers = itertools.count(1)
        self._retry_at = 0.0
        self._failures = 0  # attempts that failed, for flush() to stop waiting
        self._failing = False  # the last attempt failed: newer content is journaled as soon as it comes
        self._journaled: dict[tuple[str, int], int] = {}  # job key -> number of the job the journal holds
        self._working = False
        self._paused = False
        self._closing = False
        self._listeners: list[Callable[[SaveEvent], None]] = []
        self._store: Store | None = None  # the thread's own connection: used, opened and closed only there
        self._revisions: dict[int, int] = {}  # draft id -> the revision this saver's last save of it made
        self._team = path.name == _TEAM_SETTINGS  # the team database: say which draft is open here
        self._open_draft: int | None = None  # the draft the window shows
        self._open_marked: int | None = None  # the draft the server was last told is open here
        self._presence_at = 0.0  # when to tell it again
        self._stale = False
        self._thread = threading.Thread(target=self._run, name="saver", daemon=True)
        self._thread.start()

    # --- what the window calls -------------------------------------------------------------

    def listen(self, callback: Callable[[SaveEvent], None]) -> None:
        with self._cond:
            self._listeners.append(callback)

    def unlisten(self, callback: Callable[[SaveEvent], None]) -> None:
        with self._cond:
            if callback in self._listeners:
                self._listeners.remove(callback)

    def submit(self, draft: Draft, author: str) -> None:
        """Save ``draft`` as soon as possible; newer content for the same draft replaces what still waits."""
        if draft.id is None:
            raise ValueError("only a draft that was created in the database can be saved")
        self._add(DRAFT, draft.id, draft, author)

    def submit_alt_text(self, draft_photo_id: int, text: str, author: str = "") -> None:
        """Save a photo's alt text as soon as possible (newest wins), like a draft's text."""
        self._add(ALT_TEXT, draft_photo_id, text, author)

    def show_open(self, draft_id: int | None) -> None:
        """The window shows ``draft_id`` now (``None``: no draft). On the team database the saver's thread tells
        the server at once and every :data:`~composer.core.storage.store.PRESENCE_EVERY_S` seconds after, so
        that colleagues see who has the draft open (``Store.open_by_others``); the draft before is closed.
        Nothing happens on the local file."""
        with self._cond:
            if draft_id != self._open_draft:
                self._open_draft = draft_id
                self._presence_at = 0.0
                self._cond.notify_all()

    def set_setting(self, key: str, value: Any) -> None:
        """Keep a small setting (the last draft, the window's place): written when possible, newest wins."""
        with self._cond:
            self._settings[key] = value
            self._cond.notify_all()

    def add_effort(self, draft_id: int, author: str, seconds: int) -> None:
        """Add ``seconds`` of writing time (``core/planning/effort.py``), written with the next save; while it
        waits, more is added up, so counting never waits for the database."""
        if seconds > 0:
            with self._cond:
                self._effort[(draft_id, author)] = self._effort.get((draft_id, author), 0) + seconds
                self._cond.notify_all()

    def pending(self, draft_id: int) -> Draft | None:
        """The newest content of ``draft_id`` that the database does not have yet (``None``: it has it all)."""
        pending = self._pending(DRAFT, draft_id)
        return pending if isinstance(pending, Draft) else None

    def pending_alt_text(self, draft_photo_id: int) -> str | None:
        """The newest alt text of a draft photo that the database does not have yet."""
        pending = self._pending(ALT_TEXT, draft_photo_id)
        return pending if isinstance(pending, str) else None

    def unsaved(self) -> list[tuple[str, int]]:
        """What is not in the database yet: (draft or alt_text, id)."""
        with self._cond:
            return sorted(self._jobs)

    def unsafe(self) -> list[tuple[str, int]]:
        """What is in neither the database nor the journal (only in memory: the disk is full)."""
        with self._cond:
            keys = sorted(self._jobs)
        return [key for key in keys if not self.journal.has(*key)]

    def flush(self, timeout: float) -> bool:
        """Write what waits now, and wait up to ``timeout`` seconds; ``True`` when the database has it all.

        Stops waiting as soon as an attempt fails: waiting longer would only freeze the caller.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            self._retry_at = 0.0
            failures = self._failures
            self._cond.notify_all()
            while self._jobs or self._settings or self._effort or self._working:
                left = deadline - time.monotonic()
                if left <= 0 or self._paused or not self._thread.is_alive() or self._failures > failures:
                    break
                self._cond.wait(left)
            return not self._jobs and not self._settings and not self._effort

    def adopt_journal(self) -> list[Entry]:
        """Take up what a previous run left in the journal: it is saved like fresh typing. The entries."""
        entries = self.journal.entries()
        with self._cond:
            for entry in entries:
                key = (entry.kind, entry.key)
                if key not in self._jobs:
                    job = _Job(entry.kind, entry.key, entry.value, entry.author, next(self._numbers))
                    self._jobs[key] = job
                    self._journaled[key] = job.number
            self._cond.notify_all()
        return entries

    def pause(self) -> None:
        """Stop writing (the database is being repaired); what waits stays pending and journaled."""
        with self._cond:
            self._paused = True
            self._stale = True  # the thread opens the file anew afterwards (a repair may replace it)
            while self._working:
                self._cond.wait(0.1)

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._retry_at = 0.0
            self._cond.notify_all()

    def close(self, timeout: float = 3.0) -> bool:
        """Write what waits (up to ``timeout``), then stop; ``True`` when nothing was left unsaved."""
        saved = self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout=max(0.5, timeout))
        return saved

    def _add(self, what: str, key: int, value: Draft | str, author: str) -> None:
        with self._cond:
            self._jobs[(what, key)] = _Job(what, key, value, author, next(self._numbers))
            self._cond.notify_all()

    def _pending(self, what: str, key: int) -> Draft | str | None:
        with self._cond:
            job = self._jobs.get((what, key))
            return job.value if job is not None else None

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while (not self._closing and not self._due() and not self._unjournaled()
                       and not self._presence_due()):
                    self._cond.wait(self._wait_time())
                if self._closing:
                    self._leave_presence()
                    self._drop_connection()
                    self._cond.notify_all()
                    return
                attempt, presence = self._due(), self._presence_due()
                journal_only = not attempt and self._unjournaled()
                jobs, settings, effort = list(self._jobs.values()), dict(self._settings), dict(self._effort)
                self._working = True
            try:
                if attempt:
                    failed = any([not self._save(job) for job in jobs] + [not self._write_settings(settings),
                                                                          not self._write_effort(effort)])
                elif journal_only:  # the database is failing: newer content goes to the journal now
                    failed = True
                    for job in jobs:
                        self._journal(job)
                if presence:
                    self._write_presence()
            finally:
                with self._cond:
                    self._working = False
                    if attempt:
                        self._failing = failed
                        self._failures += failed
                        self._retry_at = time.monotonic() + self._retry_s if failed else 0.0
                    self._cond.notify_all()

    def _due(self) -> bool:
        return (not self._paused and bool(self._jobs or self._settings or self._effort)
                and time.monotonic() >= self._retry_at)

    def _unjournaled(self) -> bool:
        """While saves fail: is there content newer than what the journal holds?"""
        return self._failing and any(self._journaled.get(key) != job.number for key, job in self._jobs.items())

    def _wait_time(self) -> float | None:
        waits = []
        if not self._paused and (self._jobs or self._settings or self._effort):
            waits.append(self._retry_at)
        if self._team and not self._paused and (self._open_draft is not None or self._open_marked is not None):
            waits.append(self._presence_at)
        return max(0.01, min(waits) - time.monotonic()) if waits else None

    # --- who has which draft open (the team database) ---------------------------------------------------

    def _presence_due(self) -> bool:
        return (self._team and not self._paused and time.monotonic() >= self._presence_at
                and (self._open_draft is not None or self._open_marked is not None))

    def _write_presence(self) -> None:
        """Say which draft is open here (again), and that the one before is not; on the saver's connection."""
        with self._cond:
            wanted, marked = self._open_draft, self._open_marked
        try:
            store = self._connected()
            if marked is not None and marked != wanted:
                store.mark_closed(marked)
                marked = None
            if wanted is not None:
                store.mark_open(wanted)
                marked = wanted
            every = PRESENCE_EVERY_S
        except Exception:  # noqa: BLE001 - the server is away, or the draft is gone: said again later
            self._drop_connection()
            every = self._retry_s
        with self._cond:
            self._open_marked = marked
            if self._open_draft == wanted:
                self._presence_at = time.monotonic() + every

    def _leave_presence(self) -> None:
        """On closing: the draft open here is not any more (if the server can be told)."""
        if self._open_marked is None or self._store is None:
            return
        with contextlib.suppress(Exception):
            self._store.mark_closed(self._open_marked)
        self._open_marked = None

    def _save(self, job: _Job) -> bool:
        try:
            saved, replaced = self._write(job)
        except SaveConflict as conflict:  # a colleague's newer text: kept, and so is ours (in the history)
            self._conflicted(job, conflict)
            return True
        except Exception as error:  # noqa: BLE001 - whatever it is, the content goes to the journal, the thread lives
            self._failed(job, error)
            return False
        self._done(job, saved, replaced)
        return True

    def _expected(self, draft: Draft) -> int | None:
        """The revision a save of ``draft`` must find stored: the newer of the one its text started from and the
        one this saver's last save of it made (``None``: not known, as for a journal from before revisions)."""
        assert draft.id is not None
        ours = self._revisions.get(draft.id, 0)
        newest = max(draft.revision, ours)
        return newest if newest > 0 else None

    def _write(self, job: _Job) -> tuple[Draft | None, int | None]:
        """Write one job; the draft as stored and, if it had to be made anew, the id it replaced."""
        store = self._connected()
        if isinstance(job.value, str):  # an alt text
            from composer.core.photos.library import set_alt_text

            with contextlib.suppress(KeyError):  # the photo left its draft meanwhile: no alt text to keep
                set_alt_text(store, job.key, job.value)
            return None, None
        try:
            saved = store.save(job.value, job.author, expected_revision=self._expected(job.value))
            self._revisions[job.key] = saved.revision
            return saved, None
        except KeyError:  # the draft is gone (emptied from the trash meanwhile): keep the text as a new one
            return store.create(job.author, **_content(job.value)), job.key

    def _done(self, job: _Job, saved: Draft | None, replaced: int | None) -> None:
        self._settle(job)
        self._tell(SaveEvent(SAVED, job.what, job.key, saved, replaced_id=replaced))

    def _conflicted(self, job: _Job, conflict: SaveConflict) -> None:
        """Not tried again: the author's text is in the draft's history, the window lets them choose."""
        self._settle(job)
        self._tell(SaveEvent(CONFLICT, job.what, job.key, conflict.theirs, mine=conflict.mine))

    def _settle(self, job: _Job) -> None:
        """``job`` is off the saver's hands: no longer pending nor journaled, unless newer content came since."""
        key = (job.what, job.key)
        with self._cond:
            latest = self._jobs.get(key) is job
            if latest:
                del self._jobs[key]
                self._journaled.pop(key, None)
        if latest:
            self.journal.forget(*key)

    def _failed(self, job: _Job, error: BaseException) -> None:
        self._drop_connection()
        problem = classify(error, self.path) or StoreError(self.path, str(error))
        journaled = self._journal(job)
        kind = DAMAGED if isinstance(problem, DatabaseDamaged) else FAILED
        self._tell(SaveEvent(kind, job.what, job.key, error=problem, journaled=journaled))

    def _journal(self, job: _Job) -> bool:
        """Write ``job`` to the journal unless it is there already; ``True`` when the journal has it."""
        key = (job.what, job.key)
        if self._journaled.get(key) == job.number:
            return True
        value = job.value
        if isinstance(value, Draft):  # the revision to save it from, should the next run have to
            value = replace(value, revision=self._expected(value) or 0)
        try:
            self.journal.write(job.what, job.key, value, job.author)
        except OSError:
            return False
        with self._cond:
            self._journaled[key] = job.number
        return True

    def _write_settings(self, settings: dict[str, object]) -> bool:
        if not settings:
            return True
        try:
            store = self._connected()
            with store.atomic():
                for key, value in settings.items():
                    store.set_setting(key, value)
        except Exception:  # noqa: BLE001 - a setting can wait for the next attempt
            self._drop_connection()
            return False
        with self._cond:
            for key, value in settings.items():
                if self._settings.get(key, _GONE) is value:
                    del self._settings[key]
        return True

    def _write_effort(self, effort: dict[tuple[int, str], int]) -> bool:
        """Add the writing time counted; what was written leaves :attr:`_effort` (what came since stays)."""
        if not effort:
            return True
        from composer.core.planning.effort import add_writing_time

        try:
            store = self._connected()
            with store.atomic():
                for (draft_id, author), seconds in effort.items():
                    add_writing_time(store, draft_id, author, seconds)
        except Exception:  # noqa: BLE001 - counted time can wait for the next attempt
            self._drop_connection()
            return False
        with self._cond:
            for key, seconds in effort.items():
                left = self._effort.pop(key, 0) - seconds
                if left > 0:
                    self._effort[key] = left
        return True

    def _connected(self) -> Store:
        if self._stale:
            self._stale = False
            self._drop_connection()
        if self._store is None:
            from composer.core.storage.store import Store

            self._store = Store.attach(self.path, self._busy_timeout_ms)
        return self._store

    def _drop_connection(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            with contextlib.suppress(*DatabaseError):
                store.close()

    def _tell(self, event: SaveEvent) -> None:
        with self._cond:
            listeners = list(self._listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):  # a listener's trouble must not stop the saving
                listener(event)


_GONE = object()


def news(store: Store, entries: list[Entry]) -> list[Entry]:
    """The journal entries whose content the database does not have (not just a clean-up that a crash cut short)."""
    found = []
    for entry in entries:
        try:
            if isinstance(entry.value, Draft):
                same = store.get(entry.key).same_content(entry.value)
            else:
                from composer.core.photos.library import get_draft_photo  # only when there is an alt text to compare

                same = get_draft_photo(store, entry.key).alt_text == entry.value
        except KeyError:
            same = False
        except DatabaseError:
            same = False
        if not same:
            found.append(entry)
    return found


def _content(draft: Draft) -> dict[str, Any]:
    """The fields of ``draft`` the author wrote, for :meth:`Store.create`."""
    return {"text": draft.text, "networks": draft.networks, "network_texts": dict(draft.network_texts),
            "purpose": draft.purpose, "audience": draft.audience}
