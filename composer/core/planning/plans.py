"""A planned moment per network: when a draft is meant to go out on each of its networks (issue 13, point 2).

A moment is local wall-clock time to the minute, stored as ``YYYY-MM-DDTHH:MM``
(``plans.planned_for``): it sorts as text, compares with the publication log's
ISO dates by its first ten characters, and means the same to every colleague
of a library in one time zone, without time-zone arithmetic. One plan per
draft and network; planning again moves it.

A moment in the past is allowed (a plan written down afterwards, a post that
went out late): :func:`is_past` lets the window say so in words. Every writing
function validates first and writes nothing when it raises :class:`PlanError`.
Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS, network

if TYPE_CHECKING:
    from composer.core.storage.store import Store

FIRST_YEAR = 2000  # no library planned a social network post before this
YEARS_AHEAD = 5  # further ahead is a typing error, not a plan
MAX_AUTHOR = 200
FORMAT = "%Y-%m-%dT%H:%M"


class PlanError(ValueError):
    """A plan refused, with a translated message to show as is; nothing was written."""


@dataclass(frozen=True)
class Plan:
    """One draft planned on one network."""

    draft_id: int
    network: str
    when: datetime  # local, naive, to the minute
    planned_by: str = ""
    planned_at: str = ""


def as_text(when: datetime) -> str:
    """How a moment is stored: ``2026-03-14T09:30``."""
    return when.strftime(FORMAT)


def from_text(text: str) -> datetime:
    """A stored moment read back (naive local time)."""
    return datetime.strptime(text, FORMAT)


def is_past(when: datetime, now: datetime) -> bool:
    """Whether the planned moment has passed at ``now`` (both local and naive, or both aware)."""
    return when < now


def local_now() -> datetime:
    """Now, as a planned moment is written: local, naive, to the minute."""
    return datetime.now().replace(second=0, microsecond=0)


def _moment(when: object, now: datetime) -> datetime:
    """``when`` as a local naive moment to the minute, or :class:`PlanError` saying why not."""
    if not isinstance(when, datetime):
        raise PlanError(_("This is not a date and time: {value}.").format(value=str(when)[:40]))
    if when.tzinfo is not None:
        try:
            when = when.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError, OSError) as error:
            raise PlanError(_("This is not a date and time: {value}.").format(value=str(when)[:40])) from error
    if not FIRST_YEAR <= when.year <= now.year + YEARS_AHEAD:
        raise PlanError(_("A post cannot be planned in {year}: choose a year from {first} to {last}.").format(
            year=when.year, first=FIRST_YEAR, last=now.year + YEARS_AHEAD))
    return when.replace(second=0, microsecond=0)


def _draft_networks(store: Store, draft_id: int) -> tuple[str, ...]:
    """The networks of a draft that may be planned: refuses one unknown, in the trash or archived."""
    found = store.db.one("SELECT networks, deleted_at, archived_at FROM drafts WHERE id = ?", [draft_id])
    if found is None:
        raise PlanError(_("Draft #{id} does not exist.").format(id=draft_id))
    if found[1] is not None:
        raise PlanError(_("This draft is in the trash: restore it before planning it."))
    if found[2] is not None:
        raise PlanError(_("This draft is archived: take it out of the archive before planning it."))
    return tuple(json.loads(found[0]))


def set_plan(store: Store, draft_id: int, network_key: str, when: datetime, author: str,
             now: datetime | None = None) -> Plan:
    """Plan draft ``draft_id`` on ``network_key`` at ``when`` (local time; seconds dropped), by ``author``.

    Refuses a network that is not one of the draft's, a year before
    :data:`FIRST_YEAR` or more than :data:`YEARS_AHEAD` years after ``now``
    (default: the local time), and an unknown, trashed or archived draft.
    Planning a network again moves its plan.
    """
    from composer.core.storage.store import now as stamp_now

    now = now or local_now()
    if network_key not in NETWORKS:
        raise PlanError(_("Unknown network: {network}.").format(network=str(network_key)[:40]))
    moment = _moment(when, now)
    if not isinstance(author, str) or not author.strip() or len(author) > MAX_AUTHOR:
        raise PlanError(_("Say who plans the post."))
    if network_key not in _draft_networks(store, draft_id):
        raise PlanError(_("{network} is not one of this draft's networks: tick it first.").format(
            network=network(network_key).name))
    stamp = stamp_now()
    store.db.execute(
        "INSERT INTO plans (draft_id, network, planned_for, planned_by, planned_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (draft_id, network) DO UPDATE SET planned_for = excluded.planned_for,"
        " planned_by = excluded.planned_by, planned_at = excluded.planned_at",
        [draft_id, network_key, as_text(moment), author.strip(), stamp])
    return Plan(draft_id, network_key, moment, store.author(author.strip()), stamp)


def move_to_day(store: Store, draft_id: int, network_key: str, day: date, author: str,
                now: datetime | None = None) -> Plan:
    """The plan moved to another day at the same time of day (a drag in the calendar)."""
    planned = plans_of(store, draft_id).get(network_key)
    if planned is None:
        raise PlanError(_("This post is not planned on {network} (any more).").format(
            network=network(network_key).name if network_key in NETWORKS else str(network_key)[:40]))
    return set_plan(store, draft_id, network_key, datetime.combine(day, planned.time()), author, now)


def clear_plan(store: Store, draft_id: int, network_key: str) -> bool:
    """The draft no longer planned on ``network_key``; ``False`` when it was not."""
    return store.db.execute("DELETE FROM plans WHERE draft_id = ? AND network = ?", [draft_id, network_key]) > 0


def plans_of(store: Store, draft_id: int) -> dict[str, datetime]:
    """Per network, when the draft is planned (in the order of :data:`NETWORKS`)."""
    found: dict[str, str] = dict(store.db.all("SELECT network, planned_for FROM plans WHERE draft_id = ?",
                                              [draft_id]))
    return {key: from_text(found[key]) for key in sorted(found, key=_network_order)}


def plan_records(store: Store, draft_id: int) -> list[Plan]:
    """The draft's plans with who planned them and when."""
    rows = store.db.all("SELECT network, planned_for, planned_by, planned_at FROM plans WHERE draft_id = ?",
                        [draft_id])
    return sorted((Plan(draft_id, key, from_text(when), by, at) for key, when, by, at in rows),
                  key=lambda plan: _network_order(plan.network))


def _network_order(key: str) -> int:
    return NETWORKS.index(key) if key in NETWORKS else len(NETWORKS)

