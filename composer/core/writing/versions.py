"""Earlier versions of a draft: listed newest first, compared with the text now, and restored.

The history (``draft_history``, written by :meth:`Store.save <composer.core.storage.store.Store.save>`)
keeps a draft's content (shared text, networks, each network's own text, purpose and audience) as it was
when a save replaced it — at most once per :data:`~composer.core.storage.store.HISTORY_EVERY` of typing —
and each side of a conflict. Its photos are not part of it.

Restoring never overwrites: the content shown before the restore is kept in the history first, the chosen
version is saved like any edit (conditionally, on the revision the author's text started from), and the
restored content is kept in the history as a version of its own, marked with the version it brought back.
Undoing a restore is restoring the version kept just before it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from composer.core.drafts.draft import AUDIENCES, PURPOSES, Draft, label
from composer.core.drafts.final_text import network_list
from composer.core.i18n import _, locale_name
from composer.core.networks.facts import NETWORKS
from composer.core.storage.store import now, storable

if TYPE_CHECKING:
    from composer.core.storage.store import Store

__all__ = ["Side", "Version", "compare", "keep", "other_changes", "restore", "versions", "when"]

#: The content key that marks a version made by a restore: the ``saved_at`` of the version it brought back.
RESTORED_FROM = "restored_from"


@dataclass(frozen=True)
class Version:
    """One kept version of a draft: when it was kept, by whom, and its content."""

    id: int
    saved_at: str  # UTC, ISO 8601 (sortable)
    saved_by: str
    text: str = ""
    networks: tuple[str, ...] = ()
    network_texts: Mapping[str, str] = field(default_factory=dict)
    purpose: str | None = None
    audience: str | None = None
    restored_from: str | None = None  # a restore made it: the saved_at of the version brought back

    def applied_to(self, draft: Draft) -> Draft:
        """``draft`` (its id, authors, times and revision) with this version's content."""
        return replace(draft, text=self.text, networks=self.networks, network_texts=dict(self.network_texts),
                       purpose=self.purpose, audience=self.audience)

    def same_content(self, draft: Draft) -> bool:
        """Whether ``draft`` holds exactly this version's content."""
        return self.applied_to(draft).same_content(draft)

    def content(self) -> tuple[object, ...]:
        return (self.text, self.networks, dict(self.network_texts), self.purpose, self.audience)


def versions(store: Store, draft_id: int) -> list[Version]:
    """The kept versions of ``draft_id``, newest first. Of versions in a row with the same content only the
    oldest is listed (a restored version kept again by the next save adds nothing); a row that cannot be read
    is left out rather than stopping the list."""
    rows = store.db.all("SELECT id, saved_at, saved_by, content FROM draft_history WHERE draft_id = ?"
                        " ORDER BY saved_at DESC, id DESC", [draft_id])
    found = [version for version in (_version(*row) for row in rows) if version is not None]
    return [version for i, version in enumerate(found)
            if i + 1 == len(found) or found[i + 1].content() != version.content()]


def _version(row_id: int, saved_at: str, saved_by: str, content: str) -> Version | None:
    try:
        data: dict[str, Any] = json.loads(content)
        networks = tuple(key for key in data.get("networks") or () if key in NETWORKS)
        texts = {str(key): str(text) for key, text in (data.get("network_texts") or {}).items()}
        return Version(int(row_id), str(saved_at), str(saved_by or ""), str(data.get("text") or ""), networks,
                       texts, data.get("purpose") or None, data.get("audience") or None,
                       data.get(RESTORED_FROM) or None)
    except (ValueError, TypeError, AttributeError):
        return None


def keep(store: Store, draft: Draft, by: str) -> None:
    """Keep ``draft``'s content in its history under ``by`` (its last editor, or the login on the team
    library), unless the newest kept version holds that content already."""
    newest = versions_newest(store, draft.id)
    if newest is not None and newest.same_content(draft):
        return
    store.snapshot(draft, by)


