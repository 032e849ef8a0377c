"""Accessibility (issue 14, point 7): every control named, Tab as the eye reads, keys for every action,
checklist changes announced, status never told by colour alone.

Names are read as a screen reader gets them: ``QAccessible.queryAccessibleInterface(widget)``. A field (a text
box, a list, a drop-down, a date) must be named by itself or by the label whose buddy it is: Qt would
otherwise fall back on its value or the title of the box around it.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from composer.core import consent as c
from composer.core.checklist import Status
from composer.core.export import publications as p
from composer.ui import accessibility
from composer.ui.drafts.drafts_panel import ID_ROLE
from composer.ui.look import bullet
from tests.helpers.consent import AUTHOR, add_photo, terms
from tests.ui_helpers import activate, crop_dialog, open_preview, settle, type_text, window_with_photos

#: Controls allowed without a name, each with why. Marked "LEAD" where a helper's work in progress is the reason:
#: remove the entry once that helper has named the control.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def hidden_tab_button(widget: QWidget) -> bool:
    """The close button Qt keeps, hidden, after the editor takes it off the shared text's tab."""
    tabs = widget.parentWidget()
    return isinstance(tabs, QTabBar) and not any(
        tabs.tabButton(i, side) is widget for i in range(tabs.count())
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide))


def buddy_text(widget: QWidget) -> str:
    parent = widget.parentWidget()
    labels = parent.findChildren(QLabel) if parent is not None else []
    return next((accessibility.plain(label.text()) for label in labels if label.buddy() is widget), "")


def name_of(widget: QWidget) -> str:
    """What a screen reader says the control is; for a field, its own name or its label's (never its value)."""
    if isinstance(widget, (QComboBox, QLineEdit, QAbstractSpinBox, QAbstractScrollArea)):
        return widget.accessibleName() or buddy_text(widget)
    if isinstance(widget, QTabBar) and widget.count() == 0:  # Qt names a tab bar by its current tab: none yet
        return widget.accessibleName()
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name) if face is not None else ""


def inside_another_control(widget: QWidget, root: QWidget) -> bool:
    """A part Qt makes inside a control (a combo box's text field, a date field's): the control is named."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def controls(root: QWidget) -> list[QWidget]:
    """Every control of ``root`` the keyboard or the mouse works, shown or hidden (not its other windows)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and widget.window() is not root:
            continue
        if inside_another_control(widget, root) or hidden_tab_button(widget):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue  # a label is named by what it shows (its links are what Tab reaches): this one shows nothing yet
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus or isinstance(widget, QAbstractButton):
            found.append(widget)
    return found


def unnamed(root: QWidget) -> list[str]:
    QApplication.processEvents()
    missing = []
    for widget in controls(root):
        if name_of(widget).strip():
            continue
        key = (root.objectName(), type(widget).__name__)
        if key not in EXCEPTIONS:
            parent = widget.parentWidget()
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(parent).__name__} "
                           f"{parent.objectName() if parent else ''!r} of {root.objectName()!r}")
    return missing


def test_the_exceptions_each_say_why():
    assert all(reason.strip() for reason in EXCEPTIONS.values())


# --- the main window -------------------------------------------------------------------------------


def full_window(start, folder):
    """A window with photos, one selected (who is in it: people, one linked), an own version for X, the trash
    button shown: every part the window has."""
    window = window_with_photos(start, folder, networks=("instagram", "x"), text="Open dag in de bib")
    person = c.add_person(window.store, "An Peeters", AUTHOR)
    add_photo(window.store, window.current.id, 2, presence="people", people=[person.id])
    window.photos_changed()
    window.editor.add_version("x")
    view = window.photos.view()
    settle()
    view.strip.setCurrentRow(view.strip.count() - 1)
    window.reading_order.apply()
    return window


def test_every_control_of_the_main_window_has_a_name(qtbot, start, tmp_path):
    window = full_window(start, tmp_path)
    assert window.photos.view().details is not None  # the photo's details are among the controls walked
    assert unnamed(window) == []


