"""Why each check exists: the roundtable's own words, and the line over the checklist."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from composer.core.checklist.engine import Check, Status
from composer.core.i18n import _, current_language, ngettext


@cache
def _quotes() -> dict[str, dict[str, str]]:
    raw = json.loads((resources.files("composer.core") / "data" / "roundtable.json").read_text("utf-8"))
    return {key: value for key, value in raw.items() if not key.startswith("_")}


def quote(check_id: str, language: str | None = None) -> str:
    """The roundtable's words behind ``check_id``: the Dutch source in Dutch, the English rendering otherwise."""
    entry = _quotes().get(check_id)
    if entry is None:
        return ""
    return entry["nl" if (language or current_language()) == "nl" else "en"]


def statement(check_id: str) -> str:
    """Which roundtable statement a check comes from ("1"–"5", "conclusions", "platforms")."""
    return _quotes().get(check_id, {}).get("statement", "")


def summary(checks: list[Check]) -> str:
    """One line over the list: "2 to answer · 1 warning · export blocked: X: 12 characters too long."."""
    todo = sum(c.status is Status.TODO for c in checks)
    warn = sum(c.status is Status.WARN for c in checks)
    blocking = [c for c in checks if c.blocks_export]
    parts = []
    if todo:
        parts.append(ngettext("{n} to answer", "{n} to answer", todo).format(n=todo))
    if warn:
        parts.append(ngettext("{n} warning", "{n} warnings", warn).format(n=warn))
    if blocking:
        first = blocking[0].message.rstrip(".")
        more = len(blocking) - 1
        text = _("export blocked: {reason}").format(reason=first)
        if more:
            text += " " + ngettext("(and {n} more)", "(and {n} more)", more).format(n=more)
        parts.append(text)
    return " · ".join(parts) if parts else _("All clear.")
