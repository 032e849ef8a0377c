"""Rules the register window used to work out itself, now the core's: where a line stands, what may be done with
a record, the dates a consent starts out with, and what asking again renews."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from composer.core import consent as c
from composer.core.consent import Person, RegisterEntry, Scope, Terms
from tests.helpers.consent import AUTHOR, terms

ON = date(2026, 3, 2)


def first_march(**changes) -> Terms:
    """A consent for Facebook given on 1 March 2026, valid a year: fixed dates, for rules measured on :data:`ON`."""
    fields = {"given_at": datetime(2026, 3, 1, 10, tzinfo=UTC), "channels": ("facebook",),
              "scope": Scope.period(date(2026, 3, 1), date(2027, 3, 1)), "valid_until": date(2027, 3, 1)}
    return terms(**{**fields, **changes})


def entry(status: str = "granted", kind: str = "granted", expiring: bool = False, expired: bool = False,
          **changes) -> RegisterEntry:
    return RegisterEntry(Person(1, "An Peeters"), 7, kind, status, first_march(**changes), expiring, expired)


@pytest.mark.parametrize(("line", "standing"), [
    (RegisterEntry(Person(1, "An Peeters")), "none"),
    (entry(status="withdrawn", expired=True), "withdrawn"),
    (entry(status="refused", kind="refused", expired=True), "refusal_ended"),
    (entry(status="refused", kind="refused"), "refused"),
    (entry(expired=True, publish=False), "expired"),
    (entry(publish=False), "not_published"),
    (entry(valid_from=ON + timedelta(days=1), expiring=True), "not_yet"),
    (entry(expiring=True), "expiring"),
    (entry(), "until"),
    (entry(valid_until=None), "open"),
])
def test_where_a_register_line_stands_the_first_that_holds(line, standing):
    assert c.standing(line, ON) == standing
    assert standing in c.STANDINGS


def test_where_a_person_stands_a_refusal_first_then_a_consent_that_holds():
    refused, granted = entry(status="refused", kind="refused"), entry()
    expired, withdrawn = entry(expired=True), entry(status="withdrawn")
    assert c.person_standing([granted, refused]) == "refused"
    assert c.person_standing([expired, granted, withdrawn]) == "consent"
    assert c.person_standing([withdrawn, expired]) == "expired"
    assert c.person_standing([withdrawn]) == "withdrawn"
    assert c.person_standing([]) == "none"
    assert c.person_standing([RegisterEntry(Person(1, "An Peeters"))]) == "none"


def test_a_consent_can_be_changed_a_refusal_only_withdrawn_a_withdrawn_record_not_at_all():
    assert c.record_actions("granted") == {"withdraw", "amend", "ask_again"}
    assert c.record_actions("refused") == {"withdraw"}
    assert c.record_actions("withdrawn") == c.record_actions("") == frozenset()
    assert c.can_withdraw_all(["refused", "granted"])
    assert not c.can_withdraw_all(["refused", "withdrawn"])  # withdraw a refusal on its own


def test_a_new_consent_runs_a_year_and_asking_again_renews_only_the_dates_it_had():
    assert c.default_end(ON) == ON + c.TERM == date(2027, 3, 2)
    assert c.renewed_dates(first_march(refresh_due=date(2026, 9, 1)), ON) == (date(2027, 3, 2), date(2027, 3, 2))
    assert c.renewed_dates(first_march(valid_until=None), ON) == (None, None)


def test_renewing_takes_the_dates_and_how_it_was_given_but_keeps_what_it_covers(store):
    now = datetime.now(UTC)
    pid = c.add_person(store, "An Peeters", AUTHOR).id
    given = first_march(given_at=now - timedelta(days=400), valid_until=c.today() - timedelta(days=30),
                        scope=Scope.period(c.today() - timedelta(days=400), c.today() + timedelta(days=400)))
    record = c.grant_consent(store, pid, given, AUTHOR)
    asked = replace(given, given_at=now - timedelta(minutes=1), valid_until=c.default_end(),
                    recorded_by="Jan Bibliothecaris", method="oral_with_witness", witness="Jan",
                    form_version="2026-2", channels=("instagram",))
    c.renew(store, record, asked, "Jan Bibliothecaris")
    state = c.state_at(store, record)
    assert [e.kind for e in state.events] == ["granted", "refreshed"]
    renewed = state.terms
    assert (renewed.valid_until, renewed.method, renewed.witness, renewed.form_version, renewed.recorded_by) == (
        c.default_end(), "oral_with_witness", "Jan", "2026-2", "Jan Bibliothecaris")
    assert renewed.channels == ("facebook",)  # what it covers is the record's: amend to change that
    assert renewed.valid_from == c.today()  # it holds from the day it was asked again
