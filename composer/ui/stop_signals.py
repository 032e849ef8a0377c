"""SIGTERM, SIGHUP and SIGINT stop the app like Quit: saved and closed, from the event loop."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from composer.ui.app import Session


def stop_on_signals(app: QApplication, session: Session) -> QSocketNotifier | None:
    """SIGTERM, SIGHUP and SIGINT save and quit like Quit does.

    Python runs a signal handler only between bytecodes, and the Qt event loop
    runs no Python while idle: the C-level handler writes to a pipe (a socket
    pair on Windows) given to ``signal.set_wakeup_fd``, which a
    :class:`QSocketNotifier` watches, so the loop wakes and the handler runs at once.
    """
    receiver, sender = _wakeup_pair()
    try:
        signal.set_wakeup_fd(sender)
    except ValueError:  # not the main thread: nothing to install
        return None
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_args: session.terminate())
    notifier = QSocketNotifier(receiver, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_args: _drain(receiver))
    return notifier


def _wakeup_pair() -> tuple[int, int]:
    """A non-blocking (read end, write end) for the wake-up byte."""
    if os.name == "posix":
        receiver, sender = os.pipe()
        os.set_blocking(receiver, False)
        os.set_blocking(sender, False)
        return receiver, sender
    import socket

    pair = socket.socketpair()
    for end in pair:
        end.setblocking(False)
    _wakeup_pair.kept = pair  # the sockets must outlive the notifier
    return pair[0].fileno(), pair[1].fileno()


def _drain(receiver: int) -> None:
    try:
        while os.read(receiver, 64) if os.name == "posix" else _wakeup_pair.kept[0].recv(64):
            pass
    except OSError:
        pass
