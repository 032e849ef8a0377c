"""A small window at the text cursor: a search field over a list or grid, all by keyboard.

Typing narrows what is shown; Down (or Tab) goes into the list, whose arrows move; Up from its first row
goes back to the search, and typing there goes on in the search; Enter takes what is current (from the
search: the first one shown); Esc closes. The emoji picker and the snippet chooser are two of these.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListView, QVBoxLayout, QWidget

from composer.ui import accessibility

T = TypeVar("T")

class ShownModel(QAbstractListModel, Generic[T]):
    """What a search shows, in order (``shown``), replaced as a whole on every search: a subclass says how an
    entry reads (``entry_data``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown: list[T] = []

    def set_shown(self, shown: list[T]) -> None:
        self.beginResetModel()
        self.shown = shown
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.shown):
            return None
        return self.entry_data(self.shown[index.row()], role)

    def entry_data(self, entry: T, role: int) -> Any:
        raise NotImplementedError


#: The model role of what an entry inserts (the emoji's text, or the snippet or group).
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1

_INTO_LIST = (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
_TAKE = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchPopup(QFrame):
    """A search field (``search``) over ``view``; subclasses fill the view's model in :meth:`refill`.

    Signals:
        chosen(object): the entry taken (its :data:`CHOICE_ROLE`); the popup has closed.
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget, view: QListView, placeholder: str, name: str):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.search = QLineEdit(self)
        self.search.setObjectName(f"{name}-search")
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        accessibility.name_search(self.search, placeholder)
        self.view = view
        view.setParent(self)
        view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 6, 6, 6)
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(view, 1)
        self.search.textChanged.connect(lambda _text: self.refill())
        self.search.installEventFilter(self)
        view.installEventFilter(self)
        view.clicked.connect(self.take)

    # --- to fill in ----------------------------------------------------------------------------

    def refill(self) -> None:
        """Show what matches the search (the subclass's model)."""

    # --- showing ---------------------------------------------------------------------------------

    def popup_at(self, where: QPoint) -> None:
        """Show the popup with its top left at ``where`` (global), kept on that screen; the search has the focus."""
        screen = QGuiApplication.screenAt(where) or QGuiApplication.primaryScreen()
        self.adjustSize()
        frame = QRect(where, self.size())
        if screen is not None:
            area = screen.availableGeometry()
            frame.moveLeft(max(area.left(), min(frame.left(), area.right() - frame.width())))
            frame.moveTop(max(area.top(), min(frame.top(), area.bottom() - frame.height())))
        self.move(frame.topLeft())
        self.show()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    # --- keys ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
            return True
        if key in _TAKE:
            self.take(self.view.currentIndex() if watched is self.view else self.first())
            return True
        if watched is self.search and (key in _INTO_LIST or key == Qt.Key.Key_Tab) and self.first().isValid():
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.first())
            return True
        if watched is self.view and self.on_top_row(key) or watched is self.view and self.typed(event):
            return True
        return super().eventFilter(watched, event)

    def on_top_row(self, key: int) -> bool:
        """Up in the list's first row: back to the search."""
        if key != Qt.Key.Key_Up:
            return False
        current = self.view.visualRect(self.view.currentIndex())
        if current.top() > self.view.visualRect(self.first()).top():
            return False
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def typed(self, event: QKeyEvent) -> bool:
        """A letter (or Backspace) typed in the list goes on in the search."""
        if event.key() == Qt.Key.Key_Backspace:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.backspace()
            return True
        text = event.text()
        if not text or not text.isprintable() or text.isspace():
            return False
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.insert(text)
        return True

    # --- taking ---------------------------------------------------------------------------------

    def first(self):
        model = self.view.model()
        return model.index(0, 0) if model is not None and model.rowCount() else QModelIndex()

    def take(self, index) -> None:
        """Take the entry at ``index`` (nothing when there is none): close, then say which."""
        if not index.isValid():
            return
        choice = index.data(CHOICE_ROLE)
        self.close()
        self.chosen.emit(choice)
