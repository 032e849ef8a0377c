"""What you see is what gets posted (issue 9, points 1, 2, 16 and 18): the final text is counted and checked.

Export and copy add the house style's sign-off and required hashtags; the
counters, the checks and the export refusal measure that same text, and the
house-style check never asks the author to type what export adds.
"""

from __future__ import annotations

import pytest

from composer.cli import main
from composer.core import i18n
from composer.core.checklist import CheckContext, Status, run_checks
from composer.core.drafts.draft import Draft
from composer.core.export.folder import ExportRefused, Refusal, export_draft, final_text
from composer.core.house_style import HouseStyle
from composer.core.networks.counting import count
from composer.core.networks.facts import NETWORKS
from composer.ui.editor.analysis import analyse
from tests.helpers.checks import of
from tests.helpers.drafts import ready_draft

STYLE = HouseStyle(sign_off="Tot in de bib! 💛", required_hashtags={"*": ("#bibliotheek",), "instagram": ("erfgoed",)})
CONTEXT = CheckContext(house_style=STYLE)
# 272 of X's 280 weighted characters: green as typed, 302 or so once export adds the sign-off and the tag
TYPED_272 = ("Nieuw in de leeszaal: de tentoonstelling over de drukkers van Antwerpen loopt tot eind maart. "
             "Kom kijken naar de gravures, een menu uit 1890 en de brieven van Gezelle. Rondleiding elke "
             "zondag om 14 uur, ook voor gezinnen met kinderen. Reserveren hoeft niet, welkom!!!!!!!!")


def test_the_example_of_the_issue_measures_as_the_issue_says():
    assert count("x", TYPED_272).length == 272
    assert count("x", final_text(Draft(text=TYPED_272), "x", STYLE)).length > 280


# --- point 1: counters and checks measure the final text ---------------------------------------------


def test_a_post_green_as_typed_but_too_long_once_export_adds_the_sign_off_is_blocked():
    draft = Draft(text=TYPED_272, networks=("x", "facebook"), purpose="event", audience="general_public")
    analysis = analyse(draft, CONTEXT)
    exported = final_text(draft, "x", STYLE)
    assert analysis.counts["x"] == count("x", exported)
    assert analysis.counts["x"].over
    [length] = of(analysis.checks, "length", "x")
    assert length.status is Status.FAIL and length.blocks_export
    assert f"{count('x', exported).length - 280} characters too long" in length.message
    assert "export adds" in length.message  # why a text that looks short is too long
    assert length.ranges == ()  # the typed text fits: nothing in it to shade red
    assert of(analysis.checks, "length", "facebook")[0].status is Status.PASS


def test_the_overflow_shaded_in_the_text_is_where_the_typed_text_stops_fitting():
    typed = "a" * 290
    draft = Draft(text=typed + "\nTot in de bib! 💛", networks=("x",))  # the sign-off typed: tags go before it
    [length] = of(run_checks(draft, CONTEXT), "length", "x")
    assert length.status is Status.FAIL
    assert length.ranges[0][0] == 280 and length.ranges[-1][1] <= len(draft.text)


@pytest.mark.parametrize("networks", [NETWORKS])
def test_every_counter_counts_exactly_what_lands_in_text_txt(store, tmp_path, networks):
    store.set_setting("house_style", STYLE.to_dict())
    draft = ready_draft(store, "Nieuw: een getijdenboek 📚 #erfgoed", networks,
                        network_texts={"x": "Kort voor X\n\nTot in de bib! 💛"})
    result = export_draft(store, draft.id, tmp_path / "out")
    analysis = analyse(store.get(draft.id), CONTEXT)
    for key in networks:
        posted = (result.folder / key / "text.txt").read_text("utf-8")
        assert analysis.counts[key] == count(key, posted), key


def test_required_hashtags_count_toward_instagrams_cap():
    typed = "Nieuw in de bib #boeken #lezen #kunst #affiches"  # 4 of Instagram's 5
    found = run_checks(Draft(text=typed, networks=("instagram",)), CONTEXT)
    [cap] = [c for c in of(found, "hashtags", "instagram") if c.status is Status.FAIL]
    assert "has 6" in cap.message and cap.blocks_export  # + #bibliotheek #erfgoed
    assert cap.ranges == ()  # the tags past the cap are the added ones: nothing typed to mark


def test_a_link_in_the_sign_off_counts_toward_the_link_checks():
    style = HouseStyle(sign_off="Meer op https://bib.example.be")
    found = run_checks(Draft(text="Nieuw in de leeszaal!", networks=("instagram",)), CheckContext(house_style=style))
    [link] = of(found, "links", "instagram")
    assert link.status is Status.WARN and "not clickable" in link.message


