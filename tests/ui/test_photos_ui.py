"""Photos in the window: adding (file dialog, paste, drop), order, removal with undo, alt text, who is in it.

Every image is made with Pillow (``tests/helpers/images.py``). The clipboard is
never touched: the panel reads it through an adapter that these tests replace
(``tests.ui_helpers.FakeClipboard``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from composer.core.checklist import Status
from composer.core.consent import add_person
from composer.core.photos.library import PHOTOS_FOLDER, draft_photos
from composer.core.storage.store import Store
from composer.ui.clipboard import PastedImage
from tests.helpers.consent import AUTHOR, terms
from tests.helpers.images import BLUE, GREEN, RED, jpeg_file, png
from tests.ui_helpers import FakeClipboard, close, settle, type_text

# --- helpers -------------------------------------------------------------------------------------


def view_of(session):
    return session.window.photos.view()


def loaded(qtbot, view, timeout: int = 10_000) -> None:
    """Wait until every import and thumbnail has come back to the UI thread and the strip shows them."""
    settle(timeout / 1000)
    qtbot.waitUntil(lambda: not view.loading(), timeout=timeout)


def add_files(qtbot, view, *paths: Path) -> None:
    """Add photos… with the file dialog replaced by one that 'chooses' ``paths``."""
    view.chooser = lambda parent, done: done([str(p) for p in paths])
    view.add_button.click()
    loaded(qtbot, view)


def shown_ids(view) -> list:
    return [view.strip.item(row).data(Qt.ItemDataRole.UserRole) for row in range(view.strip.count())]


def pixmap_at(view, row: int):
    return view.strip.item(row).data(Qt.ItemDataRole.DecorationRole)


def stored(window) -> list:
    return draft_photos(window.store, window.current.id)


def status_message(window) -> str:
    return window.statusBar().currentMessage()


def checks(window, check_id: str) -> list:
    window.refresh_checks()
    return [c for c in window.checklist.checks() if c.id == check_id]


def answer(qtbot, details, choice: int) -> None:
    """Click a "who is in it?" radio button on its circle, where a person clicks (its middle may be empty space)."""
    button = details.presence.button(choice)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def undo_button(window) -> QPushButton:
    buttons = [b for b in window.statusBar().findChildren(QPushButton) if b.text() == "Undo" and b.isVisible()]
    assert buttons, "no Undo in the status bar"
    return buttons[-1]


@pytest.fixture
def session(start):
    return start()


@pytest.fixture
def view(session):
    return view_of(session)


# --- adding --------------------------------------------------------------------------------------


def test_strip_is_built_just_after_the_window_shows(qtbot, start):
    session = start()
    panel = session.window.photos
    qtbot.waitUntil(lambda: panel.findChild(QWidget, "photos-view") is not None)  # built by itself
    assert view_of(session).strip.count() == 0
    assert view_of(session).strip.isVisibleTo(session.window)


STARTUP_PROBE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from composer.core.storage.store import Store
from composer.ui.app import Session

app = QApplication([])
store = Store.open(Path(sys.argv[1]))
store.set_setting("user_name", "An Peeters")
store.close()
session = Session(app, Path(sys.argv[1]), "en")
assert session.start()
loaded = sorted(m for m in ("PIL", "pi_heif", "composer.core.consent") if m in sys.modules)
loaded += sorted(m for m in sys.modules  # the strip and its parts; the panel keeping its place is light
                 if m.startswith("composer.ui.photos.")
                 and m not in ("composer.ui.photos.photos_panel", "composer.ui.photos.strip_signals"))
session.stop()
print(",".join(loaded))
"""


