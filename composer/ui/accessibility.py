"""What a screen reader hears and where Tab goes, for every window: names, labels tied to fields, the Tab order,
status in words, announcements.

Qt already names a button or a check box by its text and a field by the label
whose buddy it is (``QFormLayout.addRow("Name:", field)`` sets the buddy);
what it cannot guess (a list, a text box without a label, a button that shows
only a symbol) is named here. Status is never told by colour alone: a check, a
counter, a state get a word too (:func:`check_words`, :func:`counter_words`).
Tab follows the screen as the eye reads it, layout by layout
(:func:`follow_the_eye`), not the order in which the widgets happened to be made.

:func:`announce` is called through this module (``accessibility.announce(...)``)
so that a test can replace it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QLineEdit, QToolButton, QWidget

from composer.core.checklist import Check, Status
from composer.core.i18n import _, ngettext

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

# Kinds of widget are told apart by Qt's class names (QObject.inherits): no Python class of Qt's is made for a
# kind the window does not use (each costs milliseconds at start-up).

W = TypeVar("W", bound=QWidget)


def name(widget: W, text: str, description: str = "") -> W:
    """Give ``widget`` an accessible name (and a description, read after it); returns it, for chaining."""
    if widget.accessibleName() != text:
        widget.setAccessibleName(text)
    if description and widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)
    return widget


def plain(label_text: str) -> str:
    """A label's text as a name: without the ``&`` of its shortcut and the colon after it ("&Date:" → "Date")."""
    text = label_text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return text[:-1].rstrip() if text.endswith(":") else text


def label_for(label: QLabel, field: W, description: str = "") -> W:
    """Tie ``label`` to ``field``: its shortcut (Alt+letter) moves there and it names the field."""
    label.setBuddy(field)
    return name(field, plain(label.text()), description)


def name_search(field: QLineEdit, text: str, description: str = "") -> QLineEdit:
    """A search box: its name, and the clear button Qt adds to it (a picture only) named too."""
    name(field, text, description or field.placeholderText())
    for button in field.findChildren(QToolButton):
        name(button, _("Clear the search"))
    return field


def set_tab_order(widgets: list[QWidget]) -> None:
    """Tab goes from each of ``widgets`` to the next."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


# --- the order Tab follows -------------------------------------------------------------------------


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab stops at ``widget`` itself (one that hands its focus to another does not)."""
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets of ``layout`` and its sub-layouts in the order the eye reads them (a grid row by row)."""
    indices = list(range(layout.count()))
    if isinstance(layout, QGridLayout):
        indices.sort(key=lambda i: tuple(layout.getItemPosition(i)[:2]))  # type: ignore[index]
    found: list[QWidget] = []
    for i in indices:
        item = layout.itemAt(i)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            found.append(widget)
        elif isinstance(inner, QLayout):  # PySide may answer layout() with another kind of item
            found += _layout_widgets(inner)
    return found


def _laid_out(widget: QWidget) -> list[QWidget | None]:
    """The child widgets ``widget`` shows in an order of its own (a splitter's, a layout's, ...)."""
    if widget.inherits("QSplitter") or widget.inherits("QStackedWidget"):
        return [widget.widget(i) for i in range(widget.count())]  # type: ignore[attr-defined]
    if widget.inherits("QScrollArea"):
        return [widget.widget()]  # type: ignore[attr-defined]
    if widget.inherits("QTabWidget"):
        pages = [widget.widget(i) for i in range(widget.count())]  # type: ignore[attr-defined]
        return [widget.tabBar(), *pages]  # type: ignore[attr-defined]
    if widget.inherits("QMainWindow"):  # its own layout is not Python's to read
        return [widget.centralWidget(), widget.statusBar()]  # type: ignore[attr-defined]
    layout = widget.layout()
    return list(_layout_widgets(layout)) if isinstance(layout, QLayout) else []


#: Widgets whose insides are their own (a combo box's text field, a date's, a tab's close button).
WHOLE = ("QComboBox", "QAbstractSpinBox", "QLineEdit", "QTabBar")


def _parts(widget: QWidget) -> list[QWidget]:
    """The child widgets of ``widget`` in reading order: as laid out, then those outside any layout."""
    if any(widget.inherits(kind) for kind in WHOLE):
        return []
    ordered = [child for child in _laid_out(widget) if child is not None]
    rest = [child for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if child not in ordered]
    return [child for child in ordered + rest if not child.isWindow()]


def reading_order(root: QWidget) -> list[QWidget]:
    """Every widget under ``root`` that Tab stops at, as the eye reads the screen: each layout top to bottom and
    left to right, a splitter's parts in turn, what a scroll area holds where it stands."""
    found: list[QWidget] = []
    seen: set[int] = set()
    kept: list[QWidget] = []  # every widget met stays referenced, so no id is reused during the walk

    def walk(widget: QWidget) -> None:
        if id(widget) in seen:
            return
        seen.add(id(widget))
        kept.append(widget)
        if widget is not root and takes_tab(widget):
            found.append(widget)
        for part in _parts(widget):
            walk(part)

    walk(root)
    return found


