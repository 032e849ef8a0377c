"""Adding photos to the draft: the file dialog, and reading each file in a worker while its placeholder spins.

Photos come in by drag and drop, Add photos… (:func:`choose_photo_files`, a
file dialog opened with ``open()``) or a paste (through :mod:`composer.ui.clipboard`).
Each file is read and checked in a worker (:mod:`composer.ui.photos.photo_jobs`);
the checked bytes are then stored and attached by :class:`PhotoAdder` on the
UI thread, which owns the database, where the placeholder stands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QWidget

from composer.core.i18n import _
from composer.core.photos.library import attach_photo, store_photo
from composer.core.storage.errors import DatabaseError
from composer.ui.photos import photo_jobs
from composer.ui.photos.photo_strip import ID_ROLE, PhotoStrip

if TYPE_CHECKING:
    from composer.core.storage.store import Store
    from composer.ui.clipboard import PastedImage

PHOTO_PATTERNS = "*.jpg *.jpeg *.png *.webp *.gif *.heic *.heif"


def choose_photo_files(parent: QWidget, done: Callable[[list[str]], None]) -> QFileDialog:
    """Ask for photo files (non-blocking); ``done`` gets their paths. Tests replace this function."""
    dialog = QFileDialog(parent, _("Add photos"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    patterns = f"{PHOTO_PATTERNS} {PHOTO_PATTERNS.upper()}"
    dialog.setNameFilters([_("Photos (JPEG, PNG, WebP, GIF, HEIC) ({patterns})").format(patterns=patterns),
                           _("All files (*)")])
    dialog.filesSelected.connect(lambda paths: done(list(paths)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class NotAddedError(Exception):
    """A worker's reason why a file could not become a photo (already a message for the user)."""


class PhotoAdder(QObject):
    """Reads what is added in a worker and attaches each photo where its placeholder stands in the strip.

    ``draft_id()`` and ``generation()`` are the view's draft shown and its count
    of drafts shown: a result for a draft no longer shown is dropped.

    Signals:
        added(int): a photo was stored and attached (its draft photo id): show the draft's photos again.
        refused: a file did not become a photo (its placeholder is gone; :attr:`message` says why).
        message(str): what to tell the user.
    """

    added = Signal(int)
    refused = Signal()
    message = Signal(str)

    def __init__(self, store: Store, author: Callable[[], str], strip: PhotoStrip, draft_id: Callable[[], int | None],
                 generation: Callable[[], int], parent: QObject):
        super().__init__(parent)
        self.store, self._author, self.strip = store, author, strip
        self._draft_id, self._generation = draft_id, generation
        self._tokens = 0
        self._pending: dict[int, QListWidgetItem] = {}  # imports being read, by token

    def add(self, content: PastedImage, row: int | None = None) -> None:
        """Read ``content`` in a worker, showing a placeholder per photo at ``row`` (default: the end)."""
        if content.paths:
            sources = [self._source(path=path) for path in content.paths]
        else:
            sources = [self._source(data=content.data, image=content.image, name=content.name)]
        items = self.strip.add_placeholders([source.label for source in sources], row)
        for source, item in zip(sources, items, strict=True):
            self._pending[source.token] = item
        photo_jobs.prepare(sources, self._generation(), self._on_prepared)

    def forget(self) -> None:
        """Another draft is shown: what is still being read is not added to it."""
        self._pending.clear()

    def busy(self) -> bool:
        """Whether a photo is still being read."""
        return bool(self._pending)

    def _source(self, **fields) -> photo_jobs.Source:
        self._tokens += 1
        return photo_jobs.Source(self._tokens, **fields)

    def _on_prepared(self, result: photo_jobs.Prepared) -> None:
        """On the UI thread: store and attach a checked photo where its placeholder is, or say why not."""
        item = self._pending.pop(result.token, None)
        draft_id = self._draft_id()
        if result.generation != self._generation() or item is None or draft_id is None:
            return  # another draft is shown now
        position = self.strip.position_of(item)
        try:
            if result.error:
                raise NotAddedError(result.error)
            photo = store_photo(self.store, result.prepared, self._author())
            added = attach_photo(self.store, draft_id, photo, position)
        except (NotAddedError, OSError, *DatabaseError, KeyError) as error:
            self.strip.takeItem(self.strip.row(item))
            self.refused.emit()
            self.message.emit(_("{name} was not added: {reason}").format(name=result.label, reason=error))
            return
        item.setData(ID_ROLE, added.id)  # in its place: photos still being read stay behind it
        self.added.emit(added.id)
        self.message.emit(_("Photo added: {name}").format(name=result.label))
