"""Helpers for the window tests: typing real Unicode, clicking, waiting for background work, a window on a draft.

What a session needs as fixtures (``start``, ``messages``) is in ``tests/conftest.py``;
drafts, photos and images made without a window are in ``tests/helpers/``.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QListWidget, QWidget

from composer.core.house_style import HouseStyle
from tests.helpers.drafts import ready_draft_in

STYLE = HouseStyle(sign_off="Tot in de bib! 💛")  # the house style :func:`open_window` starts with


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; ``qtbot.keyClicks`` aborts on non-ASCII (engineering.md)."""
    for ch in text:
        key = Qt.Key.Key_Return if ch == "\n" else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def append(edit, text: str) -> None:
    """Type ``text`` at the end of what ``edit`` holds."""
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_text(edit, text)


def close(session) -> None:
    """Close as the user does, then let Qt delete what the session made."""
    if session.window is not None:
        session.window.close()
    session.stop()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def click_row(qtbot, view: QListWidget, row: int) -> None:
    """Click a list row with the mouse, where a person would."""
    item = view.item(row)
    view.scrollToItem(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center())


def activate(qtbot, window) -> None:
    """Make ``window`` the active one: keyboard shortcuts and focus reach only the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def settle(timeout: float = 30) -> None:
    """Wait until the background work started so far has ended, then let its reports reach the UI thread."""
    from composer.ui import background

    assert background.wait_idle(timeout)
    QApplication.processEvents()


def shown(window, check_id: str, network: str | None = None):
    """The check the window's checklist shows with that id (and network), or ``None``."""
    row = window.checklist.row_of(check_id, network)
    return window.checklist.checks()[row] if row >= 0 else None


def window_with_photos(start, folder, networks=("instagram", "x"), text: str = "", sizes=((1200, 800),)):
    """A new session's window with ``networks`` chosen, ``text`` in its editor and a plain JPEG of each size
    (written to ``folder``) in its draft."""
    from composer.core.photos.library import attach_photo, import_photo

    window = start().window
    for key in networks:
        window.editor.network_boxes[key].setChecked(True)
    window.editor.editors[""].setPlainText(text)
    for i, size in enumerate(sizes):
        path = folder / f"photo{i}.jpg"
        Image.new("RGB", size, (40 * i, 120, 200)).save(path, "JPEG")
        attach_photo(window.store, window.current.id, import_photo(window.store, path))
    window.photos_changed()
    return window


def open_preview(window):
    """View → Preview…, with the photos' thumbnails in."""
    preview = window.open_preview()
    settle()
    return preview


def crop_dialog(window, key: str):
    """The crop editor for the first photo on ``key``'s tab of the preview: (the preview, the dialog)."""
    preview = open_preview(window)
    preview.tab(key).crop_buttons[0].click()
    return preview, next(iter(preview.crop_dialogs.values()))


class FakeClipboard:
    """Stands in for the system clipboard (:class:`composer.ui.clipboard.SystemClipboard`): nothing reaches the
    real one. It keeps what is put on it and hands out ``content`` (a ``PastedImage``; default: nothing)."""

    def __init__(self, content=None):
        self.content = content
        self.texts: list[str] = []
        self.images: list[QImage] = []
        self.cleared = 0

    def set_text(self, text: str) -> None:
        self.texts.append(text)

    def set_image(self, image: QImage) -> None:
        self.images.append(image)

    def clear(self) -> None:
        self.cleared += 1

    def image(self):
        from composer.ui.clipboard import PastedImage

        return self.content if self.content is not None else PastedImage()


def open_window(start, data_dir, **draft):
    """A session on a draft ready for export (see :func:`tests.helpers.drafts.ready_draft_in`), its house style
    :data:`STYLE`, its export's clipboard a :class:`FakeClipboard`: (the window, the clipboard)."""
    ready_draft_in(data_dir, **draft)
    window = start(house_style=STYLE).window
    fake = FakeClipboard()
    window.export_ui.clipboard = fake
    return window, fake
