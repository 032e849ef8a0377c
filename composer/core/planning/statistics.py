"""Anonymised statistics for research across libraries (issue 13, point 8; the roundtable's last recommendation).

Per month, and per purpose, audience and network: how many posts, the time
they took and what they brought. Nothing else: no text, no name of a
colleague or a person, no link, no photo or hash, no id of a draft or a
publication, no note, not even the library's own name; a purpose or audience
the library made up itself (the house style's own audiences) is written as
``"other"``, since its name could say who wrote the file. The format is
versioned and documented field by field in ``docs/statistics-format.md``,
with how a sector body pools the files of many libraries.

The person sees exactly the text that will be saved (:func:`statistics_text`)
before saving it, and it is written whole or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.drafts.draft import AUDIENCES, PURPOSES
from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS
from composer.core.planning.figures import PER_DRAFT_SQL
from composer.core.storage.files import write_atomic

if TYPE_CHECKING:
    from composer.core.storage.store import Store

FORMAT = "post-composer-statistics"
VERSION = 1
OTHER = "other"  # a purpose, audience or network not in the format's lists
#: The figures of a row, in the order written (see docs/statistics-format.md).
FIGURES = ("posts", "posts_with_feedback", "posts_with_time", "minutes", "minutes_with_feedback", "comments",
           "questions", "suggestions", "shares", "likes", "posts_with_reach", "reach")
#: The columns that say which posts a row counts.
KEYS = ("month", "purpose", "audience", "network")


class StatisticsError(ValueError):
    """A period the file cannot cover, with a translated message to show as is."""


@dataclass(frozen=True)
class Months:
    """Months ``first`` to ``last`` (``YYYY-MM``), both included."""

    first: str
    last: str

    @property
    def start(self) -> date:
        return date.fromisoformat(self.first + "-01")

    @property
    def end(self) -> date:
        last = date.fromisoformat(self.last + "-01")
        following = date(last.year + 1, 1, 1) if last.month == 12 else date(last.year, last.month + 1, 1)
        return following - timedelta(days=1)


def months(first: date, last: date) -> Months:
    """The months holding days ``first`` and ``last``; refuses a period that ends before it starts."""
    if last.replace(day=1) < first.replace(day=1):
        raise StatisticsError(_("The period ends ({end}) before it starts ({start}).").format(
            start=first.strftime("%Y-%m"), end=last.strftime("%Y-%m")))
    return Months(first.strftime("%Y-%m"), last.strftime("%Y-%m"))


def history_months(store: Store) -> Months | None:
    """The months from the first to the last publication in the log (``None`` when it is empty)."""
    row = store.db.one("SELECT min(published_at), max(published_at) FROM publications")
    if row is None or row[0] is None:
        return None
    return Months(str(row[0])[:7], str(row[1])[:7])


def _known(column: str, codes: tuple[str, ...] | list[str]) -> tuple[str, list[str]]:
    """SQL for ``column`` as a code of the format's list, ``'other'`` for any other value, NULL kept."""
    marks = ", ".join("?" * len(codes))
    return (f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} IN ({marks}) THEN {column} ELSE '{OTHER}' END",
            list(codes))


def _query() -> tuple[str, list[str]]:
    purpose, purposes = _known("d.purpose", list(PURPOSES))
    audience, audiences = _known("d.audience", list(AUDIENCES))
    network, networks = _known("p.network", NETWORKS)
    sql = f"""
WITH {PER_DRAFT_SQL},
    posts AS (
        SELECT substr(p.published_at, 1, 7) AS month, {purpose} AS purpose, {audience} AS audience,
               {network} AS network,
               COALESCE(s.seconds, 0) * 1.0 / n.n AS seconds,
               CASE WHEN COALESCE(s.seconds, 0) > 0 THEN 1 ELSE 0 END AS timed,
               CASE WHEN f.publication_id IS NULL THEN 0 ELSE 1 END AS fed,
               COALESCE(f.comments, 0) AS comments, COALESCE(f.questions, 0) AS questions,
               COALESCE(f.suggestions, 0) AS suggestions, COALESCE(f.shares, 0) AS shares,
               COALESCE(f.likes, 0) AS likes,
               CASE WHEN f.reach IS NULL THEN 0 ELSE 1 END AS reached, COALESCE(f.reach, 0) AS reach
        FROM publications p
        JOIN drafts d ON d.id = p.draft_id
        JOIN shared n ON n.draft_id = p.draft_id
        LEFT JOIN spent s ON s.draft_id = p.draft_id
        LEFT JOIN feedback f ON f.publication_id = p.id
        WHERE p.published_at BETWEEN ? AND ?)
SELECT month, purpose, audience, network, count(*), sum(fed), sum(timed), sum(seconds), sum(fed * seconds),
       sum(comments), sum(questions), sum(suggestions), sum(shares), sum(likes), sum(reached), sum(reach)
FROM posts GROUP BY month, purpose, audience, network"""
    return sql, purposes + audiences + networks


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    month, purpose, audience, network, *figures = values
    row: dict[str, Any] = {"month": month, "purpose": purpose, "audience": audience, "network": network}
    for name, value in zip(FIGURES, figures, strict=True):
        row[name] = round(float(value or 0) / 60, 1) if name.startswith("minutes") else int(value or 0)
    return row


def statistics(store: Store, period: Months, created: date | None = None) -> dict[str, Any]:
    """The file's content for ``period`` (one grouped query): see ``docs/statistics-format.md``."""
    from composer import __version__

    sql, codes = _query()
    rows = [_row(values) for values in store.db.all(sql, [*codes, period.start.isoformat(), period.end.isoformat()])]
    rows.sort(key=lambda r: tuple("" if r[k] is None else r[k] for k in KEYS))
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"Post Composer {__version__}",
        "created": (created or date.today()).strftime("%Y-%m"),
        "period": {"first_month": period.first, "last_month": period.last},
        "codes": {"purpose": [*PURPOSES, OTHER], "audience": [*AUDIENCES, OTHER], "network": [*NETWORKS, OTHER]},
        "fields": list(KEYS + FIGURES),
        "rows": rows,
    }


def statistics_text(content: dict[str, Any]) -> str:
    """The file's text exactly as saved: JSON laid out for a person to read (a row, a list, a pair per line)."""
    lines = [f"  {json.dumps(key)}: {_block(value)}" for key, value in content.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _block(value: Any) -> str:
    """A top-level value: a list of rows one per line, a mapping one entry per line, anything else on one line."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[\n" + ",\n".join("    " + _line(row) for row in value) + "\n  ]"
    if isinstance(value, dict):
        return "{\n" + ",\n".join(f"    {json.dumps(key)}: {_line(item)}" for key, item in value.items()) + "\n  }"
    return _line(value)


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def write_statistics(path: str | Path, text: str) -> Path:
    """Write the text the person saw to ``path``, whole or not at all; raises ``OSError``."""
    return write_atomic(path, text)
