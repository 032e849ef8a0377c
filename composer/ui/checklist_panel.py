"""The live checklist: a coloured bullet and one sentence per check."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from composer.core.checklist import Check, Status, summary
from composer.core.i18n import _
from composer.ui.look import bullet

class ChecklistPanel(QWidget):
    """Shows the checks core returns for the current draft."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(_("Checklist"))
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setObjectName("checklist")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self._shown: list[tuple[str, Status, str]] = []

    def show_checks(self, checks: list[Check]) -> None:
        """Replace the list, touching the widgets only when something changed."""
        shown = [(c.id, c.status, c.message) for c in checks if c.status is not Status.NA]
        if shown == self._shown:
            return
        self._shown = shown
        self.summary.setText(summary(checks))
        self.list.clear()
        for check in checks:
            if check.status is Status.NA:
                continue
            item = QListWidgetItem(bullet(check.status), check.message)
            item.setData(Qt.ItemDataRole.UserRole, check.id)
            item.setToolTip(check.message)
            self.list.addItem(item)

    def messages(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
