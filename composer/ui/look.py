"""Colours and small pictures shared by the panels."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from composer.core.checklist import Status

STATUS_COLOURS: dict[Status, str] = {
    Status.PASS: "#2e7d32",  # green
    Status.WARN: "#ef6c00",  # orange
    Status.FAIL: "#c62828",  # red
    Status.TODO: "#1565c0",  # blue: still to answer
    Status.NA: "#9e9e9e",    # grey
}

COUNTER_NORMAL = "#555555"
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


def app_icon() -> QIcon:
    """The window icon, from the package (works from a wheel as from a checkout)."""
    from importlib import resources

    data = (resources.files("composer.ui") / "icons" / "post-composer.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


@cache
def bullet(status: Status, size: int = 14) -> QIcon:
    """A filled circle in the status colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(STATUS_COLOURS[status]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)
