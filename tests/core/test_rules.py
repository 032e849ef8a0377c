"""Every check of the roundtable, firing and passing on Dutch and English posts."""

from __future__ import annotations

import pytest

from composer.core.checklist import CheckContext, Status, blocking, rule_ids, run_checks
from composer.core.checklist.text import language
from composer.core.drafts.draft import Draft
from composer.core.house_style import HouseStyle
from tests.helpers.checks import checks, of

FINE_NL = ("Nieuw in onze bib: een prachtig boek over Brusselse affiches. Wat vind jij ervan? "
           "Kom kijken in de leeszaal.")
FINE_EN = ("New in our library: a beautiful book on Brussels posters. What do you think? "
           "Come and see it in the reading room.")


def statuses(found: list, check_id: str, network: str | None = None) -> set[Status]:
    return {c.status for c in of(found, check_id, network)}


def test_every_check_of_the_issue_is_registered():
    assert rule_ids() == ["purpose", "audience", "networks", "message", "tone", "dialogue", "good_news", "website",
                          "length", "hashtags", "links", "alt_text", "consent", "privacy", "house_style",
                          "review", "cadence", "audience_network"]


@pytest.mark.parametrize("text, expected", [(FINE_NL, "nl"), (FINE_EN, "en"),
                                            ("Helaas is de leeszaal morgen gesloten.", "nl"),
                                            ("Unfortunately the reading room is closed tomorrow.", "en")])
def test_the_post_language_is_detected_from_the_text(text, expected):
    assert language(text) == expected


def test_a_dutch_post_is_checked_with_dutch_words_while_the_ui_is_english():
    found = checks("Geachte bezoeker, gelieve uw boeken tijdig terug te brengen.")
    assert statuses(found, "tone") == {Status.WARN}
    assert "Geachte" in of(found, "tone")[0].message


@pytest.mark.parametrize("text", [FINE_NL, FINE_EN])
def test_a_good_post_passes_the_editorial_checks(text):
    found = checks(text, purpose="acquisition", audience="general_public")
    for check_id in ("purpose", "audience", "message", "tone", "dialogue", "good_news", "privacy"):
        assert statuses(found, check_id) == {Status.PASS}, check_id
    assert statuses(found, "website") == {Status.NA}
    assert statuses(found, "house_style") == {Status.NA}
    assert statuses(found, "review") == {Status.NA}
    assert blocking(found) == []


def test_purpose_and_audience_are_todo_until_chosen():
    found = checks(FINE_NL)
    assert statuses(found, "purpose") == {Status.TODO}
    assert statuses(found, "audience") == {Status.TODO}


def test_a_librarys_own_audience_is_accepted():
    found = checks(FINE_NL, CheckContext(house_style=HouseStyle(audiences=("Leraars",))), audience="Leraars")
    assert statuses(found, "audience") == {Status.PASS}
    assert "Leraars" in of(found, "audience")[0].message


@pytest.mark.parametrize("text, status", [
    ("", Status.TODO),
    ("#bib #kunst @kbr 📚🎨", Status.WARN),
    ("https://bib.example.be/aanwinsten", Status.WARN),
    ("Kijk eens! 📚", Status.WARN),
    (FINE_NL, Status.PASS),
])
def test_message(text, status):
    assert statuses(checks(text), "message") == {status}


def test_only_a_link_points_at_the_link():
    [check] = of(checks("https://bib.example.be/aanwinsten"), "message")
    assert check.ranges == ((0, 33),)


@pytest.mark.parametrize("text, phrase", [
    ("Geachte lezer, hierbij melden wij de nieuwe aanwinsten van de bib.", "Geachte"),
    ("U wordt verzocht de boeken middels de inleverbus terug te brengen in de bib.", "U wordt verzocht"),
    ("Please be advised that the library will have new books this week for you.", "Please be advised"),
    ("Kindly note that our library has new books for you this week.", "Kindly note"),
])
def test_tone_warns_on_officialese_and_points_at_it(text, phrase):
    warnings = [c for c in of(checks(text), "tone") if c.status is Status.WARN]
    assert warnings
    start, end = warnings[0].ranges[0]
    assert text[start:end].lower() == phrase.lower()


def test_tone_warns_on_shouting_walls_and_pile_ups():
    shouting = checks("KOM NAAR DE BIB want er zijn NIEUWE BOEKEN voor iedereen die graag leest.")
    assert any("capitals" in c.message for c in of(shouting, "tone"))
    wall = checks(("Een lange zin over de collectie van de bibliotheek en haar geschiedenis. " * 12).strip())
    assert any("block" in c.message for c in of(wall, "tone"))
    piles = checks("Nieuwe boeken in de bib!!! Kom snel kijken 😀😀😀😀 naar onze collectie.")
    pile = [c for c in of(piles, "tone") if "pile-up" in c.message]
    assert len(pile) == 1 and len(pile[0].ranges) == 2


