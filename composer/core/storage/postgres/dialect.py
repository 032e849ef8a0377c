"""What a PostgreSQL connection writes differently from SQLite: placeholders, lists, search, stored text.

Pure functions, no driver: the PostgreSQL :class:`~composer.core.storage.connection.Connection`
(to come) calls them, so the core's SQL stays the one both back ends read.

``?`` → ``%s``
    :func:`placeholders`: psycopg wants ``%s`` and reads every ``%`` as the
    start of one, inside string literals too; ``?`` inside a literal, a quoted
    name or a comment stays.
a list as one parameter
    :func:`in_list`: ``(SELECT unnest(?::bigint[]))`` or ``::text[]``, by the
    values' type (an empty list must still say which, as the column it is
    compared with: ``kind``).
search
    :func:`draft_search`: ``d.search @@ (SELECT search_query(?))`` on the
    column the migrations keep; no join.
text
    :func:`storable`: PostgreSQL's ``text`` holds no NUL character (SQLite's
    does): it is replaced, as a lone surrogate is by ``storable_text``.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

#: What the drafts list adds to find drafts matching a search (see ``Connection.draft_search``).
#: The query is a sub-select so that it is computed once, also when the planner reads every row.
SEARCH_CONDITION = "d.search @@ (SELECT search_query(?))"


@functools.lru_cache(maxsize=1024)
def placeholders(sql: str) -> str:
    """``sql`` with each ``?`` parameter as ``%s`` and each ``%`` as ``%%`` (psycopg's style); cached per text.

    Quoted strings (``'…'``, ``E'…'``, ``$tag$…$tag$``), quoted names
    (``"…"``) and comments keep their ``?``. PostgreSQL's jsonb operators
    ``?``, ``?|`` and ``?&`` cannot be written in the core's SQL (SQLite has
    none): they would be taken for parameters.
    """
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        end = _end_of_quoted(sql, i)
        if end > i:
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _end_of_quoted(sql: str, i: int) -> int:
    """Where the literal, quoted name or comment starting at ``i`` ends; ``i`` when none starts there."""
    ch = sql[i]
    if sql.startswith("--", i):
        end = sql.find("\n", i)
        return len(sql) if end < 0 else end + 1
    if sql.startswith("/*", i):
        end = sql.find("*/", i + 2)
        return len(sql) if end < 0 else end + 2
    starts_word = i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")
    if ch in "eE" and sql.startswith("'", i + 1) and starts_word:
        return _end_of_string(sql, i + 1, backslashes=True)
    if ch in "'\"":
        return _end_of_string(sql, i)
    if ch == "$" and starts_word:
        return _end_of_dollar_quoted(sql, i)
    return i


def _end_of_string(sql: str, i: int, backslashes: bool = False) -> int:
    """The end of the ``'…'`` or ``"…"`` at ``i`` (the quote doubled inside; ``\\`` escapes in an ``E'…'``)."""
    quote, j, n = sql[i], i + 1, len(sql)
    while j < n:
        if backslashes and sql[j] == "\\":
            j += 2
        elif sql[j] != quote:
            j += 1
        elif sql.startswith(quote * 2, j):
            j += 2
        else:
            return j + 1
    return n


def _end_of_dollar_quoted(sql: str, i: int) -> int:
    """The end of the ``$tag$…$tag$`` at ``i``; ``i`` when ``$`` starts no tag there (a ``$1`` parameter)."""
    close = sql.find("$", i + 1)
    tag = sql[i:close + 1] if close > 0 else ""
    if not tag or tag[1:2].isdigit() or not all(c.isalnum() or c == "_" for c in tag[1:-1]):
        return i
    end = sql.find(tag, close + 1)
    return len(sql) if end < 0 else end + len(tag)


def in_list(values: Iterable[Any], kind: str | None = None) -> tuple[str, list[Any]]:
    """``(sql, params)`` for ``column IN <sql>``: every value as one array parameter.

    ``kind``: ``"bigint"`` or ``"text"``, the column's; read from the values
    when not given (integers: ``bigint``; otherwise ``text``). An empty list
    without ``kind`` is ``text`` — compared with an integer column PostgreSQL
    refuses it, so say ``kind`` where the list may be empty.
    """
    items = list(values)
    if kind is None:
        kind = "bigint" if items and all(isinstance(v, int) and not isinstance(v, bool) for v in items) else "text"
    if kind not in ("bigint", "text"):
        raise ValueError(f"kind is bigint or text, not {kind!r}")
    return f"(SELECT unnest(?::{kind}[]))", [items if kind == "bigint" else [str(v) for v in items]]


def search_text(search: str) -> str:
    """What a person typed, without what no text holds (control characters, lone surrogates, NUL)."""
    return "".join(" " if "\ud800" <= ch <= "\udfff" or unicodedata.category(ch) == "Cc" else ch for ch in search)


def draft_search(search: str) -> tuple[str, str, list[Any]] | None:
    """``(join, condition, params)`` for the drafts list (``drafts d``), or ``None`` when nothing is typed.

    Every word must begin a word of the text or of a network's own version,
    accents and case ignored (``search_query`` in the database, migration 0001).
    """
    typed = search_text(search)
    if not typed.split():
        return None
    return "", SEARCH_CONDITION, [typed]


def storable(text: str) -> str:
    """``text`` as PostgreSQL can hold it: NUL becomes U+FFFD (SQLite keeps NUL; PostgreSQL refuses it)."""
    return text.replace("\x00", "\ufffd")
