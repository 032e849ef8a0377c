"""The editorial checklist: ``Draft -> list[Check]``, one small pure function per rule.

Adding a rule means writing one function decorated with :func:`rule` in
``rules.py`` (or a module imported there) and adding its sentences to the
translation catalogue. The engine runs every rule in registration order.
"""

from composer.core.checklist.engine import (
    BLOCKING,
    Check,
    CheckContext,
    Status,
    blocking,
    rule,
    rule_ids,
    run_checks,
    warm_up,
)
from composer.core.checklist.why import quote, statement, summary

__all__ = ["BLOCKING", "Check", "CheckContext", "Status", "blocking", "rule", "rule_ids", "run_checks", "warm_up",
           "quote", "statement", "summary"]
