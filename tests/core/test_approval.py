"""Who may approve a draft on the local library (issue 12: never its own author)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from composer.core.drafts import approval
from composer.core.drafts.draft import Draft

DRAFT = Draft(text="Voorleesuurtje", created_by="An Peeters", updated_by="Bert Claes")


@pytest.mark.parametrize("name", ["An Peeters", "an peeters", "  An   Peeters ", "Bert Claes", "BERT CLAES"])
def test_the_author_or_last_editor_is_refused_however_the_name_is_typed(name):
    assert "never its own author" in approval.refusal(DRAFT, name)
    with pytest.raises(approval.ApprovalRefused):
        approval.check(DRAFT, name)


def test_a_colleague_may_approve():
    assert approval.refusal(DRAFT, "Els (communicatie)") is None
    approval.check(DRAFT, "Els (communicatie)")


def test_an_empty_name_approves_nothing():
    assert approval.refusal(DRAFT, "   ") is not None


def test_accents_composed_or_not_are_one_name():
    draft = Draft(text="x", created_by="Zoë Verbeke")
    assert approval.refusal(draft, "Zoe\u0308 Verbeke") is not None


@pytest.mark.sqlite_only("the team database decides by login: tests/pg/test_pg_opening.py")
def test_the_local_store_refuses_the_author_as_approver(store):
    """Issue 12: refused where the data lives, not only in the dialog."""
    draft = store.create("An Peeters", text="Voorleesuurtje")
    with pytest.raises(approval.ApprovalRefused):
        store.approve(draft.id, "an peeters")
    assert store.get(draft.id).approved_by is None
    assert store.approve(draft.id, "Els (communicatie)").approved


def test_a_listed_draft_waits_for_an_approval_until_approved_and_again_after_an_edit(store):
    """The drafts list marks it from the row itself (no query per list load on the window's thread)."""
    def row(draft_id):
        return next(r for r in store.list_drafts() if r.id == draft_id)

    draft = store.create("An Peeters", text="Voorleesuurtje")
    assert row(draft.id).waiting
    if not store.access.team:  # (on the team database an approver approves as a login: tests/pg)
        store.approve(draft.id, "Els (communicatie)")
        assert not row(draft.id).waiting
        store.save(replace(store.get(draft.id), text="Voorleesuurtje, zaterdag"), "An Peeters")
        assert row(draft.id).waiting
    store.trash(draft.id)
    assert not any(r.waiting for r in store.list_drafts(trash=True))
