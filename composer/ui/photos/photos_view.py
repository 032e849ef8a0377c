"""The photos of the open draft, built just after the window first shows (see photos_panel.py).

Photos come in by drag and drop, Add photos… (a file dialog opened with
``open()``) or a paste (through :mod:`composer.ui.clipboard`). Each file is read
and checked in a worker (:mod:`composer.ui.photos.photo_jobs`) while a placeholder
spins; the checked bytes are then stored and attached here, on the UI thread,
which owns the database. Thumbnails are made in a worker too, always from the
app's own copy of the photo, so a draft keeps working when the original moves.

Per photo: the alt text (saved a moment after typing stops, counted against
each chosen network's limit) and "who is in it?" with the people of the consent
register linked to it. The app never recognises faces: the librarian says who
is in the photo. Every change goes through :mod:`composer.core.photos.library` and is
announced with :attr:`PhotosView.changed`, so the window re-runs the checks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist.engine import ALT_TEXT, PEOPLE, PRESENCE
from composer.core.i18n import _
from composer.core.photos.library import (
    DraftPhoto,
    TakenOut,
    attach_photo,
    draft_photos,
    link_person,
    move_photo,
    put_back,
    set_alt_text,
    set_presence,
    store_photo,
    take_out,
    unlink_person,
)
from composer.ui.photos import photo_jobs
from composer.ui.clipboard import PastedImage, SystemClipboard, can_drop, from_mime
from composer.ui.photos.photo_details import PRESENCE_CHOICES, PersonPicker, PhotoDetails

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store

THUMB_SIZE = (192, 192)  # decoded: sharp at twice the shown size
ICON = 76  # shown, in pixels
CELL = QSize(ICON + 10, ICON + 10)
ALT_SAVE_MS = 400  # alt text is saved this long after its first unsaved keystroke, also while typing goes on
SPIN_MS = 90

ID_ROLE = Qt.ItemDataRole.UserRole  # draft photo id; None while the photo is being read
HASH_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2  # why the thumbnail is a grey placeholder
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 3  # 1-based position, as the checklist names photos

PHOTO_PATTERNS = "*.jpg *.jpeg *.png *.webp *.gif *.heic *.heif"


def choose_photo_files(parent: QWidget, done: Callable[[list[str]], None]) -> QFileDialog:
    """Ask for photo files (non-blocking); ``done`` gets their paths. Tests replace this function."""
    dialog = QFileDialog(parent, _("Add photos"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    patterns = f"{PHOTO_PATTERNS} {PHOTO_PATTERNS.upper()}"
    dialog.setNameFilters([_("Photos (JPEG, PNG, WebP, GIF, HEIC) ({patterns})").format(patterns=patterns),
                           _("All files (*)")])
    dialog.filesSelected.connect(lambda paths: done(list(paths)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class _NotAdded(Exception):
    """A worker's reason why a file could not become a photo (already a message for the user)."""


# --- the strip --------------------------------------------------------------------------------


