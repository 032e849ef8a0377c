"""A draft flagged after a consent withdrawal is a draft again once its consent check no longer fails."""

from __future__ import annotations

from composer.core.checklist import Check, Status
from composer.core.drafts.status import status_after_checks


def check(check_id: str, status: Status) -> Check:
    return Check(check_id, status, "", "")


def test_the_withdrawal_flag_stays_while_the_consent_check_fails_and_goes_after():
    failing = [check("alt_text", Status.PASS), check("consent", Status.FAIL)]
    assert status_after_checks("consent_withdrawn", failing) == "consent_withdrawn"
    assert status_after_checks("consent_withdrawn", [check("consent", Status.PASS)]) == "draft"
    assert status_after_checks("consent_withdrawn", [check("consent", Status.WARN), check("length", Status.FAIL)]) \
        == "draft"  # only the consent check keeps the flag
    assert status_after_checks("consent_withdrawn", []) == "draft"  # no photos left to check


def test_any_other_status_is_left_alone():
    assert status_after_checks("draft", [check("consent", Status.FAIL)]) == "draft"
    assert status_after_checks("archived", []) == "archived"