def tab_stops(window: QWidget, start: QWidget | None = None) -> list[QWidget]:
    """The widgets Tab reaches in ``window``, once round, from ``start`` (default: the first) on.

    Read from Qt's focus chain: what the keyboard really does (tests and looking use it).
    """
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget is not None and len(chain) < 10_000:
        if takes_tab(widget):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    if start is None or start not in chain:
        return chain
    at = chain.index(start)
    return chain[at:] + chain[:at]


def follow_the_eye(root: QWidget, focus_first: bool = True) -> None:
    """Set the Tab order of ``root`` (a dialog, a window) to :func:`reading_order`; call again when parts come.

    With ``focus_first``, a window that has not chosen where its focus starts starts it at the first stop
    (Qt would start after wherever the window itself stands in the chain).
    """
    order = reading_order(root)
    set_tab_order(order)
    if focus_first and order and root.focusWidget() is None:
        order[0].setFocus()


# --- status in words -------------------------------------------------------------------------------


def check_words(check: Check) -> str:
    """What a check's coloured bullet says, in words: "Blocks export", "To answer", "Warning", "Fine"."""
    if check.blocks_export:
        return _("Blocks export")
    return {Status.TODO: _("To answer"), Status.WARN: _("Warning"), Status.PASS: _("Fine"),
            Status.FAIL: _("Problem")}.get(check.status, "")


def check_sentence(check: Check) -> str:
    """A check as a screen reader reads it: its status in words, then its sentence."""
    words = check_words(check)
    return f"{words}: {check.message}" if words else check.message


def blocking_summary(count: int) -> str:
    """What is announced when the checks that block export change: "2 checks block export"."""
    if count == 0:
        return _("Nothing blocks export")
    return ngettext("{n} check blocks export", "{n} checks block export", count).format(n=count)


def counter_words(state: str) -> str:
    """What a counter's orange or red says, in words ("" when the count is fine)."""
    return {"near": _("near the limit"), "over": _("too long")}.get(state, "")


SEPARATOR = " · "


def say_counter_state(label: QLabel) -> None:
    """Add to a counter's text what its colour says (its ``state`` property: ok, near, over), once.

    The counter's own text ("X 290/280") is kept as its first part, so setting
    it again (the editor does when the count changes) and calling this again
    gives the same text.
    """
    words = counter_words(str(label.property("state") or ""))
    base = label.text().split(SEPARATOR)[0]
    wanted = f"{base}{SEPARATOR}{words}" if words else base
    if label.text() != wanted:
        label.setText(wanted)


# --- announcements ---------------------------------------------------------------------------------


def announcements_supported() -> bool:
    """Whether this Qt can ask a screen reader to say something (``QAccessibleAnnouncementEvent``, Qt ≥ 6.8)."""
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent  # noqa: F401
    except ImportError:
        return False
    return True


def announce(source: QObject, text: str) -> None:
    """Ask the screen reader, if one listens, to say ``text`` politely (after what it is saying).

    Nothing happens without a screen reader or on a Qt older than 6.8.
    """
    from PySide6.QtGui import QAccessible  # on first use: a class with many enums, slow to make at start-up

    if not text or not QAccessible.isActive() or not announcements_supported():
        return
    from PySide6.QtGui import QAccessibleAnnouncementEvent

    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
