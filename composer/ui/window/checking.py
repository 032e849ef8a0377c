"""Checking the open draft: its counts, checks and marks, here and now or off the UI thread, and going to a check.

An ordinary post is checked on the UI thread (about a millisecond); a very long
text (over :data:`LONG_TEXT` characters) in a worker
(:class:`~composer.ui.editor.checker.BackgroundChecker`), its result shown when
it comes unless the text changed meanwhile. What the checks know beyond the
draft (the house style, colleagues, the draft's photos, their people's consent,
the publication log) comes from :mod:`composer.core.context`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from composer.core.checklist import Check, CheckContext
from composer.core.context import with_draft
from composer.ui import accessibility

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.storage.store import Store
    from composer.ui.editor.analysis import Analysis
    from composer.ui.editor.checker import BackgroundChecker
    from composer.ui.editor.checklist_panel import ChecklistPanel
    from composer.ui.editor.editor import PostEditor
    from composer.ui.photos.photos_panel import PhotosPanel

LONG_TEXT = 20_000  # characters: beyond this, counts and checks are worked out off the UI thread
LONG_TEXT_DELAY_MS = 150  # a long text is checked once typing pauses this long, not on every key


class DraftChecks(QObject):
    """Checks the draft as it is in ``editor`` and shows the result in the editor and ``checklist``.

    ``context()`` is what the checks know beyond the draft (the house style and
    colleagues); ``is_open()`` whether a draft is open; ``mode()`` where a long
    text is checked ("process" or "thread", see checker.py).

    Signals:
        shown(object): the :class:`~composer.ui.editor.analysis.Analysis` now shown.
    """

    shown = Signal(object)

    def __init__(self, store: Store, editor: PostEditor, checklist: ChecklistPanel,
                 context: Callable[[], CheckContext], is_open: Callable[[], bool], mode: Callable[[], str],
                 parent: QObject):
        super().__init__(parent)
        self.store, self.editor, self.checklist = store, editor, checklist
        self._context, self._is_open, self._mode = context, is_open, mode
        self.analysis: Analysis | None = None  # what the checklist, counters and marks show now
        self._photo_inputs: tuple | None = None  # (draft id, its photos, their consent, the publication log)
        self._stale: tuple | None = None  # the one before forget_photos(): shown while the server is away
        self._generation = 0  # bumped per check request: a result for an older one is stale
        self._checker: BackgroundChecker | None = None
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)

    def edited(self) -> None:
        """The text changed: check it when the event loop is free (a long text once typing pauses)."""
        self._timer.start(LONG_TEXT_DELAY_MS if self.editor.text_size() > LONG_TEXT else 0)

    def refresh(self) -> None:
        """Recount and re-check the draft as it is in the editor, now or (a very long text) off the UI thread."""
        from composer.ui.editor.analysis import analyse, text_length  # loaded after the window shows (see Session)

        self._timer.stop()
        if not self._is_open():
            return
        draft = self.editor.draft()
        if self.editor.repair_lone_surrogates(draft):
            draft = self.editor.draft()
        self.editor.show_author(draft)  # an edit voids an approval
        self._generation += 1
        context = self._context_for(draft)
        if context is None:
            return
        if text_length(draft) > LONG_TEXT:
            self.checklist.set_busy(True)
            self.checker.submit(self._generation, draft, context)
        else:
            self.checklist.set_busy(False)
            self.show(analyse(draft, context))

    def _context_for(self, draft: Draft) -> CheckContext | None:
        """The house style and colleagues, the draft's photos, their people's consent, and the publication log.

        The draft's part is read from the database once per draft (and again after :meth:`forget_photos`),
        not per keystroke. ``None`` while the team library's server is away and it was never read: the
        checks wait for it (the window reads it again once the server is back).
        """
        if self._photo_inputs is None or self._photo_inputs[0] != draft.id:
            from composer.core.context import draft_context
            from composer.core.storage.errors import DatabaseError
            from composer.ui.window.saving import server_away

            try:
                self._photo_inputs = (draft.id, draft_context(self.store, draft.id))
            except DatabaseError as error:  # the team library's server is away: what was read last, if anything
                if not server_away(error, self.store.path):
                    raise
                if self._stale is None or self._stale[0] != draft.id:
                    return None
                self._photo_inputs = self._stale
        return with_draft(self._context(), self._photo_inputs[1])

    def use_draft_part(self, draft_id: int, part: CheckContext) -> None:
        """The draft's part of the context as just read elsewhere (a colleague changed the consent register)."""
        self._photo_inputs = (draft_id, part)

    def forget_photos(self) -> None:
        """A photo, a link to a person, a consent or the publication log changed: read them again at the next check."""
        if self._photo_inputs is not None:
            self._stale = self._photo_inputs
        self._photo_inputs = None

    @property
    def checker(self) -> BackgroundChecker:
        """Checks long texts away from the UI thread (started on first need)."""
        if self._checker is None:
            from composer.ui.editor.checker import BackgroundChecker  # multiprocessing: only when a text is long

            self._checker = BackgroundChecker(self, self._mode())
            self._checker.finished.connect(self._on_checked)
        return self._checker

    def _on_checked(self, generation: int, analysis: Analysis) -> None:
        if generation != self._generation:
            return  # the text changed since: a newer result is on its way
        self.checklist.set_busy(False)
        self.show(analysis)

    def show(self, analysis: Analysis) -> None:
        """Show counts, checks and marks of one state of the draft."""
        self.analysis = analysis
        self.editor.show_counts(analysis.counts, analysis.added, analysis.additions)
        for key in analysis.counts:  # orange or red says "near the limit" or "too long" in words too
            if key in self.editor.counters:
                accessibility.say_counter_state(self.editor.counters[key])
        self.checklist.show_checks(analysis.checks)
        self.editor.show_marks(analysis.marks)
        self.shown.emit(analysis)

    def close(self) -> None:
        """Let go of the worker that checks long texts (the window is going away)."""
        if self._checker is not None:
            self._checker.close()


def go_to_check(check: Check, editor: PostEditor, photos: PhotosPanel, approve: Callable[[], object]) -> None:
    """Take the author to what ``check`` is about: its text, its picker, its photo, or the approval."""
    from composer.ui.editor.analysis import SHARED, editor_key, utf16_positions

    if check.id in ("alt_text", "consent"):
        photos.go_to(check)
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
        approve()
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
