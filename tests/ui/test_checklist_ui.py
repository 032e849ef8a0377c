"""The checklist in the window: why each check exists, going to its place, marks, house style, approval.

And the awkward texts: a megabyte paste, NUL, lone surrogates, right-to-left
text, combining marks and long emoji sequences.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from composer.core.checklist import Check, CheckContext, Status, quote, summary
from composer.core.drafts.draft import AUDIENCES, Draft
from composer.core.house_style import HouseStyle, HouseStyleError
from composer.core.networks.counting import count
from composer.core.storage.store import Store
from composer.ui.editor import analysis as analysis_module
from composer.ui.editor.analysis import FAIL, OVERFLOW, WARN, Analysis, marks_for, utf16_positions
from composer.ui.editor.checker import PROCESS, THREAD, BackgroundChecker
from composer.ui.editor.marks import shown_marks
from composer.ui.look import STATUS_COLOURS
from composer.ui.settings import house_style_dialog
from composer.ui.window.main_window import MainWindow
from tests.ui_helpers import activate, click_row, settle, shown, type_text

MEGABYTE = 1_000_000


def plain(rich: str) -> str:
    """What a person reads in a rich-text tooltip or label."""
    return QTextDocumentFragment.fromHtml(rich).toPlainText()


def megabyte_text() -> str:
    """A megabyte of real-looking post, in lines, with emoji, accents, tags and links."""
    line = "Nieuw in de leeszaal 📚: een café-boek over Gezelle #erfgoed https://bib.example.be/agenda\n"
    return (line * (MEGABYTE // len(line) + 1))[:MEGABYTE]


# --- the list: summary, why, going to a check's place -------------------------------------------------


def test_summary_line_is_cores_summary_of_the_checks(qtbot, start):
    window = start().window
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.editors[""].setPlainText("a" * 290)
    qtbot.waitUntil(lambda: "export blocked" in window.checklist.summary.text())
    assert window.checklist.summary.text() == summary(window.analysis.checks)
    assert "to answer" in window.checklist.summary.text()  # purpose and audience are still open


def test_hovering_a_check_quotes_the_roundtable_and_the_selected_one_is_explained_below(qtbot, start):
    window = start().window
    panel = window.checklist
    qtbot.waitUntil(lambda: panel.row_of("purpose") >= 0)
    row = panel.row_of("purpose")
    tip = plain(panel.list.item(row).toolTip())
    assert "Why this post? Choose a purpose." in tip
    assert quote("purpose") in tip
    assert "Roundtable, conclusions" in tip
    assert "Select a check" in plain(panel.why.text())
    panel.list.setCurrentRow(row)  # with the arrow keys, say: no trip to the picker
    assert quote("purpose") in plain(panel.why.text())
    assert not window.editor.purpose.view().isVisible()
    # The list is refreshed as the author types; the selected check stays selected and explained.
    window.editor.network_boxes["x"].setChecked(True)
    type_text(window.editor.editors[""], "Kom kijken")
    qtbot.waitUntil(lambda: shown(window, "length", "x") is not None)
    assert panel.current_check().id == "purpose"
    assert quote("purpose") in plain(panel.why.text())


def test_the_selected_check_stays_selected_when_rows_come_and_go(qtbot, start):
    window = start().window
    panel = window.checklist
    window.editor.network_boxes["x"].setChecked(True)
    qtbot.waitUntil(lambda: panel.row_of("length", "x") >= 0)
    row = panel.row_of("length", "x")
    panel.list.setCurrentRow(row)
    window.editor.network_boxes["facebook"].setChecked(True)  # Facebook's checks come before X's
    qtbot.waitUntil(lambda: panel.row_of("length", "facebook") >= 0)
    assert panel.row_of("length", "x") > row
    assert (panel.current_check().id, panel.current_check().network) == ("length", "x")
    assert quote("length") in plain(panel.why.text())


def test_in_dutch_the_quote_is_the_dutch_source(qtbot, start):
    window = start(language="nl").window
    panel = window.checklist
    qtbot.waitUntil(lambda: panel.row_of("audience") >= 0)
    panel.list.setCurrentRow(panel.row_of("audience"))
    assert quote("audience", "nl") in plain(panel.why.text())
    assert quote("audience", "nl") in plain(panel.list.currentItem().toolTip())


def test_clicking_an_overflow_selects_it_in_the_networks_own_version(qtbot, start):
    window = start().window
    editor = window.editor
    activate(qtbot, window)
    editor.network_boxes["x"].setChecked(True)
    editor.editors[""].setPlainText("Kort en goed.")
    editor.add_version("x")
    own = "🇧🇪 Café 👩‍👩‍👧 " + "é" * 300  # emoji first: Python and Qt count them differently
    editor.editors["x"].setPlainText(own)
    editor.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: shown(window, "length", "x") is not None
                    and shown(window, "length", "x").status is Status.FAIL)
    check = shown(window, "length", "x")
    start_, end = check.ranges[0]
    click_row(qtbot, window.checklist.list, window.checklist.row_of("length", "x"))
    edit = editor.editors["x"]
    assert editor.current_key() == "x"
    assert QApplication.focusWidget() is edit
    assert edit.textCursor().selectedText() == own[start_:end]
    # The overflow is marked in that tab, and nowhere else.
    positions = utf16_positions(own, (start_, end))
    assert shown_marks(edit) == [(positions[start_], positions[end], OVERFLOW)]
    assert edit.extraSelections()[0].cursor.selectedText() == own[start_:end]
    assert shown_marks(editor.editors[""]) == []


def test_clicking_purpose_or_audience_opens_the_picker(qtbot, start):
    window = start().window
    activate(qtbot, window)
    panel = window.checklist
    qtbot.waitUntil(lambda: panel.row_of("audience") >= 0)
    for check_id, box in (("purpose", window.editor.purpose), ("audience", window.editor.audience)):
        click_row(qtbot, panel.list, panel.row_of(check_id))
        qtbot.waitUntil(lambda box=box: box.view().isVisible())
        box.hidePopup()
        qtbot.waitUntil(lambda box=box: not box.view().isVisible())


def test_enter_on_networks_focuses_the_first_network_box(qtbot, start):
    window = start().window
    activate(qtbot, window)
    panel = window.checklist
    qtbot.waitUntil(lambda: panel.row_of("networks") >= 0)
    panel.list.setFocus()
    panel.list.setCurrentRow(panel.row_of("networks"))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.editor.network_boxes["facebook"]


def test_a_check_without_ranges_takes_the_author_to_its_text(qtbot, start):
    window = start().window
    activate(qtbot, window)
    window.go_to(Check("message", Status.TODO, "Write your message.", "3"))
    assert QApplication.focusWidget() is window.editor.editors[""]


# --- marks ---------------------------------------------------------------------------------------------


def test_warnings_are_underlined_without_moving_the_cursor_or_touching_undo(qtbot, start, monkeypatch):
    real = analysis_module.run_checks

    def with_a_shouting_warning(draft: Draft, context: CheckContext) -> list[Check]:
        found = draft.text.find("ALLEMAAL")
        extra = [Check("tone", Status.WARN, "Shouting.", "3", ranges=((found, found + 8),))] if found >= 0 else []
        return real(draft, context) + extra

    monkeypatch.setattr(analysis_module, "run_checks", with_a_shouting_warning)
    window = start().window
    edit = window.editor.editors[""]
    type_text(edit, "Kom ALLEMAAL kijken 👀 naar de café-affiches")
    qtbot.waitUntil(lambda: (4, 12, WARN) in shown_marks(edit))
    selections = edit.extraSelections()  # kept: a selection's format lives as long as the selection
    underline = next(s for s in selections if s.cursor.selectedText() == "ALLEMAAL").format
    assert underline.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert underline.underlineColor() == QColor(STATUS_COLOURS[Status.WARN])
    # Marks follow the checks: once the word is gone, so is its underline.
    cursor = edit.textCursor()
    cursor.setPosition(10)
    edit.setTextCursor(cursor)
    undo_steps = edit.document().availableUndoSteps()
    draft = window.editor.draft()
    checks = [Check("links", Status.FAIL, "Too many links.", "platforms", ranges=((0, 3),)),
              Check("tone", Status.WARN, "Shouting.", "3", ranges=((4, 12),))]
    window.show_analysis(Analysis(checks=checks, marks=marks_for(draft, checks)))
    assert sorted(shown_marks(edit)) == [(0, 3, FAIL), (4, 12, WARN)]
    assert edit.textCursor().position() == 10 and not edit.textCursor().hasSelection()
    assert edit.document().availableUndoSteps() == undo_steps
    window.show_analysis(Analysis())
    assert shown_marks(edit) == []
    assert edit.document().availableUndoSteps() == undo_steps
    edit.undo()  # undo still undoes typing, not marks
    assert edit.toPlainText() != draft.text


def test_marks_merge_and_point_into_the_right_text():
    draft = Draft(text="😀 " + "a" * 600, networks=("x", "mastodon"), network_texts={"bluesky": "b" * 400})
    checks = [Check("length", Status.FAIL, "", "platforms", "x", ((270, 602),)),
              Check("length", Status.FAIL, "", "platforms", "mastodon", ((500, 602),)),
              Check("length", Status.FAIL, "", "platforms", "bluesky", ((300, 400),)),
              Check("hashtags", Status.WARN, "", "3", "x", ((3, 5),)),
              Check("links", Status.FAIL, "", "platforms", "x", ((3, 5),)),
              Check("tone", Status.PASS, "", "3", ranges=((0, 1),))]
    marks = {key: [(m.start, m.end, m.kind) for m in value] for key, value in marks_for(draft, checks).items()}
    # The emoji is one Python character and two UTF-16 units: editor positions are one further on.
    assert marks == {"": [(4, 6, FAIL), (271, 603, OVERFLOW)], "bluesky": [(300, 400, OVERFLOW)]}


# --- house style ---------------------------------------------------------------------------------------


def fill(dialog) -> None:
    dialog.library_name.setText("Bibliotheek Zuidkust")
    dialog.lists["name_variants"].setPlainText("Bib Zuidkust\n\n  Zuidkust bib  ")
    dialog.hashtags["*"].setText("#bib zuidkust")
    dialog.hashtags["instagram"].setText("#boeken, #lezen")
    dialog.lists["forbidden_words"].setPlainText("gratis")
    dialog.emoji_limit.setText("3")
    dialog.sign_off.setText("Tot in de bib!")
    dialog.website.setText("https://bib.example.be")
    dialog.lists["contact_phones"].setPlainText("0470 12 34 56")
    dialog.lists["contact_emails"].setPlainText("info@bib.example.be")
    dialog.lists["bad_news_words"].setPlainText("verbouwing")
    dialog.lists["audiences"].setPlainText("Kinderen\nSenioren")
    dialog.review_required.setChecked(True)


FILLED = HouseStyle(
    library_name="Bibliotheek Zuidkust", name_variants=("Bib Zuidkust", "Zuidkust bib"),
    required_hashtags={"*": ("#bib", "#zuidkust"), "instagram": ("#boeken", "#lezen")},
    forbidden_words=("gratis",), emoji_limit=3, sign_off="Tot in de bib!", website="https://bib.example.be",
    contact_phones=("0470 12 34 56",), contact_emails=("info@bib.example.be",), bad_news_words=("verbouwing",),
    audiences=("Kinderen", "Senioren"), review_required=True)


def test_house_style_dialog_edits_every_field_and_ok_stores_it_and_checks_again(qtbot, start, monkeypatch):
    contexts: list[CheckContext] = []
    real = analysis_module.run_checks
    monkeypatch.setattr(analysis_module, "run_checks",
                        lambda draft, context: contexts.append(context) or real(draft, context))
    window = start().window
    asked = []
    colleagues = window.store.colleagues
    monkeypatch.setattr(window.store, "colleagues", lambda: asked.append(1) or colleagues())
    type_text(window.editor.editors[""], "Gratis boeken")  # typing does not read the settings again
    assert asked == []
    assert window.approve_action.isVisible() is False
    window.house_style_action.trigger()
    dialog = window.house_style_dialog
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.style() == HouseStyle()
    fill(dialog)
    assert dialog.style() == FILLED
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert window.store.setting("house_style") == FILLED.to_dict()
    assert window.context.house_style == FILLED
    assert asked == [1]  # colleagues read again once, with the new house style
    assert contexts[-1].house_style == FILLED  # checked again against it
    qtbot.waitUntil(lambda: any("gratis" in m.lower() for m in window.checklist.messages()))
    assert (0, 6, WARN) in shown_marks(window.editor.editors[""])  # the forbidden word, underlined
    box = window.editor.audience
    items = [box.itemText(i) for i in range(box.count())]
    assert items[-2:] == ["Kinderen", "Senioren"]
    assert items[1:1 + len(AUDIENCES)] == list(AUDIENCES.values())  # the standard ones first
    assert window.approve_action.isVisible()
    # The dialog opens on what is stored.
    window.house_style_action.trigger()
    assert window.house_style_dialog.style() == FILLED
    window.house_style_dialog.reject()


def test_an_empty_emoji_limit_means_none_and_cancel_changes_nothing(qtbot, start):
    window = start(house_style=HouseStyle(emoji_limit=2)).window
    dialog = window.edit_house_style()
    assert dialog.emoji_limit.text() == "2"
    dialog.emoji_limit.setText("")
    assert dialog.style().emoji_limit is None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.store.setting("house_style") == HouseStyle(emoji_limit=2).to_dict()
    assert window.house_style_dialog is None


@pytest.fixture
def chosen(monkeypatch, tmp_path):
    """The file the author 'chooses' in the file dialog (no native dialog in tests), and what was asked."""
    picked = SimpleNamespace(path=tmp_path / "huisstijl.json", asked=[])

    def choose(parent, save, title, done):
        picked.asked.append("save" if save else "open")
        done(str(picked.path))

    monkeypatch.setattr(house_style_dialog, "choose_file", choose)
    return picked


def test_import_fills_the_dialog_and_ok_uses_it(qtbot, start, chosen):
    chosen.path.write_text(FILLED.to_json(), "utf-8")
    window = start().window
    dialog = window.edit_house_style()
    dialog.import_button.click()
    assert chosen.asked == ["open"]
    assert dialog.style() == FILLED
    assert "Imported" in dialog.message.text()
    assert window.store.setting("house_style") is None  # not before OK
    dialog.accept()
    assert window.store.setting("house_style") == FILLED.to_dict()


@pytest.mark.parametrize("content", [
    '{"format": "post-composer-house-style", "emoji_limit": -1}',
    '{"library_name": "KBR", "colour": "blue"}',
    "library_name = 'KBR'",
    '{"format": "something-else"}',
])
def test_an_invalid_import_says_why_and_changes_nothing(qtbot, start, chosen, content):
    with pytest.raises(HouseStyleError) as why:
        HouseStyle.from_json(content)
    chosen.path.write_text(content, "utf-8")
    window = start(house_style=HouseStyle(library_name="KBR")).window
    dialog = window.edit_house_style()
    dialog.sign_off.setText("^An")
    before = dialog.values()
    dialog.import_button.click()
    assert dialog.message.isVisible()
    assert str(why.value) in dialog.message.text()  # core's own words for what is wrong
    assert dialog.values() == before
    assert window.store.setting("house_style") == HouseStyle(library_name="KBR").to_dict()


def test_an_unreadable_import_says_so(qtbot, start, chosen):
    chosen.path.write_bytes(b"\xff\xfe\x00not utf-8")
    window = start().window
    dialog = window.edit_house_style()
    dialog.import_button.click()
    assert "is not UTF-8 text" in dialog.message.text()
    assert dialog.style() == HouseStyle()
    chosen.path.unlink()
    dialog.import_button.click()
    assert f"{chosen.path} cannot be read: there is no such file." == dialog.message.text()


def test_export_writes_the_file_colleagues_can_import(qtbot, start, chosen):
    window = start().window
    dialog = window.edit_house_style()
    fill(dialog)
    dialog.export_button.click()
    assert chosen.asked == ["save"]
    assert HouseStyle.from_json(chosen.path.read_text("utf-8")) == FILLED
    assert json.loads(chosen.path.read_text("utf-8"))["format"] == "post-composer-house-style"
    assert "Exported" in dialog.message.text()


def test_the_real_file_chooser_does_not_block(qtbot, start, tmp_path):
    window = start().window
    dialog = window.edit_house_style()
    path = tmp_path / "huisstijl.json"
    path.write_text(FILLED.to_json(), "utf-8")
    chooser = house_style_dialog.choose_file(dialog, False, "Import", dialog.import_from)
    assert chooser.isVisible()  # open() returned at once
    chooser.selectFile(str(path))
    chooser.accept()
    assert dialog.style() == FILLED


def test_own_audiences_come_after_the_standard_ones_and_a_dropped_one_is_kept(qtbot, start, data_dir):
    store = Store.open(data_dir)
    store.set_setting("user_name", "An")
    store.create("An", text="Voorleesuur", audience="Kleuters")
    store.close()
    window = start(house_style=HouseStyle(audiences=("Kinderen",))).window
    box = window.editor.audience
    assert box.currentText() == "Kleuters"  # no longer in the house style, still this draft's audience
    assert box.findText("Kinderen") > box.findData("professionals")
    window.editor.set_own_audiences(("Senioren",))
    assert box.currentText() == "Kleuters"
    assert box.findText("Kinderen") < 0 and box.findText("Senioren") > 0
    window.save_now()
    assert window.store.get(window.current.id).audience == "Kleuters"


# --- approval ------------------------------------------------------------------------------------------


def test_approval_by_a_named_colleague_holds_until_the_text_changes(qtbot, start):
    window = start(house_style=HouseStyle(review_required=True)).window
    assert window.approve_action.isVisible()
    assert window.checklist.approve_button.isVisibleTo(window)
    edit = window.editor.editors[""]
    type_text(edit, "Tentoonstelling over affiches")
    qtbot.waitUntil(lambda: shown(window, "review") is not None and shown(window, "review").status is Status.TODO)
    window.checklist.approve_button.click()
    dialog = window.approve_dialog
    assert dialog.isVisible()
    assert dialog.textValue() == ""  # a colleague approves: never the author's name filled in
    dialog.setTextValue("Els (communicatie)")
    dialog.accept()
    stored = window.store.get(window.current.id)
    assert stored.text == "Tentoonstelling over affiches"  # saved before approving
    assert stored.approved_by == "Els (communicatie)" and stored.approved
    assert "Approved by Els (communicatie)" in window.editor.author.text()
    assert shown(window, "review").status is Status.PASS
    type_text(edit, "!")
    qtbot.waitUntil(lambda: "Approved by" not in window.editor.author.text())
    qtbot.waitUntil(lambda: shown(window, "review").status is Status.TODO)
    window.save_now()
    assert not window.store.get(window.current.id).approved


def test_the_author_cannot_approve_their_own_draft_on_the_local_library(qtbot, start):
    """Issue 12: the approver field was filled with the author's own name, and any name was accepted."""
    window = start(house_style=HouseStyle(review_required=True)).window
    type_text(window.editor.editors[""], "Tentoonstelling over affiches")
    qtbot.waitUntil(lambda: shown(window, "review") is not None)
    window.approve_action.trigger()
    dialog = window.approve_dialog
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert "team library" in dialog.labelText()  # what an approval here is worth, and how to get real ones
    dialog.setTextValue("  an  PEETERS ")
    assert not ok.isEnabled() and "never its own author" in dialog.labelText()
    dialog.accept()  # (Enter does nothing with OK off; even so, nothing is recorded)
    assert window.store.get(window.current.id).approved_by is None
    window.record_approval("An Peeters")  # the window's own path refuses it too
    assert window.store.get(window.current.id).approved_by is None
    assert "never its own author" in window.statusBar().currentMessage()


