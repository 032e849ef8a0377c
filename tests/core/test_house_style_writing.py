"""The house style's writing aids (issue 14): the library's word list, snippets, hashtag groups, templates and its
Mastodon server travel in the file the communications service hands out, and a bad one says what is wrong."""

from __future__ import annotations

import pytest

from composer.core.house_style import DraftTemplate, HouseStyle, HouseStyleError

STYLE = HouseStyle(word_list=("Plantijn", "Moretus"), snippets={"Uren": "Open ma–za, 10–18 u."},
                   hashtag_groups={"Grafiek": ("#kunst", "#grafiek", "#affiches")},
                   templates=(DraftTemplate("Nieuwe aanwinst", "Nieuw in de collectie: …", ("facebook", "instagram"),
                                            "acquisition", "general_public"),),
                   mastodon_server="mastodon.social")


def test_the_writing_aids_survive_the_file_unchanged():
    assert HouseStyle.from_json(STYLE.to_json()) == STYLE


def test_a_hashtag_group_gets_its_hashes():
    assert HouseStyle.from_json('{"hashtag_groups": {"Kunst": ["kunst", "#grafiek"]}}').hashtag_groups == {
        "Kunst": ("#kunst", "#grafiek")}


@pytest.mark.parametrize(("text", "said"), [
    ('{"templates": [{"text": "x"}]}', "every template needs a name"),
    ('{"templates": [{"name": "a", "networks": ["myspace"]}]}', "unknown network"),
    ('{"templates": [{"name": "a", "colour": "red"}]}', "unknown setting"),
    ('{"templates": {"name": "a"}}', "expected a list of templates"),
    ('{"snippets": ["Uren"]}', "expected names with their contents"),
    ('{"snippets": {"Uren": 3}}', "expected a text"),
    ('{"hashtag_groups": {"": ["#a"]}}', "every entry needs a name"),
    ('{"word_list": "Plantijn"}', "expected a list of texts"),
])
def test_a_bad_writing_aid_is_refused_with_what_is_wrong(text, said):
    with pytest.raises(HouseStyleError, match=said):
        HouseStyle.from_json(text)
