"""Templates in the window: File → New from template makes a draft with the preset fields, File → Save as
template… stores the open draft in the house style (asking before it replaces one), a writer on the team
library is told who may; and the house style dialog edits snippets, hashtag groups and templates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from composer.core.house_style import DraftTemplate, HouseStyle, stored_house_style
from composer.core.storage.access import Access
from composer.ui.writing.template_actions import fill_template_menu, keep_template, save_as_template
from tests.helpers import team_db
from tests.helpers.team_db import TeamDb
from tests.ui_helpers import close

EVENT = DraftTemplate("Event", "Lezing: …\nWanneer: …", ("instagram", "facebook"), "event", "general_public")
STYLE = HouseStyle(sign_off="Tot in de bib!", templates=(EVENT, DraftTemplate("Aanwinst", "Nieuw: …")))


def test_new_from_template_makes_a_draft_with_its_text_networks_purpose_and_audience(qtbot, start):
    window = start(house_style=STYLE).window
    window.editor.editors[""].setPlainText("An earlier draft")
    first = window.current.id
    menu = fill_template_menu(window)
    assert [entry.text() for entry in menu.actions()] == ["Event", "Aanwinst"]
    menu.actions()[0].trigger()
    assert window.current.id != first
    shown = window.editor.draft()
    assert (shown.text, shown.networks, shown.purpose, shown.audience) == (
        EVENT.text, ("facebook", "instagram"), "event", "general_public")
    assert window.save_now()
    stored = window.store.get(window.current.id)
    assert (stored.text, stored.networks, stored.purpose, stored.audience) == (
        EVENT.text, ("facebook", "instagram"), "event", "general_public")
    assert window.store.get(first).text == "An earlier draft"


def test_a_template_fills_the_open_draft_while_it_is_still_empty(qtbot, start):
    window = start(house_style=STYLE).window
    empty = window.current.id
    fill_template_menu(window).actions()[1].trigger()
    assert window.current.id == empty and window.editor.draft().text == "Nieuw: …"
    assert window.save_now() and window.store.get(empty).text == "Nieuw: …"
    assert window.store.count_drafts() == 1


def test_an_empty_templates_menu_says_how_to_make_one(qtbot, start):
    window = start().window
    entry = fill_template_menu(window).actions()[0]
    assert entry.text() == "No templates yet: open a draft and choose File → Save as template…"
    assert not entry.isEnabled()


def test_save_as_template_asks_a_name_and_stores_the_draft_in_the_house_style(qtbot, start):
    window = start(house_style=HouseStyle(sign_off="Tot in de bib!")).window
    window.editor.editors[""].setPlainText("Tentoonstelling: …")
    window.editor.network_boxes["mastodon"].setChecked(True)
    window.editor.purpose.setCurrentIndex(window.editor.purpose.findData("event"))
    dialog = save_as_template(window)
    dialog.setTextValue("Tentoonstelling")
    dialog.accept()
    kept = stored_house_style(window.store)
    assert kept.templates == (DraftTemplate("Tentoonstelling", "Tentoonstelling: …", ("mastodon",), "event"),)
    assert kept.sign_off == "Tot in de bib!"  # the rest of the house style as it was
    assert "Saved as the template “Tentoonstelling”" in window.statusBar().currentMessage()
    assert [entry.text() for entry in fill_template_menu(window).actions()] == ["Tentoonstelling"]


def test_replacing_a_template_of_the_same_name_asks_first(qtbot, start):
    window = start(house_style=STYLE).window
    window.editor.editors[""].setPlainText("Nieuwe tekst")
    question = keep_template(window, "event")
    assert "already" in question.text() and stored_house_style(window.store).templates[0] == EVENT
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert stored_house_style(window.store).templates[0] == EVENT
    question = keep_template(window, "event")
    next(button for button in question.buttons() if button.text() == "Replace").click()
    assert [(t.name, t.text) for t in stored_house_style(window.store).templates] == [
        ("event", "Nieuwe tekst"), ("Aanwinst", "Nieuw: …")]


def test_a_template_without_a_name_is_not_saved(qtbot, start):
    window = start(house_style=STYLE).window
    assert keep_template(window, "  ") is None
    assert window.statusBar().currentMessage() == "The template was not saved: A template needs a name."
    assert stored_house_style(window.store).templates == STYLE.templates


def test_a_writer_on_the_team_library_is_told_only_an_approver_may(qtbot, start, monkeypatch):
    window = start(house_style=STYLE).window
    monkeypatch.setattr(window.store, "access", Access("an", frozenset({"writer"})))
    told = save_as_template(window)
    assert isinstance(told, QMessageBox) and "only a colleague with the approver role" in told.text()
    told.close()
    assert stored_house_style(window.store).templates == STYLE.templates


def test_the_house_style_dialog_edits_snippets_groups_and_templates_and_keeps_what_it_does_not_show(qtbot, start):
    style = HouseStyle(snippets={"Uren": "Open ma–za"}, hashtag_groups={"Grafiek": ("#kunst", "#grafiek")},
                       templates=(EVENT,), word_list=("Plantijn",), mastodon_server="mastodon.social")
    window = start(house_style=style).window
    dialog = window.edit_house_style()
    assert dialog.snippets.rows() == [("Uren", "Open ma–za")]
    assert dialog.hashtag_groups.rows() == [("Grafiek", "#kunst #grafiek")]
    assert dialog.templates.names() == ["Event"]
    dialog.snippets.add_row()
    table = dialog.snippets.table
    table.item(1, 0).setText("Uitnodiging")
    table.item(1, 1).setText("Welkom!\nDe toegang is gratis.")
    dialog.hashtag_groups.set_rows([("Grafiek", "kunst, grafiek #affiches")])
    dialog.templates.table.item(0, 0).setText("Lezing")
    dialog.accept()
    kept = stored_house_style(window.store)
    assert kept.snippets == {"Uren": "Open ma–za", "Uitnodiging": "Welkom!\nDe toegang is gratis."}
    assert kept.hashtag_groups == {"Grafiek": ("#kunst", "#grafiek", "#affiches")}
    assert [t.name for t in kept.templates] == ["Lezing"] and kept.templates[0].text == EVENT.text
    assert (kept.word_list, kept.mastodon_server) == (("Plantijn",), "mastodon.social")


def test_the_house_style_dialog_says_what_is_wrong_in_a_table_and_stays_open(qtbot, start):
    window = start(house_style=STYLE).window
    dialog = window.edit_house_style()
    dialog.snippets.set_rows([("", "Open ma–za")])
    dialog.accept()
    assert dialog.isVisible() and "Snippets: “Open ma–za” needs a name" in dialog.message.text()
    dialog.snippets.set_rows([("Uren", "a"), ("uren", "b")])
    dialog.accept()
    assert "two are named “uren”" in dialog.message.text()
    dialog.snippets.set_rows([])
    dialog.templates.table.selectRow(0)
    dialog.templates.remove_button.click()
    dialog.accept()
    assert not dialog.isVisible()
    assert [t.name for t in stored_house_style(window.store).templates] == ["Aanwinst"]


# --- the team library: the database itself refuses a writer -----------------------------------------------

PEOPLE = {"an_tpl": ("an-tpl-secret", ("writer",)), "carla_tpl": ("carla-tpl-secret", ("approver",))}


@pytest.fixture(scope="module")
def template_team(pg_server) -> Iterator[TeamDb]:
    made = TeamDb(pg_server, team_db.make_team(pg_server, "templates", PEOPLE), PEOPLE)
    yield made
    pg_server.drop_database(made.dbname)
    team_db.drop_logins(pg_server, PEOPLE)


def test_on_the_team_library_an_approver_saves_a_template_and_the_database_refuses_a_writer(
        qtbot, qapp, tmp_path, template_team, keys, messages):
    from composer.core.storage.postgres import credentials
    from composer.ui.app import Session

    def session(login: str) -> Session:
        data_dir = tmp_path / login
        settings = template_team.settings(login)
        credentials.save(data_dir, settings)
        keys.set_password(credentials.SERVICE, settings.keyring_name, PEOPLE[login][0])
        started = Session(qapp, data_dir, "en")
        assert started.start(), messages
        return started

    carla = session("carla_tpl")
    try:
        carla.window.editor.editors[""].setPlainText("Lezing: …")
        keep_template(carla.window, "Lezing")
        assert [t.name for t in stored_house_style(carla.window.store).templates] == ["Lezing"]
    finally:
        close(carla)
    an = session("an_tpl")
    try:
        window = an.window
        window.editor.editors[""].setPlainText("Mijn sjabloon")
        assert "approver role" in save_as_template(window).text()  # told before anything is asked
        keep_template(window, "Mijn sjabloon")  # were it tried all the same, the server refuses
        assert window.store_failed and "The house style was not saved" in window.statusBar().currentMessage()
        assert [t.name for t in stored_house_style(window.store).templates] == ["Lezing"]
    finally:
        close(an)
