"""Feedback after publishing in the window: the reminder, the list, the form (bad input said, values kept)."""

from __future__ import annotations

from datetime import date, timedelta

from composer.core.export import publications as p
from composer.core.planning import feedback as f
from composer.core.storage.store import Store
from tests.ui_helpers import type_text

TODAY = date.today()


def published_before(data_dir, days_ago: int, text: str = "Voorleesuurtje in de bib!") -> int:
    """A draft published ``days_ago`` days ago on Facebook, written before the window opens: its publication."""
    store = Store.open(data_dir)
    try:
        draft = store.create("An Peeters", text=text, networks=("facebook",))
        return p.mark_published(store, draft.id, "facebook", TODAY - timedelta(days=days_ago),
                                "https://www.facebook.com/bib/posts/1", author="An Peeters").id
    finally:
        store.close()


def test_the_reminder_leads_to_the_form_which_names_a_bad_figure_and_keeps_what_was_typed(qtbot, start, data_dir):
    publication = published_before(data_dir, 4)
    published_before(data_dir, 1, "Gisteren gepost")  # too fresh to ask about
    window = start().window
    reminder = window.follow_up.reminder
    qtbot.waitUntil(reminder.isVisible)
    assert reminder.text.text() == "1 post published a few days ago waits for its feedback."

    reminder.button.click()
    listed = window.follow_up.feedback_list
    assert listed.isVisible() and not listed.isModal()
    assert [listed.table.item(row, 3).text() for row in range(listed.table.rowCount())] == ["waiting", "in 2 days"]
    form = listed.open_form(0)
    assert form.publication_id == publication and not form.isModal()
    assert "Voorleesuurtje in de bib!" in form.post.text()

    type_text(form.fields["comments"], "-3")
    assert not form.save()
    assert form.message.text().startswith("Reactions and comments: a number cannot be below zero")
    assert form.fields["comments"].text() == "-3" and form.isVisible()  # kept as typed, to be corrected
    assert f.get_feedback(window.store, publication) is None
    form.fields["comments"].setText("3")
    form.fields["questions"].setText("2.5")
    assert not form.save()
    assert "Questions: “2.5” is not a whole number" in form.message.text()
    form.fields["questions"].setText(" 2 ")
    form.fields["likes"].setText("41")
    form.note.setPlainText("Drie mensen vroegen naar de openingsuren")
    with qtbot.waitSignal(form.saved):
        assert form.save()

    saved = f.get_feedback(window.store, publication)
    assert (saved.comments, saved.questions, saved.suggestions, saved.likes, saved.reach) == (3, 2, 0, 41, None)
    assert saved.note == "Drie mensen vroegen naar de openingsuren" and saved.recorded_by == "An Peeters"
    assert not reminder.isVisible()  # nothing waits any more
    assert listed.table.item(0, 3).text() == "in 2 days" and listed.table.item(1, 3).text() == "recorded"

    again = listed.open_form(1)  # edited later: the form shows what was recorded
    assert again.fields["likes"].text() == "41" and again.fields["reach"].text() == ""
    assert again.note.toPlainText() == "Drie mensen vroegen naar de openingsuren"


def test_likes_come_last_and_smaller(start, data_dir):
    publication = published_before(data_dir, 4)
    window = start().window
    form = window.follow_up.open_feedback_of(publication)
    form.adjustSize()
    heights = {key: field.mapTo(form, field.rect().topLeft()).y() for key, field in form.fields.items()}
    assert heights["comments"] < heights["questions"] < heights["suggestions"] < heights["shares"] < heights["likes"]
    assert heights["likes"] == max(heights.values())
    assert form.fields["likes"].font().pointSizeF() < form.fields["comments"].font().pointSizeF()


def test_the_reminder_can_be_put_away_for_the_session(qtbot, start, data_dir):
    published_before(data_dir, 5)
    published_before(data_dir, 6)
    window = start().window
    reminder = window.follow_up.reminder
    qtbot.waitUntil(reminder.isVisible)
    assert reminder.text.text() == "2 posts published a few days ago wait for their feedback."
    reminder.close_button.click()
    assert not reminder.isVisible()
    window.follow_up.refresh()
    assert not reminder.isVisible()


def test_feedback_is_reached_from_the_drafts_publications(qtbot, start):
    window = start().window
    type_text(window.editor.editors[""], "Nieuwe aanwinst")
    window.editor.network_boxes["instagram"].setChecked(True)
    dialog = window.mark_published()
    assert dialog.mark()
    assert not dialog.feedback_button.isEnabled()  # no post chosen yet
    dialog.history.setCurrentRow(0)
    form = dialog.open_feedback()
    (record,) = p.publications_of(window.store, window.current.id)
    assert form.publication_id == record.id
    form.fields["shares"].setText("4")
    form.fields["reach"].setText("1200")
    assert form.save()
    assert f.get_feedback(window.store, record.id).reach == 1200
    assert window.statusBar().currentMessage() == "Feedback recorded."
