"""How the tests are kept: no test module imports another, and no test reads a private name of the code.

What several modules share lives in ``tests/conftest.py`` (fixtures), ``tests/helpers/`` and
``tests/ui_helpers.py``; a test that needs a seam of the code (a clock, a limit, a path) uses a public one.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p.name.startswith("test_") or p.name == "conftest.py")


def private(name: str) -> bool:
    """``_name``, but neither ``__dunder__`` nor ``_`` itself (gettext's translate function, public by convention)."""
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def test_no_test_module_imports_another():
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(TESTS)}: {name}" for name in names
                      if name.split(".")[-1].startswith("test_")]
    assert found == []


def test_no_test_reads_a_private_name_of_the_code():
    """Neither ``from composer... import _name`` nor ``something._name`` (a test's own ``self._name`` is its own)."""
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("composer"):
                found += [f"{path.relative_to(TESTS)}:{node.lineno}: {alias.name}" for alias in node.names
                          if private(alias.name)]
            elif isinstance(node, ast.Attribute) and private(node.attr) and not (
                    isinstance(node.value, ast.Name) and node.value.id == "self"):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno}: .{node.attr}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(
                    "composer.") and any(private(part) for part in node.value.split(".")):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno}: {node.value}")  # monkeypatch by string
    assert found == []
