"""The draft open in the window: which one it is, switching to another, and handing it to the saver.

Opening, making, duplicating, trashing and restoring drafts, the drafts list
(searched, or the trash), and saving: typing is saved by a
:class:`~composer.core.storage.saver.Saver` on its own thread, at most
:data:`AUTOSAVE_MS` after a keystroke (also while typing goes on); a failed
save keeps the text pending and in the recovery journal, so switching drafts
never loses it (see saver.py). The saver's news comes back through
:class:`~composer.ui.window.saving.SaveRelay`.

About 450 lines for a reason: switching, saving, a conflict and a colleague's newer text all change
:attr:`DraftSwitcher.current` and the text last handed to the saver together; split, that pair would be
kept in two places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from composer.core.drafts.draft import Draft
from composer.core.i18n import _
from composer.core.networks.facts import network
from composer.core.storage.errors import DatabaseError, StoreError, classify, describe, is_damage
from composer.core.storage.journal import ALT_TEXT
from composer.core.storage.saver import CONFLICT, DAMAGED, FAILED, SaveEvent, Saver
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.window.own_settings import OwnSettings
from composer.ui.window.save_conflict import MINE, ConflictDialog
from composer.ui.window.saving import SaveRelay, problem_text, server_away
from composer.ui.window.status_undo import UNDO_NOTICE_MS, StatusUndo

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from composer.ui.drafts.drafts_panel import DraftsPanel
    from composer.ui.editor.editor import PostEditor
    from composer.ui.photos.photos_panel import PhotosPanel

AUTOSAVE_MS = 500  # after the first unsaved keystroke, also while typing goes on: well inside the promised second
FLUSH_S = 2.0  # Ctrl+S, approving, exporting: how long to wait for the database before saying it is not saved
VERSION_UNDO_MS = 30_000  # a closed version tab is one click from lost: its Undo stays longer


class DraftSwitcher(QObject):
    """Keeps :attr:`current` (the open draft's stored fields) shown in the editor and the photos, and saved.

    ``status(text, ms)`` shows a message in the status bar; ``save_error`` is
    the status bar's label for a save that failed.

    Signals:
        check_wanted: the draft shown changed (or its photos were saved): check it again.
        photos_saved: an alt text reached the database: what the checks know of the photos is out of date.
        damaged: the database turned out to be damaged (the session repairs it).
        opened(int): another draft is shown (its id).
    """

    check_wanted = Signal()
    photos_saved = Signal()
    damaged = Signal()
    opened = Signal(int)

    def __init__(self, store: Store, saver: Saver, author: Callable[[], str], editor: PostEditor,
                 photos: PhotosPanel, drafts: DraftsPanel, status: Callable[[str, int], None], undo: StatusUndo,
                 save_error: QLabel, parent: QObject):
        super().__init__(parent)
        self.store, self.saver, self._author = store, saver, author
        self.own = OwnSettings(store, saver)  # the last draft is this computer's
        self.editor, self.photos, self.drafts = editor, photos, drafts
        self._status, self._undo, self.save_error = status, undo, save_error
        self.current: Draft | None = None  # the open draft's stored fields (author, times, approval, status)
        self._sent: Draft | None = None  # its content as last handed to the saver (or loaded)
        self.ready = False  # set once the window is built: damage found before that is the session's to repair
        self.closed = False  # the window shut down: nothing more is handed to the saver
        self.store_failed = False  # whether the last store_action was refused
        #: How the drafts list is read again after each save: at once on the local file; on the team library
        #: by its reader, off the UI thread (``team_live.py``), so typing never waits for the server.
        self.refresh_list_after_save: Callable[[], None] = self.refresh_list
        self.conflict_dialog: ConflictDialog | None = None  # a colleague saved the open draft: which text goes on?
        self._theirs: Draft | None = None  # the colleague's draft of that conflict, while the author chooses
        self.save_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.save_timer.timeout.connect(self.submit)
        self._relay = SaveRelay(self.saver, self)
        self._relay.event.connect(self._on_save_event)

    # --- opening drafts ----------------------------------------------------------------------

    def open_initial(self) -> None:
        """Reopen the draft of last time (or the newest); the session checks it once the window shows."""
        self.refresh_list()
        last = self.own.setting("last_draft_id")
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

    def open_draft(self, draft_id: int, check_now: bool = True) -> None:
        """Hand the open draft to the saver, then show ``draft_id`` (its checks now, or when the event loop is free).

        Text of ``draft_id`` that the database does not have yet (a save that
        failed) comes from the saver, so it is shown as it was typed.
        """
        if self.current is not None and self.current.id == draft_id:
            return
        self._end_conflict()  # undecided: the author's text is in the draft's history
        self.submit()
        try:
            draft = self.store.get(draft_id)
        except KeyError:
            return
        except DatabaseError as error:
            if not server_away(error, self.store.path):
                raise
            self._status(_("The draft was not opened: the team library's server cannot be reached."), UNDO_NOTICE_MS)
            if self.current is not None:
                self.drafts.highlight(self.current.id)
            return
        pending = self.saver.pending(draft_id)
        if pending is not None:
            draft = replace(draft, text=pending.text, networks=pending.networks,
                            network_texts=dict(pending.network_texts), purpose=pending.purpose,
                            audience=pending.audience)
        self.current = self._sent = draft
        self.editor.load(draft)
        if self.store.access.team:  # opening a colleague's draft is no edit of it (its last editor could no
            # longer approve it): as the editor holds it, networks in the editor's order, not saved back
            self._sent = self.editor.draft()
        self.editor.setEnabled(draft.deleted_at is None)
        self.photos.load(draft)
        self.own.set_setting("last_draft_id", draft_id)
        if check_now:
            self.check_wanted.emit()
        self.drafts.highlight(draft_id)
        self.opened.emit(draft_id)

    def new_draft(self, check_now: bool = True, **fields: Any) -> None:
        """Make a draft (with ``fields`` filled in: a template's) and open it; the open draft itself when it is
        still empty (Ctrl+N twice made two; a template fills it in)."""
        if self._still_empty():
            if fields and self.current is not None:
                self.editor.load(replace(self.current, **fields))
                self.submit()
                self.check_wanted.emit()
            else:
                self._status(_("This draft is still empty: write it here."), UNDO_NOTICE_MS)
            self.editor.editors[""].setFocus()
            return
        self.submit()
        self.leave_trash_view()
        with self.store_action(_("No new draft was made")):
            draft = self.store.create(self._author(), **fields)
        if self.store_failed:
            if self.current is None:  # nothing to type into that could be saved
                self.editor.setEnabled(False)
            return
        self.refresh_list(select=draft.id)
        self.open_draft(draft.id, check_now)
        self.editor.editors[""].setFocus()

    def _still_empty(self) -> bool:
        """The open draft has no text, no own version, no purpose, audience or network, and no photo."""
        current = self.current
        if current is None or current.deleted_at is not None or self._theirs is not None:
            return False
        shown = self.editor.draft()
        if shown.text.strip() or any(t.strip() for t in shown.network_texts.values()) or shown.networks \
                or shown.purpose or shown.audience:
            return False
        from composer.core.photos.library import draft_photos

        try:
            return not draft_photos(self.store, current.id)
        except (*DatabaseError, KeyError):
            return False

    def duplicate_draft(self) -> None:
        if self.current is None or not self.save_now():
            return
        with self.store_action(_("The draft was not duplicated")):
            copy = self.store.duplicate(self.current.id, self._author())
        if self.store_failed:
            return
        self.refresh_list(select=copy.id)
        self.open_draft(copy.id)
        self._status(_("Draft duplicated."), 4000)

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
        self._undo.offer(_("Draft moved to the trash."), lambda: self.restore_draft(trashed))

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
        self.leave_trash_view()
        self.current = None
        self.refresh_list(select=draft_id)
        self.open_draft(draft_id)
        self._status(_("Draft restored."), 4000)

    def offer_version_undo(self, key: str, text: str) -> None:
        """A version tab was closed (one click): say whose text went, and offer it back for longer than usual."""
        if self.current is None:
            return
        draft_id, name = self.current.id, network(key).name
        if text == self.editor.draft().text:
            self._status(_("{network} uses the shared text again.").format(network=name), 4000)
            return

        def undo() -> None:
            if self.current is None or self.current.id != draft_id:
                self.open_draft(draft_id)  # the version belongs to the draft it was closed in
            if self.current is not None and self.current.id == draft_id and self.current.deleted_at is None:
                self.editor.add_version(key, text)

        self._undo.offer(_("The own text for {network} was closed: {network} uses the shared text again.").format(
            network=name), undo, VERSION_UNDO_MS, _("Undo: bring back the text for {network}").format(network=name))

    # --- the drafts list -------------------------------------------------------------------------

    def refresh_list(self, select: int | None = None, first_page: list | None = None) -> None:
        """Show the drafts list anew; ``first_page``: its first rows, already read (off the UI thread).

        While the team library's server is out of reach the list stays as it is (read again once it is back).
        """
        search, trash, stage = self.drafts.search.text(), self.drafts.in_trash, self.drafts.stage

        def source(limit: int, offset: int) -> list:
            try:
                return self.store.list_drafts(search, trash=trash, limit=limit, offset=offset, stage=stage)
            except DatabaseError as error:
                if not is_damage(error) or not self.ready:  # while the window is built, the session repairs
                    raise
                self.damaged.emit()  # the session repairs the file and opens the window again
                return []

        if first_page is None:
            try:
                first_page = source(max(self.drafts.model.PAGE, self.drafts.model.rowCount()), 0)
            except DatabaseError as error:
                if not server_away(error, self.store.path):
                    raise
                return
        first = first_page

        def shown(limit: int, offset: int) -> list:
            return first[:limit] if offset == 0 else source(limit, offset)

        self.drafts.show_rows(shown, select if select is not None else self.current.id if self.current else None)

    def show_trash(self, on: bool) -> None:
        """The drafts list shows the trash (``on``) or the drafts again; the first one listed is opened."""
        self.submit()
        self.refresh_list()
        model = self.drafts.model
        if model.rowCount():
            self.current = None
            self.open_draft(model.id_at(0))
        elif on:
            self.editor.setEnabled(False)

    def leave_trash_view(self) -> None:
        self.drafts.show_trash.setChecked(False)

    def focus_search(self) -> None:
        self.drafts.search.setFocus()
        self.drafts.search.selectAll()

    # --- saving ------------------------------------------------------------------------------------

    def edited(self) -> None:
        """A keystroke: save within :data:`AUTOSAVE_MS` (not restarted per keystroke: steady typing is saved too)."""
        if not self.save_timer.isActive():
            self.save_timer.start()

    def submit(self) -> None:
        """Hand the open draft, as it is in the editor, to the saver; never waits."""
        self.save_timer.stop()
        self.photos.save_alt_text()
        if self.current is None or self.current.deleted_at is not None or self.closed or self._theirs is not None:
            return
        edited = self.editor.draft()
        if self._sent is not None and self._sent.same_content(edited):
            return
        self.saver.submit(edited, self._author())
        self._sent = edited

    @property
    def saved(self) -> bool:
        """Everything typed so far is in the database (nothing waits for the timer or the saver)."""
        return not self.save_timer.isActive() and not self.saver.unsaved()

    def save_now(self) -> bool:
        """Ctrl+S, and before what needs the database to have the text: write it now; ``True`` once it has."""
        self.submit()
        saved = self.saver.flush(FLUSH_S)
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)  # the saver's news, shown now
        return saved

    def close(self) -> None:
        """The window is going away: hand nothing more to the saver and stop listening to it."""
        self.closed = True
        self.save_timer.stop()
        self._relay.detach()

    def _show_problem(self, text: str) -> None:
        """Why the text is not saved, in the status bar; a screen reader hears it once, not at every retry."""
        if self.save_error.text() != text:
            self.save_error.setText(text)
            accessibility.announce(self.save_error, text)

    def _on_save_event(self, event: SaveEvent) -> None:
        """The saver's news, on the UI thread: show who edited last, or why the text is not saved yet."""
        if event.kind == DAMAGED:
            self._show_problem(problem_text(event))
            self.damaged.emit()
            return
        if event.kind == FAILED:
            self._show_problem(problem_text(event))
            return
        if event.kind == CONFLICT:
            self._on_conflict(event)
            return
        if not self.saver.unsaved():
            self.save_error.clear()
        if event.what == ALT_TEXT:  # the checks read the photos' facts from the database: read them again
            self.photos_saved.emit()
            return
        current, saved = self.current, event.draft
        if current is not None and saved is not None and current.id in (event.draft_id, event.replaced_id):
            self.current = replace(current, id=saved.id, updated_by=saved.updated_by, updated_at=saved.updated_at)
            if event.replaced_id is not None:
                self._sent = replace(self._sent, id=saved.id) if self._sent is not None else None
            self.editor.set_base(self.current)
        self.refresh_list_after_save()

    # --- two people, one draft ----------------------------------------------------------------

    @property
    def unsaved_here(self) -> bool:
        """Text of the open draft typed here that the database does not have yet (or a conflict being decided)."""
        current = self.current
        if current is None or self._theirs is not None or self.save_timer.isActive():
            return current is not None
        if self.saver.pending(current.id) is not None:
            return True
        return self._sent is not None and not self._sent.same_content(self.editor.draft())

    def colleague_saved(self, stored: Draft) -> None:
        """The open draft as stored now (read after a colleague changed it, or after the server was back).

        With nothing typed here that waits, a colleague's different text is shown (theirs is the newest;
        nothing is lost); with text waiting, the save goes on conditionally and a conflict lets the author
        choose. The stored fields (status, approval, who edited) are taken either way.
        """
        current = self.current
        if current is None or current.id != stored.id or current.deleted_at is not None:
            return
        if self.unsaved_here or self.closed:
            self.current = replace(current, status=stored.status)
            return
        if _same_words(stored, self.editor.draft()):
            self.current = replace(stored, revision=max(stored.revision, current.revision))
            self.editor.set_base(self.current)
            return
        self.current = stored
        self.editor.load(stored)
        self._sent = self.editor.draft()
        self.check_wanted.emit()
        self._status(_("{who} changed this draft: their text is shown.").format(
            who=stored.updated_by or _("A colleague")), UNDO_NOTICE_MS)

    def _on_conflict(self, event: SaveEvent) -> None:
        """A colleague saved the draft since the author's text was started from: show both, let them choose."""
        theirs, mine = event.draft, event.mine
        self.refresh_list()
        if theirs is None or mine is None:
            return
        if self.current is None or self.current.id != theirs.id:  # the author has moved on to another draft
            self._status(_("{who} changed “{title}” while you were writing it: your text is kept in its "
                           "history.").format(who=theirs.updated_by, title=theirs.first_line()), VERSION_UNDO_MS)
            return
        self._theirs = theirs
        shown = self.editor.draft()
        self.editor.setEnabled(False)  # no third version typed into the gap while the author chooses
        if self.conflict_dialog is not None:
            self.conflict_dialog.show_texts(theirs, shown)
            return
        dialog = ConflictDialog(self.editor.window(), theirs, shown, self._resolve)
        dialog.rejected.connect(self._end_conflict)
        dialog.finished.connect(lambda _result: self._forget_conflict_dialog(dialog))
        self.conflict_dialog = dialog
        dialog.open()

    def _resolve(self, choice: str) -> None:
        """Keep the author's text over the colleague's (theirs into the history first), or take theirs."""
        theirs, self._theirs = self._theirs, None
        self.editor.setEnabled(self.current is not None and self.current.deleted_at is None)
        if theirs is None or self.current is None:
            return
        if choice == MINE:
            with self.store_action(_("The colleague's text could not be kept in the history")):
                self.store.snapshot(theirs, theirs.updated_by)
            if self.store_failed:  # not overwritten unless it is kept: asked again at the next save
                return
            self.current = replace(self.current, revision=theirs.revision, updated_by=theirs.updated_by,
                                   updated_at=theirs.updated_at)
            self.editor.set_base(self.current)
            self._sent = None
            self.submit()
            self._status(_("Your text is saved; {who}'s is in the draft's history.").format(who=theirs.updated_by),
                         UNDO_NOTICE_MS)
        else:
            self.current = self._sent = theirs
            self.editor.load(theirs)
            self.check_wanted.emit()
            self._status(_("{who}'s text is shown; yours is in the draft's history.").format(who=theirs.updated_by),
                         UNDO_NOTICE_MS)

    def _end_conflict(self) -> None:
        """No choice made (Esc, another draft opened): nothing decided; the next save asks again."""
        if self._theirs is None:
            return
        self._theirs = None
        self.editor.setEnabled(self.current is not None and self.current.deleted_at is None)
        if self.conflict_dialog is not None:
            self.conflict_dialog.reject()

    def _forget_conflict_dialog(self, dialog: ConflictDialog) -> None:
        if self.conflict_dialog is dialog:
            self.conflict_dialog = None
        dialog.deleteLater()

    @contextmanager
    def store_action(self, failed: str) -> Iterator[None]:
        """Run one action of the user's on the database; if the database refuses, say why.

        ``failed`` says what did not happen; afterwards :attr:`store_failed` tells whether it did.
        """
        self.store_failed = False
        try:
            yield
        except (*DatabaseError, OSError, StoreError) as error:
            self.store_failed = True
            if is_damage(error):
                self.damaged.emit()
            problem = classify(error, self.store.path)
            reason = describe(problem) if problem is not None else str(error)
            self._status(f"{failed}: {reason}", UNDO_NOTICE_MS)


def _same_words(stored: Draft, shown: Draft) -> bool:
    """The same content, the networks' order aside (the editor lists them in its own order)."""
    if set(stored.networks) != set(shown.networks):
        return False
    return stored.same_content(replace(shown, networks=stored.networks))
