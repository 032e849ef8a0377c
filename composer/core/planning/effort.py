"""The time a draft took: measured while writing, per draft and per colleague, corrected by hand (issue 13, point 3).

Nobody is asked to keep a timesheet. :class:`EffortMeter` counts *active*
writing: each edit adds the time since the previous edit when that gap is at
most :data:`IDLE_S` seconds; a longer pause (reading, a phone call, lunch)
adds nothing. It is given monotonic seconds and has no clock of its own, so it
costs one subtraction per keystroke and tests need no sleeping.

What was counted is added to the ``effort`` table (:func:`add_writing_time`:
one upsert that adds, so two windows of one colleague never overwrite each
other) alongside the draft's saves. Time the meter cannot see — taking the
photos, asking a colleague — is added by hand (:func:`correct`) as
``extra_seconds`` with a note; a correction may be negative, but a draft's
total never goes below zero. On the team library the row is the login's,
whatever name is sent, and a login may change only its own row (the server's
``effort_own`` trigger).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.store import now

if TYPE_CHECKING:
    from composer.core.storage.store import Store

#: A pause longer than this between two edits is not writing time.
IDLE_S = 60.0
#: A correction larger than this (in minutes, either way) is a typing mistake: four working weeks.
MAX_CORRECTION_MIN = 160 * 60
MAX_NOTE = 500
_MINUTES = re.compile(r"[+-]?\d{1,7}")


class EffortError(ValueError):
    """A correction refused, with a translated message to show as is; nothing was written."""


class EffortMeter:
    """Counts active writing time for the draft being written (see the module).

    ``edit(at)`` for each edit, with monotonic seconds; :meth:`take` hands over
    the whole seconds counted so far (the fraction stays for next time);
    :meth:`switch` hands over everything for the draft left and starts on the
    next one.
    """

    __slots__ = ("draft_id", "counted", "last", "idle_s")

    def __init__(self, draft_id: int | None = None, idle_s: float = IDLE_S):
        self.draft_id = draft_id
        self.counted = 0.0  # seconds not handed over yet
        self.last: float | None = None  # when the previous edit was made
        self.idle_s = idle_s

    def edit(self, at: float) -> None:
        """An edit at ``at`` (monotonic seconds): the gap since the previous one counts if it was short."""
        last = self.last
        if last is not None and 0.0 <= at - last <= self.idle_s:
            self.counted += at - last
        self.last = at

    def take(self) -> tuple[int | None, int]:
        """The draft and the whole seconds counted since the last hand-over (those seconds leave the meter)."""
        whole = int(self.counted)
        self.counted -= whole
        return self.draft_id, whole

    def switch(self, draft_id: int | None) -> tuple[int | None, int]:
        """Another draft is written now: everything counted for the one before (rounded), for the caller to keep."""
        left, seconds = self.draft_id, round(self.counted)
        self.draft_id, self.counted, self.last = draft_id, 0.0, None
        return left, seconds


@dataclass(frozen=True)
class AuthorEffort:
    """One colleague's time on one draft: measured, corrected by hand, and the note of the correction."""

    author: str
    writing_seconds: int
    extra_seconds: int = 0
    note: str = ""

    @property
    def seconds(self) -> int:
        return self.writing_seconds + self.extra_seconds


@dataclass(frozen=True)
class DraftEffort:
    """A draft's time, per colleague (most first)."""

    draft_id: int
    authors: tuple[AuthorEffort, ...] = ()

    @property
    def seconds(self) -> int:
        return max(0, sum(a.seconds for a in self.authors))

    def of(self, author: str) -> AuthorEffort | None:
        return next((a for a in self.authors if a.author == author), None)


def add_writing_time(store: Store, draft_id: int, author: str, seconds: int) -> None:
    """Add ``seconds`` measured while ``author`` wrote ``draft_id`` (nothing for a draft gone meanwhile).

    One statement that adds to what is stored, on both back ends; on the team library the author is the login.
    """
    if seconds <= 0:
        return
    store.db.execute(
        "INSERT INTO effort (draft_id, author, writing_seconds, updated_at)"
        " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM drafts WHERE id = ?)"
        " ON CONFLICT (draft_id, author) DO UPDATE SET"
        " writing_seconds = effort.writing_seconds + excluded.writing_seconds, updated_at = excluded.updated_at",
        [draft_id, store.author(author), int(seconds), now(), draft_id])


