"""The one window: drafts on the left, the post in the middle, the checklist on the right."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QPushButton, QSplitter, QWidget

from composer import __version__

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from composer.ui.editor.analysis import Analysis
    from composer.ui.editor.checker import BackgroundChecker
    from composer.ui.export.export_ui import ExportUi
from composer.core.checklist import Check, CheckContext, Status
from composer.core.drafts.draft import Draft
from composer.core.context import library_context, with_draft
from composer.core.house_style import HouseStyle
from composer.core.storage.errors import StoreError, classify, describe, is_damage
from composer.core.i18n import _
from composer.core.storage.journal import ALT_TEXT
from composer.core.networks.facts import network
from composer.core.storage.saver import DAMAGED, FAILED, SaveEvent, Saver
from composer.core.storage.store import Store
from composer.ui.editor.checklist_panel import ChecklistPanel
from composer.ui.dialogs import ask_approver, ask_name, system_user_name
from composer.ui.drafts.drafts_panel import DraftsPanel
from composer.ui.editor.editor import PostEditor
from composer.ui.photos.photos_panel import PhotosPanel
from composer.ui.look import STATUS_COLOURS, colour_text
from composer.ui.window.saving import SaveRelay, problem_text

AUTOSAVE_MS = 500  # after the first unsaved keystroke, also while typing goes on: well inside the promised second
FLUSH_S = 2.0  # Ctrl+S, approving, exporting: how long to wait for the database before saying it is not saved
UNDO_NOTICE_MS = 10_000
VERSION_UNDO_MS = 30_000  # a closed version tab is one click from lost: its Undo stays longer
DEFAULT_SIZE = (1280, 720)  # the client area on first start, shrunk to fit the screen
#: The window manager's frame (left, top, right, bottom) until it has been seen: a title bar and thin borders.
FRAME_GUESS = (8, 32, 8, 8)
MAX_FRAME = 200  # pixels: a saved margin beyond this is not a frame
LONG_TEXT = 20_000  # characters: beyond this, counts and checks are worked out off the UI thread
LONG_TEXT_DELAY_MS = 150  # a long text is checked once typing pauses this long, not on every key


class MainWindow(QMainWindow):
    """Shows the store's drafts and keeps the open one saved.

    Typing is saved by a :class:`~composer.core.storage.saver.Saver` on its own thread
    (at most :data:`AUTOSAVE_MS` after a keystroke, also while typing goes on);
    a failed save keeps the text pending and in the recovery journal, so
    switching drafts never loses it (see saver.py).

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
        self.author = author or store.setting("user_name") or system_user_name()
        self.current: Draft | None = None  # the open draft's stored fields (author, times, approval, status)
        self._sent: Draft | None = None  # its content as last handed to the saver (or loaded)
        self._shut_down = False
        self._undo_button: QPushButton | None = None  # the one Undo the status bar offers
        self._frame = FRAME_GUESS  # the window manager's frame around the client area (see _restore_geometry)
        self._ready = False  # set once built: damage found before that is the session's to repair
        self.store_failed = False  # whether the last store_action was refused
        self.context = CheckContext()
        self._photo_inputs: tuple | None = None  # (draft id, photo facts, consent index, publication stats)
        self._export_ui: ExportUi | None = None
        self.analysis: Analysis | None = None  # what the checklist, counters and marks show now
        self._generation = 0  # bumped per check request: a result for an older one is stale
        self._checker: BackgroundChecker | None = None
        self.house_style_dialog = None
        self.approve_dialog = None
        self.publish_dialog = None
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
        colour_text(self.save_error, STATUS_COLOURS[Status.FAIL])
        self.statusBar().addPermanentWidget(self.save_error)
        self._save_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._save_timer.timeout.connect(self.submit)
        self._relay = SaveRelay(self.saver, self)
        self._relay.event.connect(self._on_save_event)
        self._checks_timer = QTimer(self, singleShot=True, interval=0)
        self._checks_timer.timeout.connect(self.refresh_checks)
        self._build_actions()
        self._connect()
        self._restore_layout()
        self.context = self._read_context()
        self._apply_house_style()
        self._open_initial_draft()
        self._ready = True

    # --- construction ----------------------------------------------------------

    def _action(self, text: str, slot, key: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(_("&New draft"), lambda: self.new_draft(), QKeySequence.StandardKey.New)
        self.duplicate_action = self._action(_("&Duplicate draft"), self.duplicate_draft, "Ctrl+D")
        self.trash_action = self._action(_("Move to &trash"), self.trash_draft)
        self.drafts.add_list_action(self.trash_action, QKeySequence(QKeySequence.StandardKey.Delete))
        self.restore_action = self._action(_("&Restore from trash"), lambda: self.restore_draft())
        self.save_action = self._action(_("&Save now"), self.save_now, QKeySequence.StandardKey.Save)
        self.quit_action = self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(_("&Find drafts"), self.focus_search, QKeySequence.StandardKey.Find)
        self.trash_view_action = QAction(_("Show &trash"), self)
        self.trash_view_action.setCheckable(True)
        self.trash_view_action.toggled.connect(self.drafts.show_trash.setChecked)
        self.name_action = self._action(_("Your &name…"), self.ask_name)
        self.house_style_action = self._action(_("&House style…"), self.edit_house_style)
        self.approve_action = self._action(_("&Approve…"), self.approve)
        self.approve_action.setToolTip(_("Record that a colleague of the communications service approved "
                                         "this draft as it is now."))
        self.checklist.approve_button.setText(self.approve_action.text().replace("&", ""))
        self.checklist.approve_button.setToolTip(self.approve_action.toolTip())
        self.checklist.approve_button.clicked.connect(self.approve)
        menu = self.menuBar().addMenu(_("&File"))
        for action in (self.new_action, self.duplicate_action, self.trash_action, self.restore_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.approve_action)
        self.publish_action = self._action(_("&Mark as published…"), self.mark_published)
        self.publish_action.setToolTip(_("Record on which network and when this draft was posted: the cadence "
                                         "check and consent takedowns rely on it."))
        menu.addAction(self.publish_action)
        menu.addSeparator()
        self._export_menu, self._export_anchor = menu, menu.addSeparator()  # filled by export_ui
        menu.addSeparator()
        menu.addAction(self.save_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        edit = self.menuBar().addMenu(_("&Edit"))
        self.undo_action = self._action(_("&Undo typing"), lambda: self.editor.current_edit().undo(),
                                        QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(_("&Redo typing"), lambda: self.editor.current_edit().redo(),
                                        QKeySequence.StandardKey.Redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self.find_action)
        view = self.menuBar().addMenu(_("&View"))
        view.addAction(self.trash_view_action)
        self.preview_action = self._action(_("&Preview…"), self.open_preview, "Ctrl+P")
        view.addAction(self.preview_action)
        self.register_action = self._action(_("Consent &register…"), self.open_register, "Ctrl+Shift+R")
        self.print_form_action = self._action(_("&Print consent form…"), self.print_consent_form)
        consent_menu = self.menuBar().addMenu(_("&Consent"))
        consent_menu.addAction(self.register_action)
        consent_menu.addAction(self.print_form_action)
        settings = self.menuBar().addMenu(_("&Settings"))
        settings.addAction(self.name_action)
        settings.addAction(self.house_style_action)
        self._build_language_menu(settings.addMenu(_("&Language")))
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self._action(_("&About Post Composer"), self.show_about))

    @property
    def export_ui(self) -> ExportUi:
        """The export hand-over (export_ui.py): copy text or photo per network, and Export….

        Built on first use, or just after the window's first paint (see Session), so
        its dialogs' Qt types are not made before the window shows. It sees the window
        only through the :class:`~composer.ui.export.export_ui.Host` given here.
        """
        if self._export_ui is None:
            from composer.ui.export.export_ui import STATUS_MS, ExportUi, Host

            host = Host(store=self.store, draft=lambda: self.editor.draft() if self.current is not None else None,
                        save=self.save_now, tab=self.editor.current_key, house_style=lambda: self.context.house_style,
                        author=lambda: self.author, selected_photo=lambda: self.photos.view().current_photo())
            self._export_ui = ui = ExportUi(self, host)
            ui.message.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
            menu, anchor = self._export_menu, self._export_anchor
            menu.insertMenu(anchor, ui.copy_text_menu)
            menu.insertAction(anchor, ui.copy_current_action)
            menu.insertMenu(anchor, ui.copy_photo_menu)
            menu.insertAction(anchor, ui.export_action)
        return self._export_ui

    @property
    def exporting(self) -> bool:
        """Whether an export started here is still running."""
        return self._export_ui is not None and self._export_ui.busy

    def _build_language_menu(self, menu) -> None:
        group = QActionGroup(self)
        chosen = self.store.setting("language") or ""
        for code, text in (("", _("As the system")), ("nl", "Nederlands"), ("en", "English")):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(lambda action: self.language_requested.emit(action.data()))

    def _connect(self) -> None:
        self.editor.changed.connect(self._on_edited)
        self.checklist.check_activated.connect(self.go_to)
        self.editor.version_removed.connect(self._offer_version_undo)
        self.drafts.selected.connect(self.open_draft)
        self.drafts.search_changed.connect(lambda _text: self.refresh_list())
        self.drafts.show_trash.toggled.connect(self._on_trash_view)
        self.drafts.new_button.clicked.connect(lambda: self.new_draft())
        self.drafts.duplicate_button.clicked.connect(self.duplicate_draft)
        self.drafts.trash_button.clicked.connect(self.trash_draft)
        self.drafts.restore_button.clicked.connect(lambda: self.restore_draft())

    def _restore_layout(self) -> None:
        """Last session's place and splitter; a damaged setting only means the defaults."""
        self.splitter.setSizes([300, 620, 360])
        try:
            self._restore_geometry(self.store.setting("window") or {})
        except (ValueError, TypeError, AttributeError, KeyError):
            self._restore_geometry({})
        try:
            state = self.store.setting("splitter_state")
            if state:
                self.splitter.restoreState(QByteArray.fromBase64(state.encode("ascii")))
        except (ValueError, TypeError, AttributeError):
            pass

    def _restore_geometry(self, saved: dict) -> None:
        """Last session's size and place, on the screen it was on, frame and all inside its available area.

        ``x``/``y``/``w``/``h`` are the client area (:meth:`geometry`), which
        :meth:`setGeometry` puts back exactly: :meth:`move` would place the
        *frame* there and creep down by a title bar per start. The frame
        margins seen last time keep the title bar and borders on the screen
        too, before the window manager has framed the new window.
        """
        screen = self._screen_of(saved)
        margins = _margins(saved.get("frame")) or FRAME_GUESS
        size = (int(saved.get("w", DEFAULT_SIZE[0])), int(saved.get("h", DEFAULT_SIZE[1])))
        place = (int(saved["x"]), int(saved["y"])) if "x" in saved and "y" in saved else None
        self._frame = margins
        self.setGeometry(fit_on_screen(screen.availableGeometry(), margins, size, place))
        if saved.get("maximized"):
            self.setWindowState(Qt.WindowState.WindowMaximized)

    def _screen_of(self, saved: dict) -> QScreen:
        """The screen the window was on: by name, else the one under its middle, else the primary one."""
        screens = QGuiApplication.screens()
        named = [screen for screen in screens if saved.get("screen") and screen.name() == saved["screen"]]
        if named:
            return named[0]
        if "x" in saved and "y" in saved:
            middle = QPoint(int(saved["x"]) + int(saved.get("w", 0)) // 2,
                            int(saved["y"]) + int(saved.get("h", 0)) // 2)
            under = QGuiApplication.screenAt(middle)
            if under is not None:
                return under
        return QGuiApplication.primaryScreen() or self.screen()

    def keep_on_screen(self) -> None:
        """Once the window manager has framed the window: pull it (frame included) inside its screen's area."""
        if self.isMaximized() or self.isFullScreen() or not self.isVisible():
            return
        inner, outer = self.geometry(), self.frameGeometry()
        margins = (inner.left() - outer.left(), inner.top() - outer.top(), outer.right() - inner.right(),
                   outer.bottom() - inner.bottom())
        if margins != (0, 0, 0, 0):
            self._frame = margins
        area = self.screen().availableGeometry()
        if not area.contains(outer):
            self.setGeometry(fit_on_screen(area, self._frame, (inner.width(), inner.height()),
                                           (inner.x(), inner.y())))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            QTimer.singleShot(0, self, self.keep_on_screen)

    def _open_initial_draft(self) -> None:
        """Reopen the draft of last time (or the newest); the session checks it once the window shows."""
        self.refresh_list()
        last = self.store.setting("last_draft_id")
        try:
            reopen = last is not None and self.store.get(last).deleted_at is None
        except KeyError:
            reopen = False
        if reopen:
            self.open_draft(last, check_now=False)
        elif self.drafts.model.rowCount():
            self.open_draft(self.drafts.model.id_at(0), check_now=False)
        else:
            self.new_draft(check_now=False)

    # --- drafts --------------------------------------------------------------------

    def open_draft(self, draft_id: int, check_now: bool = True) -> None:
        """Hand the open draft to the saver, then show ``draft_id`` (its checks now, or when the event loop is free).

        Text of ``draft_id`` that the database does not have yet (a save that
        failed) comes from the saver, so it is shown as it was typed.
        """
        if self.current is not None and self.current.id == draft_id:
            return
        self.submit()
        try:
            draft = self.store.get(draft_id)
        except KeyError:
            return
        pending = self.saver.pending(draft_id)
        if pending is not None:
            draft = replace(draft, text=pending.text, networks=pending.networks,
                            network_texts=dict(pending.network_texts), purpose=pending.purpose,
                            audience=pending.audience)
        self.current = self._sent = draft
        self.editor.load(draft)
        self.editor.setEnabled(draft.deleted_at is None)
        self.photos.load(draft)
        self.saver.set_setting("last_draft_id", draft_id)
        if check_now:
            self.refresh_checks()
        self.drafts.highlight(draft_id)

    def new_draft(self, check_now: bool = True) -> None:
        self.submit()
        self._leave_trash_view()
        with self.store_action(_("No new draft was made")):
            draft = self.store.create(self.author)
        if self.store_failed:
            if self.current is None:  # nothing to type into that could be saved
                self.editor.setEnabled(False)
            return
        self.refresh_list(select=draft.id)
        self.open_draft(draft.id, check_now)
        self.editor.editors[""].setFocus()

    def duplicate_draft(self) -> None:
        if self.current is None or not self.save_now():
            return
        with self.store_action(_("The draft was not duplicated")):
            copy = self.store.duplicate(self.current.id, self.author)
        if self.store_failed:
            return
        self.refresh_list(select=copy.id)
        self.open_draft(copy.id)
        self.statusBar().showMessage(_("Draft duplicated."), 4000)

    def trash_draft(self) -> None:
        """Move the open draft to the trash and open the next one."""
        if self.current is None or self.drafts.in_trash:
            return
        self.submit()
        trashed = self.current.id
        row = self.drafts.model.row_of(trashed)
        with self.store_action(_("The draft was not moved to the trash")):
            self.store.trash(trashed)
        if self.store_failed:
            return
        self.current = None
        self.refresh_list()
        model = self.drafts.model
        if model.rowCount():
            self.open_draft(model.id_at(min(max(row, 0), model.rowCount() - 1)))
        else:
            self.new_draft()
        self._show_undo(_("Draft moved to the trash."), lambda: self.restore_draft(trashed))

    def restore_draft(self, draft_id: int | None = None) -> None:
        """Take ``draft_id`` (default: the one shown in the trash) out of the trash."""
        if draft_id is None:
            if self.current is None or self.current.deleted_at is None:
                return
            draft_id = self.current.id
        self.submit()
        with self.store_action(_("The draft was not restored")):
            self.store.restore(draft_id)
        if self.store_failed:
            return
        self._leave_trash_view()
        self.current = None
        self.refresh_list(select=draft_id)
        self.open_draft(draft_id)
        self.statusBar().showMessage(_("Draft restored."), 4000)

    def refresh_list(self, select: int | None = None) -> None:
        search, trash = self.drafts.search.text(), self.drafts.in_trash

        def source(limit: int, offset: int) -> list:
            try:
                return self.store.list_drafts(search, trash=trash, limit=limit, offset=offset)
            except sqlite3.DatabaseError as error:
                if not is_damage(error) or not self._ready:  # while the window is built, the session repairs
                    raise
                self.damaged.emit()  # the session repairs the file and opens the window again
                return []

        self.drafts.show_rows(source, select if select is not None else self.current.id if self.current else None)

    def _on_trash_view(self, on: bool) -> None:
        self.trash_view_action.setChecked(on)
        self.submit()
        self.refresh_list()
        model = self.drafts.model
        if model.rowCount():
            self.current = None
            self.open_draft(model.id_at(0))
        elif on:
            self.editor.setEnabled(False)

    def _leave_trash_view(self) -> None:
        self.drafts.show_trash.setChecked(False)

    def focus_search(self) -> None:
        self.drafts.search.setFocus()
        self.drafts.search.selectAll()

    # --- editing and saving ------------------------------------------------------------

    def _on_edited(self) -> None:
        if not self._save_timer.isActive():  # not restarted per keystroke: steady typing is saved too
            self._save_timer.start()
        self._checks_timer.start(LONG_TEXT_DELAY_MS if self.editor.text_size() > LONG_TEXT else 0)

    def refresh_checks(self) -> None:
        """Recount and re-check the draft as it is in the editor.

        An ordinary post is checked here and now (about a millisecond); a very long
        text off the UI thread, its result shown when it comes unless the text
        changed meanwhile.
        """
        from composer.ui.editor.analysis import analyse, text_length  # loaded after the window shows (see Session)

        self._checks_timer.stop()
        if self.current is None:
            return
        draft = self.editor.draft()
        if self.editor.repair_lone_surrogates(draft):
            draft = self.editor.draft()
        self.editor.show_author(draft)  # an edit voids an approval
        self._generation += 1
        context = self._context_for(draft)
        if text_length(draft) > LONG_TEXT:
            self.checklist.set_busy(True)
            self.checker.submit(self._generation, draft, context)
        else:
            self.checklist.set_busy(False)
            self.show_analysis(analyse(draft, context))

    def _context_for(self, draft: Draft) -> CheckContext:
        """The house style and colleagues, the draft's photos, their people's consent, and the publication log.

        The draft's part is read from the database once per draft (and again after :meth:`photos_changed`),
        not per keystroke.
        """
        if self._photo_inputs is None or self._photo_inputs[0] != draft.id:
            from composer.core.context import draft_context

            self._photo_inputs = (draft.id, draft_context(self.store, draft.id))
        return with_draft(self.context, self._photo_inputs[1])

    def _with_photos(self, editor: PostEditor) -> QSplitter:
        """The post above, its photos below (see photos_panel.py), in a splitter the librarian can move."""
        self.photos = PhotosPanel(self.store, lambda: self.author, editor.chosen, saver=self.saver)
        self.photos.changed.connect(self.photos_changed)
        self.photos.message.connect(lambda text: self.statusBar().showMessage(text, UNDO_NOTICE_MS))
        self.photos.undo_offered.connect(self._show_undo)
        editor.changed.connect(self.photos.refresh_counters)
        self.post_splitter = QSplitter(Qt.Orientation.Vertical)
        self.post_splitter.addWidget(editor)
        self.post_splitter.addWidget(self.photos)
        self.post_splitter.setChildrenCollapsible(False)
        self.post_splitter.setStretchFactor(0, 1)
        return self.post_splitter

    def _register_changed(self) -> None:
        """A withdrawal flags the open draft, an erasure takes photos out of it: show both at once."""
        self.photos.reload()
        self.photos_changed()

    def photos_changed(self) -> None:
        """A photo, a link to a person or a consent changed: read them again and re-check."""
        self._photo_inputs = None
        if self.current is not None:  # a withdrawal may have flagged it
            self.current = replace(self.current, status=self.store.get(self.current.id).status)
        self.refresh_list()
        self.refresh_checks()

    @property
    def checker(self) -> BackgroundChecker:
        """Checks long texts away from the UI thread (started on first need)."""
        if self._checker is None:
            from composer.ui.editor.checker import BackgroundChecker  # multiprocessing: only when a text is long

            self._checker = BackgroundChecker(self, self.checker_mode)
            self._checker.finished.connect(self._on_checked)
        return self._checker

    def _on_checked(self, generation: int, analysis: Analysis) -> None:
        if generation != self._generation:
            return  # the text changed since: a newer result is on its way
        self.checklist.set_busy(False)
        self.show_analysis(analysis)

    def show_analysis(self, analysis: Analysis) -> None:
        """Show counts, checks and marks of one state of the draft."""
        self.analysis = analysis
        self.editor.show_counts(analysis.counts, analysis.added, analysis.additions)
        self.checklist.show_checks(analysis.checks)
        self.editor.show_marks(analysis.marks)
        self._clear_withdrawal_flag(analysis.checks)

    def _clear_withdrawal_flag(self, checks: list[Check]) -> None:
        """A draft flagged after a withdrawal is a draft again once its consent check no longer fails."""
        current = self.current
        if current is None or current.status != "consent_withdrawn":
            return
        if not any(c.id == "consent" and c.status is Status.FAIL for c in checks):
            try:
                self.store.set_status(current.id, "draft")
            except sqlite3.Error:  # tried again at the next check
                return
            self.current = replace(current, status="draft")
            self.refresh_list()

    def stop_background_work(self) -> None:
        """Let go of the worker that checks long texts (the window is going away)."""
        if self._checker is not None:
            self._checker.close()

    # --- going to a check's place ---------------------------------------------------------

    def go_to(self, check: Check) -> None:
        """Take the author to what ``check`` is about: its text, its picker, or the approval."""
        from composer.ui.editor.analysis import SHARED, editor_key, utf16_positions

        editor = self.editor
        if check.id in ("alt_text", "consent"):
            self.photos.go_to(check)
            return
        if check.id in ("purpose", "audience"):
            box = editor.purpose if check.id == "purpose" else editor.audience
            box.setFocus(Qt.FocusReason.OtherFocusReason)
            box.showPopup()
            return
        if check.id == "networks":
            editor.network_boxes[next(iter(editor.network_boxes))].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if check.id == "review":
            self.approve()
            return
        draft = editor.draft()
        key = editor_key(draft, check)
        if not check.ranges:
            editor.show_tab(key).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        text = draft.text if key == SHARED else draft.network_texts[key]
        start, end = (max(0, min(i, len(text))) for i in check.ranges[0])
        positions = utf16_positions(text, (start, end))
        editor.select(key, positions[start], positions[end])

    def submit(self) -> None:
        """Hand the open draft, as it is in the editor, to the saver; never waits."""
        self._save_timer.stop()
        self.photos.save_alt_text()
        if self.current is None or self.current.deleted_at is not None or self._shut_down:
            return
        edited = self.editor.draft()
        if self._sent is not None and self._sent.same_content(edited):
            return
        self.saver.submit(edited, self.author)
        self._sent = edited

    @property
    def saved(self) -> bool:
        """Everything typed so far is in the database (nothing waits for the timer or the saver)."""
        return not self._save_timer.isActive() and not self.saver.unsaved()

    def save_now(self) -> bool:
        """Ctrl+S, and before what needs the database to have the text: write it now; ``True`` once it has."""
        self.submit()
        saved = self.saver.flush(FLUSH_S)
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)  # the saver's news, shown now
        return saved

    def _on_save_event(self, event: SaveEvent) -> None:
        """The saver's news, on the UI thread: show who edited last, or why the text is not saved yet."""
        if event.kind == DAMAGED:
            self.save_error.setText(problem_text(event))
            self.damaged.emit()
            return
        if event.kind == FAILED:
            self.save_error.setText(problem_text(event))
            return
        if not self.saver.unsaved():
            self.save_error.clear()
        if event.what == ALT_TEXT:  # the checks read the photos' facts from the database: read them again
            self._photo_inputs = None
            self.refresh_checks()
            return
        current, saved = self.current, event.draft
        if current is not None and saved is not None and current.id in (event.draft_id, event.replaced_id):
            self.current = replace(current, id=saved.id, updated_by=saved.updated_by, updated_at=saved.updated_at)
            if event.replaced_id is not None:
                self._sent = replace(self._sent, id=saved.id) if self._sent is not None else None
            self.editor.set_base(self.current)
        self.refresh_list()

    @contextmanager
    def store_action(self, failed: str) -> Iterator[None]:
        """Run one action of the user's on the database; if the database refuses, say why (``failed``: what did not happen).

        Afterwards :attr:`store_failed` tells whether it did.
        """
        self.store_failed = False
        try:
            yield
        except (sqlite3.Error, OSError, StoreError) as error:
            self.store_failed = True
            if is_damage(error):
                self.damaged.emit()
            problem = classify(error, self.store.path)
            reason = describe(problem) if problem is not None else str(error)
            self.statusBar().showMessage(f"{failed}: {reason}", UNDO_NOTICE_MS)

    def _offer_version_undo(self, key: str, text: str) -> None:
        """A version tab was closed (one click): say whose text went, and offer it back for longer than usual."""
        if self.current is None:
            return
        draft_id, name = self.current.id, network(key).name
        if text == self.editor.draft().text:
            self.statusBar().showMessage(_("{network} uses the shared text again.").format(network=name), 4000)
            return

        def undo() -> None:
            if self.current is None or self.current.id != draft_id:
                self.open_draft(draft_id)  # the version belongs to the draft it was closed in
            if self.current is not None and self.current.id == draft_id and self.current.deleted_at is None:
                self.editor.add_version(key, text)

        self._show_undo(_("The own text for {network} was closed: {network} uses the shared text again.").format(
            network=name), undo, VERSION_UNDO_MS, _("Undo: bring back the text for {network}").format(network=name))

    def _show_undo(self, message: str, undo, shown_ms: int = UNDO_NOTICE_MS, tip: str = "") -> None:
        """The status bar's message with one Undo button beside it (a newer notice replaces an older one)."""
        if self._undo_button is not None:
            self._forget_undo(self._undo_button)
        button = self._undo_button = QPushButton(_("Undo"))
        button.setObjectName("undo")
        button.setToolTip(tip)
        self.statusBar().showMessage(message, shown_ms)
        self.statusBar().addPermanentWidget(button)  # an ordinary widget is hidden while the message shows
        button.clicked.connect(undo)
        button.clicked.connect(lambda: self._forget_undo(button))
        QTimer.singleShot(shown_ms, button, lambda: self._forget_undo(button))

    def _forget_undo(self, button: QPushButton) -> None:
        if self._undo_button is button:
            self._undo_button = None
        self.statusBar().removeWidget(button)  # gone at once, not only once Qt deletes it
        button.deleteLater()

    # --- house style ---------------------------------------------------------------------------

    def _read_context(self) -> CheckContext:
        """What the checks know beyond the draft: the stored house style and the colleagues' names."""
        context, problem = library_context(self.store)
        if problem is not None:
            self.statusBar().showMessage(
                _("The stored house style cannot be used ({reason}); none is applied.").format(reason=problem))
        return context

    def _apply_house_style(self) -> None:
        style = self.context.house_style
        self.editor.set_own_audiences(style.audiences)
        self.approve_action.setVisible(style.review_required)
        self.checklist.approve_button.setVisible(style.review_required)

    def edit_house_style(self):
        """Settings → House style…: a dialog that leaves the window usable."""
        from composer.ui.settings.house_style_dialog import HouseStyleDialog

        if self.house_style_dialog is None:
            dialog = HouseStyleDialog(self.context.house_style, self)
            dialog.saved.connect(self.set_house_style)
            dialog.finished.connect(lambda _result: self._forget_dialog("house_style_dialog", dialog))
            self.house_style_dialog = dialog
        self.house_style_dialog.show()
        self.house_style_dialog.raise_()
        self.house_style_dialog.activateWindow()
        return self.house_style_dialog

    def set_house_style(self, style: HouseStyle) -> None:
        """Keep ``style`` for every later draft and check the open one against it."""
        with self.store_action(_("The house style was not saved")):
            self.store.set_setting("house_style", style.to_dict())
        if self.store_failed:
            return
        self.context = self._read_context()
        self._apply_house_style()
        self.refresh_checks()

    def _forget_dialog(self, name: str, dialog) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)
        dialog.deleteLater()

    def open_preview(self):
        """View → Preview…: the post as each chosen network shows it, beside this window (see preview.py)."""
        from composer.ui.export.preview import PreviewWindow

        window = self.findChild(PreviewWindow, "preview")
        if window is None:
            window = PreviewWindow(self.store, lambda: self.editor.draft() if self.current is not None else None,
                                   lambda: self.context.house_style, self)
            self.editor.changed.connect(window.schedule_refresh)
            self.photos.changed.connect(window.schedule_refresh)
        window.show()
        window.raise_()
        window.activateWindow()
        window.refresh()
        return window

    # --- the consent register ----------------------------------------------------------------------

    def open_register(self, person_id: int | None = None):
        """Consent → Consent register…: one window beside this one, never modal; shows ``person_id`` if given."""
        from composer.ui.consent.register_window import RegisterWindow

        window = self.findChild(RegisterWindow, "consent-register")
        if window is None:
            window = RegisterWindow(self.store, lambda: self.author, lambda: self.context.house_style, self)
            window.changed.connect(self._register_changed)
        if person_id:
            window.select_person(person_id)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def print_consent_form(self):
        """Consent → Print consent form…: a language and a file, with the house style's name and contact."""
        from composer.ui.consent.register_forms import PrintFormDialog

        dialog = PrintFormDialog(self.context.house_style, self)
        dialog.written.connect(lambda path: self.statusBar().showMessage(
            _("The consent form was written to {path}.").format(path=path), 8000))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.show()
        return dialog

    # --- approval --------------------------------------------------------------------------------

    def approve(self):
        """Ask who approves the open draft (default: you), then record it on the saved draft."""
        if self.current is None or self.current.deleted_at is not None:
            return None
        if self.approve_dialog is None:
            dialog = ask_approver(self, self.author, self.record_approval)
            dialog.finished.connect(lambda _result: self._forget_dialog("approve_dialog", dialog))
            self.approve_dialog = dialog
        return self.approve_dialog

    def record_approval(self, name: str) -> None:
        """``name`` approved the open draft as it is now (saved first, so the approval covers it)."""
        if self.current is None or not self.save_now():
            self.statusBar().showMessage(_("Not approved: the draft could not be saved first."), UNDO_NOTICE_MS)
            return
        with self.store_action(_("The approval was not recorded")):
            self.current = self.store.approve(self.current.id, name)
        if self.store_failed:
            return
        self.editor.set_base(self.current)
        self.refresh_checks()
        self.statusBar().showMessage(_("Approved by {name}.").format(name=name), 4000)

    # --- the publication log -------------------------------------------------------------------

    def mark_published(self):
        """File → Mark as published…: a small dialog beside the window (network, date, link)."""
        from composer.ui.export.publish_dialog import PublishDialog

        if self.current is None or not self.save_now():
            return None
        if self.publish_dialog is not None and self.publish_dialog.draft_id != self.current.id:
            self.publish_dialog.close()  # it was for another draft
        if self.publish_dialog is None:
            dialog = PublishDialog(self.store, self.current.id, self.editor.draft().networks, lambda: self.author, self)
            dialog.changed.connect(self._on_published)
            dialog.finished.connect(lambda _result: self._forget_dialog("publish_dialog", dialog))
            self.publish_dialog = dialog
        self.publish_dialog.show()
        self.publish_dialog.raise_()
        self.publish_dialog.activateWindow()
        return self.publish_dialog

    def _on_published(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        self.photos_changed()  # reads the log again: the cadence check counts the new post

    # --- colleagues ------------------------------------------------------------------------

    def ask_name(self) -> QInputDialog:
        """Ask who is writing (non-blocking); the answer is kept for every later draft."""
        return ask_name(self, self.author, self.set_author)

    def set_author(self, name: str) -> None:
        self.author = name
        self.saver.set_setting("user_name", name)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, _("About Post Composer"),
                          _("Post Composer {version}\nWrite your library's posts beside the roundtable's checklist."
                            ).format(version=__version__), parent=self)
        box.open()

    # --- closing ------------------------------------------------------------------------------

    def remember_layout(self) -> None:
        """Keep the splitter and the window's place for next time (through the saver: never raises).

        Kept: the client area (as :meth:`_restore_geometry` puts it back), the
        frame around it, and the screen it is on.
        """
        self.saver.set_setting("splitter_state", _base64(self.splitter.saveState()))
        framed = not self.isMaximized() and not self.isFullScreen() and self.isVisible()
        normal = self.geometry() if framed else self.normalGeometry()
        if framed:
            outer = self.frameGeometry()
            seen = (normal.left() - outer.left(), normal.top() - outer.top(), outer.right() - normal.right(),
                    outer.bottom() - normal.bottom())
            self._frame = seen if seen != (0, 0, 0, 0) else self._frame
        self.saver.set_setting("window", {"x": normal.x(), "y": normal.y(), "w": normal.width(),
                                          "h": normal.height(), "maximized": self.isMaximized(),
                                          "frame": list(self._frame), "screen": self.screen().name()})

    def shut_down(self, force: bool = False) -> bool:
        """Save everything and let go of the saver and workers; ``False`` (unless ``force``) while typed text
        would be lost: not in the database and not in the recovery journal either (a full disk)."""
        if self._shut_down:
            return True
        self.submit()
        self.remember_layout()
        if not self.saver.flush(FLUSH_S) and self.saver.unsafe() and not force:
            return False
        self._shut_down = True
        self._save_timer.stop()
        self.stop_background_work()
        self._relay.detach()
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


def fit_on_screen(area: QRect, frame: tuple[int, int, int, int], size: tuple[int, int],
                  place: tuple[int, int] | None = None) -> QRect:
    """The client rectangle of a window of ``size`` at ``place`` (centred if ``None``) such that it and its
    ``frame`` (left, top, right, bottom margins) lie inside ``area``, shrunk where the area is too small."""
    left, top, right, bottom = frame
    width = max(min(size[0], area.width() - left - right), 1)
    height = max(min(size[1], area.height() - top - bottom), 1)
    lowest_x, highest_x = area.left() + left, area.right() + 1 - right - width
    lowest_y, highest_y = area.top() + top, area.bottom() + 1 - bottom - height
    if place is None:
        place = ((lowest_x + highest_x) // 2, (lowest_y + highest_y) // 2)
    x = min(max(place[0], lowest_x), highest_x)
    y = min(max(place[1], lowest_y), highest_y)
    return QRect(x, y, width, height)


def _margins(value) -> tuple[int, int, int, int] | None:
    """Saved frame margins, if they are four sensible numbers (a damaged setting is only a guess lost)."""
    try:
        margins = tuple(int(v) for v in value)
    except (TypeError, ValueError):
        return None
    return margins if len(margins) == 4 and all(0 <= v <= MAX_FRAME for v in margins) else None


def _base64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")
