"""The team library's speed against the same work on the local SQLite file, in the same run (issue 12, "Speed").

Starts a PostgreSQL server of its own on this machine (``tests/pg_server.py``:
Debian's ``postgresql`` package, a temporary folder, stopped at the end),
builds the 10,000-draft library of ``common.py`` on SQLite and moves it into
a team database with ``post-composer team move-local``'s own code (timed too),
then measures, interleaved where it matters:

- start-up: a fresh process from launch to the window's first paint
  (``_startup_child.py``), on the team library and on the SQLite file, both
  with 10,000 drafts; the bare QMainWindow as the machine's yardstick;
  target: team ≤ 1.5 × SQLite;
- the drafts list's first page (:data:`PAGE` rows, as the list reads them)
  and search, through ``Store.list_drafts``, on both; targets on the team
  library: < 50 ms and < 30 ms;
- a keystroke's cost on the UI thread in the real window (offscreen): the
  key events, the checks and counters, the save timer and whatever reaches
  the UI thread while typing at :data:`PACE_S` a key (the saver writes on a
  thread of its own); target: team ≈ SQLite (≤ 1.2 ×, the machine's noise).

``cd /work/main && .venv/bin/python bench/team_speed.py``
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DRAFTS, Row, build_library, median_ms, print_rows, python_version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.pg_server, tests.helpers.file_keyring

CHILD = Path(__file__).with_name("_startup_child.py")
LOGIN, PASSWORD = "bench_team", "bench-secret"
START_RUNS = 7
REPEATS = 20
PAGE = 100  # DraftListModel.PAGE
QUERIES = ["aanw", "tentoonstelling", "cafe", "openingsuren kerst", "xylofoonkwartet"]
KEYSTROKES = 150
PACE_S = 0.05  # a fast typist: 20 keys a second
START_TARGET, LIST_TARGET_MS, SEARCH_TARGET_MS, KEY_TARGET = 1.5, 50.0, 30.0, 1.2
TYPED = "Vergeet je lezerskaart niet; de inleverbus blijft open tijdens de kerstvakantie. Tot dan! "


def start_once(env: dict[str, str], *args: str) -> float:
    """Seconds from launching the child until it says its window has painted."""
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    elapsed = time.perf_counter() - began
    _out, errors = child.communicate()
    if line != "shown" or child.returncode != 0:
        raise RuntimeError(f"start-up {args} failed: {line!r}, exit {child.returncode}\n{errors}")
    return elapsed


#: What the team library needs that the local file does not: its two libraries, imported in a fresh process.
_IMPORTS = ("import time; began = time.perf_counter(); import psycopg, keyring; "
            "print(time.perf_counter() - began)")


def import_once(env: dict[str, str]) -> float:
    """Seconds a fresh process spends importing ``psycopg`` and ``keyring`` (nothing else of the app)."""
    out = subprocess.run([sys.executable, "-c", _IMPORTS], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout)


def start_up(env: dict[str, str], local: Path, team: Path) -> dict[str, list[float]]:
    cases = {"baseline": ("baseline",), "sqlite": ("app", str(local)), "team": ("app", str(team))}
    for args in cases.values():
        start_once(env, *args)  # warm-up: bytecode, file caches, the server's buffers
    times: dict[str, list[float]] = {name: [] for name in (*cases, "imports")}
    for _ in range(START_RUNS):
        for name, args in cases.items():
            times[name].append(start_once(env, *args))
        times["imports"].append(import_once(env))
    return times


def time_list(store, search: str = "") -> list[float]:
    store.list_drafts(search, limit=PAGE)  # warm-up
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        store.list_drafts(search, limit=PAGE)
        times.append(time.perf_counter() - began)
    return times


def typing_cost(app, data_dir: Path, draft_id: int) -> tuple[float, float]:
    """The UI thread's busy time per keystroke while typing in the window, and the median key's own handling (s)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from composer.ui import background
    from composer.ui.app import Session

    session = Session(app, data_dir, "nl")
    if not session.start() or session.window is None:
        raise RuntimeError(f"the window did not start on {data_dir}")
    window = session.window
    try:
        window.open_draft(draft_id)
        background.wait_idle(30)
        edit = window.editor.current_edit()
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        app.processEvents()
        busy, keys = 0.0, []
        typed = (TYPED * (KEYSTROKES // len(TYPED) + 1))[:KEYSTROKES]
        for ch in typed:
            began = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
            app.processEvents()
            handled = time.perf_counter() - began
            keys.append(handled)
            busy += handled
            until = began + PACE_S
            while time.perf_counter() < until:  # what else reaches the UI thread meanwhile (timers, reports)
                time.sleep(0.002)
                tick = time.perf_counter()
                app.processEvents()
                busy += time.perf_counter() - tick
        if not window.save_now():
            raise RuntimeError("the typed text was not saved")
    finally:
        window.close()
        session.stop()
        app.processEvents()
    keys.sort()
    return busy / KEYSTROKES, keys[len(keys) // 2]


def run() -> list[Row]:

    from tests.helpers import file_keyring
    from tests.helpers.team_db import make_team
    from tests.pg_server import find_bindir, start_server

    bindir = find_bindir()
    if bindir is None:
        return [Row("team library speed", "skipped: PostgreSQL is not installed", "-", False)]
    folder = Path(tempfile.mkdtemp(prefix="bench-team-speed-"))
    keyring_env = file_keyring.file_keyring_env(folder / "keyring.json")
    os.environ.update(keyring_env)  # before keyring is first used, here and in the children
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from composer.core.storage import opening
    from composer.core.storage.postgres import credentials
    from composer.core.storage.postgres.move_local import move_local
    from composer.core.storage.postgres.opening import open_team
    from composer.core.storage.store import Store

    server = start_server(bindir)
    try:
        dbname = make_team(server, "speed", {LOGIN: (PASSWORD, ("writer", "approver", "register"))})
        settings = credentials.make(server.host, server.port, dbname, LOGIN, "disable")
        local_dir, team_dir = folder / "local", folder / "team"
        print(f"building {DRAFTS:,} drafts on SQLite …", flush=True)
        build_library(local_dir)
        credentials.save(team_dir, settings)
        credentials.store_password(settings, PASSWORD)
        print("moving them into the team library (move-local) …", flush=True)
        team = open_team(settings, PASSWORD, team_dir)
        began = time.perf_counter()
        with opening.read_only(local_dir) as local_ro:
            assert local_ro is not None
            report = move_local(local_ro, team)
        moved_s = time.perf_counter() - began
        drafts_map = report.ids["drafts"]

        print("start-up …", flush=True)
        starts = start_up(env, local_dir, team_dir)

        print("drafts list and search …", flush=True)
        local = Store.open(local_dir)
        try:
            lists = {"sqlite": time_list(local), "team": time_list(team)}
            searches = {name: [t for q in QUERIES for t in time_list(store, q)]
                        for name, store in (("sqlite", local), ("team", team))}
            some_draft = local.list_drafts(limit=1)[0].id
        finally:
            local.close()
            team.close()

        print("typing in the window …", flush=True)
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setApplicationName("Post Composer")
        app.setOrganizationName("PostComposer")
        typing_cost(app, local_dir, some_draft)  # warm-up: imports, caches
        keys = {"sqlite": typing_cost(app, local_dir, some_draft),
                "team": typing_cost(app, team_dir, drafts_map[some_draft])}
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)

    base, sqlite_start, team_start = (median_ms(starts[name]) for name in ("baseline", "sqlite", "team"))
    start_ratio = team_start / sqlite_start
    imports = median_ms(starts["imports"])
    list_sqlite, list_team = median_ms(lists["sqlite"]), median_ms(lists["team"])
    search_sqlite, search_team = median_ms(searches["sqlite"]), median_ms(searches["team"])
    (busy_sqlite, key_sqlite), (busy_team, key_team) = keys["sqlite"], keys["team"]
    key_ratio = busy_team / busy_sqlite
    print(f"\nPython {python_version()}, PostgreSQL on this machine (TCP 127.0.0.1), {DRAFTS:,} drafts; medians\n")
    return [
        Row(f"start-up to first paint, {DRAFTS:,} drafts: team library / SQLite (median of {START_RUNS}; bare "
            f"QMainWindow {base:.0f} ms)", f"{start_ratio:.2f}× ({team_start:.0f} ms / {sqlite_start:.0f} ms)",
            f"≤ {START_TARGET}×", start_ratio <= START_TARGET),
        Row("… psycopg and keyring alone, imported in a fresh process (the team library's own libraries): SQLite's "
            "start-up plus that / SQLite's start-up", f"{(sqlite_start + imports) / sqlite_start:.2f}× "
            f"({imports:.0f} ms)", "-", True),
        Row(f"drafts list, first {PAGE} of {DRAFTS:,}: team library (SQLite)",
            f"{list_team:.1f} ms ({list_sqlite:.1f} ms; {list_team / list_sqlite:.1f}×)", f"< {LIST_TARGET_MS:.0f} ms",
            list_team < LIST_TARGET_MS),
        Row(f"search, {len(QUERIES)} queries × {REPEATS}, first {PAGE}: team library (SQLite)",
            f"{search_team:.1f} ms ({search_sqlite:.1f} ms; {search_team / search_sqlite:.1f}×)",
            f"< {SEARCH_TARGET_MS:.0f} ms", search_team < SEARCH_TARGET_MS),
        Row(f"keystroke, UI thread's busy time per key at {1 / PACE_S:.0f} keys/s ({KEYSTROKES} keys): team / SQLite",
            f"{key_ratio:.2f}× ({busy_team * 1000:.2f} ms / {busy_sqlite * 1000:.2f} ms)", f"≤ {KEY_TARGET}×",
            key_ratio <= KEY_TARGET),
        Row("… the key's own handling (key events, checks, counters), median: team (SQLite)",
            f"{key_team * 1000:.2f} ms ({key_sqlite * 1000:.2f} ms)", "-", True),
        Row(f"move-local of the {DRAFTS:,}-draft library (copy, verify, commit)", f"{moved_s:.1f} s", "-", True),
    ]


def main() -> None:
    print_rows(run())


if __name__ == "__main__":
    main()