def test_tone_notices_a_personal_touch_and_a_colleagues_name():
    assert any("personal touch" in c.message for c in of(checks(FINE_NL), "tone"))
    text = "Els heeft vandaag een prachtig boek over affiches gevonden in het magazijn."
    assert not any("A personal touch" in c.message for c in of(checks(text), "tone"))
    found = checks(text, CheckContext(colleagues=("Els",)))
    assert any("A personal touch" in c.message for c in of(found, "tone"))


def test_the_librarys_own_name_in_capitals_is_not_shouting():
    text = "KBRLAB en KBR tonen nieuwe affiches: kom kijken naar de collectie in onze leeszaal."
    found = checks(text, CheckContext(house_style=HouseStyle(library_name="KBRLAB")))
    assert not any("capitals" in c.message for c in of(found, "tone"))


@pytest.mark.parametrize("text, purpose, status", [
    ("Onze nieuwe aanwinst staat in de leeszaal te pronken voor iedereen.", "dialogue", Status.WARN),
    ("Welk boek moeten we nog aankopen voor de collectie?", "dialogue", Status.PASS),
    ("Our new acquisition is on display. Tell us your favourite!", "dialogue", Status.PASS),
    ("Onze nieuwe aanwinst staat in de leeszaal. Laat het ons weten als je ze wil inkijken.", "event",
     Status.PASS),
    ("Onze nieuwe aanwinst staat in de leeszaal te pronken voor iedereen.", "event", Status.NA),
])
def test_dialogue(text, purpose, status):
    assert statuses(checks(text, purpose=purpose), "dialogue") == {status}


@pytest.mark.parametrize("text", [
    "Helaas is de leeszaal morgen gesloten wegens een storing.",
    "De lezing van donderdag is geannuleerd; onze excuses.",
    "Unfortunately the talk on Thursday has been cancelled.",
    "The exhibition is postponed until spring.",
])
def test_bad_news_on_facebook_is_flagged(text):
    [check] = of(checks(text), "good_news")
    assert check.status is Status.WARN and check.network == "facebook"
    assert check.ranges


def test_good_news_is_not_applicable_without_facebook_and_takes_the_librarys_words():
    assert statuses(checks("Helaas gesloten.", networks=("x",)), "good_news") == {Status.NA}
    style = HouseStyle(bad_news_words=("werken aan de gevel",))
    found = checks("Deze week zijn er werken aan de gevel van de bib.", CheckContext(house_style=style))
    assert statuses(found, "good_news") == {Status.WARN}


def test_website_for_practical_information():
    hours = "Openingsuren tijdens de kerstvakantie: maandag 9u-17u, dinsdag 10u-18u, zondag gesloten."
    assert statuses(checks(hours), "website") == {Status.WARN}
    style = HouseStyle(website="https://bib.example.be")
    linked = hours + " Meer op bib.example.be/uren"
    assert statuses(checks(linked, CheckContext(house_style=style)), "website") == {Status.PASS}
    english = "Opening hours over the holidays: Monday 9am to 5pm, Tuesday 10am to 6pm, closed on Sunday."
    assert statuses(checks(english, CheckContext(house_style=style)), "website") == {Status.WARN}
    assert "bib.example.be" in of(checks(english, CheckContext(house_style=style)), "website")[0].message
    assert statuses(checks(FINE_NL, purpose="practical_info"), "website") == {Status.WARN}
    assert statuses(checks(FINE_NL), "website") == {Status.NA}


def test_length_fails_past_the_limit_with_the_overflow_as_range():
    text = "a" * 290
    [x] = of(checks(text, networks=("x",)), "length")
    assert x.status is Status.FAIL and x.ranges == ((280, 290),)
    assert x.blocks_export


def test_bluesky_byte_cap_fails_even_within_the_grapheme_limit():
    text = "👨‍👩‍👧‍👦" * 200  # 200 graphemes, 5,000 bytes
    [check] = of(checks(text, networks=("bluesky",)), "length")
    assert check.status is Status.FAIL and "bytes" in check.message


def test_hashtags_per_network():
    six = "Nieuwe boeken in de bib. #kunst #bib #boeken #lezen #gent #affiches"
    found = checks(six, networks=("instagram", "mastodon"))
    assert statuses(found, "hashtags", "instagram") == {Status.FAIL}
    assert statuses(found, "hashtags", "mastodon") == {Status.WARN}
    assert of(found, "hashtags", "instagram")[0].blocks_export
    digits = checks("Terugblik op het jaar #2026 in de bib #kunst", networks=("x",))
    [check] = of(digits, "hashtags", "x")
    assert check.status is Status.WARN and "#2026" in check.message
    assert statuses(checks("Nieuw #bib", networks=("x",)), "hashtags", "x") == {Status.PASS}
    assert of(checks("Geen tags hier", networks=("x",)), "hashtags") == []


