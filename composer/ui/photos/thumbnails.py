"""The strip's thumbnails: made in a worker from the app's own copy of each stored photo, kept while it is shown.

A photo that cannot be read gets a grey stand-in and the reason, in its
tooltip and as a "!" on the thumbnail. Results for a draft no longer shown are
dropped (:attr:`Thumbnails.generation` is the view's count of drafts shown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QListWidgetItem

from composer.core.i18n import _
from composer.ui.photos import photo_jobs
from composer.ui.photos.photo_strip import PROBLEM_ROLE

if TYPE_CHECKING:
    from composer.core.photos.library import DraftPhoto
    from composer.core.storage.store import Store

THUMB_SIZE = (192, 192)  # decoded: sharp at twice the shown size
TOOLTIP_ALT_TEXT = 200  # characters of the alt text a thumbnail's tooltip shows


class Thumbnails(QObject):
    """The pictures of the stored photos shown, by hash, and the ones on their way.

    Signals:
        arrived(str): the thumbnail of the stored photo with this hash is here (or its grey stand-in).
    """

    arrived = Signal(str)

    def __init__(self, store: Store, generation: Callable[[], int], parent: QObject):
        super().__init__(parent)
        self.store = store
        self._generation = generation
        self._pixmaps: dict[str, QPixmap] = {}
        self._problems: dict[str, str] = {}
        self._asked: set[str] = set()  # hashes whose thumbnail is on its way

    def keep_only(self, hashes: set[str]) -> None:
        """Another draft is shown: forget what is on its way, and the pictures of photos it does not have."""
        self._asked.clear()
        self._pixmaps = {h: p for h, p in self._pixmaps.items() if h in hashes}
        self._problems = {h: p for h, p in self._problems.items() if h in hashes}

    def ask(self, photos: Iterable[DraftPhoto]) -> None:
        """Have the thumbnails made that are neither here nor on their way."""
        wanted = {p.photo.hash: p.photo for p in photos
                  if p.photo.hash not in self._pixmaps and p.photo.hash not in self._asked}
        if wanted:
            self._asked |= set(wanted)
            photo_jobs.thumbnails(self.store.path.parent, wanted.values(), THUMB_SIZE, self._generation(),
                                  self._on_thumbnail, self.store.path if self.store.db.keeps_files else None)

    def _on_thumbnail(self, thumb: photo_jobs.Thumb) -> None:
        if thumb.generation != self._generation():
            return  # for a draft no longer shown
        self._asked.discard(thumb.photo_hash)
        pixmap = QPixmap.fromImage(thumb.image) if not thumb.image.isNull() else QPixmap()
        if pixmap.isNull():
            pixmap = QPixmap(THUMB_SIZE[0], THUMB_SIZE[1])
            pixmap.fill(QColor(224, 224, 224))
        self._pixmaps[thumb.photo_hash] = pixmap
        if thumb.problem:
            self._problems[thumb.photo_hash] = thumb.problem
        self.arrived.emit(thumb.photo_hash)

    def busy(self) -> bool:
        """Whether a thumbnail is still on its way."""
        return bool(self._asked)

    def decorate(self, item: QListWidgetItem, photo: DraftPhoto) -> None:
        """Give ``item`` the photo's thumbnail (when here), its problem, and a tooltip that says what it is."""
        pixmap = self._pixmaps.get(photo.photo.hash)
        if pixmap is not None:
            item.setData(Qt.ItemDataRole.DecorationRole, pixmap)
        problem = self._problems.get(photo.photo.hash)
        item.setData(PROBLEM_ROLE, problem)
        lines = [photo.photo.original_name or _("Photo"), f"{photo.photo.width} × {photo.photo.height}"]
        lines.append(photo.alt_text.strip()[:TOOLTIP_ALT_TEXT] or _("No alt text yet."))
        if problem:
            lines.append(problem)
        item.setToolTip("\n".join(lines))
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, ". ".join(lines))  # read after "Photo 2"
