"""The calendar's month with 2,000 posts, planned and published, on the local SQLite file (issue 13: < 200 ms).

Built once, not timed: 2,000 drafts on one to three networks, each planned or
published in one month (published on the month's days, planned on the same
days at a time of day), so the month holds 2,000 posts and more beyond them in
the days read around it. Timed, each run: reading and laying out the month
(:func:`composer.core.planning.calendar.calendar`: one query, then the pure
layout with the rhythm's flags), handing it to the grid and painting the grid
(``repaint``: offscreen, Qt paints only when asked); and once, the calendar
window opened on that month as a person opens it (built, shown, painted).
The baseline, measured in the same run, is the first bare window shown and
painted in the process (the ratio of the window's opening to it).

``cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/calendar_speed.py``
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from common import USER, Row, median_ms, p95_ms, print_rows, python_version

from composer.core.networks.facts import NETWORKS
from composer.core.planning import calendar as cal
from composer.core.storage.store import Store

POSTS = 2_000
RUNS = 30
TARGET_MS = 200.0
RHYTHM = {"facebook": 5, "instagram": 4, "x": 7, "linkedin": 2}


def month_before(today: date) -> date:
    """The first day of last month: every day of it lies in the past, so any post may be published there."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def build_month(data_dir: Path, first: date, seed: int = 2026) -> Store:
    """:data:`POSTS` posts in the month from ``first``: about half published, half planned (not timed)."""
    rng = random.Random(seed)
    last = cal.period(cal.MONTH, first)[1]
    store = Store.open(data_dir)
    store.set_setting("user_name", USER)
    posts = 0
    with store.atomic():
        while posts < POSTS:
            networks = tuple(rng.sample(NETWORKS, rng.randint(1, 3)))[:POSTS - posts]
            draft = store.create(USER, text=f"Post {posts}: voorleesuurtje, aanwinst of tentoonstelling",
                                 networks=networks)
            for key in networks:
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                if rng.random() < 0.5:
                    store.db.insert("INSERT INTO publications (draft_id, network, published_at, link, recorded_at,"
                                    " recorded_by) VALUES (?, ?, ?, '', ?, ?)",
                                    [draft.id, key, day.isoformat(), datetime.now().isoformat(), USER])
                else:
                    when = f"{day.isoformat()}T{rng.randint(8, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}"
                    store.db.execute("INSERT INTO plans (draft_id, network, planned_for, planned_by, planned_at)"
                                     " VALUES (?, ?, ?, ?, ?)", [draft.id, key, when, USER, when])
                posts += 1
    return store


def _quiet_offscreen(_mode, _context, message: str) -> None:
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def run() -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMainWindow

    from composer.ui.planning.calendar_view import CalendarWindow

    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication([])
    first = month_before(date.today())
    with tempfile.TemporaryDirectory(prefix="composer-bench-") as tmp:
        store = build_month(Path(tmp) / "library", first)
        try:
            shown = cal.calendar(store, cal.MONTH, first, RHYTHM)
            count = len(shown.entries)
            began = time.perf_counter()  # the baseline: a bare window, the first shown in this process
            window = QMainWindow()
            window.resize(1180, 760)
            window.show()
            window.repaint()
            bare = time.perf_counter() - began
            window.close()
            window.deleteLater()
            app.processEvents()
            began = time.perf_counter()
            calendar = CalendarWindow(store, lambda: RHYTHM, lambda: USER, lambda _id: None, today=lambda: first,
                                      view=cal.MONTH)
            calendar.show()
            calendar.repaint()
            opened = time.perf_counter() - began
            app.processEvents()
            models, painted = [], []
            for _ in range(RUNS):
                began = time.perf_counter()
                model = cal.calendar(store, cal.MONTH, first, RHYTHM)
                built = time.perf_counter()
                calendar.grid.show_calendar(model, first, datetime.now())
                calendar.grid.repaint()
                painted.append(time.perf_counter() - began)
                models.append(built - began)
            calendar.close()
        finally:
            store.close()
    ratio = opened / bare
    print(f"{count} posts in {first:%B %Y}; model {median_ms(models):.1f} ms, model + paint {median_ms(painted):.1f}"
          f" ms (p95 {p95_ms(painted):.1f}), window opened {opened * 1000:.1f} ms; first bare window"
          f" {bare * 1000:.1f} ms (ratio {ratio:.2f})")
    return [
        Row(f"calendar month, {count:,} posts: read and laid out (one query), median", f"{median_ms(models):.1f} ms",
            f"< {TARGET_MS:.0f} ms", median_ms(models) < TARGET_MS),
        Row(f"calendar month, {count:,} posts: read, laid out and painted, median / p95",
            f"{median_ms(painted):.1f} / {p95_ms(painted):.1f} ms", f"< {TARGET_MS:.0f} ms",
            p95_ms(painted) < TARGET_MS),
        Row(f"calendar window opened on that month: built, shown, painted (× the first bare window shown, "
            f"{bare * 1000:.1f} ms: {ratio:.1f})", f"{opened * 1000:.1f} ms", f"< {TARGET_MS:.0f} ms",
            opened * 1000 < TARGET_MS),
    ]


def main() -> None:
    rows = run()
    print(f"\nPython {python_version()}; offscreen Qt\n")
    print_rows(rows)


if __name__ == "__main__":
    main()
