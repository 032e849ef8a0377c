"""File → Mark as published…: the dialog records a publication and the cadence check follows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from composer.core.checklist import Status
from composer.core.export import publications as p
from composer.core.house_style import HouseStyle
from tests.ui_helpers import shown, type_text


def test_marking_as_published_records_it_and_the_cadence_check_follows(qtbot, start):
    window = start(house_style=HouseStyle(cadence={"facebook": 1})).window
    type_text(window.editor.editors[""], "Voorleesuurtje in de bib!")
    window.editor.network_boxes["facebook"].setChecked(True)
    qtbot.waitUntil(lambda: shown(window, "cadence") is not None)
    assert shown(window, "cadence").status is Status.PASS  # post 1 of at most 1
    first = window.current.id
    dialog = window.mark_published()
    assert dialog.isVisible() and not dialog.isModal()
    assert [dialog.network.itemData(i) for i in range(dialog.network.count())] == ["facebook"]
    assert dialog.date.date() == QDate.currentDate()
    dialog.link.setText("https://www.facebook.com/bib/posts/1")
    assert dialog.mark()
    (record,) = p.publications_of(window.store, first)
    assert record.network == "facebook" and record.published_at == date.today()
    assert record.link == "https://www.facebook.com/bib/posts/1" and record.recorded_by == "An Peeters"
    assert dialog.history.count() == 1
    assert "Marked as published on Facebook" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "published there on" in shown(window, "cadence").message)

    window.new_draft()  # the next post this week would pass the rhythm
    type_text(window.editor.editors[""], "Nog een post deze week")
    window.editor.network_boxes["facebook"].setChecked(True)
    qtbot.waitUntil(lambda: shown(window, "cadence", "facebook") is not None)
    check = shown(window, "cadence", "facebook")
    assert check.status is Status.WARN and "this would be post 2 this week" in check.message


def test_a_refused_mark_says_why_and_a_mistaken_one_can_be_removed(qtbot, start):
    window = start().window
    type_text(window.editor.editors[""], "Voorleesuurtje in de bib!")
    window.editor.network_boxes["instagram"].setChecked(True)
    dialog = window.mark_published()
    dialog.link.setText("instagram.com/p/abc")
    assert not dialog.mark()
    assert "web address" in dialog.message.text()
    assert p.publications_of(window.store, window.current.id) == []
    dialog.link.clear()
    assert dialog.mark()
    assert not dialog.mark()  # the same network and day twice
    assert "already marked" in dialog.message.text()
    dialog.history.setCurrentRow(0)
    assert dialog.remove_selected()
    assert p.publications_of(window.store, window.current.id) == []
    assert "Removed the mark" in window.statusBar().currentMessage()


def test_the_house_style_dialog_sets_the_rhythm(qtbot, start):
    window = start().window
    dialog = window.edit_house_style()
    dialog.cadence["facebook"].setText("5")
    dialog.cadence["instagram"].setText("3")
    dialog.accept()
    assert window.context.house_style.cadence == {"facebook": 5, "instagram": 3}
    again = window.edit_house_style()
    assert again.cadence["facebook"].text() == "5" and again.cadence["x"].text() == ""
