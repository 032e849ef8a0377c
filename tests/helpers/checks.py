"""Running the checklist on a text, and picking checks out of what it found."""

from __future__ import annotations

from composer.core.checklist import Check, CheckContext, Status, run_checks
from composer.core.drafts.draft import Draft


def checks(text: str, context: CheckContext | None = None, **fields) -> list[Check]:
    """Every check of a draft with ``text`` (for Facebook and X unless ``networks`` is given)."""
    fields.setdefault("networks", ("facebook", "x"))
    return run_checks(Draft(text=text, **fields), context)


def of(found: list[Check], check_id: str, network: str | None = None, status: Status | None = None) -> list[Check]:
    """The checks in ``found`` with that id (and, if given, for that network and with that status)."""
    return [c for c in found if c.id == check_id and (network is None or c.network == network)
            and (status is None or c.status is status)]
