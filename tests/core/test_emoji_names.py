"""Emoji by name in Dutch and English (CLDR), with skin tones, the recent ones first, and their cost per network."""

from __future__ import annotations

import pytest

from composer.core.writing.emoji_names import (
    RECENT,
    TONES,
    catalogue,
    choices,
    costs,
    costs_line,
    find,
    fold_words,
    recent_from_setting,
    remember,
    tone_from_setting,
)

MEDIUM = TONES[3]


def found(query: str, among: int = 12) -> list[str]:
    return [choice.text for choice in choices(query, [], "")][:among]


@pytest.mark.parametrize(("query", "emoji"), [("hart", "❤️"), ("heart", "❤️"), ("boek", "📚"), ("book", "📚"),
                                              ("duim omhoog", "👍"), ("thumbs up", "👍")])
def test_a_name_in_dutch_or_english_finds_the_emoji(query, emoji):
    assert emoji in found(query)


def test_the_window_language_does_not_matter_to_what_is_found():
    from composer.core import i18n

    english = found("boek", 50)
    i18n.set_language("nl")
    assert found("boek", 50) == english


def test_a_word_of_the_name_ranks_first_the_shorter_name_before_the_longer():
    assert found("heart")[0] == "❤️"
    assert found("heart").index("❤️") < found("heart").index("💔")


def test_accents_and_case_are_ignored_and_every_word_must_match():
    assert found("BELGIE") == ["🇧🇪"]
    assert "☕" in found("café")
    assert "🇧🇪" in found("vlag bel") and "🇳🇱" not in found("vlag bel")
    assert found("zzzqqq") == []
    assert fold_words("Rood Hart, België") == ("rood", "hart", "belgie")


def test_without_a_query_every_emoji_comes_in_unicodes_order():
    shown = found("", 10_000)
    assert shown[0] == "😀" and len(shown) == len(catalogue().emoji) > 1500


def test_a_skin_tone_goes_where_cldr_puts_it():
    assert find("👍").with_tone(MEDIUM) == "👍🏽"
    assert find("☝️").with_tone(MEDIUM) == "☝🏽"  # the tone takes the place of the presentation selector
    assert find("🧑‍🎨").with_tone(TONES[5]) == "🧑🏿‍🎨"
    assert find("🧑‍🤝‍🧑").with_tone(MEDIUM) == "🧑🏽‍🤝‍🧑🏽"  # the people, not the handshake between them
    assert find("❤️").with_tone(MEDIUM) == "❤️" and not find("❤️").takes_tone
    assert find("👍").with_tone("") == "👍"


def test_the_chosen_tone_shows_on_the_emoji_that_take_one():
    shown = [choice.text for choice in choices("thumbs up", [], MEDIUM)]
    assert shown[0] == "👍🏽"
    assert "❤️" in [choice.text for choice in choices("heart", [], MEDIUM)]


def test_a_toned_emoji_is_known_as_its_own_emoji():
    assert find("👍🏾") is find("👍")
    assert find("❤") is find("❤️")  # without its presentation selector, as pasted from elsewhere
    assert find("abc") is None


def test_the_recent_ones_come_first_as_they_were_used():
    recent = remember(remember([], "📚"), "👍🏽")
    assert recent == ["👍🏽", "📚"]
    shown = [choice.text for choice in choices("", recent, "")]
    assert shown[:3] == ["👍🏽", "📚", "😀"]
    assert [choice.text for choice in choices("boek", recent, "")][0] == "📚"  # a recent match first
    assert [choice.text for choice in choices("thumbs", recent, "")][:2] == ["👍🏽", "👎"]


def test_remembering_keeps_each_emoji_once_and_at_most_a_few():
    recent = remember(["👍", "📚"], "👍🏿")  # another tone of the same emoji replaces it
    assert recent == ["👍🏿", "📚"]
    many = []
    for choice in choices("", [], "")[:RECENT + 5]:
        many = remember(many, choice.text)
    assert len(many) == RECENT


def test_what_was_stored_is_read_safely():
    assert recent_from_setting(["📚", 3, "not an emoji", None, "❤️"]) == ["📚", "❤️"]
    assert recent_from_setting("📚") == []
    assert tone_from_setting(MEDIUM) == MEDIUM
    assert tone_from_setting("purple") == "" and tone_from_setting(None) == ""


def test_each_emoji_says_what_it_costs_per_network():
    assert dict(costs("❤️", ["x", "bluesky", "mastodon"])) == {"x": 2, "bluesky": 1, "mastodon": 1}
    assert costs_line("📚", ["x", "bluesky"]) == "X: 2 · Bluesky: 1"


def test_names_are_given_in_the_window_language():
    from composer.core import i18n

    heart = find("❤️")
    assert heart.name("en") == "red heart" and heart.name("nl") == "rood hart"
    i18n.set_language("nl")
    assert heart.name() == "rood hart"


def test_the_groups_come_in_unicodes_order_each_with_its_first_emoji():
    starts = catalogue().group_starts()
    assert [name for name, _first in starts][:2] == ["Smileys & Emotion", "People & Body"]
    assert starts[0][1].char == "😀" and starts[-1] == ("Flags", find("🏁"))
