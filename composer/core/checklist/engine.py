"""The rule registry and the data a check returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from composer.core.drafts.draft import Draft
from composer.core.house_style import HouseStyle

if TYPE_CHECKING:  # the consent package is not needed before the first check
    from composer.core.consent import ConsentIndex, PhotoFacts
    from composer.core.export.publications import PublicationStats
    from composer.core.planning.audience_history import AudienceHistory


class Status(str, Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    TODO = "todo"
    NA = "n/a"


BLOCKING = frozenset({Status.FAIL})


def _set_fields(instance: object, values: dict[str, object]) -> None:
    """Fill a frozen dataclass's fields at once (its ``__dict__``), as its own ``__init__`` would one by one."""
    object.__setattr__(instance, "__dict__", values)

ALT_TEXT, PRESENCE, PEOPLE = "alt_text", "presence", "people"
ASKS = (ALT_TEXT, PRESENCE, PEOPLE)  # a photo's description, who is in it, the people linked to it


@dataclass(frozen=True, init=False)
class Check:
    """One answer of the checklist.

    ``ranges`` are ``(start, end)`` indices into the text the check is about
    (the network's own version when ``network`` is set, else the shared text).
    ``photos`` and ``people`` say which photos (1-based, as the author sees
    them) and which people of the consent register a check is about, and
    ``asks`` what the author should fill in there (one of :data:`ASKS`), so a
    window can go to the place without working the rule out again.

    The checklist makes a few dozen on every keystroke: its ``__init__`` fills
    the fields in one step, a third of the time of the one ``dataclass``
    writes for a frozen class (a test holds it to the fields' defaults).
    """

    id: str
    status: Status
    message: str
    guideline: str
    network: str | None = None
    ranges: tuple[tuple[int, int], ...] = ()
    blocking: bool = False  # blocks export although not a failure (an approval still to come)
    photos: tuple[int, ...] = ()
    people: tuple[int, ...] = ()
    asks: str | None = None

    def __init__(self, id: str, status: Status, message: str, guideline: str,
                 network: str | None = None, ranges: tuple[tuple[int, int], ...] = (), blocking: bool = False,
                 photos: tuple[int, ...] = (), people: tuple[int, ...] = (), asks: str | None = None) -> None:
        _set_fields(self, {"id": id, "status": status, "message": message, "guideline": guideline, "network": network,
                           "ranges": ranges, "blocking": blocking, "photos": photos, "people": people, "asks": asks})

    @property
    def blocks_export(self) -> bool:
        return self.status in BLOCKING or self.blocking


@lru_cache(maxsize=512)
def said(id: str, status: Status, message: str, guideline: str, network: str | None = None) -> Check:
    """A check without ranges, made once: the same answer keystroke after keystroke is the same object."""
    return Check(id, status, message, guideline, network)


@dataclass(frozen=True)
class CheckContext:
    """What the checks know beyond the draft: the library's house style and its people."""

    house_style: HouseStyle = field(default_factory=HouseStyle)
    colleagues: tuple[str, ...] = ()
    photos: tuple[PhotoFacts, ...] = ()  # the draft's photos: alt text, who is in them
    consent: ConsentIndex | None = None  # the consent of the people in them, on the day of the check
    publications: PublicationStats | None = None  # this week's posts per network, from the publication log
    audience_history: AudienceHistory | None = None  # per audience, the network with most response per post


RuleFunction = Callable[[Draft, CheckContext], Iterable[Check]]

_RULES: list[tuple[str, RuleFunction]] = []


def rule(check_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under its stable check id."""

    def register(fn: RuleFunction) -> RuleFunction:
        if any(existing == check_id for existing, _ in _RULES):
            raise ValueError(f"rule {check_id!r} registered twice")
        _RULES.append((check_id, fn))
        return fn

    return register


def unregister(check_id: str) -> None:
    """Remove the rule registered under ``check_id``, if any (a rule a test or an extension added for a while)."""
    _RULES[:] = [(existing, fn) for existing, fn in _RULES if existing != check_id]


# in the order the checklist shows them
RULE_MODULES = ("questions", "editorial", "limits", "photos", "library", "cadence", "audience")


def _load_rules() -> None:
    """Register the rules (on first use: they bring the counting libraries along)."""
    global _rules_loaded
    if _rules_loaded:  # once: asking the import system again on every keystroke costs more than some rules
        return
    import importlib

    for name in RULE_MODULES:
        importlib.import_module(f"composer.core.checklist.rules.{name}")
    _rules_loaded = True


_rules_loaded = False


def warm_up() -> None:
    """Load the rules and the counting's link and emoji patterns ahead of need (≈0.2 s); safe from any thread."""
    _load_rules()
    from composer.core.networks import counting

    counting.warm_up()


def clear_caches() -> None:
    """Forget every text the checks and the counting have seen (their per-text, per-line and per-word caches),
    so the next check starts from scratch: for tests that typing gives what a fresh run gives, and for
    benchmarks. Compiled patterns and word lists stay."""
    import sys

    from composer.core.checklist import walks
    from composer.core.networks import lengths

    walks.clear()  # the texts kept to be reused line by line
    lengths.forget()
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(_CACHED_PACKAGES):
            continue
        for value in list(vars(module).values()):
            if (callable(value) and hasattr(value, "cache_clear") and getattr(value, "__module__", None) == name
                    and value.cache_parameters()["maxsize"] is not None):  # @cache holds patterns and lists
                value.cache_clear()


_CACHED_PACKAGES = ("composer.core.checklist", "composer.core.networks", "composer.core.drafts")


def rule_ids() -> list[str]:
    """The ids of all registered rules, in the order they run."""
    _load_rules()
    return [check_id for check_id, _ in _RULES]


def run_checks(draft: Draft, context: CheckContext | None = None) -> list[Check]:
    """Every check for ``draft``, in rule order."""
    _load_rules()
    context = context or CheckContext()
    return [check for _, fn in _RULES for check in fn(draft, context)]


def blocking(checks: Iterable[Check]) -> list[Check]:
    """The checks that stop an export."""
    return [c for c in checks if c.blocks_export]
