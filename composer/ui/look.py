"""Colours and small pictures shared by the panels."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from composer.core.checklist import Status

STATUS_COLOURS: dict[Status, str] = {
    Status.PASS: "#2e7d32",  # green
    Status.WARN: "#ef6c00",  # orange
    Status.FAIL: "#c62828",  # red
    Status.TODO: "#1565c0",  # blue: still to answer
    Status.NA: "#9e9e9e",    # grey
}

COUNTER_NORMAL = "#555555"
MUTED = "#777777"  # what is said quietly: a reminder, likes beside what counts
COUNTER_NEAR = STATUS_COLOURS[Status.WARN]
COUNTER_OVER = STATUS_COLOURS[Status.FAIL]


def colour_text(widget: QWidget, colour: str, bold: bool = False) -> None:
    """Colour (and embolden) a label's text through its palette: cheaper than a style sheet."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    widget.setPalette(palette)
    font = widget.font()
    font.setBold(bold)
    widget.setFont(font)


def as_written(label: QLabel) -> QLabel:
    """``label`` showing its text as plain text: for the library's own words (a name, a post's first line), which
    Qt would otherwise read as HTML as soon as they hold something like a tag ("<Plantijn>" vanished)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def app_icon() -> QIcon:
    """The window icon, from the package (works from a wheel as from a checkout)."""
    from importlib import resources

    data = (resources.files("composer.ui") / "icons" / "post-composer.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


@cache
def bullet(status: Status, size: int = 14) -> QIcon:
    """A filled circle in the status colour with a white symbol in it, so the colour is never alone.

    Fine ✓, warning !, blocking ✕, to answer ?; not applicable: a plain grey dot.
    """
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(STATUS_COLOURS[status]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    _draw_symbol(painter, status, size)
    painter.end()
    return QIcon(pixmap)


def _draw_symbol(painter: QPainter, status: Status, size: int) -> None:
    """The symbol in a bullet, drawn with lines (no font needed): it tells the status without its colour."""
    pen = QPen(QColor("white"), max(1.5, size / 8), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    s = size / 14  # the shapes are drawn for 14 px and scaled
    if status is Status.PASS:
        painter.drawPolyline([QPointF(4 * s, 7.2 * s), QPointF(6.2 * s, 9.5 * s), QPointF(10 * s, 4.8 * s)])
    elif status is Status.FAIL:
        painter.drawLine(QPointF(4.6 * s, 4.6 * s), QPointF(9.4 * s, 9.4 * s))
        painter.drawLine(QPointF(9.4 * s, 4.6 * s), QPointF(4.6 * s, 9.4 * s))
    elif status is Status.WARN:
        painter.drawLine(QPointF(7 * s, 3.6 * s), QPointF(7 * s, 7.8 * s))
        painter.drawPoint(QPointF(7 * s, 10.3 * s))
    elif status is Status.TODO:
        path = QPainterPath(QPointF(5 * s, 5.4 * s))
        path.cubicTo(QPointF(5 * s, 2.8 * s), QPointF(9.2 * s, 2.8 * s), QPointF(9.2 * s, 5.4 * s))
        path.cubicTo(QPointF(9.2 * s, 7 * s), QPointF(7 * s, 7 * s), QPointF(7 * s, 8.4 * s))
        painter.drawPath(path)
        painter.drawPoint(QPointF(7 * s, 10.6 * s))
