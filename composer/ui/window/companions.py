"""The windows and dialogs the main window opens beside itself, never modal, and the export hand-over.

View → Preview…, Consent → Consent register… and Print consent form…, File →
Mark as published…, and the copy and export actions (export_ui.py). Each is
imported on first use: none is needed for the window's first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.checklist import CheckContext
    from composer.core.storage.store import Store
    from composer.ui.editor.editor import PostEditor
    from composer.ui.export.export_ui import ExportUi
    from composer.ui.photos.photos_panel import PhotosPanel
    from composer.ui.window.draft_switching import DraftSwitcher


class Companions(QObject):
    """Opens the preview, the consent register, the printable form and the publication log's dialog over ``window``.

    ``context()`` is what the checks know beyond the draft (its house style is
    shown and printed); ``photos_changed()`` reads the draft's photos, their
    people's consent and the publication log again and re-checks the draft.
    """

    def __init__(self, window: QMainWindow, store: Store, switcher: DraftSwitcher, editor: PostEditor,
                 photos: PhotosPanel, author: Callable[[], str], context: Callable[[], CheckContext],
                 photos_changed: Callable[[], None]):
        super().__init__(window)
        self.window, self.store, self.switcher, self.editor, self.photos = window, store, switcher, editor, photos
        self._author, self._context, self._photos_changed = author, context, photos_changed
        self.publish_dialog = None
        self._export_ui: ExportUi | None = None

    def _open_draft(self):
        return self.editor.draft() if self.switcher.current is not None else None

    @property
    def export_ui(self) -> ExportUi:
        """The export hand-over (export_ui.py): copy text or photo per network, and Export….

        Built on first use, or just after the window's first paint (see Session), so
        its dialogs' Qt types are not made before the window shows. It sees the window
        only through the :class:`~composer.ui.export.export_ui.Host` given here; its
        actions go in the File menu, before ``window.export_anchor`` (see menus.py).
        """
        if self._export_ui is None:
            from composer.ui.export.export_ui import STATUS_MS, ExportUi, Host

            window = self.window
            host = Host(store=self.store, draft=self._open_draft, save=self.switcher.save_now,
                        tab=self.editor.current_key, house_style=lambda: self._context().house_style,
                        author=self._author, selected_photo=lambda: self.photos.view().current_photo())
            self._export_ui = ui = ExportUi(window, host)
            ui.message.connect(lambda text: window.statusBar().showMessage(text, STATUS_MS))
            menu, anchor = window.file_menu, window.export_anchor
            menu.insertMenu(anchor, ui.copy_text_menu)
            menu.insertAction(anchor, ui.copy_current_action)
            menu.insertMenu(anchor, ui.copy_photo_menu)
            menu.insertAction(anchor, ui.export_action)
        return self._export_ui

    @property
    def exporting(self) -> bool:
        """Whether an export started here is still running."""
        return self._export_ui is not None and self._export_ui.busy

    def open_preview(self):
        """View → Preview…: the post as each chosen network shows it, beside the window (see preview.py)."""
        from composer.ui.export.preview import PreviewWindow

        window = self.window.findChild(PreviewWindow, "preview")
        if window is None:
            window = PreviewWindow(self.store, self._open_draft, lambda: self._context().house_style, self.window)
            self.editor.changed.connect(window.schedule_refresh)
            self.photos.changed.connect(window.schedule_refresh)
        window.show()
        window.raise_()
        window.activateWindow()
        window.refresh()
        return window

    def open_register(self, person_id: int | None = None):
        """Consent → Consent register…: one window beside the main one; shows ``person_id`` if given."""
        from composer.ui.consent.register_window import RegisterWindow

        window = self.window.findChild(RegisterWindow, "consent-register")
        if window is None:
            window = RegisterWindow(self.store, self._author, lambda: self._context().house_style, self.window)
            window.changed.connect(self._register_changed)
        if person_id:
            window.select_person(person_id)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _register_changed(self) -> None:
        """A withdrawal flags the open draft, an erasure takes photos out of it: show both at once."""
        self.photos.reload()
        self._photos_changed()

    def print_consent_form(self):
        """Consent → Print consent form…: a language and a file, with the house style's name and contact."""
        from composer.ui.consent.print_form import PrintFormDialog

        dialog = PrintFormDialog(self._context().house_style, self.window)
        dialog.written.connect(lambda path: self.window.statusBar().showMessage(
            _("The consent form was written to {path}.").format(path=path), 8000))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.show()
        return dialog

    def mark_published(self):
        """File → Mark as published…: a small dialog beside the window (network, date, link)."""
        from composer.ui.export.publish_dialog import PublishDialog

        current = self.switcher.current
        if current is None or not self.switcher.save_now():
            return None
        current = self.switcher.current
        if self.publish_dialog is not None and self.publish_dialog.draft_id != current.id:
            self.publish_dialog.close()  # it was for another draft
        if self.publish_dialog is None:
            dialog = PublishDialog(self.store, current.id, self.editor.draft().networks, self._author, self.window)
            dialog.changed.connect(self._on_published)
            dialog.finished.connect(lambda _result: self._forget_publish_dialog(dialog))
            self.publish_dialog = dialog
        self.publish_dialog.show()
        self.publish_dialog.raise_()
        self.publish_dialog.activateWindow()
        return self.publish_dialog

    def _forget_publish_dialog(self, dialog) -> None:
        if self.publish_dialog is dialog:
            self.publish_dialog = None
        dialog.deleteLater()

    def _on_published(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)
        self._photos_changed()  # reads the log again: the cadence check counts the new post
