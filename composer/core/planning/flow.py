"""A draft's stage on its way from writing to the archive: read from the facts, never stored.

draft → ready for review (the writer asked for it: the house style wants an
approval) → approved → planned (a moment set for a network) → published (on at
least one network: marked in the publication log) → archived. The stage is
worked out in SQL from the draft's own columns, its plans and its publications
(:data:`STAGE_SQL`, one expression for both back ends, so the drafts list can
show and filter it without reading every draft), so a published post can never
be listed as a "draft" and no stage can drift from the facts it stands for.
"""

from __future__ import annotations

from composer.core.i18n import N_, _

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
