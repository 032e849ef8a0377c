"""What the checks know beyond a draft, built in one place for the window, the export and the command line.

Two parts, because they change at different moments: the library's part (the
house style and the colleagues' names) changes when the house style is edited;
the draft's part (its photos, the consent of the people in them, the
publication log that the ``cadence`` check counts, the feedback history the
``audience_network`` check reads) changes with the draft.
Before this module the window and the export each built the context and they
disagreed (the export left out the publication log, so ``cadence`` read n/a).

A stored house style that cannot be used is returned as a problem beside an
empty style: the window writes on without it and says so; an export refuses,
because what it writes would differ from what the house style asks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from composer.core.checklist.engine import CheckContext
from composer.core.house_style import HouseStyle, HouseStyleError, stored_house_style
from composer.core.storage.store import Store


def library_context(store: Store) -> tuple[CheckContext, HouseStyleError | None]:
    """The house style and the colleagues' names; an unusable stored house style as the second value."""
    try:
        style, problem = stored_house_style(store), None
    except HouseStyleError as error:
        style, problem = HouseStyle(), error
    return CheckContext(style, tuple(store.colleagues())), problem


def draft_context(store: Store, draft_id: int, on: date | None = None) -> CheckContext:
    """The draft's part alone: its photos, their people's consent on ``on`` (today), this week's publications,
    and which network brought most response per audience (read with the draft: the feedback changes meanwhile)."""
    from composer.core.consent import check_inputs
    from composer.core.export.publications import publication_stats
    from composer.core.planning.audience_history import audience_history

    photos, index = check_inputs(store, draft_id, on)
    return CheckContext(photos=photos, consent=index, publications=publication_stats(store, on, draft_id=draft_id),
                        audience_history=audience_history(store))


def with_draft(library: CheckContext, draft: CheckContext) -> CheckContext:
    """The library's context with a draft's part (from :func:`draft_context`) filled in."""
    return replace(library, photos=draft.photos, consent=draft.consent, publications=draft.publications,
                   audience_history=draft.audience_history)


def context_for(store: Store, draft_id: int, on: date | None = None) -> tuple[CheckContext, HouseStyleError | None]:
    """The whole context for one stored draft, as the window shows its checks; the house-style problem, if any."""
    library, problem = library_context(store)
    return with_draft(library, draft_context(store, draft_id, on)), problem
