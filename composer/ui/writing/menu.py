"""Where the writing aids sit in the window's menus: an Insert menu of their own, and a few entries in File, Edit
and View. Each aid adds its own actions (``add_actions(window, menus)`` in its module)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from composer.ui.window.main_window import MainWindow


@dataclass(frozen=True)
class WritingMenus:
    """The menus an aid may add to."""

    file: QMenu
    edit: QMenu
    insert: QMenu
    view: QMenu


def build_insert_menu(window: MainWindow) -> QMenu:
    """The Insert menu, right after Edit (filled by :func:`add_writing_actions`)."""
    window.insert_menu = window.menuBar().addMenu(_("&Insert"))
    return window.insert_menu


def add_writing_actions(window: MainWindow, menus: WritingMenus) -> None:
    """Every aid's actions, once all menus exist."""
    from composer.ui.writing import (
        emoji_actions,
        history_actions,
        network_actions,
        snippet_actions,
        spelling_actions,
        template_actions,
    )

    for part in (spelling_actions, emoji_actions, snippet_actions, template_actions, history_actions,
                 network_actions):
        part.add_actions(window, menus)