class PhotoDelegate(QStyledItemDelegate):
    """Paints a thumbnail with its number, or a spinner while the photo is being read."""

    def __init__(self, frame: Callable[[], int], parent: QWidget):
        super().__init__(parent)
        self._frame = frame

    def sizeHint(self, option, index) -> QSize:
        return CELL

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option, index) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        palette = option.palette
        box = option.rect.adjusted(4, 4, -4, -4)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
            painter.drawRoundedRect(QRectF(option.rect.adjusted(2, 2, -2, -2)), 4, 4)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(QPoint(0, 0), size)
            target.moveCenter(box.center())
            painter.drawPixmap(target, pixmap)
        else:
            self._paint_loading(painter, box, palette)
        number = index.data(NUMBER_ROLE)
        if number:
            self._badge(painter, QRect(box.left(), box.top(), 20, 20), str(number), QColor(0, 0, 0, 170))
        if index.data(PROBLEM_ROLE):
            self._badge(painter, QRect(box.right() - 19, box.top(), 20, 20), "!", QColor("#c62828"))

    def _paint_loading(self, painter: QPainter, box: QRect, palette: QPalette) -> None:
        painter.fillRect(box, palette.color(QPalette.ColorRole.AlternateBase))
        spinner = QRect(0, 0, 26, 26)
        spinner.moveCenter(box.center() - QPoint(0, 10))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 3))
        painter.drawEllipse(spinner)
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(spinner, -self._frame() * 30 * 16, 100 * 16)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text_box = QRect(box.left(), spinner.bottom() + 4, box.width(), 20)
        painter.drawText(text_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, _("Loading…"))

    @staticmethod
    def _badge(painter: QPainter, rect: QRect, text: str, colour: QColor) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(rect)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class PhotoStrip(QListWidget):
    """Thumbnails in a row: drop files or images on it, drag a thumbnail to move it.

    Keys: Delete removes the selected photo, Ctrl+Left/Right move it, Ctrl+V pastes an image.

    Signals:
        dropped(object, int): a :class:`~composer.ui.clipboard.PastedImage` dropped before that row.
        moved(int, int): the photo at the first row was dragged to just before the second row.
        remove_requested: Delete or Backspace.
        step_requested(int): Ctrl+Left (-1) or Ctrl+Right (+1).
        paste_requested: Ctrl+V (or the platform's paste key).
    """

    dropped = Signal(object, int)
    moved = Signal(int, int)
    remove_requested = Signal()
    step_requested = Signal(int)
    paste_requested = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("photo-strip")
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Photos of this post"))
        self.empty_text = _("Drop photos here, paste one (Ctrl+V), or use Add photos…")
        self.model().rowsInserted.connect(self.fit_height)
        self.model().rowsRemoved.connect(self.fit_height)
        self.fit_height()

    def fit_height(self, *_args) -> None:
        """One row of thumbnails, plus a scroll bar only when they do not all fit."""
        overflows = self.count() * CELL.width() > self.width() - 2 * self.frameWidth()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) if overflows else 0
        height = CELL.height() + 2 * self.frameWidth() + bar + 2
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_height()

    # --- keys -------------------------------------------------------------------------

    def _command(self, event) -> str | None:
        if event.matches(QKeySequence.StandardKey.Paste):
            return "paste"
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and mods == Qt.KeyboardModifier.NoModifier:
            return "remove"
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and mods == Qt.KeyboardModifier.ControlModifier:
            return "left" if key == Qt.Key.Key_Left else "right"
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._command(event):
            event.accept()  # ours, not a window shortcut's
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        command = self._command(event)
        if command == "paste":
            self.paste_requested.emit()
        elif command == "remove":
            self.remove_requested.emit()
        elif command in ("left", "right"):
            self.step_requested.emit(-1 if command == "left" else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # --- drag and drop ----------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.source() is self:
            super().dragEnterEvent(event)
        elif can_drop(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.source() is self:
            super().dragMoveEvent(event)
        elif can_drop(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        """Files and images from outside are added; a thumbnail dragged within the strip is moved."""
        row = self.drop_row(event.position().toPoint())
        if event.source() is self:
            selected = self.selectedIndexes()
            # Copy, not move: the panel moves the photo in the store and shows the new order itself,
            # so Qt must not remove the dragged item afterwards.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if selected:
                source = selected[0].row()
                QTimer.singleShot(0, self, lambda: self.moved.emit(source, row))
        else:
            content = from_mime(event.mimeData())
            if content:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                self.dropped.emit(content, row)
            else:
                event.ignore()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` goes before (the end when past the last thumbnail)."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.count()
        return index.row() + (1 if pos.x() > self.visualRect(index).center().x() else 0)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(8, 0, -8, 0),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()


# --- the panel --------------------------------------------------------------------------------


class PhotosView(QWidget):
    """The photos of the open draft: add, order, remove, and describe each one.

    Signals:
        changed: a photo, its alt text, who is in it or a person linked changed (the checks must re-read).
        message(str): something to tell the user, briefly (the status bar).
        undo_offered(str, object): a photo was removed; what to say and a function that puts it back.
    """

    changed = Signal()
    message = Signal(str)
    undo_offered = Signal(str, object)

    def __init__(self, store: Store, author: Callable[[], str] = str,
                 networks: Callable[[], list[str]] = list, parent: QWidget | None = None,
                 saver: Saver | None = None):
        super().__init__(parent)
        self.setObjectName("photos-view")
        self.store = store
        self.saver = saver  # alt texts are saved through it, off the UI thread (see composer/core/saver.py)
        self._author = author
        self._networks = networks
        self.chooser: Callable[[QWidget, Callable[[list[str]], None]], object] = choose_photo_files
        self.clipboard = SystemClipboard()
        self.draft_id: int | None = None
        self.photos: list[DraftPhoto] = []
        self._generation = 0  # bumped per draft shown: a worker's result for an older one is dropped
        self._tokens = 0
        self._pending: dict[int, QListWidgetItem] = {}  # imports being read, by token
        self._pixmaps: dict[str, QPixmap] = {}
        self._problems: dict[str, str] = {}
        self._asked: set[str] = set()  # hashes whose thumbnail is on its way
        self._frame = 0
        self._shown_id: int | None = None  # the photo the details show
        self._shown_networks: list[str] = []
        self.details: PhotoDetails | None = None  # made when a photo is first selected
        self._fitted = 0  # the height the details last had room made for (see _make_room)
        self.picker: PersonPicker | None = None
        self.describe_dialog: QInputDialog | None = None

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
        self.delegate = PhotoDelegate(lambda: self._frame, self.strip)
        self.strip.setItemDelegate(self.delegate)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.strip)
        layout.addWidget(self.scroll, 1)
        self._alt_timer = QTimer(self, singleShot=True, interval=ALT_SAVE_MS)
        self._alt_timer.timeout.connect(self._save_alt_text)
        self._spinner = QTimer(self, interval=SPIN_MS)
        self._spinner.timeout.connect(self._spin)
        self.strip.currentRowChanged.connect(self._on_current_changed)
        self.strip.dropped.connect(self.add_content)
        self.strip.moved.connect(self._on_dragged)
        self.strip.remove_requested.connect(self.remove)
        self.strip.step_requested.connect(self.step)
        self.strip.paste_requested.connect(self.paste)
        self._update_title()
        self._enable_buttons()

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # --- showing a draft ---------------------------------------------------------------------

    def load(self, draft: Draft | None) -> None:
        """Show the photos of ``draft``; imports and thumbnails still on their way for another are dropped."""
        self.save_alt_text()
        self._generation += 1
        self.draft_id = draft.id if draft is not None and draft.id else None
        self.setEnabled(draft is not None and draft.deleted_at is None)
        self._pending.clear()
        self._asked.clear()
        self._shown_id = None
        self.strip.clear()
        self.photos = self._read()
        keep = {p.photo.hash for p in self.photos}
        self._pixmaps = {h: p for h, p in self._pixmaps.items() if h in keep}
        self._problems = {h: p for h, p in self._problems.items() if h in keep}
        self._fill_strip(select=self.photos[0].id if self.photos else None)

    def _read(self) -> list[DraftPhoto]:
        if self.draft_id is None:
            return []
        try:
            photos = draft_photos(self.store, self.draft_id)
        except sqlite3.Error as error:
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
        strip = self.strip
        blocked = strip.blockSignals(True)
        try:
            pending, real = [], 0  # photos still being read, with how many photos are before them
            for row in range(strip.count()):
                item = strip.item(row)
                if item.data(ID_ROLE) is None:
                    pending.append((real, item))
                else:
                    real += 1
            for _before, item in reversed(pending):
                strip.takeItem(strip.row(item))
            strip.clear()
            for number, photo in enumerate(self.photos, start=1):
                item = QListWidgetItem(strip)
                item.setData(ID_ROLE, photo.id)
                item.setData(HASH_ROLE, photo.photo.hash)
                item.setData(NUMBER_ROLE, number)
                item.setText(_("Photo {number}").format(number=number))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
                self._decorate(item, photo)
            for offset, (before, item) in enumerate(pending):
                strip.insertItem(min(before + offset, strip.count()), item)
            row = next((i for i in range(strip.count()) if strip.item(i).data(ID_ROLE) == select), -1)
            strip.setCurrentRow(row)
        finally:
            strip.blockSignals(blocked)
        self._ask_thumbnails()
        self._update_title()
        self._on_current_changed(strip.currentRow())

    def _decorate(self, item: QListWidgetItem, photo: DraftPhoto) -> None:
        pixmap = self._pixmaps.get(photo.photo.hash)
        if pixmap is not None:
            item.setData(Qt.ItemDataRole.DecorationRole, pixmap)
        problem = self._problems.get(photo.photo.hash)
        item.setData(PROBLEM_ROLE, problem)
        lines = [photo.photo.original_name or _("Photo"), f"{photo.photo.width} × {photo.photo.height}"]
        lines.append(photo.alt_text.strip()[:200] or _("No alt text yet."))
        if problem:
            lines.append(problem)
        item.setToolTip("\n".join(lines))

    def _ask_thumbnails(self) -> None:
        wanted = {p.photo.hash: p.photo for p in self.photos
                  if p.photo.hash not in self._pixmaps and p.photo.hash not in self._asked}
        if wanted:
            self._asked |= set(wanted)
            photo_jobs.thumbnails(self.store.path.parent, wanted.values(), THUMB_SIZE, self._generation,
                                  self._on_thumbnail)
        self._update_spinner()

    def _on_thumbnail(self, thumb: photo_jobs.Thumb) -> None:
        if thumb.generation != self._generation:
            return  # for a draft no longer shown
        self._asked.discard(thumb.photo_hash)
        pixmap = QPixmap.fromImage(thumb.image) if not thumb.image.isNull() else QPixmap()
        if pixmap.isNull():
            pixmap = QPixmap(THUMB_SIZE[0], THUMB_SIZE[1])
            pixmap.fill(QColor(224, 224, 224))
        self._pixmaps[thumb.photo_hash] = pixmap
        if thumb.problem:
            self._problems[thumb.photo_hash] = thumb.problem
        for photo in self.photos:
            if photo.photo.hash == thumb.photo_hash:
                item = self._item_of(photo.id)
                if item is not None:
                    self._decorate(item, photo)
        self._update_spinner()

    def _item_of(self, draft_photo_id: int) -> QListWidgetItem | None:
        for row in range(self.strip.count()):
            if self.strip.item(row).data(ID_ROLE) == draft_photo_id:
                return self.strip.item(row)
        return None

    def _update_title(self) -> None:
        count = len(self.photos)
        self.title.setText(_("Photos ({count})").format(count=count) if count else _("Photos"))

    def _update_spinner(self) -> None:
        loading = bool(self._pending) or any(
            self.strip.item(row).data(Qt.ItemDataRole.DecorationRole) is None for row in range(self.strip.count()))
        if loading and not self._spinner.isActive():
            self._spinner.start()
        elif not loading:
            self._spinner.stop()

    def _spin(self) -> None:
        self._frame = (self._frame + 1) % 12
        self.strip.viewport().update()

    def loading(self) -> bool:
        """Whether an import or a thumbnail is still on its way."""
        return bool(self._pending) or bool(self._asked)

    # --- adding --------------------------------------------------------------------------------

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
        if content.paths:
            sources = [self._source(path=path) for path in content.paths]
        else:
            sources = [self._source(data=content.data, image=content.image, name=content.name)]
        at = self.strip.count() if row is None else min(max(row, 0), self.strip.count())
        for offset, source in enumerate(sources):
            item = QListWidgetItem()
            item.setData(ID_ROLE, None)
            item.setText(_("Loading…"))
            item.setToolTip(source.label)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            self.strip.insertItem(at + offset, item)
            self._pending[source.token] = item
        self.strip.scrollToItem(self.strip.item(at))
        photo_jobs.prepare(sources, self._generation, self._on_prepared)
        self._update_spinner()

    def _source(self, **fields) -> photo_jobs.Source:
        self._tokens += 1
        return photo_jobs.Source(self._tokens, **fields)

    def _on_prepared(self, result: photo_jobs.Prepared) -> None:
        """On the UI thread: store and attach a checked photo where its placeholder is, or say why not."""
        item = self._pending.pop(result.token, None)
        if result.generation != self._generation or item is None or self.draft_id is None:
            return  # another draft is shown now
        row = self.strip.row(item)
        position = sum(1 for r in range(row) if self.strip.item(r).data(ID_ROLE) is not None)
        try:
            if result.error:
                raise _NotAdded(result.error)
            photo = store_photo(self.store, result.prepared, self._author())
            added = attach_photo(self.store, self.draft_id, photo, position)
        except (_NotAdded, OSError, sqlite3.Error, KeyError) as error:
            self.strip.takeItem(row)
            self._update_spinner()
            self.message.emit(_("{name} was not added: {reason}").format(name=result.label, reason=error))
            return
        item.setData(ID_ROLE, added.id)  # in its place: photos still being read stay behind it
        self.reload(select=added.id)
        self.message.emit(_("Photo added: {name}").format(name=result.label))

    # --- ordering and removing -------------------------------------------------------------------

    def current_id(self) -> int | None:
        item = self.strip.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current_photo(self) -> DraftPhoto | None:
        wanted = self.current_id()
        return next((p for p in self.photos if p.id == wanted), None)

    def select(self, draft_photo_id: int) -> None:
        item = self._item_of(draft_photo_id)
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
        except (KeyError, sqlite3.Error) as error:
            self.message.emit(_("The photo could not be moved: {error}").format(error=error))
            return
        self.reload(select=draft_photo_id)
        self.strip.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_dragged(self, source_row: int, before_row: int) -> None:
        item = self.strip.item(source_row)
        if item is None or item.data(ID_ROLE) is None:
            return
        real = [self.strip.item(r).data(ID_ROLE) for r in range(self.strip.count())
                if self.strip.item(r).data(ID_ROLE) is not None]
        before = sum(1 for r in range(min(before_row, self.strip.count()))
                     if self.strip.item(r).data(ID_ROLE) is not None)
        index = real.index(item.data(ID_ROLE))
        target = before - 1 if before > index else before
        if target != index:
            self.move_to(item.data(ID_ROLE), target)

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
        except (KeyError, sqlite3.Error) as error:
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
        except (KeyError, sqlite3.Error) as error:
            self.message.emit(_("The photo could not be put back: {error}").format(error=error))
            return
        if taken.draft_id == self.draft_id:
            self.reload(select=back.id)
        else:
            self.changed.emit()

    # --- the selected photo's details ------------------------------------------------------------

    def _ensure_details(self) -> PhotoDetails:
        if self.details is None:
            details = PhotoDetails(self.scroll)
            self.scroll.setWidget(details)
            details.alt_text.textChanged.connect(self._on_alt_edited)
            details.presence.idToggled.connect(self._on_presence_toggled)
            details.link_button.clicked.connect(self.open_picker)
            details.describe_button.clicked.connect(self.describe_person)
            details.unlink_button.clicked.connect(self.unlink_selected)
            details.people.itemActivated.connect(lambda _item: self.describe_person())
            self.details = details
        return self.details

    def _on_current_changed(self, _row: int) -> None:
        photo = self.current_photo()
        self._enable_buttons()
        if photo is None:
            self.save_alt_text()
            self._shown_id = None
            self.scroll.setVisible(False)
            return
        if photo.id != self._shown_id:
            self.save_alt_text()
        self._show_details(photo, force=photo.id != self._shown_id)

    def _show_details(self, photo: DraftPhoto, force: bool) -> None:
        details = self._ensure_details()
        if not self.scroll.isVisible():
            self.scroll.setVisible(True)
        number = self.photos.index(photo) + 1
        details.alt_label.setText(_("Alt text of photo {number}:").format(number=number))
        if force:
            blocked = details.alt_text.blockSignals(True)
            details.alt_text.setPlainText(photo.alt_text)
            details.alt_text.blockSignals(blocked)
        self._shown_id = photo.id
        details.set_presence(photo.presence)
        details.show_people(self._people_of(photo), photo.presence)
        self.refresh_counters(force=True)
        QTimer.singleShot(0, self, self._make_room)  # the people box may have appeared: the details grew

    def _make_room(self) -> None:
        """In the window's splitter, grow to show the details whole (at most 55 % of the column; the text keeps the
        rest). Only when they need more room than they had when last fitted, so a pane the librarian made
        smaller stays so until the details grow (the people box appearing, say)."""
        child, splitter = self, self.parentWidget()
        while splitter is not None and not isinstance(splitter, QSplitter):
            child, splitter = splitter, splitter.parentWidget()
        if splitter is None or self.details is None or not self.scroll.isVisible():
            return
        sizes = splitter.sizes()
        index = splitter.indexOf(child)
        total = sum(sizes)
        needed = self.room_needed()
        if needed <= self._fitted:
            return
        self._fitted = needed
        wanted = min(needed, total * 11 // 20)
        if index < 0 or sizes[index] >= wanted or total <= 0:
            return
        others = total - wanted
        rest = [size for i, size in enumerate(sizes) if i != index]
        share = sum(rest) or 1
        new_sizes = [round(size * others / share) for size in rest]
        new_sizes.insert(index, wanted)
        splitter.setSizes(new_sizes)

    def room_needed(self) -> int:
        """The height that shows the strip and the details without scrolling, at the width they have.

        Word-wrapped hints grow taller as they get narrower: the details' own size hint (at its preferred,
        wider width) would fall short, so their height is asked for the width of the scroll area.
        """
        details = self.details
        width = self.scroll.viewport().width() or self.width()
        height = details.heightForWidth(width) if details.hasHeightForWidth() else -1
        if height < 0:
            height = details.sizeHint().height()
        # The scroll area's own size hint is the details' as first made: ask the details themselves.
        return self.sizeHint().height() - self.scroll.sizeHint().height() + height + 2 * self.scroll.frameWidth()

    def _people_of(self, photo: DraftPhoto) -> list[tuple[int, str, str]]:
        from composer.core.consent import ConsentError, get_person

        people = []
        for linked in photo.people:
            try:
                name = get_person(self.store, linked.person_id).display_name
            except ConsentError:
                name = _("Person #{id}").format(id=linked.person_id)
            people.append((linked.person_id, name, linked.description))
        return people

    def _enable_buttons(self) -> None:
        photo = self.current_photo()
        index = self.photos.index(photo) if photo is not None else -1
        self.left_button.setEnabled(index > 0)
        self.right_button.setEnabled(0 <= index < len(self.photos) - 1)
        self.remove_button.setEnabled(photo is not None)

    def refresh_counters(self, force: bool = False) -> None:
        """Count the alt text for the chosen networks (cheap; called when networks may have changed)."""
        if self.details is None or self._shown_id is None:
            return
        keys = list(self._networks())
        if not force and keys == self._shown_networks:
            return
        self._shown_networks = keys
        self.details.show_counts(keys, len(self.details.alt_text.toPlainText()))

    def _on_alt_edited(self) -> None:
        self.details.show_counts(self._shown_networks, len(self.details.alt_text.toPlainText()))
        if not self._alt_timer.isActive():  # not restarted per keystroke: steady typing is saved too
            self._alt_timer.start()

    def save_alt_text(self) -> None:
        """Write an alt text still waiting for its pause now (before showing another photo or draft)."""
        if self._alt_timer.isActive():
            self._alt_timer.stop()
            self._save_alt_text()

    def _save_alt_text(self) -> None:
        photo = next((p for p in self.photos if p.id == self._shown_id), None)
        if photo is None or self.details is None:
            return
        text = self.details.alt_text.toPlainText()
        if text == photo.alt_text:
            return
        if self.saver is not None:
            self.saver.submit_alt_text(photo.id, text, self._author())
        else:
            try:
                set_alt_text(self.store, photo.id, text)
            except (KeyError, sqlite3.Error) as error:
                self.message.emit(_("The alt text could not be saved: {error}").format(error=error))
                return
        self.photos = [replace(p, alt_text=text) if p.id == photo.id else p for p in self.photos]
        item = self._item_of(photo.id)
        if item is not None:
            self._decorate(item, next(p for p in self.photos if p.id == photo.id))
        self.changed.emit()

    def _on_presence_toggled(self, button_id: int, checked: bool) -> None:
        photo = self.current_photo()
        if not checked or photo is None:
            return
        presence = PRESENCE_CHOICES[button_id]
        try:
            set_presence(self.store, photo.id, presence)
        except (KeyError, sqlite3.Error) as error:
            self.message.emit(_("The answer could not be saved: {error}").format(error=error))
            return
        self.reload(select=photo.id)

    # --- people in the selected photo ---------------------------------------------------------

    def open_picker(self) -> PersonPicker | None:
        """Link a person… : the register in a small dialog that leaves the window usable."""
        photo = self.current_photo()
        if photo is None:
            return None
        if self.picker is not None:
            self.picker.close()
        picker = PersonPicker(self.store, self._author, self)
        picker.chosen.connect(lambda person_id, where: self.link(photo.id, person_id, where))
        picker.finished.connect(lambda _result: self._forget_picker(picker))
        self.picker = picker
        picker.show()
        picker.search.setFocus()
        return picker

    def _forget_picker(self, picker: PersonPicker) -> None:
        if self.picker is picker:
            self.picker = None
        picker.deleteLater()

    def link(self, draft_photo_id: int, person_id: int, description: str = "") -> None:
        """Say that ``person_id`` is in the photo, and where."""
        try:
            link_person(self.store, draft_photo_id, person_id, description)
        except (KeyError, sqlite3.Error) as error:
            self.message.emit(_("The person could not be linked: {error}").format(error=error))
            return
        self.reload(select=draft_photo_id if self._item_of(draft_photo_id) else None)

    def describe_person(self) -> QInputDialog | None:
        """Where in the photo… : change the description of the selected person (non-blocking)."""
        photo = self.current_photo()
        chosen = self.details.selected_person() if self.details else None
        if photo is None or chosen is None:
            return None
        person_id, description = chosen
        dialog = QInputDialog(self)
        dialog.setObjectName("describe-person")
        dialog.setWindowTitle(_("Where in the photo?"))
        dialog.setLabelText(_("Where is this person in the photo (e.g. red coat, second from left)?"))
        dialog.setTextValue(description)

        def finished(result: int) -> None:
            if result:
                self.link(photo.id, person_id, dialog.textValue().strip())
            dialog.deleteLater()
            if self.describe_dialog is dialog:
                self.describe_dialog = None

        dialog.finished.connect(finished)
        self.describe_dialog = dialog
        dialog.open()
        return dialog

    def unlink_selected(self) -> None:
        """Unlink: the selected person is not in this photo after all."""
        photo = self.current_photo()
        chosen = self.details.selected_person() if self.details else None
        if photo is None or chosen is None:
            return
        try:
            unlink_person(self.store, photo.id, chosen[0])
        except sqlite3.Error as error:
            self.message.emit(_("The person could not be unlinked: {error}").format(error=error))
            return
        self.reload(select=photo.id)

    # --- from the checklist ----------------------------------------------------------------------

    def go_to(self, check) -> None:
        """Select the first photo the check is about and focus what it asks to fill in (``Check.asks``)."""
        if not self.photos:
            return
        position = check.photos[0] if check.photos else 1
        wanted = self.photos[position - 1] if 0 < position <= len(self.photos) else self.photos[0]
        self.select(wanted.id)
        details = self._ensure_details()
        if check.asks == ALT_TEXT:
            target = details.alt_text
        elif check.asks == PRESENCE:
            target = details.presence.button(0)
        elif check.asks == PEOPLE and not wanted.people:
            target = details.link_button
        else:
            target = details.people
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event) -> None:
        self.save_alt_text()  # the window is closing or rebuilt: keep what was typed
        super().hideEvent(event)
