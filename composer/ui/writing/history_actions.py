"""Earlier versions in the window: View → Earlier versions… (Ctrl+Shift+H), and restoring one.

A restore goes the way typing goes: the text now is saved first and kept in the history; the chosen
version is put in the editor and handed to the window's saver, which saves it on the revision the author's
text started from — on the team library a colleague's newer save is never overwritten (the window's
conflict dialog then lets the author choose). Once saved, the restored content is kept in the history as a
version of its own, and the status bar offers Undo: restoring the version from just before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.errors import DatabaseError
from composer.ui.window.menus import action
from composer.ui.window.status_undo import UNDO_NOTICE_MS

if TYPE_CHECKING:
    from composer.core.writing.versions import Version
    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.history_panel import HistoryPanel
    from composer.ui.writing.menu import WritingMenus

SHORTCUT = "Ctrl+Shift+H"
RESTORE_UNDO_MS = 30_000  # a restore replaces the whole text: its Undo stays longer than most


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """View → Earlier versions…; the window's ``earlier_versions`` does the work."""
    window.earlier_versions = EarlierVersions(window)
    window.history_action = action(window, _("&Earlier versions…"), window.earlier_versions.open, SHORTCUT)
    window.history_action.setToolTip(_("See how the draft read before, compared word by word with now, "
                                       "and restore a version."))
    menus.view.addAction(window.history_action)


class EarlierVersions:
    """The open draft's history panel (one per window, made on first use) and restoring from it."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.panel: HistoryPanel | None = None

    def open(self) -> HistoryPanel:
        """Show the panel beside the window, for the open draft (saved first, so "now" is what is stored)."""
        from composer.ui.writing.history_panel import HistoryPanel

        window = self.window
        if self.panel is None:
            panel = self.panel = HistoryPanel(window.store, self._draft, window)
            panel.restore_requested.connect(self.restore)
            window.editor.changed.connect(panel.schedule_refresh)
            window.switcher.opened.connect(lambda _draft_id: self._follow())
        window.submit()
        self.panel.reload()
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        return self.panel

    def _draft(self):
        return self.window.editor.draft() if self.window.current is not None else None

    def _follow(self) -> None:
        """Another draft was opened: show its versions (while the panel is open)."""
        if self.panel is not None and self.panel.isVisible():
            self.panel.reload()

    def restore(self, version: Version) -> bool:
        """Make ``version``'s content the open draft's, through the window's save (see the module); ``True`` once
        it is saved."""
        window = self.window
        current = window.current
        say = window.statusBar().showMessage
        if current is None or current.deleted_at is not None:
            say(_("Take the draft out of the trash before restoring a version of it."), UNDO_NOTICE_MS)
            return False
        if not window.save_now():
            say(_("The version was not restored: the text now could not be saved first."), UNDO_NOTICE_MS)
            return False
        before = window.editor.draft()
        with window.store_action(_("The version was not restored")):
            _versions().keep(window.store, before, before.updated_by or window.author)
            previous = _versions().versions_newest(window.store, before.id)
        if window.store_failed or previous is None:
            return False
        restored = version.applied_to(before)
        window.editor.load(restored)
        window.refresh_checks()
        saved = window.save_now()
        stored = self._stored(before.id)
        if not saved or stored is None or not stored.same_content(restored):
            say(_("The version is in the editor but not saved yet: see the message about saving."), UNDO_NOTICE_MS)
            self._reload()
            return False
        with window.store_action(_("The restore was saved but not marked in the history")):
            _versions().mark_restored(window.store, stored, version, window.author)
        self._reload(select_newest=True)
        window.status_undo.offer(
            _("The version of {when} is restored; the text from before is kept as an earlier version.").format(
                when=_versions().when(version.saved_at)),
            lambda: self.restore(previous), RESTORE_UNDO_MS, _("Undo: bring back the text from before the restore"))
        return True

    def _stored(self, draft_id):
        try:
            return self.window.store.get(draft_id)
        except (*DatabaseError, KeyError):
            return None

    def _reload(self, select_newest: bool = False) -> None:
        if self.panel is not None and self.panel.isVisible():
            self.panel.reload()
            if select_newest:
                self.panel.select(0)


def _versions():  # noqa: ANN202 - the module, loaded on first use (it brings the final texts: not at start-up)
    from composer.core.writing import versions

    return versions
