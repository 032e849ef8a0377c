"""File → Open in network ▸: the network's own composer in the browser, with the post filled in.

One entry per chosen network (Instagram's copies the text for the app: it has no composer on the web).
Choosing one puts the network's final text on the clipboard (the export hand-over's copy: the house style's
additions included), opens the draft's export folder for the images when there is one (else says to export
first), then opens the address core makes (:mod:`composer.core.writing.share_links`) in the default browser.
Mastodon needs the library's server: when the house style has none, it is asked for and kept there.

Opening the browser and the folder, where exports go, and asking for the server are attributes tests
replace (:attr:`NetworkOpener.open_url`, ``open_folder``, ``exports_folder``, ``ask_server``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from composer.core.i18n import _
from composer.core.networks.facts import network as network_named
from composer.core.storage.errors import DatabaseError
from composer.ui.window.status_undo import UNDO_NOTICE_MS

if TYPE_CHECKING:
    from composer.core.writing.share_links import ShareLink
    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.menu import WritingMenus

MESSAGE_MS = 2 * UNDO_NOTICE_MS  # a few sentences to read


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """File → Open in network ▸, just after the export hand-over's entries."""
    window.network_opener = opener = NetworkOpener(window)
    entries = menus.file.actions()
    after = entries.index(window.export_anchor) + 1 if window.export_anchor in entries else len(entries)
    menus.file.insertMenu(entries[after] if after < len(entries) else None, opener.menu)


def qurl(url: str) -> QUrl:
    """``url`` as Qt holds it, percent-encoding untouched (a ``%0A`` stays a line break in the text)."""
    return QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)


def open_url(url: str) -> None:
    """Open ``url`` (already percent-encoded) in the default browser."""
    QDesktopServices.openUrl(qurl(url))


def exports_folder() -> Path:
    """Where the export hand-over exports (the folder its dialog starts in: the last export's, else Documents)."""
    from composer.ui.export.export_ui import start_folder

    return Path(start_folder())


def ask_server(parent: QWidget, done: Callable[[str], None]) -> QInputDialog:
    """Ask for the library's Mastodon server (non-blocking); ``done(text)`` once it is given."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(_("The library's Mastodon server"))
    dialog.setLabelText(_("On which Mastodon server does the library post? Its address, e.g. mastodon.social. "
                          "It is kept in the house style, for every colleague."))
    dialog.textValueSelected.connect(done)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog


class NetworkOpener:
    """The Open in network ▸ menu of ``window`` and what its entries do (see the module)."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.open_url: Callable[[str], None] = open_url
        self.open_folder: Callable[[Path], None] | None = None  # None: the export hand-over's (export_ui.py)
        self.exports_folder: Callable[[], Path] = exports_folder
        self.ask_server: Callable[[QWidget, Callable[[str], None]], object] = ask_server
        self.menu = QMenu(_("Open in net&work"), window)
        self.menu.setToolTip(_("Copy the text, open the export folder for the images, and open the network's "
                               "own composer in your browser with the text filled in."))
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        """One entry per chosen network; with none chosen, one disabled entry that says why."""
        self.menu.clear()
        draft = self.window.editor.draft() if self.window.current is not None else None
        chosen = draft.networks if draft is not None else ()
        intents = _links().INTENTS
        for key in chosen:
            name = network_named(key).name
            entry = self.menu.addAction(name if key in intents else _("{network} (copy the text for the app)").format(
                network=name))
            entry.setData(key)
            entry.triggered.connect(lambda _checked=False, key=key: self.open(key))
        if not chosen:
            self.menu.addAction(_("Choose a network for this post first")).setEnabled(False)

    def open(self, key: str) -> ShareLink | None:
        """Copy ``key``'s final text, open the images' folder, open its composer; what was opened (``None``:
        nothing, e.g. no network or the Mastodon server still to be given)."""
        window = self.window
        text = window.export_ui.copy_text(key)  # saves first; says it is on the clipboard
        if text is None:
            return None
        style = window.context.house_style
        if key == "mastodon" and not style.mastodon_server.strip():
            self._ask_mastodon_server(lambda: self.open(key))
            return None
        link = _links().share_link(key, text, style.mastodon_server)
        images = self._images(key)
        if link.url is not None:
            self.open_url(link.url)
        name = network_named(key).name
        said = [_("The text for {network} is on the clipboard.").format(network=name)]
        if link.with_text:
            said.append(_("{network} opens in your browser with the text filled in.").format(network=name))
        elif link.url is not None:
            said.append(_("{network} opens in your browser.").format(network=name))
        said += [part for part in (link.note, images) if part]
        window.statusBar().showMessage(" ".join(said), MESSAGE_MS)
        return link

    def _images(self, key: str) -> str:
        """Open the network's folder of the draft's last export, if the draft has photos; what to say."""
        from composer.core.export.names import folder_name
        from composer.core.photos.library import draft_photos
        window = self.window
        draft = window.editor.draft()
        try:
            photos = draft_photos(window.store, draft.id) if draft.id is not None else []
        except (*DatabaseError, KeyError):
            photos = []
        if not photos:
            return ""
        folder = self.exports_folder() / folder_name(draft)
        if not folder.is_dir():
            return _("Export first for the images (File → Export…, Ctrl+E).")
        shown = folder / key if (folder / key).is_dir() else folder
        (self.open_folder or window.export_ui.open_folder)(shown)
        return _("The images are in the export folder, now open: {folder}").format(folder=shown)

    def _ask_mastodon_server(self, then: Callable[[], object]) -> None:
        """No Mastodon server in the house style: ask for it (who may change the house style), then ``then``."""
        window = self.window
        access = window.store.access
        if access.team and not access.may("house_style"):
            window.statusBar().showMessage(
                _("Mastodon: the library's server is not set in the house style. Ask your communications service "
                  "to set it; the text is on the clipboard."), MESSAGE_MS)
            return

        def given(text: str) -> None:
            try:
                server = _links().mastodon_host(text)
            except ValueError as problem:
                window.statusBar().showMessage(str(problem), MESSAGE_MS)
                return
            window.set_house_style(replace(window.context.house_style, mastodon_server=server))
            if window.context.house_style.mastodon_server == server:
                then()

        window.statusBar().showMessage(_("Mastodon: the library's server is not set in the house style yet."),
                                       MESSAGE_MS)
        self.ask_server(window, given)


def _links():  # noqa: ANN202 - the module, loaded on first use (it brings the final texts: not at start-up)
    from composer.core.writing import share_links

    return share_links
