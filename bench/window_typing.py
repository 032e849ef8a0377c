"""Typing in the real window (offscreen), two ways taken in turns: what a feature adds to a keystroke.

Shared by the benchmarks that switch one part of the window on and off between blocks of keystrokes
(``effort_speed.py``: the writing-time meter; ``spelling_speed.py``: the spell check's highlighter). The
blocks go ABBA, so neither side always comes second while the machine's speed drifts.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import USER


def quiet_offscreen(_mode: Any, _context: Any, message: str) -> None:
    """Qt's messages, without the offscreen platform's "does not support" notes."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def open_window(data_dir: Path, text: str) -> tuple[Any, Any]:
    """The app and its session on ``data_dir``, with one draft of ``text`` on every network open in the window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from composer.core.networks.facts import NETWORKS
    from composer.core.storage.store import Store
    from composer.ui.app import Session

    qInstallMessageHandler(quiet_offscreen)
    store = Store.open(data_dir)
    store.set_setting("user_name", USER)
    store.create(USER, text=text, networks=NETWORKS, purpose="event", audience="general_public")
    store.close()
    app = QApplication.instance() or QApplication([])
    session = Session(app, data_dir, "nl")
    if not session.start() or session.window is None:
        raise RuntimeError(f"the window did not open on {data_dir}")
    return app, session


def type_in_turns(app: Any, edit: Any, typed: str, keystrokes: int, warm_up: int, block: int,
                  switch: Callable[[bool], None]) -> dict[bool, list[float]]:
    """Seconds per keystroke typed at the end of ``edit``, with ``switch(False)`` and ``switch(True)`` in force,
    ``block`` keys at a time in ABBA turns, until each side has ``keystrokes`` after its first ``warm_up``."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.setFocus()
    app.processEvents()
    sides: dict[bool, list[float]] = {False: [], True: []}
    done = {False: 0, True: 0}
    position, turn = 0, 0
    while min(done.values()) < keystrokes + warm_up:
        turn += 1
        for side in ((False, True) if turn % 2 else (True, False)):
            switch(side)
            app.processEvents()
            for _ in range(block):
                char = typed[position % len(typed)]
                position += 1
                began = time.perf_counter()
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
                edit.viewport().repaint()  # what the next frame paints: offscreen, Qt paints only when asked
                app.processEvents()
                done[side] += 1
                if done[side] > warm_up:
                    sides[side].append(time.perf_counter() - began)
    return sides
