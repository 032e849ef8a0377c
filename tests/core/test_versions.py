"""Earlier versions of a draft: listed newest first with who kept them, compared with now, restored without
overwriting anything (on the local file and on the team library)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from composer.core import i18n
from composer.core.drafts.draft import Draft
from composer.core.storage import store as store_module
from composer.core.storage.errors import SaveConflict
from composer.core.writing.versions import Version, compare, other_changes, restore, versions, when


@pytest.fixture
def every_save_kept(monkeypatch):
    """Keep the version a save replaces at every save (normally at most once per five minutes of typing)."""
    monkeypatch.setattr(store_module, "HISTORY_EVERY", timedelta(0))


def edit(store, draft_id: int, author: str, **content) -> Draft:
    return store.save(replace(store.get(draft_id), **content), author)


def test_versions_are_listed_newest_first_with_who_wrote_them(store, every_save_kept):
    draft = store.create("An", text="Eerste versie", networks=("x",))
    edit(store, draft.id, "Bo", text="Tweede versie", network_texts={"x": "Kort voor X"})
    edit(store, draft.id, "An", text="Derde versie 📚")
    found = versions(store, draft.id)
    assert [v.text for v in found] == ["Tweede versie", "Eerste versie"]
    assert found[0].saved_by == store.author("Bo") and found[0].network_texts == {"x": "Kort voor X"}
    assert found[1].saved_by == store.author("An") and found[1].networks == ("x",)
    assert [v.saved_at for v in found] == sorted((v.saved_at for v in found), reverse=True)
    assert versions(store, draft.id + 1) == []


def test_restore_saves_the_version_and_keeps_everything_before_it(store, every_save_kept):
    draft = store.create("An", text="Kom vrijdag kijken", networks=("x", "instagram"), purpose="event")
    edit(store, draft.id, "An", text="Kom zaterdag kijken", network_texts={"x": "Zaterdag!"}, purpose="dialogue")
    old = next(v for v in versions(store, draft.id) if v.text == "Kom vrijdag kijken")

    saved = restore(store, draft.id, old, "Bo")

    stored = store.get(draft.id)
    assert stored.text == "Kom vrijdag kijken" and stored.network_texts == {} and stored.purpose == "event"
    assert saved.revision == stored.revision
    listed = versions(store, draft.id)
    newest = listed[0]
    assert newest.restored_from == old.saved_at and newest.text == "Kom vrijdag kijken"
    assert newest.saved_by == store.author("Bo")
    before = [v for v in listed if v.text == "Kom zaterdag kijken"]  # the text before the restore is kept
    assert before and before[0].network_texts == {"x": "Zaterdag!"} and before[0].purpose == "dialogue"
    assert any(v.id == old.id for v in listed)  # and so is the version restored


def test_undo_of_a_restore_is_the_restore_of_the_version_before(store, every_save_kept):
    draft = store.create("An", text="Een")
    edit(store, draft.id, "An", text="Twee")
    first = next(v for v in versions(store, draft.id) if v.text == "Een")
    restore(store, draft.id, first, "An")
    before = next(v for v in versions(store, draft.id) if v.text == "Twee")
    restore(store, draft.id, before, "An")
    assert store.get(draft.id).text == "Twee"
    assert {"Een", "Twee"} <= {v.text for v in versions(store, draft.id)}


def test_a_restore_never_overwrites_a_colleagues_newer_save(store, every_save_kept):
    draft = store.create("An", text="Oud")
    seen = edit(store, draft.id, "An", text="Nieuw")  # what the author has in front of them
    edit(store, draft.id, "Bo", text="Bo's tekst")  # a colleague saves meanwhile
    old = next(v for v in versions(store, draft.id) if v.text == "Oud")
    with pytest.raises(SaveConflict):
        restore(store, draft.id, old, "An", expected_revision=seen.revision)
    assert store.get(draft.id).text == "Bo's tekst"
    assert {"Bo's tekst", "Oud", "Nieuw"} <= {v.text for v in versions(store, draft.id)}  # all kept


def test_a_restore_of_the_same_content_adds_one_version_only(store, every_save_kept):
    draft = store.create("An", text="Een")
    edit(store, draft.id, "An", text="Twee")
    first = next(v for v in versions(store, draft.id) if v.text == "Een")
    restore(store, draft.id, first, "An")
    edit(store, draft.id, "An", text="Drie")  # keeps "Een" again: listed once, as the restore
    texts = [v.text for v in versions(store, draft.id)]
    assert texts[:3] == ["Een", "Twee", "Een"]
    assert versions(store, draft.id)[0].restored_from == first.saved_at


def test_compare_gives_the_shared_text_and_each_networks_own_text():
    version = Version(1, "2026-03-03T10:00:00+00:00", "An", "Kom vrijdag", ("x", "mastodon"),
                      {"x": "Vrijdag!"}, "event", None)
    now = Draft(text="Kom zaterdag", networks=("x", "bluesky"), network_texts={"bluesky": "Zaterdag 🦋"},
                purpose="event", audience="students")
    sides = compare(version, now)
    assert [(s.key, s.old, s.new, s.own_then, s.own_now) for s in sides] == [
        ("", "Kom vrijdag", "Kom zaterdag", False, False),
        ("x", "Vrijdag!", "Kom zaterdag", True, False),
        ("bluesky", "Kom vrijdag", "Zaterdag 🦋", False, True),
    ]
    assert other_changes(version, now) == ["Networks then: X and Mastodon; now: X and Bluesky.",
                                           "Audience then: none; now: Students."]


def test_when_is_said_in_local_time_and_the_ui_language():
    today = date(2026, 3, 10)
    at = "2026-03-10T13:05:00+00:00"
    from datetime import datetime

    local = datetime.fromisoformat(at).astimezone().strftime("%H:%M")
    assert when(at, today) == f"today {local}"
    assert when("2026-03-03T13:05:00+00:00", today).startswith("3 March")
    assert "2025" in when("2025-03-03T13:05:00+00:00", today)
    i18n.set_language("nl")
    assert when("2026-03-03T13:05:00+00:00", today).startswith("3 maart")
