"""The window as a librarian uses it: typing, counters, checklist, drafts, and nothing lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from composer.core.storage.store import Store
from composer.ui.app import Session
from tests.ui_helpers import activate, close, type_text

DUTCH = "Nieuwe aanwinst in de bib: één prachtig café-boek 👨‍👩‍👧‍👦🇧🇪! Kom kijken."


def counter(window, key: str) -> str:
    label = window.editor.counters[key]
    return label.text() if label.isVisibleTo(window) else ""


def state(window, key: str) -> str | None:
    label = window.editor.counters[key]
    return label.property("state") if label.isVisibleTo(window) else None


def test_typed_dutch_text_is_counted_checked_and_found_again(qtbot, start):
    session = start()
    window = session.window
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.network_boxes["bluesky"].setChecked(True)
    edit = window.editor.editors[""]
    edit.setFocus()
    type_text(edit, DUTCH)
    assert edit.toPlainText() == DUTCH
    # 63 ordinary characters and two emoji sequences: 2 each on X, 1 grapheme each on Bluesky.
    qtbot.waitUntil(lambda: counter(window, "x") == "X 67/280")
    assert counter(window, "bluesky") == "Bluesky 65/300"
    assert "X: 67 of 280 characters." in window.checklist.messages()
    close(session)

    again = start()
    assert again.window.editor.editors[""].toPlainText() == DUTCH
    assert again.window.editor.draft().networks == ("x", "bluesky")


def test_autosave_reaches_sqlite_within_a_second(qtbot, start, data_dir):
    session = start()
    edit = session.window.editor.editors[""]
    type_text(edit, "Opgeslagen zonder knop")
    draft_id = session.window.current.id

    def stored() -> str:
        reader = Store.open(data_dir)
        try:
            return reader.get(draft_id).text
        finally:
            reader.close()

    qtbot.waitUntil(lambda: stored() == "Opgeslagen zonder knop", timeout=1000)


def test_counter_turns_red_and_checklist_blocks_past_the_limit(qtbot, start):
    session = start()
    window = session.window
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.editors[""].setPlainText("a" * 290)
    qtbot.waitUntil(lambda: state(window, "x") == "over")
    assert "X: 10 characters too long." in window.checklist.messages()
    assert "export blocked" in window.checklist.summary.text()
    window.editor.editors[""].setPlainText("a" * 230)
    qtbot.waitUntil(lambda: state(window, "x") == "near")


def test_purpose_and_audience_are_asked_until_chosen(qtbot, start):
    window = start().window
    qtbot.waitUntil(lambda: "Why this post? Choose a purpose." in window.checklist.messages())
    window.editor.purpose.setCurrentIndex(window.editor.purpose.findData("event"))
    window.editor.audience.setCurrentIndex(window.editor.audience.findData("students"))
    qtbot.waitUntil(lambda: "Purpose: Event." in window.checklist.messages())
    assert "Audience: Students." in window.checklist.messages()


def test_own_version_for_a_network_and_back_to_the_shared_text(qtbot, start):
    session = start()
    editor = session.window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.network_boxes["mastodon"].setChecked(True)
    editor.editors[""].setPlainText("Lange gedeelde tekst " * 20)
    editor.add_version("x")
    editor.editors["x"].setPlainText("Kort voor X")
    qtbot.waitUntil(lambda: counter(session.window, "x") == "X 11/280")
    assert editor.draft().text_for("mastodon").startswith("Lange")
    session.window.save_now()
    close(session)

    session = start()
    editor = session.window.editor
    assert editor.draft().network_texts == {"x": "Kort voor X"}
    editor.remove_version("x")
    assert editor.draft().text_for("x").startswith("Lange")
    undo = [b for b in session.window.statusBar().findChildren(QPushButton) if b.text() == "Undo"]
    assert len(undo) == 1
    undo[0].click()
    assert editor.draft().network_texts == {"x": "Kort voor X"}


def test_new_duplicate_trash_and_restore_with_the_keyboard(qtbot, start):
    window = start().window
    activate(qtbot, window)
    type_text(window.editor.editors[""], "Eerste")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(window.editor.editors[""], "Tweede")
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.save_now()
    rows = window.store.list_drafts()
    assert [r.first_line for r in rows] == ["Tweede", "Tweede", "Eerste"]
    window.drafts.view.setFocus()
    qtbot.keyClick(window.drafts.view, Qt.Key.Key_Delete)
    assert [r.first_line for r in window.store.list_drafts()] == ["Tweede", "Eerste"]
    assert [r.first_line for r in window.store.list_drafts(trash=True)] == ["Tweede"]
    window.trash_view_action.trigger()  # View > Show trash
    assert window.drafts.in_trash
    assert window.drafts.model.rowCount() == 1
    assert not window.editor.isEnabled()  # a draft in the trash is read-only
    window.drafts.restore_button.click()
    assert not window.drafts.in_trash
    assert len(window.store.list_drafts()) == 3


def test_delete_key_in_the_editor_deletes_text_not_the_draft(qtbot, start):
    window = start().window
    edit = window.editor.editors[""]
    type_text(edit, "abc")
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.Start)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.toPlainText() == "bc"
    assert window.store.list_drafts(trash=True) == []


def test_search_as_you_type_and_ctrl_f(qtbot, start):
    window = start().window
    activate(qtbot, window)
    window.editor.editors[""].setPlainText("Tentoonstelling over café-affiches")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    window.editor.editors[""].setPlainText("Openingsuren tijdens de kerstvakantie")
    window.save_now()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.drafts.search
    type_text(window.drafts.search, "cafe")
    qtbot.waitUntil(lambda: window.drafts.model.rowCount() == 1)
    assert window.drafts.model.data(window.drafts.model.index(0)).startswith("Tentoonstelling")


def test_author_and_last_editor_are_recorded(qtbot, start, data_dir):
    session = start(name="An")
    type_text(session.window.editor.editors[""], "Van An")
    close(session)
    store = Store.open(data_dir)
    store.set_setting("user_name", "Jan")
    store.close()
    session = start()
    type_text(session.window.editor.editors[""], ", aangevuld door Jan")
    session.window.save_now()
    assert session.window.editor.author.text() == "Written by An · last edited by Jan"
    assert session.window.drafts.model.data(session.window.drafts.model.index(0)).endswith("· Jan")


def test_first_start_asks_the_name(qtbot, qapp, data_dir, messages):
    session = Session(qapp, data_dir, "en")
    try:
        assert session.start()
        assert session.window is None
        dialog = session.name_dialog
        dialog.setTextValue("Els Claes")
        dialog.accept()
        assert session.window is not None
        assert session.window.author == "Els Claes"
        assert session.window.current.created_by == "Els Claes"
    finally:
        close(session)


def test_splitter_sizes_and_last_draft_are_remembered(qtbot, start):
    session = start()
    window = session.window
    activate(qtbot, window)
    window.editor.editors[""].setPlainText("Eerste")
    first = window.current.id
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    window.open_draft(first)
    window.splitter.setSizes([200, 700, 380])
    sizes = window.splitter.sizes()
    close(session)
    session = start()
    assert session.window.current.id == first
    assert session.window.splitter.sizes() == sizes


def test_a_second_start_on_the_same_folder_is_refused(qtbot, start, messages):
    first = start()
    assert first.started
    second = start(must_start=False)
    assert not second.started
    assert second.store is None
    assert messages[-1][0] == "Post Composer is already open"


def test_language_switch_rebuilds_the_window_in_dutch(qtbot, start):
    session = start()
    type_text(session.window.editor.editors[""], "Niets verloren")
    session.window.language_requested.emit("nl")
    assert session.window.editor.editors[""].toPlainText() == "Niets verloren"
    assert session.window.windowTitle() == "Post Composer"
    assert session.window.checklist.title.text() == "Checklist"
    qtbot.waitUntil(lambda: session.store.setting("language") == "nl")
    qtbot.waitUntil(lambda: "Kies een doel" in " ".join(session.window.checklist.messages()))


def test_a_long_drafts_list_is_read_as_it_is_scrolled(qtbot, start, data_dir):
    store = Store.open(data_dir)
    with store.atomic():
        for i in range(450):
            store.create("An", text=f"Ontwerp {i}")
    store.close()
    window = start().window
    view, model = window.drafts.view, window.drafts.model
    assert model.rowCount() == model.PAGE
    assert model.data(model.index(0)).startswith("Ontwerp 449")
    def scrolled_to_the_end() -> bool:
        view.scrollToBottom()
        QApplication.processEvents()
        return model.rowCount() == 450

    qtbot.waitUntil(scrolled_to_the_end)
    assert model.data(model.index(449)).startswith("Ontwerp 0")


def test_undo_and_redo_from_the_edit_menu(qtbot, start):
    window = start().window
    edit = window.editor.editors[""]
    type_text(edit, "één zin")
    window.undo_action.trigger()
    assert edit.toPlainText() == ""
    window.redo_action.trigger()
    assert edit.toPlainText() == "één zin"


def test_the_app_icon_loads(qapp):
    from composer.ui.look import app_icon

    assert not app_icon().isNull()


# --- issue 9 points 18 and 19: Qt's own dialogs in Dutch; a closed version is easy to bring back ---------


def file_dialog_labels(window) -> dict[str, str]:
    """The labels of the photo strip's file dialog (Qt's own widget dialog), shortcut letters left out."""
    from PySide6.QtWidgets import QLabel

    from composer.ui.photos.photo_adding import choose_photo_files

    dialog = choose_photo_files(window, lambda _paths: None)
    try:
        return {label.objectName(): label.text().replace("&", "") for label in dialog.findChildren(QLabel)
                if label.objectName()}
    finally:
        dialog.reject()


def test_qts_own_file_dialog_speaks_dutch(qtbot, start):
    session = start(language="nl")
    labels = file_dialog_labels(session.window)
    assert labels["lookInLabel"] == "Zoeken in:"
    assert labels["fileTypeLabel"] == "Bestanden van type:"
    assert labels["fileNameLabel"] == "Bestandsnaam:"
    session.window.language_requested.emit("en")
    assert file_dialog_labels(session.window)["lookInLabel"] == "Look in:"


def test_a_qt_label_keeps_its_shortcut_letter_in_dutch(qtbot, start):
    from PySide6.QtCore import QCoreApplication

    start(language="nl")
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "Bestanden van &type:"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Zoeken in:"
    assert QCoreApplication.translate("QFileDialog", "No such label, &truly") == "No such label, &truly"


def undo_buttons(window) -> list:
    return [b for b in window.statusBar().findChildren(QPushButton) if b.text() == "Undo" and not b.isHidden()]


def test_a_closed_version_is_named_and_comes_back_in_its_own_draft(qtbot, start):
    """Closing a version tab is one click: the notice names it, and Undo brings it back where it was."""
    window = start().window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.editors[""].setPlainText("Lange gedeelde tekst")
    editor.add_version("x")
    editor.editors["x"].setPlainText("Kort voor X")
    first = window.current.id
    tab = next(i for i in range(editor.tabs.count()) if editor.tabs.tabData(i) == "x")
    editor.tabs.tabCloseRequested.emit(tab)  # the tab's close button
    assert window.statusBar().currentMessage() == "The own text for X was closed: X uses the shared text again."
    (undo,) = undo_buttons(window)
    assert undo.toolTip() == "Undo: bring back the text for X"
    window.new_draft()  # meanwhile, another draft
    undo.click()
    assert window.current.id == first
    assert editor.draft().network_texts == {"x": "Kort voor X"}
    window.save_now()
    assert window.store.get(first).network_texts == {"x": "Kort voor X"}
    assert [d.network_texts for d in map(window.store.get, window.store.draft_ids()) if d.id != first] == [{}]


def test_only_the_newest_undo_is_offered(qtbot, start):
    window = start().window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.network_boxes["mastodon"].setChecked(True)
    for key in ("x", "mastodon"):
        editor.add_version(key, f"Eigen tekst voor {key}")
    editor.remove_version("x")
    editor.remove_version("mastodon")
    (undo,) = undo_buttons(window)  # one Undo, for what was done last: never two side by side
    undo.click()
    assert editor.draft().network_texts == {"mastodon": "Eigen tekst voor mastodon"}
    assert undo_buttons(window) == []


def test_save_now_shows_the_savers_news_at_once(qtbot, start):
    """Ctrl+S (and approving, exporting) waits for the database and shows what the saver says before returning."""
    window = start().window
    window.new_draft()
    before = window.current.updated_at
    type_text(window.editor.editors[""], "Nieuw bericht")
    assert window.save_now()
    assert window.current.updated_at != before  # from the saver's news, delivered inside save_now


def test_new_on_an_empty_draft_makes_no_second_empty_one(qtbot, start):
    """Ctrl+N pressed twice (or on the empty draft the app opened with) made empty drafts that cluttered the list."""
    window = start().window
    window.new_draft()
    first = window.current.id
    window.new_draft()
    assert window.current.id == first
    assert len(window.store.list_drafts()) == 1
    assert "still empty" in window.statusBar().currentMessage()
    type_text(window.editor.editors[""], "Voorleesuurtje")
    window.new_draft()
    assert window.current.id != first and len(window.store.list_drafts()) == 2
