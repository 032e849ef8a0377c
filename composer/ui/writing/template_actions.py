"""File → New from template ▸ and File → Save as template…: shared starts for a draft, in the house style.

A new draft from a template is made as *New draft* makes one (the window's
:class:`~composer.ui.window.draft_switching.DraftSwitcher`), with the template's text, networks, purpose
and audience. *Save as template…* asks a name, asks before it replaces a template of that name, and
saves the house style as Settings → House style… does; on the team library only an approver may change
the house style (the database refuses anyone else), so a writer is told so before any question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMenu

from composer.core.house_style import HouseStyleError
from composer.core.i18n import _
from composer.core.writing.templates import draft_fields, find_template, template_from_draft, with_template
from composer.ui.window.menus import action
from composer.ui.window.status_undo import UNDO_NOTICE_MS
from composer.ui.writing.inserting import confirm, tell

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.menu import WritingMenus


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """New from template ▸ after New draft, Save as template… after Duplicate draft."""
    menu = window.template_menu = QMenu(_("New from tem&plate"), window)
    menu.setToolTipsVisible(True)
    menu.aboutToShow.connect(lambda: fill_template_menu(window))
    menus.file.insertMenu(window.duplicate_action, menu)
    window.save_template_action = action(window, _("Save as temp&late…"), lambda: save_as_template(window))
    window.save_template_action.setToolTip(_("Keep this draft's text, networks, purpose and audience as a "
                                             "template in the house style, for every colleague."))
    menus.file.insertAction(window.trash_action, window.save_template_action)
    window.template_question = None


def fill_template_menu(window: MainWindow) -> QMenu:
    """One entry per template of the house style; none yet: how to make one."""
    menu: QMenu = window.template_menu
    menu.clear()
    for template in window.context.house_style.templates:
        entry = menu.addAction(template.name.replace("&", "&&"), lambda n=template.name: new_from_template(window, n))
        entry.setToolTip(template.text)
    if menu.isEmpty():
        menu.addAction(_("No templates yet: open a draft and choose File → Save as template…")).setEnabled(False)
    return menu


def new_from_template(window: MainWindow, name: str) -> None:
    """A new draft with the template's text, networks, purpose and audience, its text box at the end."""
    template = find_template(window.context.house_style, name)
    if template is None:
        window.statusBar().showMessage(_("The template “{name}” is no longer in the house style.").format(
            name=name), UNDO_NOTICE_MS)
        return
    window.switcher.new_draft(**draft_fields(template))
    edit = window.editor.editors[""]
    edit.moveCursor(edit.textCursor().MoveOperation.End)


def save_as_template(window: MainWindow) -> QInputDialog | QMessageBox | None:
    """Ask a name for the open draft as a template (a writer on the team library is told who may)."""
    if window.current is None or window.current.deleted_at is not None:
        return None
    access = window.store.access
    if access.team and not access.may("house_style"):
        window.template_question = tell(window, _("Save as template"), _(
            "Templates are part of the team's house style, and only a colleague with the approver role may "
            "change it. Ask your communications service to save this draft as a template."))
        return window.template_question
    dialog = QInputDialog(window)
    dialog.setObjectName("template-name-dialog")
    dialog.setWindowTitle(_("Save as template"))
    dialog.setLabelText(_("Name of the template (e.g. “Event” or “New acquisition”):"))
    dialog.accepted.connect(lambda: keep_template(window, dialog.textValue()))
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    window.template_question = dialog
    return dialog


def keep_template(window: MainWindow, name: str) -> QMessageBox | None:
    """The open draft as template ``name`` in the house style; a template of that name is replaced only once
    the author says so (returned: that question, else ``None``)."""
    try:
        template = template_from_draft(name, window.editor.draft())
        style = with_template(window.context.house_style, template)
    except HouseStyleError as error:
        window.statusBar().showMessage(_("The template was not saved: {reason}").format(reason=error),
                                       UNDO_NOTICE_MS)
        return None
    same = find_template(window.context.house_style, template.name)
    if same is None:
        store_style(window, style, template.name)
        return None
    window.template_question = confirm(
        window, _("Replace the template?"),
        _("The house style has a template “{name}” already. Replace it with this draft?").format(name=same.name),
        _("Replace"), lambda: store_style(window, style, template.name))
    return window.template_question


def store_style(window: MainWindow, style, name: str) -> None:
    window.set_house_style(style)
    if not window.store_failed:
        window.statusBar().showMessage(_("Saved as the template “{name}”: File → New from template offers it to "
                                         "every colleague.").format(name=name), UNDO_NOTICE_MS)
