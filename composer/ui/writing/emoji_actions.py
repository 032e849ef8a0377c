"""Insert → Emoji… (Ctrl+;) and the 😀 button beside the text: the picker at the text cursor.

The emoji used lately and the skin tone are this computer's (the window's own settings, ``recent_emoji``
and ``emoji_tone``): a colleague's choices never reorder another's picker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolButton

from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS
from composer.ui.window.menus import action

if TYPE_CHECKING:
    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.emoji_picker import EmojiPicker
    from composer.ui.writing.menu import WritingMenus

SHORTCUT = "Ctrl+;"
RECENT_SETTING, TONE_SETTING = "recent_emoji", "emoji_tone"


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """Insert → Emoji…, and its button at the right of the text's tabs."""
    window.emoji_action = action(window, _("&Emoji…"), lambda: open_picker(window), SHORTCUT)
    window.emoji_action.setToolTip(_("Find an emoji by its name in Dutch or English and insert it at the cursor."))
    menus.insert.addAction(window.emoji_action)
    button = window.emoji_button = QToolButton(window.editor)
    button.setObjectName("emoji-button")
    button.setText("\U0001F600")
    button.setAutoRaise(True)
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    button.setFont(font)
    button.setToolTip(_("Insert an emoji ({key})").format(key=window.emoji_action.shortcut().toString(
        window.emoji_action.shortcut().SequenceFormat.NativeText)))
    button.setAccessibleName(_("Insert an emoji"))
    button.clicked.connect(lambda: open_picker(window))
    window.editor.tab_row.insertWidget(1, button)
    window.emoji_picker = None


def open_picker(window: MainWindow) -> EmojiPicker | None:
    """The picker at the cursor of the visible text box (nothing when no draft can be written in).

    Made on first use and kept: opening it again only starts a new search, the recent ones first.
    """
    from composer.core.writing.emoji_names import recent_from_setting, tone_from_setting
    from composer.ui.writing.emoji_picker import EmojiPicker
    from composer.ui.writing.inserting import writable_edit

    edit = writable_edit(window)
    if edit is None:
        return None
    picker = window.emoji_picker
    if picker is None:  # the settings are read once; the picker keeps them up to date from then on
        picker = window.emoji_picker = EmojiPicker(
            window, recent_from_setting(window.own.setting(RECENT_SETTING)),
            tone_from_setting(window.own.setting(TONE_SETTING)), lambda: window.editor.chosen() or list(NETWORKS))
        picker.chosen.connect(lambda text: insert_emoji(window, text))
        picker.tone_changed.connect(lambda chosen: window.own.set_setting(TONE_SETTING, chosen))
    else:
        picker.start(picker.recent, picker.tone)
    picker.popup_at(edit.viewport().mapToGlobal(edit.cursorRect().bottomLeft()))
    return picker


def insert_emoji(window: MainWindow, text: str) -> None:
    """``text`` at the cursor of the visible text box; remembered first among the recent ones."""
    from composer.core.writing.emoji_names import recent_from_setting, remember
    from composer.ui.writing.inserting import put, writable_edit

    edit = writable_edit(window)
    if edit is None:
        return
    put(edit, edit.textCursor(), text)
    picker = window.emoji_picker
    recent = remember(picker.recent if picker is not None else
                      recent_from_setting(window.own.setting(RECENT_SETTING)), text)
    if picker is not None:
        picker.recent = recent
    window.own.set_setting(RECENT_SETTING, recent)

