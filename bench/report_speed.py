"""The report of return on effort over five years of a busy library (issue 13, "Speed").

Builds, untimed, a SQLite library with :data:`PUBLICATIONS` publications over
five years ending today (drafts posted on one to four networks the same
week, four colleagues' writing time, feedback on every publication: as many
feedback records), then measures:

- the report itself: :func:`composer.core.planning.report.build_report` over
  the five years (three queries: the groups, the colleagues, the period
  before), median;
- asking for the report until its window is shown with its chart, offscreen:
  a new :class:`~composer.ui.planning.report_window.ReportWindow` for the five
  years, shown and painted (``grab()`` paints every widget, the chart's canvas
  included, as the screen would), median over fresh windows with matplotlib
  already loaded; target < 200 ms. The yardstick, taken in turns with it, is
  the floor of any matplotlib chart: one empty Axes on a Qt canvas of the
  chart's size, shown and painted;
- the first window of a session, loading matplotlib (a fresh process; the
  module is imported only when the report opens, so start-up never pays it);
- the PDF of the five years (every chart and table), written once.

``cd /work/main && .venv/bin/python bench/report_speed.py``
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from common import Row, median_ms, print_rows, python_version

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from composer.core.drafts.draft import AUDIENCES, PURPOSES  # noqa: E402
from composer.core.networks.facts import NETWORKS  # noqa: E402
from composer.core.storage.store import Store, now  # noqa: E402

if TYPE_CHECKING:
    from composer.core.planning.periods import Period

PUBLICATIONS = 10_000
YEARS = 5
COLLEAGUES = ("An Peeters", "Bram De Smet", "Chloé Janssens", "Dirk Maes")
REPEATS = 15
TARGET_MS = 200.0

#: How much dialogue a purpose starts (mean responses per post) ...
DIALOGUE = {"dialogue": 4.0, "event": 1.2, "acquisition": 1.8, "service": 0.8, "heritage": 2.4,
            "behind_the_scenes": 2.8, "practical_info": 0.6}
#: ... and how well a network suits an audience (a factor on it).
FIT = {"students": {"instagram": 1.8, "x": 0.9, "facebook": 0.6, "threads": 1.2},
       "researchers": {"linkedin": 1.6, "mastodon": 1.5, "bluesky": 1.3, "x": 1.1},
       "museum_visitors": {"facebook": 1.7, "instagram": 1.3},
       "artists": {"instagram": 1.9, "threads": 1.1},
       "professionals": {"linkedin": 2.0, "x": 0.8}}
MINUTES = {"event": 35, "acquisition": 25, "heritage": 40, "dialogue": 15, "behind_the_scenes": 30,
           "service": 20, "practical_info": 10}


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's, fine for the small means here)."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def fill(store: Store, publications: int = PUBLICATIONS, years: int = YEARS, seed: int = 13,
         feedback_share: float = 1.0, until: date | None = None) -> None:
    """Drafts, their publications, writing time and feedback over ``years`` years up to ``until`` (today)."""
    rng = random.Random(seed)
    until = until or date.today()
    days = 365 * years
    stamp = now()
    rows_pub, rows_effort, feedback = [], [], []
    with store.atomic():
        while len(rows_pub) < publications:
            purpose = rng.choice(list(PURPOSES))
            audience = rng.choice(list(AUDIENCES))
            fit = FIT.get(audience, {})
            networks = rng.sample(list(NETWORKS), rng.choice((1, 1, 2, 2, 3, 4)))
            author = rng.choice(COLLEAGUES)
            draft = store.create(author, text=f"Post {len(rows_pub)}", networks=tuple(networks), purpose=purpose,
                                 audience=audience)
            minutes = max(3.0, rng.gauss(MINUTES[purpose], MINUTES[purpose] / 3))
            rows_effort.append([draft.id, author, round(minutes * 60), 0, "", stamp])
            if rng.random() < 0.15:  # a colleague helped (the photos, a check)
                other = rng.choice([c for c in COLLEAGUES if c != author])
                rows_effort.append([draft.id, other, round(minutes * 20), rng.choice((0, 600)), "", stamp])
            day = until - timedelta(days=rng.randrange(days))
            for key in networks:
                posted = min(until, day + timedelta(days=rng.randrange(3)))
                rows_pub.append([draft.id, key, posted.isoformat(), "", stamp, author])
                mean = DIALOGUE[purpose] * fit.get(key, 1.0)
                feedback.append((mean, rng.random() < feedback_share))
        store.db.executemany("INSERT INTO effort (draft_id, author, writing_seconds, extra_seconds, note,"
                             " updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows_effort)
        store.db.executemany("INSERT INTO publications (draft_id, network, published_at, link, recorded_at,"
                             " recorded_by) VALUES (?, ?, ?, ?, ?, ?)", rows_pub)
        ids = [row[0] for row in store.db.all("SELECT id FROM publications ORDER BY id")]
        store.db.executemany(
            "INSERT INTO feedback (publication_id, comments, questions, suggestions, shares, likes, reach, note,"
            " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
            [[pid, _poisson(rng, mean * 0.6), _poisson(rng, mean * 0.25), _poisson(rng, mean * 0.15),
              _poisson(rng, mean * 0.5), _poisson(rng, 6 + mean * 4), None if rng.random() < 0.5 else
              rng.randrange(200, 5000), stamp, COLLEAGUES[0]]
             for pid, (mean, given) in zip(ids, feedback, strict=False) if given])


def five_years() -> Period:
    from composer.core.planning.periods import custom

    today = date.today()
    return custom(today - timedelta(days=365 * YEARS), today)


def time_report(store: Store) -> list[float]:
    from composer.core.planning.report import build_report

    period = five_years()
    build_report(store, period)
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        build_report(store, period)
        times.append(time.perf_counter() - began)
    return times


def _bare_canvas() -> float:
    """Seconds to show and paint the floor of any matplotlib chart: one empty Axes on a Qt canvas, window-sized."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    began = time.perf_counter()
    canvas = FigureCanvasQTAgg(Figure())
    canvas.figure.subplots()
    canvas.resize(1040, 460)
    canvas.show()
    canvas.grab()
    elapsed = time.perf_counter() - began
    canvas.close()
    canvas.deleteLater()
    return elapsed


