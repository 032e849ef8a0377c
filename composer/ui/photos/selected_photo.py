"""The selected photo's side of the strip: its alt text, who is in it, and the people of the register linked to it.

The alt text is saved a moment after typing stops (through the saver, off the
UI thread) and counted against each chosen network's limit. "Who is in it?"
and the people linked are the stored photo's, whichever draft they were said
in; the app never recognises faces: the librarian says who is in the photo.
The widgets are :class:`~composer.ui.photos.photo_details.PhotoDetails` and
:class:`~composer.ui.photos.photo_details.PersonPicker`, made on first need.

What changes the draft's photos in the store (an answer, a person linked or
unlinked) is asked of the view through signals; the view writes it and shows
the photos again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QScrollArea, QSplitter, QWidget

from composer.core.checklist.engine import ALT_TEXT, PEOPLE, PRESENCE
from composer.core.i18n import _
from composer.core.photos.library import set_alt_text
from composer.core.storage.errors import DatabaseError
from composer.ui.photos.photo_details import PRESENCE_CHOICES, PersonPicker, PhotoDetails

if TYPE_CHECKING:
    from composer.core.photos.library import DraftPhoto
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store

ALT_SAVE_MS = 400  # alt text is saved this long after its first unsaved keystroke, also while typing goes on


class SelectedPhoto(QObject):
    """The details of the photo selected in the strip, shown in ``scroll`` under it.

    ``photos()`` are the draft's photos as the view shows them, ``selected()``
    the one selected; ``view`` is the widget the dialogs open over.

    Signals:
        alt_text_saved(int, str): a draft photo's alt text, as now saved (or handed to the saver).
        presence_chosen(int, object): "who is in it?" answered for a draft photo (a choice, or ``None``).
        link_requested(int, int, str): a person (second) is in a draft photo (first), and where.
        unlink_requested(int, int): a person (second) is not in a draft photo (first) after all.
        message(str): something to tell the user.
    """

    alt_text_saved = Signal(int, str)
    presence_chosen = Signal(int, object)
    link_requested = Signal(int, int, str)
    unlink_requested = Signal(int, int)
    message = Signal(str)

    def __init__(self, store: Store, saver: Saver | None, author: Callable[[], str],
                 networks: Callable[[], list[str]], view: QWidget, scroll: QScrollArea,
                 photos: Callable[[], list[DraftPhoto]], selected: Callable[[], DraftPhoto | None]):
        super().__init__(view)
        self.store, self.saver, self._author, self._networks = store, saver, author, networks
        self.view, self.scroll, self._photos, self._selected = view, scroll, photos, selected
        self.details: PhotoDetails | None = None  # made when a photo is first selected
        self.picker: PersonPicker | None = None
        self.describe_dialog: QInputDialog | None = None
        self.shown_id: int | None = None  # the draft photo the details show
        self._shown_networks: list[str] = []
        self._fitted = 0  # the height the details last had room made for (see _make_room)
        self._alt_timer = QTimer(self, singleShot=True, interval=ALT_SAVE_MS)
        self._alt_timer.timeout.connect(self._save_alt_text)

    def _ensure_details(self) -> PhotoDetails:
        if self.details is None:
            details = PhotoDetails(self.scroll)
            self.scroll.setWidget(details)
            details.alt_text.textChanged.connect(self._on_alt_edited)
            details.presence.idToggled.connect(self._on_presence_toggled)
            details.link_button.clicked.connect(self.open_picker)
            details.describe_button.clicked.connect(self.describe_person)
            details.unlink_button.clicked.connect(self.unlink_selected)
            details.people.itemActivated.connect(lambda _item: self.describe_person())
            self.details = details
        return self.details

    # --- showing the selected photo ----------------------------------------------------------------

    def show(self, photo: DraftPhoto | None, number: int = 0) -> None:
        """Show ``photo`` (photo ``number`` of the draft), or hide the details when none is selected."""
        if photo is None:
            self.save_alt_text()
            self.shown_id = None
            self.scroll.setVisible(False)
            return
        if photo.id != self.shown_id:
            self.save_alt_text()
        self._show_details(photo, number, force=photo.id != self.shown_id)

    def forget(self) -> None:
        """Another draft is shown: no photo's details are shown until one is selected."""
        self.shown_id = None

    def _show_details(self, photo: DraftPhoto, number: int, force: bool) -> None:
        details = self._ensure_details()
        if not self.scroll.isVisible():
            self.scroll.setVisible(True)
        details.alt_label.setText(_("Alt text of photo {number}:").format(number=number))
        if force:
            blocked = details.alt_text.blockSignals(True)
            details.alt_text.setPlainText(photo.alt_text)
            details.alt_text.blockSignals(blocked)
        self.shown_id = photo.id
        details.set_presence(photo.presence)
        details.show_people(self._people_of(photo), photo.presence)
        self.refresh_counters(force=True)
        QTimer.singleShot(0, self, self._make_room)  # the people box may have appeared: the details grew

    def _make_room(self) -> None:
        """In the window's splitter, grow to show the details whole (at most 55 % of the column; the text keeps the
        rest). Only when they need more room than they had when last fitted, so a pane the librarian made
        smaller stays so until the details grow (the people box appearing, say)."""
        child, splitter = self.view, self.view.parentWidget()
        while splitter is not None and not isinstance(splitter, QSplitter):
            child, splitter = splitter, splitter.parentWidget()
        if splitter is None or self.details is None or not self.scroll.isVisible():
            return
        sizes = splitter.sizes()
        index = splitter.indexOf(child)
        total = sum(sizes)
        needed = self.room_needed()
        if needed <= self._fitted:
            return
        self._fitted = needed
        wanted = min(needed, total * 11 // 20)  # 55 %
        if index < 0 or sizes[index] >= wanted or total <= 0:
            return
        others = total - wanted
        rest = [size for i, size in enumerate(sizes) if i != index]
        share = sum(rest) or 1
        new_sizes = [round(size * others / share) for size in rest]
        new_sizes.insert(index, wanted)
        splitter.setSizes(new_sizes)

    def room_needed(self) -> int:
        """The height that shows the strip and the details without scrolling, at the width they have.

        Word-wrapped hints grow taller as they get narrower: the details' own size hint (at its preferred,
        wider width) would fall short, so their height is asked for the width of the scroll area.
        """
        details = self.details
        width = self.scroll.viewport().width() or self.view.width()
        height = details.heightForWidth(width) if details.hasHeightForWidth() else -1
        if height < 0:
            height = details.sizeHint().height()
        # The scroll area's own size hint is the details' as first made: ask the details themselves.
        return self.view.sizeHint().height() - self.scroll.sizeHint().height() + height + 2 * self.scroll.frameWidth()

    def _people_of(self, photo: DraftPhoto) -> list[tuple[int, str, str]]:
        from composer.core.consent import ConsentError, get_person

        people = []
        for linked in photo.people:
            try:
                name = get_person(self.store, linked.person_id).display_name
            except ConsentError:
                name = _("Person #{id}").format(id=linked.person_id)
            people.append((linked.person_id, name, linked.description))
        return people

    # --- the alt text -------------------------------------------------------------------------------

    def refresh_counters(self, force: bool = False) -> None:
        """Count the alt text for the chosen networks (cheap; called when networks may have changed)."""
        if self.details is None or self.shown_id is None:
            return
        keys = list(self._networks())
        if not force and keys == self._shown_networks:
            return
        self._shown_networks = keys
        self.details.show_counts(keys, len(self.details.alt_text.toPlainText()))

    def _on_alt_edited(self) -> None:
        self.details.show_counts(self._shown_networks, len(self.details.alt_text.toPlainText()))
        if not self._alt_timer.isActive():  # not restarted per keystroke: steady typing is saved too
            self._alt_timer.start()

    def save_alt_text(self) -> None:
        """Write an alt text still waiting for its pause now (before showing another photo or draft)."""
        if self._alt_timer.isActive():
            self._alt_timer.stop()
            self._save_alt_text()

    def _save_alt_text(self) -> None:
        photo = next((p for p in self._photos() if p.id == self.shown_id), None)
        if photo is None or self.details is None:
            return
        text = self.details.alt_text.toPlainText()
        if text == photo.alt_text:
            return
        if self.saver is not None:
            self.saver.submit_alt_text(photo.id, text, self._author())
        else:
            try:
                set_alt_text(self.store, photo.id, text)
            except (KeyError, *DatabaseError) as error:
                self.message.emit(_("The alt text could not be saved: {error}").format(error=error))
                return
        self.alt_text_saved.emit(photo.id, text)

    # --- who is in it ---------------------------------------------------------------------------------

    def _on_presence_toggled(self, button_id: int, checked: bool) -> None:
        photo = self._selected()
        if checked and photo is not None:
            self.presence_chosen.emit(photo.id, PRESENCE_CHOICES[button_id])

    def open_picker(self) -> PersonPicker | None:
        """Link a person… : the register in a small dialog that leaves the window usable."""
        photo = self._selected()
        if photo is None:
            return None
        if self.picker is not None:
            self.picker.close()
        picker = PersonPicker(self.store, self._author, self.view)
        picker.chosen.connect(lambda person_id, where: self.link_requested.emit(photo.id, person_id, where))
        picker.finished.connect(lambda _result: self._forget_picker(picker))
        self.picker = picker
        picker.show()
        picker.search.setFocus()
        return picker

    def _forget_picker(self, picker: PersonPicker) -> None:
        if self.picker is picker:
            self.picker = None
        picker.deleteLater()

    def describe_person(self) -> QInputDialog | None:
        """Where in the photo… : change the description of the selected person (non-blocking)."""
        photo = self._selected()
        chosen = self.details.selected_person() if self.details else None
        if photo is None or chosen is None:
            return None
        person_id, description = chosen
        dialog = QInputDialog(self.view)
        dialog.setObjectName("describe-person")
        dialog.setWindowTitle(_("Where in the photo?"))
        dialog.setLabelText(_("Where is this person in the photo (e.g. red coat, second from left)?"))
        dialog.setTextValue(description)

        def finished(result: int) -> None:
            if result:
                self.link_requested.emit(photo.id, person_id, dialog.textValue().strip())
            dialog.deleteLater()
            if self.describe_dialog is dialog:
                self.describe_dialog = None

        dialog.finished.connect(finished)
        self.describe_dialog = dialog
        dialog.open()
        return dialog

    def unlink_selected(self) -> None:
        """Unlink: the selected person is not in this photo after all."""
        photo = self._selected()
        chosen = self.details.selected_person() if self.details else None
        if photo is not None and chosen is not None:
            self.unlink_requested.emit(photo.id, chosen[0])

    # --- from the checklist ------------------------------------------------------------------------

    def focus(self, asks: str | None, photo: DraftPhoto) -> None:
        """Focus what a check about ``photo`` asks to fill in (``Check.asks``)."""
        details = self._ensure_details()
        if asks == ALT_TEXT:
            target = details.alt_text
        elif asks == PRESENCE:
            target = details.presence.button(0)
        elif asks == PEOPLE and not photo.people:
            target = details.link_button
        else:
            target = details.people
        target.setFocus(Qt.FocusReason.OtherFocusReason)
