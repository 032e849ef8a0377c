"""The one window: drafts on the left, the post in the middle, the checklist on the right.

This module puts the window together and is its public face (what the session,
the tests and the benchmarks call); each job is done by a part of its own:

- :mod:`~composer.ui.window.menus`: the menus and their actions;
- :mod:`~composer.ui.window.draft_switching`: the open draft, switching drafts, and saving while typing goes on;
- :mod:`~composer.ui.window.checking`: checking the open draft, and going to a check's place;
- :mod:`~composer.ui.window.house_style`: the house style applied, and the approval it may ask for;
- :mod:`~composer.ui.window.companions`: the preview, the consent register, the printable form, Mark as published…;
- :mod:`~composer.ui.window.status_undo`: the status bar's Undo;
- :mod:`~composer.ui.window.placement`: where the window is, kept for next time;
- :mod:`~composer.ui.window.team_live`: on the team library, colleagues' changes shown as they happen.

What is not needed for the first paint (the export hand-over, the preview, the
consent register, the dialogs) is imported on first use.

A little over 400 lines: most of it is delegating properties and methods, the window's public
face (kept stable for the session, the tests and the benchmarks), not work of its own.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QSplitter, QWidget

from composer import __version__
from composer.core.checklist import Check, CheckContext, Status
from composer.core.drafts.draft import Draft
from composer.core.drafts.status import status_after_checks
from composer.core.i18n import _
from composer.core.storage.errors import DatabaseError
from composer.core.storage.saver import Saver
from composer.core.storage.store import Store
from composer.ui.dialogs import ask_name, system_user_name
from composer.ui.drafts.drafts_panel import DraftsPanel
from composer.ui.editor.checklist_panel import ChecklistPanel
from composer.ui.editor.editor import PostEditor
from composer.ui.look import STATUS_COLOURS, colour_text
from composer.ui.photos.photos_panel import PhotosPanel
from composer.ui.planning.effort_view import EffortTracker
from composer.ui.window import team_face
from composer.ui.window.accessible_window import ReadingOrder
from composer.ui.window.checking import DraftChecks, go_to_check
from composer.ui.window.companions import Companions
from composer.ui.window.draft_switching import FLUSH_S, DraftSwitcher
from composer.ui.window.house_style import HouseStyleAndApproval
from composer.ui.window.menus import build_menus
from composer.ui.window.own_settings import OwnSettings
from composer.ui.window.placement import WindowPlace
from composer.ui.window.status_undo import UNDO_NOTICE_MS, StatusUndo
from composer.ui.window.team_live import TeamLive

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from composer.core.house_style import HouseStyle
    from composer.ui.editor.analysis import Analysis
    from composer.ui.editor.checker import BackgroundChecker
    from composer.ui.export.export_ui import ExportUi


class MainWindow(QMainWindow):
    """Shows the store's drafts and keeps the open one saved.

    Typing is saved by a :class:`~composer.core.storage.saver.Saver` on its own thread
    (see :mod:`~composer.ui.window.draft_switching`); a failed save keeps the text
    pending and in the recovery journal, so switching drafts never loses it.

    Signals:
        language_requested(str): the user picked a language ("" = the system's).
        damaged: the database turned out to be damaged (the session repairs it).
    """

    language_requested = Signal(str)
    damaged = Signal()
    checker_mode = "process"  # where long texts are checked: "process" or "thread" (see checker.py)

    def __init__(self, store: Store, saver: Saver | None = None, author: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._own_saver = saver is None
        self.saver = saver if saver is not None else Saver(store.path)
        self.own = OwnSettings(store, self.saver)
        #: Who writes here: on the team library the login (the server records it whatever is sent).
        self.author = store.access.user or author or self.own.setting("user_name") or system_user_name()
        self.drafts = DraftsPanel()
        self.editor = PostEditor()
        self.checklist = ChecklistPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.drafts, self._with_photos(self.editor), self.checklist):
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.setWindowTitle(_("Post Composer"))
        self.save_error = QLabel()
        self.save_error.setObjectName("save-error")
        colour_text(self.save_error, STATUS_COLOURS[Status.FAIL])
        self.statusBar().addPermanentWidget(self.save_error)
        self.status_undo = StatusUndo(self.statusBar())
        self.switcher = DraftSwitcher(self.store, self.saver, lambda: self.author, self.editor, self.photos,
                                      self.drafts, self.statusBar().showMessage, self.status_undo, self.save_error,
                                      self)
        self.effort = EffortTracker(self.store, self.saver, lambda: self.author, self.switcher, self.statusBar(), self)
        self.checking = DraftChecks(self.store, self.editor, self.checklist, lambda: self.context,
                                    lambda: self.current is not None, lambda: self.checker_mode, self)
        self.companions = Companions(self, self.store, self.switcher, self.editor, self.photos, lambda: self.author,
                                     lambda: self.context, self.photos_changed)
        self.place = WindowPlace(self, self.splitter)
        self.team_dialog = None
        build_menus(self)
        self._show_team()
        self._connect()
        self.place.restore(self.own)
        self.style_and_approval = HouseStyleAndApproval(self, self.store, self.switcher, lambda: self.author,
                                                        self.editor, self.checklist, self.approve_action,
                                                        self.refresh_checks)
        self.style_and_approval.apply()
        self.switcher.open_initial()
        self.switcher.ready = True
        self.live = TeamLive(self.store, self.switcher, self.checking, self.style_and_approval, self.statusBar(),
                             self.refresh_checks, self)
        self.reading_order = ReadingOrder(self)  # names, descriptions and the Tab order (accessible_window.py)
        # started by the session after the first paint (team library only; its connections would slow that)

    def _with_photos(self, editor: PostEditor) -> QSplitter:
        """The post above, its photos below (see photos_panel.py), in a splitter the librarian can move."""
        self.photos = PhotosPanel(self.store, lambda: self.author, editor.chosen, saver=self.saver)
        self.post_splitter = QSplitter(Qt.Orientation.Vertical)
        self.post_splitter.addWidget(editor)
        self.post_splitter.addWidget(self.photos)
        self.post_splitter.setChildrenCollapsible(False)
        self.post_splitter.setStretchFactor(0, 1)
        return self.post_splitter

    def _connect(self) -> None:
        self.photos.changed.connect(self.photos_changed)
        self.photos.message.connect(lambda text: self.statusBar().showMessage(text, UNDO_NOTICE_MS))
        self.photos.undo_offered.connect(self.status_undo.offer)
        self.editor.changed.connect(self.photos.refresh_counters)
        self.editor.changed.connect(self._on_edited)
        self.checklist.check_activated.connect(self.go_to)
        self.editor.version_removed.connect(self.switcher.offer_version_undo)
        self.drafts.selected.connect(self.open_draft)
        self.drafts.search_changed.connect(lambda _text: self.refresh_list())
        self.drafts.show_trash.toggled.connect(self._on_trash_view)
        self.drafts.new_button.clicked.connect(lambda: self.new_draft())
        self.drafts.duplicate_button.clicked.connect(self.duplicate_draft)
        self.drafts.trash_button.clicked.connect(self.trash_draft)
        self.drafts.restore_button.clicked.connect(lambda: self.restore_draft())
        self.switcher.check_wanted.connect(self.refresh_checks)
        self.switcher.photos_saved.connect(self._photos_saved)
        self.switcher.damaged.connect(self.damaged)
        self.checking.shown.connect(self._clear_withdrawal_flag)

    def _show_team(self) -> None:
        """On the team library: where and as whom (a permanent label), and what the login's roles allow."""
        self.team_label = team_face.where_label(self.store)
        if self.team_label is None:
            return
        self.statusBar().insertPermanentWidget(0, self.team_label)
        team_face.allow(self.store, "house_style", self.house_style_action)
        self.name_action.setEnabled(False)
        self.name_action.setToolTip(_("On the team library your name is your login, {user}.").format(
            user=self.store.access.user))

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab: the order as the eye reads, also past parts made since (the photos, a version)."""
        self.reading_order.apply()
        return super().focusNextPrevChild(next)

    def keep_on_screen(self) -> None:
        """Once the window manager has framed the window: pull it (frame included) inside its screen's area."""
        self.place.keep_on_screen()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            QTimer.singleShot(0, self, self.keep_on_screen)

    @property
    def export_ui(self) -> ExportUi:
        """The export hand-over (export_ui.py): copy text or photo per network, and Export… (built on first use)."""
        return self.companions.export_ui

    @property
    def exporting(self) -> bool:
        """Whether an export started here is still running."""
        return self.companions.exporting

    # --- the open draft (see draft_switching.py) ---------------------------------------------------

    @property
    def current(self) -> Draft | None:
        """The open draft's stored fields (author, times, approval, status); ``None`` while none is open."""
        return self.switcher.current

    def open_draft(self, draft_id: int, check_now: bool = True) -> None:
        """Hand the open draft to the saver, then show ``draft_id`` (its checks now, or when the event loop is free)."""
        self.switcher.open_draft(draft_id, check_now)

    def new_draft(self, check_now: bool = True) -> None:
        self.switcher.new_draft(check_now)

    def duplicate_draft(self) -> None:
        self.switcher.duplicate_draft()

    def trash_draft(self) -> None:
        """Move the open draft to the trash and open the next one (Undo in the status bar)."""
        self.switcher.trash_draft()

    def restore_draft(self, draft_id: int | None = None) -> None:
        """Take ``draft_id`` (default: the one shown in the trash) out of the trash."""
        self.switcher.restore_draft(draft_id)

    def refresh_list(self, select: int | None = None) -> None:
        self.switcher.refresh_list(select)

    def _on_trash_view(self, on: bool) -> None:
        self.trash_view_action.setChecked(on)
        self.switcher.show_trash(on)

    def focus_search(self) -> None:
        self.switcher.focus_search()

    def submit(self) -> None:
        """Hand the open draft, as it is in the editor, to the saver; never waits."""
        self.switcher.submit()

    @property
    def saved(self) -> bool:
        """Everything typed so far is in the database (nothing waits for the timer or the saver)."""
        return self.switcher.saved

    def save_now(self) -> bool:
        """Ctrl+S, and before what needs the database to have the text: write it now; ``True`` once it has."""
        self.effort.hand_over()
        return self.switcher.save_now()

    def store_action(self, failed: str) -> AbstractContextManager[None]:
        """Run one action of the user's on the database; if it refuses, say why (then see :attr:`store_failed`)."""
        return self.switcher.store_action(failed)

    @property
    def store_failed(self) -> bool:
        """Whether the last :meth:`store_action` was refused."""
        return self.switcher.store_failed

    # --- checking the open draft (see checking.py) --------------------------------------------------

    def _on_edited(self) -> None:
        self.effort.edited()
        self.switcher.edited()
        self.checking.edited()

    def refresh_checks(self) -> None:
        """Recount and re-check the draft as it is in the editor (a very long text off the UI thread)."""
        self.checking.refresh()

    @property
    def analysis(self) -> Analysis | None:
        """What the checklist, counters and marks show now."""
        return self.checking.analysis

    @property
    def checker(self) -> BackgroundChecker:
        """Checks long texts away from the UI thread (started on first need)."""
        return self.checking.checker

    def show_analysis(self, analysis: Analysis) -> None:
        """Show counts, checks and marks of one state of the draft."""
        self.checking.show(analysis)

    def go_to(self, check: Check) -> None:
        """Take the author to what ``check`` is about: its text, its picker, its photo, or the approval."""
        go_to_check(check, self.editor, self.photos, self.approve)

    def photos_changed(self) -> None:
        """A photo, a link to a person or a consent changed: read them again and re-check."""
        self.checking.forget_photos()
        if self.current is not None:  # a withdrawal may have flagged it
            self.switcher.current = replace(self.current, status=self.store.get(self.current.id).status)
        self.refresh_list()
        self.refresh_checks()
        self.follow_up.refresh()  # a withdrawal may have put takedowns on the list

    def _photos_saved(self) -> None:
        """An alt text reached the database: the checks read the photos' facts from it again."""
        self.checking.forget_photos()
        self.refresh_checks()

    def _clear_withdrawal_flag(self, analysis: Analysis) -> None:
        """A draft flagged after a withdrawal is a draft again once its consent check no longer fails (core's rule)."""
        current = self.current
        if current is None:
            return
        status = status_after_checks(current.status, analysis.checks)
        if status == current.status:
            return
        try:
            self.store.set_status(current.id, status)
        except DatabaseError:  # tried again at the next check
            return
        self.switcher.current = replace(current, status=status)
        self.refresh_list()

    def stop_background_work(self) -> None:
        """Let go of the worker that checks long texts (the window is going away)."""
        self.checking.close()

    # --- the house style and approval (see house_style.py) ------------------------------------------

    @property
    def context(self) -> CheckContext:
        """What the checks know beyond the draft: the stored house style and the colleagues' names."""
        return self.style_and_approval.context

    @property
    def house_style_dialog(self):
        """Settings → House style… while it is open (else ``None``)."""
        return self.style_and_approval.house_style_dialog

    @property
    def approve_dialog(self):
        """File → Approve… while it asks (else ``None``)."""
        return self.style_and_approval.approve_dialog

    def edit_house_style(self):
        """Settings → House style…: a dialog that leaves the window usable."""
        return self.style_and_approval.edit()

    def set_house_style(self, style: HouseStyle) -> None:
        """Keep ``style`` for every later draft and check the open one against it."""
        self.style_and_approval.set_house_style(style)

    def approve(self):
        """Ask who approves the open draft (default: you), then record it on the saved draft."""
        return self.style_and_approval.approve()

    def record_approval(self, name: str) -> None:
        """``name`` approved the open draft as it is now (saved first, so the approval covers it)."""
        self.style_and_approval.record_approval(name)

    # --- windows and dialogs beside this one (see companions.py) -----------------------------------

    @property
    def publish_dialog(self):
        """File → Mark as published… while it is open (else ``None``)."""
        return self.companions.publish_dialog

    def open_preview(self):
        """View → Preview…: the post as each chosen network shows it, beside this window (see preview.py)."""
        return self.companions.open_preview()

    def open_register(self, person_id: int | None = None):
        """Consent → Consent register…: one window beside this one, never modal; shows ``person_id`` if given."""
        return self.companions.open_register(person_id)

    def print_consent_form(self):
        """Consent → Print consent form…: a language and a file, with the house style's name and contact."""
        return self.companions.print_consent_form()

    def mark_published(self):
        """File → Mark as published…: a small dialog beside the window (network, date, link)."""
        return self.companions.mark_published()

    # --- colleagues ----------------------------------------------------------------------------

    def ask_name(self) -> QInputDialog:
        """Ask who is writing (non-blocking); the answer is kept for every later draft."""
        return ask_name(self, self.author, self.set_author)

    def set_author(self, name: str) -> None:
        if self.store.access.team:  # the login is who writes
            return
        self.author = name
        self.own.set_setting("user_name", name)

    def open_team_dialog(self):
        """Settings → Team library…: join a team library, see this computer's, or leave it (team_dialog.py)."""
        from composer.ui.settings.team_dialog import TeamDialog

        if self.team_dialog is None:
            dialog = TeamDialog(self.store.data_dir, self)
            dialog.finished.connect(lambda _result: self._forget_team_dialog(dialog))
            self.team_dialog = dialog
        self.team_dialog.show()
        self.team_dialog.raise_()
        return self.team_dialog

    def _forget_team_dialog(self, dialog) -> None:
        if self.team_dialog is dialog:
            self.team_dialog = None
        dialog.deleteLater()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, _("About Post Composer"),
                          _("Post Composer {version}\nWrite your library's posts beside the roundtable's checklist."
                            ).format(version=__version__), parent=self)
        box.open()

    # --- closing ------------------------------------------------------------------------------

    def remember_layout(self) -> None:
        """Keep the splitter and the window's place for next time (through the saver: never raises)."""
        self.place.remember(self.own)

    def shut_down(self, force: bool = False) -> bool:
        """Save everything and let go of the saver and workers; ``False`` (unless ``force``) while typed text
        would be lost: not in the database and not in the recovery journal either (a full disk)."""
        if self.switcher.closed:
            return True
        self.effort.hand_over()
        self.submit()
        self.remember_layout()
        if not self.saver.flush(FLUSH_S) and self.saver.unsafe() and not force:
            return False
        self.live.stop()
        self.switcher.close()
        self.stop_background_work()
        if self._own_saver:
            self.saver.close()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save before closing; if the text would be lost, stay open."""
        if not self.shut_down():
            event.ignore()
            self._warn_unsaved()
            return
        super().closeEvent(event)

    def _warn_unsaved(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, _("Not saved"),
                          _("Your latest changes could not be saved, so the window stays open. "
                            "Post Composer keeps trying; you can also copy your text to keep it safe."),
                          parent=self)
        box.open()
