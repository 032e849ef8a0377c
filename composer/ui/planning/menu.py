"""The window's Plan menu: the draft's way along (review, plan, archive), the calendar, feedback and the return.

Each part adds its own actions (``add_actions(window, menu)`` in its module), so the menu is built in one place
and each feature keeps its actions beside its code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.ui.window.main_window import MainWindow


def build_plan_menu(window: MainWindow) -> None:
    """The menu, after View and Consent (see ``window/menus.py``)."""
    from composer.ui.planning import calendar_actions, follow_up, return_actions, work_actions

    menu = window.menuBar().addMenu(_("&Plan"))
    window.plan_menu = menu
    calendar_actions.add_actions(window, menu)
    menu.addSeparator()
    work_actions.add_actions(window, menu)
    menu.addSeparator()
    return_actions.add_actions(window, menu)
    follow_up.add_actions(window, menu)
