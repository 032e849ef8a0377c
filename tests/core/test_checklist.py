"""The editorial checklist: purpose, audience, length per network, and adding rules."""

from __future__ import annotations

from pathlib import Path

import pytest

import composer
from composer.core import i18n
from composer.core.checklist import Check, Status, blocking, rule, rule_ids, run_checks
from composer.core.checklist.engine import unregister
from composer.core.drafts.draft import Draft
from tests.helpers.checks import of

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
DUTCH_MO = Path(composer.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "composer.mo"


def length_checks(draft: Draft) -> dict[str, Check]:
    return {c.network: c for c in of(run_checks(draft), "length")}


def test_purpose_and_audience_todo_until_set():
    checks = run_checks(Draft(text="Hallo"))
    (purpose,) = of(checks, "purpose")
    (audience,) = of(checks, "audience")
    assert purpose.status == Status.TODO
    assert audience.status == Status.TODO
    assert purpose.message and audience.message


def test_purpose_and_audience_pass_when_set():
    checks = run_checks(Draft(text="Hallo", purpose="acquisition", audience="researchers"))
    (purpose,) = of(checks, "purpose")
    (audience,) = of(checks, "audience")
    assert purpose.status == Status.PASS
    assert audience.status == Status.PASS
    assert "New in the collection" in purpose.message
    assert "Researchers" in audience.message


def test_no_networks_no_length_checks():
    assert of(run_checks(Draft(text="a" * 5000)), "length") == []


def test_one_length_check_per_chosen_network():
    draft = Draft(text="Korte tekst ☕").with_networks({"x", "bluesky", "mastodon"})
    checks = of(run_checks(draft), "length")
    assert [c.network for c in checks] == list(draft.networks)
    assert len(checks) == 3
    assert all(c.status == Status.PASS for c in checks)


def test_length_fails_on_x_with_range_of_the_excess():
    text = "a" * 300
    checks = length_checks(Draft(text=text, networks=("x", "bluesky", "mastodon")))
    assert checks["x"].status == Status.FAIL
    assert checks["x"].ranges == ((280, 300),)
    assert "20" in checks["x"].message
    assert checks["x"].blocks_export
    assert checks["bluesky"].status == Status.PASS  # exactly 300
    assert checks["mastodon"].status == Status.PASS


def test_length_uses_the_networks_own_version():
    long_shared = Draft(text="a" * 300, networks=("x", "mastodon"), network_texts={"x": "Kort voor X"})
    checks = length_checks(long_shared)
    assert checks["x"].status == Status.PASS
    assert checks["mastodon"].status == Status.PASS

    long_version = Draft(text="Kort", networks=("x", "mastodon"), network_texts={"x": "b" * 290})
    checks = length_checks(long_version)
    assert checks["x"].status == Status.FAIL
    assert checks["x"].ranges == ((280, 290),)  # indices into the X version, not the shared text
    assert checks["mastodon"].status == Status.PASS


def test_bluesky_byte_cap_fails_with_a_bytes_message():
    text = FAMILY * 121  # 121 graphemes fit, 3025 bytes do not
    check = length_checks(Draft(text=text, networks=("bluesky",)))["bluesky"]
    assert check.status == Status.FAIL
    assert "bytes" in check.message
    assert check.ranges == ((120 * len(FAMILY), len(text)),)


def test_blocking_returns_only_fails():
    checks = run_checks(Draft(text="a" * 300, networks=("x", "mastodon")))
    blocked = blocking(checks)
    assert [(c.id, c.network) for c in blocked] == [("length", "x")]
    assert all(c.status == Status.FAIL for c in blocked)
    assert blocking(run_checks(Draft(text="Kort", networks=("x",), purpose="event", audience="artists"))) == []


@pytest.mark.skipif(not DUTCH_MO.exists(), reason="composer.mo for Dutch has not been compiled")
def test_messages_in_dutch():
    i18n.set_language("nl")
    checks = run_checks(Draft(text="a" * 300, networks=("x",)))
    (purpose,) = of(checks, "purpose")
    (length,) = of(checks, "length")
    assert purpose.message == "Waarom dit bericht? Kies een doel."
    assert length.message == "X: 20 tekens te lang."
    i18n.set_language("en")
    (purpose,) = of(run_checks(Draft()), "purpose")
    assert purpose.message == "Why this post? Choose a purpose."


@pytest.fixture
def cleanup_rules():
    """The rules a test registers are unregistered after it."""
    before = set(rule_ids())
    yield
    for check_id in set(rule_ids()) - before:
        unregister(check_id)


def test_new_rule_is_run(cleanup_rules):
    @rule("test_hashtags")
    def hashtags(draft, context):
        if "#" not in draft.text:
            yield Check("test_hashtags", Status.WARN, "No hashtag.", "hashtags")

    assert rule_ids()[-1] == "test_hashtags"
    (check,) = of(run_checks(Draft(text="Geen tags")), "test_hashtags")
    assert check.status == Status.WARN
    assert of(run_checks(Draft(text="#erfgoed")), "test_hashtags") == []


def test_same_rule_id_twice_raises(cleanup_rules):
    ids_before = rule_ids()
    with pytest.raises(ValueError):
        @rule("purpose")
        def another_purpose(draft, context):
            return []
    assert rule_ids() == ids_before

    @rule("test_once")
    def once(draft, context):
        return []

    with pytest.raises(ValueError):
        rule("test_once")(once)
    assert rule_ids().count("test_once") == 1


# --- issue 9: the privacy check's number libraries load with the others, not on a keystroke -----------


def _modules_after(code: str) -> set[str]:
    import subprocess
    import sys

    probe = code + "\nimport sys; print(' '.join(m for m in ('phonenumbers', 'stdnum.be.nn') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=Path(composer.__file__).parent.parent)
    return set(result.stdout.split())


def test_warm_up_loads_the_number_libraries_and_a_post_without_numbers_does_not():
    assert _modules_after("from composer.core.checklist import warm_up; warm_up()") == {"phonenumbers",
                                                                                      "stdnum.be.nn"}
    assert _modules_after("from composer.core.checklist import run_checks\n"
                          "from composer.core.drafts.draft import Draft\n"
                          "run_checks(Draft(text='Kom kijken in de bib!', networks=('x',)))") == set()
