"""The drafts list: newest edit first, search as you type, filtered by stage, and the trash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.drafts.draft import STATUSES, label
from composer.core.i18n import _
from composer.core.networks.facts import network
from composer.core.planning.flow import STAGES, stage_label
from composer.core.storage.store import DraftRow
from composer.ui import accessibility

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 120


def describe(row: DraftRow, waiting: bool = False) -> str:
    """Two lines for the list: the first line of text, then networks · stage (and a withdrawn consent) · author.

    ``waiting``: the draft waits for an approval (shown first, to an approver on the team library).
    """
    first = row.first_line or _("(empty draft)")
    networks = ", ".join(network(key).name for key in row.networks) or _("no network chosen")
    marker = _("Waiting for approval") + " · " if waiting else ""
    state = stage_label(row.stage, row.published, row.networks)
    if row.status != "draft":  # a flag beside the stage: a person in its photos withdrew their consent
        state += " · " + label(STATUSES, row.status)
    return f"{first}\n{marker}{networks} · {state} · {row.author}"


RowSource = Callable[[int, int], list[DraftRow]]  # (limit, offset) -> rows
#: Which of the given drafts wait for an approval (for an approver on the team library).


class DraftListModel(QAbstractListModel):
    """Rows from the store, read a page at a time as the list is scrolled."""

    PAGE = 100

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DraftRow] = []
        self._source: RowSource = lambda limit, offset: []
        self._more = False
        #: Mark the drafts that wait for an approval (for an approver on the team library).
        self.mark_waiting = False

    def waiting(self, draft_id: int) -> bool:
        """Whether the list marks ``draft_id`` as waiting for an approval."""
        return self.mark_waiting and any(row.id == draft_id and row.waiting for row in self._rows)

    def load(self, source: RowSource, at_least: int = 0) -> None:
        """Show rows from ``source``: the first page, or ``at_least`` rows to keep the scroll position."""
        wanted = max(self.PAGE, at_least)
        self.beginResetModel()
        self._source = source
        self._rows = source(wanted, 0)
        self._more = len(self._rows) == wanted
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        page = self._source(self.PAGE, len(self._rows))
        self._more = len(page) == self.PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(row, self.mark_waiting and row.waiting)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.first_line
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            title, _sep, details = describe(row, self.mark_waiting and row.waiting).partition("\n")
            return title if role == Qt.ItemDataRole.AccessibleTextRole else details
        return None

    def row_of(self, draft_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == draft_id:
                return i
        return -1

    def id_at(self, row: int) -> int:
        return self._rows[row].id


class DraftRowDelegate(QStyledItemDelegate):
    """Paints a row as a bold first line over a smaller grey line of details."""

    PADDING = 4

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, height * 2 + self.PADDING * 3)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # Drawn by hand, without QStyle: its Python enums cost ~4 ms to create before the first paint.
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        view = self.parent()
        selected = view is not None and view.selectionModel().isSelected(index)
        if selected:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
        title, _sep, details = text.partition("\n")
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(self.PADDING * 2, self.PADDING, -self.PADDING * 2, -self.PADDING)
        line = option.fontMetrics.height()
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(role))
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft, painter.fontMetrics().elidedText(
            title, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        bottom = QRect(rect.left(), rect.top() + line + self.PADDING, rect.width(), line)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, option.fontMetrics.elidedText(
            details, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


class DraftsPanel(QWidget):
    """Search field, list, and the buttons that act on drafts.

    Signals:
        selected(int): the user picked a draft.
        search_changed(str): the search text settled, or another stage was chosen: the list is to be read anew.
    """

    selected = Signal(int)
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search drafts (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.stage_filter = QComboBox()
        self.stage_filter.setObjectName("stage-filter")
        self.stage_filter.setToolTip(_("Show only the drafts at one stage: draft, ready for review, approved, "
                                       "planned, published or archived."))
        self.stage_filter.addItem(_("All stages"), None)
        for key, text in STAGES.items():
            self.stage_filter.addItem(_(text), key)
        self.model = DraftListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setObjectName("drafts")
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setItemDelegate(DraftRowDelegate(self.view))
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.new_button = QPushButton(_("New"))
        self.duplicate_button = QPushButton(_("Duplicate"))
        self.trash_button = QPushButton(_("To trash"))
        self.restore_button = QPushButton(_("Restore"))
        self.show_trash = QPushButton(_("Trash"))
        self.show_trash.setCheckable(True)
        self.show_trash.setToolTip(_("Drafts in the trash are deleted for good after 30 days."))
        self._build_layout()
        self._name_parts()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.stage_filter.currentIndexChanged.connect(lambda _index: self.search_changed.emit(self.search.text()))
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.show_trash.toggled.connect(self._on_trash_toggled)
        self._on_trash_toggled(False)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.trash_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_trash)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.stage_filter)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def _name_parts(self) -> None:
        """Names a screen reader says, and what each part does (the buttons are named by their text)."""
        accessibility.name_search(self.search, _("Search drafts"), _(
            "Finds drafts as you type, the networks' own versions too; accents are ignored."))
        accessibility.name(self.stage_filter, _("Stage"), self.stage_filter.toolTip())
        accessibility.name(self.view, _("Drafts"), _(
            "Newest edit first. Each draft says its networks, its stage and who wrote it; "
            "Delete moves it to the trash."))
        self.new_button.setToolTip(_("Start a new draft (Ctrl+N)."))
        self.duplicate_button.setToolTip(_("A copy of the open draft to start from (Ctrl+D)."))
        self.trash_button.setToolTip(_("Move the open draft to the trash (Delete in the list); Undo brings it back."))
        self.restore_button.setToolTip(_("Take the draft shown out of the trash."))

    def add_list_action(self, action: QAction, key: QKeySequence) -> None:
        """A shortcut that works only while the list has focus (Delete must not delete text)."""
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(action)

    @property
    def in_trash(self) -> bool:
        return self.show_trash.isChecked()

    @property
    def stage(self) -> str | None:
        """The stage the list keeps (``None``: every stage), for ``Store.list_drafts(stage=...)``."""
        key = self.stage_filter.currentData()
        return key if isinstance(key, str) else None

    def show_rows(self, source: RowSource, current_id: int | None) -> None:
        """Show rows from ``source`` and keep ``current_id`` highlighted without emitting ``selected``."""
        self.view.selectionModel().blockSignals(True)
        self.model.load(source, at_least=self.model.rowCount())
        self._select_row(self.model.row_of(current_id) if current_id is not None else -1)
        self.view.selectionModel().blockSignals(False)

    def highlight(self, draft_id: int) -> None:
        """Mark ``draft_id`` as the current row without emitting ``selected``."""
        self.view.selectionModel().blockSignals(True)
        self._select_row(self.model.row_of(draft_id))
        self.view.selectionModel().blockSignals(False)

    def _select_row(self, row: int) -> None:
        if row < 0:
            self.view.clearSelection()
            return
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selected.emit(self.model.id_at(current.row()))

    def _on_trash_toggled(self, on: bool) -> None:
        self.restore_button.setVisible(on)
        self.trash_button.setVisible(not on)
        self.duplicate_button.setVisible(not on)
        self.new_button.setVisible(not on)