def versions_newest(store: Store, draft_id: int | None) -> Version | None:
    """The newest kept version of ``draft_id`` (``None``: none)."""
    row = store.db.one("SELECT id, saved_at, saved_by, content FROM draft_history WHERE draft_id = ?"
                       " ORDER BY saved_at DESC, id DESC LIMIT 1", [draft_id])
    return None if row is None else _version(*row)


def mark_restored(store: Store, draft: Draft, version: Version, author: str) -> None:
    """Keep ``draft`` (just saved with ``version``'s content) in the history as a version of its own, made by
    ``author``'s restore of ``version``."""
    content = {"text": draft.text, "networks": list(draft.networks), "network_texts": draft.network_texts,
               "purpose": draft.purpose, "audience": draft.audience, RESTORED_FROM: version.saved_at}
    store.db.execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (?, ?, ?, ?)",
                     [draft.id, now(), store.author(author), json.dumps(content, ensure_ascii=False)])


def restore(store: Store, draft_id: int, version: Version, author: str,
            expected_revision: int | None = None) -> Draft:
    """Make ``version``'s content the content of draft ``draft_id`` through :meth:`Store.save`, by ``author``:
    the draft as stored after it. The content it replaces is kept in the history first.

    ``expected_revision`` as for :meth:`Store.save`: when a colleague saved since, nothing is overwritten and
    :class:`~composer.core.storage.errors.SaveConflict` is raised (the restored content is kept in the history
    then). The window does the same through its saver (``composer/ui/writing/history_actions.py``).
    """
    stored = store.get(draft_id)
    keep(store, stored, stored.updated_by)
    saved = store.save(version.applied_to(stored), author, expected_revision)
    mark_restored(store, saved, version, author)
    return saved


# --- comparing with now ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One text to compare: the shared text (``key`` "") or what a network gets, then and now.

    ``own_then`` / ``own_now``: the network had (has) a text of its own, not the shared one.
    """

    key: str
    old: str
    new: str
    own_then: bool = False
    own_now: bool = False


def compare(version: Version, draft: Draft) -> list[Side]:
    """The shared text, then each network that had or has a text of its own, in the networks' order."""
    draft = storable(draft)
    sides = [Side("", version.text, draft.text)]
    for key in NETWORKS:
        then, now_ = version.network_texts.get(key), draft.network_texts.get(key)
        if then is None and now_ is None:
            continue
        sides.append(Side(key, version.text if then is None else then, draft.text if now_ is None else now_,
                          then is not None, now_ is not None))
    return sides


def other_changes(version: Version, draft: Draft) -> list[str]:
    """What else a restore would change, in words: the networks, the purpose, the audience."""
    lines = []
    if set(version.networks) != set(draft.networks):
        lines.append(_("Networks then: {then}; now: {now}.").format(
            then=network_list(version.networks) or _("none"), now=network_list(draft.networks) or _("none")))
    for what, choices, then, now_ in ((_("Purpose"), PURPOSES, version.purpose, draft.purpose),
                                     (_("Audience"), AUDIENCES, version.audience, draft.audience)):
        if then != now_:
            lines.append(_("{what} then: {then}; now: {now}.").format(
                what=what, then=label(choices, then) or _("none"), now=label(choices, now_) or _("none")))
    return lines


# --- when, in words -----------------------------------------------------------------------------------


def when(saved_at: str, today: date | None = None) -> str:
    """When a version was kept, in the computer's time zone and the UI language: "today 14:02",
    "yesterday 09:15", "3 March 14:02", "3 March 2025 14:02" (Dutch: "vandaag 14:02", "3 maart 14:02")."""
    from babel.dates import format_date, format_time

    moment = datetime.fromisoformat(saved_at).astimezone()
    today = today or datetime.now().astimezone().date()
    locale = locale_name()
    clock = format_time(moment, "HH:mm", locale=locale)
    day = moment.date()
    if day == today:
        return _("today {time}").format(time=clock)
    if day == today - timedelta(days=1):
        return _("yesterday {time}").format(time=clock)
    shown = format_date(day, "d MMMM" if day.year == today.year else "d MMMM y", locale=locale)
    return f"{shown} {clock}"
