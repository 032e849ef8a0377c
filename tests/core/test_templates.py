"""Templates in the house style: made of a draft, replaced by name, and a new draft made of one."""

from __future__ import annotations

import pytest

from composer.core.drafts.draft import Draft
from composer.core.house_style import DraftTemplate, HouseStyle, HouseStyleError, stored_house_style
from composer.core.writing.templates import (
    draft_fields,
    find_template,
    renamed,
    template_from_draft,
    with_template,
    without_template,
)

EVENT = Draft(text="Lezing: …\nWanneer: …", networks=("instagram", "facebook"), purpose="event",
              audience="general_public", network_texts={"x": "Kort: lezing"})


def test_a_template_holds_the_shared_text_networks_purpose_and_audience():
    template = template_from_draft("  Event ", EVENT)
    assert template == DraftTemplate("Event", EVENT.text, ("instagram", "facebook"), "event", "general_public")


def test_a_template_needs_a_name():
    with pytest.raises(HouseStyleError, match="A template needs a name"):
        template_from_draft("  ", EVENT)


def test_a_template_of_the_same_name_is_replaced_in_its_place_others_are_added_last():
    style = HouseStyle(templates=(DraftTemplate("Event", "old"), DraftTemplate("Aanwinst", "…")))
    style = with_template(style, DraftTemplate("event", "new"))
    assert [(t.name, t.text) for t in style.templates] == [("event", "new"), ("Aanwinst", "…")]
    style = with_template(style, DraftTemplate("IBL-herinnering"))
    assert [t.name for t in style.templates] == ["event", "Aanwinst", "IBL-herinnering"]
    assert find_template(style, "AANWINST").text == "…" and find_template(style, "other") is None
    assert [t.name for t in without_template(style, "Event").templates] == ["Aanwinst", "IBL-herinnering"]


def test_a_template_the_house_style_file_would_refuse_is_never_made():
    with pytest.raises(HouseStyleError, match="at most 10000 characters"):
        with_template(HouseStyle(), template_from_draft("Long", Draft(text="x" * 10_001)))


def test_a_new_draft_from_a_template_starts_with_its_fields_networks_in_the_usual_order():
    fields = draft_fields(template_from_draft("Event", EVENT))
    assert fields == {"text": EVENT.text, "networks": ("facebook", "instagram"), "purpose": "event",
                      "audience": "general_public"}


def test_renaming_in_the_dialog_refuses_blank_or_doubled_names():
    templates = (DraftTemplate("A"), DraftTemplate("B"))
    assert [t.name for t in renamed(templates, [" Event ", "Aanwinst"])] == ["Event", "Aanwinst"]
    with pytest.raises(HouseStyleError, match="every template needs a name"):
        renamed(templates, ["", "B"])
    with pytest.raises(HouseStyleError, match="two are named “b”"):
        renamed(templates, ["B", "b"])


def test_templates_go_to_the_stored_house_style_and_a_draft_comes_back_from_one(store):
    style = with_template(HouseStyle(sign_off="Tot in de bib!"), template_from_draft("Event", EVENT))
    store.set_setting("house_style", style.to_dict())
    kept = stored_house_style(store)
    assert kept.templates == style.templates and kept.sign_off == "Tot in de bib!"
    draft = store.create("An", **draft_fields(find_template(kept, "event")))
    again = store.get(draft.id)
    assert (again.text, again.networks, again.purpose, again.audience) == (
        EVENT.text, ("facebook", "instagram"), "event", "general_public")
    assert again.network_texts == {}
