"""The word-level diff of Earlier versions… on a 20,000-character post: how long one diff takes.

Cases, in one run: a realistic post (the benchmark library's Dutch sentences) with one sentence changed and
with every tenth word changed; the same post against a wholly different one; and the worst case for a
word diff, a text of twenty distinct words with every tenth word changed. The baseline is
``difflib.SequenceMatcher`` on the lines of the same texts (the standard library's own diff), measured in
the same run, so the ratio holds on a slower machine.

``cd /work/main && .venv/bin/python bench/word_diff.py``
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from difflib import SequenceMatcher

from common import Row, median_ms, post_text, print_rows

from composer.core.writing.diff import word_diff

CHARS = 20_000
RUNS = 7
TARGET_MS = 100


def realistic(rng: random.Random) -> str:
    parts: list[str] = []
    while sum(len(p) + 2 for p in parts) < CHARS:
        parts.append(post_text(rng, 1400))
    return "\n\n".join(parts)[:CHARS]


def few_words(rng: random.Random) -> str:
    words = ["de", "het", "een", "bibliotheek", "tentoonstelling", "boek", "lezen", "kom", "vrijdag", "zaterdag",
             "open", "gesloten", "café", "🎉", "#kunst", ",", ".", "!", "erfgoed", "collectie"]
    out = [rng.choice(words) + ("\n" if rng.random() < 0.05 else "") for _ in range(CHARS // 5)]
    return " ".join(out)[:CHARS]


def every_tenth(text: str) -> str:
    return " ".join(word if i % 10 else word.upper() + "x" for i, word in enumerate(text.split(" ")))


def one_sentence(text: str) -> str:
    middle = len(text) // 2
    return text[:middle] + " Nieuw: de leeszaal is zondag open van 10 tot 17 uur." + text[middle:]


def timed(job: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return median_ms(times)


def run() -> list[Row]:
    rng = random.Random(14)
    post, other, worst = realistic(rng), realistic(rng), few_words(rng)
    cases = {
        "one sentence added": (post, one_sentence(post)),
        "every tenth word changed": (post, every_tenth(post)),
        "a wholly different post": (post, other),
        "20 distinct words, every tenth changed (worst case)": (worst, every_tenth(worst)),
    }
    rows = []
    for what, (old, new) in cases.items():
        lines = timed(lambda old=old, new=new: SequenceMatcher(None, old.splitlines(), new.splitlines()).get_opcodes())
        words = timed(lambda old=old, new=new: word_diff(old, new))
        rows.append(Row(f"word diff, {len(old):,} characters: {what}",
                        f"{words:.1f} ms ({words / max(lines, 0.01):.0f}× difflib on lines)",
                        f"< {TARGET_MS} ms", words < TARGET_MS))
    return rows


if __name__ == "__main__":
    print_rows(run())
