"""Counters and checklist per keystroke: what ``MainWindow.refresh_checks`` asks of core.

A post of 2,000 (and 500) characters, Dutch with emoji and a link, is typed
one more character at a time with all seven networks chosen; each keystroke
counts the text for every network and runs the checklist. Absolute figures,
without a house style and with one that adds a sign-off and required hashtags
(the counters and checks then measure the final text each network gets).
Run it on two checkouts back to back to compare before and after.
"""

from __future__ import annotations

import time

from common import Row, median_ms, p95_ms, print_rows, python_version

from composer.core.checklist import CheckContext
from composer.core.drafts.draft import Draft
from composer.core.house_style import HouseStyle
from composer.core.networks.facts import NETWORKS
from composer.ui.editor.analysis import analyse  # Qt-free: counts, checks and the marks they leave

TARGET_MS = 2.0
MAX_STYLE_RATIO = 1.5  # the final text (what export adds) is measured too: typing must not get much slower
KEYSTROKES = 300
WARM_UP = 5
PARAGRAPH = ("Nieuw in de leeszaal 📚: de tentoonstelling ‘Drukkers van Antwerpen’ loopt tot 31 maart. "
             "Kom kijken naar Plantijns gravures, een café-menu uit 1890 en brieven van Gezelle ✍️. "
             "Rondleiding elke zondag om 14 u, ook voor gezinnen 👨‍👩‍👧‍👦! Reserveer via "
             "https://www.bibliotheek.example.be/agenda/drukkers?lang=nl #erfgoed #Antwerpen 🇧🇪\n\n")
#: A library's house style as the communications service sets it: a sign-off and tags per network.
HOUSE_STYLE = HouseStyle(library_name="Bib Antwerpen", sign_off="Tot in de bib! 📚",
                         required_hashtags={"*": ("#bibantwerpen",), "instagram": ("#boeken", "#lezen")},
                         forbidden_words=("gratis",), emoji_limit=6)
TYPED = "Vergeet je lezerskaart niet; de inleverbus blijft open tijdens de kerstvakantie. Tot dan! 🎄 "


def base_text(length: int) -> str:
    """``length`` characters of Dutch post, emoji and link included."""
    return (PARAGRAPH * (length // len(PARAGRAPH) + 1))[:length]


def keystroke(draft: Draft, context: CheckContext) -> None:
    """Exactly the work ``MainWindow.refresh_checks`` does for a post of ordinary length."""
    analyse(draft, context)


def time_typing(length: int, keystrokes: int = KEYSTROKES, context: CheckContext | None = None) -> list[float]:
    """Seconds per keystroke while typing ``keystrokes`` characters after ``length`` characters."""
    text = base_text(length)
    typed = (TYPED * (keystrokes // len(TYPED) + 1))[:keystrokes + WARM_UP]
    context = context or CheckContext()
    times = []
    for i, ch in enumerate(typed):
        text += ch
        draft = Draft(text=text, networks=NETWORKS, purpose="event", audience="general_public")
        began = time.perf_counter()
        keystroke(draft, context)
        if i >= WARM_UP:
            times.append(time.perf_counter() - began)
    return times


def run() -> list[Row]:
    print(f"Python {python_version()}, {KEYSTROKES} keystrokes per size, {len(NETWORKS)} networks")
    rows = []
    medians: dict[tuple[str, int], float] = {}
    for style, label in ((CheckContext(), ""), (CheckContext(house_style=HOUSE_STYLE), ", with a house style")):
        for length in (2000, 500):
            times = time_typing(length, context=style)
            median, p95 = median_ms(times), p95_ms(times)
            medians[label, length] = median
            print(f"{length} characters{label}: median {median:.2f} ms, p95 {p95:.2f} ms, "
                  f"max {max(times) * 1000:.2f} ms")
            rows.append(Row(f"counters + checklist per keystroke, {length:,}-char post, 7 networks{label} "
                            f"(Python {python_version()}), median / p95",
                            f"{median:.2f} / {p95:.2f} ms", f"< {TARGET_MS:g} ms", p95 < TARGET_MS))
    for length in (2000, 500):  # what measuring the final text costs, against the same typing without additions
        ratio = medians[", with a house style", length] / medians["", length]
        rows.append(Row(f"the same with a house style (sign-off, required hashtags) / without, {length:,}-char "
                        f"post, median", f"{ratio:.2f}×", f"< {MAX_STYLE_RATIO:g}×", ratio < MAX_STYLE_RATIO))
    return rows


if __name__ == "__main__":
    print_rows(run())