def test_the_analysis_says_what_export_adds_per_network():
    draft = Draft(text="Kom kijken!", networks=("facebook", "instagram"), network_texts={})
    analysis = analyse(draft, CONTEXT)
    assert "“Tot in de bib! 💛”" in analysis.additions
    assert "#bibliotheek" in analysis.additions
    assert "#erfgoed for Instagram" in analysis.additions  # Facebook does not get it
    assert set(analysis.added) == {"facebook", "instagram"}
    assert "#erfgoed" in analysis.added["instagram"] and "#erfgoed" not in analysis.added["facebook"]
    nothing = analyse(draft, CheckContext())
    assert nothing.additions == "" and nothing.added == {}


def test_typed_positions_of_the_final_text():
    from composer.core.drafts.final_text import compose

    final = compose("Hallo\n#erfgoed\nTot in de bib! 💛", STYLE, "instagram")
    assert final.text == "Hallo\n#erfgoed #bibliotheek\nTot in de bib! 💛"  # on the line of tags
    assert final.tags == ("#bibliotheek",) and final.sign_off == ""
    start = final.text.index("Tot")
    assert final.typed_range(start, start + 3) == (15, 18)  # the typed sign-off, moved by the added tag
    tag = final.text.index("#bibliotheek")
    assert final.typed_range(tag, tag + 12) is None  # added text has no place in what was typed
    assert compose("Niets toe te voegen", HouseStyle(), "x").typed_range(0, 5) == (0, 5)


def test_only_the_sign_off_typed_keeps_a_line_between_tags_and_sign_off():
    assert final_text(Draft(text="Tot in de bib! 💛"), "x", STYLE) == "#bibliotheek\n\nTot in de bib! 💛"


# --- point 2: the house-style check never asks for what export adds ------------------------------------


def test_the_house_style_check_says_the_sign_off_and_tags_are_added_never_asks_to_type_them():
    found = run_checks(Draft(text="Kom kijken in de leeszaal!", networks=("x", "instagram")), CONTEXT)
    checks = of(found, "house_style")
    assert {c.status for c in checks} == {Status.PASS}
    [said] = checks
    assert "export adds" in said.message
    for part in ("Tot in de bib! 💛", "#bibliotheek", "#erfgoed for Instagram"):
        assert part in said.message
    assert not any(word in said.message for word in ("End with", "add #", ": add"))


def test_following_the_house_style_by_hand_passes_and_nothing_comes_twice():
    typed = "Kom kijken in de leeszaal! #bibliotheek #erfgoed\n\nTot in de bib! 💛"
    draft = Draft(text=typed, networks=("x", "instagram"))
    assert [(c.status, c.message) for c in of(run_checks(draft, CONTEXT), "house_style")] == [
        (Status.PASS, "Follows the house style.")]
    for key in draft.networks:
        posted = final_text(draft, key, STYLE)
        assert posted.count("Tot in de bib!") == 1 and posted.count("#bibliotheek") == 1


def test_other_house_style_advice_stays_and_the_additions_are_said_beside_it():
    style = HouseStyle(forbidden_words=("gratis",), sign_off="^An")
    found = of(run_checks(Draft(text="Gratis affiches!", networks=("x",)), CheckContext(house_style=style)),
               "house_style")
    assert [c.status for c in found] == [Status.WARN, Status.PASS]
    assert "gratis" in found[0].message.lower() and "^An" in found[1].message


# --- point 18: numbers as the UI language writes them ------------------------------------------------------


@pytest.mark.parametrize("language, written", [("en", "63,206"), ("nl", "63.206")])
def test_length_messages_write_numbers_as_the_ui_language_does(language, written):
    i18n.set_language(language)
    [length] = of(run_checks(Draft(text="", networks=("facebook",))), "length", "facebook")
    assert written in length.message
    [over] = of(run_checks(Draft(text="x" * 64_500, networks=("facebook",))), "length", "facebook")
    assert i18n.number(64_500 - 63_206) in over.message


# --- point 16: refuse first, in words, and offer what passes --------------------------------------------


def check_export(store, draft_id, networks=None):
    """Asked before any folder: what an export would refuse (new in issue 9)."""
    from composer.core.export.folder import check_export as ask

    return ask(store, draft_id, networks)


@pytest.fixture
def too_long_for_x(store):
    return store, ready_draft(store, "Een lang verhaal over onze collectie. " * 10, ("facebook", "x", "bluesky"))


