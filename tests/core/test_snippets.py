"""Snippets and hashtag groups: only the missing tags go in, and a network's hashtag limit is said beforehand."""

from __future__ import annotations

import pytest

from composer.core.drafts.draft import Draft
from composer.core.house_style import HouseStyle, HouseStyleError
from composer.core.writing.snippets import (
    GROUP,
    SNIPPET,
    group_insertion,
    insertables,
    missing_tags,
    named_rows,
    spaced,
    split_at,
)

GROUP_TAGS = ("#kunst", "#grafiek", "#affiches")
STYLE = HouseStyle(snippets={"Openingsuren": "Open ma–za, 10–18 u.", "Uitnodiging": "Welkom!"},
                   hashtag_groups={"Grafiek": GROUP_TAGS, "Erfgoed": ("#erfgoed", "#archief")})


def insert(text: str, networks=("instagram",), style: HouseStyle | None = None, key="", at: int | None = None,
           **fields):
    style = style or HouseStyle()
    draft = Draft(text=text, networks=networks, **fields)
    box = text if key == "" else draft.network_texts[key]
    at = len(box) if at is None else at
    return group_insertion(GROUP_TAGS, draft, key, box[:at], box[at:], style)


def test_only_the_tags_not_yet_in_the_text_are_added_in_any_case():
    plan = insert("Nieuw in de bib: #Grafiek van Masereel")
    assert plan.text == " #kunst #affiches"
    assert plan.added == ("#kunst", "#affiches") and plan.present == ("#grafiek",)
    assert plan.note == "Added #kunst #affiches; #grafiek was there already."


def test_nothing_is_added_when_every_tag_is_there():
    plan = insert("#kunst #grafiek #affiches")
    assert plan.text == "" and plan.added == ()
    assert plan.note == "Every tag of this group is in the text already."


def test_a_group_says_with_numbers_when_instagram_would_get_too_many():
    plan = insert("Nieuw: #boeken #bib #lezen")  # 3 + 3 = 6 of at most 5
    assert [(o.network, o.limit, o.count) for o in plan.over] == [("instagram", 5, 6)]
    assert plan.warning == "Instagram takes at most 5 hashtags; with these tags the post would have 6."
    assert plan.text == " #kunst #grafiek #affiches"  # the author may still insert them


def test_the_required_tags_of_the_house_style_count_too():
    style = HouseStyle(required_hashtags={"instagram": ("#bib", "#gent")})
    assert insert("Nieuw", style=style).over == ()  # 3 + 2 = 5
    assert insert("Nieuw #lezen", style=style).over[0].count == 6


def test_networks_without_a_limit_or_with_their_own_version_are_not_counted():
    assert insert("#a #b #c", networks=("x", "mastodon")).over == ()
    draft_texts = {"instagram": "Kort."}
    assert insert("#a #b #c", networks=("instagram", "x"), network_texts=draft_texts).over == ()
    plan = insert("#a #b #c", networks=("instagram",), key="instagram",
                  network_texts={"instagram": "#a #b #c #d"})
    assert plan.over[0].count == 7


def test_a_tag_of_only_digits_does_not_count_toward_the_limit():
    assert insert("Nieuw #2026 #a #b").over == ()


def test_spaces_keep_the_inserted_text_apart_from_words():
    assert spaced("Kom", "#kunst", "") == " #kunst"
    assert spaced("Kom ", "#kunst", "vandaag") == "#kunst "
    assert spaced("", "#kunst", "") == "#kunst"
    assert spaced("a\n", "x", "\nb") == "x"
    assert spaced("Kom langs", "Open ma–za.", "!") == " Open ma–za."
    assert spaced("(", "#kunst", ")") == "#kunst"
    assert insert("Kom kijken vandaag", at=11).text == "#kunst #grafiek #affiches "


def test_qt_positions_count_an_emoji_as_two():
    assert split_at("📚 boek", 2) == ("📚", " boek")
    assert split_at("abc", 1) == ("a", "bc")


def test_missing_tags_are_each_given_once_with_their_hash():
    assert missing_tags(["kunst", "#Kunst", " ", "#grafiek"], "#GRAFIEK") == (("#kunst",), ("#grafiek",))


def test_the_quick_chooser_lists_snippets_then_groups_and_filters_on_name_and_content():
    assert [(i.kind, i.name) for i in insertables(STYLE)] == [
        (SNIPPET, "Openingsuren"), (SNIPPET, "Uitnodiging"), (GROUP, "Grafiek"), (GROUP, "Erfgoed")]
    assert [i.name for i in insertables(STYLE, "open")] == ["Openingsuren"]
    assert [i.name for i in insertables(STYLE, "affich")] == ["Grafiek"]
    assert insertables(STYLE, "grafiek")[0].content == "#kunst #grafiek #affiches"
    assert insertables(HouseStyle()) == []


def test_a_table_of_names_leaves_out_blank_rows_and_refuses_a_missing_or_doubled_name():
    assert named_rows([("Uren", " Open "), ("", ""), ("  ", " ")], "Snippets") == {"Uren": "Open"}
    with pytest.raises(HouseStyleError, match="Snippets: “Open ma–za” needs a name"):
        named_rows([("", "Open ma–za")], "Snippets")
    with pytest.raises(HouseStyleError, match="Hashtag groups: two are named “kunst”"):
        named_rows([("Kunst", "#a"), ("kunst", "#b")], "Hashtag groups")
