"""(To be filled in.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from composer.ui.window.main_window import MainWindow


def add_actions(window: MainWindow, menu: QMenu) -> None:
    """This part's actions in the Plan menu."""
