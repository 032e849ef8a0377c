"""What the photo strip tells the window, said once for the light panel and the real view behind it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class StripSignals(QWidget):
    """A widget that speaks for the draft's photos.

    Signals:
        changed: a photo, its alt text, who is in it or a person linked changed (the checks must re-read).
        message(str): something to tell the user, briefly (the status bar).
        undo_offered(str, object): a photo was removed; what to say and a function that puts it back.
    """

    changed = Signal()
    message = Signal(str)
    undo_offered = Signal(str, object)