def test_the_parts_say_what_they_are(qtbot, start, tmp_path):
    window = full_window(start, tmp_path)
    editor = window.editor
    assert editor.editors[""].accessibleName() == "Post text"
    assert editor.editors["x"].accessibleName() == "Text for X"
    assert editor.tabs.tabButton(1, QTabBar.ButtonPosition.RightSide).accessibleName() == "Close the version for X"
    assert editor.purpose.accessibleName() == "Purpose" and editor.audience.accessibleName() == "Audience"
    assert window.drafts.search.accessibleName() == "Search drafts"
    assert window.drafts.view.accessibleName() == "Drafts"
    assert window.checklist.list.accessibleName() == "Checklist"
    assert window.checklist.list.accessibleDescription()
    details = window.photos.view().details
    assert name_of(details.alt_text) == "Alt text of photo 2"  # its label, through the buddy
    assert details.people.accessibleName() == "People in this photo"


def test_a_draft_row_is_read_as_its_first_line_then_its_networks_stage_and_author(qtbot, start):
    window = start().window
    window.editor.network_boxes["facebook"].setChecked(True)
    window.editor.editors[""].setPlainText("Voorleesuurtje woensdag\nKom langs!")
    window.save_now()
    window.refresh_list()
    model = window.drafts.model
    row = model.row_of(window.current.id)
    index = model.index(row)
    assert index.data(ID_ROLE) == window.current.id
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "Voorleesuurtje woensdag"
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Facebook · Draft · An Peeters"


# --- the dialogs and the windows beside the main one -----------------------------------------------


def register(window, person: bool = True):
    opened = window.open_register()
    if person:
        added = c.add_person(window.store, "Mira Janssens", AUTHOR)
        c.grant_consent(window.store, added.id, terms(), AUTHOR)
        opened.refresh()
        opened.select_person(added.id)
    return opened


def publication(window) -> int:
    return p.mark_published(window.store, window.current.id, "x", date.today(), "https://x.com/bib/1",
                            author=AUTHOR).id


def takedowns(window):
    pid = c.add_person(window.store, "Mira Janssens", AUTHOR).id
    c.grant_consent(window.store, pid, terms(), AUTHOR)
    draft = window.store.create(AUTHOR, text="Voorleesuurtje met Mira", networks=("facebook",))
    add_photo(window.store, draft.id, 1, people=(pid,))
    p.mark_published(window.store, draft.id, "facebook", date(2026, 3, 1), "https://facebook.example/1",
                     author=AUTHOR)
    c.withdraw(window.store, person_id=pid, received_how="email", author=AUTHOR)
    return window.follow_up.open_takedowns()


def plan(window):
    from composer.ui.planning.work_actions import open_plan_dialog

    return open_plan_dialog(window)


def calendar(window):
    from composer.ui.planning.calendar_actions import open_calendar

    return open_calendar(window)


def report(window):
    from composer.ui.planning.return_actions import open_report

    return open_report(window)


def statistics(window):
    from composer.ui.planning.return_actions import open_statistics

    return open_statistics(window)


def conflict(window):
    from composer.ui.window.save_conflict import ConflictDialog

    return ConflictDialog(window, window.current, window.current, lambda _choice: None)


def export_refusal(window):
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.editors[""].setPlainText("x" * 300)  # too long for X: export is refused, in a message box
    window.refresh_checks()
    window.export_ui.export()
    return window.export_ui.message_box


def emoji_picker(window):
    from composer.ui.writing.emoji_actions import open_picker

    window.editor.editors[""].setPlainText("Nieuw in de bib")
    return open_picker(window)


def snippet_chooser(window):
    from composer.core.house_style import HouseStyle
    from composer.ui.writing.snippet_actions import open_chooser

    window.store.set_setting("house_style", HouseStyle(snippets={"Uren": "Open ma–za"},
                                                       hashtag_groups={"Kunst": ("#kunst",)}).to_dict())
    window.style_and_approval.apply()
    window.editor.editors[""].setPlainText("Nieuw in de bib")
    return open_chooser(window)


DIALOGS = {
    "register": register,
    "register, nobody chosen": lambda window: register(window, person=False),
    "add a person": lambda window: register(window).add_person(),
    "record consent": lambda window: register(window).record_consent(),
    "record a refusal": lambda window: register(window).record_consent("refused"),
    "amend": lambda window: register(window).amend_record(),
    "withdraw": lambda window: register(window).withdraw(),
    "erase": lambda window: register(window).ask_erase(),
    "print the consent form": lambda window: window.print_consent_form(),
    "mark as published": lambda window: window.mark_published(),
    "export refused": export_refusal,
    "preview": open_preview,
    "plan": plan,
    "calendar": calendar,
    "report": report,
    "statistics": statistics,
    "feedback list": lambda window: window.follow_up.open_feedback(),
    "feedback": lambda window: window.follow_up.open_feedback_of(publication(window)),
    "takedowns": takedowns,
    "writing time": lambda window: window.effort.open_dialog(),
    "team library": lambda window: window.open_team_dialog(),
    "house style": lambda window: window.edit_house_style(),
    "your name": lambda window: window.ask_name(),
    "changed by a colleague": conflict,
    "earlier versions": lambda window: window.earlier_versions.open(),
    "emoji": emoji_picker,
    "snippets": snippet_chooser,
}


