"""The window, live on the team library: what colleagues change shows here by itself (issue 12, points 5–7).

A :class:`~composer.core.storage.postgres.listening.Listener` (``Store.listen``)
hears each change a colleague commits; its thread hands it to the UI thread
through a queued signal, and :class:`TeamLive` gathers what comes within
:data:`DEBOUNCE_MS` into one read of what is needed:

- a draft changed: the drafts list is read again; if it is the open draft and
  nothing typed here waits to be saved, the colleague's text is shown (with
  unsaved text, the conditional save finds their newer revision and the
  conflict dialog lets the author choose: nothing is overwritten);
- the consent register changed (or who is in a photo), or the listener
  connected again: the open draft's consent is read again and its checks run
  again, so a withdrawal turns the consent check red here (an export checks
  the database itself and refuses);
- the house style changed: it is read and applied again;
- who has a draft open changed: "Also open by: carla" in the status bar
  (read again every :data:`PRESENCE_READ_S` seconds too, since a colleague
  whose computer went away is not heard leaving).

The reads run on a connection of their own on a lane of one thread
(:mod:`composer.ui.background`): typing never waits for the server. When the
listener loses its connection the status bar says that the team library is
out of reach and that what is typed is kept on this computer (the saver's
recovery journal); the message goes once the listener is back.

The local library has no listener (``Store.listen`` is ``None``): nothing
here runs, and the driver is never loaded.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from composer.core.checklist import Status
from composer.core.i18n import _
from composer.ui import accessibility, background
from composer.ui.look import STATUS_COLOURS, as_written, colour_text

if TYPE_CHECKING:
    from composer.core.checklist import CheckContext
    from composer.core.drafts.draft import Draft
    from composer.core.house_style import HouseStyleError
    from composer.core.storage.store import DraftRow, Store
    from composer.ui.window.checking import DraftChecks
    from composer.ui.window.draft_switching import DraftSwitcher
    from composer.ui.window.house_style import HouseStyleAndApproval

DEBOUNCE_MS = 100  # changes heard within this are read once (a withdrawal touches several rows)
PRESENCE_READ_S = 30  # who else has the open draft: read again this often (a colleague gone quietly)
READER_TIMEOUT_MS = 1000
RECONNECTED = "*"  # as listening.RECONNECTED (not imported: that module loads the driver)
_REGISTER = ("people", "consent_records", "consent_events", "photo_people")
_DRAFT_PARTS = ("draft_photos", "crops", "photos", "publications")  # what the open draft's checks read


@dataclass
class Wants:
    """What to read at the next turn (gathered from the changes heard)."""

    drafts: bool = False  # the drafts list
    open_draft: bool = False  # the open draft as stored (a colleague's text, a status flagged by a withdrawal)
    draft_part: bool = False  # its photos' consent and the publication log (core/context.py's draft part)
    style: bool = False  # the house style
    presence: bool = False  # who else has the open draft

    def any(self) -> bool:
        return self.drafts or self.open_draft or self.draft_part or self.style or self.presence

    def add(self, other: Wants) -> None:
        for name in ("drafts", "open_draft", "draft_part", "style", "presence"):
            setattr(self, name, getattr(self, name) or getattr(other, name))


@dataclass
class Ask:
    """One read, as the UI thread asks it (plain values: the reading thread touches no widget)."""

    wants: Wants
    draft_id: int | None
    search: str = ""
    trash: bool = False
    rows: int = 100  # how many of the list's first rows
    stage: str | None = None  # the drafts list's stage filter


@dataclass
class Read:
    """What one read found (``None``: not asked)."""

    ask: Ask
    rows: list[DraftRow] | None = None
    draft: Draft | None = None
    draft_part: CheckContext | None = None
    style: tuple[CheckContext, HouseStyleError | None] | None = None
    others: list[str] | None = field(default=None)


class _Reader:
    """A connection of its own to the team library, used only on the reading lane's one thread."""

    def __init__(self, store: Store):
        self.path = store.path
        self.store: Store | None = None

    def read(self, ask: Ask) -> Read:
        from composer.core.context import draft_context, library_context
        from composer.core.storage.store import Store

        if self.store is None:
            self.store = Store.attach(self.path, READER_TIMEOUT_MS)
        store, wants, found = self.store, ask.wants, Read(ask)
        try:
            if wants.drafts:
                found.rows = store.list_drafts(ask.search, trash=ask.trash, limit=ask.rows, offset=0,
                                               stage=ask.stage)
            if ask.draft_id is not None:
                with contextlib.suppress(KeyError):  # gone meanwhile: the list says so
                    if wants.open_draft:
                        found.draft = store.get(ask.draft_id)
                    if wants.draft_part:
                        found.draft_part = draft_context(store, ask.draft_id)
                if wants.presence:
                    found.others = store.open_by_others(ask.draft_id)
            if wants.style:
                found.style = library_context(store)
        except Exception:
            self.close()  # the server went away: log in anew next time
            raise
        return found

    def close(self) -> None:
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.close()
            self.store = None


