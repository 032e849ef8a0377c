"""The emoji picker: search by name in Dutch or English, the recent ones first, a skin tone, the cost per network.

What is found, in which order, and what each costs is core's (:mod:`composer.core.writing.emoji_names`);
this module shows it in a grid (see :class:`~composer.ui.writing.search_popup.SearchPopup` for the keys)
with a row of skin tones under it and a line that names the current emoji and what it costs on each
chosen network ("rood hart — X: 2 · Bluesky: 1"), so no one needs the mouse or a tooltip to know.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QListView, QToolButton, QWidget

from composer.core.i18n import _
from composer.core.writing.emoji_names import GROUPS, TONE_NAMES, TONES, Choice, Emoji, catalogue, choices, costs_line
from composer.ui import accessibility
from composer.ui.writing.search_popup import CHOICE_ROLE, SearchPopup, ShownModel

CELL = 44  # pixels per emoji in the grid
COLUMNS = 10
ROWS = 7
TONE_SAMPLE = "\u270b"  # raised hand: shows each tone


class EmojiModel(ShownModel[Choice]):
    """The emoji shown: their text, and their name and costs as tooltip and accessible text."""

    def __init__(self, networks: Callable[[], Sequence[str]], parent: QWidget | None = None):
        super().__init__(parent)
        self._networks = networks

    def entry_data(self, choice: Choice, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, CHOICE_ROLE):
            return choice.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return choice.emoji.name()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.describe(choice)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def describe(self, choice: Choice) -> str:
        """ "rood hart — X: 2 · Bluesky: 1": its name and what it costs on each chosen network."""
        return _("{name} — {costs}").format(name=choice.emoji.name(), costs=costs_line(choice.text,
                                                                                        self._networks()))


class EmojiPicker(SearchPopup):
    """Pick an emoji; :attr:`chosen` says which (with its tone), :attr:`tone_changed` a new skin tone.

    Signals:
        tone_changed(str): the skin tone chosen (one of ``TONES``), to keep for next time.
    """

    tone_changed = Signal(str)

    def __init__(self, parent: QWidget, recent: Sequence[str], tone: str, networks: Callable[[], Sequence[str]]):
        grid = QListView()
        grid.setObjectName("emoji-grid")
        super().__init__(parent, grid, _("Search emoji (Dutch or English)"), "emoji-picker")
        self.recent, self.tone = list(recent), tone
        self.model = EmojiModel(networks, self)
        self._set_up_grid(grid)
        self.layout_.insertLayout(1, self._group_row())
        self.detail = QLabel(self)
        self.detail.setObjectName("emoji-detail")
        self.detail.setMinimumWidth(CELL * COLUMNS)
        self.tones = self._tone_row()
        self.layout_.addLayout(self.tones)
        self.layout_.addWidget(self.detail)
        grid.selectionModel().currentChanged.connect(lambda current, _old: self.show_detail(current))
        self.refill()
        accessibility.follow_the_eye(self, focus_first=False)  # search, groups, grid, skin tones: as they stand
        QTimer.singleShot(0, self, catalogue().prepare)  # once the picker shows, before the first letter

    def _set_up_grid(self, grid: QListView) -> None:
        grid.setModel(self.model)
        grid.setViewMode(QListView.ViewMode.IconMode)
        grid.setMovement(QListView.Movement.Static)
        grid.setResizeMode(QListView.ResizeMode.Adjust)
        grid.setUniformItemSizes(True)
        grid.setGridSize(QSize(CELL, CELL))
        grid.setLayoutMode(QListView.LayoutMode.Batched)
        grid.setWordWrap(False)
        font = QFont(grid.font())
        font.setPointSizeF(max(font.pointSizeF(), 9) * 2.1)
        grid.setFont(font)
        grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the rows wrap instead
        bar = grid.style().pixelMetric(grid.style().PixelMetric.PM_ScrollBarExtent)
        grid.setFixedSize(CELL * COLUMNS + bar + 2 * grid.frameWidth() + 8, CELL * ROWS + 2 * grid.frameWidth())
        grid.setAccessibleName(_("Emoji"))
        grid.setAccessibleDescription(_("Arrows move, Enter inserts the emoji at the cursor, Esc closes."))

    def _group_row(self) -> QHBoxLayout:
        """A button per group of emoji (its first emoji shown): the grid goes to that group."""
        row = QHBoxLayout()
        row.setSpacing(0)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.3)
        self.group_buttons: list[QToolButton] = []
        for key, first in catalogue().group_starts():
            button = QToolButton(self)
            button.setText(first.char)
            button.setFont(font)
            button.setAutoRaise(True)
            button.setToolTip(_(GROUPS.get(key, key)))
            button.setAccessibleName(_(GROUPS.get(key, key)))
            button.clicked.connect(lambda _checked=False, emoji=first: self.go_to_group(emoji))
            self.group_buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def go_to_group(self, first: Emoji) -> None:
        """Show the whole catalogue (the search emptied) from the group that starts with ``first``."""
        if self.search.text():
            self.search.clear()
        row = len(self.model.shown) - len(catalogue().emoji) + first.order
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QListView.ScrollHint.PositionAtTop)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tone_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Skin tone:"), self))
        self.tone_buttons = QButtonGroup(self)
        for i, (tone, name) in enumerate(zip(TONES, TONE_NAMES, strict=True)):
            button = QToolButton(self)
            button.setText(TONE_SAMPLE + tone)
            button.setCheckable(True)
            button.setChecked(tone == self.tone)
            button.setToolTip(_(name))
            button.setAccessibleName(_(name))
            button.setObjectName(f"tone-{i}")
            self.tone_buttons.addButton(button, i)
            row.addWidget(button)
        row.addStretch(1)
        self.tone_buttons.idClicked.connect(lambda i: self.set_tone(TONES[i]))
        return row

    # --- what is shown ------------------------------------------------------------------------

    def start(self, recent: Sequence[str], tone: str) -> None:
        """A new search: the recent ones first, in ``tone``, the search field empty."""
        self.recent, self.tone = list(recent), tone
        self.tone_buttons.button(TONES.index(tone)).setChecked(True)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refill()

    def refill(self) -> None:
        self.model.set_shown(choices(self.search.text(), self.recent, self.tone))
        self.view.setCurrentIndex(self.model.index(0, 0))
        self.show_detail(self.view.currentIndex())

    def show_detail(self, index: QModelIndex) -> None:
        """Name the current emoji and its costs under the grid (nothing found: say so)."""
        if not index.isValid():
            self.detail.setText(_("No emoji has that name.") if self.search.text().strip() else "")
            return
        choice = self.model.shown[index.row()]
        self.detail.setText(f"{choice.text}  {self.model.describe(choice)}")

    def set_tone(self, tone: str) -> None:
        """Show the emoji that take a skin tone in ``tone`` (the search and the place stay)."""
        if tone == self.tone:
            return
        self.tone = tone
        row = self.view.currentIndex().row()
        self.model.set_shown(choices(self.search.text(), self.recent, tone))
        self.view.setCurrentIndex(self.model.index(max(row, 0), 0))
        self.tone_buttons.button(TONES.index(tone)).setChecked(True)
        self.tone_changed.emit(tone)

    def shown_texts(self) -> list[str]:
        """What the grid shows, in order."""
        return [choice.text for choice in self.model.shown]
