"""The Plan menu's steps for the open draft, the plan dialog and the drafts list's stage filter (issue 13)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime

from composer.core.export.publications import mark_published
from composer.core.house_style import HouseStyle
from composer.core.planning import flow
from composer.core.planning.plans import plans_of
from composer.ui.planning.plan_dialog import PlanDialog, in_words
from tests.ui_helpers import shown, type_text

NOW = datetime(2026, 3, 11, 12, 0)


def listed(window) -> list[int]:
    model = window.drafts.model
    return [model.id_at(row) for row in range(model.rowCount())]


def stage_of_row(window, draft_id: int) -> str:
    model = window.drafts.model
    return model.data(model.index(model.row_of(draft_id))).split("\n")[1]


def choose_stage(window, key) -> None:
    combo = window.drafts.stage_filter
    combo.setCurrentIndex(combo.findData(key))


def test_the_drafts_list_keeps_the_stage_chosen(qtbot, start):
    window = start().window
    store = window.store
    first = store.create("An Peeters", text="Nog een kladje", networks=("facebook",))
    done = store.create("An Peeters", text="Al gepost", networks=("facebook",))
    mark_published(store, done.id, "facebook", date.today(), author="An Peeters")
    window.refresh_list()
    combo = window.drafts.stage_filter
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All stages", "Draft", "Ready for review", "Approved", "Planned", "Published", "Archived"]
    choose_stage(window, "published")
    assert listed(window) == [done.id] and window.drafts.stage == "published"
    assert "Published" in stage_of_row(window, done.id)
    choose_stage(window, "draft")
    assert first.id in listed(window) and done.id not in listed(window)
    choose_stage(window, "archived")
    assert listed(window) == []
    choose_stage(window, None)
    assert {first.id, done.id} <= set(listed(window)) and window.drafts.stage is None


def test_ask_for_review_then_archive_and_back_the_list_follows(qtbot, start):
    window = start().window
    type_text(window.editor.editors[""], "Leesclub voor studenten")
    window.editor.network_boxes["instagram"].setChecked(True)
    draft_id = window.current.id
    window.plan_menu.aboutToShow.emit()
    assert window.review_action.isVisible() and not window.withdraw_review_action.isVisible()
    window.review_action.trigger()
    assert window.store.get(draft_id).text == "Leesclub voor studenten"  # saved first
    assert flow.stage_of(window.store, draft_id) == "ready_for_review"
    assert "Ready for review" in stage_of_row(window, draft_id)
    assert "ready for review" in window.statusBar().currentMessage()
    window.plan_menu.aboutToShow.emit()
    assert window.withdraw_review_action.isVisible() and not window.review_action.isVisible()
    window.archive_action.trigger()
    assert "Archived" in stage_of_row(window, draft_id)
    window.plan_menu.aboutToShow.emit()
    assert window.unarchive_action.isVisible() and not window.archive_action.isVisible()
    assert not window.plan_action.isEnabled()  # an archived draft is not planned
    window.unarchive_action.trigger()
    assert flow.stage_of(window.store, draft_id) == "ready_for_review"
    window.withdraw_review_action.trigger()
    assert flow.stage_of(window.store, draft_id) == "draft"


def test_the_steps_say_why_not_for_a_draft_in_the_trash(qtbot, start):
    window = start().window
    type_text(window.editor.editors[""], "Weg ermee")
    draft_id = window.current.id
    window.drafts.show_trash.setChecked(False)
    window.trash_draft()
    window.drafts.show_trash.setChecked(True)
    window.open_draft(draft_id)
    assert window.current.deleted_at is not None
    window.plan_menu.aboutToShow.emit()
    assert not window.archive_action.isEnabled()
    window.archive_action.trigger()  # disabled: nothing happens
    assert window.store.db.value("SELECT archived_at FROM drafts WHERE id = ?", [draft_id]) is None


def test_in_words_says_when_and_marks_the_past():
    assert in_words(NOW + timedelta(hours=2), NOW) == "Today at 14:00."
    assert in_words(NOW + timedelta(days=1), NOW) == "Tomorrow at 12:00."
    assert in_words(NOW + timedelta(days=5), NOW) == "In 5 days."
    assert in_words(NOW - timedelta(hours=3), NOW) == "In the past: earlier today, at 09:00."
    assert in_words(NOW - timedelta(days=1), NOW) == "In the past: 1 day ago."
    assert in_words(NOW - timedelta(days=4), NOW) == "In the past: 4 days ago."


def _set(row, when: datetime) -> None:
    row.when.setDateTime(QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute)))


def test_the_plan_dialog_plans_each_network_marks_the_past_and_clears(qtbot, start):
    window = start(house_style=HouseStyle(cadence={"facebook": 1})).window
    type_text(window.editor.editors[""], "Voorleesuurtje woensdag")
    for key in ("facebook", "instagram"):
        window.editor.network_boxes[key].setChecked(True)
    assert window.plan_action.shortcut().toString() == "Ctrl+Shift+P"
    window.plan_action.trigger()
    dialog = window.findChild(PlanDialog, "plan-dialog")
    assert dialog.isVisible() and not dialog.isModal()
    assert list(dialog.rows) == ["facebook", "instagram"]
    facebook, instagram = dialog.rows["facebook"], dialog.rows["instagram"]
    assert not facebook.chosen.isChecked() and facebook.words.text() == "Not planned."
    facebook.chosen.setChecked(True)
    soon = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
    _set(facebook, soon)
    assert facebook.words.text() == "In 3 days."
    instagram.chosen.setChecked(True)
    past = datetime.now().replace(second=0, microsecond=0) - timedelta(days=2)
    _set(instagram, past)
    assert instagram.words.text() == "In the past: 2 days ago."
    assert dialog.save()
    assert plans_of(window.store, window.current.id) == {"facebook": soon, "instagram": past}
    assert "Planned: Facebook on" in window.statusBar().currentMessage()
    assert flow.stage_of(window.store, window.current.id) == "planned"
    assert dialog.rows["instagram"].clear.isEnabled()
    assert dialog.clear("instagram")
    assert plans_of(window.store, window.current.id) == {"facebook": soon}
    assert not dialog.rows["instagram"].chosen.isChecked()


def _colleagues_post(data_dir, plan: datetime | None = None, published: date | None = None) -> None:
    """A colleague's post on Facebook, planned or published, in the library before the window opens."""
    from composer.core.planning.plans import set_plan
    from composer.core.storage.store import Store

    store = Store.open(data_dir)
    try:
        other = store.create("Bert", text="Tentoonstelling", networks=("facebook",))
        if plan is not None:
            set_plan(store, other.id, "facebook", plan, "Bert")
        if published is not None:
            mark_published(store, other.id, "facebook", published, author="Bert")
    finally:
        store.close()


