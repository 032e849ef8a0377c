"""Where the window is: last session's size and place, on the screen it was on, frame and all inside it,
and how its splitter (drafts | post | checklist) was set.

The window keeps its client area (:meth:`QWidget.geometry`), which
:meth:`QWidget.setGeometry` puts back exactly (:meth:`QWidget.move` would place
the *frame* there and creep down by a title bar per start), the frame margins
seen last time, and the name of its screen. A damaged setting only means the
defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow, QSplitter

if TYPE_CHECKING:
    from composer.ui.window.own_settings import OwnSettings

SPLITTER_SIZES = (300, 620, 360)  # drafts | post | checklist, on first start
DEFAULT_SIZE = (1280, 720)  # the client area on first start, shrunk to fit the screen
#: The window manager's frame (left, top, right, bottom) until it has been seen: a title bar and thin borders.
FRAME_GUESS = (8, 32, 8, 8)
MAX_FRAME = 200  # pixels: a saved margin beyond this is not a frame


class WindowPlace:
    """Puts ``window`` and its ``splitter`` back as they were (:meth:`restore`), keeps the window on its screen,
    and keeps both for next time (:meth:`remember`)."""

    def __init__(self, window: QMainWindow, splitter: QSplitter):
        self.window, self.splitter = window, splitter
        self.frame = FRAME_GUESS  # the window manager's frame around the client area

    def restore(self, store: OwnSettings) -> None:
        """Last session's place and splitter (the ``window`` and ``splitter_state`` settings); a damaged setting
        only means the defaults."""
        self.splitter.setSizes(list(SPLITTER_SIZES))
        try:
            self._restore(store.setting("window") or {})
        except (ValueError, TypeError, AttributeError, KeyError):
            self._restore({})
        try:
            state = store.setting("splitter_state")
            if state:
                self.splitter.restoreState(QByteArray.fromBase64(state.encode("ascii")))
        except (ValueError, TypeError, AttributeError):
            pass

    def remember(self, saver: OwnSettings) -> None:
        """Keep the splitter and the window's place for next time (through the saver: never raises)."""
        saver.set_setting("splitter_state", bytes(self.splitter.saveState().toBase64().data()).decode("ascii"))
        saver.set_setting("window", self.now())

    def _restore(self, saved: dict) -> None:
        """Last session's size and place, on the screen it was on, frame and all inside its available area.

        ``x``/``y``/``w``/``h`` are the client area; the frame margins seen last
        time keep the title bar and borders on the screen too, before the window
        manager has framed the new window.
        """
        screen = self._screen_of(saved)
        margins = _margins(saved.get("frame")) or FRAME_GUESS
        size = (int(saved.get("w", DEFAULT_SIZE[0])), int(saved.get("h", DEFAULT_SIZE[1])))
        place = (int(saved["x"]), int(saved["y"])) if "x" in saved and "y" in saved else None
        self.frame = margins
        self.window.setGeometry(fit_on_screen(screen.availableGeometry(), margins, size, place))
        if saved.get("maximized"):
            self.window.setWindowState(Qt.WindowState.WindowMaximized)

    def _screen_of(self, saved: dict) -> QScreen:
        """The screen the window was on: by name, else the one under its middle, else the primary one."""
        screens = QGuiApplication.screens()
        named = [screen for screen in screens if saved.get("screen") and screen.name() == saved["screen"]]
        if named:
            return named[0]
        if "x" in saved and "y" in saved:
            middle = QPoint(int(saved["x"]) + int(saved.get("w", 0)) // 2,
                            int(saved["y"]) + int(saved.get("h", 0)) // 2)
            under = QGuiApplication.screenAt(middle)
            if under is not None:
                return under
        return QGuiApplication.primaryScreen() or self.window.screen()

    def keep_on_screen(self) -> None:
        """Once the window manager has framed the window: pull it (frame included) inside its screen's area."""
        window = self.window
        if window.isMaximized() or window.isFullScreen() or not window.isVisible():
            return
        inner, outer = window.geometry(), window.frameGeometry()
        margins = (inner.left() - outer.left(), inner.top() - outer.top(), outer.right() - inner.right(),
                   outer.bottom() - inner.bottom())
        if margins != (0, 0, 0, 0):
            self.frame = margins
        area = window.screen().availableGeometry()
        if not area.contains(outer):
            window.setGeometry(fit_on_screen(area, self.frame, (inner.width(), inner.height()),
                                             (inner.x(), inner.y())))

    def now(self) -> dict:
        """Where the window is, as :meth:`restore` takes it back: the client area, the frame, the screen."""
        window = self.window
        framed = not window.isMaximized() and not window.isFullScreen() and window.isVisible()
        normal = window.geometry() if framed else window.normalGeometry()
        if framed:
            outer = window.frameGeometry()
            seen = (normal.left() - outer.left(), normal.top() - outer.top(), outer.right() - normal.right(),
                    outer.bottom() - normal.bottom())
            self.frame = seen if seen != (0, 0, 0, 0) else self.frame
        return {"x": normal.x(), "y": normal.y(), "w": normal.width(), "h": normal.height(),
                "maximized": window.isMaximized(), "frame": list(self.frame), "screen": window.screen().name()}


def fit_on_screen(area: QRect, frame: tuple[int, int, int, int], size: tuple[int, int],
                  place: tuple[int, int] | None = None) -> QRect:
    """The client rectangle of a window of ``size`` at ``place`` (centred if ``None``) such that it and its
    ``frame`` (left, top, right, bottom margins) lie inside ``area``, shrunk where the area is too small."""
    left, top, right, bottom = frame
    width = max(min(size[0], area.width() - left - right), 1)
    height = max(min(size[1], area.height() - top - bottom), 1)
    lowest_x, highest_x = area.left() + left, area.right() + 1 - right - width
    lowest_y, highest_y = area.top() + top, area.bottom() + 1 - bottom - height
    if place is None:
        place = ((lowest_x + highest_x) // 2, (lowest_y + highest_y) // 2)
    x = min(max(place[0], lowest_x), highest_x)
    y = min(max(place[1], lowest_y), highest_y)
    return QRect(x, y, width, height)


def _margins(value) -> tuple[int, int, int, int] | None:
    """Saved frame margins, if they are four sensible numbers (a damaged setting is only a guess lost)."""
    try:
        margins = tuple(int(v) for v in value)
    except (TypeError, ValueError):
        return None
    return margins if len(margins) == 4 and all(0 <= v <= MAX_FRAME for v in margins) else None
