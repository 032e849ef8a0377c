"""The one way the core reaches its database: a :class:`Connection`.

Every module of the core (the store, photos, consent, export, the publication
log) sends its SQL through ``store.db``, an object with the methods below, and
never through a driver of its own. There are two implementations:
:class:`~composer.core.storage.sqlite.SqliteConnection` (``sqlite.py``), the
local file, and :class:`~composer.core.storage.postgres.connection.PostgresConnection`
(``postgres/connection.py``), the team database. What a back end does
differently lives in its connection class and nowhere else, without changes
in the UI or the rules.

The SQL the core writes is the SQL both SQLite and PostgreSQL understand:
``INSERT … ON CONFLICT … DO UPDATE SET x = excluded.x`` and ``DO NOTHING``
(never ``INSERT OR IGNORE``/``OR REPLACE``), ``CASE WHEN`` rather than adding
up booleans, no ``group_concat``, no column alias in a ``WHERE``, text as
ISO dates, ``LIMIT`` only with a real number. Where the two cannot share
the SQL, the connection writes it:

``?`` placeholders
    The core writes ``?``. A connection whose driver wants another style
    (psycopg: ``%s``) translates them, once per statement text (cache it), and
    doubles a literal ``%``.
:meth:`Connection.insert`
    The new row's id: SQLite 3.35+ and PostgreSQL both say ``RETURNING id``.
:meth:`Connection.in_list`
    "``x IN`` these values" with one parameter, however many values:
    ``json_each(?)`` in SQLite, ``unnest(%s)`` over an array in PostgreSQL.
:meth:`Connection.draft_search`
    Full-text search of the drafts: FTS5 ``MATCH`` with prefix words in
    SQLite; a ``tsvector`` with the Dutch and simple configurations in
    PostgreSQL.
:meth:`Connection.atomic`
    ``BEGIN IMMEDIATE`` (take the write lock at once, so a lock is found at
    the start and not half-way) and ``SAVEPOINT`` when nested, in SQLite;
    ``BEGIN`` and ``SAVEPOINT`` in PostgreSQL.
:meth:`Connection.tables`
    ``sqlite_master`` here, ``pg_tables`` there.
:attr:`Connection.keeps_files`
    Where the bytes of photos and evidence scans live: in the data folder
    beside the local file (``False``), or in the team database itself, in
    the rows' ``data`` column (``True``), so that every workstation can
    export them; the data folder's copy is then a local cache.
:data:`~composer.core.storage.errors.DatabaseError`
    The driver's base exception (in ``errors.py``), for the few places (the
    saver, the window's last resort) that must catch whatever a database
    raises; a second back end makes it a tuple of both drivers' base classes,
    and teaches ``errors.classify`` its error codes, which turns a driver's
    error into one of the errors the user is told about.

Schema, pragmas and everything about the file itself are not part of the
interface: opening the local file (``opening.py``: ``PRAGMA user_version``,
WAL, ``quick_check``, repair, backups) and its migrations (``migrations.py``,
through sqlite-utils) are SQLite's own. A second back end brings its own
opening, its own numbered migrations under the same names (``schema.py``),
and triggers of its own for the append-only consent history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

Params = Sequence[Any]
Row = tuple[Any, ...]


class Connection(Protocol):
    """One connection to the database; used from one thread at a time."""

    #: ``"sqlite"`` or ``"postgresql"``: for the rare test or message that must know.
    dialect: str
    #: Whether the rows of photos and evidence hold their bytes (``data``): see the module.
    keeps_files: bool

    @property
    def in_transaction(self) -> bool:
        """Inside :meth:`atomic` (or any transaction not yet committed)."""
        ...

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed (``-1`` when that means nothing, e.g. DDL)."""
        ...

    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run one statement once per row of parameters; the rows changed in all."""
        ...

    def one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or ``None``."""
        ...

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a query."""
        ...

    def value(self, sql: str, params: Params = (), default: Any = None) -> Any:
        """The first column of the first row (``default`` when there is no row)."""
        ...

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run an ``INSERT`` of one row into a table with an ``id`` key; the new row's id."""
        ...

    def atomic(self) -> AbstractContextManager[None]:
        """All of the block is written, or none of it; nested, only the inner block is undone when it fails."""
        ...

    def after_commit(self, action: Callable[[], object]) -> None:
        """Run ``action`` once what is written now has been committed; never if it is rolled back.

        For what cannot be undone, such as deleting a file whose row is gone.
        Outside a transaction (every statement commits at once) it runs now.
        """
        ...

    def in_list(self, values: Iterable[Any], kind: str | None = None) -> tuple[str, list[Any]]:
        """``(sql, params)`` for ``column IN <sql>``: every value given, as one parameter.

        ``kind``: ``"bigint"`` or ``"text"``, the column's type, for a back end that types its
        parameters (PostgreSQL) and so must be told when the list may be empty.
        """
        ...

    def draft_search(self, search: str) -> tuple[str, str, list[Any]] | None:
        """How the drafts list (``drafts d``) keeps the drafts matching what a person typed.

        ``(join, condition, params)``, or ``None`` when ``search`` holds no word.
        Every word must begin a word of the shared text or of one of the
        networks' own versions, accents ignored.
        """
        ...

    def tables(self) -> set[str]:
        """The names of the tables in the database."""
        ...

    def close(self) -> None:
        ...


def run_all(actions: Iterable[Callable[[], object]]) -> None:
    """Run every action (what waited for a commit); the first failure is raised once all have had their turn."""
    failure: BaseException | None = None
    for action in actions:
        try:
            action()
        except Exception as error:  # noqa: BLE001 - the others must still run
            failure = failure or error
    if failure is not None:
        raise failure


def new_id(rows: list[Row], sql: str) -> int:
    """The id an ``INSERT … RETURNING id`` of one row gave (``ValueError`` for any other number of rows)."""
    if len(rows) != 1:
        raise ValueError(f"expected one new row, not {len(rows)}: {sql}")
    found: int = rows[0][0]
    return found
