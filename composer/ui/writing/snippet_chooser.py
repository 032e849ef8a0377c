"""The quick chooser (Ctrl+Shift+I): the house style's snippets and hashtag groups, found by typing.

Which entries match is core's (:func:`composer.core.writing.snippets.insertables`); the keys are those of
:class:`~composer.ui.writing.search_popup.SearchPopup`. Taking one emits it (an ``Insertable``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView, QWidget

from composer.core.house_style import HouseStyle
from composer.core.i18n import _
from composer.core.writing.snippets import SNIPPET, Insertable, insertables
from composer.ui.writing.search_popup import CHOICE_ROLE, SearchPopup, ShownModel

WIDTH, HEIGHT = 460, 260
PREVIEW_CHARS = 60


class InsertableModel(ShownModel[Insertable]):
    """Snippets and groups: "Snippet · Opening hours — Open Mon–Sat…", the whole content as tooltip."""

    def entry_data(self, item: Insertable, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{kind_word(item)} · {item.name} — {one_line(item.content)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.content
        if role == CHOICE_ROLE:
            return item
        return None


def kind_word(item: Insertable) -> str:
    return _("Snippet") if item.kind == SNIPPET else _("Hashtags")


def one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[:PREVIEW_CHARS] + "\u2026"


class SnippetChooser(SearchPopup):
    """Find a snippet or hashtag group of ``style()`` by name or content; :attr:`chosen` says which."""

    def __init__(self, parent: QWidget, style: Callable[[], HouseStyle]):
        listing = QListView()
        listing.setObjectName("snippet-list")
        listing.setAccessibleName(_("Snippets and hashtag groups"))
        listing.setAccessibleDescription(_("Arrows move, Enter inserts at the cursor, Esc closes."))
        super().__init__(parent, listing, _("Search snippets and hashtag groups"), "snippet-chooser")
        self._style = style
        self.model = InsertableModel(self)
        listing.setModel(self.model)
        listing.setFixedSize(WIDTH, HEIGHT)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.empty)
        self.refill()

    def start(self) -> None:
        """A new search over the house style as it is now."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refill()

    def refill(self) -> None:
        style = self._style()
        self.model.set_shown(insertables(style, self.search.text()))
        self.view.setCurrentIndex(self.model.index(0, 0))
        if not style.snippets and not style.hashtag_groups:
            self.empty.setText(_("The house style has no snippets or hashtag groups yet: add them in "
                                 "Settings → House style…, on the Snippets tab."))
        elif not self.model.shown:
            self.empty.setText(_("Nothing matches “{search}”.").format(search=self.search.text().strip()))
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))
