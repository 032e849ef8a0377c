"""A draft's stage on its way from writing to the archive: read from the facts, never stored.

draft → ready for review (the writer asked for it: the house style wants an
approval) → approved → planned (a moment set for a network) → published (on at
least one network: marked in the publication log) → archived. The stage is
worked out in SQL from the draft's own columns, its plans and its publications
(:data:`STAGE_SQL`, one expression for both back ends, so the drafts list can
show and filter it without reading every draft), so a published post can never
be listed as a "draft" and no stage can drift from the facts it stands for.

Two of those facts are the writer's to set: asking for a review
(:func:`request_review`, :func:`withdraw_review`) and archiving
(:func:`archive`, :func:`unarchive`); a plan (``plans.py``), an approval
(``Store.approve``) and a publication (``export/publications.py``) are the
others. None of them is an edit: the draft's ``updated_at`` stays, so an
approval stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.i18n import N_, _

if TYPE_CHECKING:
    from composer.core.storage.store import Store

#: The stages in order, with their labels.
STAGES: dict[str, str] = {
    "draft": N_("Draft"),
    "ready_for_review": N_("Ready for review"),
    "approved": N_("Approved"),
    "planned": N_("Planned"),
    "published": N_("Published"),
    "archived": N_("Archived"),
}

#: The stage of draft ``d`` (an alias in the query), as the drafts list reads it. An approval counts while no edit
#: came after it (as :attr:`~composer.core.storage.store.DraftRow.waiting` says).
STAGE_SQL = """CASE
        WHEN d.archived_at IS NOT NULL THEN 'archived'
        WHEN EXISTS (SELECT 1 FROM publications p WHERE p.draft_id = d.id) THEN 'published'
        WHEN EXISTS (SELECT 1 FROM plans l WHERE l.draft_id = d.id) THEN 'planned'
        WHEN d.approved_by IS NOT NULL AND d.approved_at >= d.updated_at THEN 'approved'
        WHEN d.review_requested_at IS NOT NULL THEN 'ready_for_review'
        ELSE 'draft' END"""


def stage_label(stage: str, published: tuple[str, ...] = (), networks: tuple[str, ...] = ()) -> str:
    """The stage as the list says it; a post published on some of its networks says on how many."""
    text = _(STAGES.get(stage, STAGES["draft"]))
    if stage == "published" and networks and 0 < len(set(published) & set(networks)) < len(networks):
        return _("{stage} ({done} of {all} networks)").format(stage=text, done=len(set(published) & set(networks)),
                                                              all=len(networks))
    return text


class FlowError(ValueError):
    """A step of the flow that cannot be taken (an unknown draft, one in the trash); the message is translated."""


def _known(store: Store, draft_id: int) -> None:
    """Refuse a draft that is not there, or lies in the trash (it is restored first, then moved along)."""
    found = store.db.one("SELECT deleted_at FROM drafts WHERE id = ?", [draft_id])
    if found is None:
        raise FlowError(_("Draft #{id} does not exist.").format(id=draft_id))
    if found[0] is not None:
        raise FlowError(_("Draft #{id} is in the trash: restore it first.").format(id=draft_id))


def _set(store: Store, draft_id: int, column: str, value: str | None) -> None:
    """One fact of the flow written; an edit's time (``updated_at``) is left alone, so an approval stays valid."""
    _known(store, draft_id)
    if value is None:
        store.db.execute(f"UPDATE drafts SET {column} = NULL WHERE id = ?", [draft_id])
    else:  # the first moment is kept: asking twice is asking once
        store.db.execute(f"UPDATE drafts SET {column} = ? WHERE id = ? AND {column} IS NULL", [value, draft_id])


def request_review(store: Store, draft_id: int) -> None:
    """The writer asks a colleague to review the draft: it is *ready for review* until approved."""
    from composer.core.storage.store import now

    _set(store, draft_id, "review_requested_at", now())


def withdraw_review(store: Store, draft_id: int) -> None:
    """The request for a review taken back (the draft is not ready after all)."""
    _set(store, draft_id, "review_requested_at", None)


def archive(store: Store, draft_id: int) -> None:
    """The draft is done with: *archived*, whatever came before (its plans no longer count or show)."""
    from composer.core.storage.store import now

    _set(store, draft_id, "archived_at", now())


def unarchive(store: Store, draft_id: int) -> None:
    """Out of the archive: the stage follows from the other facts again."""
    _set(store, draft_id, "archived_at", None)


@dataclass(frozen=True)
class FlowState:
    """Where a draft is on its way, and the two facts the writer sets by hand."""

    stage: str
    review_requested: bool
    archived: bool


def state_of(store: Store, draft_id: int) -> FlowState:
    """The draft's stage and whether a review was asked for and it was archived (one query)."""
    found = store.db.one(f"SELECT {STAGE_SQL}, d.review_requested_at, d.archived_at FROM drafts d WHERE d.id = ?",
                         [draft_id])
    if found is None:
        raise FlowError(_("Draft #{id} does not exist.").format(id=draft_id))
    return FlowState(found[0], found[1] is not None, found[2] is not None)


def stage_of(store: Store, draft_id: int) -> str:
    """The stage of one draft, as the drafts list reads it."""
    return state_of(store, draft_id).stage
