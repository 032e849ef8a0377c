"""Why an export is refused: the checks that block it, each reason in words, and the networks that could go
alone. Asked before any folder is chosen (:func:`check_export`), and again by the export itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from composer.core.i18n import N_, _
from composer.core.networks.facts import NETWORKS
from composer.core.networks.facts import network as network_named
from composer.core.photos.renditions import ExportError

if TYPE_CHECKING:
    from composer.core.checklist import Check, CheckContext
    from composer.core.drafts.draft import Draft
    from composer.core.storage.store import Store


class ExportRefused(ExportError):
    """Export refused because checks block it.

    ``reasons`` lists each (check id, network, message); ``passing`` the
    networks asked for that nothing blocks, which can be exported on their own.
    """

    def __init__(self, reasons: Sequence[Refusal], passing: Sequence[str] = ()):
        self.reasons = tuple(reasons)
        self.passing = tuple(passing)
        lines = [_("Export is refused until these are solved:")]
        lines += [f"- {reason.text()}" for reason in self.reasons]
        super().__init__("\n".join(lines))


#: What a librarian calls each check (the ids are for programs): refusals name checks this way.
CHECK_NAMES: dict[str, str] = {
    "purpose": N_("Purpose"), "audience": N_("Audience"), "networks": N_("Networks"), "message": N_("Message"),
    "tone": N_("Tone"), "dialogue": N_("Dialogue"), "good_news": N_("Good news"), "website": N_("Website"),
    "length": N_("Length"), "hashtags": N_("Hashtags"), "links": N_("Links"), "alt_text": N_("Alt text"),
    "consent": N_("Consent"), "privacy": N_("Privacy"), "house_style": N_("House style"),
    "review": N_("Approval"), "cadence": N_("Rhythm"),
}


def check_name(check_id: str) -> str:
    """The check's name in the UI language ("Consent", "Toestemming"); an unknown id as it is."""
    return _(CHECK_NAMES[check_id]) if check_id in CHECK_NAMES else check_id


@dataclass(frozen=True)
class Refusal:
    """One reason an export is refused: the check, its network (``None``: every network) and its message."""

    check: str
    network: str | None
    message: str

    def text(self) -> str:
        """The reason in words: "Consent for Facebook: …", the network left out where the message names it."""
        name = check_name(self.check)
        if self.network:
            network = network_named(self.network).name
            if not re.search(rf"(?<!\w){re.escape(network)}(?!\w)", self.message):
                return _("{check} for {network}: {message}").format(check=name, network=network,
                                                                     message=self.message)
        return _("{check}: {message}").format(check=name, message=self.message)


def context_for(store: Store, draft_id: int, on: date | None = None) -> CheckContext:
    """The checks' context exactly as the window builds it (:mod:`composer.core.context`); an unusable stored
    house style refuses the export, since what it wrote would not be what the house style asks."""
    from composer.core.context import context_for as build

    context, problem = build(store, draft_id, on)
    if problem is not None:
        raise ExportError(_("The stored house style cannot be used ({reason}).").format(reason=problem)) from problem
    return context


def blocking_checks(draft: Draft, context: CheckContext, networks: Sequence[str]) -> list[Check]:
    """The checks that block exporting ``draft`` to ``networks`` (a check about another network does not)."""
    from composer.core.checklist import blocking, run_checks

    return [c for c in blocking(run_checks(draft, context)) if c.network is None or c.network in networks]


def refusal(draft: Draft, context: CheckContext, networks: Sequence[str]) -> ExportRefused | None:
    """Why ``draft`` cannot go to ``networks``, with the networks that could go alone; ``None``: nothing blocks."""
    blocked = blocking_checks(draft, context, networks)
    if not blocked:
        return None
    everywhere = any(c.network is None for c in blocked)
    passing = () if everywhere else tuple(k for k in networks if all(c.network != k for c in blocked))
    return ExportRefused([Refusal(c.id, c.network, c.message) for c in blocked], passing)


def check_export(store: Store, draft_id: int, networks: Iterable[str] | None = None,
                 on: date | None = None) -> ExportRefused | None:
    """What :func:`export_draft` would refuse, asked before a folder is chosen (``None``: it may go).

    Raises :class:`ExportError` for what is no refusal (no such post, a post in the trash, a wrong network).
    """
    draft, chosen = draft_and_networks(store, draft_id, networks)
    return refusal(draft, context_for(store, draft_id, on), chosen)


def draft_and_networks(store: Store, draft_id: int, networks: Iterable[str] | None) -> tuple[Draft, tuple[str, ...]]:
    """The draft to export and its networks, or :class:`ExportError` (no such post, in the trash, a wrong network)."""
    try:
        draft = store.get(draft_id)
    except KeyError:
        raise ExportError(_("There is no post number {id}.").format(id=draft_id)) from None
    if draft.deleted_at:
        raise ExportError(_("Post number {id} is in the trash: restore it before exporting.").format(id=draft_id))
    return draft, choose_networks(draft, networks)


def choose_networks(draft: Draft, networks: Iterable[str] | None) -> tuple[str, ...]:
    """The networks to export to, in the usual order: those asked (each chosen for the draft), else the draft's."""
    if networks is None:
        chosen = tuple(draft.networks)
    else:
        asked = []
        for key in networks:
            if key not in NETWORKS:
                raise ExportError(_("Unknown network '{name}'. Choose from: {choices}.").format(
                    name=key, choices=", ".join(NETWORKS)))
            if key not in draft.networks:
                raise ExportError(_("This post is not meant for {network}: choose that network in the post first.")
                                  .format(network=network_named(key).name))
            asked.append(key)
        chosen = tuple(k for k in NETWORKS if k in asked)
    if not chosen:
        raise ExportError(_("Choose at least one network for this post before exporting it."))
    return chosen


def refusal_lines(error: ExportRefused) -> list[str]:
    """One line per reason, as the window and the command line show them."""
    return [reason.text() for reason in error.reasons]
