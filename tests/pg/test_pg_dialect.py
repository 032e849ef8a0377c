"""What a PostgreSQL connection writes differently (core/storage/postgres/dialect.py), checked on the server."""

from __future__ import annotations

import pytest

from composer.core.storage.postgres import dialect
from composer.core.storage.postgres.dialect import in_list, placeholders


@pytest.mark.parametrize(("core", "psycopg"), [
    ("SELECT id FROM drafts WHERE id = ?", "SELECT id FROM drafts WHERE id = %s"),
    ("SELECT ?, ?", "SELECT %s, %s"),
    ("SELECT '?' || ?", "SELECT '?' || %s"),
    ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', %s"),
    ("SELECT \"odd?name\" FROM t WHERE x = ?", "SELECT \"odd?name\" FROM t WHERE x = %s"),
    ("SELECT E'a\\'?' , ?", "SELECT E'a\\'?' , %s"),
    ("SELECT $$ ? $$, $tag$ ?'$tag$, ?", "SELECT $$ ? $$, $tag$ ?'$tag$, %s"),
    ("SELECT 1 -- what? \n, ?", "SELECT 1 -- what? \n, %s"),
    ("SELECT /* ? */ ?", "SELECT /* ? */ %s"),
    ("SELECT x FROM t WHERE y LIKE '50%' AND z = 100 % ?", "SELECT x FROM t WHERE y LIKE '50%%' AND z = 100 %% %s"),
    ("SELECT type FROM t WHERE type='table' AND name = ?", "SELECT type FROM t WHERE type='table' AND name = %s"),
])
def test_placeholders_become_psycopgs_outside_quotes_and_comments(core, psycopg):
    assert placeholders(core) == psycopg


def test_translated_sql_runs_with_its_parameters(team):
    conn = team.admin()
    sql = placeholders("SELECT ?::text || '?%', 7 % ?, $$?$$ /* ? */ -- ?\n")
    assert conn.execute(sql, ["a", 4]).fetchone() == ("a?%", 3, "?")


def test_a_list_is_one_parameter_whatever_its_length(team):
    conn = team.admin()
    columns = {"bigint": "unnest(ARRAY[1, 2, 3]::bigint[])", "text": "unnest(ARRAY['a', 'b', 'c'])"}
    for values, kind, wanted in (([3, 1], None, [1, 3]), (["c", "a"], None, ["a", "c"]), ([], "bigint", []),
                                 ([], "text", []), ([2], "bigint", [2]), ([2], "text", [])):
        sql, params = in_list(values, kind)
        source = columns[kind or ("bigint" if isinstance(values[0], int) else "text")]
        rows = conn.execute(placeholders(f"SELECT x FROM {source} AS x WHERE x IN {sql} ORDER BY 1"), params)
        assert [row[0] for row in rows] == wanted, (values, kind)


def test_an_unknown_list_kind_is_refused():
    with pytest.raises(ValueError):
        in_list([1], "integer[]; DROP TABLE drafts")


def test_search_gives_no_join_and_one_condition():
    assert dialect.draft_search("café Élan") == ("", "d.search @@ (SELECT search_query(?))", ["café Élan"])
    assert dialect.draft_search("\x00\t") is None
    assert dialect.draft_search("a\x00b") == ("", dialect.SEARCH_CONDITION, ["a b"])
