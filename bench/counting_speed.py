"""Counting against its references and against Qt, as ratios measured in one run (issue 10, point 4).

1. A cold X count: ``count("x", text)`` of a post of about 280 characters that
   no cache has seen (the patterns compiled, every word, line and link cache
   emptied before each text), against twitter-text 3.1.0's ``parseTweet`` on the
   same texts in node, run from this benchmark (warm, as in a browser); on each
   side the best median of three rounds. Target: within 10x. Needs node and the harness's npm packages
   (``tools/conformance/run`` installs them); without them the row says so.
2. The whole per-keystroke work: counters and checklist for all seven networks
   (``composer.ui.editor.analysis.analyse``, what the window does per keystroke) on a
   2,000-character post, against what Qt itself spends on that keystroke in a
   bare ``QPlainTextEdit`` holding the same text: the key event, and the events
   it sets off (layout, paint) until Qt is idle again. Target: at most 0.5x. The
   two are taken in turns (:data:`BLOCK` keystrokes each), since these machines'
   speed drifts within seconds; once without and once with a house style (a
   sign-off and required hashtags: the final text per network is measured).

``cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/counting_speed.py``
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import Row, median_ms, p95_ms, print_rows, python_version

COLD_TEXTS = 300
ROUNDS = 3  # the cold counts are a few hundredths of a millisecond: the best of three rounds, on both sides
KEYSTROKES = 300
WARM_UP = 10
COLD_TARGET = 10.0
KEYSTROKE_TARGET = 0.5
BLOCK = 100  # keystrokes of one side before the other takes its turn
SENTENCES = [
    "Nieuw in de leeszaal: de tentoonstelling over de drukkers van Antwerpen.",
    "Kom kijken naar Plantijns gravures en een café-menu uit 1890 ✨",
    "Voorleesuurtje elke woensdag om 14 u, ook voor de allerkleinsten! 📚",
    "Reserveer via https://www.bibliotheek.example.be/agenda/drukkers?lang=nl",
    "Meer op bib.example.be/agenda #erfgoed #Antwerpen 🇧🇪",
    "Welk boek uit onze collectie zou jij iedereen aanraden? 👨‍👩‍👧‍👦",
    "Dank aan @bib@mastodon.social en iedereen die zaterdag langskwam!",
    "Story time every Wednesday at 2 pm, for the youngest readers too.",
]


def cold_texts(count: int = COLD_TEXTS, seed: int = 2026) -> list[str]:
    """Posts of about 280 characters, each different (a number in every sentence), links and emoji included."""
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 270:
            parts.append(rng.choice(SENTENCES).replace("14 u", f"{rng.randint(9, 17)} u").replace(
                "1890", str(1800 + i)).replace("agenda", f"agenda/{i}"))
        texts.append(" ".join(parts)[:285])
    return texts


def clear_caches() -> None:
    from composer.core.networks import counting

    counting.clear_caches()


def time_cold_python(texts: list[str]) -> list[float]:
    """Seconds per cold count, the round with the lowest median of :data:`ROUNDS`."""
    from composer.core.networks import counting

    counting.warm_up()
    rounds = []
    for _ in range(ROUNDS):
        times = []
        for text in texts:
            clear_caches()
            began = time.perf_counter()
            counting.count("x", text)
            times.append(time.perf_counter() - began)
        rounds.append(times)
    return min(rounds, key=median_ms)


_NODE = r"""
const { createRequire } = require('node:module')
const { join } = require('node:path')
const fs = require('node:fs')
const twttr = createRequire(join(process.argv[1], 'package.json'))('twitter-text')
const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
for (let round = 0; round < 3; round++) for (const t of texts) twttr.parseTweet(t + round)  // warm the JIT
const rounds = [0, 1, 2].map(() => texts.map((t) => {
  const began = process.hrtime.bigint()
  twttr.parseTweet(t)
  return Number(process.hrtime.bigint() - began) / 1e9
}))
console.log(JSON.stringify(rounds))
"""


def node_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "post-composer" / "conformance"


def time_cold_node(texts: list[str]) -> list[float] | None:
    folder = node_folder()
    if not shutil.which("node") or not (folder / "node_modules" / "twitter-text").is_dir():
        return None
    with tempfile.TemporaryDirectory(prefix="pc-bench-") as tmp:
        source = Path(tmp) / "texts.json"
        source.write_text(json.dumps(texts), "utf-8")
        out = subprocess.run(["node", "-e", _NODE, str(folder), str(source)], capture_output=True, text=True,
                             check=True)
    return min(json.loads(out.stdout), key=median_ms)


def time_keystrokes(length: int, typed: str, context: object | None = None) -> tuple[list[float], list[float]]:
    """Seconds per typed character: what a bare QPlainTextEdit spends on it, and what the window's own
    per-keystroke work (``analyse``: counters, checklist, marks) spends on the text with that character.

    Taken in turns, :data:`BLOCK` keystrokes of one, then the same of the other: these machines' speed
    changes from one second to the next, and a ratio of two runs taken apart changes with it; within a
    block each side types on as it would alone.
    """
    import keystrokes
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    from composer.core.checklist import CheckContext
    from composer.core.drafts.draft import Draft
    from composer.core.networks.facts import NETWORKS
    from composer.ui.editor.analysis import analyse

    context = context or CheckContext()
    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    edit = QPlainTextEdit(window)
    window.setCentralWidget(edit)
    window.resize(900, 700)
    window.show()
    text = keystrokes.base_text(length)
    edit.setPlainText(text)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.setFocus()
    app.processEvents()
    qt, ours = [], []
    for first in range(0, len(typed), BLOCK):
        block = typed[first:first + BLOCK]
        for i, char in enumerate(block, first):
            began = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
            edit.viewport().repaint()  # what the next frame paints: offscreen, Qt paints only when asked
            app.processEvents()
            if i >= WARM_UP:
                qt.append(time.perf_counter() - began)
        for i, char in enumerate(block, first):
            text += char
            draft = Draft(text=text, networks=NETWORKS, purpose="event", audience="general_public")
            began = time.perf_counter()
            analyse(draft, context)
            if i >= WARM_UP:
                ours.append(time.perf_counter() - began)
    window.close()
    window.deleteLater()
    app.processEvents()
    return qt, ours


def run() -> list[Row]:
    import keystrokes

    rows = []
    texts = cold_texts()
    ours = time_cold_python(texts)
    theirs = time_cold_node(texts)
    print(f"cold X count, {len(texts)} posts of ~280 characters: Python median {median_ms(ours):.3f} ms", end="")
    if theirs is None:
        print("; node or twitter-text missing (run tools/conformance/run first)")
        rows.append(Row("cold X count of a ~280-character post / twitter-text 3.1.0 in node, medians",
                        f"{median_ms(ours):.3f} ms / no node", f"≤ {COLD_TARGET:g}×", False))
    else:
        ratio = median_ms(ours) / median_ms(theirs)
        print(f", node median {median_ms(theirs):.3f} ms: {ratio:.1f}×")
        rows.append(Row(f"cold X count of a ~280-character post / twitter-text 3.1.0 in node "
                        f"(Python {python_version()}), medians",
                        f"{ratio:.1f}× ({median_ms(ours):.3f} / {median_ms(theirs):.3f} ms)",
                        f"≤ {COLD_TARGET:g}×", ratio <= COLD_TARGET))
    from composer.core.checklist import CheckContext

    typed = (keystrokes.TYPED * (KEYSTROKES // len(keystrokes.TYPED) + 1))[:KEYSTROKES + WARM_UP]
    styled = CheckContext(house_style=keystrokes.HOUSE_STYLE)
    for label, context in (("", CheckContext()), (", with a house style", styled)):
        qt, work = time_keystrokes(2000, typed, context)
        ratio = median_ms(work) / median_ms(qt)
        print(f"per keystroke, 2,000-character post{label}: counters + checklist, 7 networks, median "
              f"{median_ms(work):.2f} ms (p95 {p95_ms(work):.2f}); bare QPlainTextEdit median {median_ms(qt):.2f} ms "
              f"(p95 {p95_ms(qt):.2f}): {ratio:.2f}×")
        rows.append(Row(f"counters + checklist per keystroke, 2,000-char post, 7 networks{label} / a bare "
                        "QPlainTextEdit's own work for that keystroke (key event, layout, paint), taken in turns, "
                        "medians", f"{ratio:.2f}× ({median_ms(work):.2f} / {median_ms(qt):.2f} ms)",
                        f"≤ {KEYSTROKE_TARGET:g}×", ratio <= KEYSTROKE_TARGET))
    return rows


if __name__ == "__main__":
    print_rows(run())
