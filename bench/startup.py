"""Start-up to the window shown (offscreen), as a ratio to a bare QMainWindow in the same run.

Each start is a fresh process, timed by this one from ``Popen`` until the child
prints a line after ``show()`` and ``processEvents()``: interpreter start and
imports count on both sides. Runs are interleaved so machine noise hits all cases.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Row, empty_library, main_on_a_library, median_ms

RUNS = 7
CHILD = Path(__file__).with_name("_startup_child.py")
TARGETS = {"empty": 2.0, "10,000 drafts": 2.5}


def start_once(*args: str) -> float:
    """Seconds from launching the child until it says its window is shown."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    line = child.stdout.readline().strip()
    elapsed = time.perf_counter() - began
    _out, errors = child.communicate()  # Qt's offscreen warnings, shown only on failure
    if line != "shown" or child.returncode != 0:
        raise RuntimeError(f"start-up {args} failed: {line!r}, exit {child.returncode}\n{errors}")
    return elapsed


def run(library: Path, runs: int = RUNS) -> list[Row]:
    """Median start-up of each case over ``runs`` interleaved starts (one untimed warm-up each)."""
    with tempfile.TemporaryDirectory(prefix="composer-bench-empty-") as tmp:
        cases = {"baseline": ("baseline",), "empty": ("app", str(empty_library(Path(tmp) / "empty"))),
                 "10,000 drafts": ("app", str(library))}
        for args in cases.values():
            start_once(*args)  # warm-up: bytecode and file caches
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, args in cases.items():
                times[name].append(start_once(*args))
    base = median_ms(times["baseline"])
    print(f"start-up, median of {runs} (ms): " + ", ".join(
        f"{name} {median_ms(t):.0f} (min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f})" for name, t in times.items()))
    rows = []
    for name, limit in TARGETS.items():
        ratio = median_ms(times[name]) / base
        rows.append(Row(f"start-up, {name} (× bare QMainWindow, {base:.0f} ms)",
                        f"{ratio:.2f}× ({median_ms(times[name]):.0f} ms)", f"≤ {limit}×", ratio <= limit))
    return rows


def main() -> None:
    main_on_a_library(run, __doc__ or "")


if __name__ == "__main__":
    main()
