"""Insert → Snippet ▸ and Insert → Hashtag group ▸ (each by name), and a quick chooser (Ctrl+Shift+I).

The snippets and groups are the house style's, so the menus are filled each time they open. A group adds
only the tags the text lacks and, before it goes in, says when a chosen network would get more hashtags
than it takes (core decides: :func:`composer.core.writing.snippets.group_insertion`); the author may
insert it all the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from composer.core.i18n import N_, _
from composer.core.writing.snippets import GROUP, Insertable, group_insertion, spaced
from composer.ui.window.menus import action
from composer.ui.window.status_undo import UNDO_NOTICE_MS
from composer.ui.writing.inserting import around_cursor, confirm, put, writable_edit

if TYPE_CHECKING:
    from composer.core.house_style import HouseStyle
    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.menu import WritingMenus
    from composer.ui.writing.snippet_chooser import SnippetChooser

SHORTCUT = "Ctrl+Shift+I"
HOW_TO_ADD = N_("Settings → House style…, Snippets tab")


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """The two submenus and the quick chooser, in the Insert menu."""
    window.snippet_menu = menus.insert.addMenu(_("&Snippet"))
    window.snippet_menu.aboutToShow.connect(lambda: fill_snippet_menu(window))
    window.group_menu = menus.insert.addMenu(_("&Hashtag group"))
    window.group_menu.aboutToShow.connect(lambda: fill_group_menu(window))
    for menu in (window.snippet_menu, window.group_menu):
        menu.setToolTipsVisible(True)
    window.quick_insert_action = action(window, _("Snippet or hashtag &group…"), lambda: open_chooser(window),
                                        SHORTCUT)
    window.quick_insert_action.setToolTip(_("Find a snippet or hashtag group of the house style by typing, "
                                            "and insert it at the cursor."))
    menus.insert.addAction(window.quick_insert_action)
    window.snippet_chooser = None
    window.group_warning = None


def style_of(window: MainWindow) -> HouseStyle:
    return window.context.house_style


def fill_snippet_menu(window: MainWindow) -> QMenu:
    """One entry per snippet of the house style (its text as tooltip); none yet: how to add one."""
    menu: QMenu = window.snippet_menu
    menu.clear()
    for name, text in style_of(window).snippets.items():
        entry = menu.addAction(name.replace("&", "&&"), lambda n=name: insert_snippet(window, n))
        entry.setToolTip(text)
    if menu.isEmpty():
        menu.addAction(_("No snippets yet: add them in {where}").format(where=_(HOW_TO_ADD))).setEnabled(False)
    return menu


def fill_group_menu(window: MainWindow) -> QMenu:
    """One entry per hashtag group of the house style (its tags as tooltip); none yet: how to add one."""
    menu: QMenu = window.group_menu
    menu.clear()
    for name, tags in style_of(window).hashtag_groups.items():
        entry = menu.addAction(name.replace("&", "&&"), lambda n=name: insert_group(window, n))
        entry.setToolTip(" ".join(tags))
    if menu.isEmpty():
        menu.addAction(_("No hashtag groups yet: add them in {where}").format(where=_(HOW_TO_ADD))
                       ).setEnabled(False)
    return menu


def open_chooser(window: MainWindow) -> SnippetChooser | None:
    """The quick chooser at the text cursor (made once, then a new search each time)."""
    from composer.ui.writing.snippet_chooser import SnippetChooser

    edit = writable_edit(window)
    if edit is None:
        return None
    chooser = window.snippet_chooser
    if chooser is None:
        chooser = window.snippet_chooser = SnippetChooser(window, lambda: style_of(window))
        chooser.chosen.connect(lambda item: insert_item(window, item))
    else:
        chooser.start()
    chooser.popup_at(edit.viewport().mapToGlobal(edit.cursorRect().bottomLeft()))
    return chooser


def insert_item(window: MainWindow, item: Insertable) -> None:
    if item.kind == GROUP:
        insert_group(window, item.name)
    else:
        insert_snippet(window, item.name)


def insert_snippet(window: MainWindow, name: str) -> None:
    """The snippet ``name`` at the cursor, kept apart from the words around it by a space."""
    text = style_of(window).snippets.get(name)
    edit = writable_edit(window)
    if edit is None or text is None:
        return
    before, after, cursor = around_cursor(edit)
    put(edit, cursor, spaced(before, text, after))


def insert_group(window: MainWindow, name: str):
    """The tags of group ``name`` the text lacks, at the cursor; first a question when a network would get
    too many (returned: the question, else ``None``)."""
    tags = style_of(window).hashtag_groups.get(name)
    edit = writable_edit(window)
    if edit is None or tags is None:
        return None
    before, after, cursor = around_cursor(edit)
    plan = group_insertion(tags, window.editor.draft(), window.editor.current_key(), before, after,
                           style_of(window))

    def go() -> None:
        if plan.text:
            put(edit, cursor, plan.text)
        window.statusBar().showMessage(plan.note, UNDO_NOTICE_MS)

    if not plan.over:
        go()
        return None
    window.group_warning = confirm(window, _("More hashtags than a network takes"),
                                   plan.warning + "\n\n" + _("Insert {tags} all the same?").format(
                                       tags=" ".join(plan.added)), _("Insert anyway"), go)
    window.group_warning.finished.connect(lambda _result: setattr(window, "group_warning", None))
    return window.group_warning
