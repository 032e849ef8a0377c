"""Spell checking per keystroke: what the underline costs while typing (issue 14, point 1: under 2 ms).

In the real window (offscreen, on an empty library), a Dutch post of 2,000
characters with every network chosen is typed one key at a time at its end:
the key event into the editor and everything the window does for it until Qt
is idle again (the counters' and checks' timers, the autosave, the spell
check's highlighter), once with the spell check's highlighter on the text
box, once with it taken off. The two are taken in turns, :data:`BLOCK`
keystrokes each (A B B A …), since these machines' speed drifts within seconds;
the figures are the medians and p95s of both sides, their ratio, and the
difference per keystroke (what the spell check adds: the target is under
2 ms). The same is measured in a bare ``QPlainTextEdit`` holding the post,
where the window's other work (and its noise) is absent. Two more rows time
the highlighter's own work per key (the line typed in is read again; the
dictionary is asked about the word being typed only):
at the end of the post's last paragraph, and at the end of a post that is one
2,000-character line, the worst case.

``cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/spelling_speed.py``
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import Row, median_ms, p95_ms, print_rows
from window_typing import open_window, type_in_turns

KEYSTROKES = 600  # per side
BLOCK = 25  # keystrokes of one side before the other takes its turn
WARM_UP = 20
TARGET_MS = 2.0  # what the spell check may add to a keystroke (and the highlighter's own work on the worst line)
LINE_EDITS = 500
TYPED = "Vergeet je lezerskaart niet; de inleverbus blijft open tijdens de kerstvakantie. Tot dan! "
PARAGRAPH = ("Nieuw in de leeszaal: de tentoonstelling ‘Drukkers van Antwerpen’ loopt tot 31 maart. Kom kijken naar "
             "Plantijns gravures en een café-menu uit 1890. Rondleiding elke zondag om 14 u, ook voor gezinnen! "
             "Reserveer via https://www.bibliotheek.example.be/agenda #erfgoed #Antwerpen\n\n")
TEXT = (PARAGRAPH * (2000 // len(PARAGRAPH) + 1))[:2000]


def time_typing(data_dir: Path) -> tuple[list[float], list[float]]:
    """Seconds per keystroke in the real window: without the highlighter, with it (taken in turns)."""
    from composer.ui import background

    app, session = open_window(data_dir, TEXT)
    window = session.window
    edit = window.editor.editors[""]
    deadline = time.monotonic() + 30
    while window.spelling.checker is None and time.monotonic() < deadline:  # the Dutch dictionary opens
        background.wait_idle(0.1)
        app.processEvents()
    if window.spelling.checker is None:
        raise RuntimeError("the Dutch dictionary did not open")
    (highlighter,) = window.spelling.highlighters
    document = edit.document()
    typed = (TYPED * (2 * (KEYSTROKES + WARM_UP) // len(TYPED) + 1))
    sides = type_in_turns(app, edit, typed, KEYSTROKES, WARM_UP, BLOCK,
                          lambda spelling: _attach(highlighter, document, spelling))
    _attach(highlighter, document, True)
    text = edit.toPlainText()
    underlined = len(window.spelling.checker.misspelled_in(text))
    window.close()
    session.stop()
    print(f"typed {len(sides[False]) + len(sides[True]) + 2 * WARM_UP} keys after {len(TEXT)} characters; "
          f"{underlined} words underlined in the {len(text)} characters at the end")
    return sides[False], sides[True]


def _attach(highlighter, document, on: bool) -> None:
    """Put the highlighter on the text box, or take it off (quietly: no edit for the window to hear)."""
    if (highlighter.document() is not None) == on:
        return
    blocked = document.blockSignals(True)
    try:
        highlighter.setDocument(document if on else None)
    finally:
        document.blockSignals(blocked)
    if on:
        highlighter.refresh()


def time_bare_editor() -> tuple[list[float], list[float]]:
    """Seconds per keystroke in a bare ``QPlainTextEdit`` holding the post: without a highlighter, with the spell
    check's (taken in turns, as in the window): the spell check's cost without the window's other work and noise."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from composer.core.writing import dictionaries
    from composer.core.writing.spelling import SpellChecker
    from composer.ui.writing.spell_highlighter import SpellHighlighter

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="pc-spelling-") as tmp:
        dictionaries.use_folder(Path(tmp))
        checker = SpellChecker(dictionaries.open_dictionary(Path(tmp), "nl"), "nl")
    edit = QPlainTextEdit()
    edit.resize(600, 500)
    edit.setPlainText(TEXT)
    edit.show()
    highlighter = SpellHighlighter(edit.document(), checker, edit)  # as the window makes it
    edit.cursorPositionChanged.connect(highlighter.cursor_moved)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.setFocus()
    app.processEvents()
    sides: dict[bool, list[float]] = {False: [], True: []}
    position = 0
    for turn in range(2 * (KEYSTROKES + WARM_UP) // BLOCK):
        spelling = turn % 4 in (1, 2)  # A B B A
        _attach(highlighter, edit.document(), spelling)
        app.processEvents()
        for _ in range(BLOCK):
            char = TYPED[position % len(TYPED)]
            position += 1
            began = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
            edit.viewport().repaint()
            app.processEvents()
            sides[spelling].append(time.perf_counter() - began)
    edit.close()
    edit.deleteLater()
    return sides[False][WARM_UP:], sides[True][WARM_UP:]


def time_line_typing(line: str) -> float:
    """Seconds per key for the highlighter's work (core's :meth:`SpellChecker.misspelled`) on ``line`` typed on at
    its end: the line is new each key, and so is the word being typed (until it is a whole word)."""
    from composer.core.writing import dictionaries
    from composer.core.writing.spelling import SpellChecker

    with tempfile.TemporaryDirectory(prefix="pc-spelling-") as tmp:
        dictionaries.use_folder(Path(tmp))
        checker = SpellChecker(dictionaries.open_dictionary(Path(tmp), "nl"), "nl")
    typed = (TYPED * (LINE_EDITS // len(TYPED) + 1))[:LINE_EDITS]
    lines = [line + typed[:i] for i in range(1, LINE_EDITS + 1)]
    checker.misspelled(line)
    began = time.perf_counter()
    for each in lines:
        checker.misspelled(each)
    return (time.perf_counter() - began) / LINE_EDITS


def run() -> list[Row]:
    bare_without, bare_with = time_bare_editor()  # first: nothing of the window's is left in Qt's queue then
    with tempfile.TemporaryDirectory(prefix="pc-spelling-") as tmp:
        without, with_spelling = time_typing(Path(tmp) / "data")
    ratio = median_ms(with_spelling) / median_ms(without)
    added = median_ms(with_spelling) - median_ms(without)
    print(f"per keystroke in the window, 2,000-character Dutch post: with the spell check median "
          f"{median_ms(with_spelling):.3f} ms (p95 {p95_ms(with_spelling):.3f}), without {median_ms(without):.3f} ms "
          f"(p95 {p95_ms(without):.3f}): {ratio:.3f}×, {added:+.3f} ms")
    bare_ratio = median_ms(bare_with) / median_ms(bare_without)
    bare_added = median_ms(bare_with) - median_ms(bare_without)
    print(f"per keystroke in a bare QPlainTextEdit holding the post: with the highlighter median "
          f"{median_ms(bare_with):.3f} ms (p95 {p95_ms(bare_with):.3f}), without {median_ms(bare_without):.3f} ms "
          f"(p95 {p95_ms(bare_without):.3f}): {bare_ratio:.3f}×, {bare_added:+.3f} ms")
    paragraph = time_line_typing(PARAGRAPH.strip()) * 1000
    worst = time_line_typing(TEXT.replace("\n", " ")) * 1000
    print(f"the highlighter's own work per key: {paragraph:.3f} ms in a paragraph of {len(PARAGRAPH.strip())} "
          f"characters, {worst:.3f} ms in one line of {len(TEXT)}")
    return [
        Row(f"a keystroke in the window, 2,000-char Dutch post, with the spell check's highlighter / without, taken "
            f"in turns ({BLOCK} keys each, {KEYSTROKES} per side), median (p95)",
            f"{ratio:.2f}× ({median_ms(with_spelling):.2f} ({p95_ms(with_spelling):.2f}) / "
            f"{median_ms(without):.2f} ({p95_ms(without):.2f}) ms)", "—", True),
        Row("what the spell check adds to that keystroke, difference of the medians", f"{added:+.3f} ms",
            f"< {TARGET_MS:g} ms", added < TARGET_MS),
        Row("the same in a bare QPlainTextEdit holding the post (no checks, counters or autosave), median (p95)",
            f"{bare_ratio:.2f}× ({median_ms(bare_with):.2f} ({p95_ms(bare_with):.2f}) / {median_ms(bare_without):.2f} "
            f"({p95_ms(bare_without):.2f}) ms), {bare_added:+.3f} ms", f"< +{TARGET_MS:g} ms", bare_added < TARGET_MS),
        Row(f"the highlighter's own work per key, typing on at the end of a {len(PARAGRAPH.strip())}-character "
            f"paragraph (the post's last), {LINE_EDITS} keys, mean", f"{paragraph:.3f} ms", f"< {TARGET_MS:g} ms",
            paragraph < TARGET_MS),
        Row(f"the same at the end of a post that is one {len(TEXT):,}-character line (the worst case)",
            f"{worst:.3f} ms", f"< {TARGET_MS:g} ms", worst < TARGET_MS),
    ]


if __name__ == "__main__":
    print_rows(run())
