"""Takedowns to do in the window: the status bar's indicator, the list, Done (asked once more), never undone."""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtWidgets import QMessageBox

from composer.core import consent as c
from composer.core.export import publications as p
from composer.core.planning import takedowns as t
from composer.core.storage.store import Store
from tests.helpers.consent import AUTHOR, add_photo, terms


def withdrawn_after_publishing(store, name: str = "Mira Janssens", networks=("facebook", "instagram")) -> int:
    """A person's photo in a draft published on ``networks``, then their consent withdrawn: the person's id."""
    pid = c.add_person(store, name, AUTHOR).id
    c.grant_consent(store, pid, terms(), AUTHOR)
    draft = store.create(AUTHOR, text="Voorleesuurtje met Mira", networks=networks)
    add_photo(store, draft.id, 1, people=(pid,))
    for key in networks:
        p.mark_published(store, draft.id, key, date(2026, 3, 1), f"https://{key}.example/post/1", author=AUTHOR)
    c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    return pid


def prepared(data_dir) -> None:
    store = Store.open(data_dir)
    try:
        withdrawn_after_publishing(store)
        store.create("An Peeters", text="Een gewone post")  # the window opens this one (the newest)
    finally:
        store.close()


def test_the_indicator_stays_until_every_takedown_is_done(qtbot, start, data_dir):
    prepared(data_dir)
    window = start().window
    indicator = window.follow_up.indicator
    qtbot.waitUntil(indicator.isVisible)
    assert indicator.text() == "2 takedowns to do"

    indicator.click()
    listed = window.follow_up.takedowns
    assert listed.isVisible() and not listed.isModal()
    table = listed.table
    assert table.rowCount() == 2 and listed.summary.text() == "2 takedowns to do."
    assert [table.item(0, column).text() for column in (0, 1, 3, 4)] == [
        "Facebook", "2026-03-01", "Voorleesuurtje met Mira", "Mira Janssens"]
    assert "https://facebook.example/post/1" in table.cellWidget(0, 2).text()

    box = listed.ask_done(listed.rows[0])
    box.button(QMessageBox.StandardButton.Cancel).click()  # asked once more: nothing recorded
    assert t.open_count(window.store) == 2
    listed.done_buttons[listed.rows[0].id].click()
    listed.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert t.open_count(window.store) == 1
    assert indicator.text() == "1 takedown to do"
    assert "Recorded: taken down on" in listed.message.text()
    done_row = next(row for row in range(table.rowCount()) if listed.rows[row].done)
    assert table.cellWidget(done_row, 5).text().endswith("by An Peeters")  # history: the day and the colleague

    (still_open,) = [row for row in listed.rows if not row.done]
    listed.done_buttons[still_open.id].click()
    listed.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert not indicator.isVisible()
    assert listed.summary.text() == "Nothing to take down." and table.rowCount() == 2  # done ones stay listed


def test_a_withdrawal_in_the_running_window_shows_the_indicator(qtbot, start):
    window = start().window
    qtbot.wait(10)
    assert not window.follow_up.indicator.isVisible()
    withdrawn_after_publishing(window.store, networks=("x",))
    window.photos_changed()  # as the consent register does after a withdrawal
    assert window.follow_up.indicator.text() == "1 takedown to do"
    window.takedowns_action.trigger()
    assert window.follow_up.takedowns.table.rowCount() == 1


def test_marking_done_twice_or_a_refusal_of_the_database_is_said_clearly(qtbot, start, data_dir, monkeypatch):
    prepared(data_dir)
    window = start().window
    listed = window.follow_up.open_takedowns()
    first = listed.rows[0]
    t.mark_done(window.store, first.id, "Els")  # a colleague was quicker
    assert not listed.mark_done(first.id)
    assert "already marked done on" in listed.message.text() and "by Els" in listed.message.text()

    def refused(store, takedown_id, author):
        raise sqlite3.IntegrityError("a takedown once done stays done")

    monkeypatch.setattr("composer.ui.planning.takedowns_view.mark_done", refused)
    assert not listed.mark_done(listed.rows[0].id)
    assert listed.message.text().startswith("The database refused: a takedown once done stays done.")
