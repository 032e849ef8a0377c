"""The emoji picker's search: reading the names (once), building the word index (on the first search), and one
search per keystroke while a name is typed, in Dutch and English.

The baseline, measured in the same run, is the plain way: every word of every name checked with
``str.startswith`` for each keystroke; the ratio holds on a slower machine. The target for a keystroke is one
frame (16 ms), so typing in the search never stutters.

``cd /work/main && .venv/bin/python bench/emoji_search.py``
"""

from __future__ import annotations

import time

from common import Row, median_ms, print_rows

from composer.core.writing.emoji_names import catalogue, fold_words

TYPED = ("boek", "heart", "hart", "vlag belgie", "duim omhoog", "feest", "kunst", "a")
RUNS = 15
FRAME_MS = 16


def keystrokes() -> list[str]:
    """Every prefix of each typed query, as the search sees them while typing."""
    return [query[:n] for query in TYPED for n in range(1, len(query) + 1)]


def plain_search(words: list[tuple[int, tuple[str, ...]]], query: str) -> list[int]:
    wanted = fold_words(query)
    return [order for order, own in words if all(any(w.startswith(t) for w in own) for t in wanted)]


def run() -> list[Row]:
    """The picker's search figures, as rows."""
    start = time.perf_counter()
    emoji = catalogue()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    emoji.search("x")
    indexed = time.perf_counter() - start
    plain = [(e.order, fold_words(" ".join([name, *keywords]))) for e in emoji.emoji for name, keywords in e.names]
    typed = keystrokes()
    ours, theirs = [], []
    for _run in range(RUNS):
        start = time.perf_counter()
        for query in typed:
            emoji.search(query)
        ours.append((time.perf_counter() - start) / len(typed))
        start = time.perf_counter()
        for query in typed:
            plain_search(plain, query)
        theirs.append((time.perf_counter() - start) / len(typed))
    per_key, baseline = median_ms(ours), median_ms(theirs)
    return [
        Row(f"reading {len(emoji.emoji):,} emoji with their names (once)", f"{loaded * 1000:.0f} ms", "—", True),
        Row("building the word index (first search)", f"{indexed * 1000:.0f} ms", "< 200 ms", indexed < 0.2),
        Row(f"one keystroke's search ({len(typed)} prefixes)", f"{per_key:.2f} ms "
            f"({per_key / baseline:.2f}× the plain scan's {baseline:.1f} ms)", f"< {FRAME_MS} ms", per_key < FRAME_MS),
    ]


def main() -> None:
    print_rows(run())


if __name__ == "__main__":
    main()