def test_clicking_review_asks_for_approval_and_cancel_approves_nothing(qtbot, start):
    window = start(house_style=HouseStyle(review_required=True)).window
    type_text(window.editor.editors[""], "Nieuw in de collectie")
    qtbot.waitUntil(lambda: window.checklist.row_of("review") >= 0)
    click_row(qtbot, window.checklist.list, window.checklist.row_of("review"))
    dialog = window.approve_dialog
    assert dialog is not None and dialog.isVisible()
    window.approve_action.trigger()
    assert window.approve_dialog is dialog  # one question at a time
    dialog.reject()
    assert window.store.get(window.current.id).approved_by is None
    assert "Approved" not in window.editor.author.text()


def test_without_required_review_there_is_no_approve_button(qtbot, start):
    window = start().window
    assert not window.approve_action.isVisible()
    assert not window.checklist.approve_button.isVisibleTo(window)


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [PROCESS, THREAD])
def test_a_megabyte_paste_is_checked_off_the_ui_thread(qtbot, start, monkeypatch, mode):
    monkeypatch.setattr(MainWindow, "checker_mode", mode)
    window = start().window
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.network_boxes["bluesky"].setChecked(True)
    edit = window.editor.editors[""]
    big = megabyte_text()
    edit.insertPlainText(big)
    qtbot.waitUntil(lambda: window.checklist.busy.isVisibleTo(window))
    qtbot.waitUntil(lambda: not window.checklist.busy.isVisibleTo(window), timeout=60_000)
    assert window.checker.jobs_run >= 1
    assert window.checker.mode == mode  # no silent fall-back to a thread
    x = shown(window, "length", "x")
    assert x.status is Status.FAIL
    assert window.editor.counters["x"].text().startswith("X ")
    assert window.editor.counters["x"].property("state") == "over"
    start_, _end = x.ranges[0]
    positions = utf16_positions(big, (start_, len(big)))
    assert (positions[start_], positions[len(big)], OVERFLOW) in shown_marks(edit)
    window.save_now()
    assert window.store.get(window.current.id).text == big


