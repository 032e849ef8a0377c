"""A draft's stage, read from the facts on both back ends (issue 13, point 1): never "Draft" once published."""

from __future__ import annotations

from datetime import date

from composer.core.export.publications import mark_published
from composer.core.planning.flow import stage_label

AUTHOR = "An Peeters"


def _stage(store, draft_id: int) -> str:
    return next(row.stage for row in store.list_drafts() if row.id == draft_id)


def test_a_new_draft_is_a_draft_and_a_published_one_never_is(store):
    draft = store.create(AUTHOR, text="Voorleesuurtje woensdag", networks=("facebook", "x"))
    assert _stage(store, draft.id) == "draft"
    mark_published(store, draft.id, "facebook", date(2026, 12, 1), author=AUTHOR, today=date(2026, 12, 7))
    row = next(row for row in store.list_drafts() if row.id == draft.id)
    assert row.stage == "published"
    assert row.published == ("facebook",)
    assert stage_label(row.stage, row.published, row.networks) == "Published (1 of 2 networks)"


def test_the_list_keeps_only_the_stage_asked_for(store):
    first = store.create(AUTHOR, text="Een", networks=("facebook",))
    second = store.create(AUTHOR, text="Twee", networks=("facebook",))
    mark_published(store, second.id, "facebook", date(2026, 12, 1), author=AUTHOR, today=date(2026, 12, 7))
    assert [row.id for row in store.list_drafts(stage="published")] == [second.id]
    assert [row.id for row in store.list_drafts(stage="draft")] == [first.id]
    assert store.list_drafts(stage="archived") == []
