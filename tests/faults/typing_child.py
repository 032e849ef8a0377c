"""A real Post Composer that types by itself, for the fault trials: run as ``python -m tests.faults.typing_child``.

    python -m tests.faults.typing_child DATA_DIR [--rate CHARS_PER_S] [--autosave-ms MS] [--chars N]

It starts the app exactly as ``post-composer`` does (``composer.ui.app.run``:
lock, database, saver, signal handlers), and once the window shows it types
:data:`TEXT` into the post, key event by key event, at a steady rate — no
pause long enough for a debounce. After each keystroke it prints
``typed <characters> <time.monotonic()>`` (flushed), so the parent knows what
had been typed at the moment it killed the process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEXT = ("Voorleesuurtje in de bib ☕: elke woensdag om 14 uur lezen we voor uit prentenboeken. "
        "Kom gerust met de kleinsten! Café-hoek open. ")


def typed_text(n: int) -> str:
    """The first ``n`` characters the child types."""
    return (TEXT * (n // len(TEXT) + 1))[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--autosave-ms", type=int, default=0)
    parser.add_argument("--chars", type=int, default=10_000)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from composer.ui import app as app_module
    from composer.ui.window import draft_switching, main_window

    if args.autosave_ms:
        draft_switching.AUTOSAVE_MS = args.autosave_ms
    app = QApplication(sys.argv)  # the app's own start (run) takes this one
    typing_into: list[object] = [None]

    def type_into(window) -> None:
        edit = window.editor.editors[""]
        count = [0]

        def key() -> None:
            if count[0] >= args.chars or typing_into[0] is not window:
                timer.stop()
                return
            ch = typed_text(count[0] + 1)[-1]
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
            count[0] += 1
            print(f"typed {count[0]} {time.monotonic():.6f} {window.current.id}", flush=True)

        timer = QTimer(window, interval=max(1, round(1000 / args.rate)))
        timer.timeout.connect(key)
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        timer.start()
        print(f"window {time.monotonic():.6f}", flush=True)

    def watch() -> None:
        """Start typing into the window as soon as it shows (again, after a repair opened a new one)."""
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, main_window.MainWindow) and w.isVisible()]
        if shown and shown[-1] is not typing_into[0]:
            typing_into[0] = shown[-1]
            type_into(shown[-1])

    watcher = QTimer(app, interval=5)
    watcher.timeout.connect(watch)
    watcher.start()
    return app_module.run(args.data_dir, "en")

if __name__ == "__main__":
    sys.exit(main())
