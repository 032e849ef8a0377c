"""The place for the draft's photos under the post: built just after the window first shows.

Start-up time matters (``bench/startup.py``), and the photo strip, its
details, the consent register and Pillow are not needed for the first paint.
So the window holds this light panel; the real one
(:class:`~composer.ui.photos.photos_view.PhotosView`) is made right after the panel
has first painted itself, or at once when something asks for it with
:meth:`PhotosPanel.view`. Until then the panel keeps the strip's room, so
nothing moves when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from composer.ui.photos.strip_signals import StripSignals

if TYPE_CHECKING:
    from composer.core.checklist import Check
    from composer.core.drafts.draft import Draft
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store
    from composer.ui.photos.photos_view import PhotosView

RESERVED_LINES = 9  # the header and the strip, in lines of text (about 140 px)


class PhotosPanel(StripSignals):
    """The photos of the open draft; the work is done by :class:`~composer.ui.photos.photos_view.PhotosView`.

    Its signals (:class:`StripSignals`) relay the view's.
    """

    def __init__(self, store: Store, author: Callable[[], str] = str,
                 networks: Callable[[], list[str]] = list, parent: QWidget | None = None,
                 saver: Saver | None = None):
        super().__init__(parent)
        self.setObjectName("photos")
        self._store, self._author, self._networks, self._saver = store, author, networks, saver
        self._draft: Draft | None = None
        self._view: PhotosView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * RESERVED_LINES)

    def view(self) -> PhotosView:
        """The real panel, made now if it was not yet."""
        if self._view is None:
            from composer.ui.photos.photos_view import PhotosView

            view = PhotosView(self._store, self._author, self._networks, self, self._saver)
            view.changed.connect(self.changed)
            view.message.connect(self.message)
            view.undo_offered.connect(self.undo_offered)
            self._layout.addWidget(view)
            view.show()  # a child added to a shown panel is not shown by itself
            self.setMinimumHeight(0)
            self._view = view
            view.load(self._draft)
        return self._view

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._view is None:
            QTimer.singleShot(0, self, self.view)  # once the window has shown itself
        return super().event(event)

    def load(self, draft: Draft | None) -> None:
        """Show the photos of ``draft``."""
        self._draft = draft
        if self._view is not None:
            self._view.load(draft)

    def reload(self) -> None:
        """Read the draft's photos again (the register changed them: an erasure)."""
        if self._view is not None:
            self._view.reload()

    def save_alt_text(self) -> None:
        """Write an alt text still being typed (before saving or leaving the draft)."""
        if self._view is not None:
            self._view.save_alt_text()

    def refresh_counters(self) -> None:
        """The chosen networks may have changed: recount the alt text against their limits."""
        if self._view is not None:
            self._view.refresh_counters()

    def go_to(self, check: Check) -> None:
        """Show the photo an ``alt_text`` or ``consent`` check is about."""
        self.view().go_to(check)
