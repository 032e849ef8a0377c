"""The installable bundle against the virtual environment: start-up to the window, and the size (issue 15).

1. Start-up: the same version started from the bundle that ``packaging/build-linux`` made
   (``dist/post-composer/post-composer``) and from the virtual environment (``.venv/bin/post-composer``),
   each a fresh process on the same data folder (a 10,000-draft library), on a virtual X screen, timed from
   launch until the window called "Post Composer" is visible on the screen (asked every 20 ms through
   ``xdotool``, the same for both). Starts alternate; one untimed warm-up each. Target: within 1.3x.
2. Size: the installed size the .deb declares, and the bundle on disk. Target: under 250 MB.

``cd /work/main && packaging/build-linux && .venv/bin/python bench/bundle_startup.py``
(needs Xvfb and xdotool: ``packaging/test-linux`` installs them).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import Row, main_on_a_library, median_ms

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.helpers.installed: the virtual screen the installers' tests use
from tests.helpers.installed import Screen  # noqa: E402

BUNDLE = ROOT / "dist" / "post-composer" / "post-composer"
VENV = ROOT / ".venv" / "bin" / "post-composer"
RUNS = 7
POLL_S = 0.02
START_TARGET = 1.3
SIZE_TARGET_MB = 250


def shown(screen: Screen) -> bool:
    """Whether the main window is visible (one ``xdotool`` call, the same cost for both sides)."""
    return bool(screen.run("xdotool", "search", "--onlyvisible", "--name", "^Post Composer$").strip())


def start_once(program: Path, data: Path, screen: Screen) -> float:
    """Seconds from launch until the window is visible; the program is then stopped as a session ends it."""
    env = {**os.environ, "DISPLAY": screen.display, "QT_QPA_PLATFORM": "xcb"}
    began = time.perf_counter()
    child = subprocess.Popen([str(program), "--data-dir", str(data)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    while not shown(screen):
        if child.poll() is not None:
            errors = child.stderr.read() if child.stderr else ""
            raise RuntimeError(f"{program} ended before its window showed:\n{errors}")
        time.sleep(POLL_S)
    elapsed = time.perf_counter() - began
    child.send_signal(signal.SIGTERM)  # saves and quits, as when the session ends
    child.communicate(timeout=30)
    return elapsed


def installed_kib(deb: Path) -> int:
    out = subprocess.run(["dpkg-deb", "--field", str(deb), "Installed-Size"], capture_output=True, text=True,
                         check=True)
    return int(out.stdout.strip())


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def run(library: Path) -> list[Row]:
    if not BUNDLE.exists():
        raise SystemExit("no bundle: run packaging/build-linux first")
    screen = Screen()
    try:
        cases = {"virtual environment": VENV, "bundle": BUNDLE}
        for program in cases.values():
            start_once(program, library, screen)  # warm-up: file caches, Qt's font cache
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(RUNS):
            for name, program in cases.items():
                times[name].append(start_once(program, library, screen))
    finally:
        screen.close()
    ratio = median_ms(times["bundle"]) / median_ms(times["virtual environment"])
    print("start-up to the window, median of", RUNS, "(ms): " + ", ".join(
        f"{name} {median_ms(t):.0f} (min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f})" for name, t in times.items()))
    rows = [Row("start-up to the window, 10,000 drafts: bundle / virtual environment (same version), medians",
                f"{ratio:.2f}× ({median_ms(times['bundle']):.0f} / {median_ms(times['virtual environment']):.0f} ms)",
                f"≤ {START_TARGET}×", ratio <= START_TARGET)]
    debs = sorted((ROOT / "dist").glob("post-composer_*.deb"), key=lambda p: p.stat().st_mtime)
    bundle_mb = folder_bytes(BUNDLE.parent) / 1e6
    if debs:
        installed_mb = installed_kib(debs[-1]) * 1024 / 1e6
        rows.append(Row(f"installed size of {debs[-1].name} (Installed-Size; the bundle alone {bundle_mb:.0f} MB; "
                        f"the .deb file {debs[-1].stat().st_size / 1e6:.0f} MB)", f"{installed_mb:.0f} MB",
                        f"< {SIZE_TARGET_MB} MB", installed_mb < SIZE_TARGET_MB))
    return rows


def main() -> None:
    main_on_a_library(run, __doc__ or "")


if __name__ == "__main__":
    main()