def test_typing_into_a_long_text_drops_stale_results_and_the_newest_wins(qtbot, start):
    window = start().window
    window.editor.network_boxes["x"].setChecked(True)
    edit = window.editor.editors[""]
    edit.insertPlainText(megabyte_text())
    window.refresh_checks()  # a long check starts ...
    edit.setPlainText("Kort bericht.")
    window.refresh_checks()  # ... and the text is short again before it ends
    assert "X: 13 of 280 characters." in window.checklist.messages()
    qtbot.waitUntil(lambda: window.checker.idle, timeout=60_000)
    settle()  # a late result has arrived by now, if one were still coming
    assert "X: 13 of 280 characters." in window.checklist.messages()
    assert shown_marks(edit) == []
    assert not window.checklist.busy.isVisibleTo(window)


def test_the_checker_runs_the_newest_request_and_skips_those_in_between(qtbot, qapp):
    checker = BackgroundChecker(mode=THREAD)
    results: list[tuple[int, Analysis]] = []
    checker.finished.connect(lambda generation, result: results.append((generation, result)))
    for generation in range(1, 6):
        checker.submit(generation, Draft(text="x" * (30_000 + generation), networks=("x",)), CheckContext())
    qtbot.waitUntil(lambda: checker.idle, timeout=30_000)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert [g for g, _ in results] == [1, 5]
    assert results[-1][1].counts["x"].length == 30_005
    checker.close()
    checker.deleteLater()