class TeamLive(QObject):
    """Keeps the window live on the team library (see the module); does nothing on the local library.

    Signals:
        heard(object): a :class:`~composer.core.storage.postgres.listening.Change` (from the listener's thread).
        connection(bool): the listener is connected (``True``) or lost the connection (``False``).
        applied: a read was shown in the window (tests and the benchmark wait for it).
    """

    heard = Signal(object)
    connection = Signal(bool)
    applied = Signal()

    def __init__(self, store: Store, switcher: DraftSwitcher, checking: DraftChecks,
                 style: HouseStyleAndApproval, status_bar: QStatusBar, check: Any, parent: QObject):
        """``check()`` checks the open draft again; the switcher's ``save_error`` label gives way to the
        out-of-reach message while that shows (one sentence says it)."""
        super().__init__(parent)
        self.store, self.switcher, self.checking, self.style = store, switcher, checking, style
        self._check = check
        self.me = store.access.user or ""
        self.also_open = as_written(QLabel(status_bar))
        self.also_open.setObjectName("also-open")
        self.out_of_reach = QLabel(status_bar)
        self.out_of_reach.setObjectName("out-of-reach")
        self.out_of_reach.setWordWrap(False)
        colour_text(self.out_of_reach, STATUS_COLOURS[Status.FAIL])
        self.others: list[str] = []
        self.listener: Any = None
        self._wants = Wants()
        self._reading = False
        self._lane = background.Lane("team-reads", workers=1, daemon=True)
        self._reader = _Reader(store)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._read)
        self._presence_timer = QTimer(self, interval=PRESENCE_READ_S * 1000)
        self._presence_timer.timeout.connect(lambda: self.want(Wants(presence=True)))
        self.heard.connect(self._on_change, Qt.ConnectionType.QueuedConnection)
        self.connection.connect(self._on_connection, Qt.ConnectionType.QueuedConnection)
        if store.access.team:
            status_bar.addPermanentWidget(self.out_of_reach)
            status_bar.addPermanentWidget(self.also_open)
        self.out_of_reach.hide()
        self.also_open.hide()

    @property
    def live(self) -> bool:
        return self.listener is not None

    def start(self) -> None:
        """Start listening (team library only); who else has the open draft is read at once."""
        if not self.store.access.team or self.listener is not None:
            return
        self.listener = self.store.listen(self._from_listener, self._connection_from_listener)
        if self.listener is None:
            return
        self.switcher.opened.connect(self._on_opened)
        self.switcher.refresh_list_after_save = lambda: self.want(Wants(drafts=True))
        self._presence_timer.start()
        self._on_opened()

    def stop(self) -> None:
        """Stop listening and let go of the reading connection (the window is closing)."""
        listener, self.listener = self.listener, None
        self.switcher.refresh_list_after_save = self.switcher.refresh_list
        self._timer.stop()
        self._presence_timer.stop()
        if listener is not None:
            listener.stop(2.0)
            background.run(self._reader.close, lane=self._lane)

    # --- from the listener's thread ------------------------------------------------------------------

    def _from_listener(self, change: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the window is gone
            self.heard.emit(change)

    def _connection_from_listener(self, connected: bool) -> None:
        with contextlib.suppress(RuntimeError):
            self.connection.emit(connected)

    # --- on the UI thread ---------------------------------------------------------------------------------

    def _on_connection(self, connected: bool) -> None:
        self.switcher.save_error.setVisible(connected)
        if connected:
            self.out_of_reach.clear()
            self.out_of_reach.hide()
        else:
            self.out_of_reach.setText(_("Team library out of reach: what you type is kept on this computer"))
            accessibility.announce(self.out_of_reach, self.out_of_reach.text())
            self.out_of_reach.setToolTip(_("Post Composer connects again by itself and then saves what waited."))
            self.out_of_reach.show()

    def _on_opened(self, _draft_id: int | None = None) -> None:
        """Another draft is open here: say so to the server (the saver's thread) and read who else has it."""
        current = self.switcher.current
        self.switcher.saver.show_open(current.id if current is not None else None)
        self._show_others([])
        self.want(Wants(presence=True))

    def _on_change(self, change: Any) -> None:
        if self.listener is None:
            return
        self.want(wants_for(change, self.me, self._open_id()))

    def want(self, wants: Wants) -> None:
        """Read what ``wants`` names soon (changes heard meanwhile are read along)."""
        if not wants.any():
            return
        self._wants.add(wants)
        if not self._reading and not self._timer.isActive():
            self._timer.start()

    def _open_id(self) -> int | None:
        current = self.switcher.current
        return current.id if current is not None else None

    def _read(self) -> None:
        if self.listener is None or self._reading or not self._wants.any():
            return
        wants, self._wants = self._wants, Wants()
        drafts = self.switcher.drafts
        rows = max(drafts.model.PAGE, drafts.model.rowCount())  # as many as the list shows (as it reads them)
        ask = Ask(wants, self._open_id(), drafts.search.text(), drafts.in_trash, rows, drafts.stage)
        self._reading = True
        background.run(self._reader.read, ask, done=self._apply, failed=self._not_read, lane=self._lane)

    def _not_read(self, _error: Exception) -> None:
        """The server is away: the listener says so, and reads everything again once it is back."""
        self._reading = False
        self._again()

    def _again(self) -> None:
        if self._wants.any() and self.listener is not None:
            self._timer.start()

    def _apply(self, found: Read) -> None:
        self._reading = False
        try:
            if self.listener is not None and not self.switcher.closed:
                self._show(found)
        finally:
            self._again()
            self.applied.emit()

    def _show(self, found: Read) -> None:
        ask, open_id, switcher = found.ask, self._open_id(), self.switcher
        drafts = switcher.drafts
        if found.style is not None:
            self.style.use_context(*found.style)
        same_draft = ask.draft_id is not None and ask.draft_id == open_id
        if same_draft and found.draft is not None:
            switcher.colleague_saved(found.draft)
        if same_draft and found.draft_part is not None:
            self.checking.use_draft_part(open_id, found.draft_part)
        listed = (drafts.search.text(), drafts.in_trash, drafts.stage)
        if found.rows is not None and listed == (ask.search, ask.trash, ask.stage):
            switcher.refresh_list(first_page=found.rows)
        if same_draft and found.others is not None:
            self._show_others(found.others)
        if found.style is not None or found.draft_part is not None or found.draft is not None:
            self._check()

    def _show_others(self, others: list[str]) -> None:
        self.others = others
        if others:
            self.also_open.setText(_("Also open by: {logins}").format(logins=", ".join(others)))
            self.also_open.setToolTip(_("These colleagues have this draft open now. Saving never overwrites "
                                        "their newer text: if you both change it, you choose which text goes on."))
            self.also_open.show()
        else:
            self.also_open.clear()
            self.also_open.hide()


def wants_for(change: Any, me: str, open_id: int | None) -> Wants:
    """What a change heard asks to read again (a change of one's own login is the saver's news, not news)."""
    table = change.table
    if table == RECONNECTED:
        return Wants(drafts=True, open_draft=True, draft_part=True, style=True, presence=True)
    if change.by == me:
        return Wants()
    mine_open = open_id is not None and change.draft_id == open_id
    if table == "presence":
        return Wants(presence=mine_open)
    if table == "drafts":
        return Wants(drafts=True, open_draft=mine_open)
    if table in _REGISTER:
        return Wants(open_draft=open_id is not None, draft_part=open_id is not None, drafts=True)
    if table == "publications":  # the open draft's cadence, and the listed draft's stage (published)
        return Wants(draft_part=True, drafts=True)
    if table == "plans":  # a colleague's plan: the listed stage, and the cadence counts planned posts
        return Wants(draft_part=True, drafts=True)
    if table in _DRAFT_PARTS:
        return Wants(draft_part=mine_open)
    if table == "settings":
        return Wants(style=change.key == "house_style")
    return Wants()
