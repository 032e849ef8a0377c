"""The report written to files: a CSV for a spreadsheet and a PDF to hand round (issue 13, point 5).

**CSV**: one row per group, UTF-8, comma-separated, a header of stable
machine-readable names (never translated): ``dimension`` (``total``,
``purpose``, ``audience``, ``network``, ``colleague``, ``month``), ``value``
(the key: ``dialogue``, ``instagram``, ``2025-03``; empty for drafts without
a purpose or audience), ``label`` (as the report names it, in the UI's
language), ``posts``, ``posts_with_feedback``, ``minutes``, ``responses``,
``responses_per_post``, ``responses_per_hour``, ``likes``, ``shares``.
Figures are plain numbers with a full stop as decimal sign; a ratio with
nothing to divide by is left empty. What each figure means: ``figures.py``.

**PDF**: A4 pages made with matplotlib's ``PdfPages``: the sentences and the
totals first, then per purpose, audience and network a chart and its table,
the time line with the months, and the colleagues' table (when the report
holds them: ``report.with_colleagues``).

Both are written whole or not at all (``storage/files.write_atomic``): an
``OSError`` leaves whatever was there before.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.planning.figures import Figures
from composer.core.planning.report import (
    ORDER,
    dimension_title,
    group_label,
    period_label,
    table_header,
    table_row,
    total_row,
)
from composer.core.storage.files import write_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from composer.core.planning.report import Report

CSV_COLUMNS = ("dimension", "value", "label", "posts", "posts_with_feedback", "minutes", "responses",
               "responses_per_post", "responses_per_hour", "likes", "shares")
A4 = (8.27, 11.69)  # inches, portrait
MARGIN = 0.07  # of the page's width
ROW = 0.021  # a table's line, of the page's height
TOP, CHART_TOP = 0.93, 0.43  # where a table starts: on a page of its own, under a chart
PAGE_ROWS = int((TOP - 0.04) / ROW) - 1
CHART_PAGE_ROWS = int((CHART_TOP - 0.04) / ROW) - 1
FIRST_COLUMN = 0.3  # of a table's width at most: the group's name


def _figure(value: float | None, places: int = 2) -> str:
    if value is None:
        return ""
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def _csv_row(dimension: str, key: str | None, name: str, f: Figures) -> list[str]:
    return [dimension, key or "", name, str(f.posts), _figure(f.with_feedback), _figure(f.minutes, 1),
            _figure(f.responses), _figure(f.per_post), _figure(f.per_hour), _figure(f.likes), _figure(f.shares)]


def csv_text(report: Report) -> str:
    """The CSV's text (see the module)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow(_csv_row("total", None, _("All posts"), report.total))
    for dimension in ORDER:
        for group in report.rows(dimension):
            writer.writerow(_csv_row(dimension, group.key, group_label(group), group.figures))
    return out.getvalue()


def write_csv(report: Report, path: str | Path) -> Path:
    """Write the CSV to ``path``, whole or not at all; raises ``OSError``."""
    return write_atomic(path, csv_text(report))


def pdf_bytes(report: Report, title: str) -> bytes:
    """The PDF (see the module) as bytes."""
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": title, "Creator": "Post Composer"}) as pdf:
        for page in _pages(report, title):
            pdf.savefig(page)
    return out.getvalue()


def write_pdf(report: Report, path: str | Path, title: str) -> Path:
    """Write the PDF to ``path``, whole or not at all; raises ``OSError``."""
    return write_atomic(path, pdf_bytes(report, title))


def _pages(report: Report, title: str) -> Iterator[Figure]:
    """The pages, one figure each, made as they are written (only one in memory at a time)."""
    from composer.core.planning.charts import draw, new_figure

    page = new_figure(*A4, layout=None)  # text and tables placed by hand
    _first_page(page, report, title)
    yield page
    for dimension in (d for d in ORDER if d in report.groups):  # the colleagues only if they were read
        rows = [table_row(g) for g in report.rows(dimension)]
        rows = [*rows, total_row(report)] if rows else [[_("No posts in this period.")]]
        page = new_figure(*A4, layout=None if dimension == "colleague" else "constrained")
        if dimension == "colleague":  # a table, no chart: colleagues are not ranked in pictures
            page.suptitle(dimension_title(dimension), fontsize=12)
            first, top = PAGE_ROWS, TOP
        else:
            grid = page.add_gridspec(3, 3, height_ratios=[0.03, 0.52, 0.45],
                                     width_ratios=[MARGIN, 1 - 2 * MARGIN, MARGIN])
            draw(page.add_subfigure(grid[1, 1]), report, dimension)
            first, top = CHART_PAGE_ROWS, CHART_TOP
        _table(page, top, table_header(dimension), rows[:first])
        yield page
        for start in range(first, len(rows), PAGE_ROWS):  # the rest of a long table (five years of months)
            page = new_figure(*A4, layout=None)
            page.suptitle(_("{title} (continued)").format(title=dimension_title(dimension)), fontsize=12)
            _table(page, TOP, table_header(dimension), rows[start:start + PAGE_ROWS])
            yield page


def _first_page(page: Figure, report: Report, title: str) -> None:
    """The title, the period, the sentences and the totals."""
    page.text(MARGIN, 0.95, title, fontsize=16, weight="bold", va="top")
    page.text(MARGIN, 0.915, period_label(report.period), fontsize=11, va="top", color="#444444")
    y = 0.87
    for sentence in report.sentences:
        lines = textwrap.wrap(sentence, 90)
        page.text(MARGIN, y, "\n".join(lines), fontsize=10.5, va="top", linespacing=1.4)
        y -= 0.021 * len(lines) + 0.012
    _table(page, y - 0.02, ["", *table_header("purpose")[1:]], [total_row(report)])


def _table(page: Figure, top: float, header: list[str], rows: list[list[str]]) -> None:
    """A table on ``page`` from height ``top`` (a fraction of the page) down, one :data:`ROW` per line."""
    height = ROW * (len(rows) + 1)
    axes = page.add_axes((MARGIN, top - height, 1 - 2 * MARGIN, height))
    axes.set_axis_off()
    width = len(header)
    rows = [row + [""] * (width - len(row)) for row in rows]
    from matplotlib.transforms import Bbox

    table = axes.table(cellText=rows, colLabels=header, cellLoc="right", bbox=Bbox.from_bounds(0, 0, 1, 1),
                       colWidths=_widths([header, *rows]))
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    for (row, column), cell in table.get_celld().items():
        cell.set_edgecolor("#DDDDDD")
        if row == 0 or (row == len(rows) and rows[-1][0] == _("All posts")):
            cell.set_text_props(weight="bold")
            cell.set_facecolor("#F0F0F0")
        if column == 0:
            cell.set_text_props(ha="left")


def _widths(lines: list[list[str]]) -> list[float]:
    """Each column as wide as its longest text (a name's column at most :data:`FIRST_COLUMN` of the table)."""
    longest = [max(len(line[column]) for line in lines) + 2 for column in range(len(lines[0]))]
    total = sum(longest)
    widths = [n / total for n in longest]
    if widths[0] > FIRST_COLUMN:
        rest = (1 - FIRST_COLUMN) / (1 - widths[0])
        widths = [FIRST_COLUMN] + [w * rest for w in widths[1:]]
    return widths
