"""Hearing what colleagues change in the team database, as it happens: ``LISTEN composer`` (issue 12, point 6).

The team database's triggers (migration ``0010_live``) send a small JSON
object on the channel :data:`CHANNEL` when a draft, a photo, who is in a
photo, a person, a consent record or event, a publication, the house style
or who has a draft open changes; the server delivers it when the change is
committed. A :class:`Listener` keeps a connection of its own for that, on a
thread of its own, and calls its callback with each :class:`Change`. It
asks the server nothing while it waits: it sleeps until the server speaks
(the thread wakes twice a second only to see whether it must stop).

When the connection is lost (the server stopped, the network went away;
TCP keepalives notice a silent network within about 25 seconds) the
listener says so (``on_connection(False)``), connects again by itself,
waiting longer after each failure (:data:`BACKOFF_S`, up to
:data:`BACKOFF_MAX_S`), and once back calls the callback with a
:data:`RECONNECTED` change: what changed meanwhile was not heard, so
whoever listens reads everything anew.

The callback runs on the listener's thread: the window hands it to its own
thread (a queued signal), and neither blocks it for long nor raises (what
it raises is ignored). The local file has no listener (``Store.listen``
returns ``None``): one workstation, nobody else to hear.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

#: The channel the triggers notify on.
CHANNEL = "composer"
#: Waits before connecting again after a failure: the first, then doubled each time up to the last.
BACKOFF_S = 0.25
BACKOFF_MAX_S = 15.0
#: How often the waiting thread looks whether it must stop (no query: it only wakes up). Closing a window
#: waits for it, so short: at 0.5 s quitting the app on a team library took half a second more.
WAKE_S = 0.1
#: libpq's TCP keepalives on the listening connection, so that a network that silently went away is noticed.
KEEPALIVES = {"keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "5", "keepalives_count": "3"}
#: What the server shows for this connection (``pg_stat_activity.application_name``).
APPLICATION_NAME = "post-composer-live"
#: The ``table`` of the change a listener reports after connecting again: anything may have changed meanwhile.
RECONNECTED = "*"


@dataclass(frozen=True)
class Change:
    """One change a colleague committed (see ``migrations._0010_LIVE``).

    ``table``: ``drafts``, ``draft_photos``, ``crops``, ``photos``,
    ``photo_people``, ``people``, ``consent_records``, ``consent_events``,
    ``publications``, ``settings`` or ``presence`` (:data:`RECONNECTED`: the
    listener connected again, read everything anew); ``op``: ``insert``,
    ``update`` or ``delete``; ``key``: the row's key as text (a draft's or a
    record's id, a photo's hash, a setting's key; for ``consent_events`` the
    record's id, for ``presence`` the login); ``draft_id``: the draft the row
    belongs to, where there is one; ``by``: the login that made the change.
    """

    table: str
    op: str = ""
    key: str | None = None
    draft_id: int | None = None
    by: str = ""

    @property
    def register(self) -> bool:
        """A change of the consent register (or of who is in a photo): the consent checks must be run again."""
        return self.table in ("people", "consent_records", "consent_events", "photo_people", RECONNECTED)

    @classmethod
    def parse(cls, payload: str) -> Change | None:
        """A notification's payload as a :class:`Change`; ``None`` for one that is not ours."""
        try:
            data: Any = json.loads(payload)
            table, draft = data["table"], data.get("draft_id")
            key = data.get("id")
            if not isinstance(table, str) or not (draft is None or isinstance(draft, int)):
                return None
            return cls(table, str(data.get("op", "")), None if key is None else str(key), draft,
                       str(data.get("by", "")))
        except (ValueError, KeyError, TypeError):
            return None


class Listener:
    """Calls ``callback`` with every :class:`Change` colleagues commit (see the module).

    ``conninfo``: how to connect (libpq keywords, the password included), or
    a function that says so each time (the password may have changed).
    ``on_connection``: told ``True`` once connected (again) and ``False`` when
    the connection is lost, on the listener's thread. :meth:`start`, then
    :meth:`stop` once done.
    """

    def __init__(self, conninfo: str | Callable[[], str], callback: Callable[[Change], None],
                 on_connection: Callable[[bool], None] | None = None):
        self._conninfo = conninfo
        self._callback = callback
        self._on_connection = on_connection
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="team-listener", daemon=True)
        #: How many times the connection was made (1 after the first): for tests and the status bar.
        self.connections = 0
        #: The last reason connecting or listening failed (empty when all is well).
        self.problem = ""

    @property
    def connected(self) -> bool:
        """Listening now (not waiting to connect again)."""
        return self._connected.is_set()

    def start(self) -> None:
        self._thread.start()

    def wait_connected(self, timeout: float) -> bool:
        """Wait until listening (at most ``timeout`` seconds); ``True`` when it is."""
        return self._connected.wait(timeout)

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop listening and close the connection; ``True`` when the thread has ended within ``timeout``."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    # --- the thread ---------------------------------------------------------------------------------

    def _run(self) -> None:
        wait = BACKOFF_S
        first = True
        while not self._stopping.is_set():
            try:
                conn = self._connect()
            except Exception as error:  # noqa: BLE001 - the server, the network, the credential store: try again
                self.problem = str(error).strip() or type(error).__name__
                self._stopping.wait(wait)
                wait = min(wait * 2, BACKOFF_MAX_S)
                continue
            wait = BACKOFF_S
            self.connections += 1
            self.problem = ""
            self._connected.set()
            self._tell_connection(True)
            if not first:
                self._tell(Change(RECONNECTED))
            first = False
            try:
                self._listen(conn)
            except psycopg.Error as error:
                self.problem = str(error).strip() or type(error).__name__
            finally:
                self._connected.clear()
                with contextlib.suppress(psycopg.Error):
                    conn.close()
            if not self._stopping.is_set():
                self._tell_connection(False)
                self._stopping.wait(wait)

    def _connect(self) -> psycopg.Connection[Any]:
        conninfo = self._conninfo() if callable(self._conninfo) else self._conninfo
        conn = psycopg.connect(make_conninfo(conninfo, application_name=APPLICATION_NAME, **KEEPALIVES),
                               autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        while not self._stopping.is_set():
            for notify in conn.notifies(timeout=WAKE_S):
                if notify.channel != CHANNEL:
                    continue
                change = Change.parse(notify.payload)
                if change is not None:
                    self._tell(change)
                if self._stopping.is_set():
                    return
            if conn.broken or conn.closed:
                raise psycopg.OperationalError("the connection to the team database was lost")

    def _tell(self, change: Change) -> None:
        with contextlib.suppress(Exception):  # the listener's trouble must not stop the listening
            self._callback(change)

    def _tell_connection(self, connected: bool) -> None:
        if self._on_connection is not None:
            with contextlib.suppress(Exception):
                self._on_connection(connected)
