"""The audience's network, advised from the library's own feedback history, or nothing said (issue 13, point 6)."""

from __future__ import annotations

import pickle
from dataclasses import replace

from composer.core.checklist import CheckContext, Status, rule_ids, run_checks
from composer.core.context import context_for, draft_context, library_context, with_draft
from composer.core.drafts.draft import Draft
from composer.core.planning.audience_history import AudienceHistory, NetworkReturn, audience_history, from_returns
from tests.helpers.planning import post

STUDENTS = Draft(text="Welk boek raad jij aan voor de blok?", networks=("instagram", "facebook"), purpose="dialogue",
                 audience="students")


def advice(draft: Draft, history: AudienceHistory | None):
    return [c for c in run_checks(draft, CheckContext(audience_history=history)) if c.id == "audience_network"]


def history(**per_network: tuple[int, int]) -> AudienceHistory:
    """Students' posts with feedback and their responses, per network."""
    return from_returns({"students": [NetworkReturn(key, posts, responses)
                                      for key, (posts, responses) in per_network.items()]})


def test_the_rule_is_registered_after_the_others():
    assert rule_ids()[-1] == "audience_network"


def test_with_enough_history_it_names_the_network_that_brought_most_response():
    (check,) = advice(STUDENTS, history(instagram=(12, 37), facebook=(8, 10)))
    assert check.status is Status.PASS
    assert check.message == "Your posts for students get most response on Instagram (3.1 per post, 12 posts)."


def test_it_says_when_the_post_does_not_go_there():
    (check,) = advice(replace(STUDENTS, networks=("facebook",)), history(instagram=(12, 37), facebook=(8, 10)))
    assert check.message.endswith("(3.1 per post, 12 posts). This post does not go there.")


def test_without_enough_history_it_stays_silent():
    too_few = history(instagram=(12, 37), facebook=(4, 1))  # fewer than 5 posts with feedback on the second
    one_network = history(instagram=(40, 120))
    a_tie = history(instagram=(10, 20), facebook=(10, 20))
    for found in (None, AudienceHistory(), too_few, one_network, a_tie):
        (check,) = advice(STUDENTS, found)
        assert check.status is Status.NA  # the checklist shows no n/a line
    (check,) = advice(replace(STUDENTS, audience="researchers"), history(instagram=(12, 37), facebook=(8, 10)))
    assert check.status is Status.NA
    (check,) = advice(replace(STUDENTS, audience=None), history(instagram=(12, 37), facebook=(8, 10)))
    assert check.status is Status.NA


def test_typing_gets_the_same_answer_object_nothing_is_worked_out_again():
    found = history(instagram=(12, 37), facebook=(8, 10))
    first = advice(STUDENTS, found)[0]
    again = advice(replace(STUDENTS, text=STUDENTS.text + " Laat het weten!"), found)[0]
    assert again is first
    silent = advice(STUDENTS, None)[0]
    assert advice(replace(STUDENTS, text="x"), None)[0] is silent


def test_the_history_is_read_from_the_feedback_once_per_draft_and_travels_with_the_context(store):
    for day in range(1, 6):
        post(store, "instagram", f"2025-04-0{day}", 4, audience="students")
        post(store, "facebook", f"2025-04-0{day}", 1, audience="students")
        post(store, "x", f"2025-04-0{day}", None, audience="students")  # no feedback: not history
    post(store, "linkedin", "2025-04-09", 9, audience="researchers")
    found = audience_history(store)
    assert found.best == {"students": NetworkReturn("instagram", 5, 20)}
    assert found.runner_up["students"].network == "facebook"
    draft = store.create("An Peeters", text="Blokken in de bib?", networks=("facebook",), purpose="dialogue",
                         audience="students")
    part = draft_context(store, draft.id)
    assert part.audience_history == found
    library, _problem = library_context(store)
    context = with_draft(library, part)
    assert pickle.loads(pickle.dumps(context)).audience_history == found  # the checker may run in a process
    whole, _problem = context_for(store, draft.id)
    (check,) = [c for c in run_checks(draft, whole) if c.id == "audience_network"]
    assert check.message == ("Your posts for students get most response on Instagram (4.0 per post, 5 posts). "
                             "This post does not go there.")


def test_an_empty_library_gives_no_advice(store):
    assert audience_history(store) == AudienceHistory()