@pytest.mark.parametrize("which", DIALOGS)
def test_every_control_of_each_dialog_has_a_name(qtbot, start, which):
    window = start().window
    dialog = DIALOGS[which](window)
    assert dialog is not None
    assert unnamed(dialog) == []


#: Dialogs whose Tab order is not yet the eye's, each with why.
ORDER_EXCEPTIONS: dict[str, str] = {}


@pytest.mark.parametrize("which", [which for which in DIALOGS if which not in ORDER_EXCEPTIONS])
def test_tab_in_each_dialog_goes_as_the_eye_reads(qtbot, start, which):
    window = start().window
    dialog = DIALOGS[which](window)
    eye = accessibility.reading_order(dialog)  # each layout top to bottom, left to right
    assert [w for w in accessibility.tab_stops(dialog, eye[0]) if w in eye] == eye


def test_every_control_of_the_photo_dialogs_has_a_name(qtbot, start, tmp_path):
    window = full_window(start, tmp_path)
    picker = window.photos.view().open_picker()
    _preview, crop = crop_dialog(window, "instagram")
    assert unnamed(picker) == [] and unnamed(crop) == []
    for dialog in (picker, crop):
        eye = accessibility.reading_order(dialog)
        assert [w for w in accessibility.tab_stops(dialog, eye[0]) if w in eye] == eye


# --- Tab as the eye reads, and every action by keyboard --------------------------------------------


def tab_round(qtbot, window, first: QWidget) -> list[QWidget]:
    """Press Tab from ``first`` until the focus comes back to it: the widgets it went through."""
    activate(qtbot, window)
    first.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(first.hasFocus)
    reached = [first]
    for _ in range(200):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is first:
            return reached
        reached.append(now)
    raise AssertionError("Tab never came back to where it started")


def test_tab_goes_down_the_drafts_then_the_post_its_photos_and_the_checklist(qtbot, start, tmp_path):
    window = full_window(start, tmp_path)
    drafts, editor, checklist = window.drafts, window.editor, window.checklist
    view = window.photos.view()
    reached = tab_round(qtbot, window, drafts.search)
    expected = [drafts.search, drafts.stage_filter, drafts.view, drafts.new_button,
                *editor.network_boxes.values(), editor.purpose, editor.audience, editor.tabs, editor.own_version,
                editor.editors["x"],  # the tab shown (the shared text waits behind its own tab)
                view.add_button, view.strip, view.details.alt_text, view.details.people, checklist.list]
    assert [w for w in reached if w in expected] == expected


def test_a_version_added_later_takes_its_place_in_the_order(qtbot, start):
    window = start().window
    editor = window.editor
    editor.network_boxes["bluesky"].setChecked(True)
    editor.add_version("bluesky")  # made after the window: Qt puts it at the end of its chain
    reached = tab_round(qtbot, window, editor.tabs)
    assert reached.index(editor.editors["bluesky"]) < reached.index(window.checklist.list)


def test_ctrl_w_closes_the_network_s_own_version_and_undo_brings_it_back(qtbot, start):
    window = start().window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.add_version("x", "Korter voor X")
    editor.tabs.setCurrentIndex(0)
    assert not window.close_version_action.isEnabled()  # the shared text has no version to close
    editor.show_tab("x")
    assert window.close_version_action.isEnabled()
    activate(qtbot, window)
    editor.current_edit().setFocus()
    QTest.keySequence(editor.current_edit(), QKeySequence("Ctrl+W"))
    assert "x" not in editor.editors and editor.current_key() == ""
    window.findChild(QAbstractButton, "undo").click()
    assert editor.editors["x"].toPlainText() == "Korter voor X"


def test_the_close_version_shortcut_is_no_other_action_s(start):
    window = start().window
    keys = [a.shortcut().toString() for a in window.findChildren(type(window.close_version_action))
            if not a.shortcut().isEmpty()]
    assert keys.count("Ctrl+W") == 1


