"""Takedowns to do: made by a withdrawal in its own transaction, marked done with day and colleague, never undone."""

from __future__ import annotations

from datetime import date

import pytest

from composer.core import consent as c
from composer.core.export import publications as p
from composer.core.planning import takedowns as t
from composer.core.storage.errors import DatabaseError
from tests.helpers.consent import AUTHOR, add_photo, terms

DAY = date(2026, 3, 1)


def person_with_consent(store, name: str = "An Peeters") -> int:
    pid = c.add_person(store, name, AUTHOR).id
    c.grant_consent(store, pid, terms(), AUTHOR)
    return pid


def draft_showing(store, *people: int, text: str = "Voorleesuurtje in de bib!"):
    draft = store.create(AUTHOR, text=text, networks=("facebook", "instagram"))
    add_photo(store, draft.id, 1, people=people)
    return draft


def publish(store, draft_id: int, network: str = "facebook", link: str = "https://fb.example/1") -> int:
    return p.mark_published(store, draft_id, network, DAY, link, author=AUTHOR, today=DAY).id


def test_a_withdrawal_puts_each_publication_of_the_person_on_the_list(store):
    pid = person_with_consent(store)
    other = person_with_consent(store, "Bram Jacobs")
    shown = draft_showing(store, pid, other)
    on_facebook, on_instagram = publish(store, shown.id), publish(store, shown.id, "instagram", "")
    not_shown = store.create(AUTHOR, text="Zonder foto", networks=("facebook",))
    publish(store, not_shown.id)

    result = c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    assert result.takedowns == 2
    todo = t.open_takedowns(store)
    assert [(x.publication_id, x.person, x.network, x.link, x.first_line, x.done) for x in todo] == [
        (on_facebook, "An Peeters", "facebook", "https://fb.example/1", "Voorleesuurtje in de bib!", False),
        (on_instagram, "An Peeters", "instagram", "", "Voorleesuurtje in de bib!", False)]
    assert todo[0].published_at == DAY and todo[0].draft_id == shown.id
    assert t.open_count(store) == 2


def test_a_post_whose_photos_showed_the_person_counts_even_after_the_photo_left_the_draft(store):
    pid = person_with_consent(store)
    draft = draft_showing(store, pid)
    pub = publish(store, draft.id)
    store.db.execute("DELETE FROM draft_photos WHERE draft_id = ?", [draft.id])  # the draft no longer shows them
    result = c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    assert result.drafts == () and result.takedowns == 1
    assert [x.publication_id for x in t.open_takedowns(store)] == [pub]


def test_never_twice_for_one_post_and_person(store):
    pid = person_with_consent(store)
    pub = publish(store, draft_showing(store, pid).id)
    c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    c.grant_consent(store, pid, terms(), AUTHOR)  # consent again, and withdrawn again
    assert c.withdraw(store, person_id=pid, received_how="phone", author=AUTHOR).takedowns == 0
    assert [x.publication_id for x in t.all_takedowns(store)] == [pub]


def test_withdrawing_a_refusal_takes_nothing_down(store):
    pid = c.add_person(store, "An Peeters", AUTHOR).id
    from tests.helpers.consent import refusal

    record = c.record_refusal(store, pid, refusal(), AUTHOR)
    publish(store, draft_showing(store, pid).id)
    assert c.withdraw(store, record_id=record, received_how="email", author=AUTHOR).takedowns == 0
    assert t.all_takedowns(store) == []


def test_done_records_the_day_and_the_colleague_and_stays_listed(store):
    pid = person_with_consent(store)
    draft = draft_showing(store, pid)
    first, second = publish(store, draft.id), publish(store, draft.id, "instagram")
    c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    todo = {x.publication_id: x.id for x in t.open_takedowns(store)}
    done = t.mark_done(store, todo[first], "Els Peeters")
    assert done.done and done.done_by == store.author("Els Peeters") and done.done_at[:4] >= "2026"
    assert [x.publication_id for x in t.open_takedowns(store)] == [second]
    assert t.open_count(store) == 1
    history = t.all_takedowns(store)
    assert [(x.publication_id, x.done) for x in history] == [(second, False), (first, True)]  # to do first


def test_a_done_takedown_cannot_be_undone_neither_here_nor_in_the_database(store):
    pid = person_with_consent(store)
    pub = publish(store, draft_showing(store, pid).id)
    c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    (todo,) = t.open_takedowns(store)
    done = t.mark_done(store, todo.id, AUTHOR)
    with pytest.raises(t.TakedownError, match="already marked done on .* It stays as it is"):
        t.mark_done(store, todo.id, "Someone else")
    for sql in ("UPDATE takedowns SET done_at = NULL, done_by = NULL WHERE id = ?",
                "UPDATE takedowns SET done_by = 'Someone else' WHERE id = ?",
                "DELETE FROM takedowns WHERE id = ?"):
        with pytest.raises(DatabaseError):
            store.db.execute(sql, [todo.id])
    assert t.get_takedown(store, todo.id) == done
    with pytest.raises(p.PublicationError, match="takedown of this publication was done"):
        p.unmark_published(store, pub)  # the publication is part of the proof
    assert t.get_takedown(store, todo.id) == done


def test_a_takedown_to_do_goes_with_a_publication_marked_by_mistake(store):
    pid = person_with_consent(store)
    pub = publish(store, draft_showing(store, pid).id)
    c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    p.unmark_published(store, pub)
    assert t.all_takedowns(store) == []


def test_marking_needs_a_name_and_a_takedown_that_exists(store):
    with pytest.raises(t.TakedownError, match="not on the list"):
        t.mark_done(store, 999, AUTHOR)
    with pytest.raises(t.TakedownError, match="Say who"):
        t.mark_done(store, 1, " ")


def test_an_erased_person_is_named_by_number(store):
    pid = person_with_consent(store)
    publish(store, draft_showing(store, pid).id)
    c.withdraw(store, person_id=pid, received_how="email", author=AUTHOR)
    store.db.execute("UPDATE people SET name = '', erased_at = '2026-03-02' WHERE id = ?", [pid])
    assert t.open_takedowns(store)[0].person == f"Erased person #{pid}"
