"""The main window as a screen reader and the keyboard meet it: names, descriptions and the Tab order.

Tab follows the screen as the eye reads it: the drafts column (search, stage,
list, its buttons), then the post (networks, purpose, audience, the version
tabs, the text), its photos under it, then the checklist. Parts made after the
window (a network's own version, the photo strip after the first paint, a
photo's details) join Qt's focus chain at its end, so the order is set again
whenever one arrives (:meth:`ReadingOrder.apply`).

The order is :func:`composer.ui.accessibility.reading_order`: the layouts as laid
out. The editor's own widgets are named from here, as the editor makes them (its
text boxes and their tabs' close buttons, which Qt draws as a picture only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTabBar

from composer.core.i18n import _
from composer.core.networks.facts import network
from composer.ui import accessibility

if TYPE_CHECKING:
    from composer.ui.editor.editor import PostEditor
    from composer.ui.window.main_window import MainWindow

SHARED = ""  # the editor's key of the shared text (composer.ui.editor.editor.SHARED)


def text_name(key: str) -> str:
    """The name of the text box of ``key`` ("" is the shared text)."""
    if key == SHARED:
        return _("Post text")
    return _("Text for {network}").format(network=network(key).name)


def name_editor(editor: PostEditor) -> None:
    """Name the editor's parts; called again when its text boxes and tabs change."""
    accessibility.name(editor.purpose, _("Purpose"), _("Why this post: the first question of the checklist."))
    accessibility.name(editor.audience, _("Audience"), _("For whom this post is written."))
    accessibility.name(editor.tabs, _("Versions of the text"), _(
        "The shared text and each network's own version. Ctrl+W closes a network's own version."))
    accessibility.name(editor.own_version, editor.own_version.text().replace("&", ""), _(
        "Give a chosen network a text of its own, for example a shorter one for X."))
    for key, edit in editor.editors.items():
        if key == SHARED:
            accessibility.name(edit, text_name(key), _(
                "The text every chosen network gets, unless it has its own version. Tab leaves the text."))
        else:
            accessibility.name(edit, text_name(key), _(
                "The own version for {network}; Ctrl+W goes back to the shared text.").format(
                network=network(key).name))
    for index in range(editor.tabs.count()):
        button = editor.tabs.tabButton(index, QTabBar.ButtonPosition.RightSide)
        key = editor.tabs.tabData(index) or SHARED
        if button is not None and key != SHARED:
            accessibility.name(button, _("Close the version for {network}").format(network=network(key).name),
                               editor.tabs.tabToolTip(index))


class ReadingOrder(QObject):
    """Keeps the main window's Tab order as the eye reads, and the editor's parts named."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._again = QTimer(self, singleShot=True, interval=0)
        self._again.timeout.connect(self.apply)
        window.setAccessibleDescription(_(
            "Drafts on the left, the post in the middle with its photos under it, the checklist on the right."))
        status = window.statusBar()
        status.messageChanged.connect(lambda text: accessibility.announce(status, text) if text else None)
        window.editor.stack.widgetAdded.connect(lambda _index: self._again.start())
        window.editor.tabs.currentChanged.connect(lambda _index: self._again.start())
        self.apply()

    def apply(self) -> None:
        """Set the Tab order and the editor's names again (a part was added, a tab came or went)."""
        self._again.stop()
        name_editor(self.window.editor)
        accessibility.follow_the_eye(self.window, focus_first=False)  # the draft's text has it


def close_own_version(editor: PostEditor) -> None:
    """Ctrl+W: the current tab's network goes back to the shared text (Undo in the status bar)."""
    key = editor.current_key()
    if key != SHARED:
        editor.remove_version(key)