def test_the_crop_rectangle_is_resized_by_keyboard_around_its_centre_in_its_shape(qtbot, start, tmp_path):
    window = full_window(start, tmp_path)
    _preview, dialog = crop_dialog(window, "instagram")
    canvas = dialog.canvas
    before = canvas.crop
    QTest.keyClick(canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ShiftModifier)  # ten steps smaller
    after = canvas.crop
    assert after.width == pytest.approx(before.width - 0.1)
    assert after.x + after.width / 2 == pytest.approx(before.x + before.width / 2)  # the same centre
    assert after.height / after.width == pytest.approx(before.height / before.width)  # the same shape
    QTest.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.crop.width == pytest.approx(after.width + 0.01)


def test_the_calendar_is_read_in_the_order_it_is_shown(qtbot, start):
    window = start().window
    shown = calendar(window)
    order = accessibility.reading_order(shown)
    assert order.index(shown.week_button) < order.index(shown.next_button) < order.index(shown.grid) < order.index(
        shown.day_list)
    assert accessibility.tab_stops(shown, shown.week_button)[:len(order)] == order


def test_a_new_party_row_of_the_consent_form_is_reached_where_it_shows(qtbot, start):
    window = start().window
    form = register(window).record_consent()
    row = form.add_party("", "guardian")
    stops = accessibility.tab_stops(form, form.parties[0].name)
    assert stops.index(row.name) < stops.index(form.add_party_button) < stops.index(form.given_at)


# --- announcements -----------------------------------------------------------------------------------


@pytest.fixture
def announced(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(accessibility, "announce", lambda _source, text: said.append(text))
    return said


def test_a_change_in_what_blocks_export_is_announced_once(qtbot, start, announced):
    window = start().window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    window.refresh_checks()
    announced.clear()  # only changes from here on
    edit = editor.editors[""]
    edit.setPlainText("Nieuw in de bib: " + "boeken " * 40)  # past X's 280
    window.refresh_checks()
    assert announced == ["1 check blocks export"]
    type_text(edit, " ook")
    window.refresh_checks()
    assert announced == ["1 check blocks export"]  # still the same: nothing more is said
    edit.setPlainText("Nieuw in de bib: een kort bericht.")
    window.refresh_checks()
    assert announced == ["1 check blocks export", "Nothing blocks export"]


def test_the_status_bar_s_messages_are_announced(qtbot, start, announced):
    window = start().window
    window.statusBar().showMessage("Moved to the trash.", 1000)
    assert announced == ["Moved to the trash."]


def test_announcing_without_a_screen_reader_does_nothing(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    accessibility.announce(widget, "Nothing blocks export")  # no screen reader listens here: no error either
    assert accessibility.announcements_supported()  # Qt ≥ 6.8: the event exists


# --- never by colour alone ---------------------------------------------------------------------------


def test_each_check_says_its_status_in_words_before_its_sentence(qtbot, start):
    window = start().window
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.editors[""].setPlainText("Nieuw in de bib: " + "boeken " * 40)
    window.refresh_checks()
    panel = window.checklist
    spoken = {panel.checks()[row].id: panel.list.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
              for row in range(panel.list.count())}
    length = next(check for check in panel.checks() if check.id == "length")
    assert spoken["length"] == f"Blocks export: {length.message}"
    assert spoken["purpose"].startswith("To answer: ")


def test_the_bullets_differ_in_shape_not_only_in_colour():
    def grey(status: Status) -> QImage:
        return bullet(status).pixmap(14, 14).toImage().convertToFormat(QImage.Format.Format_Grayscale8)

    shapes = [grey(status) for status in (Status.PASS, Status.WARN, Status.FAIL, Status.TODO)]
    assert all(a != b for i, a in enumerate(shapes) for b in shapes[i + 1:])


def test_a_counter_says_near_the_limit_and_too_long_in_words(qtbot, start):
    window = start().window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.editors[""].setPlainText("a" * 250)
    window.refresh_checks()
    assert editor.counters["x"].text() == "X 250/280 · near the limit"
    editor.editors[""].setPlainText("a" * 290)
    window.refresh_checks()
    assert editor.counters["x"].text() == "X 290/280 · too long"
    editor.editors[""].setPlainText("a" * 20)
    window.refresh_checks()
    assert editor.counters["x"].text() == "X 20/280"


def test_the_alt_text_counter_says_too_long_in_words(qtbot, start, tmp_path):
    window = full_window(start, tmp_path)
    details = window.photos.view().details
    details.alt_text.setPlainText("a" * 1001)
    assert details.counters["x"].text().endswith(" · too long")

