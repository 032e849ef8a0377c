"""The post editor: text, networks, per-network versions, purpose, audience and counters.

Just over 400 lines: one widget whose parts (tabs, pickers, counters) share its
layout and its ``changed`` signal; the lone-surrogate repair is ``surrogates.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.drafts.draft import AUDIENCES, PURPOSES, Draft
from composer.core.i18n import _, number
from composer.core.networks.facts import NETWORKS, Count, network
from composer.core.networks.units import utf16_length
from composer.ui.editor.surrogates import replace_lone_surrogates
from composer.ui.flow import FlowLayout
from composer.ui.look import COUNTER_NEAR, COUNTER_NORMAL, COUNTER_OVER, as_written, colour_text

if TYPE_CHECKING:
    from composer.ui.editor.analysis import Mark

SHARED = ""  # the tab key of the shared text (the same as composer.ui.editor.analysis.SHARED)

OWN_ROLE = Qt.ItemDataRole.UserRole + 1  # a picker item the library added (its own audiences)


def _choice_box(choices: dict[str, str], placeholder: str, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.addItem(placeholder, None)
    for key, text in choices.items():
        box.addItem(_(text), key)
    return box


class PostEditor(QWidget):
    """Edits one draft. It holds no rules: it reports changes and shows counts.

    Signals:
        changed: the author changed anything in the draft.
        version_removed(str, str): a network went back to the shared text (network, its old text).
        edit_added(str, object): a text box was made (its key, the ``QPlainTextEdit``): the writing aids attach.
    """

    changed = Signal()
    version_removed = Signal(str, str)
    edit_added = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self._base = Draft()
        self.network_boxes = {key: QCheckBox(network(key).name) for key in NETWORKS}
        self.purpose = _choice_box(PURPOSES, _("— choose a purpose —"), self)
        self.audience = _choice_box(AUDIENCES, _("— choose an audience —"), self)
        self.author = as_written(QLabel())
        self.author.setObjectName("author")
        self.tabs = QTabBar()
        self.tabs.setTabsClosable(True)
        self.tabs.setExpanding(False)
        self.tabs.setDocumentMode(True)
        self.stack = QStackedWidget()
        self.editors: dict[str, QPlainTextEdit] = {}
        #: What the writing aids add to a text box's right-click menu: each gets (text box, menu, position).
        self.menu_extras: list[Callable[[QPlainTextEdit, QMenu, QPoint], None]] = []
        self.own_version = QToolButton()
        self.own_version.setText(_("Own version for…"))
        self.own_version.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.own_version.setMenu(QMenu(self.own_version))
        self.own_version.menu().aboutToShow.connect(self._fill_version_menu)
        self.counters: dict[str, QLabel] = {key: self._counter(key) for key in NETWORKS}
        self.counter_row = FlowLayout()
        self.additions = QLabel()  # what export adds to the typed text: quiet, under the counters
        self.additions.setObjectName("additions")
        self.additions.setWordWrap(True)
        self.additions.setVisible(False)
        colour_text(self.additions, COUNTER_NORMAL)
        self._build_layout()
        self._add_editor(SHARED, _("Shared text"))
        self.editors[SHARED].setPlaceholderText(_("Write your post here. The checklist on the right follows along."))
        for box in self.network_boxes.values():
            box.toggled.connect(self._on_networks_toggled)
        self.purpose.currentIndexChanged.connect(self._emit_changed)
        self.audience.currentIndexChanged.connect(self._emit_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.tabCloseRequested.connect(self._on_tab_close)

    # --- layout ---------------------------------------------------------------

    def _build_layout(self) -> None:
        grid = QGridLayout()
        for i, key in enumerate(NETWORKS):
            grid.addWidget(self.network_boxes[key], i // 4, i % 4)
        form = QFormLayout()
        form.addRow(_("Networks:"), grid)
        form.addRow(_("Purpose:"), self.purpose)
        form.addRow(_("Audience:"), self.audience)
        self.tab_row = tab_row = QHBoxLayout()  # the writing aids add their buttons here (emoji_actions.py)
        tab_row.addWidget(self.tabs, 1)
        tab_row.addWidget(self.own_version)
        for label in self.counters.values():
            self.counter_row.addWidget(label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(tab_row)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.counter_row)
        layout.addWidget(self.additions)
        layout.addWidget(self.author)

    def _add_editor(self, key: str, title: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(f"text-{key or 'shared'}")
        edit.setTabChangesFocus(True)
        font = QFont(edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        edit.setFont(font)
        edit.textChanged.connect(self._emit_changed)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(lambda pos, shown=edit: self._show_context_menu(shown, pos))
        self.editors[key] = edit
        self.stack.addWidget(edit)
        index = self.tabs.addTab(title)
        self.tabs.setTabData(index, key)
        if key == SHARED:
            self.tabs.setTabButton(index, QTabBar.ButtonPosition.RightSide, None)
        else:
            self.tabs.setTabToolTip(index, _("Close to use the shared text again for {network}.").format(
                network=network(key).name))
        self.edit_added.emit(key, edit)
        return edit

    def context_menu(self, edit: QPlainTextEdit, pos: QPoint) -> QMenu:
        """The right-click menu of ``edit`` at ``pos`` (its viewport's coordinates): Qt's own, then the aids'."""
        menu = edit.createStandardContextMenu(pos)
        for extra in self.menu_extras:
            extra(edit, menu, pos)
        return menu

    def _show_context_menu(self, edit: QPlainTextEdit, pos: QPoint) -> None:
        menu = self.context_menu(edit, pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(edit.viewport().mapToGlobal(pos))

    # --- loading and reading ---------------------------------------------------

    def load(self, draft: Draft) -> None:
        """Show ``draft`` without reporting it as a change."""
        self._loading = True
        try:
            self._base = draft
            for key, box in self.network_boxes.items():
                box.setChecked(key in draft.networks)
            self._set_choice(self.purpose, draft.purpose)
            self._set_choice(self.audience, draft.audience)
            self._remove_versions()
            self.editors[SHARED].setPlainText(draft.text)
            for key in NETWORKS:
                if key in draft.network_texts:
                    self._add_editor(key, network(key).name).setPlainText(draft.network_texts[key])
            self._show_version_tabs()
            self.tabs.setCurrentIndex(0)
            self.show_author(draft)
        finally:
            self._loading = False

    def show_author(self, draft: Draft) -> None:
        """Who wrote and last edited ``draft``, and who approved it while the approval holds."""
        if draft.created_by == draft.updated_by or not draft.updated_by:
            text = _("Written by {author}").format(author=draft.created_by)
        else:
            text = _("Written by {author} · last edited by {editor}").format(
                author=draft.created_by, editor=draft.updated_by)
        if draft.approved:  # editing the text since voids it (core compares the content)
            text += " · " + _("Approved by {name}").format(name=draft.approved_by)
        if self.author.text() != text:
            self.author.setText(text)

    def draft(self) -> Draft:
        """The draft as the author sees it now."""
        texts = {key: edit.toPlainText() for key, edit in self.editors.items() if key != SHARED}
        return replace(
            self._base.with_networks({k for k, box in self.network_boxes.items() if box.isChecked()}),
            text=self.editors[SHARED].toPlainText(),
            network_texts=texts,
            purpose=self.purpose.currentData(),
            audience=self.audience.currentData(),
        )

    def set_base(self, draft: Draft) -> None:
        """Take the stored fields (author, times) of a saved draft without touching the text."""
        self._base = draft
        self.show_author(draft)

    @staticmethod
    def _set_choice(box: QComboBox, key: str | None) -> None:
        """Select ``key``; one the picker does not know (an audience the library dropped) is kept."""
        index = box.findData(key) if key else 0
        if index < 0:
            box.addItem(key, key)
            box.setItemData(box.count() - 1, True, OWN_ROLE)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def set_own_audiences(self, names: tuple[str, ...] | list[str]) -> None:
        """The library's own audiences, after the standard ones (the chosen one stays chosen)."""
        box = self.audience
        chosen = box.currentData()
        was_loading, self._loading = self._loading, True
        try:
            for index in reversed(range(box.count())):
                if box.itemData(index, OWN_ROLE):
                    box.removeItem(index)
            names = [n for n in dict.fromkeys(names) if n and n not in AUDIENCES]
            if names:
                box.insertSeparator(box.count())
                box.setItemData(box.count() - 1, True, OWN_ROLE)
            for name in names:
                box.addItem(name, name)
                box.setItemData(box.count() - 1, True, OWN_ROLE)
            self._set_choice(box, chosen)
        finally:
            self._loading = was_loading

    # --- per-network versions --------------------------------------------------

    def current_key(self) -> str:
        return self.tabs.tabData(self.tabs.currentIndex()) or SHARED

    def current_edit(self) -> QPlainTextEdit:
        return self.editors[self.current_key()]

    def show_tab(self, key: str) -> QPlainTextEdit:
        """Show the editor of ``key`` (the shared text if it has no own version) and return it."""
        if key not in self.editors or not self.tabs.isTabVisible(self._tab_of(key)):
            key = SHARED
        self.tabs.setCurrentIndex(self._tab_of(key))
        return self.editors[key]

    def select(self, key: str, start: int, end: int) -> None:
        """Show ``key``'s text with ``start``–``end`` (editor positions) selected, and give it the focus."""
        edit = self.show_tab(key)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if edit is not self.editors.get(key):
            return  # that version is hidden (its network is not chosen): the positions are not about this text
        last = max(edit.document().characterCount() - 1, 0)
        cursor = edit.textCursor()
        cursor.setPosition(min(max(start, 0), last))
        cursor.setPosition(min(max(end, 0), last), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        edit.ensureCursorVisible()

    def text_size(self) -> int:
        """Roughly how much text the draft holds (cheap: no text is copied)."""
        return sum(edit.document().characterCount() for edit in self.editors.values())

    def show_marks(self, marks: dict[str, tuple[Mark, ...]]) -> None:
        """Mark each editor's text; editors without marks are cleared."""
        from composer.ui.editor.marks import show_marks  # first needed once the window shows

        for key, edit in self.editors.items():
            wanted = marks.get(key, ())
            if wanted or edit.extraSelections():
                show_marks(edit, wanted)

    def repair_lone_surrogates(self, draft: Draft) -> bool:
        """Replace broken UTF-16 (a lone surrogate from a paste) in the editors by U+FFFD; True if any.

        Qt keeps such a character, Python never sees it: positions would no longer
        match and the saved text would silently lose it. ``draft`` is the editors'
        text as read last, to see cheaply whether anything is wrong at all.
        """
        repaired = False
        for key, edit in self.editors.items():
            text = draft.text if key == SHARED else draft.network_texts.get(key, "")
            if edit.document().characterCount() - 1 != utf16_length(text):
                repaired |= replace_lone_surrogates(edit.document())
        return repaired

    def add_version(self, key: str, text: str | None = None) -> None:
        """Give ``key`` its own version, starting from ``text`` or the shared text."""
        if key not in self.editors:
            start = self.editors[SHARED].toPlainText() if text is None else text
            self._add_editor(key, network(key).name).setPlainText(start)
        self._show_version_tabs()
        self.tabs.setCurrentIndex(self._tab_of(key))
        self._emit_changed()

    def remove_version(self, key: str) -> None:
        """Let ``key`` use the shared text again (the old text is reported for undo)."""
        edit = self.editors.pop(key, None)
        if edit is None:
            return
        old = edit.toPlainText()
        self.tabs.removeTab(self._tab_of(key))
        self.stack.removeWidget(edit)
        edit.deleteLater()
        self._emit_changed()
        self.version_removed.emit(key, old)

    def _remove_versions(self) -> None:
        for key in [k for k in self.editors if k != SHARED]:
            edit = self.editors.pop(key)
            self.tabs.removeTab(self._tab_of(key))
            self.stack.removeWidget(edit)
            edit.deleteLater()

    def _tab_of(self, key: str) -> int:
        for i in range(self.tabs.count()):
            if (self.tabs.tabData(i) or SHARED) == key:
                return i
        return -1

    def _show_version_tabs(self) -> None:
        """Version tabs show only for chosen networks; the others keep their text, hidden."""
        chosen = self.chosen()
        for key in self.editors:
            if key != SHARED:
                self.tabs.setTabVisible(self._tab_of(key), key in chosen)
        if not self.tabs.isTabVisible(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(0)
        self.own_version.setEnabled(any(k not in self.editors for k in chosen))

    def _fill_version_menu(self) -> None:
        menu = self.own_version.menu()
        menu.clear()
        for key in self.chosen():
            if key not in self.editors:
                menu.addAction(network(key).name, lambda k=key: self.add_version(k))

    def chosen(self) -> list[str]:
        return [k for k in NETWORKS if self.network_boxes[k].isChecked()]

    # --- counters --------------------------------------------------------------

    @staticmethod
    def _counter(key: str) -> QLabel:
        label = QLabel()
        label.setContentsMargins(0, 0, 10, 0)
        label.setObjectName(f"counter-{key}")
        label.setVisible(False)
        return label

    def show_counts(self, counts: dict[str, Count], added: dict[str, str] | None = None,
                    additions: str = "") -> None:
        """One label per chosen network: count / limit of the text it gets, orange near the limit, red past it.

        ``counts`` measure the final text (what export adds included); ``added``
        says per network what that is, ``additions`` all of it in one line,
        shown quietly under the counters so the author knows where the numbers
        come from (see :func:`composer.core.drafts.final_text.additions_line`).
        """
        added = added or {}
        for key, label in self.counters.items():
            measured = counts.get(key)
            label.setVisible(measured is not None)
            if measured is None:
                continue
            state = "over" if measured.over else "near" if measured.near else "ok"
            length, limit = number(measured.length), number(measured.limit)
            text = f"{network(key).name} {length}/{limit}"
            if label.text() != text:
                label.setText(text)
            if label.property("state") != state:
                colour = {"over": COUNTER_OVER, "near": COUNTER_NEAR, "ok": COUNTER_NORMAL}[state]
                colour_text(label, colour, bold=state == "over")
                label.setProperty("state", state)
            if key in added:
                tip = _("{network} counts the text it gets, with {added}, as {length} of at most {limit}.").format(
                    network=network(key).name, added=added[key], length=length, limit=limit)
            else:
                tip = _("{network} counts this text as {length} of at most {limit}.").format(
                    network=network(key).name, length=length, limit=limit)
            label.setToolTip(tip)
        self.show_additions(additions)

    def show_additions(self, additions: str) -> None:
        """The quiet line under the counters: what export adds ("" hides it)."""
        text = _("Export adds: {added}").format(added=additions) if additions else ""
        if self.additions.text() != text:
            self.additions.setText(text)
            self.additions.setToolTip(_("The house style's sign-off and required hashtags: export and copy add "
                                        "them, so you do not need to type them.") if text else "")
        self.additions.setVisible(bool(text))

    # --- change reporting --------------------------------------------------------

    def _on_networks_toggled(self, _checked: bool) -> None:
        if not self._loading:
            self._show_version_tabs()
        self._emit_changed()

    def _on_tab_changed(self, index: int) -> None:
        key = self.tabs.tabData(index) or SHARED
        if key in self.editors:
            self.stack.setCurrentWidget(self.editors[key])

    def _on_tab_close(self, index: int) -> None:
        key = self.tabs.tabData(index) or SHARED
        if key != SHARED:
            self.remove_version(key)

    def _emit_changed(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()
