"""The window's menus and their actions: File, Edit, Insert, View, Consent, Plan, Settings, Help.

:func:`build_menus` makes each action as an attribute of the window
(``window.new_action``, ``window.approve_action``, …) wired to the window's
method of the same job, and leaves a place in the File menu
(``window.file_menu``, before ``window.export_anchor``) that the export
hand-over fills once it is built (see ``MainWindow.export_ui``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from composer.core.i18n import _
from composer.ui.planning.menu import build_plan_menu
from composer.ui.window.accessible_window import close_own_version
from composer.ui.writing.menu import WritingMenus, add_writing_actions, build_insert_menu

if TYPE_CHECKING:
    from composer.ui.window.main_window import MainWindow


def action(window: MainWindow, text: str, slot: Callable[..., object],
           key: QKeySequence | str | None = None) -> QAction:
    """An action of ``window`` that calls ``slot``, with a shortcut when ``key`` is given."""
    made = QAction(text, window)
    if key is not None:
        made.setShortcut(QKeySequence(key))
    made.triggered.connect(slot)
    return made


def build_menus(window: MainWindow) -> None:
    """Give ``window`` its actions and its menu bar."""
    _draft_actions(window)
    _file_menu(window)
    _edit_menu(window)
    insert = build_insert_menu(window)
    _view_and_consent_menus(window)
    add_writing_actions(window, WritingMenus(window.file_menu, window.edit_menu, insert, window.view_menu))
    build_plan_menu(window)
    settings = window.menuBar().addMenu(_("&Settings"))
    settings.addAction(window.name_action)
    settings.addAction(window.house_style_action)
    window.team_action = action(window, _("&Team library…"), window.open_team_dialog)
    settings.addAction(window.team_action)
    _language_menu(window, settings.addMenu(_("&Language")))
    help_menu = window.menuBar().addMenu(_("&Help"))
    help_menu.addAction(action(window, _("&About Post Composer"), window.show_about))


def _draft_actions(window: MainWindow) -> None:
    window.new_action = action(window, _("&New draft"), lambda: window.new_draft(), QKeySequence.StandardKey.New)
    window.duplicate_action = action(window, _("&Duplicate draft"), window.duplicate_draft, "Ctrl+D")
    window.trash_action = action(window, _("Move to &trash"), window.trash_draft)
    window.drafts.add_list_action(window.trash_action, QKeySequence(QKeySequence.StandardKey.Delete))
    window.restore_action = action(window, _("&Restore from trash"), lambda: window.restore_draft())
    window.save_action = action(window, _("&Save now"), window.save_now, QKeySequence.StandardKey.Save)
    window.quit_action = action(window, _("&Quit"), window.close, QKeySequence.StandardKey.Quit)
    window.find_action = action(window, _("&Find drafts"), window.focus_search, QKeySequence.StandardKey.Find)
    window.trash_view_action = QAction(_("Show &trash"), window)
    window.trash_view_action.setCheckable(True)
    window.trash_view_action.toggled.connect(window.drafts.show_trash.setChecked)
    window.name_action = action(window, _("Your &name…"), window.ask_name)
    window.house_style_action = action(window, _("&House style…"), window.edit_house_style)
    window.approve_action = action(window, _("&Approve…"), window.approve)
    window.approve_action.setToolTip(_("Record that a colleague of the communications service approved "
                                       "this draft as it is now."))
    approve_button = window.checklist.approve_button
    approve_button.setText(window.approve_action.text().replace("&", ""))
    approve_button.setToolTip(window.approve_action.toolTip())
    approve_button.clicked.connect(window.approve)


def _file_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu(_("&File"))
    for each in (window.new_action, window.duplicate_action, window.trash_action, window.restore_action):
        menu.addAction(each)
    menu.addSeparator()
    menu.addAction(window.approve_action)
    window.publish_action = action(window, _("&Mark as published…"), window.mark_published)
    window.publish_action.setToolTip(_("Record on which network and when this draft was posted: the cadence "
                                       "check and consent takedowns rely on it."))
    menu.addAction(window.publish_action)
    menu.addSeparator()
    window.file_menu, window.export_anchor = menu, menu.addSeparator()  # filled by export_ui
    menu.addSeparator()
    menu.addAction(window.save_action)
    menu.addSeparator()
    menu.addAction(window.quit_action)


def _edit_menu(window: MainWindow) -> None:
    edit = window.edit_menu = window.menuBar().addMenu(_("&Edit"))
    window.undo_action = action(window, _("&Undo typing"), lambda: window.editor.current_edit().undo(),
                                QKeySequence.StandardKey.Undo)
    window.redo_action = action(window, _("&Redo typing"), lambda: window.editor.current_edit().redo(),
                                QKeySequence.StandardKey.Redo)
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    edit.addAction(window.find_action)
    edit.addSeparator()
    edit.addAction(_close_version_action(window))


def _close_version_action(window: MainWindow) -> QAction:
    """Ctrl+W: close the current network's own version, as its tab's close button does (which Tab never reaches).

    Enabled while a network's own version is the current tab.
    """
    editor = window.editor
    made = window.close_version_action = action(window, _("&Close this network's own version"),
                                                lambda: close_own_version(editor), "Ctrl+W")
    made.setToolTip(_("The network goes back to the shared text; Undo in the status bar brings its version back."))

    def enable(_index: int = 0) -> None:
        made.setEnabled(bool(editor.current_key()))

    editor.tabs.currentChanged.connect(enable)
    enable()
    return made


def _view_and_consent_menus(window: MainWindow) -> None:
    view = window.view_menu = window.menuBar().addMenu(_("&View"))
    view.addAction(window.trash_view_action)
    window.preview_action = action(window, _("&Preview…"), window.open_preview, "Ctrl+P")
    view.addAction(window.preview_action)
    window.register_action = action(window, _("Consent &register…"), window.open_register, "Ctrl+Shift+R")
    window.print_form_action = action(window, _("&Print consent form…"), window.print_consent_form)
    consent_menu = window.menuBar().addMenu(_("&Consent"))
    consent_menu.addAction(window.register_action)
    consent_menu.addAction(window.print_form_action)


def _language_menu(window: MainWindow, menu: QMenu) -> None:
    """As the system, Nederlands, English: the choice is the window's ``language_requested``."""
    group = QActionGroup(window)
    chosen = window.own.setting("language") or ""
    for code, text in (("", _("As the system")), ("nl", "Nederlands"), ("en", "English")):
        choice = menu.addAction(text)
        choice.setCheckable(True)
        choice.setChecked(code == chosen)
        choice.setData(code)
        group.addAction(choice)
    group.triggered.connect(lambda chosen_action: window.language_requested.emit(chosen_action.data()))
