"""The writing-time meter per keystroke: nothing measurable (issue 13, point 3, and its Speed section).

In the real window (offscreen, on an empty library), a post of about 500
characters with every network chosen is typed one key at a time: the key
event into the editor and everything the window does for it until Qt is idle
again (the counters' and checks' timers, the autosave), once with the meter
as the window has it and once with the window's ``effort.edited`` replaced by
a function that does nothing. The two are taken in turns, :data:`BLOCK`
keystrokes each (A B B A …: neither always goes second), since these
machines' speed drifts within seconds; the ratio of the medians is the
figure (target ≈ 1.0: within the noise). A second row
times the meter's own work per edit (one clock reading, one subtraction)
against the median keystroke.

``cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/effort_speed.py``
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from common import USER, Row, median_ms, p95_ms, print_rows

KEYSTROKES = 1000  # per side
BLOCK = 25  # keystrokes of one side before the other takes its turn
WARM_UP = 20
TARGET = 1.05  # the ratio of the medians: anything within 5 % is the machine's noise, not the meter
METER_CALLS = 200_000
TYPED = "Vergeet je lezerskaart niet; de inleverbus blijft open tijdens de kerstvakantie. Tot dan! "
TEXT = ("Nieuw in de leeszaal: de tentoonstelling ‘Drukkers van Antwerpen’ loopt tot 31 maart. Kom kijken naar "
        "Plantijns gravures en een café-menu uit 1890. Rondleiding elke zondag om 14 u, ook voor gezinnen! "
        "Reserveer via https://www.bibliotheek.example.be/agenda #erfgoed #Antwerpen\n\n") * 2


def _quiet_offscreen(_mode, _context, message: str) -> None:
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def _nothing() -> None:
    """The window without its meter: the edit reaches nobody."""


def time_typing(data_dir: Path) -> tuple[list[float], list[float]]:
    """Seconds per keystroke in the real window: without the meter, with it (taken in turns)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, Qt, qInstallMessageHandler
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from composer.core.networks.facts import NETWORKS
    from composer.core.storage.store import Store
    from composer.ui.app import Session

    qInstallMessageHandler(_quiet_offscreen)
    store = Store.open(data_dir)
    store.set_setting("user_name", USER)
    store.create(USER, text=TEXT, networks=NETWORKS, purpose="event", audience="general_public")
    store.close()
    app = QApplication.instance() or QApplication([])
    session = Session(app, data_dir, "nl")
    if not session.start() or session.window is None:
        raise RuntimeError(f"the window did not open on {data_dir}")
    window = session.window
    edit = window.editor.editors[""]
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.setFocus()
    app.processEvents()
    metered = window.effort.edited
    typed = (TYPED * (2 * (KEYSTROKES + WARM_UP) // len(TYPED) + 1))
    sides: dict[bool, list[float]] = {False: [], True: []}
    done = {False: 0, True: 0}
    position, turn = 0, 0
    while min(done.values()) < KEYSTROKES + WARM_UP:
        turn += 1
        for with_meter in ((False, True) if turn % 2 else (True, False)):  # ABBA: neither side always second
            window.effort.edited = metered if with_meter else _nothing  # type: ignore[method-assign]
            for _ in range(BLOCK):
                char = typed[position % len(typed)]
                position += 1
                began = time.perf_counter()
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
                edit.viewport().repaint()  # what the next frame paints: offscreen, Qt paints only when asked
                app.processEvents()
                done[with_meter] += 1
                if done[with_meter] > WARM_UP:
                    sides[with_meter].append(time.perf_counter() - began)
    window.effort.edited = metered  # type: ignore[method-assign]
    counted = window.effort.meter.counted + window.effort.added
    window.close()
    session.stop()
    print(f"the meter counted {counted:.1f} s of writing while the benchmark typed")
    return sides[False], sides[True]


def time_meter() -> float:
    """Seconds per edit of the meter alone, as the window calls it (a clock reading, then the meter)."""
    from composer.core.planning.effort import EffortMeter

    meter, clock = EffortMeter(1), time.monotonic
    began = time.perf_counter()
    for _ in range(METER_CALLS):
        meter.edit(clock())
    return (time.perf_counter() - began) / METER_CALLS


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="pc-effort-") as tmp:
        without, with_meter = time_typing(Path(tmp) / "data")
    ratio = median_ms(with_meter) / median_ms(without)
    print(f"per keystroke in the window: with the meter median {median_ms(with_meter):.3f} ms "
          f"(p95 {p95_ms(with_meter):.3f}), without {median_ms(without):.3f} ms (p95 {p95_ms(without):.3f}): "
          f"{ratio:.3f}×")
    alone = time_meter()
    share = alone * 1000 / median_ms(without)
    print(f"the meter alone: {alone * 1e9:.0f} ns per edit, {share:.5f} of a keystroke")
    return [
        Row(f"a keystroke in the window with the writing-time meter / without it, taken in turns ({BLOCK} keys "
            f"each, {KEYSTROKES} per side), medians", f"{ratio:.3f}× ({median_ms(with_meter):.3f} / "
            f"{median_ms(without):.3f} ms)", f"≈ 1.0 (≤ {TARGET:g}×)", ratio <= TARGET),
        Row("the meter's own work per edit / the median keystroke without it",
            f"{share:.5f} ({alone * 1e9:.0f} ns)", "< 0.001", share < 0.001),
    ]


if __name__ == "__main__":
    print_rows(run())
