"""The team database as a :class:`~composer.core.storage.connection.Connection`: what is PostgreSQL's own.

:class:`PostgresConnection` wraps one ``psycopg`` 3 connection in autocommit
mode: every statement is written at once unless in :meth:`~PostgresConnection.atomic`,
which is ``BEGIN`` … ``COMMIT`` (``SAVEPOINT`` when nested, through psycopg's
``transaction()``). The core's SQL arrives as both back ends read it; what
PostgreSQL wants differently comes from ``dialect.py``: ``?`` becomes ``%s``
(cached per statement text), a list is one array parameter, search is the
``tsvector`` column, and text parameters lose their NUL characters
(``storable``). ``bytes`` go to ``bytea`` columns as they are.

Whatever psycopg raises leaves here as
:class:`~composer.core.storage.errors.PostgresError` (psycopg's error as its
``__cause__``), with the SQLSTATE, the constraint or rule the server named,
and ``lost=True`` when the connection is gone, so that
``errors.classify`` can say what happened in words and the rest of the core
never sees the driver.

This module imports psycopg (~130 ms): only the team library loads it
(``opening.py`` beside it imports it when a team library is opened).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import pq

from composer.core.storage.connection import new_id, run_all
from composer.core.storage.errors import PostgresError
from composer.core.storage.postgres import dialect
from composer.core.storage.postgres.migrations import SCHEMA

if TYPE_CHECKING:
    from composer.core.storage.connection import Params, Row

#: SQLSTATEs that mean the server went away (admin_shutdown, crash_shutdown, cannot_connect_now).
_GONE_STATES = ("57P01", "57P02", "57P03")
#: libpq gives no SQLSTATE for a refused login, only the server's message: the code read from its words.
#: (The server writes them in its own ``lc_messages``; in another language the login is "unreachable".)
_LOGIN_STATES = (
    ("password authentication failed", "28P01"),    # invalid_password
    ("permission denied for database", "42501"),    # no CONNECT: a login without a team role
    ("no pg_hba.conf entry", "28000"),              # invalid_authorization_specification
    ("does not exist", "3D000"),                    # the database (or the role, with trust)
    ("too many connections", "53300"),
    ("the database system is starting up", "57P03"),
    ("the database system is shutting down", "57P03"),
)


def wrap_error(error: psycopg.Error, raw: psycopg.Connection[Any] | None = None, *, connecting: bool = False,
               server: str = "", user: str = "") -> PostgresError:
    """``error`` as a :class:`PostgresError` (raise it ``from error``); ``raw``: the connection it came from."""
    diag = getattr(error, "diag", None)
    sqlstate = getattr(error, "sqlstate", None) or None
    if sqlstate is None and connecting:
        text = str(error)
        sqlstate = next((state for words, state in _LOGIN_STATES if words in text), None)
    constraint = getattr(diag, "constraint_name", None) if diag is not None else None
    gone = raw is not None and (raw.closed or raw.broken)
    lost = bool(gone or (sqlstate or "").startswith("08") or sqlstate in _GONE_STATES
                or (isinstance(error, psycopg.OperationalError) and sqlstate is None and not connecting))
    message = str(error).strip() or type(error).__name__
    return PostgresError(message, sqlstate, constraint, lost=lost and not connecting, connecting=connecting,
                         server=server, user=user)


def _storable(params: Params) -> list[Any]:
    """The parameters as PostgreSQL holds them: text without NUL; everything else as it is."""
    return [dialect.storable(value) if isinstance(value, str) else value for value in params]


class PostgresConnection:
    """A :class:`~composer.core.storage.connection.Connection` to the team database (see the module).

    ``server`` and ``user`` name the database and the login in the errors raised.
    """

    dialect = "postgresql"
    keeps_files = True  # photos and evidence scans in the rows (``data bytea``): every workstation exports them

    def __init__(self, raw: psycopg.Connection[Any], server: str = "", user: str = ""):
        if not raw.autocommit:
            raw.autocommit = True
        self._raw = raw
        self.server = server
        self.user = user
        self._conninfo = self.second_conninfo()  # to log in again once a lost connection's server is back
        self._closed = False  # closed here (not lost): stays closed
        #: One list per open :meth:`atomic` level: what runs once the outermost level commits.
        #: (``None`` for a savepoint in a transaction begun elsewhere, whose commit it cannot see.)
        self._after: list[list[Callable[[], object]] | None] = []

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection, for what only PostgreSQL has (``LISTEN``, the roles): never for the core's SQL."""
        return self._raw

    def second_conninfo(self) -> str:
        """How to open another connection as this one's login, to the same database (``listening.py``).

        The password is in it: never show or log it.
        """
        from psycopg.conninfo import make_conninfo

        info = self._raw.info
        return make_conninfo(info.dsn, password=info.password) if info.password else info.dsn

    # --- the interface -------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._raw.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Params = ()) -> int:
        with self._errors():
            return self._raw.execute(dialect.placeholders(sql), _storable(params)).rowcount

    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        with self._errors():
            cursor = self._raw.cursor()
            cursor.executemany(dialect.placeholders(sql), [_storable(row) for row in rows])
            return cursor.rowcount

    def one(self, sql: str, params: Params = ()) -> Row | None:
        with self._errors():
            row: Row | None = self._raw.execute(dialect.placeholders(sql), _storable(params)).fetchone()
            return row

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        with self._errors():
            return self._raw.execute(dialect.placeholders(sql), _storable(params)).fetchall()

    def value(self, sql: str, params: Params = (), default: Any = None) -> Any:
        row = self.one(sql, params)
        return default if row is None else row[0]

    def insert(self, sql: str, params: Params = ()) -> int:
        return new_id(self.all(f"{sql} RETURNING id", params), sql)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested): all of it is written, or none."""
        # a savepoint inside a transaction that atomic() did not begin cannot see its commit
        ours = (not self.in_transaction) if not self._after else self._after[-1] is not None
        self._after.append([] if ours else None)
        try:
            with self._errors(), self._raw.transaction():
                yield
        except BaseException:
            self._after.pop()  # what the block wanted after the commit goes with it
            raise
        done = self._after.pop()
        if done is None:
            return
        above = self._after[-1] if self._after else None
        if above is not None:
            above.extend(done)
        elif not self._after:
            self._run(done)

    def after_commit(self, action: Callable[[], object]) -> None:
        level = self._after[-1] if self._after else None
        if level is not None:
            level.append(action)
        elif self.in_transaction:
            raise RuntimeError("after_commit inside a transaction not begun by atomic(): its commit cannot be seen")
        else:
            self._run([action])

    def in_list(self, values: Iterable[Any], kind: str | None = None) -> tuple[str, list[Any]]:
        return dialect.in_list(values, kind)

    def draft_search(self, search: str) -> tuple[str, str, list[Any]] | None:
        return dialect.draft_search(search)

    def tables(self) -> set[str]:
        # pg_tables, not information_schema.tables: the latter hides the tables this login has no privilege on
        return {str(name) for (name,) in self.all("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ?",
                                                 [SCHEMA])}

    def close(self) -> None:
        self._closed = True
        self._raw.close()

    # --- inside ------------------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Hand on whatever psycopg raises as a :class:`PostgresError` (see the module).

        A connection lost outside a transaction (the server went away and came back) is made anew first,
        as the same login: the window's store works again once the server is back.
        """
        if (self._raw.closed or self._raw.broken) and not self._after and not self._closed:
            try:
                self._raw = psycopg.connect(self._conninfo, autocommit=True)
            except psycopg.Error as error:
                raise wrap_error(error, None, connecting=True, server=self.server, user=self.user) from error
        try:
            yield
        except psycopg.Error as error:
            raise wrap_error(error, self._raw, server=self.server, user=self.user) from error

    @staticmethod
    def _run(actions: list[Callable[[], object]]) -> None:
        run_all(actions)
