"""Feedback after publishing: typed figures checked, one row per publication saved and edited, the reminder's list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from composer.core.export import publications as p
from composer.core.planning import feedback as f
from composer.core.storage.errors import DatabaseError

AUTHOR = "An Peeters"
TODAY = date(2026, 3, 20)


def published(store, days_ago: int, network: str = "facebook", text: str = "Voorleesuurtje in de bib!") -> int:
    draft = store.create(AUTHOR, text=f"\n{text}\nmeer", networks=(network,))
    return p.mark_published(store, draft.id, network, TODAY - timedelta(days=days_ago), "https://fb.example/1",
                            author=AUTHOR, today=TODAY).id


# --- what was typed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, value", [(" 12 ", 12), ("", 0), ("0", 0), ("1\u202f200", 1200), ("007", 7)])
def test_typed_counts_are_whole_numbers_from_zero(typed, value):
    assert f.parse_count(typed, "Likes") == value


@pytest.mark.parametrize("typed, message", [
    ("-3", "Questions: a number cannot be below zero"),
    ("2.5", "Questions: “2.5” is not a whole number"),
    ("abc", "Questions: “abc” is not a whole number"),
    ("3 likes", "not a whole number"),
    ("99999999999", "more than any post reaches"),
])
def test_anything_else_is_refused_naming_the_field(typed, message):
    with pytest.raises(f.FeedbackError, match=message):
        f.parse_count(typed, "Questions")


def test_an_empty_reach_is_unknown_not_zero():
    typed = f.feedback_from_texts(5, {"comments": "4", "questions": " 2", "likes": "31"}, " asked about hours ")
    assert typed == f.Feedback(5, comments=4, questions=2, likes=31, reach=None, note="asked about hours")
    assert typed.dialogue == 6  # likes are kept apart
    assert f.feedback_from_texts(5, {"reach": "0"}).reach == 0
    with pytest.raises(f.FeedbackError, match="Reach: “many” is not a whole number"):
        f.feedback_from_texts(5, {"reach": "many"})


# --- stored: saved, edited, on both back ends ---------------------------------------------------------


def test_feedback_is_saved_and_edited_later(store):
    pub = published(store, 4)
    assert f.get_feedback(store, pub) is None
    saved = f.save_feedback(store, f.feedback_from_texts(pub, {"comments": "3", "likes": "40"}, "nice"), AUTHOR)
    assert (saved.comments, saved.likes, saved.reach, saved.note) == (3, 40, None, "nice")
    assert saved.recorded_by == store.author(AUTHOR) and saved.recorded_at
    again = f.save_feedback(store, f.feedback_from_texts(pub, {"comments": "5", "questions": "2", "reach": "900"}),
                            AUTHOR)
    assert (again.comments, again.questions, again.likes, again.reach, again.note) == (5, 2, 0, 900, "")
    assert store.db.value("SELECT count(*) FROM feedback") == 1


def test_figures_below_zero_are_refused_by_the_core_and_by_the_database(store):
    pub = published(store, 4)
    with pytest.raises(f.FeedbackError, match="Likes: a whole number from 0 up"):
        f.save_feedback(store, f.Feedback(pub, likes=-1), AUTHOR)
    with pytest.raises(f.FeedbackError, match="not in the log"):
        f.save_feedback(store, f.Feedback(999), AUTHOR)
    assert store.db.value("SELECT count(*) FROM feedback") == 0
    with pytest.raises(DatabaseError):
        store.db.execute("INSERT INTO feedback (publication_id, questions, recorded_at) VALUES (?, -1, 'x')", [pub])


def test_a_publication_removed_as_a_mistake_takes_its_feedback_along(store):
    pub = published(store, 4)
    f.save_feedback(store, f.Feedback(pub, comments=1), AUTHOR)
    p.unmark_published(store, pub)
    assert store.db.value("SELECT count(*) FROM feedback") == 0


# --- the reminder -----------------------------------------------------------------------------------------


def test_due_are_the_posts_of_three_days_ago_and_older_without_feedback(store):
    too_fresh = published(store, 2, text="Twee dagen")
    due = published(store, 3, text="Drie dagen")
    older = published(store, 10, "instagram", text="Tien dagen")
    answered = published(store, 5, text="Beantwoord")
    published(store, 40, text="Te oud om nog naar te vragen")
    f.save_feedback(store, f.Feedback(answered, comments=2), AUTHOR)
    found = f.due_for_feedback(store, TODAY)
    assert [d.publication_id for d in found] == [older, due]  # oldest first
    assert found[0] == f.DuePublication(older, found[0].draft_id, "instagram", TODAY - timedelta(days=10),
                                        "https://fb.example/1", "Tien dagen", False)
    assert too_fresh not in [d.publication_id for d in found]
    listed = f.recent_publications(store, TODAY)
    assert [(d.first_line, d.has_feedback) for d in listed] == [
        ("Twee dagen", False), ("Drie dagen", False), ("Beantwoord", True), ("Tien dagen", False)]
