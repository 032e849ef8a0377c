"""The house style the window applies, and the approval it may ask for.

The house style is read from the store (:func:`composer.core.context.library_context`),
edited in Settings → House style… (a dialog that leaves the window usable) and
applied to the editor (the library's own audiences) and to File → Approve…,
shown only when the house style asks for a colleague's approval. Approving
saves the draft first, so the approval covers it as it is now; editing the
text afterwards voids it (the ``review`` check says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from composer.core.checklist import CheckContext
from composer.core.context import library_context
from composer.core.drafts import approval
from composer.core.house_style import HouseStyle, HouseStyleError
from composer.core.i18n import _
from composer.ui.dialogs import ask_approver
from composer.ui.window.status_undo import UNDO_NOTICE_MS
from composer.ui.window.team_face import allow

if TYPE_CHECKING:
    from composer.core.storage.store import Store
    from composer.ui.editor.checklist_panel import ChecklistPanel
    from composer.ui.editor.editor import PostEditor
    from composer.ui.window.draft_switching import DraftSwitcher


class HouseStyleAndApproval(QObject):
    """Keeps :attr:`context` (the house style and the colleagues) and asks for approvals of the open draft.

    ``check()`` checks the open draft again.
    """

    def __init__(self, window: QMainWindow, store: Store, switcher: DraftSwitcher, author: Callable[[], str],
                 editor: PostEditor, checklist: ChecklistPanel, approve_action: QAction, check: Callable[[], None]):
        super().__init__(window)
        self.window, self.store, self.switcher, self._author = window, store, switcher, author
        self.editor, self.checklist, self.approve_action, self._check = editor, checklist, approve_action, check
        self.house_style_dialog = None
        self.approve_dialog = None
        self.context = self._read_context()

    def _read_context(self) -> CheckContext:
        """What the checks know beyond the draft: the stored house style and the colleagues' names."""
        context, problem = library_context(self.store)
        if problem is not None:
            self.window.statusBar().showMessage(
                _("The stored house style cannot be used ({reason}); none is applied.").format(reason=problem))
        return context

    def apply(self) -> None:
        """Give the editor the library's own audiences, and offer Approve… only when the house style asks for it."""
        style = self.context.house_style
        self.editor.set_own_audiences(style.audiences)
        self.approve_action.setVisible(style.review_required)
        self.checklist.approve_button.setVisible(style.review_required)
        access = self.store.access
        if access.team and access.may("approve"):  # the approver is the login: no name to type
            for each in (self.approve_action, self.checklist.approve_button):
                each.setText(_("Approve as {user}").format(user=access.user))
            self.approve_action.setToolTip(_("Record that you ({user}) approve this draft as it is now; never "
                                             "your own draft.").format(user=access.user))
            self.checklist.approve_button.setToolTip(self.approve_action.toolTip())
        elif access.team:  # a writer: an approver's login approves (the server would refuse this one)
            allow(self.store, "approve", self.approve_action, self.checklist.approve_button)
        marks = access.team and access.may("approve") and style.review_required
        self.switcher.drafts.model.mark_waiting = bool(marks)

    def edit(self):
        """Settings → House style…: a dialog that leaves the window usable."""
        from composer.ui.settings.house_style_dialog import HouseStyleDialog

        if self.house_style_dialog is None:
            dialog = HouseStyleDialog(self.context.house_style, self.window)
            dialog.saved.connect(self.set_house_style)
            dialog.finished.connect(lambda _result: self._forget_dialog("house_style_dialog", dialog))
            self.house_style_dialog = dialog
        self.house_style_dialog.show()
        self.house_style_dialog.raise_()
        self.house_style_dialog.activateWindow()
        return self.house_style_dialog

    def set_house_style(self, style: HouseStyle) -> None:
        """Keep ``style`` for every later draft and check the open one against it."""
        with self.switcher.store_action(_("The house style was not saved")):
            self.store.set_setting("house_style", style.to_dict())
        if self.switcher.store_failed:
            return
        self.context = self._read_context()
        self.apply()
        self._check()

    def use_context(self, context: CheckContext, problem: HouseStyleError | None) -> None:
        """The house style and colleagues as just read elsewhere (a colleague changed them): applied here."""
        if problem is not None:
            self.window.statusBar().showMessage(
                _("The stored house style cannot be used ({reason}); none is applied.").format(reason=problem))
        self.context = context
        self.apply()

    def _forget_dialog(self, name: str, dialog) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)
        dialog.deleteLater()

    # --- approval --------------------------------------------------------------------------------

    def approve(self):
        """Ask who approves the open draft (a colleague, never its author), then record it on the saved draft.

        On the team library the login approves, without a question (the server refuses a writer, or an
        approver's own draft, and the status bar says so).
        """
        current = self.switcher.current
        if current is None or current.deleted_at is not None:
            return None
        if self.store.access.team:
            self.record_approval(self.store.access.user or "")
            return None
        if self.approve_dialog is None:
            dialog = ask_approver(self.window, self._refusal, _(approval.ALONE_NOTE), self.record_approval)
            dialog.finished.connect(lambda _result: self._forget_dialog("approve_dialog", dialog))
            self.approve_dialog = dialog
        return self.approve_dialog

    def _refusal(self, name: str) -> str | None:
        """Why ``name`` may not approve the open draft: its author, or whoever is writing at this computer."""
        current = self.switcher.current
        if current is None:
            return None
        return approval.refusal(replace(current, updated_by=self._author()), name) or approval.refusal(current, name)

    def record_approval(self, name: str) -> None:
        """``name`` approved the open draft as it is now (saved first, so the approval covers it)."""
        switcher, status = self.switcher, self.window.statusBar()
        if switcher.current is None or not switcher.save_now():
            status.showMessage(_("Not approved: the draft could not be saved first."), UNDO_NOTICE_MS)
            return
        if not self.store.access.team:  # on the team library the server decides, from the logins
            try:
                approval.check(switcher.current, name)
            except approval.ApprovalRefused as refused:
                status.showMessage(str(refused), UNDO_NOTICE_MS)
                return
        with switcher.store_action(_("The approval was not recorded")):
            switcher.current = self.store.approve(switcher.current.id, name)
        if switcher.store_failed:
            return
        self.editor.set_base(switcher.current)
        self._check()
        if self.switcher.drafts.model.mark_waiting:
            switcher.refresh_list()
        status.showMessage(_("Approved by {name}.").format(name=switcher.current.approved_by or name), 4000)
