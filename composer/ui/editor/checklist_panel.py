"""The live checklist: a bullet (colour and symbol) and one sentence per check, and why each one matters.

A screen reader reads each check's status in words before its sentence, and
hears a short announcement when what blocks export changes (not on every key).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist import Check, Status, quote, statement, summary
from composer.core.i18n import _
from composer.ui import accessibility
from composer.ui.look import bullet

STATUS_ROLE = Qt.ItemDataRole.UserRole  # the status its bullet shows


def _escape(text: str) -> str:
    """``text`` for Qt's rich text (``html.escape`` without loading ``html`` at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def source_of(check: Check) -> str:
    """Where the roundtable said it: "Roundtable, statement 3", "Roundtable, conclusions", ..."""
    where = check.guideline or statement(check.id)
    if where == "conclusions":
        return _("Roundtable, conclusions")
    if where == "platforms":
        return _("The networks' own rules")
    if where:
        return _("Roundtable, statement {number}").format(number=where)
    return ""


def why_html(check: Check) -> str:
    """The roundtable's words behind ``check``, and where they come from (rich text)."""
    words = quote(check.id)
    if not words:
        return ""
    source = source_of(check)
    text = f"<i>“{_escape(words)}”</i>"
    return text + (f"<br>— {_escape(source)}" if source else "")


def why_plain(check: Check) -> str:
    """The roundtable's words behind ``check`` and their source, as plain text (for a screen reader)."""
    words = quote(check.id)
    if not words:
        return ""
    source = source_of(check)
    return f"“{words}”" + (f" — {source}" if source else "")


def tooltip_html(check: Check) -> str:
    """Hovering a check: its sentence, then why."""
    why = why_html(check)
    return f"<p>{_escape(check.message)}</p>" + (f"<p>{why}</p>" if why else "")


def _key(check: Check) -> tuple[str, str | None]:
    return (check.id, check.network)


_ORDER = {Status.FAIL: 0, Status.TODO: 1, Status.WARN: 2, Status.PASS: 3}


def _urgency(check: Check) -> int:
    """What blocks export first, then what is still to answer, then advice, then what is fine."""
    return 0 if check.blocks_export else _ORDER.get(check.status, 4)


class ChecklistPanel(QWidget):
    """Shows the checks core returns for the current draft.

    Signals:
        check_activated(object): the author clicked a check or pressed Enter on it (the :class:`Check`).
    """

    check_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(_("Checklist"), self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.busy = QLabel(_("Checking…"), self)
        self.busy.setObjectName("checking")
        policy = self.busy.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # showing it must not resize the editor (see flow.py)
        self.busy.setSizePolicy(policy)
        self.busy.setVisible(False)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setObjectName("checklist")
        self.why = QLabel(self)
        self.why.setObjectName("why")
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.RichText)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("approve")
        self.approve_button.setVisible(False)
        self._name_parts()
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addStretch(1)
        title_row.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(title_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.why)
        layout.addWidget(self.approve_button)
        self._checks: list[Check] = []
        self._shown: list[tuple] = []
        self._last_go: tuple[int, float] = (-1, 0.0)
        self._blocking: int | None = None  # how many checks blocked export when last shown (None: not yet)
        self.list.currentRowChanged.connect(self._show_why)
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)
        self._show_why(-1)

    def _name_parts(self) -> None:
        accessibility.name(self.list, _("Checklist"), _(
            "One line per check, what blocks export first. Enter goes to the check's place in the post."))

    def show_checks(self, checks: list[Check]) -> None:
        """Show ``checks``, touching the widgets only when something changed; the selected check stays."""
        visible = sorted((c for c in checks if c.status is not Status.NA), key=_urgency)
        shown = [(c.id, c.network, c.status, c.message) for c in visible]
        if shown == self._shown:
            self._checks = visible  # same sentences; ranges may have moved
            return
        self._announce_blocking(sum(c.blocks_export for c in visible))
        self.summary.setText(summary(checks))
        same_rows = [s[:2] for s in shown] == [s[:2] for s in self._shown]
        current = self.current_check()
        self._shown, self._checks = shown, visible
        if same_rows:
            for row, check in enumerate(visible):
                self._fill(self.list.item(row), check)
            self._show_why(self.list.currentRow())
            return
        self.list.clear()
        for check in visible:
            item = QListWidgetItem()
            self._fill(item, check)
            self.list.addItem(item)
        if current is not None:
            for row, check in enumerate(visible):
                if _key(check) == _key(current):
                    self.list.setCurrentRow(row)
                    break
        self._show_why(self.list.currentRow())

    def _announce_blocking(self, count: int) -> None:
        """Tell a screen reader when the number of checks that block export changed (not at the first showing)."""
        if self._blocking is not None and count != self._blocking:
            accessibility.announce(self.list, accessibility.blocking_summary(count))
        self._blocking = count

    @staticmethod
    def _fill(item: QListWidgetItem, check: Check) -> None:
        if item.text() != check.message:
            item.setText(check.message)
        if item.data(STATUS_ROLE) != check.status.value:
            item.setIcon(bullet(check.status))
            item.setData(STATUS_ROLE, check.status.value)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, accessibility.check_sentence(check))
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, why_plain(check))
        item.setToolTip(tooltip_html(check))

    def checks(self) -> list[Check]:
        """The checks shown, top to bottom."""
        return list(self._checks)

    def current_check(self) -> Check | None:
        row = self.list.currentRow()
        return self._checks[row] if 0 <= row < len(self._checks) else None

    def messages(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def row_of(self, check_id: str, network: str | None = None) -> int:
        """The row showing ``check_id`` (for ``network``, if given); -1 when not shown."""
        for row, check in enumerate(self._checks):
            if check.id == check_id and (network is None or check.network == network):
                return row
        return -1

    def set_busy(self, busy: bool) -> None:
        """Say that the checks are being worked out (long texts, off the UI thread)."""
        self.busy.setVisible(busy)

    def _show_why(self, row: int) -> None:
        check = self._checks[row] if 0 <= row < len(self._checks) else None
        why = why_html(check) if check is not None else ""
        if why:
            title = _escape(_("Why?"))
            self.why.setText(f"<b>{title}</b> {why}")
        else:
            self.why.setText(_escape(_("Select a check to read why it matters; click it to go to its place.")))

    def _go(self, item: QListWidgetItem) -> None:
        """Click, double-click or Enter: one trip to the check's place (a double-click is a click too)."""
        row = self.list.row(item)
        if not 0 <= row < len(self._checks):
            return
        now = time.monotonic()
        last_row, last_time = self._last_go
        if row == last_row and now - last_time < QApplication.doubleClickInterval() / 1000:
            return
        self._last_go = (row, now)
        self.check_activated.emit(self._checks[row])
