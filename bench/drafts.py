"""Search-as-you-type and switching drafts over a 10,000-draft library.

Search times ``Store.list_drafts(query)`` for the first page of rows, as the
drafts list reads them (the rest is read as the list is scrolled). Search
covers the networks' own versions too (migration 0007); its baseline, measured
in the same run, is the same query on an index of the shared text alone (as
before 0007), built for the run in a transaction that is rolled back.
Switching times ``MainWindow.open_draft`` in the real window, offscreen,
together with the event processing that follows it.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from common import Row, main_on_a_library, median_ms

from composer.core.storage.sqlite import fts_query
from composer.core.storage.store import LEADING_SPACE, LIST_SQL, Store

QUERIES = ["aanw", "tentoonstelling", "cafe", "openingsuren kerst", "xylofoonkwartet"]
PAGE = 100  # DraftListModel.PAGE: rows the list reads at a time
REPEATS = 20
SEARCH_TARGET_MS = 20
SWITCH_TARGET_MS = 50
SWITCHES = 200
DISTINCT = 50


def time_search(store: Store, query: str, repeats: int = REPEATS, limit: int = PAGE) -> tuple[list[float], int]:
    """Seconds per ``list_drafts(query)`` call for ``limit`` rows, and how many drafts match in all."""
    store.list_drafts(query)  # warm-up: SQLite page cache
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        store.list_drafts(query, limit=limit)
        times.append(time.perf_counter() - began)
    return times, len(store.list_drafts(query))


def time_shared_text_only(store: Store, query: str, repeats: int = REPEATS, limit: int = PAGE) -> list[float]:
    """Seconds per call of the drafts list's query on an index of the shared text only (the baseline)."""
    sql = LIST_SQL.format(join="JOIN bench_shared_fts f ON f.rowid = d.id",
                          where="d.deleted_at IS NULL AND bench_shared_fts MATCH ?")
    params = [LEADING_SPACE, fts_query(query), limit, 0]
    store.db.all(sql, params)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        store.db.all(sql, params)
        times.append(time.perf_counter() - began)
    return times


def baseline_times(store: Store) -> dict[str, list[float]]:
    """Each query on a shared-text-only index, made in a transaction rolled back afterwards."""
    class RolledBack(Exception):
        pass

    times: dict[str, list[float]] = {}
    try:
        with store.atomic():
            store.db.execute("CREATE VIRTUAL TABLE bench_shared_fts USING fts5(text, content='drafts',"
                             " content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
            store.db.execute("INSERT INTO bench_shared_fts (bench_shared_fts) VALUES ('rebuild')")
            times = {q: time_shared_text_only(store, q) for q in QUERIES}
            raise RolledBack  # the index was for this run only
    except RolledBack:
        pass
    return times


def search_rows(library: Path) -> list[Row]:
    """Each query ``REPEATS`` times, and the unfiltered list, on a store of its own."""
    store = Store.open(library)
    try:
        per_query = {q: time_search(store, q) for q in QUERIES}
        everything, total = time_search(store, "")
        baseline = baseline_times(store)
        versions = store.db.value("SELECT count(*) FROM network_texts")
    finally:
        store.close()
    for q in QUERIES:
        print(f"search {q!r}: shared text only {median_ms(baseline[q]):.2f} ms, "
              f"with versions {median_ms(per_query[q][0]):.2f} ms")
    ratio = sum(median_ms(per_query[q][0]) for q in QUERIES) / sum(median_ms(baseline[q]) for q in QUERIES)
    for q, (times, found) in per_query.items():
        print(f"search {q!r}: {found} drafts, median {median_ms(times):.1f} ms, max {max(times) * 1000:.1f} ms")
    print(f"no search (all {total} drafts): median {median_ms(everything):.1f} ms, max {max(everything) * 1000:.1f} ms")
    medians = [median_ms(times) for times, _ in per_query.values()]
    worst = max(max(times) for times, _ in per_query.values()) * 1000
    return [
        Row(f"search as you type, own versions included ({versions:,} of them), against the same queries on the "
            "shared text alone (same run), sum of the medians", f"{ratio:.2f}×", "≤ 1.5×", ratio <= 1.5),
        Row(f"search as you type ({len(QUERIES)} queries), median per query / slowest call",
            f"{min(medians):.1f}–{max(medians):.1f} / {worst:.1f} ms", f"< {SEARCH_TARGET_MS} ms",
            max(medians) < SEARCH_TARGET_MS),
        Row(f"drafts list with no search (first {PAGE} of {total:,}; also after every autosave), median / slowest",
            f"{median_ms(everything):.1f} / {max(everything) * 1000:.1f} ms", f"< {SEARCH_TARGET_MS} ms",
            median_ms(everything) < SEARCH_TARGET_MS),
    ]


def _quiet_offscreen(_mode, _context, message: str) -> None:
    """Qt's message handler without the offscreen plugin's known 'does not support' notes."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def switch_rows(library: Path) -> list[Row]:
    """Open the real window on ``library`` and switch between ``DISTINCT`` drafts ``SWITCHES`` times."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from composer.ui.app import Session

    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication([])
    session = Session(app, library, "nl")
    if not session.start() or session.window is None:
        raise RuntimeError(f"the window did not open on {library}")
    window = session.window
    app.processEvents()
    ids = random.Random(7).sample(list(session.store.draft_ids()), DISTINCT)
    times = []
    for i in range(SWITCHES + 10):
        began = time.perf_counter()
        window.open_draft(ids[i % DISTINCT])
        app.processEvents()
        if i >= 10:  # the first ten are warm-up
            times.append(time.perf_counter() - began)
    window.close()  # saves the layout, so before the store closes
    session.stop()
    ms = median_ms(times)
    print(f"switching drafts: median {ms:.1f} ms, max {max(times) * 1000:.1f} ms over {SWITCHES} switches")
    return [Row(f"switching drafts in the window, median ({SWITCHES} switches)", f"{ms:.1f} ms",
                f"< {SWITCH_TARGET_MS} ms", ms < SWITCH_TARGET_MS)]


def run(library: Path) -> list[Row]:
    return search_rows(library) + switch_rows(library)


def main() -> None:
    main_on_a_library(run, __doc__ or "")


if __name__ == "__main__":
    main()
