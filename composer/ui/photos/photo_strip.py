"""The strip of thumbnails under the post: the list, its keys, drag and drop, and how a thumbnail is painted.

Widgets only: :class:`~composer.ui.photos.photos_view.PhotosView` reads and
writes the store; the strip says what was asked (dropped, moved, remove, step,
paste) through its signals, and shows what it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QWidget,
)

from composer.core.i18n import _
from composer.ui.clipboard import can_drop, from_mime

if TYPE_CHECKING:
    from composer.core.photos.library import DraftPhoto

ICON = 76  # shown, in pixels
CELL = QSize(ICON + 10, ICON + 10)
SPIN_MS = 90

ID_ROLE = Qt.ItemDataRole.UserRole  # draft photo id; None while the photo is being read
HASH_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2  # why the thumbnail is a grey placeholder
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 3  # 1-based position, as the checklist names photos


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
        self.setAccessibleDescription(_("Ctrl+V pastes an image; Ctrl+Left and Ctrl+Right move the selected photo; "
                                        "Delete takes it out of the post."))
        self.empty_text = _("Drop photos here, paste one (Ctrl+V), or use Add photos…")
        self._frame = 0  # the spinner's step, while a photo is being read or its thumbnail made
        self._spinner = QTimer(self, interval=SPIN_MS)
        self._spinner.timeout.connect(self._spin)
        self.delegate = PhotoDelegate(lambda: self._frame, self)
        self.setItemDelegate(self.delegate)
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

    # --- what it shows ----------------------------------------------------------------------------

    def show_photos(self, photos: list[DraftPhoto], select: int | None,
                    decorate: Callable[[QListWidgetItem, DraftPhoto], None]) -> None:
        """Put ``photos`` in the strip in order and select ``select`` (a draft photo id), without signals;
        ``decorate`` gives each its picture and tooltip. Photos still being read stay where they are."""
        blocked = self.blockSignals(True)
        try:
            pending, real = [], 0  # photos still being read, with how many photos are before them
            for row in range(self.count()):
                item = self.item(row)
                if item.data(ID_ROLE) is None:
                    pending.append((real, item))
                else:
                    real += 1
            for _before, item in reversed(pending):
                self.takeItem(self.row(item))
            self.clear()
            for number, photo in enumerate(photos, start=1):
                item = QListWidgetItem(self)
                item.setData(ID_ROLE, photo.id)
                item.setData(HASH_ROLE, photo.photo.hash)
                item.setData(NUMBER_ROLE, number)
                item.setText(_("Photo {number}").format(number=number))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
                decorate(item, photo)
            for offset, (before, item) in enumerate(pending):
                self.insertItem(min(before + offset, self.count()), item)
            row = next((i for i in range(self.count()) if self.item(i).data(ID_ROLE) == select), -1)
            self.setCurrentRow(row)
        finally:
            self.blockSignals(blocked)

    def add_placeholders(self, labels: list[str], row: int | None = None) -> list[QListWidgetItem]:
        """A spinning "Loading…" per photo being read, at ``row`` (default: the end); they cannot be dragged."""
        at = self.count() if row is None else min(max(row, 0), self.count())
        items = []
        for offset, label in enumerate(labels):
            item = QListWidgetItem()
            item.setData(ID_ROLE, None)
            item.setText(_("Loading…"))
            item.setToolTip(label)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            self.insertItem(at + offset, item)
            items.append(item)
        self.scrollToItem(self.item(at))
        return items

    def item_of(self, draft_photo_id: int) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(ID_ROLE) == draft_photo_id:
                return self.item(row)
        return None

    def position_of(self, item: QListWidgetItem) -> int:
        """Where a photo at ``item`` goes among the draft's photos: how many photos (not placeholders) precede it."""
        return sum(1 for r in range(self.row(item)) if self.item(r).data(ID_ROLE) is not None)

    def moved_to(self, source_row: int, before_row: int) -> tuple[int, int] | None:
        """A thumbnail dragged from ``source_row`` to before ``before_row``: its draft photo id and new position
        among the photos (placeholders not counted), or ``None`` when nothing moves."""
        item = self.item(source_row)
        if item is None or item.data(ID_ROLE) is None:
            return None
        real = [self.item(r).data(ID_ROLE) for r in range(self.count()) if self.item(r).data(ID_ROLE) is not None]
        before = sum(1 for r in range(min(before_row, self.count())) if self.item(r).data(ID_ROLE) is not None)
        index = real.index(item.data(ID_ROLE))
        target = before - 1 if before > index else before
        return (item.data(ID_ROLE), target) if target != index else None

    def waiting(self) -> bool:
        """Whether a thumbnail is not painted yet (a photo being read, or its thumbnail on its way)."""
        return any(self.item(row).data(Qt.ItemDataRole.DecorationRole) is None for row in range(self.count()))

    def spin(self, on: bool) -> None:
        """Turn the placeholders' spinner on or off."""
        if on and not self._spinner.isActive():
            self._spinner.start()
        elif not on:
            self._spinner.stop()

    def _spin(self) -> None:
        self._frame = (self._frame + 1) % 12
        self.viewport().update()
