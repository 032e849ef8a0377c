"""The editorial checklist: ``Draft -> list[Check]``, one small pure function per rule.

The engine (``engine.py``: :class:`Check`, :func:`rule`, :func:`run_checks`)
runs the rules of ``rules/`` in the order of ``engine.RULE_MODULES``; ``text.py``
finds words, tags and links for them, reading each line and sentence once for
every rule (``lines.py``: typing reads only the sentence typed in again),
``phrases.py`` the phrases of the word lists (``word_lists.py``), and
``why.py`` holds the roundtable's words behind each check. Adding a rule means
writing one function decorated with :func:`rule` in the ``rules/`` module it
belongs to and adding its sentences to the translation catalogue.
"""

from composer.core.checklist import engine as _engine
from composer.core.checklist.engine import (
    BLOCKING,
    Check,
    CheckContext,
    Status,
    blocking,
    clear_caches,
    rule,
    rule_ids,
    run_checks,
)
from composer.core.checklist.why import quote, statement, summary


def warm_up() -> None:
    """Load the rules and every library they use ahead of need (twitter-text, phonenumbers, python-stdnum,
    Babel's number data for the counters: ≈0.4 s together), so the first keystroke's check does not wait;
    safe from any thread."""
    _engine.warm_up()
    from composer.core import i18n
    from composer.core.checklist.rules import private

    private.warm_up()
    i18n.number(63206)  # the counters' "63.206": Babel reads its locale data on first use (≈0.1 s)


__all__ = ["BLOCKING", "Check", "CheckContext", "Status", "blocking", "clear_caches", "rule", "rule_ids",
           "run_checks", "warm_up", "quote", "statement", "summary"]