def test_starting_the_window_loads_neither_pillow_nor_the_photo_strip(tmp_path):
    """Start-up time matters: Pillow and the photo widgets come after the window shows."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"}
    result = subprocess.run([sys.executable, "-c", STARTUP_PROBE, str(tmp_path / "data")], check=False, env=env,
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_a_jpeg_from_the_file_dialog_shows_a_placeholder_then_its_thumbnail_and_is_kept(qtbot, start, tmp_path):
    session = start()
    view = view_of(session)
    photo = jpeg_file(tmp_path / "leeszaal.jpg", RED, (120, 80))
    view.chooser = lambda parent, done: done([str(photo)])
    view.add_button.click()
    assert shown_ids(view) == [None]  # the placeholder, while the worker reads the file
    assert view.strip.item(0).text() == "Loading…"
    loaded(qtbot, view)
    (added,) = stored(session.window)
    assert shown_ids(view) == [added.id]
    thumb = pixmap_at(view, 0)
    assert not thumb.isNull() and thumb.width() > thumb.height()
    assert added.photo.original_name == "leeszaal.jpg"
    assert view.current_id() == added.id
    assert "leeszaal.jpg" in status_message(session.window)
    draft_id = session.window.current.id
    close(session)

    again = start()
    assert again.window.current.id == draft_id
    view = view_of(again)
    loaded(qtbot, view)
    assert shown_ids(view) == [added.id]
    assert not pixmap_at(view, 0).isNull()


def test_exif_orientation_is_respected_in_the_thumbnail(qtbot, view, session, tmp_path):
    add_files(qtbot, view, jpeg_file(tmp_path / "gedraaid.jpg", BLUE, (120, 80), orientation=6))
    (added,) = stored(session.window)
    assert (added.photo.width, added.photo.height) == (80, 120)
    thumb = pixmap_at(view, 0)
    assert thumb.height() > thumb.width()  # shown upright: portrait


def test_the_draft_keeps_its_photos_when_the_originals_move(qtbot, start, tmp_path):
    session = start()
    originals = tmp_path / "camera"
    add_files(qtbot, view_of(session), jpeg_file(originals / "a.jpg", RED), jpeg_file(originals / "b.jpg", GREEN))
    hashes = [p.photo.hash for p in stored(session.window)]
    close(session)
    shutil.move(str(originals), str(tmp_path / "elsewhere"))  # the SD card is gone

    again = start()
    view = view_of(again)
    loaded(qtbot, view)
    assert [p.photo.hash for p in view.photos] == hashes
    for row in range(2):
        assert not pixmap_at(view, row).isNull()
        assert not view.strip.item(row).data(Qt.ItemDataRole.UserRole + 2)  # no problem noted


@pytest.mark.parametrize("name, content, words", [
    ("leeg.jpg", b"", "empty"),
    ("brief.jpg", b"Beste lezer, dit is geen foto.\n" * 20, "not an image"),
    ("half.jpg", None, "damaged"),
])
def test_a_bad_file_gives_a_message_and_changes_nothing(qtbot, view, session, tmp_path, data_dir, name, content,
                                                       words):
    path = tmp_path / name
    if content is None:  # a JPEG cut off halfway, as from an interrupted copy
        whole = jpeg_file(tmp_path / "whole.jpg", RED, (400, 300)).read_bytes()
        content = whole[: len(whole) // 2]
    path.write_bytes(content)
    add_files(qtbot, view, path)
    assert stored(session.window) == []
    assert view.strip.count() == 0
    message = status_message(session.window)
    assert message.startswith(f"{name} was not added: ") and words in message
    assert not any((data_dir / PHOTOS_FOLDER).rglob("*.*"))


def test_a_good_and_a_bad_file_together_add_only_the_good_one(qtbot, view, session, tmp_path):
    (tmp_path / "leeg.jpg").write_bytes(b"")
    add_files(qtbot, view, jpeg_file(tmp_path / "goed.jpg"), tmp_path / "leeg.jpg")
    assert [p.photo.original_name for p in stored(session.window)] == ["goed.jpg"]
    assert "leeg.jpg was not added" in status_message(session.window)


def test_paste_an_image_through_the_clipboard_adapter(qtbot, view, session):
    view.clipboard = FakeClipboard(PastedImage(data=png(colour=GREEN), name="pasted.png"))
    qtbot.keyClick(view.strip, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    loaded(qtbot, view)
    (first,) = stored(session.window)
    assert first.photo.format == "PNG"
    # Pixels only (a screenshot some programs copy without a file): encoded as PNG in the worker.
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.blue)
    view.clipboard = FakeClipboard(PastedImage(image=image, name="pasted.png"))
    view.paste_button.click()
    loaded(qtbot, view)
    assert [(p.photo.width, p.photo.height) for p in stored(session.window)] == [(64, 48), (40, 30)]


def test_paste_with_nothing_on_the_clipboard_says_so(qtbot, view, session):
    view.clipboard = FakeClipboard()
    view.paste()
    assert status_message(session.window) == "There is no image on the clipboard to paste."
    assert view.strip.count() == 0


def test_dropping_files_on_the_strip_adds_them_at_the_drop_place(qtbot, view, session, tmp_path):
    add_files(qtbot, view, jpeg_file(tmp_path / "eerste.jpg", RED), jpeg_file(tmp_path / "laatste.jpg", BLUE))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(jpeg_file(tmp_path / "midden.jpg", GREEN))),
                  QUrl("https://example.org/niet-lokaal.jpg")])
    viewport = view.strip.viewport()
    between = QPointF(view.strip.visualRect(view.strip.model().index(1, 0)).topLeft()) + QPointF(2, 10)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(between.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(between, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()
    loaded(qtbot, view)
    assert [p.photo.original_name for p in stored(session.window)] == ["eerste.jpg", "midden.jpg", "laatste.jpg"]


def test_a_drop_without_local_files_or_images_is_refused(qtbot, view):
    mime = QMimeData()
    mime.setText("gewoon tekst")
    enter = QDragEnterEvent(view.strip.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.strip.viewport(), enter)
    assert not enter.isAccepted()


def test_an_import_for_a_draft_no_longer_shown_is_dropped(qtbot, start, tmp_path):
    session = start()
    window = session.window
    first = window.current.id
    view = view_of(session)
    view.chooser = lambda parent, done: done([str(jpeg_file(tmp_path / "laat.jpg"))])
    type_text(window.editor.editors[""], "Affiches")  # (New on a still empty draft keeps that one open)
    view.add_button.click()
    window.new_draft()  # before the worker answers
    loaded(qtbot, view)
    assert draft_photos(window.store, first) == []
    assert stored(window) == []
    assert view.strip.count() == 0


def test_closing_the_window_while_a_photo_is_read_loses_nothing_else(qtbot, start, tmp_path):
    session = start()
    view = view_of(session)
    view.chooser = lambda parent, done: done([str(jpeg_file(tmp_path / "onderweg.jpg"))])
    view.add_button.click()
    close(session)
    settle()  # the result arrives for a closed window and is dropped
    again = start()
    assert stored(again.window) == []


# --- order and removal ---------------------------------------------------------------------------


def names(window) -> list[str]:
    return [p.photo.original_name for p in stored(window)]


def test_reorder_with_keys_buttons_and_a_drag(qtbot, view, session, tmp_path):
    add_files(qtbot, view, *(jpeg_file(tmp_path / f"{n}.jpg", c) for n, c in (("a", RED), ("b", GREEN), ("c", BLUE))))
    window = session.window
    view.strip.setCurrentRow(0)
    qtbot.keyClick(view.strip, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert names(window) == ["b.jpg", "a.jpg", "c.jpg"]
    assert view.current_photo().photo.original_name == "a.jpg"  # the moved photo stays selected
    view.right_button.click()
    assert names(window) == ["b.jpg", "c.jpg", "a.jpg"]
    assert not view.right_button.isEnabled()
    qtbot.keyClick(view.strip, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert names(window) == ["b.jpg", "a.jpg", "c.jpg"]
    view.strip.moved.emit(2, 0)  # what a drag of the third thumbnail to the front reports
    assert names(window) == ["c.jpg", "b.jpg", "a.jpg"]
    numbers = [view.strip.item(r).data(Qt.ItemDataRole.UserRole + 3) for r in range(3)]
    assert numbers == [1, 2, 3]


def test_delete_removes_the_photo_and_undo_puts_it_back_with_its_alt_text(qtbot, view, session, tmp_path, data_dir):
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg", RED), jpeg_file(tmp_path / "b.jpg", GREEN))
    window = session.window
    view.strip.setCurrentRow(0)
    view.details.alt_text.setPlainText("Een rode foto")
    view.save_alt_text()
    qtbot.keyClick(view.strip, Qt.Key.Key_Delete)
    assert names(window) == ["b.jpg"]
    assert status_message(window) == "Photo 1 removed from the post."
    assert len(list((data_dir / PHOTOS_FOLDER).rglob("*.jpg"))) == 2  # the stored file stays
    undo_button(window).click()
    assert names(window) == ["a.jpg", "b.jpg"]
    assert stored(window)[0].alt_text == "Een rode foto"
    assert view.current_photo().photo.original_name == "a.jpg"


# --- alt text ------------------------------------------------------------------------------------


def test_typed_alt_text_is_saved_and_counted_per_network(qtbot, view, session, tmp_path):
    window = session.window
    for key in ("instagram", "mastodon"):
        window.editor.network_boxes[key].setChecked(True)
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg"))
    assert [c.status for c in checks(window, "alt_text")] == [Status.WARN]  # said once for both networks
    edit = view.details.alt_text
    edit.setFocus()
    type_text(edit, "Kinderen luisteren naar één verhaal")
    counters = view.details.counters
    assert counters["instagram"].text() == "Instagram 35/1,000"  # as the English window writes numbers (63,206)
    assert counters["mastodon"].text() == "Mastodon 35/1,500"
    assert not counters.get("x") or not counters["x"].isVisibleTo(window)
    qtbot.waitUntil(lambda: stored(window)[0].alt_text == "Kinderen luisteren naar één verhaal", timeout=2000)
    qtbot.waitUntil(lambda: [c.status for c in checks(window, "alt_text")] == [Status.PASS])
    window.editor.network_boxes["x"].setChecked(True)  # a network chosen later gets its counter too
    assert counters["x"].isVisibleTo(window) and counters["x"].text() == "X 35/1,000"


def test_alt_text_counter_turns_orange_near_and_red_over_the_limit(qtbot, view, session, tmp_path):
    window = session.window
    window.editor.network_boxes["x"].setChecked(True)
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg"))
    edit, counter = view.details.alt_text, view.details.counters["x"]
    edit.setPlainText("a" * 900)
    assert counter.property("state") == "near"
    edit.setPlainText("a" * 1001)
    assert counter.property("state") == "over"
    view.save_alt_text()
    qtbot.waitUntil(lambda: "longer than 1000" in checks(window, "alt_text")[0].message)
    (check,) = checks(window, "alt_text")
    assert check.status is Status.WARN


def test_alt_text_is_saved_before_another_photo_is_selected(qtbot, view, session, tmp_path):
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg", RED), jpeg_file(tmp_path / "b.jpg", GREEN))
    view.strip.setCurrentRow(0)
    type_text(view.details.alt_text, "Rood")
    view.strip.setCurrentRow(1)  # handed to the saver at once, not after the pause
    qtbot.waitUntil(lambda: [p.alt_text for p in stored(session.window)] == ["Rood", ""], timeout=2000)
    assert view.details.alt_text.toPlainText() == ""


# --- who is in it --------------------------------------------------------------------------------


def consent_checks(window) -> list:
    return checks(window, "consent")


def test_who_is_in_it_and_linking_people_drive_the_consent_check(qtbot, view, session, tmp_path):
    window = session.window
    window.editor.network_boxes["instagram"].setChecked(True)
    add_files(qtbot, view, jpeg_file(tmp_path / "groep.jpg"))
    assert [c.status for c in consent_checks(window)] == [Status.TODO]  # not answered yet
    details = view.details
    answer(qtbot, details, 3)  # recognisable people
    assert stored(window)[0].presence == "people"
    (todo,) = consent_checks(window)
    assert todo.status is Status.TODO and "link each of them" in todo.message
    assert details.people_box.isVisibleTo(window)

    picker = view.open_picker()
    assert not picker.isModal()
    type_text(picker.search, "Jan Claes")
    picker.description.setText("rode jas, tweede van links")
    qtbot.mouseClick(picker.new_button, Qt.MouseButton.LeftButton)
    (linked,) = stored(window)[0].people
    assert linked.description == "rode jas, tweede van links"
    assert details.people.item(0).text() == "Jan Claes — rode jas, tweede van links"
    (fail,) = consent_checks(window)
    assert fail.status is Status.FAIL and "Jan Claes" in fail.message

    answer(qtbot, details, 1)  # nobody recognisable after all
    assert [c.status for c in consent_checks(window)] == [Status.PASS]
    assert details.people_box.isVisibleTo(window)  # the link is kept, and shown


def test_link_an_existing_person_describe_and_unlink(qtbot, view, session, tmp_path):
    window = session.window
    window.editor.network_boxes["facebook"].setChecked(True)
    person = add_person(window.store, "Els Janssens", "An Peeters")
    add_person(window.store, "Piet Peeters", "An Peeters")
    add_files(qtbot, view, jpeg_file(tmp_path / "groep.jpg"))
    answer(qtbot, view.details, 3)
    picker = view.open_picker()
    type_text(picker.search, "els")
    picker.refresh()  # as the search pause would
    assert [picker.results.item(r).text() for r in range(picker.results.count())] == [
        "Els Janssens — no consent on record"]
    qtbot.mouseClick(picker.link_button, Qt.MouseButton.LeftButton)
    assert [p.person_id for p in stored(window)[0].people] == [person.id]
    assert any("Els Janssens" in c.message for c in consent_checks(window) if c.status is Status.FAIL)

    details = view.details
    details.people.setCurrentRow(0)
    dialog = view.describe_person()
    assert not dialog.isModal() or dialog.windowModality() != Qt.WindowModality.ApplicationModal
    dialog.setTextValue("met de boekentas")
    dialog.accept()
    assert stored(window)[0].people[0].description == "met de boekentas"

    details.people.setCurrentRow(0)
    qtbot.mouseClick(details.unlink_button, Qt.MouseButton.LeftButton)
    assert stored(window)[0].people == ()
    assert [c.status for c in consent_checks(window)] == [Status.TODO]


def test_a_new_person_needs_a_name(qtbot, view, session, tmp_path):
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg"))
    picker = view.open_picker()
    assert not picker.new_button.isEnabled()
    picker.search.setText("   ")
    assert not picker.new_button.isEnabled()
    picker.add_new()  # even if called: a clear message, nothing linked
    assert picker.error.isVisibleTo(picker) and picker.error.text()
    assert stored(session.window)[0].people == ()


def test_the_checklist_takes_you_to_the_photo_a_check_is_about(qtbot, view, session, tmp_path):
    window = session.window
    window.editor.network_boxes["instagram"].setChecked(True)
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg", RED), jpeg_file(tmp_path / "b.jpg", GREEN))
    view.strip.setCurrentRow(0)
    view.details.alt_text.setPlainText("Rood")
    view.save_alt_text()  # handed to the saver's thread: the checks read it once it is stored
    qtbot.waitUntil(lambda: [p.alt_text for p in stored(window)] == ["Rood", ""], timeout=2000)
    answer(qtbot, view.details, 2)  # an atmosphere shot
    (alt,) = checks(window, "alt_text")
    window.go_to(alt)
    assert view.current_photo().photo.original_name == "b.jpg"
    view.strip.setCurrentRow(0)
    consent = next(c for c in checks(window, "consent") if c.status is Status.TODO)
    window.go_to(consent)
    assert view.current_photo().photo.original_name == "b.jpg"


def test_a_draft_in_the_trash_shows_its_photos_read_only(qtbot, view, session, tmp_path):
    window = session.window
    add_files(qtbot, view, jpeg_file(tmp_path / "a.jpg"))
    trashed = window.current.id
    window.trash_draft()
    window.drafts.show_trash.setChecked(True)
    window.open_draft(trashed)
    assert window.current.id == trashed
    assert view.strip.count() == 1
    assert not window.photos.isEnabled() or not view.isEnabled()


def test_photos_of_a_store_opened_elsewhere_are_read_again_on_reopening(qtbot, start, data_dir, tmp_path):
    session = start()
    draft_id = session.window.current.id
    close(session)
    from composer.core.photos.library import attach_photo, import_photo

    store = Store.open(data_dir)
    try:
        attach_photo(store, draft_id, import_photo(store, jpeg_file(tmp_path / "cli.jpg")))
    finally:
        store.close()
    view = view_of(start())
    loaded(qtbot, view)
    assert view.strip.count() == 1 and not pixmap_at(view, 0).isNull()


# --- issue 9: who is in a photo belongs to the file; Undo keeps the withdrawal mark ----------------


def withdrawn_person(store) -> int:
    """Someone who consented to Facebook, then withdrew."""
    from composer.core import consent as c

    an = add_person(store, "An Peeters", AUTHOR).id
    c.grant_consent(store, an, terms(), AUTHOR)
    c.withdraw(store, person_id=an, received_how="email", author=AUTHOR)
    return an


def link_in_window(qtbot, view, person_id: int) -> None:
    answer(qtbot, view.details, 3)  # recognisable people
    view.link(view.current_id(), person_id, "rode jas")


def test_undoing_a_photo_removal_brings_back_the_consent_withdrawn_mark(qtbot, view, session, tmp_path):
    """Point 19: the mark went when the photo left, and stayed gone after Undo put the photo back."""
    window = session.window
    window.editor.network_boxes["facebook"].setChecked(True)
    add_files(qtbot, view, jpeg_file(tmp_path / "groep.jpg"))
    an = add_person(window.store, "An Peeters", "Els").id
    link_in_window(qtbot, view, an)
    from composer.core import consent as c

    c.grant_consent(window.store, an, terms(), "Els")
    c.withdraw(window.store, person_id=an, received_how="email", author="Els")
    window.photos_changed()  # as the register window says after a withdrawal
    assert window.current.status == "consent_withdrawn"
    qtbot.keyClick(view.strip, Qt.Key.Key_Delete)
    assert window.current.status == "draft"  # nothing blocks any more: the mark goes
    undo_button(window).click()
    assert names(window) == ["groep.jpg"]
    assert window.store.get(window.current.id).status == window.current.status == "consent_withdrawn"
    assert "Consent withdrawn" in window.drafts.model.data(window.drafts.model.index(0))
    assert [c.status for c in consent_checks(window)] == [Status.FAIL]


def test_the_same_file_in_another_draft_brings_who_is_in_it(qtbot, view, session, tmp_path):
    """Point 8: remove a photo of someone who withdrew, add the file to another draft: it is not "nobody"."""
    window = session.window
    window.editor.network_boxes["facebook"].setChecked(True)
    photo = jpeg_file(tmp_path / "groep.jpg")
    add_files(qtbot, view, photo)
    link_in_window(qtbot, view, withdrawn_person(window.store))
    qtbot.keyClick(view.strip, Qt.Key.Key_Delete)
    window.new_draft()
    window.editor.network_boxes["facebook"].setChecked(True)
    add_files(qtbot, view, photo)
    view.strip.setCurrentRow(0)
    assert view.details.presence_choice() == "people"
    assert view.details.people.item(0).text() == "An Peeters — rode jas"
    (check,) = consent_checks(window)
    assert check.status is Status.FAIL and "An Peeters" in check.message


def wholly_shown(view, widget) -> bool:
    """``widget`` is inside the part of the details the scroll area shows, with nothing to scroll to."""
    viewport, bars = view.scroll.viewport(), (view.scroll.verticalScrollBar(), view.scroll.horizontalScrollBar())
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size())) and all(bar.maximum() == 0 for bar in bars)


def test_the_photo_details_fit_a_window_on_a_1366_by_768_screen_in_dutch(qtbot, start, tmp_path):
    """Point 19: "zeg waar ze staan" and "Ontkoppelen" were cut off under a title bar on a 768-pixel screen."""
    window = start(language="nl").window
    QApplication.processEvents()  # the window has been fitted to the (800-pixel) offscreen screen
    window.resize(1280, 698)  # what is left of 1366×768 pixels under a title bar and above a task bar
    view = window.photos.view()
    window.editor.network_boxes["facebook"].setChecked(True)
    add_files(qtbot, view, jpeg_file(tmp_path / "groep.jpg"))
    details = view.details
    answer(qtbot, details, 3)  # recognisable people: the people box appears, with its hint
    QApplication.processEvents()  # laid out anew (a check before that would see the old sizes)
    qtbot.waitUntil(lambda: wholly_shown(view, details.people_hint) and wholly_shown(view, details.unlink_button))
    assert not view.scroll.verticalScrollBar().isVisible()
    assert details.people_hint.text().endswith("zeg waar ze staan.")
    view.link(view.current_id(), add_person(window.store, "An Peeters", "Els").id, "rode jas, tweede van links")
    QApplication.processEvents()
    assert wholly_shown(view, details.unlink_button) and details.unlink_button.text() == "Ontkoppelen"
