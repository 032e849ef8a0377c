"""(To be filled in.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.menu import WritingMenus


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """This aid's actions in the window's menus."""
