"""The open draft's way along, in the Plan menu: Ask for review, Plan… (Ctrl+Shift+P), Archive / Unarchive.

Each acts on the draft open in the window (``window.current``), saved first,
through :mod:`composer.core.planning.flow` and ``plans.py``; what follows (the
list's stage, the ``cadence`` check, an open calendar) is
:func:`~composer.ui.planning.changes.planning_changed`. The menu shows the
step that applies: *Ask for review* or *Withdraw the review request*,
*Archive* or *Unarchive*, read when the menu opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.planning import flow
from composer.core.storage.errors import DatabaseError
from composer.ui.planning.changes import MESSAGE_MS, planning_changed
from composer.ui.window.menus import action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from composer.core.storage.store import Store
    from composer.ui.planning.plan_dialog import PlanDialog
    from composer.ui.window.main_window import MainWindow


def add_actions(window: MainWindow, menu: QMenu) -> None:
    """This part's actions in the Plan menu."""
    window.review_action = action(window, _("Ask for re&view"), lambda: take_step(
        window, flow.request_review, _("Review asked for: the draft is ready for review."),
        _("The review was not asked for")))
    window.review_action.setToolTip(_("Tell the colleagues who approve drafts that this one is ready to be read."))
    window.withdraw_review_action = action(window, _("Withdraw the re&view request"), lambda: take_step(
        window, flow.withdraw_review, _("The review request was withdrawn."),
        _("The review request was not withdrawn")))
    window.plan_action = action(window, _("&Plan…"), lambda: open_plan_dialog(window), "Ctrl+Shift+P")
    window.plan_action.setToolTip(_("When this draft goes out on each of its networks"))
    window.archive_action = action(window, _("&Archive"), lambda: take_step(
        window, flow.archive, _("Draft archived: its plans no longer count."), _("The draft was not archived")))
    window.unarchive_action = action(window, _("&Unarchive"), lambda: take_step(
        window, flow.unarchive, _("The draft is out of the archive."), _("The draft was not taken out of the archive")))
    for each in (window.review_action, window.withdraw_review_action, window.plan_action, window.archive_action,
                 window.unarchive_action):
        menu.addAction(each)
    window.unarchive_action.setVisible(False)
    window.withdraw_review_action.setVisible(False)
    menu.aboutToShow.connect(lambda: update_actions(window))


def update_actions(window: MainWindow) -> None:
    """Show the steps that apply to the open draft (none while none is open or it lies in the trash)."""
    current = window.current
    usable = current is not None and current.deleted_at is None
    state = None
    if usable and current is not None:
        try:
            state = flow.state_of(window.store, current.id)
        except (flow.FlowError, *DatabaseError):
            state = None
    for each in (window.review_action, window.withdraw_review_action, window.plan_action, window.archive_action,
                 window.unarchive_action):
        each.setEnabled(state is not None)
    requested = state is not None and state.review_requested
    archived = state is not None and state.archived
    window.review_action.setVisible(not requested)
    window.withdraw_review_action.setVisible(requested)
    window.archive_action.setVisible(not archived)
    window.unarchive_action.setVisible(archived)
    window.plan_action.setEnabled(state is not None and not archived)


def take_step(window: MainWindow, step: Callable[[Store, int], None], done: str, failed: str) -> bool:
    """Save the open draft, take ``step`` on it, and show what follows; a refusal is said in the status bar."""
    current = window.current
    if current is None:
        return False
    if current.deleted_at is not None:
        window.statusBar().showMessage(_("This draft is in the trash: restore it first."), MESSAGE_MS)
        return False
    window.save_now()  # the step is about the draft as it is now
    try:
        with window.store_action(failed):
            step(window.store, current.id)
    except flow.FlowError as error:
        window.statusBar().showMessage(f"{failed}: {error}", MESSAGE_MS)
        return False
    if window.store_failed:
        return False
    planning_changed(window, done)
    return True


def open_plan_dialog(window: MainWindow) -> PlanDialog | None:
    """Plan…: a date and time per network of the open draft (saved first), beside the window."""
    from composer.ui.planning.plan_dialog import PlanDialog

    current = window.current
    if current is None or current.deleted_at is not None:
        window.statusBar().showMessage(_("Open a draft to plan it (not one in the trash)."), MESSAGE_MS)
        return None
    window.save_now()
    state = None
    with window.store_action(_("The plan could not be opened")):
        state = flow.state_of(window.store, current.id)
    if state is None:
        return None
    if state.archived:
        window.statusBar().showMessage(_("This draft is archived: take it out of the archive before planning it."),
                                       MESSAGE_MS)
        return None
    dialog = window.findChild(PlanDialog, "plan-dialog")
    if dialog is not None and dialog.draft_id != current.id:
        dialog.close()  # it was for another draft
        dialog.deleteLater()
        dialog = None
    if dialog is None:
        dialog = PlanDialog(window.store, current.id, window.editor.draft().networks, lambda: window.author, window)
        dialog.changed.connect(lambda text: planning_changed(window, text))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

