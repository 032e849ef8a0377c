"""A draft's stage, read from the facts on both back ends (issue 13, point 1): never "Draft" once published."""

from __future__ import annotations

from datetime import date, datetime

import pytest

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


# --- the flow's own steps: review asked, archived (issue 13, point 1) --------------------------------------


def _approve_as_colleague(store, draft_id: int, request) -> None:
    """Approve as someone other than the draft's author: a typed name alone; on the team database the login,
    so the draft is first made a colleague's (as the administrator, behind the triggers' back)."""
    if store.access.team:
        import psycopg

        library = request.getfixturevalue("team_library")
        with psycopg.connect(library.server.admin_dsn(library.dbname), autocommit=True) as admin:
            admin.execute("SET session_replication_role = replica")  # no trigger puts the login back
            admin.execute("UPDATE composer.drafts SET created_by = 'els_colleague', updated_by = 'els_colleague'"
                          " WHERE id = %s", [draft_id])
    store.approve(draft_id, "Els (communicatie)")


def test_each_stage_is_reached_in_order(store, request):
    from composer.core.planning import flow
    from composer.core.planning.plans import set_plan

    draft = store.create(AUTHOR, text="Voorleesuurtje woensdag", networks=("facebook", "x"))
    seen = [flow.stage_of(store, draft.id)]
    flow.request_review(store, draft.id)
    seen.append(flow.stage_of(store, draft.id))
    _approve_as_colleague(store, draft.id, request)
    seen.append(flow.stage_of(store, draft.id))
    set_plan(store, draft.id, "facebook", datetime(2026, 12, 2, 10, 30), AUTHOR, now=datetime(2026, 12, 1))
    seen.append(flow.stage_of(store, draft.id))
    mark_published(store, draft.id, "facebook", date(2026, 12, 2), author=AUTHOR, today=date(2026, 12, 7))
    seen.append(flow.stage_of(store, draft.id))
    flow.archive(store, draft.id)
    seen.append(flow.stage_of(store, draft.id))
    assert seen == list(flow.STAGES)
    assert _stage(store, draft.id) == "archived"  # as the list reads it
    flow.unarchive(store, draft.id)
    assert flow.stage_of(store, draft.id) == "published"


def test_asking_for_review_twice_keeps_the_first_moment_and_can_be_taken_back(store):
    from composer.core.planning import flow

    draft = store.create(AUTHOR, text="Nazicht graag", networks=("facebook",))
    flow.request_review(store, draft.id)
    first = store.db.value("SELECT review_requested_at FROM drafts WHERE id = ?", [draft.id])
    flow.request_review(store, draft.id)
    assert store.db.value("SELECT review_requested_at FROM drafts WHERE id = ?", [draft.id]) == first
    assert flow.stage_of(store, draft.id) == "ready_for_review"
    flow.withdraw_review(store, draft.id)
    assert flow.stage_of(store, draft.id) == "draft"


def test_the_flow_leaves_the_edit_time_alone(store):
    """Archiving is no edit: an approval stays valid and the list keeps its order."""
    from composer.core.planning import flow

    draft = store.create(AUTHOR, text="Een", networks=("facebook",))
    before = store.get(draft.id)
    flow.request_review(store, draft.id)
    flow.archive(store, draft.id)
    after = store.get(draft.id)
    assert (after.updated_at, after.revision) == (before.updated_at, before.revision)


def test_an_unknown_or_trashed_draft_is_refused_with_a_clear_message(store):
    from composer.core.planning import flow

    for step in (flow.request_review, flow.withdraw_review, flow.archive, flow.unarchive, flow.stage_of):
        with pytest.raises(flow.FlowError, match="Draft #999 does not exist"):
            step(store, 999)
    draft = store.create(AUTHOR, text="Weg", networks=("facebook",))
    store.trash(draft.id)
    with pytest.raises(flow.FlowError, match="in the trash"):
        flow.archive(store, draft.id)
    assert store.db.value("SELECT archived_at FROM drafts WHERE id = ?", [draft.id]) is None
