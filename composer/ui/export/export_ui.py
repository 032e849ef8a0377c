"""The export hand-over in the window: the final text or a photo on the clipboard, and File → Export….

* **Copy text for ▸ network** (and Ctrl+Shift+C for the network of the current
  tab; the shared tab means the first chosen network) puts exactly
  :func:`~composer.core.export.folder.final_text` on the clipboard as plain text.
* **Copy photo for ▸ network** puts the selected photo's rendition (cropped,
  sized, without metadata) on the clipboard as an image.
* **Export…** (Ctrl+E) first asks core whether anything blocks the export
  (:func:`~composer.core.export.folder.check_export`): a refusal comes before any
  folder is asked, names each check in words, and offers to export just the
  networks that nothing blocks. Then it asks for a folder and runs
  :func:`~composer.core.export.folder.export_draft` on a worker thread with a
  non-modal progress dialog; an existing export is replaced only after the
  user says so.

What it needs of the window comes through a :class:`Host` (the open post,
saving it, the current tab, the selected photo...) and what it has to say
goes out as :attr:`ExportUi.message`: it never reads the window's insides,
and the window's module is not imported here.

Threads: the window's :class:`~composer.core.storage.store.Store` (one sqlite
connection) belongs to the UI thread, and ``export_draft`` both reads the
database and renders for a long time, in a single call. So the worker opens
its **own** ``Store`` on the same data folder (WAL: reading beside the UI's
connection is safe), exports the draft as saved just before, closes it, and
reports back through :mod:`composer.ui.background`. Nothing in the worker
touches a widget.

Everything that would block or leave the app (the folder chooser, opening the
file manager, the clipboard) is an attribute tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets  # the dialogs' types are made on first use, not at start-up
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from composer.core.i18n import _
from composer.core.networks.facts import network as network_named
from composer.ui import background
from composer.ui.clipboard import SystemClipboard

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.export.folder import ExportResult
    from composer.core.house_style import HouseStyle
    from composer.core.photos.library import DraftPhoto
    from composer.core.storage.store import Store

STATUS_MS = 6000  # how long the window shows a :attr:`ExportUi.message`
EXPORTS = background.Lane("export")  # one thread; quitting waits for an export to finish


@dataclass(frozen=True)
class Host:
    """What the hand-over needs of the window that shows the post, and nothing more.

    Attributes:
        store: the window's store (UI thread only; the export's worker opens its own on ``store.path``).
        draft: the open post as the editor shows it, with its stored id; ``None`` when none is open.
        save: write the open post to the database now; ``True`` once it is there.
        tab: the network key of the editor's current tab (``""``: the shared text).
        house_style: the house style the checks use now.
        author: who is writing.
        selected_photo: the photo selected in the photo strip, if any.
    """

    store: Store
    draft: Callable[[], Draft | None]
    save: Callable[[], bool]
    tab: Callable[[], str]
    house_style: Callable[[], HouseStyle]
    author: Callable[[], str]
    selected_photo: Callable[[], DraftPhoto | None]


#: Where the last export of this session went: the next one starts there (a librarian exports into one folder).
_last_folder: list[str] = []


def start_folder() -> str:
    """Where the folder dialog opens: the last export's folder, else Documents, else home (never the folder the
    app happened to be started from)."""
    if _last_folder and Path(_last_folder[-1]).is_dir():
        return _last_folder[-1]
    documents = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def choose_folder(parent: QWidget, done: Callable[[str], None]) -> QtWidgets.QFileDialog:
    """Ask for the folder to export into (non-blocking); ``done(path)`` once one is chosen."""
    dialog = QtWidgets.QFileDialog(parent, _("Export into which folder?"))
    dialog.setFileMode(QtWidgets.QFileDialog.FileMode.Directory)
    dialog.setOption(QtWidgets.QFileDialog.Option.ShowDirsOnly, True)
    dialog.setDirectory(start_folder())

    def chosen(path: str) -> None:
        if path:
            _last_folder[:] = [path]
            done(path)

    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog


def open_folder(path: Path) -> None:
    """Show ``path`` in the desktop's file manager."""
    QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