def test_the_cadence_check_counts_a_colleagues_planned_post(qtbot, start, data_dir):
    _colleagues_post(data_dir, plan=datetime.now().replace(second=0, microsecond=0))
    window = start(house_style=HouseStyle(cadence={"facebook": 1})).window
    window.new_draft()
    type_text(window.editor.editors[""], "Nog een post deze week")
    window.editor.network_boxes["facebook"].setChecked(True)
    qtbot.waitUntil(lambda: shown(window, "cadence", "facebook") is not None)
    check = shown(window, "cadence", "facebook")
    assert "post 2 this week (0 published, 1 planned)" in check.message


def test_a_plan_made_in_the_dialog_moves_the_cadence_check(qtbot, start, data_dir):
    _colleagues_post(data_dir, published=date.today())
    window = start(house_style=HouseStyle(cadence={"facebook": 1})).window
    window.new_draft()
    type_text(window.editor.editors[""], "Volgende week")
    window.editor.network_boxes["facebook"].setChecked(True)
    qtbot.waitUntil(lambda: shown(window, "cadence", "facebook") is not None)  # post 2 this week: a warning
    window.plan_action.trigger()
    dialog = window.findChild(PlanDialog, "plan-dialog")
    row = dialog.rows["facebook"]
    row.chosen.setChecked(True)
    _set(row, datetime.now().replace(second=0, microsecond=0) + timedelta(days=14))
    assert dialog.save()
    qtbot.waitUntil(lambda: shown(window, "cadence", "facebook") is None)  # fine there: one line for all
    assert any("post 1 in the week of" in message for message in window.checklist.messages())