def test_links_per_network():
    one = checks("Lees meer op https://bib.example.be/nieuws", networks=("instagram", "x"))
    assert statuses(one, "links", "instagram") == {Status.WARN}
    assert statuses(one, "links", "x") == {Status.PASS}
    six = " ".join(f"https://bib.example.be/{i}" for i in range(6))
    found = checks("Zes links: " + six, networks=("threads",))
    [check] = of(found, "links", "threads")
    assert check.status is Status.FAIL and len(check.ranges) == 1 and check.blocks_export


@pytest.mark.parametrize("text, private", [
    ("Vragen? Bel An op 0475 12 34 56.", "0475 12 34 56"),
    ("Vragen? Bel +32 475 12 34 56.", "+32 475 12 34 56"),
    ("Mail naar an.peeters@gmail.com voor info.", "an.peeters@gmail.com"),
    ("Mail naar jan@telenet.be voor info.", "jan@telenet.be"),
    ("Rijksregisternummer 85.07.30-033.28 op de kaart.", "85.07.30-033.28"),
])
def test_privacy_flags_personal_details(text, private):
    [check] = of(checks(text), "privacy")
    assert check.status is Status.WARN
    assert any(text[a:b] == private for a, b in check.ranges)


def test_privacy_leaves_the_librarys_own_details_and_ordinary_numbers_alone():
    style = HouseStyle(contact_phones=("0475 12 34 56",), contact_emails=("bib.gent@gmail.com",))
    text = "Vragen? Bel 0475/12.34.56 of mail bib.gent@gmail.com. Info: info@bib.example.be, 09 123 45 67."
    assert statuses(checks(text, CheckContext(house_style=style)), "privacy") == {Status.PASS}
    assert statuses(checks("Het boek kost 12,50 euro en telt 85.07.30-033.29 pagina's."), "privacy") == {Status.PASS}


def test_house_style():
    style = HouseStyle(library_name="KBR", name_variants=("Koninklijke Bib",), forbidden_words=("gratis",),
                       emoji_limit=1, sign_off="^An", required_hashtags={"*": ("#kbr",), "instagram": ("#kunst",)})
    context = CheckContext(house_style=style)
    found = checks("De Koninklijke Bib toont gratis affiches 😀😀 #kbr", context, networks=("x", "instagram"))
    messages = " ".join(c.message for c in of(found, "house_style"))
    for expected in ("KBR", "gratis", "emoji", "^An", "#kunst"):
        assert expected in messages
    assert not any(c.network == "x" for c in of(found, "house_style"))
    good = checks("KBR toont affiches 😀 #kbr #kunst ^An", context, networks=("x", "instagram"))
    assert statuses(good, "house_style") == {Status.PASS}


def test_review_blocks_until_approved_and_editing_voids_the_approval():
    context = CheckContext(house_style=HouseStyle(review_required=True))
    draft = Draft(id=1, text=FINE_NL, networks=("x",))
    [todo] = [c for c in run_checks(draft, context) if c.id == "review"]
    assert todo.status is Status.TODO and todo.blocks_export
    approved = Draft(id=1, text=FINE_NL, networks=("x",), approved_by="Els", approved_hash=draft.content_hash())
    [ok] = [c for c in run_checks(approved, context) if c.id == "review"]
    assert ok.status is Status.PASS and "Els" in ok.message and not ok.blocks_export
    edited = Draft(id=1, text=FINE_NL + "!", networks=("x",), approved_by="Els", approved_hash=draft.content_hash())
    [again] = [c for c in run_checks(edited, context) if c.id == "review"]
    assert again.status is Status.TODO and "Els" in again.message and again.blocks_export


@pytest.mark.parametrize("text", [
    "a\x00b" * 1000, "\ud800 kapot \udfff", "مرحبا بكم في المكتبة", "e" + "\u0301" * 500,
    "👨‍👩‍👧‍👦" * 300, "‮reversed‬ text", "#" * 500, "@" * 500, "." * 5000, "x" * 1_000_000,
])
def test_bad_input_never_raises(text):
    found = run_checks(Draft(text=text, networks=("facebook", "instagram", "x", "linkedin", "mastodon",
                                                   "bluesky", "threads")))
    assert found
    for check in found:
        for start, end in check.ranges:
            assert 0 <= start <= end <= len(text)
