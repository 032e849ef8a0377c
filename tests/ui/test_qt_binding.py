"""Guards against a known-bad Qt binding release on this project's paths."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_python_signals_keep_their_references_to_true(qapp):
    """PySide6 6.12.0 released ``True`` once per emit of a Python ``Signal(bool)`` and
    crashed the interpreter at exit (pyproject excludes that release)."""
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.flag.emit(True)
    received.clear()
    assert sys.getrefcount(True) >= before - 20
