"""View → Earlier versions…: a window beside the main one with the open draft's kept versions.

On the left the versions, newest first (when, in this computer's time and the UI language; by whom); on the
right the selected one compared with the text now, word by word, for the shared text and each network's own
text (a tab each). Removed words are struck through, added ones underlined and bold — in colour too, never
by colour alone — with a legend. *Restore this version* asks the window to restore it
(:mod:`composer.ui.writing.history_actions`); what a version holds and how it compares is core's
(:mod:`composer.core.writing.versions`, :mod:`composer.core.writing.diff`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer.core.drafts.draft import first_line
from composer.core.i18n import _
from composer.core.networks.facts import network
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import HISTORY_EVERY
from composer.core.writing.diff import ADDED, REMOVED, Piece, changed, word_diff
from composer.core.writing.versions import Side, Version, compare, other_changes, versions, when
from composer.ui.look import as_written

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.storage.store import Store

REFRESH_MS = 400  # after the last keystroke in the editor, the comparison with "now" is made again
#: How removed and added words look: struck through / underlined and bold, each on its own tint.
REMOVED_STYLE = "color:#8e1b1b; background-color:#fbe3e3; text-decoration:line-through;"
ADDED_STYLE = "color:#0d5b22; background-color:#dcf3df; text-decoration:underline; font-weight:bold;"
LINE_BREAK_MARK = "↵"  # a line break added or removed would be invisible otherwise
APART = "\u2009"  # a thin space between a removed word and the word that replaces it: "de onze", not "deonze"


def diff_html(pieces: tuple[Piece, ...]) -> str:
    """``pieces`` as rich text: the same words plain, removed ones struck through, added ones underlined."""
    out = []
    for i, piece in enumerate(pieces):
        if piece.kind == REMOVED or piece.kind == ADDED:
            style = REMOVED_STYLE if piece.kind == REMOVED else ADDED_STYLE
            # an added line break is shown as one; a removed one only as its mark (the text now has none)
            text = html.escape(piece.text).replace("\n", LINE_BREAK_MARK + ("\n" if piece.kind == ADDED else ""))
            out.append(f'<span style="{style}">{text}</span>')
            if piece.kind == REMOVED and i + 1 < len(pieces) and pieces[i + 1].kind == ADDED:
                out.append(APART)
        else:
            out.append(html.escape(piece.text))
    return '<div style="white-space:pre-wrap;">' + "".join(out).replace("\n", "<br>") + "</div>"


def legend_html() -> str:
    return (_("Compared with the text now:") + f' <span style="{REMOVED_STYLE}">' + html.escape(_("removed"))
            + f'</span> · <span style="{ADDED_STYLE}">' + html.escape(_("added")) + "</span> · "
            + html.escape(_("{mark} a line break").format(mark=LINE_BREAK_MARK)))


class HistoryPanel(QWidget):
    """The open draft's earlier versions and how each differs from now (see the module).

    ``draft()`` is the open draft as the editor holds it (``None``: none open).

    Signals:
        restore_requested(object): *Restore this version* was pressed (the :class:`Version`).
    """

    restore_requested = Signal(object)

    def __init__(self, store: Store, draft: Callable[[], Draft | None], parent: QWidget):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("earlier-versions")
        self.setWindowTitle(_("Earlier versions"))
        self.store, self._draft = store, draft
        self.versions: list[Version] = []
        self.sides: list[Side] = []
        self.heading = as_written(QLabel(self))
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("versions")
        self.list.setAccessibleName(_("Earlier versions"))
        self.list.setAccessibleDescription(_("Newest first: when each version was kept and by whom."))
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(3)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("sides")
        self.tabs.setAccessibleName(_("Text to compare"))
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.view = QTextBrowser(self)
        self.view.setObjectName("diff")
        self.view.setAccessibleName(_("Differences with the text now"))
        self.view.setAccessibleDescription(_("Removed words are struck through, added words underlined and bold."))
        self.legend = QLabel(legend_html(), self)
        self.legend.setWordWrap(True)
        self.others = QLabel(self)
        self.others.setWordWrap(True)
        self.restore_button = QPushButton(_("&Restore this version"), self)
        self.restore_button.setToolTip(_("Make this version the draft's text again. The text now is kept as an "
                                         "earlier version: nothing is lost, and Undo brings it back."))
        self.close_button = QPushButton(_("Close"), self)
        self._build()
        self.timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self.timer.timeout.connect(self.show_diff)
        self.list.currentRowChanged.connect(lambda _row: self._selected())
        self.tabs.currentChanged.connect(lambda _index: self.show_diff())
        self.restore_button.clicked.connect(self._restore)
        self.close_button.clicked.connect(self.close)
        from composer.ui.export.preview import close_action

        self.close_action = close_action(self)
        self.resize(820, 560)

    def _build(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.legend)
        right_layout.addWidget(self.others)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 560])
        splitter.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.list, self.tabs)
        self.setTabOrder(self.tabs, self.view)
        self.setTabOrder(self.view, self.restore_button)
        self.setTabOrder(self.restore_button, self.close_button)

    # --- the versions -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the open draft's versions again, keeping the selected one selected if it is still there."""
        draft = self._draft()
        kept = self.selected()
        self.versions = []
        unread = False
        if draft is not None and draft.id is not None:
            try:
                self.versions = versions(self.store, draft.id)
            except DatabaseError:
                unread = True
        title = first_line(draft.text) if draft is not None else ""
        self.heading.setText(_("Earlier versions of “{title}”").format(title=title) if title
                             else _("Earlier versions of this draft"))
        self.list.blockSignals(True)
        self.list.clear()
        for version in self.versions:
            self.list.addItem(self._item(version))
        self.list.blockSignals(False)
        if draft is None:
            self.empty.setText(_("No draft is open."))
        elif unread:
            self.empty.setText(_("The earlier versions cannot be read now: the database did not answer."))
        elif not self.versions:
            minutes = int(HISTORY_EVERY.total_seconds() // 60)
            self.empty.setText(_("No earlier versions of this draft yet. A version is kept when a save replaces "
                                 "the text, at most once every {minutes} minutes of typing.").format(minutes=minutes))
        self.empty.setVisible(not self.versions)
        row = next((i for i, v in enumerate(self.versions) if kept is not None and v.id == kept.id), 0)
        self.list.setCurrentRow(row if self.versions else -1)
        self._selected()

    def _item(self, version: Version) -> QListWidgetItem:
        head = _("{when} · {who}").format(when=when(version.saved_at), who=version.saved_by or _("unknown"))
        if version.restored_from:
            detail = _("Restored the version of {when}").format(when=when(version.restored_from))
        else:
            detail = first_line(version.text) or _("(no text)")
            detail = detail if len(detail) <= 48 else detail[:47] + "…"
        item = QListWidgetItem(f"{head}\n{detail}")
        item.setToolTip(f"{head}\n{detail}")
        return item

    def selected(self) -> Version | None:
        row = self.list.currentRow()
        return self.versions[row] if 0 <= row < len(self.versions) else None

    def select(self, row: int) -> None:
        self.list.setCurrentRow(row)

    def _selected(self) -> None:
        """A version was chosen: a tab for each text it can be compared on, the one shown before if possible."""
        version, draft = self.selected(), self._draft()
        shown = self.tabs.tabData(self.tabs.currentIndex()) if self.tabs.count() else ""
        self.sides = compare(version, draft) if version is not None and draft is not None else []
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for side in self.sides:
            index = self.tabs.addTab(_("Shared text") if not side.key else network(side.key).name)
            self.tabs.setTabData(index, side.key)
        keys = [side.key for side in self.sides]
        self.tabs.setCurrentIndex(keys.index(shown) if shown in keys else 0)
        self.tabs.blockSignals(False)
        self.tabs.setVisible(len(self.sides) > 1)
        self.restore_button.setEnabled(version is not None and draft is not None and draft.deleted_at is None)
        self.show_diff()

    # --- the comparison ---------------------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        """The text now changed: compare again shortly (only while the window is open)."""
        if self.isVisible():
            self.timer.start()

    def show_diff(self) -> None:
        """The selected version against the text now, for the chosen tab."""
        self.timer.stop()
        version, draft = self.selected(), self._draft()
        if version is None or draft is None:
            self.view.clear()
            self.note.clear()
            self.others.clear()
            self.legend.setVisible(False)
            return
        self.sides = compare(version, draft)
        index = self.tabs.currentIndex()
        side = next((s for s in self.sides if s.key == self.tabs.tabData(index)), self.sides[0])
        pieces = word_diff(side.old, side.new)
        self.legend.setVisible(changed(pieces))
        self.view.setHtml(diff_html(pieces) if changed(pieces) else
                          "<p><i>" + html.escape(_("No differences with the text now.")) + "</i></p>")
        self.note.setText(_side_note(side))
        self.note.setVisible(bool(self.note.text()))
        lines = other_changes(version, draft)
        self.others.setText("\n".join(lines))
        self.others.setVisible(bool(lines))

    def _restore(self) -> None:
        version = self.selected()
        if version is not None:
            self.restore_requested.emit(version)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.list.setFocus()


def _side_note(side: Side) -> str:
    """For a network's tab: whether it had (has) a text of its own or the shared one."""
    if not side.key:
        return ""
    name = network(side.key).name
    if side.own_then and not side.own_now:
        return _("Then {network} had a text of its own; now it uses the shared text.").format(network=name)
    if side.own_now and not side.own_then:
        return _("Then {network} used the shared text; now it has a text of its own.").format(network=name)
    return ""
