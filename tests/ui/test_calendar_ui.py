"""Plan → Calendar: the week and the month of planned and published posts, re-planned by dragging (issue 13)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from composer.core.export.publications import mark_published
from composer.core.house_style import HouseStyle
from composer.core.planning import calendar as cal
from composer.core.planning.plans import plans_of, set_plan
from composer.ui.planning.calendar_grid import PLAN_MIME, CalendarGrid, line_text

AUTHOR = "An Peeters"
TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def posts(store):
    """A post planned this Wednesday at 09:30 on Facebook, one published on Monday on Instagram; their ids."""
    planned = store.create(AUTHOR, text="Voorleesuurtje woensdag", networks=("facebook", "instagram"))
    done = store.create(AUTHOR, text="Nieuwe aanwinst: een getijdenboek", networks=("instagram",))
    set_plan(store, planned.id, "facebook", datetime.combine(MONDAY + timedelta(days=2), time(9, 30)), AUTHOR)
    mark_published(store, done.id, "instagram", min(MONDAY, TODAY), author=AUTHOR)
    return planned.id, done.id


def open_calendar(qtbot, start, style=None):
    window = start(house_style=style).window
    ids = posts(window.store)
    window.calendar_action.trigger()
    calendar = window.findChild(CalendarGrid).window()
    qtbot.waitExposed(calendar)
    return window, calendar, ids


def test_the_calendar_opens_beside_the_window_with_this_weeks_posts(qtbot, start):
    window, calendar, (planned, done) = open_calendar(qtbot, start)
    assert calendar.isVisible() and not calendar.isModal() and calendar.objectName() == "calendar"
    assert window.calendar_action.shortcut().toString() == "Ctrl+Shift+K"
    grid = calendar.grid
    assert grid.model.view == cal.WEEK and grid.model.first == MONDAY and grid.current == TODAY
    wednesday = grid.day(MONDAY + timedelta(days=2))
    (entry,) = [e for e in wednesday.entries if e.draft_id == planned]
    assert entry.planned and entry.at == time(9, 30) and entry.first_line == "Voorleesuurtje woensdag"
    (posted,) = [e for e in grid.model.entries if e.draft_id == done]
    assert not posted.planned
    # planned and published told apart without colour: the time against a ✓, and the words in the legend
    assert line_text(posted, grid.now).startswith("✓ IG ")
    assert "09:30 FB Voorleesuurtje" in line_text(entry, datetime.combine(MONDAY, time(0, 0)))
    assert "published" in calendar.legend.text() and "planned" in calendar.legend.text()
    assert "No rhythm set" in calendar.legend.text()
    again = window.calendar_action.trigger() or window.findChild(CalendarGrid).window()
    assert again is calendar  # one calendar


def test_week_and_month_previous_next_and_today(qtbot, start):
    _window, calendar, _ids = open_calendar(qtbot, start)
    calendar.month_button.click()
    assert calendar.grid.model.view == cal.MONTH and calendar.grid.model.first == TODAY.replace(day=1)
    assert calendar.grid.current == TODAY
    calendar.next_button.click()
    assert calendar.grid.model.first == cal.shift(cal.MONTH, TODAY, 1).replace(day=1)
    calendar.previous_button.click()
    calendar.previous_button.click()
    assert calendar.grid.model.first == cal.shift(cal.MONTH, TODAY, -1).replace(day=1)
    calendar.today_button.click()
    assert calendar.grid.current == TODAY and calendar.grid.model.first == TODAY.replace(day=1)
    calendar.week_button.click()
    assert calendar.grid.model.view == cal.WEEK and calendar.grid.model.first == MONDAY


def test_the_keyboard_moves_the_day_and_the_period(qtbot, start):
    _window, calendar, _ids = open_calendar(qtbot, start)
    grid = calendar.grid
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_Down)  # a week on: the next week is shown
    assert grid.current == TODAY + timedelta(days=7) and grid.model.first == MONDAY + timedelta(days=7)
    QTest.keyClick(grid, Qt.Key.Key_Left)
    assert grid.current == TODAY + timedelta(days=6)
    QTest.keyClick(grid, Qt.Key.Key_PageUp)
    assert grid.current == TODAY - timedelta(days=1) and grid.model.first <= grid.current <= grid.model.last
    QTest.keyClick(grid, Qt.Key.Key_Home)
    assert grid.current == TODAY
    assert calendar.day_title.text().startswith(str(TODAY.year)) or str(TODAY.day) in calendar.day_title.text()


def test_crowded_days_and_gaps_are_said_in_words(qtbot, start):
    window, calendar, (planned, _done) = open_calendar(qtbot, start, HouseStyle(cadence={"facebook": 1}))
    other = window.store.create(AUTHOR, text="Tentoonstelling", networks=("facebook",))
    set_plan(window.store, other.id, "facebook", datetime.combine(MONDAY + timedelta(days=2), time(14, 0)), AUTHOR)
    calendar.refresh()
    wednesday = MONDAY + timedelta(days=2)
    assert calendar.grid.day(wednesday).crowded == ("facebook",)
    calendar.grid.select(wednesday)
    assert "crowded on Facebook" in calendar.day_title.text()
    assert calendar.day_list.count() == 2
    assert calendar.model.tallies[0].over == ("facebook",)
    assert "Facebook at most 1 a week" in calendar.legend.text()


def test_a_double_click_opens_the_draft_in_the_window(qtbot, start):
    window, calendar, (planned, _done) = open_calendar(qtbot, start)
    window.new_draft()
    assert window.current.id != planned
    entry = next(e for e in calendar.model.entries if e.draft_id == planned)
    rect = calendar.grid.entry_rect(entry)
    assert not rect.isEmpty()
    qtbot.mouseDClick(calendar.grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current.id == planned
    assert window.editor.editors[""].toPlainText() == "Voorleesuurtje woensdag"


def _drop(grid: CalendarGrid, mime: QMimeData, on: date) -> None:
    """A drop on day ``on``, handed to the grid's drop handler (Qt delivers a drop event only within a drag)."""
    point = QPointF(grid.cell_rect(on).center())
    event = QDropEvent(point, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    grid.dropEvent(event)


def test_dropping_a_planned_post_on_another_day_replans_it_at_the_same_time(qtbot, start):
    window, calendar, (planned, _done) = open_calendar(qtbot, start, HouseStyle(cadence={"facebook": 3}))
    entry = next(e for e in calendar.model.entries if e.draft_id == planned)
    friday = MONDAY + timedelta(days=4)
    _drop(calendar.grid, CalendarGrid.mime_for(entry), friday)
    assert plans_of(window.store, planned)["facebook"] == datetime.combine(friday, time(9, 30))
    assert [e.draft_id for e in calendar.grid.day(friday).entries] == [planned]
    assert "Planned on Facebook for" in window.statusBar().currentMessage()
    assert calendar.grid.current == friday


def test_a_drop_of_anything_else_changes_nothing_and_a_refusal_is_said(qtbot, start):
    window, calendar, (planned, _done) = open_calendar(qtbot, start)
    mime = QMimeData()
    mime.setText("Voorleesuurtje")
    before = plans_of(window.store, planned)
    _drop(calendar.grid, mime, MONDAY + timedelta(days=5))
    assert plans_of(window.store, planned) == before
    window.store.db.execute("UPDATE drafts SET networks = '[\"instagram\"]' WHERE id = ?", [planned])
    entry = next(e for e in calendar.model.entries if e.draft_id == planned)
    assert not calendar.replan(entry.draft_id, entry.network, MONDAY + timedelta(days=5))
    assert "not one of this draft's networks" in calendar.message.text()
    bogus = QMimeData()
    bogus.setData(PLAN_MIME, b"not a plan")
    assert not calendar.grid.drop(bogus, MONDAY)


def test_a_published_post_cannot_be_dragged(qtbot, start):
    _window, calendar, (_planned, done) = open_calendar(qtbot, start)
    entry = next(e for e in calendar.model.entries if e.draft_id == done)
    rect = calendar.grid.entry_rect(entry)
    qtbot.mousePress(calendar.grid, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseMove(calendar.grid, rect.center() + QPoint(0, 60))
    qtbot.mouseRelease(calendar.grid, Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(0, 60))
    assert "only planned posts move" in calendar.message.text()


def test_pressing_and_moving_a_planned_post_drags_it(qtbot, start, monkeypatch):
    """The mouse starts the drag with the post's plan in it (the offscreen platform ends every real drag at once,
    so the drag is stood in for by a plain class that drops where the mouse went)."""
    from composer.ui.planning import calendar_grid

    window, calendar, (planned, _done) = open_calendar(qtbot, start)
    grid = calendar.grid
    entry = next(e for e in calendar.model.entries if e.draft_id == planned)
    target_day = MONDAY + timedelta(days=3)

    class Drag:
        def __init__(self, source):
            self.source = source

        def setMimeData(self, mime):
            self.mime = mime

        def exec(self, _action):
            _drop(self.source, self.mime, target_day)
            return Qt.DropAction.MoveAction

    monkeypatch.setattr(calendar_grid, "QDrag", Drag)
    start_at = grid.entry_rect(entry).center()
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=start_at)
    qtbot.mouseMove(grid, start_at + QPoint(0, QApplication.startDragDistance() + 5))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=start_at + QPoint(0, QApplication.startDragDistance() + 5))
    assert plans_of(window.store, planned)["facebook"] == datetime.combine(target_day, time(9, 30))
