"""A draft's status beside its text (:data:`~composer.core.drafts.draft.STATUSES`), and what changes it back.

A withdrawal of consent flags every draft that uses the person's photos
"consent_withdrawn" (``consent/withdrawal.py``); the flag goes once the draft's
consent check no longer fails (the photo taken out, another consent recorded).
"""

from __future__ import annotations

from collections.abc import Iterable

from composer.core.checklist.engine import Check, Status


def status_after_checks(status: str, checks: Iterable[Check]) -> str:
    """The status a draft should have once ``checks`` were run on it.

    A draft flagged "consent_withdrawn" is a "draft" again when no ``consent``
    check fails; any other status stays as it is.
    """
    if status != "consent_withdrawn":
        return status
    if any(c.id == "consent" and c.status is Status.FAIL for c in checks):
        return status
    return "draft"