def test_the_refusal_can_be_asked_before_a_folder_and_names_the_networks_that_pass(too_long_for_x):
    store, draft = too_long_for_x
    refused = check_export(store, draft.id)
    assert isinstance(refused, ExportRefused)
    assert [(r.check, r.network) for r in refused.reasons] == [("length", "x"), ("length", "bluesky")]
    assert refused.passing == ("facebook",)
    assert check_export(store, draft.id, ["facebook"]) is None


def test_a_refusal_is_said_in_words_not_ids():
    reason = Refusal("consent", "facebook", "An Peeters has no valid consent for this network (photo 1).")
    assert reason.text() == "Consent for Facebook: An Peeters has no valid consent for this network (photo 1)."
    assert Refusal("length", "x", "X: 3 characters too long.").text() == "Length: X: 3 characters too long."
    assert Refusal("review", None, "Ask for approval.").text() == "Approval: Ask for approval."
    for text in (reason.text(), str(ExportRefused([reason]))):
        assert "consent (" not in text and "(Facebook)" not in text


def test_a_refusal_blocking_every_network_offers_none(store):
    store.set_setting("house_style", HouseStyle(review_required=True).to_dict())
    draft = ready_draft(store, "Kort.", ("facebook", "x"), purpose="event")
    refused = check_export(store, draft.id)
    assert [r.check for r in refused.reasons] == ["review"] and refused.passing == ()


@pytest.mark.sqlite_only("the command line opens the data folder's local library (team mode: composer/cli)")
def test_the_command_line_says_which_networks_pass_and_how_to_export_them(too_long_for_x, data_dir, tmp_path,
                                                                          capsys):
    store, draft = too_long_for_x
    out = tmp_path / "out"
    assert main(["--data-dir", str(data_dir), "export", str(draft.id), "--to", str(out)]) == 1
    said = capsys.readouterr().out
    assert "Length: X: " in said and "length (X)" not in said
    assert "Nothing blocks the export for Facebook" in said
    command = next(line.strip() for line in said.splitlines() if "--network" in line)
    assert "--network facebook" in command and "--network x" not in command
    argv = command.split()[command.split().index("export"):]
    assert main(["--data-dir", str(data_dir), *argv]) == 0
    [folder] = out.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["facebook"]


def test_final_for_follows_the_networks_own_version():
    from composer.core.drafts.final_text import final_for

    draft = Draft(text="Gedeeld", networks=("x", "facebook"), network_texts={"x": "Eigen"})
    assert final_for(draft, "x", STYLE).typed == "Eigen"
    assert final_for(draft, "facebook", STYLE).typed == "Gedeeld"


@pytest.mark.parametrize("typed", [
    "Kom kijken op bib.example.be #erfgoed", "Zie https://bib.example.be/agenda?x=1 ", "#a #b\n#c", "",
    "Tot in de bib! 💛", "Kort\nTot in de bib! 💛", "e\u0301 #kunst https://a.example \u0301x",
    "a.b.c #1 #x\u200dy  \n",
    "नमस्ते #योग https://bib.example.be", "##dubbel #&x &#y",
])
@pytest.mark.parametrize("network", ["instagram", "x"])
def test_tags_and_links_of_the_final_text_are_those_found_in_it_whole(typed, network):
    """The checks find tags and links in the typed and the added text apart (cheaper): always the same."""
    from composer.core.checklist.text import hashtags, links
    from composer.core.drafts.final_text import compose, hashtags_in, links_in

    style = HouseStyle(sign_off="Meer op https://bib.example.be 💛", required_hashtags={"*": ("#bib",),
                                                                                          "instagram": ("kunst",)})
    final = compose(typed, style, network)
    assert hashtags_in(final) == hashtags(final.text)
    assert links_in(final) == links(final.text)


def test_the_emoji_of_the_sign_off_count_toward_the_house_styles_emoji_limit():
    style = HouseStyle(emoji_limit=2, sign_off="Tot in de bib! 💛")
    typed = "Nieuw 📚 in de leeszaal 🎉"  # 2 as typed, 3 as posted
    [warning] = [c for c in run_checks(Draft(text=typed, networks=("x",)), CheckContext(house_style=style))
                 if c.id == "house_style" and c.status is Status.WARN]
    assert "At most 2 emoji" in warning.message
    assert warning.ranges == ()  # the one too many is the sign-off's: nothing typed to mark
    three = "Nieuw 📚 in de 🎉 leeszaal 🎨"
    [warning] = [c for c in run_checks(Draft(text=three, networks=("x",)), CheckContext(house_style=style))
                 if c.id == "house_style" and c.status is Status.WARN]
    assert [three[a:b] for a, b in warning.ranges] == ["🎨"]
