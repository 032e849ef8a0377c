"""A check says which photos and people it is about and what to fill in, so the window never works a rule out again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from composer.core.checklist import CheckContext, Status, run_checks
from composer.core.checklist.engine import ALT_TEXT, PEOPLE, PRESENCE
from composer.core.consent import ConsentIndex, Grant, PersonConsent, PhotoFacts
from composer.core.drafts.draft import Draft

ON = datetime.now(UTC).date()
HASH = "a" * 64


def photo_checks(photos, index=None, networks=("facebook", "x")) -> list:
    context = CheckContext(photos=tuple(photos), consent=index or ConsentIndex(ON, ()))
    found = run_checks(Draft(text="Nieuwe affiches in de leeszaal!", networks=networks), context)
    return [c for c in found if c.id in ("alt_text", "consent") and c.status is not Status.PASS]


def test_a_missing_alt_text_points_at_its_photo():
    [check] = [c for c in photo_checks([PhotoFacts(1, HASH, "Affiches", "nobody"), PhotoFacts(2, HASH, "", "nobody")])
               if c.id == "alt_text"]
    assert (check.photos, check.asks) == ((2,), ALT_TEXT)


def test_an_alt_text_too_long_for_one_network_points_at_that_photo():
    found = photo_checks([PhotoFacts(1, HASH, "Affiches", "nobody"), PhotoFacts(2, HASH, "x" * 1200, "nobody")],
                         networks=("mastodon", "x"))  # 1,500 and 1,000
    [check] = [c for c in found if c.id == "alt_text"]
    assert (check.network, check.photos, check.asks) == ("x", (2,), ALT_TEXT)


def test_an_unanswered_photo_and_one_without_its_people_ask_different_things():
    found = photo_checks([PhotoFacts(1, HASH, "Affiches", None), PhotoFacts(2, HASH, "Kinderen", "people")])
    asked = {(c.photos, c.asks) for c in found if c.id == "consent"}
    assert asked == {((1,), PRESENCE), ((2,), PEOPLE)}


def test_a_consent_failure_names_the_photo_and_the_person():
    grant = Grant(1, frozenset({"facebook"}), "", ON - timedelta(days=3), None, False)
    index = ConsentIndex(ON, (PersonConsent(7, "Marie Claes", grants=(grant,)),))
    found = photo_checks([PhotoFacts(1, HASH, "Affiches", "nobody"), PhotoFacts(2, HASH, "Kinderen", "people", (7,))],
                         index)
    [check] = [c for c in found if c.id == "consent" and c.status is Status.FAIL]
    assert (check.network, check.photos, check.people, check.asks) == ("x", (2,), (7,), PEOPLE)


# --- one context for the window and the export (issue 11, point 3) ---------------------------------------


def test_the_export_counts_the_publication_log_as_the_window_does(store):
    """The ``cadence`` check reads the same at export as in the window: both build the context in one place."""
    from datetime import date

    from composer.core.checklist import run_checks
    from composer.core.context import context_for as window_context
    from composer.core.export.folder import context_for as export_context
    from composer.core.export.publications import mark_published
    from composer.core.house_style import HouseStyle

    store.set_setting("house_style", HouseStyle(cadence={"facebook": 1}).to_dict())
    earlier = store.create("An", text="Vorige week: nieuwe affiches.", networks=["facebook"])
    mark_published(store, earlier.id, "facebook", date.today(), author="An")
    draft = store.create("An", text="Nieuwe affiches in de leeszaal!", networks=["facebook"])
    in_window, problem = window_context(store, draft.id)
    at_export = export_context(store, draft.id)
    cadence = [[c for c in run_checks(draft, context) if c.id == "cadence"] for context in (in_window, at_export)]
    assert problem is None and cadence[0] == cadence[1]
    assert [c.status for c in cadence[1]] == [Status.WARN]