def _quiet_offscreen(_mode: object, _context: object, message: str) -> None:
    """Qt's message handler without the offscreen plugin's known 'does not support' notes."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def time_window(store: Store) -> tuple[list[float], list[float]]:
    """Seconds from asking to the window painted with its chart, and for the bare canvas, taken in turns."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from composer.ui.planning.report_window import ReportWindow

    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication([])
    period = five_years()
    shown, bare = [], []
    for round_ in range(REPEATS + 1):
        elapsed_bare = _bare_canvas()
        began = time.perf_counter()
        window = ReportWindow(store, "Return on effort", period=period)
        window.show()
        window.grab()
        elapsed = time.perf_counter() - began
        assert window.pages["purpose"].drawn is window.report
        window.close()
        window.deleteLater()
        app.processEvents()
        if round_:  # the first: warm-up
            shown.append(elapsed)
            bare.append(elapsed_bare)
    return shown, bare


def time_pdf(store: Store) -> float:
    from composer.core.planning.report import build_report
    from composer.core.planning.report_files import write_pdf

    report = build_report(store, five_years())
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        write_pdf(report, Path(folder) / "report.pdf", "Return on effort")
        return time.perf_counter() - began


_FIRST = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {bench!r})
from pathlib import Path
from PySide6.QtWidgets import QApplication
from composer.core.storage.store import Store
from composer.ui.planning.report_window import ReportWindow
import report_speed
app = QApplication([])
store = Store.open(Path({folder!r}))
began = time.perf_counter()
window = ReportWindow(store, "Return on effort", period=report_speed.five_years())
window.show()
window.grab()
print(time.perf_counter() - began)
store.close()
"""


def first_window(folder: Path) -> float:
    """The first report window of a fresh process: matplotlib loaded on the way."""
    code = _FIRST.format(bench=str(Path(__file__).parent), folder=str(folder))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run() -> list[Row]:
    """The report's figures (issue 13, "Speed"), as rows."""
    with tempfile.TemporaryDirectory(prefix="composer-report-") as tmp:
        folder = Path(tmp) / "library"
        store = Store.open(folder)
        fill(store)
        counts = store.db.one("SELECT (SELECT count(*) FROM publications), (SELECT count(*) FROM feedback),"
                              " (SELECT count(*) FROM drafts), (SELECT count(*) FROM effort)")
        assert counts is not None
        print(f"{counts[0]} publications, {counts[1]} feedback records, {counts[2]} drafts, {counts[3]} effort rows")
        report = time_report(store)
        first = [first_window(folder) for _ in range(3)]
        shown, bare = time_window(store)
        pdf = time_pdf(store)
        store.close()
    rows = [
        Row(f"report over {YEARS} years ({counts[0]:,} publications, {counts[1]:,} feedback records): "
            "build_report (2 queries, the colleagues' included), median", f"{median_ms(report):.0f} ms", "—", True),
        Row("asking for the report → its window shown with its chart (offscreen, painted), median; the floor of "
            f"any matplotlib chart (one empty Axes on a Qt canvas of the chart's size, shown and painted): "
            f"{median_ms(bare):.0f} ms",
            f"{median_ms(shown):.0f} ms ({median_ms(shown) / median_ms(bare):.1f}× the floor)",
            f"< {TARGET_MS:.0f} ms", median_ms(shown) < TARGET_MS),
        Row("the first report window of a session (loading matplotlib), a fresh process, median of 3",
            f"{median_ms(first):.0f} ms", "—", True),
        Row("the PDF of the five years (6 charts and every table), written once", f"{pdf * 1000:.0f} ms", "—", True),
    ]
    return rows


def main() -> None:
    rows = run()
    print(f"\nPython {python_version()}\n")
    print_rows(rows)


if __name__ == "__main__":
    main()
