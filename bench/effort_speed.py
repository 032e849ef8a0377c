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

import tempfile
import time
from pathlib import Path

from common import Row, median_ms, p95_ms, print_rows
from window_typing import open_window, type_in_turns

KEYSTROKES = 1000  # per side
BLOCK = 25  # keystrokes of one side before the other takes its turn
WARM_UP = 20
TARGET = 1.05  # the ratio of the medians: anything within 5 % is the machine's noise, not the meter
METER_CALLS = 200_000
TYPED = "Vergeet je lezerskaart niet; de inleverbus blijft open tijdens de kerstvakantie. Tot dan! "
TEXT = ("Nieuw in de leeszaal: de tentoonstelling ‘Drukkers van Antwerpen’ loopt tot 31 maart. Kom kijken naar "
        "Plantijns gravures en een café-menu uit 1890. Rondleiding elke zondag om 14 u, ook voor gezinnen! "
        "Reserveer via https://www.bibliotheek.example.be/agenda #erfgoed #Antwerpen\n\n") * 2


def _nothing() -> None:
    """The window without its meter: the edit reaches nobody."""


def time_typing(data_dir: Path) -> tuple[list[float], list[float]]:
    """Seconds per keystroke in the real window: without the meter, with it (taken in turns)."""
    app, session = open_window(data_dir, TEXT)
    window = session.window
    metered = window.effort.edited

    def switch(with_meter: bool) -> None:
        window.effort.edited = metered if with_meter else _nothing

    typed = (TYPED * (2 * (KEYSTROKES + WARM_UP) // len(TYPED) + 1))
    sides = type_in_turns(app, window.editor.editors[""], typed, KEYSTROKES, WARM_UP, BLOCK, switch)
    window.effort.edited = metered
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