def test_without_a_worker_process_a_thread_does_the_work(qtbot, qapp, monkeypatch):
    import multiprocessing

    def no_processes(method):
        raise OSError("no processes here")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    checker = BackgroundChecker(mode=PROCESS)
    results: list[int] = []
    checker.finished.connect(lambda generation, result: results.append(generation))
    checker.submit(7, Draft(text="Een lange tekst. " * 2000, networks=("x",)), CheckContext())
    qtbot.waitUntil(lambda: results == [7], timeout=30_000)
    assert checker.mode == THREAD
    checker.close()
    checker.deleteLater()


AWKWARD = {
    "nul": "Voor\x00na: een NUL-teken midden in de tekst \x00",
    "rtl": "Welkom — مرحبا بكم في المكتبة — ברוכים הבאים לספרייה!",
    "combining": "Cafe\u0301 Z\u0335\u0310a\u0336\u0352l\u0334\u0311g\u0337\u0313o\u0335\u0342 e\u0301e\u0308n",
    "emoji": "Familie 👨‍👩‍👧‍👦 " + "🏳️‍🌈👩🏽‍🚀🧑🏿‍🤝‍🧑🏻🇧🇪" * 40,
}


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_text_is_counted_checked_marked_and_saved(qtbot, start, name):
    text = AWKWARD[name]
    window = start().window
    for key in ("x", "bluesky", "threads"):
        window.editor.network_boxes[key].setChecked(True)
    edit = window.editor.editors[""]
    edit.insertPlainText(text)  # a paste
    assert edit.toPlainText() == text
    qtbot.waitUntil(lambda: window.editor.counters["x"].text().split(" · ")[0]  # without "too long"
                    == f"X {count('x', text).length:,}/280".replace(",", "\u202f"))
    assert window.checklist.row_of("length", "bluesky") >= 0
    for check in window.checklist.checks():
        if check.ranges:  # going to any range selects exactly that text
            window.go_to(check)
            start_, end = check.ranges[0]
            assert window.editor.current_edit().textCursor().selectedText() == text[start_:end]
    window.save_now()
    assert window.store.get(window.current.id).text == text


