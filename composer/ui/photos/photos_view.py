"""The photos of the open draft, built just after the window first shows (see photos_panel.py).

The view puts its parts together and owns the draft's photos as the store has
them; every change goes through :mod:`composer.core.photos.library` and is
announced with :attr:`PhotosView.changed`, so the window re-runs the checks.
Its parts:

- :mod:`~composer.ui.photos.photo_strip`: the strip of thumbnails, its keys, drag and drop;
- :mod:`~composer.ui.photos.thumbnails`: the thumbnails, made in a worker from the app's own copy;
- :mod:`~composer.ui.photos.photo_adding`: Add photos…, paste and drop, each file read in a worker;
- :mod:`~composer.ui.photos.selected_photo`: the selected photo's alt text, who is in it, the people linked.

Ordering and removing (with Undo in the status bar) are here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from composer.core.i18n import _
from composer.core.photos.library import (
    DraftPhoto,
    TakenOut,
    draft_photos,
    link_person,
    move_photo,
    put_back,
    set_presence,
    take_out,
    unlink_person,
)
from composer.core.storage.errors import DatabaseError
from composer.ui import accessibility
from composer.ui.clipboard import PastedImage, SystemClipboard
from composer.ui.photos.photo_adding import PhotoAdder, choose_photo_files
from composer.ui.photos.photo_details import PersonPicker, PhotoDetails
from composer.ui.photos.photo_strip import ID_ROLE, PhotoStrip
from composer.ui.photos.selected_photo import SelectedPhoto
from composer.ui.photos.strip_signals import StripSignals
from composer.ui.photos.thumbnails import Thumbnails

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store


class PhotosView(StripSignals):
    """The photos of the open draft: add, order, remove, and describe each one (signals: :class:`StripSignals`).
    """

    def __init__(self, store: Store, author: Callable[[], str] = str,
                 networks: Callable[[], list[str]] = list, parent: QWidget | None = None,
                 saver: Saver | None = None):
        super().__init__(parent)
        self.setObjectName("photos-view")
        self.store = store
        self.saver = saver  # alt texts are saved through it, off the UI thread (see composer/core/saver.py)
        self.chooser: Callable[[QWidget, Callable[[list[str]], None]], object] = choose_photo_files
        self.clipboard = SystemClipboard()
        self.draft_id: int | None = None
        self.photos: list[DraftPhoto] = []
        self._generation = 0  # bumped per draft shown: a worker's result for an older one is dropped

        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.add_button = self._tool(_("Add photos…"), _("Add JPEG, PNG, WebP, GIF or HEIC photos from files."),
                                     self.choose_files)
        self.paste_button = self._tool(_("Paste image"), _("Add the image on the clipboard (Ctrl+V on the photos)."),
                                       self.paste)
        self.left_button = self._tool("◀", _("Move the photo left (Ctrl+Left)"), lambda: self.step(-1))
        self.right_button = self._tool("▶", _("Move the photo right (Ctrl+Right)"), lambda: self.step(1))
        self.remove_button = self._tool(_("Remove"), _("Take the photo out of this post (Delete)"), self.remove)
        self.left_button.setAccessibleName(_("Move left"))
        self.right_button.setAccessibleName(_("Move right"))
        self.strip = PhotoStrip(self)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title)
        header.addStretch(1)
        for button in (self.add_button, self.paste_button, self.left_button, self.right_button, self.remove_button):
            header.addWidget(button)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # narrow: scroll, never cut
        self.scroll.setVisible(False)
        accessibility.name(self.scroll, _("The selected photo's alt text and who is in it"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.strip)
        layout.addWidget(self.scroll, 1)
        self.thumbnails = Thumbnails(store, lambda: self._generation, self)
        self.adder = PhotoAdder(store, author, self.strip, lambda: self.draft_id, lambda: self._generation, self)
        self.selected = SelectedPhoto(store, saver, author, networks, self, self.scroll, lambda: self.photos,
                                      self.current_photo)
        self._connect()
        self._update_title()
        self._enable_buttons()

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _connect(self) -> None:
        self.strip.currentRowChanged.connect(self._on_current_changed)
        self.strip.dropped.connect(self.add_content)
        self.strip.moved.connect(self._on_dragged)
        self.strip.remove_requested.connect(self.remove)
        self.strip.step_requested.connect(self.step)
        self.strip.paste_requested.connect(self.paste)
        self.thumbnails.arrived.connect(self._on_thumbnail)
        self.adder.added.connect(lambda draft_photo_id: self.reload(select=draft_photo_id))
        self.adder.refused.connect(self._update_spinner)
        self.adder.message.connect(self.message)
        self.selected.alt_text_saved.connect(self._on_alt_text_saved)
        self.selected.presence_chosen.connect(self.set_presence)
        self.selected.link_requested.connect(self.link)
        self.selected.unlink_requested.connect(self.unlink)
        self.selected.message.connect(self.message)

    @property
    def details(self) -> PhotoDetails | None:
        """The selected photo's details (made when a photo is first selected)."""
        return self.selected.details

    # --- showing a draft ---------------------------------------------------------------------

    def load(self, draft: Draft | None) -> None:
        """Show the photos of ``draft``; imports and thumbnails still on their way for another are dropped."""
        self.save_alt_text()
        self._generation += 1
        self.draft_id = draft.id if draft is not None and draft.id else None
        self.setEnabled(draft is not None and draft.deleted_at is None)
        self.adder.forget()
        self.selected.forget()
        self.strip.clear()
        self.photos = self._read()
        self.thumbnails.keep_only({p.photo.hash for p in self.photos})
        self._fill_strip(select=self.photos[0].id if self.photos else None)

    def _read(self) -> list[DraftPhoto]:
        if self.draft_id is None:
            return []
        try:
            photos = draft_photos(self.store, self.draft_id)
        except DatabaseError as error:
            self.message.emit(_("The photos of this draft could not be read: {error}").format(error=error))
            return []
        return [self._with_pending_alt_text(photo) for photo in photos]

    def _with_pending_alt_text(self, photo: DraftPhoto) -> DraftPhoto:
        """An alt text typed but not in the database yet (a save that failed) is shown as it was typed."""
        pending = self.saver.pending_alt_text(photo.id) if self.saver is not None else None
        return photo if pending is None else replace(photo, alt_text=pending)

    def reload(self, select: int | None = None) -> None:
        """Read the draft's photos again and show them (``select``: a draft photo id to select)."""
        if select is None:
            select = self.current_id()
        self.photos = self._read()
        self._fill_strip(select)
        self.changed.emit()

    def _fill_strip(self, select: int | None) -> None:
        """Put the photos in the strip in order; photos still being read stay where they are."""
        self.strip.show_photos(self.photos, select, self.thumbnails.decorate)
        self.thumbnails.ask(self.photos)
        self._update_spinner()
        self._update_title()
        self._on_current_changed(self.strip.currentRow())

    def _on_thumbnail(self, photo_hash: str) -> None:
        for photo in self.photos:
            if photo.photo.hash == photo_hash:
                item = self.strip.item_of(photo.id)
                if item is not None:
                    self.thumbnails.decorate(item, photo)
        self._update_spinner()

    def _update_title(self) -> None:
        count = len(self.photos)
        self.title.setText(_("Photos ({count})").format(count=count) if count else _("Photos"))

    def _update_spinner(self) -> None:
        self.strip.spin(self.adder.busy() or self.strip.waiting())

    def loading(self) -> bool:
        """Whether an import or a thumbnail is still on its way."""
        return self.adder.busy() or self.thumbnails.busy()

    # --- adding (see photo_adding.py) ------------------------------------------------------------

    def choose_files(self) -> None:
        """Add photos… : a file dialog that does not block; the chosen files are added in order."""
        if self.draft_id is not None:
            self.chooser(self, lambda paths: self.add_content(PastedImage(paths=tuple(paths))))

    def paste(self) -> None:
        """Add the image (or image files) on the clipboard."""
        content = self.clipboard.image()
        if not content:
            self.message.emit(_("There is no image on the clipboard to paste."))
            return
        self.add_content(content)

    def add_files(self, paths: list[str], row: int | None = None) -> None:
        self.add_content(PastedImage(paths=tuple(str(p) for p in paths)), row)

    def add_content(self, content: PastedImage, row: int | None = None) -> None:
        """Read ``content`` in a worker, showing a placeholder per photo at ``row`` (default: the end)."""
        if self.draft_id is None or not self.isEnabled() or not content:
            return
        self.adder.add(content, row)
        self._update_spinner()

    # --- ordering and removing -------------------------------------------------------------------

    def current_id(self) -> int | None:
        item = self.strip.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current_photo(self) -> DraftPhoto | None:
        wanted = self.current_id()
        return next((p for p in self.photos if p.id == wanted), None)

    def select(self, draft_photo_id: int) -> None:
        item = self.strip.item_of(draft_photo_id)
        if item is not None:
            self.strip.setCurrentItem(item)

    def step(self, by: int) -> None:
        """Move the selected photo ``by`` places (-1: left, +1: right)."""
        photo = self.current_photo()
        if photo is None:
            return
        index = self.photos.index(photo)
        target = min(max(index + by, 0), len(self.photos) - 1)
        if target != index:
            self.move_to(photo.id, target)

    def move_to(self, draft_photo_id: int, position: int) -> None:
        """Put a photo at ``position`` (0 = first)."""
        self.save_alt_text()
        try:
            move_photo(self.store, draft_photo_id, position)
        except (KeyError, *DatabaseError) as error:
            self.message.emit(_("The photo could not be moved: {error}").format(error=error))
            return
        self.reload(select=draft_photo_id)
        self.strip.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_dragged(self, source_row: int, before_row: int) -> None:
        moved = self.strip.moved_to(source_row, before_row)
        if moved is not None:
            self.move_to(*moved)

    def remove(self) -> None:
        """Take the selected photo out of the draft; the status bar offers Undo (the stored file stays)."""
        photo = self.current_photo()
        if photo is None or self.draft_id is None:
            return
        self.save_alt_text()
        photo = self.current_photo()  # with the alt text as typed: the saver may not have written it yet
        row = self.photos.index(photo)
        try:
            taken = take_out(self.store, photo.id)  # with its crops and the draft's mark
        except (KeyError, *DatabaseError) as error:
            self.message.emit(_("The photo could not be removed: {error}").format(error=error))
            return
        taken = replace(taken, use=replace(taken.use, alt_text=photo.alt_text))
        remaining = [p for p in self.photos if p.id != photo.id]
        select = remaining[min(row, len(remaining) - 1)].id if remaining else None
        self.reload(select=select)
        self.undo_offered.emit(_("Photo {number} removed from the post.").format(number=row + 1),
                               lambda: self.restore(taken))

    def restore(self, taken: TakenOut) -> None:
        """Put a removed photo back where it was, with its alt text and crops (who is in it is the file's)."""
        try:
            back = put_back(self.store, taken)
        except (KeyError, *DatabaseError) as error:
            self.message.emit(_("The photo could not be put back: {error}").format(error=error))
            return
        if taken.draft_id == self.draft_id:
            self.reload(select=back.id)
        else:
            self.changed.emit()

    # --- the selected photo (see selected_photo.py) ------------------------------------------------

    def _on_current_changed(self, _row: int) -> None:
        photo = self.current_photo()
        self._enable_buttons()
        self.selected.show(photo, self.photos.index(photo) + 1 if photo is not None else 0)

    def _enable_buttons(self) -> None:
        photo = self.current_photo()
        index = self.photos.index(photo) if photo is not None else -1
        self.left_button.setEnabled(index > 0)
        self.right_button.setEnabled(0 <= index < len(self.photos) - 1)
        self.remove_button.setEnabled(photo is not None)

    def refresh_counters(self, force: bool = False) -> None:
        """Count the alt text for the chosen networks (cheap; called when networks may have changed)."""
        self.selected.refresh_counters(force)

    def save_alt_text(self) -> None:
        """Write an alt text still waiting for its pause now (before showing another photo or draft)."""
        self.selected.save_alt_text()

    def _on_alt_text_saved(self, draft_photo_id: int, text: str) -> None:
        self.photos = [replace(p, alt_text=text) if p.id == draft_photo_id else p for p in self.photos]
        item = self.strip.item_of(draft_photo_id)
        if item is not None:
            self.thumbnails.decorate(item, next(p for p in self.photos if p.id == draft_photo_id))
        self.changed.emit()

    def set_presence(self, draft_photo_id: int, presence: str | None) -> None:
        """Who is in it?: ``nobody``, ``atmosphere``, ``people`` (``None``: not answered yet)."""
        try:
            set_presence(self.store, draft_photo_id, presence)
        except (KeyError, *DatabaseError) as error:
            self.message.emit(_("The answer could not be saved: {error}").format(error=error))
            return
        self.reload(select=draft_photo_id)

    def open_picker(self) -> PersonPicker | None:
        """Link a person… : the register in a small dialog that leaves the window usable."""
        return self.selected.open_picker()

    def describe_person(self) -> QInputDialog | None:
        """Where in the photo… : change the description of the selected person (non-blocking)."""
        return self.selected.describe_person()

    def link(self, draft_photo_id: int, person_id: int, description: str = "") -> None:
        """Say that ``person_id`` is in the photo, and where."""
        try:
            link_person(self.store, draft_photo_id, person_id, description)
        except (KeyError, *DatabaseError) as error:
            self.message.emit(_("The person could not be linked: {error}").format(error=error))
            return
        self.reload(select=draft_photo_id if self.strip.item_of(draft_photo_id) else None)

    def unlink(self, draft_photo_id: int, person_id: int) -> None:
        """Unlink: ``person_id`` is not in the photo after all."""
        try:
            unlink_person(self.store, draft_photo_id, person_id)
        except DatabaseError as error:
            self.message.emit(_("The person could not be unlinked: {error}").format(error=error))
            return
        self.reload(select=draft_photo_id)

    def go_to(self, check) -> None:
        """Select the first photo the check is about and focus what it asks to fill in (``Check.asks``)."""
        if not self.photos:
            return
        position = check.photos[0] if check.photos else 1
        wanted = self.photos[position - 1] if 0 < position <= len(self.photos) else self.photos[0]
        self.select(wanted.id)
        self.selected.focus(check.asks, wanted)

    def hideEvent(self, event) -> None:
        self.save_alt_text()  # the window is closing or rebuilt: keep what was typed
        super().hideEvent(event)
