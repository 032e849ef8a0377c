"""The house style dialog's writing aids: tables of snippets and hashtag groups, and the templates.

Simple tables a communications service fills in: a name and its text (which may run over several lines:
the text cell edits like a small text box, Enter makes a new line, Tab moves on), or a name and its
tags. Templates are made from a draft (*File → Save as template…*); here they are renamed or removed.
What makes a table valid (blank rows left out, every entry named, no name twice) is core's
(:func:`composer.core.writing.snippets.named_rows`, :func:`composer.core.writing.templates.renamed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.drafts.draft import AUDIENCES, PURPOSES, first_line, label
from composer.core.house_style import DraftTemplate
from composer.core.i18n import _
from composer.core.networks.facts import network


class LinesDelegate(QStyledItemDelegate):
    """Edits a cell as a small text box: Enter makes a new line (Qt's delegates leave it to the box)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        rect = option.rect  # type: ignore[attr-defined]
        editor.setGeometry(rect.adjusted(0, 0, 0, max(0, editor.fontMetrics().lineSpacing() * 4 - rect.height())))


class NamedTable(QWidget):
    """A table of a name and a content per row, with *Add* and *Remove*."""

    def __init__(self, name: str, title: str, headers: tuple[str, str], placeholder: str, lines: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName(name)
        self.table.setAccessibleName(title)
        self.table.setAccessibleDescription(placeholder)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else in the dialog
        self.table.setToolTip(placeholder)
        if lines:
            self.table.setItemDelegateForColumn(1, LinesDelegate(self.table))
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setAccessibleName(_("Add to {table}").format(table=title))
        self.add_button.setAccessibleDescription(_("A new row at the end; type its name, then Tab to its content."))
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the selected rows of {table}").format(table=title))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_rows)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        self.table.setRowCount(0)
        for name, content in rows:
            self._append(name, content)
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str]]:
        """Each row's name and content, as typed."""
        return [(self._cell(row, 0), self._cell(row, 1)) for row in range(self.table.rowCount())]

    def add_row(self) -> None:
        """An empty row at the end, its name being typed."""
        row = self._append("", "")
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_rows(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _append(self, name: str, content: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(content))
        return row

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


class TemplateTable(QWidget):
    """The house style's templates: each name can be changed, a template removed; what it holds is shown."""

    COLUMNS = 5

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.templates: list[DraftTemplate] = []
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("templates")
        self.table.setAccessibleName(_("Templates"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Networks"), _("Purpose"), _("Audience"), _("Text")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the selected templates"))
        self.remove_button.clicked.connect(self.remove_rows)
        how = QLabel(_("Make a template of a draft with File → Save as template…; File → New from template "
                       "starts a draft from one."), self)
        how.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(how)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_templates(self, templates: Sequence[DraftTemplate]) -> None:
        self.templates = list(templates)
        self.table.setRowCount(0)
        for template in self.templates:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(template.name))
            shown = (", ".join(network(key).name for key in template.networks), label(PURPOSES, template.purpose),
                     label(AUDIENCES, template.audience), first_line(template.text))
            for column, text in enumerate(shown, start=1):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == self.COLUMNS - 1:
                    item.setToolTip(template.text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def names(self) -> list[str]:
        """Each template's name as typed, in the order of :attr:`templates`."""
        return [(self.table.item(row, 0) or QTableWidgetItem()).text() for row in range(self.table.rowCount())]

    def remove_rows(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self.templates[row]