def test_typed_rtl_and_combining_text_is_counted(qtbot, start):
    window = start().window
    window.editor.network_boxes["bluesky"].setChecked(True)
    edit = window.editor.editors[""]
    type_text(edit, "שלום e\u0301")
    qtbot.waitUntil(lambda: window.editor.counters["bluesky"].text() == "Bluesky 6/300")


def test_a_lone_surrogate_from_a_paste_becomes_a_replacement_character(qtbot, start):
    window = start().window
    window.editor.network_boxes["x"].setChecked(True)
    edit = window.editor.editors[""]
    edit.insertPlainText("ab\ud800cd 😀 " + "e" * 300 + "\udc00z")
    repaired = "ab\ufffdcd 😀 " + "e" * 300 + "\ufffdz"
    qtbot.waitUntil(lambda: edit.toPlainText() == repaired)
    qtbot.waitUntil(lambda: shown(window, "length", "x") is not None
                    and shown(window, "length", "x").status is Status.FAIL)
    check = shown(window, "length", "x")
    window.go_to(check)
    assert edit.textCursor().selectedText() == repaired[check.ranges[0][0]:check.ranges[0][1]]
    edit.undo()  # the repair is one step of its own: undo brings the pasted text back (Python cannot see
    assert edit.toPlainText() == "abcd 😀 " + "e" * 300 + "z"  # lone surrogates) ...
    qtbot.waitUntil(lambda: edit.toPlainText() == repaired)  # ... and it is repaired again


def test_the_worker_side_never_loads_qt():
    """A worker process imports only ``composer.ui.editor.analysis``: it must stay free of Qt."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, composer.ui.editor.analysis\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith('PySide6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
