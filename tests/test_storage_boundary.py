"""The database is reached through core/storage alone (issue 11): no SQL in the UI or the command line,
no driver and no raw connection anywhere else, so a second back end changes core/storage only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "composer"
STORAGE = PACKAGE / "core" / "storage"
SQL = re.compile(r"""["'](?:\s*)(?:SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|PRAGMA\s)""")
RAW = re.compile(r"^\s*(?:import sqlite3|from sqlite3 |import sqlite_utils|from sqlite_utils )|\.conn\b|"
                 r"\bstore\.execute\(|\.lastrowid\b|\bsqlite3\.connect\(", re.M)


def sources(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_no_module_outside_storage_uses_a_driver_or_a_raw_connection():
    found = [f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
             for folder in (PACKAGE / "core", PACKAGE / "cli", PACKAGE / "ui")
             for path in ([folder] if folder.is_file() else sources(folder)) if STORAGE not in path.parents
             for match in RAW.finditer(path.read_text("utf-8"))]
    assert found == []


def test_no_sql_in_the_window_or_the_command_line():
    found = [f"{path.relative_to(PACKAGE)}: {match.group(0)}"
             for folder in (PACKAGE / "ui", PACKAGE / "cli") for path in sources(folder)
             for match in SQL.finditer(path.read_text("utf-8"))]
    assert found == []


DRIVERS = {"sqlite3", "sqlite_utils", "psycopg", "psycopg2"}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (inside functions too), by its top-level name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_window_module_imports_a_database_driver():
    """The window catches :data:`composer.core.storage.errors.DatabaseError`, never a driver's own error."""
    found = [f"{path.relative_to(PACKAGE)}: {name}" for path in sources(PACKAGE / "ui")
             for name in sorted(imported_modules(path) & DRIVERS)]
    assert found == []


def test_every_except_clause_catches_database_error_flat():
    """``DatabaseError`` is a tuple (SQLite's and the team database's errors): in an ``except (A, B)`` it must be
    unpacked (``*DatabaseError``), since Python refuses a tuple inside the caught tuple at the moment it catches
    (a damaged database then crashed ``post-composer check`` instead of being explained)."""
    found = []
    for path in sources(PACKAGE):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Tuple):
                found += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for element in node.type.elts
                          if isinstance(element, ast.Name) and element.id == "DatabaseError"]
    assert found == []
