"""View → Preview…: the post roughly as each chosen network will show it (issue 5, point 2).

One tab per chosen network: the final text (house-style sign-off and hashtags
included), the part a feed hides behind "… more" in grey, the part past the
network's limit in red; below it the images in order, each cut to that
network's crop (the stored one, else the usual shape centred). Thumbnails are
made in a worker (see photo_jobs.py). Never modal; follows the editor with a
short delay after typing stops.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer.core.i18n import _, number
from composer.core.networks.counting import count
from composer.core.networks.facts import network as network_facts
from composer.core.photos.crops import Crop, crops_for
from composer.core.photos.renditions import crop_for
from composer.ui import accessibility
from composer.ui.photos import photo_jobs

DELAY_MS = 300                # after typing stops
THUMB_SIZE = (1024, 1024)     # big enough for the crop editor too
SHOWN_HEIGHT = 160            # each image in the preview, in pixels


def text_parts(text: str, preview_chars: int | None, over_from: int | None) -> tuple[str, str, str]:
    """``(shown, behind_more, over_limit)``: the text cut where the feed says "… more" and where it is too long."""
    end = len(text) if over_from is None else over_from
    cut = end if preview_chars is None else min(preview_chars, end)
    return text[:cut], text[cut:end], text[end:]


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class NetworkPreview(QWidget):
    """One network's tab: the text as the feed shows it, then the images in that network's crops."""

    def __init__(self, key: str, parent: QWidget):
        super().__init__(parent)
        self.key = key
        self.facts = network_facts(key)
        self.shown = self.hidden = self.over = ""
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(_("Text as {network} shows it").format(network=self.facts.name))
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.images = QWidget(self)
        self.images_layout = QHBoxLayout(self.images)
        self.images_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.images)
        scroll.setMinimumHeight(SHOWN_HEIGHT + 70)
        accessibility.name(scroll, _("Photos as {network} shows them").format(network=self.facts.name))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.legend)
        layout.addWidget(scroll)
        self.image_labels: list[QLabel] = []
        self.crop_buttons: list[QPushButton] = []

    def show_text(self, text: str) -> None:
        measured = count(self.key, text)
        self.shown, self.hidden, self.over = text_parts(text, self.facts.preview_chars, measured.over_from)
        parts = [_html(self.shown)]
        if self.hidden:
            parts.append('<span style="color:#888888">{more} {rest}</span>'.format(
                more=html.escape(_("… more")), rest=_html(self.hidden)))
        if self.over:
            parts.append(f'<span style="color:#b00020; text-decoration: underline">{_html(self.over)}</span>')
        self.text.setHtml("<div>" + "".join(parts) + "</div>")
        notes = []
        if self.hidden:
            notes.append(_("Grey, after “… more”: hidden behind “… more” in the feed (about {n} characters are "
                           "shown).")
                         .format(n=number(self.facts.preview_chars)))
        if self.over:
            notes.append(_("Red and underlined: past the limit of {limit}; {network} will not accept it.")
                         .format(limit=number(measured.limit), network=self.facts.name))
        self.legend.setText(" ".join(notes))
        self.legend.setVisible(bool(notes))

    def show_images(self, items: list[tuple[object, Crop, QImage | None]],
                    crop_requested: Callable[[object, str], None]) -> None:
        """``items``: (draft photo, crop, thumbnail or None while it is being made), in order."""
        while self.images_layout.count():
            widget = self.images_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.image_labels, self.crop_buttons = [], []
        for draft_photo, crop, image in items:
            box = QWidget(self.images)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            picture = QLabel(box)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setAccessibleName(draft_photo.alt_text or draft_photo.photo.original_name)
            self._paint(picture, draft_photo.photo, crop, image)
            button = QPushButton(_("Crop for {network}…").format(network=self.facts.name), box)
            button.clicked.connect(lambda _checked=False, dp=draft_photo: crop_requested(dp, self.key))
            column.addWidget(picture)
            column.addWidget(button)
            self.images_layout.addWidget(box)
            box.show()
            self.image_labels.append(picture)
            self.crop_buttons.append(button)
        if not items:
            none = QLabel(_("No photos in this draft."), self.images)
            self.images_layout.addWidget(none)
            none.show()
        self.images_layout.addStretch(1)

    @staticmethod
    def _paint(label: QLabel, photo, crop: Crop, image: QImage | None) -> None:
        shape = crop.width * photo.width / max(crop.height * photo.height, 1e-9)
        size = (max(1, round(SHOWN_HEIGHT * shape)), SHOWN_HEIGHT)
        if image is None or image.isNull():
            label.setText(_("Loading…") if image is None else _("This photo could not be shown."))
            label.setFixedSize(*size)
            label.setStyleSheet("background: #dddddd;")
            return
        from composer.ui.photos.crop_editor import cropped_image  # a whole picture on a mat shows its mat

        label.setPixmap(QPixmap.fromImage(cropped_image(image, crop)).scaled(
            *size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation))


def close_action(window: QWidget) -> QAction:
    """Esc and Ctrl+W (and the platform's own Close keys) close ``window``, as any window beside the main one.

    One action holds every key: two shortcuts on the same key would each make
    the other ambiguous, and neither would fire.
    """
    keys = [QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")]
    keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if k not in keys]
    action = QAction(_("Close"), window)
    action.setShortcuts(keys)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(window.close)
    window.addAction(action)
    return action


class PreviewWindow(QWidget):
    """A window beside the main one with a tab per chosen network; refreshed shortly after each edit."""

    def __init__(self, store, draft: Callable[[], object], house_style: Callable[[], object], parent: QWidget):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("preview")
        self.setWindowTitle(_("Preview"))
        self.store, self._draft, self._house_style = store, draft, house_style
        self._thumbs: dict[str, QImage] = {}
        self._asked: set[str] = set()
        self._generation = 0
        self._photos: list = []
        self.crop_dialogs: dict[tuple[int, str], object] = {}
        self.tabs = QTabWidget(self)
        accessibility.name(self.tabs, _("Networks"), _("A tab per chosen network: its text and photos."))
        self.empty = QLabel(_("Choose at least one network to see a preview."), self)
        self.refresh_button = QPushButton(_("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        note = QLabel(_("Roughly as each network shows it; where a feed cuts the text is approximate."), self)
        note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bottom)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.close_action = close_action(self)
        self.resize(560, 640)

    def schedule_refresh(self) -> None:
        """Refresh a moment after the last change (only while the window is open)."""
        if self.isVisible():
            self.timer.start()

    def tab(self, key: str) -> NetworkPreview | None:
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page.key == key:
                return page
        return None

    def refresh(self) -> None:
        """Read the draft, the house style, the photos and their crops again, and redraw every tab."""
        from composer.core.drafts.final_text import final_for
        from composer.core.photos.library import draft_photos

        self.timer.stop()
        draft = self._draft()
        keys = tuple(draft.networks) if draft is not None else ()
        current = self.tabs.currentWidget().key if self.tabs.currentWidget() is not None else None
        if tuple(self.tabs.widget(i).key for i in range(self.tabs.count())) != keys:
            while self.tabs.count():
                page = self.tabs.widget(0)
                self.tabs.removeTab(0)
                page.deleteLater()
            for key in keys:
                self.tabs.addTab(NetworkPreview(key, self.tabs), network_facts(key).name)
        if current is not None and self.tab(current) is not None:
            self.tabs.setCurrentWidget(self.tab(current))
        self.empty.setVisible(not keys)
        self.tabs.setVisible(bool(keys))
        if draft is None:
            return
        self._photos = draft_photos(self.store, draft.id) if draft.id is not None else []
        self._ask_thumbnails()
        stored = crops_for(self.store, draft.id) if draft.id is not None else {}
        style = self._house_style()
        for key in keys:
            page = self.tab(key)
            page.show_text(final_for(draft, key, style).text)
            page.show_images([(dp, crop_for((dp.photo.width, dp.photo.height), key, stored.get((dp.id, key))),
                               self._thumbs.get(dp.photo.hash)) for dp in self._photos], self.open_crop)

    def _ask_thumbnails(self) -> None:
        from composer.core.photos.library import data_dir_of

        wanted = [dp.photo for dp in self._photos
                  if dp.photo.hash not in self._thumbs and dp.photo.hash not in self._asked]
        if wanted:
            self._generation += 1
            self._asked.update(photo.hash for photo in wanted)
            photo_jobs.thumbnails(data_dir_of(self.store), wanted, THUMB_SIZE, self._generation, self._on_thumb,
                                  self.store.path if self.store.db.keeps_files else None)

    def _on_thumb(self, thumb) -> None:
        self._asked.discard(thumb.photo_hash)
        # A placeholder (file missing or damaged) is no picture to crop: the tab says it cannot be shown.
        self._thumbs[thumb.photo_hash] = QImage() if thumb.problem else thumb.image
        if not self._asked:
            self.refresh()

    def open_crop(self, draft_photo, network: str):
        """'Crop for <network>…': the crop editor for this photo, beside the preview (one per photo and network)."""
        from composer.ui.photos.crop_editor import CropDialog

        key = (draft_photo.id, network)
        dialog = self.crop_dialogs.get(key)
        if dialog is None:
            image = self._thumbs.get(draft_photo.photo.hash)
            image = QImage() if image is None else image
            dialog = CropDialog(self.store, draft_photo, network, image, self)
            dialog.saved.connect(lambda *_args: self.refresh())
            dialog.finished.connect(lambda _result, k=key: self._forget(k))
            self.crop_dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget(self, key: tuple[int, str]) -> None:
        dialog = self.crop_dialogs.pop(key, None)
        if dialog is not None:
            dialog.deleteLater()
