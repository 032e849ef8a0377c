"""The rules terms must meet before anything is written: every writing function validates first.

:func:`validate_terms` refuses terms that could not prove anything; the
small checks (:func:`check`, :func:`check_text`, :func:`check_sensible`,
:func:`check_author`) are the ones every module of the register uses on its
own input. Each raises :class:`~composer.core.consent.terms.ConsentError`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from composer.core.consent import clock
from composer.core.consent.clock import local_date
from composer.core.consent.terms import CHANNELS, LEGAL_BASES, METHODS, ROLES, SCOPES, ConsentError, Party, Scope, Terms
from composer.core.i18n import _

FIRST_YEAR, LAST_YEAR = 1900, 2199  # a date outside these makes no sense in a register
MAX_TEXT = 2000
_HASH = re.compile(r"[0-9a-f]{64}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def check(condition: bool, message: str) -> None:
    """Refuse with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ConsentError(message)


def check_text(value: str, required: str | None = None) -> None:
    """No control characters, no novels; ``required`` is the message when it is blank."""
    if required is not None:
        check(bool(value.strip()), required)
    check(len(value) <= MAX_TEXT, _("This text is too long (at most {n} characters).").format(n=MAX_TEXT))
    check(not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value),
          _("This text contains control characters."))


def check_sensible(day: date | None) -> None:
    """A date between :data:`FIRST_YEAR` and :data:`LAST_YEAR` (or none)."""
    if day is not None:
        check(FIRST_YEAR <= day.year <= LAST_YEAR, _("This date makes no sense: {date}.").format(date=day.isoformat()))


def check_author(author: Any) -> None:
    """Who recorded it: a name, as text."""
    check(isinstance(author, str), _("Say who recorded the consent."))
    check_text(author, _("Say who recorded the consent."))


def validate_terms(terms: Terms, kind: str = "granted", now: datetime | None = None) -> None:
    """Refuse terms that could not prove anything (``kind``: ``granted`` or ``refused``)."""
    now = now or clock.now()
    _check_parties(terms.parties)
    _check_how(terms)
    _check_dates(terms, now)
    _check_scope(terms.scope)
    _check_channels(terms, kind)
    _check_basis(terms)


def _check_parties(parties: tuple[Party, ...]) -> None:
    check(bool(parties), _("Name at least one person who consents."))
    for party in parties:
        check_text(party.name, _("Each person who consents needs a name."))
        check(party.role in ROLES, _("Unknown role: {role}.").format(role=party.role))


def _check_how(terms: Terms) -> None:
    check_text(terms.recorded_by, _("Say who recorded the consent."))
    check(terms.method in METHODS, _("Choose how the consent was given."))
    check_text(terms.witness)
    if terms.method == "oral_with_witness":
        check_text(terms.witness, _("Oral consent needs the name of a witness."))
    check(terms.evidence_hash == "" or bool(_HASH.fullmatch(terms.evidence_hash)),
          _("The evidence reference is not a stored file."))
    check_text(terms.form_version)
    if terms.method in ("signed_form", "digital_form"):
        check_text(terms.form_version, _("Give the version of the form that was used."))
    check(bool(_LANGUAGE.fullmatch(terms.form_language)),
          _("The form language must be a language code such as nl or en."))


def _check_dates(terms: Terms, now: datetime) -> None:
    given = local_date(terms.given_at)
    for day in (given, terms.valid_from, terms.valid_until, terms.refresh_due):
        check_sensible(day)
    check(terms.given_at <= now, _("Consent cannot be given in the future ({moment}).").format(
        moment=given.isoformat()))
    check(terms.starts_on >= given, _("A consent cannot apply before it was given ({date}).").format(
        date=given.isoformat()))
    if terms.valid_until is not None:
        check(terms.valid_until >= terms.starts_on, _("Valid until ({until}) is before valid from ({start}).").format(
            until=terms.valid_until.isoformat(), start=terms.starts_on.isoformat()))
    if terms.refresh_due is not None:
        check(terms.refresh_due >= given, _("The refresh date ({due}) is before the consent was given ({date}).")
              .format(due=terms.refresh_due.isoformat(), date=given.isoformat()))


def _check_scope(scope: Scope) -> None:
    check(scope.kind in SCOPES, _("Choose what the consent covers: this photo, this event or a period."))
    for day in (scope.event_date, scope.start, scope.end):
        check_sensible(day)
    check_text(scope.event_name)
    if scope.kind == "this_photo":
        check(bool(_HASH.fullmatch(scope.photo_hash)), _("A consent for this photo needs the photo."))
    elif scope.kind == "this_event":
        check_text(scope.event_name, _("Which event? Give its name and date."))
        check(scope.event_date is not None, _("Which event? Give its name and date."))
    else:
        start, end = scope.start, scope.end
        if start is None or end is None:
            raise ConsentError(_("The period needs a start and an end."))
        check(end >= start, _("The period ends ({end}) before it starts ({start}).").format(
            end=end.isoformat(), start=start.isoformat()))


def _check_channels(terms: Terms, kind: str) -> None:
    for channel in terms.channels:
        check(channel in CHANNELS, _("Unknown channel: {channel}.").format(channel=channel[:40]))
    check_text(terms.purpose)
    if kind == "refused":
        check(not terms.publish, _("A refusal cannot allow publication."))
        return
    check(terms.photographed or terms.publish, _("This consent grants nothing: record a refusal instead."))
    check(terms.informed_of_withdrawal,
          _("Consent is only valid when the person was told they can withdraw it (GDPR art. 7(3))."))
    if terms.publish:
        check(bool(terms.channels), _("Consent to publish needs at least one channel."))
        check_text(terms.purpose, _("Say for what purpose the photos may be published."))


def _check_basis(terms: Terms) -> None:
    check(terms.legal_basis in LEGAL_BASES, _("Choose a legal basis."))
    check_text(terms.legal_note)
    if terms.legal_basis == "other":
        check_text(terms.legal_note, _("Say what the other legal basis is."))