def _export(path: Path, draft_id: int, folder: str | Path, networks: tuple[str, ...] | None, author: str,
            overwrite: bool, progress: Callable[[int, int], None]) -> ExportResult:
    """On the export's thread: the draft as saved, through a ``Store`` of its own on the same data folder."""
    from composer.core.export.folder import export_draft
    from composer.core.storage.store import BUSY_TIMEOUT_MS, Store

    store = Store.attach(path, BUSY_TIMEOUT_MS)  # the window's own connection belongs to its thread
    try:
        return export_draft(store, draft_id, folder, networks, author=author, overwrite=overwrite, progress=progress)
    finally:
        store.close()


def _render(path: Path, network: str, crop: Any) -> Any:
    """On a worker: ``network``'s rendition of the photo at ``path`` (Pillow is loaded here, not at start-up)."""
    from composer.core.photos.renditions import render

    return render(path, network, crop)


class ExportUi(QObject):
    """The window's hand-over actions (see the module), for the post ``host`` shows; owned by ``window``.

    Signals:
        message(str): something to tell the user briefly (the window's status bar, for :data:`STATUS_MS`).
    """

    message = Signal(str)

    def __init__(self, window: QWidget, host: Host):
        super().__init__(window)
        self.owner = window  # the dialogs' parent
        self.host = host
        self.clipboard = SystemClipboard()
        self.choose_folder: Callable[[QWidget, Callable[[str], None]], object] = choose_folder
        self.open_folder: Callable[[Path], None] = open_folder
        self.progress_dialog: QtWidgets.QProgressDialog | None = None
        self.message_box: QtWidgets.QMessageBox | None = None
        self._task: background.Task | None = None  # the export running, if any
        self._folder: Path | None = None
        self._networks: tuple[str, ...] | None = None  # those being exported (None: the post's own)
        self._wrote = False
        self.copy_text_menu = QMenu(_("Copy te&xt for"), window)
        self.copy_text_menu.aboutToShow.connect(lambda: self._fill(self.copy_text_menu, self.copy_text))
        self.copy_photo_menu = QMenu(_("Copy p&hoto for"), window)
        self.copy_photo_menu.aboutToShow.connect(lambda: self._fill(self.copy_photo_menu, self.copy_photo))
        self.copy_current_action = QAction(_("&Copy text for this network"), window)
        self.copy_current_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_current_action.setToolTip(_("Put the final text of the network of the current tab on the "
                                              "clipboard (the shared tab: the first chosen network)."))
        self.copy_current_action.triggered.connect(lambda: self.copy_text())
        self.export_action = QAction(_("&Export…"), window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip(_("Write a folder with, per network, the images, text.txt and alt-text.txt."))
        self.export_action.triggered.connect(lambda: self.export())
        app = QtCore.QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_clipboard)

    # --- menus ----------------------------------------------------------------------------------------

    def _chosen(self) -> tuple[str, ...]:
        draft = self.host.draft()
        return draft.networks if draft is not None else ()

    def _fill(self, menu: QMenu, slot: Callable[[str], object]) -> None:
        """One entry per chosen network; with none chosen, one disabled entry that says why."""
        menu.clear()
        chosen = self._chosen()
        for key in chosen:
            action = menu.addAction(network_named(key).name)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, key=key: slot(key))
        if not chosen:
            menu.addAction(_("Choose a network for this post first")).setEnabled(False)

    def _say(self, text: str) -> None:
        self.message.emit(text)

    # --- the clipboard --------------------------------------------------------------------------------

    def current_network(self) -> str | None:
        """The network of the current tab; on the shared tab, the first chosen network (``None``: none chosen)."""
        key = self.host.tab()
        chosen = self._chosen()
        if key and key in chosen:
            return key
        return chosen[0] if chosen else None

    def copy_text(self, network: str | None = None) -> str | None:
        """Put ``network``'s final text (default: :meth:`current_network`'s) on the clipboard; return it."""
        from composer.core.export.folder import final_text  # loaded on first use: the window starts without Pillow

        host = self.host
        draft = host.draft()
        if draft is None:
            return None
        host.save()
        key = network or self.current_network()
        if key is None:
            self._say(_("Choose a network for this post first: the text to copy depends on it."))
            return None
        text = final_text(host.draft() or draft, key, host.house_style())
        self.clipboard.set_text(text)
        self._wrote = True
        self._say(_("The text for {network} is on the clipboard.").format(network=network_named(key).name))
        return text

    def copy_photo(self, network: str) -> None:
        """Put the selected photo, as ``network`` gets it, on the clipboard as an image.

        The rendition is made on a worker thread (a 24 MP photo takes ~0.3 s);
        :meth:`_photo_rendered` puts it on the clipboard when it is ready.
        """
        from composer.core.export.folder import read_crops
        from composer.core.photos.library import photo_file

        store = self.host.store
        photo = self.host.selected_photo()
        if photo is None:
            self._say(_("Select a photo first."))
            return
        crop = read_crops(store, [photo.id]).get(photo.id, {}).get(network)
        path = photo_file(store, photo.photo)  # (on the team database: fetched once into the local cache)
        background.run(_render, path, network, crop, receiver=self, failed=self._photo_failed,
                       done=lambda rendition: self._photo_rendered(network, rendition))

    def _photo_failed(self, error: Exception) -> None:
        from composer.core.photos.renditions import ExportError

        if isinstance(error, ExportError):
            self._say(str(error))
        else:
            self._say(_("The photo could not be put on the clipboard."))

    def _photo_rendered(self, network: str, rendition: Any) -> None:
        image = QtGui.QImage.fromData(rendition.data)
        if image.isNull():
            self._say(_("The photo could not be put on the clipboard."))
            return
        self.clipboard.set_image(image)
        self._wrote = True
        self._say(_("The photo for {network} is on the clipboard ({width}×{height}).").format(
            network=network_named(network).name, width=image.width(), height=image.height()))

    def clear_clipboard(self) -> None:
        """At quit: take what we put on the clipboard off it again."""
        if self._wrote:
            self._wrote = False
            self.clipboard.clear()

    # --- the export -----------------------------------------------------------------------------------

    def export(self, networks: tuple[str, ...] | None = None):
        """File → Export…: save, say what blocks it if anything does, else ask for a folder and start.

        ``networks``: export just these (what a refusal offers); ``None``: the post's own networks.
        """
        from composer.core.export.folder import ExportError, check_export

        host = self.host
        draft = host.draft()
        if draft is None or draft.deleted_at is not None:
            return None
        if self.busy:
            self._say(_("An export is already running."))
            return None
        if not host.save():
            self._say(_("The post could not be saved, so it is not exported yet."))
            return None
        try:
            refused = check_export(host.store, (host.draft() or draft).id, networks)  # its id as saved
        except ExportError as error:
            self._show(QtWidgets.QMessageBox.Icon.Critical, _("Export failed"), str(error))
            return None
        if refused is not None:
            self._refuse(refused)
            return None
        return self.choose_folder(self.owner, lambda folder: self.start(folder, networks=networks))

    @property
    def busy(self) -> bool:
        """Whether an export is running (its result not yet shown)."""
        return self._task is not None and not self._task.finished

    def start(self, folder: str | Path, overwrite: bool = False, networks: tuple[str, ...] | None = None) -> None:
        """Export the open draft (as saved) into ``folder`` on a worker, with a non-modal progress dialog.

        ``networks``: just these (default: the post's own).

        Progress and the outcome come back through :func:`composer.ui.background.run`: if the window
        goes away meanwhile, they are dropped there, never handed to a deleted object.
        """
        draft = self.host.draft()
        if draft is None or self.busy:
            return
        dialog = QtWidgets.QProgressDialog(_("Exporting…"), "", 0, 0, self.owner)
        dialog.setWindowTitle(_("Export"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        self.progress_dialog, self._folder, self._networks = dialog, Path(folder), networks
        dialog.show()
        self._task = background.run(_export, self.host.store.path, draft.id, folder, networks, self.host.author(),
                                    overwrite, lane=EXPORTS, progress=self._progress,
                                    done=self._finished, failed=self._finished)  # a failure is shown as one

    def _progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setValue(done)

    def _finished(self, outcome: object) -> None:
        from composer.core.export.folder import ExportExists, ExportRefused, ExportResult

        self._task = None
        folder, networks = self._folder, self._networks
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        if isinstance(outcome, ExportResult):
            self._done(outcome)
        elif isinstance(outcome, ExportRefused):  # something changed since it was checked (a consent, say)
            self._refuse(outcome)
        elif isinstance(outcome, ExportExists):
            self._ask_overwrite(outcome.path, folder, networks)
        else:
            self._show(QtWidgets.QMessageBox.Icon.Critical, _("Export failed"), str(outcome))

    def _show(self, icon: QtWidgets.QMessageBox.Icon, title: str, text: str, details: str = "",
              buttons: Callable[[QtWidgets.QMessageBox], None] | None = None) -> QtWidgets.QMessageBox:
        """A non-modal message beside the window, its ``buttons`` added before it shows.

        A QMessageBox picks its Escape button when it is shown: buttons changed
        afterwards leave it pointing at a deleted button, and Esc then crashes
        the app. So everything about the box is settled first.
        """
        if self.message_box is not None:
            self.message_box.close()
        box = QtWidgets.QMessageBox(icon, title, text, parent=self.owner)
        box.setTextFormat(Qt.TextFormat.PlainText)  # folder and draft names as written, never read as HTML
        box.setWindowModality(Qt.WindowModality.NonModal)
        if details:
            box.setInformativeText(details)
        if buttons is not None:
            buttons(box)
        box.finished.connect(lambda _result: self._forget(box))
        self.message_box = box
        box.show()
        return box

    def _forget(self, box: QtWidgets.QMessageBox) -> None:
        if self.message_box is box:
            self.message_box = None
        box.deleteLater()

    def _refuse(self, refused) -> QtWidgets.QMessageBox:
        """Say, in words, what blocks the export; offer the networks that nothing blocks, if any."""
        from composer.core.drafts.final_text import network_list
        from composer.core.export.folder import refusal_lines

        lines = refusal_lines(refused)
        details = "\n".join(f"• {line}" for line in lines)
        passing = refused.passing
        if passing:
            details += "\n\n" + _("Nothing blocks the export for {networks}; the other networks can follow "
                                   "once this is solved.").format(networks=network_list(passing))

        def buttons(box: QtWidgets.QMessageBox) -> None:
            if passing:
                only = box.addButton(_("Export {networks} only…").format(networks=network_list(passing)),
                                     QtWidgets.QMessageBox.ButtonRole.AcceptRole)
                only.clicked.connect(lambda: self.export(passing))
            box.setEscapeButton(box.addButton(QtWidgets.QMessageBox.StandardButton.Close))

        self._say(_("Export refused: {reasons}").format(reasons="; ".join(lines)))
        return self._show(QtWidgets.QMessageBox.Icon.Warning, _("Export refused"),
                          _("This post cannot be exported yet. Solve these first:"), details, buttons=buttons)

    def _ask_overwrite(self, target: Path, folder: Path, networks: tuple[str, ...] | None = None) -> None:
        def buttons(box: QtWidgets.QMessageBox) -> None:
            replace = box.addButton(_("Replace"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
            box.setEscapeButton(box.addButton(_("Keep it"), QtWidgets.QMessageBox.ButtonRole.RejectRole))
            replace.clicked.connect(lambda: self.start(folder, overwrite=True, networks=networks))

        self._show(QtWidgets.QMessageBox.Icon.Question, _("Replace the export?"),
                   _("There is already an export of this post in {folder}. Replace it?").format(folder=target),
                   buttons=buttons)

    def _done(self, result: ExportResult) -> None:
        names = ", ".join(network_named(key).name for key in result.networks)
        text = _("The post was exported for {networks} to {folder}.").format(networks=names, folder=result.folder)
        self._say(text)

        def buttons(box: QtWidgets.QMessageBox) -> None:
            box.setEscapeButton(box.addButton(QtWidgets.QMessageBox.StandardButton.Close))
            opener = box.addButton(_("Open folder"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
            opener.clicked.connect(lambda: self.open_folder(result.folder))

        self._show(QtWidgets.QMessageBox.Icon.Information, _("Export done"), text, buttons=buttons)