def effort_of(store: Store, draft_id: int) -> DraftEffort:
    """Who spent how long on ``draft_id``."""
    rows = store.db.all("SELECT author, writing_seconds, extra_seconds, note FROM effort WHERE draft_id = ?"
                        " ORDER BY writing_seconds + extra_seconds DESC, author", [draft_id])
    return DraftEffort(draft_id, tuple(AuthorEffort(*row) for row in rows))


def parse_minutes(text: str) -> int:
    """Whole minutes to add (``15``, ``+15``) or take off (``-10``) as typed; :class:`EffortError` otherwise."""
    cleaned = text.strip().replace(" ", "").replace("\u2212", "-")
    if not _MINUTES.fullmatch(cleaned):
        raise EffortError(_("“{text}” is not a whole number of minutes: write for example 15 to add a quarter "
                            "of an hour, or -10 to take ten minutes off.").format(text=text.strip()[:20]))
    minutes = int(cleaned)
    if abs(minutes) > MAX_CORRECTION_MIN:
        raise EffortError(_("{minutes} minutes is more than a month of work: check the number.").format(
            minutes=minutes))
    return minutes


def correct(store: Store, draft_id: int, author: str, minutes: str | int, note: str = "") -> DraftEffort:
    """Add (or, negative, take off) ``minutes`` of ``author``'s time on ``draft_id`` by hand, with a note.

    ``minutes`` may be the text as typed (see :func:`parse_minutes`). Refused when the draft's total would
    go below zero, saying how much can be taken off. A note given replaces the author's earlier note.
    """
    delta = parse_minutes(minutes) * 60 if isinstance(minutes, str) else int(minutes) * 60
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise EffortError(_("The note is too long: at most {count} characters.").format(count=MAX_NOTE))
    if store.db.one("SELECT 1 FROM drafts WHERE id = ?", [draft_id]) is None:
        raise EffortError(_("Draft #{id} does not exist.").format(id=draft_id))
    with store.atomic():
        total = effort_of(store, draft_id).seconds
        if total + delta < 0:
            raise EffortError(_("The writing time cannot go below zero: at most {minutes} min can be taken "
                                "off.").format(minutes=total // 60))
        store.db.execute(
            "INSERT INTO effort (draft_id, author, extra_seconds, note, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (draft_id, author) DO UPDATE SET"
            " extra_seconds = effort.extra_seconds + excluded.extra_seconds,"
            " note = CASE WHEN excluded.note = '' THEN effort.note ELSE excluded.note END,"
            " updated_at = excluded.updated_at",
            [draft_id, store.author(author), delta, note, now()])
    return effort_of(store, draft_id)


def _minutes(seconds: int) -> int:
    """Whole minutes, half a minute rounded up (as people round)."""
    return (seconds + 30) // 60


def minutes_text(seconds: int) -> str:
    """``12 min``, ``1 h 5 min``; under half a minute ``< 1 min``."""
    minutes = _minutes(max(0, seconds))
    if minutes == 0:
        return _("< 1 min") if seconds > 0 else _("0 min")
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    return _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)


def effort_text(effort: DraftEffort, me: str, pending: int = 0) -> str:
    """The status bar's line: ``Writing time: 12 min (you 9, Els 3)``; ``pending``: my seconds not stored yet."""
    authors = {a.author: a.seconds for a in effort.authors}
    authors[me] = authors.get(me, 0) + pending
    total = max(0, sum(authors.values()))
    if total == 0:
        return _("Writing time: none yet")
    text = _("Writing time: {time}").format(time=minutes_text(total))
    shares = [(_("you") if who == me else who, seconds) for who, seconds in authors.items() if seconds > 0]
    if len(shares) > 1 or (shares and shares[0][0] != _("you")):
        parts = ", ".join(f"{who} {_minutes(seconds)}" for who, seconds in
                          sorted(shares, key=lambda share: -share[1]))
        text += f" ({parts})"
    return text
