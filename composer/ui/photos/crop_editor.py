"""The crop editor: one photo, one network, a rectangle the librarian moves and resizes (issue 5, point 3).

The rectangle is kept in fractions of the upright original, exactly as
:mod:`composer.core.photos.crops` stores it; the picture on screen is only a
thumbnail. OK stores the rectangle with :func:`~composer.core.photos.crops.set_crop`
(a refused crop is explained in the dialog and nothing is written); Reset
clears the stored crop, so the network's default applies again.

*Whole picture on a mat* (issue 9, point 14) cuts nothing: the picture is
padded to the chosen shape with a colour of the librarian's choice
(:func:`~composer.core.photos.crops.mat_crop`). Under the picture the dialog says
how much of it a crop leaves out, once that is more than a third.

Keys on the picture: arrows move the rectangle, + and − resize it around its centre (Shift: ten times further).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from composer.core import i18n
from composer.core.i18n import _
from composer.core.networks.facts import network as network_facts
from composer.core.photos.crops import (
    MAT_WHITE,
    WHOLE,
    Crop,
    CropError,
    clear_crop,
    cuts_too_much,
    default_crop,
    get_crop,
    mat_crop,
    parse_ratio,
    set_crop,
)
from composer.ui import accessibility

STEP = 0.01       # an arrow key moves the rectangle by 1 % of the photo
HANDLE = 8        # pixels: grab a corner within this distance to resize
MIN_SIZE = 0.02   # the smallest rectangle, as a fraction of the photo


def cropped_image(image: QImage, crop: Crop) -> QImage:
    """The part of ``image`` (a thumbnail of the upright photo) that ``crop`` shows; on a mat, with its mat."""
    w, h = image.width(), image.height()
    part = QRect(round(crop.x * w), round(crop.y * h), max(1, round(crop.width * w)), max(1, round(crop.height * h)))
    if not crop.on_mat:
        return image.copy(part)
    matted = QImage(part.size(), QImage.Format.Format_RGB32)
    matted.fill(QColor(crop.mat or MAT_WHITE))
    painter = QPainter(matted)
    painter.drawImage(-part.x(), -part.y(), image)
    painter.end()
    return matted


class CropCanvas(QWidget):
    """The photo with the crop rectangle on it; drag inside to move, drag a corner to resize.

    Signals:
        changed(): the rectangle moved or changed size.
    """

    changed = Signal()

    def __init__(self, image: QImage, photo_size: tuple[int, int], parent: QWidget):
        super().__init__(parent)
        self.image = image
        self.photo_width, self.photo_height = photo_size
        self.ratio: float | None = None  # width / height in pixels of the photo; None: any shape
        self.crop = WHOLE
        self._drag: tuple[str, QPointF, Crop] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Crop rectangle"))

    # --- the model --------------------------------------------------------------------------

    def set_crop(self, crop: Crop) -> None:
        """Show ``crop`` as given (not clamped: the dialog's OK says what is wrong with it)."""
        self.crop = crop
        self.update()
        self.changed.emit()

    @property
    def on_mat(self) -> bool:
        """The whole picture on a mat: nothing to move or resize, the rectangle goes around all of it."""
        return self.crop.mat is not None

    def _fit(self, x: float, y: float, w: float, h: float) -> Crop:
        """Keep a rectangle inside the photo without changing its size where it can."""
        w, h = min(max(w, MIN_SIZE), 1.0), min(max(h, MIN_SIZE), 1.0)
        return Crop(min(max(x, 0.0), 1.0 - w), min(max(y, 0.0), 1.0 - h), w, h)

    def height_for(self, width: float) -> float:
        """The fraction of height that gives the chosen ratio for a fraction ``width``."""
        assert self.ratio is not None
        return width * self.photo_width / (self.ratio * self.photo_height)

    def move_by(self, dx: float, dy: float) -> None:
        c = self.crop
        self.set_crop(self._fit(c.x + dx, c.y + dy, c.width, c.height))

    def resize_by(self, step: float) -> None:
        """Grow the rectangle by ``step`` of the photo's width (shrink: below 0) around its centre, in its shape:
        the keyboard's way to do what dragging a corner does."""
        c = self.crop
        w = min(max(c.width + step, MIN_SIZE), 1.0)
        h = self.height_for(w) if self.ratio is not None else min(max(c.height + step, MIN_SIZE), 1.0)
        if h > 1.0 and self.ratio is not None:  # as tall as the photo: as wide as the shape then allows
            h = 1.0
            w = h * self.ratio * self.photo_height / self.photo_width
        self.set_crop(self._fit(c.x + (c.width - w) / 2, c.y + (c.height - h) / 2, w, h))

    # --- drawing ------------------------------------------------------------------------------

    def picture_rect(self) -> QRectF:
        """Where the photo is drawn: as large as fits with its mat, centred, in its own shape."""
        c = self.crop
        left, top = min(0.0, c.x), min(0.0, c.y)  # on a mat the rectangle reaches past the photo
        right, bottom = max(1.0, c.x + c.width), max(1.0, c.y + c.height)
        view_w, view_h = (right - left) * self.photo_width, (bottom - top) * self.photo_height
        scale = min(self.width() / view_w, self.height() / view_h)
        w, h = self.photo_width * scale, self.photo_height * scale
        x0, y0 = (self.width() - view_w * scale) / 2, (self.height() - view_h * scale) / 2
        return QRectF(x0 - left * w, y0 - top * h, w, h)

    def crop_rect(self) -> QRectF:
        pic, c = self.picture_rect(), self.crop
        return QRectF(pic.x() + c.x * pic.width(), pic.y() + c.y * pic.height(),
                      c.width * pic.width(), c.height * pic.height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pic, box = self.picture_rect(), self.crop_rect()
        if self.on_mat:
            painter.fillRect(box, QColor(self.crop.mat))
        if self.image.isNull():
            painter.fillRect(pic, QColor("#bbbbbb"))
        else:
            painter.drawImage(pic, self.image)
        if self.on_mat:
            painter.setPen(QPen(QColor("#808080"), 1))
            painter.drawRect(box)
            return
        shade = QPainterPath()
        shade.addRect(pic)
        inner = QPainterPath()
        inner.addRect(box)
        painter.fillPath(shade.subtracted(inner), QColor(0, 0, 0, 140))
        painter.setPen(QPen(QColor("white"), 2, Qt.PenStyle.DashLine if self.hasFocus() else Qt.PenStyle.SolidLine))
        painter.drawRect(box)
        painter.setPen(QPen(QColor("white"), 1))
        for corner in (box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()):
            painter.fillRect(QRectF(corner.x() - HANDLE / 2, corner.y() - HANDLE / 2, HANDLE, HANDLE),
                             QColor("white"))

    # --- mouse and keys -------------------------------------------------------------------------

    def _corner_at(self, pos: QPointF) -> str | None:
        box = self.crop_rect()
        corners = {"tl": box.topLeft(), "tr": box.topRight(), "bl": box.bottomLeft(), "br": box.bottomRight()}
        for name, point in corners.items():
            if abs(point.x() - pos.x()) <= HANDLE and abs(point.y() - pos.y()) <= HANDLE:
                return name
        return None

    def mousePressEvent(self, event) -> None:
        self.setFocus()
        if self.on_mat:
            return
        pos = event.position()
        corner = self._corner_at(pos)
        if corner is not None:
            self._drag = (corner, pos, self.crop)
        elif self.crop_rect().contains(pos):
            self._drag = ("move", pos, self.crop)

    def mouseMoveEvent(self, event) -> None:
        if self.on_mat:
            return
        if self._drag is None:
            corner = self._corner_at(event.position())
            shapes = {"tl": Qt.CursorShape.SizeFDiagCursor, "br": Qt.CursorShape.SizeFDiagCursor,
                      "tr": Qt.CursorShape.SizeBDiagCursor, "bl": Qt.CursorShape.SizeBDiagCursor}
            self.setCursor(shapes.get(corner, Qt.CursorShape.SizeAllCursor if self.crop_rect().contains(
                event.position()) else Qt.CursorShape.ArrowCursor))
            return
        kind, start, before = self._drag
        pic = self.picture_rect()
        dx = (event.position().x() - start.x()) / pic.width()
        dy = (event.position().y() - start.y()) / pic.height()
        if kind == "move":
            self.set_crop(self._fit(before.x + dx, before.y + dy, before.width, before.height))
        else:
            self.set_crop(self.resized(before, kind, dx, dy))

    def mouseReleaseEvent(self, _event) -> None:
        self._drag = None

    def resized(self, before: Crop, corner: str, dx: float, dy: float) -> Crop:
        """``before`` with ``corner`` dragged by (dx, dy), the opposite corner fixed, kept in shape and inside."""
        left, top = before.x, before.y
        right, bottom = before.x + before.width, before.y + before.height
        # the fixed corner, and how much room there is from it towards the dragged one
        fx = right if "l" in corner else left
        fy = bottom if "t" in corner else top
        room_w = fx if "l" in corner else 1.0 - fx
        room_h = fy if "t" in corner else 1.0 - fy
        w = before.width + (-dx if "l" in corner else dx)
        h = before.height + (-dy if "t" in corner else dy)
        w, h = min(max(w, MIN_SIZE), room_w), min(max(h, MIN_SIZE), room_h)
        if self.ratio is not None:
            h = self.height_for(w)
            if h > room_h:  # too tall for the room: shrink both
                h = room_h
                w = h * self.ratio * self.photo_height / self.photo_width
        x = fx - w if "l" in corner else fx
        y = fy - h if "t" in corner else fy
        return Crop(x, y, w, h)

    def keyPressEvent(self, event) -> None:
        step = STEP * (10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
                 Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        sizes = {Qt.Key.Key_Plus: step, Qt.Key.Key_Equal: step, Qt.Key.Key_Minus: -step}
        if event.key() in moves and not self.on_mat:
            self.move_by(*moves[event.key()])
            event.accept()
            return
        if event.key() in sizes and not self.on_mat:
            self.resize_by(sizes[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)


class CropDialog(QDialog):
    """Crop one photo of the draft for one network; never modal, opened with ``show()``.

    Signals:
        saved(int, str): the crop of draft photo ``id`` for ``network`` was stored or cleared.
    """

    saved = Signal(int, str)

    def __init__(self, store, draft_photo, network: str, image: QImage, parent: QWidget):
        super().__init__(parent)
        self.store, self.draft_photo, self.network = store, draft_photo, network
        facts = network_facts(network)
        photo = draft_photo.photo
        self.setWindowTitle(_("Crop for {network}").format(network=facts.name))
        self.setObjectName(f"crop-{draft_photo.id}-{network}")
        self.canvas = CropCanvas(image, (photo.width, photo.height), self)
        self.shape = QComboBox(self)
        for ratio in facts.crop_ratios:
            self.shape.addItem(ratio, ratio)
        if not facts.crop_ratios:
            self.shape.addItem(_("free"), "free")
        shape_label = QLabel(_("&Shape:"), self)
        accessibility.label_for(shape_label, self.shape)
        self.mat = QCheckBox(_("Whole picture on a &mat"), self)
        self.mat.setToolTip(_("Keep all of the picture: it is padded to the shape with a colour instead of cut."))
        self.mat_button = QPushButton(_("Mat &colour…"), self)
        self.mat_button.setToolTip(_("The colour around the picture."))
        self.colour = MAT_WHITE
        self.colour_dialog: QColorDialog | None = None
        if not facts.crop_ratios:
            self.mat.setEnabled(False)
            self.mat.setToolTip(_("This network takes any shape: the whole picture goes as it is."))
        self.cut_note = QLabel(self)
        self.cut_note.setWordWrap(True)
        self.cut_note.hide()
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.Reset, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).setText(_("&Reset"))
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).setToolTip(
            _("Forget this crop: the network's usual shape, centred, applies again."))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.reset)
        top = QHBoxLayout()
        top.addWidget(shape_label)
        top.addWidget(self.shape)
        top.addSpacing(12)
        top.addWidget(self.mat)
        top.addWidget(self.mat_button)
        top.addStretch(1)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.cut_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        stored = get_crop(store, draft_photo.id, network)
        self._choose_shape_for(stored)
        if stored is not None and stored.on_mat:
            self.colour = stored.mat or MAT_WHITE
            self.mat.setChecked(True)
        self.shape.currentIndexChanged.connect(self._shape_chosen)
        self.mat.toggled.connect(self._mat_toggled)
        self.mat_button.clicked.connect(self.choose_colour)
        self.canvas.changed.connect(self.problem.hide)
        self.canvas.changed.connect(self._show_state)
        self.canvas.set_crop(stored if stored is not None else self.default())
        self.resize(640, 560)
        accessibility.follow_the_eye(self)  # shape and mat above the picture, the buttons under it
        self.canvas.setFocus()  # the arrows move the crop at once

    def ratio_text(self) -> str:
        return self.shape.currentData() or "free"

    def default(self) -> Crop:
        """The rectangle for the chosen shape: centred and cut, or around the whole picture on its mat."""
        photo = self.draft_photo.photo
        if self.mat.isChecked():
            return mat_crop(photo.width, photo.height, self.ratio_text(), self.colour)
        return default_crop(photo.width, photo.height, self.ratio_text())

    def _mat_toggled(self, _on: bool) -> None:
        self.canvas.set_crop(self.default())

    def choose_colour(self) -> QColorDialog:
        """'Mat colour…': Qt's colour dialog, opened beside this one; the mat takes the colour chosen."""
        if self.colour_dialog is None:
            self.colour_dialog = QColorDialog(QColor(self.colour), self)
            self.colour_dialog.colorSelected.connect(self.set_colour)
        self.colour_dialog.setCurrentColor(QColor(self.colour))
        self.colour_dialog.open()
        return self.colour_dialog

    def set_colour(self, colour: QColor) -> None:
        """Use ``colour`` for the mat (and put the picture on it)."""
        if not colour.isValid():
            return
        self.colour = colour.name()  # "#rrggbb"
        if self.mat.isChecked():
            self.canvas.set_crop(self.default())
        else:
            self.mat.setChecked(True)  # choosing a mat colour means: on a mat

    def _show_state(self) -> None:
        """The hint for what the picture can do now, how much of it the crop leaves out, the mat's colour."""
        on_mat = self.canvas.on_mat
        self.mat_button.setEnabled(self.mat.isEnabled())
        swatch = QPixmap(16, 16)
        swatch.fill(QColor(self.colour))
        self.mat_button.setIcon(QIcon(swatch))
        self.hint.setText(_("The whole picture stays; the mat fills the rest of the shape.") if on_mat else
                          _("Drag the rectangle to move it, drag a corner to resize it; on the keyboard the arrows "
                            "move it and + and − resize it."))
        crop = self.canvas.crop
        if cuts_too_much(crop):
            self.cut_note.setText(_("This crop leaves out {percent} % of the picture: “Whole picture on a mat” "
                                    "keeps all of it.").format(percent=i18n.number(round(crop.removed() * 100))))
            self.cut_note.show()
        else:
            self.cut_note.hide()

    def _choose_shape_for(self, crop: Crop | None) -> None:
        """Pick the preset closest to a stored crop's shape (the first one when there is none)."""
        index = 0
        if crop is not None and self.shape.count() > 1:
            photo = self.draft_photo.photo
            shape = crop.width * photo.width / (crop.height * photo.height)
            index = min(range(self.shape.count()),
                        key=lambda i: abs((parse_ratio(self.shape.itemData(i)) or shape) - shape))
        self.shape.setCurrentIndex(index)
        self.canvas.ratio = parse_ratio(self.ratio_text())

    def _shape_chosen(self, _index: int) -> None:
        self.canvas.ratio = parse_ratio(self.ratio_text())
        self.canvas.set_crop(self.default())

    def save(self) -> bool:
        """OK: store the rectangle (and its mat); a refused one is explained here and nothing is written."""
        c = self.canvas.crop
        try:
            set_crop(self.store, self.draft_photo.id, self.network, c.x, c.y, c.width, c.height, c.mat)
        except CropError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return False
        self.saved.emit(self.draft_photo.id, self.network)
        self.accept()
        return True

    def reset(self) -> None:
        """Reset: forget the stored crop; the rectangle goes back to the default for the chosen shape."""
        clear_crop(self.store, self.draft_photo.id, self.network)
        self.problem.hide()
        self.mat.blockSignals(True)
        self.mat.setChecked(False)
        self.mat.blockSignals(False)
        self.canvas.set_crop(self.default())
        self.saved.emit(self.draft_photo.id, self.network)
