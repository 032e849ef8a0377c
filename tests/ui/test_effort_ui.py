"""The writing time in the window: counted from the editor's edits, kept on Ctrl+S, switching and quitting,
shown in the status bar, and corrected by hand."""

from __future__ import annotations

from composer.core.planning import effort as e
from composer.core.storage.store import Store
from tests.ui_helpers import close, type_text


class Clock:
    """Monotonic seconds the test moves on by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def typing(window, clock: Clock, *steps: tuple[float, str]) -> None:
    """Type each text after waiting the seconds given (on the test's clock)."""
    for wait, text in steps:
        clock.now += wait
        type_text(window.editor.editors[""], text)


def test_active_writing_is_counted_and_kept_with_ctrl_s_but_not_a_long_pause(start):
    window = start().window
    window.effort.clock = clock = Clock()
    typing(window, clock, (0, "V"), (20, "o"), (25, "o"), (300, "r"), (10, "l"))  # 20 + 25, pause, 10
    assert window.effort.meter.counted == 55
    assert window.save_now()
    (mine,) = e.effort_of(window.store, window.current.id).authors
    assert (mine.author, mine.writing_seconds) == ("An Peeters", 55)
    assert window.effort.label.text() == "Writing time: 1 min"
    assert window.effort.label.isVisible()


def test_switching_drafts_hands_the_time_over_to_the_draft_it_was_spent_on(start):
    window = start().window
    window.effort.clock = clock = Clock()
    first = window.current.id
    typing(window, clock, (0, "Eerste"), (40, " post"))
    window.new_draft()
    typing(window, clock, (5, "Tweede"), (50, "!"))  # 5 s after the last edit of the first: not the second's
    assert window.save_now()
    assert e.effort_of(window.store, first).seconds == 40
    assert e.effort_of(window.store, window.current.id).seconds == 50
    assert window.effort.label.text() == "Writing time: 1 min"


def test_quitting_keeps_what_was_counted(start, data_dir):
    session = start()
    window = session.window
    window.effort.clock = clock = Clock()
    typing(window, clock, (0, "Tot"), (59, " straks"))
    draft_id = window.current.id
    close(session)
    store = Store.open(data_dir)
    try:
        assert e.effort_of(store, draft_id).seconds == 59
    finally:
        store.close()


def test_the_label_shows_each_colleagues_share(start, data_dir):
    store = Store.open(data_dir)
    draft = store.create("An Peeters", text="Samen geschreven")
    e.add_writing_time(store, draft.id, "An Peeters", 540)
    e.add_writing_time(store, draft.id, "Els", 180)
    store.set_setting("last_draft_id", draft.id)
    store.close()
    window = start().window
    assert window.current.id == draft.id
    assert window.effort.label.text() == "Writing time: 12 min (you 9, Els 3)"


def test_a_correction_by_hand_says_what_is_wrong_and_then_counts(qtbot, start):
    window = start().window
    window.effort.clock = clock = Clock()
    typing(window, clock, (0, "Foto's"), (30, " genomen"))
    window.effort_action.trigger()
    dialog = window.effort.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert "You: 1 min writing" in dialog.breakdown.text()  # the time counted so far is in it
    dialog.minutes.setText("2.5")
    assert not dialog.save()
    assert "not a whole number of minutes" in dialog.message.text()
    dialog.minutes.setText("-5")
    assert not dialog.save()
    assert "cannot go below zero" in dialog.message.text()
    dialog.minutes.setText("20")
    dialog.note.setText("time spent taking photos")
    assert dialog.save()
    assert "the writing time is now 21 min" in dialog.message.text()  # 30 s typed, 20 min added
    assert "+ 20 min (time spent taking photos)" in dialog.breakdown.text()
    assert window.effort.label.text() == "Writing time: 21 min"
    (mine,) = e.effort_of(window.store, window.current.id).authors
    assert (mine.writing_seconds, mine.extra_seconds, mine.note) == (30, 1200, "time spent taking photos")
    window.effort.label.click()  # the status bar's label opens the same dialog
    assert window.effort.dialog is dialog
