"""Plan → Calendar (Ctrl+Shift+K): the week or month of planned and published posts, beside the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.ui.window.menus import action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from composer.ui.planning.calendar_view import CalendarWindow
    from composer.ui.window.main_window import MainWindow


def add_actions(window: MainWindow, menu: QMenu) -> None:
    """This part's actions in the Plan menu."""
    window.calendar_action = action(window, _("&Calendar…"), lambda: open_calendar(window), "Ctrl+Shift+K")
    window.calendar_action.setToolTip(_("Planned and published posts per network, a week or a month at a time, "
                                        "with the library's rhythm"))
    menu.addAction(window.calendar_action)


def open_calendar(window: MainWindow) -> CalendarWindow:
    """One calendar window beside the main one, never modal; brought to the front when already open."""
    from composer.ui.planning.calendar_view import CalendarWindow
    from composer.ui.planning.changes import planning_changed

    calendar = window.findChild(CalendarWindow, "calendar")
    if calendar is None:
        calendar = CalendarWindow(window.store, lambda: window.context.house_style.cadence, lambda: window.author,
                                  lambda draft_id: _open_in_window(window, draft_id), window)
        calendar.changed.connect(lambda text: planning_changed(window, text, calendar_too=False))
    else:
        calendar.refresh()
    calendar.show()
    calendar.raise_()
    calendar.activateWindow()
    return calendar


def _open_in_window(window: MainWindow, draft_id: int) -> None:
    """A post double-clicked in the calendar: its draft in the main window, which comes to the front."""
    if window.drafts.in_trash:  # the drafts, not the trash, beside it
        window.drafts.show_trash.setChecked(False)
    window.open_draft(draft_id)
    if window.current is None or window.current.id != draft_id:
        window.statusBar().showMessage(_("This draft could not be opened: it may be in the trash."), 8000)
    window.raise_()
    window.activateWindow()
