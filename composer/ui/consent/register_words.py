"""How the register window words what the core says: a record's state and its colour, dates, channels, scope.

Where a record stands is decided by :func:`composer.core.consent.standing`;
this module only gives each standing its words and the colour of a checklist
status, so the list, the history and the state on a date say it alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from composer.core import consent
from composer.core.checklist import Status
from composer.core.consent import RECEIVED_HOW, SCOPES, Person, RecordState, RegisterEntry, Terms, channel_label
from composer.core.i18n import N_, _

EVENT_KINDS: dict[str, str] = {
    "granted": N_("Consent given"),
    "refused": N_("Refusal recorded"),
    "amended": N_("Amended"),
    "refreshed": N_("Asked again"),
    "withdrawn": N_("Withdrawn"),
}


def day_text(moment: datetime) -> str:
    """The local calendar day of ``moment``, in ISO form like every date the register shows."""
    return consent.local_date(moment).isoformat()


def moment_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def channels_text(keys: Iterable[str]) -> str:
    return ", ".join(channel_label(k) for k in keys)


def validity_text(terms: Terms | None) -> str:
    if terms is None:
        return ""
    until = terms.valid_until.isoformat() if terms.valid_until else _("no end date")
    return f"{terms.valid_from.isoformat()} – {until}"


def scope_text(terms: Terms) -> str:
    scope = terms.scope
    if scope.kind == "this_event":
        return f"{_(SCOPES['this_event'])}: {scope.event_name} ({scope.event_date})"
    if scope.kind == "period":
        return f"{_(SCOPES['period'])}: {scope.start} – {scope.end}"
    return f"{_(SCOPES['this_photo'])}: {scope.photo_hash[:12]}"


def entry_label(entry: RegisterEntry, on: date) -> tuple[str, Status]:
    """One record in a few words, and the colour it deserves (where it stands: :func:`consent.standing`)."""
    standing, terms = consent.standing(entry, on), entry.terms
    if standing == "none":
        return _("no record yet"), Status.TODO
    if standing == "withdrawn":
        return _("withdrawn"), Status.FAIL
    if standing == "refusal_ended":
        return _("refusal ended {date}").format(date=terms.valid_until.isoformat()), Status.NA
    if standing == "refused":
        return _("refused"), Status.FAIL
    if standing == "expired":
        return _("expired {date}").format(date=terms.valid_until.isoformat()), Status.FAIL
    if standing == "not_published":
        return _("photographed only, not published"), Status.WARN
    if standing == "not_yet":
        return _("consent from {date}").format(date=terms.valid_from.isoformat()), Status.TODO
    if standing == "expiring":
        return _("consent until {date}").format(date=terms.valid_until.isoformat()), Status.WARN
    if standing == "until":
        return _("consent until {date}").format(date=terms.valid_until.isoformat()), Status.PASS
    return _("consent"), Status.PASS


def record_label(state: RecordState, on: date) -> tuple[str, Status]:
    """A record's state now, in words."""
    entry = consent.register_entry(Person(state.person_id, ""), state, on)
    if state.status == "withdrawn":
        how = _(RECEIVED_HOW.get(state.received_how, "")) if state.received_how else ""
        text = _("withdrawn on {date}").format(date=day_text(state.withdrawn_at))
        return (f"{text} ({how})" if how else text), Status.FAIL
    return entry_label(entry, on)
