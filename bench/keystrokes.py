"""Counters and checklist per keystroke: what ``MainWindow.refresh_checks`` asks of core.

A post of 2,000 (and 500) characters, Dutch with emoji and a link, is typed
one more character at a time with all seven networks chosen; each keystroke
counts the text for every network and runs the checklist. Absolute figures.
"""

from __future__ import annotations

import time

from common import Row, median_ms, p95_ms, print_rows, python_version
from composer.core.checklist import CheckContext
from composer.core.drafts import Draft
from composer.core.platforms import NETWORKS
from composer.ui.analysis import analyse  # Qt-free: counts, checks and the marks they leave

TARGET_MS = 2.0
KEYSTROKES = 300
WARM_UP = 5
PARAGRAPH = ("Nieuw in de leeszaal 📚: de tentoonstelling ‘Drukkers van Antwerpen’ loopt tot 31 maart. "
             "Kom kijken naar Plantijns gravures, een café-menu uit 1890 en brieven van Gezelle ✍️. "
             "Rondleiding elke zondag om 14 u, ook voor gezinnen 👨‍👩‍👧‍👦! Reserveer via "
             "https://www.bibliotheek.example.be/agenda/drukkers?lang=nl #erfgoed #Antwerpen 🇧🇪\n\n")
TYPED = "Vergeet je lezerskaart niet; de inleverbus blijft open tijdens de kerstvakantie. Tot dan! 🎄 "


def base_text(length: int) -> str:
    """``length`` characters of Dutch post, emoji and link included."""
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length]


def keystroke(draft: Draft) -> None:
    """Exactly the work ``MainWindow.refresh_checks`` does for a post of ordinary length."""
    analyse(draft, CheckContext())


def time_typing(length: int, keystrokes: int = KEYSTROKES) -> list[float]:
    """Seconds per keystroke while typing ``keystrokes`` characters after ``length`` characters."""
    text = base_text(length)
    typed = (TYPED * (keystrokes // len(TYPED) + 1))[:keystrokes + WARM_UP]
    times = []
    for i, ch in enumerate(typed):
        text += ch
        draft = Draft(text=text, networks=NETWORKS, purpose="event", audience="general_public")
        began = time.perf_counter()
        keystroke(draft)
        if i >= WARM_UP:
            times.append(time.perf_counter() - began)
    return times


def run() -> list[Row]:
    print(f"Python {python_version()}, {KEYSTROKES} keystrokes per size, {len(NETWORKS)} networks")
    rows = []
    for length in (2000, 500):
        times = time_typing(length)
        median, p95 = median_ms(times), p95_ms(times)
        print(f"{length} characters: median {median:.2f} ms, p95 {p95:.2f} ms, max {max(times) * 1000:.2f} ms")
        rows.append(Row(f"counters + checklist per keystroke, {length:,}-char post, 7 networks "
                        f"(Python {python_version()}), median / p95",
                        f"{median:.2f} / {p95:.2f} ms", f"< {TARGET_MS:g} ms", p95 < TARGET_MS))
    return rows


if __name__ == "__main__":
    print_rows(run())
