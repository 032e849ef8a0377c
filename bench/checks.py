"""All checks for all seven networks on one post, as the checklist runs them while typing.

Each run changes the text (one more character), so no cache answers for the
whole text; the words and lines that did not change are, as while typing.
"""

from __future__ import annotations

import time

from common import Row, median_ms, p95_ms, print_rows, python_version

from composer.core.checklist import CheckContext, run_checks
from composer.core.drafts.draft import Draft
from composer.core.house_style import HouseStyle
from composer.core.networks.facts import NETWORKS

RUNS = 200
PARAGRAPH = ("Nieuw in onze bib: een prachtig boek over Brusselse affiches uit de jaren twintig 📚. "
             "Wat vind jij ervan? Kom kijken in de leeszaal of laat het ons weten. "
             "Meer op https://bib.example.be/aanwinsten #kunst #bib\n\n")
CONTEXT = CheckContext(house_style=HouseStyle(library_name="Bib", website="https://bib.example.be",
                                              required_hashtags={"*": ("#bib",)}, review_required=True),
                       colleagues=("An", "Els", "Jan"))
TARGETS = {500: 1.0, 20_000: 10.0}


def text_of(length: int, paragraphs: bool = True) -> str:
    unit = PARAGRAPH if paragraphs else PARAGRAPH.replace("\n", " ")
    return (unit * (length // len(unit) + 1))[:length]


def time_checks(text: str, runs: int = RUNS) -> list[float]:
    for i in range(5):  # warm-up: word lists, patterns, twitter-text
        run_checks(Draft(text=text + "x" * i, networks=NETWORKS), CONTEXT)
    times = []
    for i in range(runs):
        draft = Draft(text=text + "x" * (i % 50) + str(i), networks=NETWORKS, purpose="acquisition",
                      audience="students")
        began = time.perf_counter()
        run_checks(draft, CONTEXT)
        times.append(time.perf_counter() - began)
    return times


def run() -> list[Row]:
    rows = []
    for length, target in TARGETS.items():
        for paragraphs in (True, False):
            if length < 1000 and not paragraphs:
                continue
            times = time_checks(text_of(length, paragraphs), RUNS if length < 1000 else 60)
            shape = "in paragraphs" if paragraphs else "one unbroken paragraph"
            print(f"{length} characters ({shape}): median {median_ms(times):.2f} ms, p95 {p95_ms(times):.2f} ms")
            rows.append(Row(f"all checks, 7 networks, {length:,}-char post ({shape}), median / p95",
                            f"{median_ms(times):.2f} / {p95_ms(times):.2f} ms", f"< {target:g} ms",
                            median_ms(times) < target))
    return rows


def main() -> None:
    print(python_version())
    print_rows(run())


if __name__ == "__main__":
    main()
