"""The export hand-over in the window: text and photo on the (fake) clipboard, File → Export… on a worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from composer.core.export.folder import final_text
from composer.core.house_style import HouseStyle
from composer.core.storage.store import Store
from tests.helpers.drafts import TEXT, ready_draft_in
from tests.ui_helpers import STYLE, FakeClipboard, close, open_window


def test_copy_text_for_a_network_puts_exactly_its_final_text_on_the_clipboard(start, data_dir):
    window, fake = open_window(start, data_dir, network_texts={"facebook": "Eigen tekst voor Facebook 🎉\nTwee regels"})
    menu = window.export_ui.copy_text_menu
    menu.aboutToShow.emit()
    actions = {action.data(): action for action in menu.actions()}
    assert set(actions) == {"instagram", "facebook"}
    actions["facebook"].trigger()
    expected = final_text(window.editor.draft(), "facebook", STYLE)
    assert fake.texts == [expected]
    assert expected == "Eigen tekst voor Facebook 🎉\nTwee regels\n\nTot in de bib! 💛"
    assert "Facebook" in window.statusBar().currentMessage()
    actions["instagram"].trigger()
    assert fake.texts[-1] == TEXT + "\n\nTot in de bib! 💛"  # the shared text, line breaks and emoji intact
    assert "Instagram" in window.statusBar().currentMessage()


def test_ctrl_shift_c_copies_the_text_of_the_current_tab(qtbot, start, data_dir):
    window, fake = open_window(start, data_dir, networks=("instagram", "x"), network_texts={"x": "Kort voor X"})
    window.activateWindow()  # keyboard shortcuts reach only the active window
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.editor
    assert editor.current_key() == ""  # the shared tab: the first chosen network
    qtbot.keyClick(editor.current_edit(), Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert fake.texts == [final_text(editor.draft(), "instagram", STYLE)]
    editor.show_tab("x")
    qtbot.keyClick(editor.current_edit(), Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert fake.texts[-1] == "Kort voor X\n\nTot in de bib! 💛"
    assert "X" in window.statusBar().currentMessage()


def test_the_selected_photo_goes_to_the_clipboard_as_the_networks_image(qtbot, start, data_dir):
    window, fake = open_window(start, data_dir, photo=True)
    view = window.photos.view()
    qtbot.waitUntil(lambda: view.current_photo() is not None)
    window.export_ui.copy_photo("instagram")  # rendered on a worker thread
    qtbot.waitUntil(lambda: len(fake.images) == 1)
    (image,) = fake.images
    assert image.width() == image.height()  # Instagram's first usual shape: 1:1
    assert "Instagram" in window.statusBar().currentMessage()


def test_export_writes_the_folder_on_a_worker_and_says_where(qtbot, start, data_dir, tmp_path):
    window, _fake = open_window(start, data_dir, photo=True)
    ui = window.export_ui
    out = tmp_path / "out"
    ui.choose_folder = lambda parent, done: done(str(out))
    opened = []
    ui.open_folder = opened.append
    ui.export()
    assert ui.progress_dialog is not None and not ui.progress_dialog.isModal()
    qtbot.waitUntil(lambda: ui.message_box is not None, timeout=20_000)
    box = ui.message_box
    assert box.icon() == QMessageBox.Icon.Information and not box.isModal()
    (folder,) = out.iterdir()
    assert str(folder) in box.text()
    assert (folder / "facebook" / "text.txt").read_text("utf-8") == TEXT + "\n\nTot in de bib! 💛"
    assert (folder / "instagram" / "01.jpg").is_file()
    next(b for b in box.buttons() if b.text() == "Open folder").click()
    assert opened == [folder]

    ui.export()  # again: it asks before replacing
    qtbot.waitUntil(lambda: ui.message_box is not None and ui.message_box.icon() == QMessageBox.Icon.Question,
                    timeout=20_000)
    question = ui.message_box
    assert str(folder) in question.text()
    next(b for b in question.buttons() if b.text() == "Replace").click()
    qtbot.waitUntil(lambda: ui.message_box is not None and ui.message_box.icon() == QMessageBox.Icon.Information,
                    timeout=20_000)
    assert [p.name for p in out.iterdir()] == [folder.name]


def test_a_refused_export_says_so_before_asking_for_a_folder_in_words(qtbot, start, data_dir, tmp_path):
    """Issue 9 point 16: the folder was asked first, and the refusal showed ids ("length (X)")."""
    window, _fake = open_window(start, data_dir, text="Een lang verhaal over onze collectie. " * 10,
                                networks=("x", "facebook"))
    ui = window.export_ui
    asked = []
    ui.choose_folder = lambda parent, done: asked.append(done)
    ui.export()
    assert asked == []  # refused first: no folder asked for an export that cannot happen
    box = ui.message_box
    assert box is not None and box.icon() == QMessageBox.Icon.Warning and box.isVisible() and not box.isModal()
    details = box.informativeText()
    assert "Length: X: " in details and "characters too long" in details
    assert "length" not in details and "(X)" not in details  # no ids
    assert "Nothing blocks the export for Facebook" in details
    assert "Export refused" in window.statusBar().currentMessage()
    assert not ui.busy and not (tmp_path / "out").exists()


def test_a_refusal_offers_to_export_the_networks_that_pass(qtbot, start, data_dir, tmp_path):
    window, _fake = open_window(start, data_dir, text="Een lang verhaal over onze collectie. " * 10,
                                networks=("instagram", "x", "facebook"))
    ui = window.export_ui
    out = tmp_path / "out"
    ui.choose_folder = lambda parent, done: done(str(out))
    ui.export()
    box = ui.message_box
    only = next(b for b in box.buttons() if b.text() == "Export Facebook and Instagram only…")
    assert box.escapeButton() is not only
    only.click()
    qtbot.waitUntil(lambda: ui.message_box is not None and ui.message_box.icon() == QMessageBox.Icon.Information,
                    timeout=20_000)
    (folder,) = out.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["facebook", "instagram"]
    assert (folder / "facebook" / "text.txt").read_text("utf-8").endswith("Tot in de bib! 💛")


def test_a_refusal_for_every_network_offers_nothing_to_export(qtbot, start, data_dir):
    ready_draft_in(data_dir, networks=("x", "facebook"))
    window = start(house_style=HouseStyle(review_required=True)).window
    ui = window.export_ui
    ui.choose_folder = lambda parent, done: pytest.fail("no folder for a refused export")
    ui.export()
    box = ui.message_box
    assert "Approval: " in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["Close"]


def test_what_was_copied_is_cleared_from_the_clipboard_at_quit(start, data_dir, qapp):
    window, fake = open_window(start, data_dir)
    window.export_ui.clear_clipboard()
    assert fake.cleared == 0  # nothing copied: nothing to clear
    window.export_ui.copy_text("facebook")
    qapp.aboutToQuit.emit()
    assert fake.cleared == 1


def test_an_export_that_ends_after_its_window_closed_is_finished_quietly(qtbot, start, data_dir, tmp_path):
    """Its progress and result are dropped (never handed to the deleted window); the folder is still written."""
    from PySide6.QtWidgets import QApplication

    from composer.ui import background

    ready_draft_in(data_dir, photo=True)
    session = start(house_style=STYLE)
    ui = session.window.export_ui
    out = tmp_path / "out"
    ui.choose_folder = lambda parent, done: done(str(out))
    ui.export()
    assert ui.busy
    close(session)  # the window is deleted while the export runs
    assert background.wait_idle(30)
    QApplication.processEvents()  # its reports arrive now, for nobody
    (folder,) = out.iterdir()
    assert (folder / "instagram" / "01.jpg").is_file()


def test_the_hand_over_works_for_any_host_not_only_the_main_window(qtbot, data_dir):
    """It sees the window only through its Host: a plain widget and a few functions are enough."""
    from PySide6.QtWidgets import QWidget

    from composer.ui.export.export_ui import ExportUi, Host

    draft_id = ready_draft_in(data_dir)
    store = Store.open(data_dir)
    try:
        draft = store.get(draft_id)
        parent = QWidget()
        qtbot.addWidget(parent)
        saved: list[int] = []
        ui = ExportUi(parent, Host(store=store, draft=lambda: draft, save=lambda: not saved.append(draft.id),
                                   tab=lambda: "facebook", house_style=lambda: STYLE, author=lambda: "An Peeters",
                                   selected_photo=lambda: None))
        ui.clipboard = fake = FakeClipboard()
        said: list[str] = []
        ui.message.connect(said.append)
        assert ui.copy_text() == final_text(draft, "facebook", STYLE) == fake.texts[-1]
        assert saved == [draft.id] and "Facebook" in said[-1]
        ui.copy_photo("facebook")
        assert said[-1] == "Select a photo first."
    finally:
        store.close()


def test_the_folder_dialog_starts_in_documents_then_where_the_last_export_went(qtbot, start, tmp_path, monkeypatch):
    """It opened in whatever folder the app was started from (the program's own folder, often)."""
    from composer.ui.export import export_ui

    window = start().window
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    chosen = []
    dialog = export_ui.choose_folder(window, chosen.append)
    assert Path(dialog.directory().absolutePath()) != elsewhere
    assert Path(dialog.directory().absolutePath()) == Path(export_ui.start_folder())
    out = tmp_path / "exports"
    out.mkdir()
    dialog.fileSelected.emit(str(out))
    dialog.reject()
    assert chosen == [str(out)]
    again = export_ui.choose_folder(window, chosen.append)
    assert Path(again.directory().absolutePath()) == out
    again.reject()
