"""The consent register window as a librarian uses it: people, consent, refusal, withdrawal, a person's file,
erasure and the printable form."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton, QTextBrowser

from composer.core import consent as c
from composer.core.checklist import Status
from composer.core.consent import Party, Scope
from composer.core.consent.form import form_version
from composer.core.house_style import HouseStyle
from composer.ui.consent import form_parts, print_form
from tests.helpers.consent import AUTHOR, PDF, add_photo, counts, photo_hash, terms
from tests.ui_helpers import type_text


def qdate(day) -> QDate:
    return QDate(day.year, day.month, day.day)


def ok(qtbot, form) -> None:
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


@pytest.fixture
def chosen(monkeypatch):
    """Replace the file chooser: every question is answered with the next path in ``chosen.paths``."""

    class Chooser:
        def __init__(self):
            self.paths: list = []
            self.asked: list[tuple[str, str]] = []

        def __call__(self, parent, kind, title, done, suggested=""):
            self.asked.append((kind, title))
            done(str(self.paths.pop(0)))

    chooser = Chooser()
    monkeypatch.setattr(form_parts, "choose_path", chooser)
    return chooser


def consent_checks(window, network: str = "facebook") -> list:
    """The consent checks that concern ``network``: its own, and those said once for every network."""
    return [ch for ch in window.checklist.checks() if ch.id == "consent" and ch.network in (network, None)]


def fill_consent(form, channels=("facebook", "instagram")) -> None:
    """What a librarian ticks on a typical signed form."""
    form.photographed.setChecked(True)
    form.publish.setChecked(True)
    for key in channels:
        form.channels[key].setChecked(True)
    type_text(form.purpose, "De werking van de bib tonen")
    form.informed.setChecked(True)


# --- the window -------------------------------------------------------------------------------


def test_the_register_opens_from_the_consent_menu_beside_the_window(qtbot, start):
    window = start().window
    assert window.register_action.shortcut().toString() == "Ctrl+Shift+R"
    window.register_action.trigger()
    register = window.open_register()
    assert register.isVisible() and register.isWindow()
    assert register.windowModality() == Qt.WindowModality.NonModal
    assert window.open_register() is register  # one register window, brought to the front
    assert register.findChild(QLabel, "dpo-note").text() == c.DPO_NOTE
    assert [box.text() for box in register.filters.values()] == list(c.FILTERS.values())


@pytest.mark.parametrize("keys", ["Escape", "Ctrl+W"])
def test_escape_and_ctrl_w_close_the_register(qtbot, start, keys):
    """Issue 9 point 19: the register window could only be closed with the mouse."""
    window = start().window
    register = window.open_register()
    register.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is register)
    register.search.setFocus()
    qtbot.keySequence(register.search, QKeySequence(keys))
    assert not register.isVisible()
    assert window.isVisible()
    assert window.open_register() is register and register.isVisible()  # it opens again as it was


def test_a_stored_photo_of_theirs_that_no_draft_uses_can_still_be_named(qtbot, start):
    """Who is in a photo belongs to the file: a one-photo consent can name it after it left its draft."""
    from composer.core.photos.library import detach_photo

    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    detach_photo(store, add_photo(store, window.current.id, 3, people=[person.id], file=3))
    form = window.open_register(person.id).record_consent()
    assert form.photo.itemData(0) == photo_hash(3) and "(they are in it)" in form.photo.itemText(0)


def test_a_person_and_their_consent_entered_in_the_forms_appear_in_the_register(qtbot, start, chosen, tmp_path):
    window = start().window
    store = window.store
    register = window.open_register()

    form = register.add_person()
    type_text(form.name, "Lotte Péeters")
    type_text(form.contact, "marc@example.be")
    form.birth.check.setChecked(True)
    form.birth.edit.setDate(qdate(c.today() - timedelta(days=365 * 8)))
    assert "Under 12" in form.suggestion.text()
    ok(qtbot, form)
    assert register.listed_people() == ["Lotte Péeters"]
    lotte = register.person
    assert lotte.name == "Lotte Péeters" and lotte.contact == "marc@example.be" and lotte.minor()
    assert "a parent or guardian consents" in register.details.text()

    form = register.record_consent()
    assert [row.role.currentData() for row in form.parties] == ["parent"]  # suggested from her age
    type_text(form.parties[0].name, "Marc Péeters")
    fill_consent(form)
    form.name_in_caption.setChecked(True)
    form.valid_until.set_value(c.today() + timedelta(days=10))
    form.refresh_due.set_value(c.today() + timedelta(days=9))
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(PDF)
    chosen.paths = [scan]
    qtbot.mouseClick(form.attach_button, Qt.MouseButton.LeftButton)
    assert form.evidence_label.text() == "formulier.pdf"
    ok(qtbot, form)
    assert not form.isVisible()

    state = c.person_state(store, lotte.id)
    (record,) = state.records
    assert record.status == "granted"
    assert record.terms.parties == (Party("Marc Péeters", "parent"),)
    assert record.terms.channels == ("facebook", "instagram")
    assert record.terms.recorded_by == "An Peeters"  # the window's user
    assert (record.terms.form_version, record.terms.form_language) == (form_version(), "nl")
    assert record.terms.name_in_caption and record.terms.informed_of_withdrawal
    assert record.terms.valid_until == c.today() + timedelta(days=10)
    stored = store.db.all("SELECT hash, original_name FROM evidence")
    assert stored == [(record.terms.evidence_hash, "formulier.pdf")]
    assert state.channels(c.today()) == ("facebook", "instagram")
    assert register.records.topLevelItem(0).text(1) == f"consent until {c.today() + timedelta(days=10)}"
    assert "formulier.pdf" in register.record_details.text()
    assert "Facebook, Instagram" in register.state.text()

    # A refusal, for someone else, through the refusal form.
    form = register.add_person()
    type_text(form.name, "Jef Vermeulen")
    ok(qtbot, form)
    form = register.record_consent("refused")
    assert not form.publish.isVisibleTo(form)
    form.method.setCurrentIndex(form.method.findData("oral_with_witness"))
    type_text(form.witness, "Koen")
    ok(qtbot, form)
    assert register.records.topLevelItem(0).text(1) == "refused"

    assert register.listed_people() == ["Jef Vermeulen", "Lotte Péeters"]
    for key, expected in (("minors", ["Lotte Péeters"]), ("expiring", ["Lotte Péeters"]),
                          ("refused", ["Jef Vermeulen"]), ("expired", []), ("withdrawn", [])):
        register.filters[key].setChecked(True)
        assert register.listed_people() == expected, key
        register.filters[key].setChecked(False)
    type_text(register.search, "peet")
    qtbot.waitUntil(lambda: register.listed_people() == ["Lotte Péeters"])
    assert register.count.text() == "1 person shown"


def test_dates_that_make_no_sense_show_the_message_and_write_nothing(qtbot, start, chosen, tmp_path):
    window = start().window
    store = window.store
    register = window.open_register()
    form = register.add_person()
    type_text(form.name, "Toekomstig Kind")
    form.birth.set_value(c.today() + timedelta(days=30))
    ok(qtbot, form)
    assert "is in the future" in form.message.text() and form.message.isVisibleTo(form)
    assert form.isVisible()
    assert counts(store) == (0, 0, 0, 0)
    form.reject()

    person = c.add_person(store, "An Peeters", AUTHOR)
    register.select_person(person.id)
    before = counts(store)
    form = register.record_consent()
    fill_consent(form)
    form.valid_from.set_value(c.today())
    form.valid_until.set_value(c.today() - timedelta(days=1))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    chosen.paths = [scan]
    form.ask_evidence()
    ok(qtbot, form)
    assert form.message.text() == (f"Valid until ({c.today() - timedelta(days=1)}) is before valid from "
                                   f"({c.today()}).")
    assert form.isVisible()
    assert counts(store) == before
    assert not any((window.store.path.parent / "evidence").glob("*/*"))  # not even the scan

    form.valid_until.set_value(None)
    form.informed.setChecked(False)
    ok(qtbot, form)
    assert "told they can withdraw" in form.message.text()
    assert counts(store) == before


# --- withdrawal -----------------------------------------------------------------------------------


def test_withdrawing_flags_the_open_draft_and_lists_what_to_take_down(qtbot, start):
    window = start().window
    store = window.store
    window.editor.network_boxes["facebook"].setChecked(True)
    type_text(window.editor.editors[""], "Voorleesuurtje in de bib!")
    assert window.save_now()
    draft_id = window.current.id
    person = c.add_person(store, "Mia Claes", AUTHOR)
    c.grant_consent(store, person.id, terms(parties=(Party("Mia Claes", "self"),)), AUTHOR)
    add_photo(store, draft_id, 1, people=[person.id], file=1)
    window.photos_changed()
    assert {ch.status for ch in consent_checks(window)} == {Status.PASS}

    register = window.open_register(person.id)
    assert register.person.id == person.id
    form = register.withdraw()
    assert form.isVisible()
    form.received_how.setCurrentIndex(form.received_how.findData("email"))
    type_text(form.note, "Per e-mail: ze verhuist")
    ok(qtbot, form)

    failing = consent_checks(window)
    assert [ch.status for ch in failing] == [Status.FAIL]
    assert f"Mia Claes withdrew consent on {c.today()}" in failing[0].message
    # flagged in the drafts list at once
    assert "· Consent withdrawn ·" in window.drafts.model.data(window.drafts.model.index(0))
    (takedown,) = [d for d in register.dialogs if d.objectName() == "takedown"]
    shown = takedown.findChild(QTextBrowser, "takedown-text").toPlainText()
    assert f"#{draft_id} Voorleesuurtje in de bib!" in shown
    assert "The publication log shows no post with these photos." in shown
    assert register.people.topLevelItem(0).text(2) == "withdrawn"
    assert not register.withdraw_button.isEnabled()
    history = register.records.topLevelItem(0)
    assert [history.child(i).text(1) for i in range(history.childCount())] == ["Consent given", "Withdrawn"]
    (record,) = c.person_state(store, person.id).records
    assert record.status == "withdrawn" and record.received_how == "email"
    # the photo taken out of the post: the consent check passes and the flag goes
    from composer.core.photos import library as photos

    for photo in photos.draft_photos(store, draft_id):
        photos.detach_photo(store, photo.id)
    window.photos_changed()
    assert store.get(draft_id).status == "draft"
    assert "· Draft ·" in window.drafts.model.data(window.drafts.model.index(0))


def test_one_record_is_withdrawn_from_the_record(qtbot, start):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    first = c.grant_consent(store, person.id, terms(channels=("facebook",)), AUTHOR)
    second = c.grant_consent(store, person.id, terms(channels=("website",)), AUTHOR)
    register = window.open_register(person.id)
    item = register.records.topLevelItem(0)
    assert item.data(0, Qt.ItemDataRole.UserRole) == first
    register.records.setCurrentItem(item)
    assert register.withdraw_record_button.isEnabled()
    qtbot.mouseClick(register.withdraw_record_button, Qt.MouseButton.LeftButton)
    (form,) = [d for d in register.dialogs if d.objectName() == "withdraw-form"]
    ok(qtbot, form)
    assert c.state_at(store, first).status == "withdrawn"
    assert c.state_at(store, second).status == "granted"
    assert c.person_state(store, person.id).channels(c.today()) == ("website",)


def test_the_state_on_an_earlier_date_is_shown(qtbot, start):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    record = c.grant_consent(store, person.id, terms(), AUTHOR)
    c.withdraw(store, record_id=record, received_how="letter", author=AUTHOR)
    register = window.open_register(person.id)
    assert "No photo of them may be published." in register.state.text()
    register.state_date.setDate(qdate(c.today() - timedelta(days=1)))
    assert "Photos may be published on: Facebook, Website" in register.state.text()
    register.as_known.setChecked(True)  # yesterday nothing had been entered yet
    assert "not yet given" in register.state.text()


# --- a person's file and erasure ------------------------------------------------------------------


def test_exporting_a_persons_file_writes_it_into_the_chosen_folder(qtbot, start, chosen, tmp_path):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR, "an@example.be")
    c.grant_consent(store, person.id, terms(), AUTHOR)
    register = window.open_register(person.id)
    new, full = tmp_path / "toegang", tmp_path / "full"
    new.mkdir()  # made with the dialog's "New folder": empty, so the file goes right into it
    full.mkdir()
    (full / "other.txt").write_text("kept")
    chosen.paths = [new, full]
    qtbot.mouseClick(register.export_button, Qt.MouseButton.LeftButton)
    assert chosen.asked[-1][0] == "folder"
    assert (new / "person.html").exists() and (new / "person.json").exists()
    assert str(new) in register.message.text()
    qtbot.mouseClick(register.export_button, Qt.MouseButton.LeftButton)
    (inside,) = [p for p in full.iterdir() if p.is_dir()]
    assert (inside / "person.json").exists() and (full / "other.txt").read_text() == "kept"
    assert "An Peeters" in (inside / "person.html").read_text("utf-8")


def test_erasing_asks_first_then_keeps_only_the_proof(qtbot, start):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR, "an@example.be")
    c.grant_consent(store, person.id, terms(), AUTHOR)
    add_photo(store, window.current.id, 1, people=[person.id], file=1)
    register = window.open_register(person.id)

    box = register.ask_erase()
    assert "Erase An Peeters" in box.question.text()
    said = box.findChild(QTextBrowser, "erasure-text").toPlainText()
    assert "Kept, as the minimal proof" in said
    assert "The photo An Peeters is linked in leaves its draft" in said
    box.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert c.get_person(store, person.id).erased_at is None

    box = register.ask_erase()
    qtbot.mouseClick(box.findChild(QPushButton, "erase-confirm"), Qt.MouseButton.LeftButton)
    erased = c.get_person(store, person.id)
    assert erased.erased_at and erased.contact == ""
    assert register.listed_people() == [f"Erased person #{person.id}"]
    assert store.db.value("SELECT count(*) FROM photo_people") == 0
    assert counts(store)[1:3] == (1, 1)  # the record and its event stay as proof
    assert not register.consent_button.isEnabled() and not register.erase_button.isEnabled()
    assert register.export_button.isEnabled()


# --- the printable form ---------------------------------------------------------------------------


def test_the_consent_form_is_printed_with_the_house_style(qtbot, start, chosen, tmp_path, monkeypatch):
    style = HouseStyle(library_name="Bibliotheek Zuidkust", contact_emails=("privacy@zuidkust.be", "bib@x.be"))
    window = start(house_style=style).window
    written = []
    real = print_form.write_consent_form

    def spy(path, library, contact, language):
        written.append((library, contact, language))
        return real(path, library, contact, language)

    monkeypatch.setattr(print_form, "write_consent_form", spy)
    window.print_form_action.trigger()
    (dialog,) = [d for d in window.findChildren(print_form.PrintFormDialog) if d.isVisible()]
    assert dialog.library.text() == "Bibliotheek Zuidkust"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    target = tmp_path / "form.pdf"
    chosen.paths = [target]
    ok(qtbot, dialog)
    assert written == [("Bibliotheek Zuidkust", "privacy@zuidkust.be", "en")]
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in dialog.message.text()
    assert str(target) in window.statusBar().currentMessage()


def test_a_consent_for_one_photo_names_a_photo_they_are_in(qtbot, start):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    add_photo(store, window.current.id, 1, file=1)
    add_photo(store, window.current.id, 2, people=[person.id], file=2)
    register = window.open_register(person.id)
    form = register.record_consent()
    form.scope.setCurrentIndex(form.scope.findData("this_photo"))
    assert form.scope_pages.currentWidget() is form.photo
    assert form.photo.itemData(0) == photo_hash(2) and "(they are in it)" in form.photo.itemText(0)
    assert form.photo.count() == 2
    fill_consent(form, ("website",))
    ok(qtbot, form)
    (record,) = c.person_state(store, person.id).records
    assert record.terms.scope == Scope.photo(photo_hash(2))
    assert "This photo" in register.record_details.text()


# --- amending and asking again --------------------------------------------------------------------


def record_form(register):
    (form,) = [d for d in register.dialogs if d.objectName() == "consent-form"]
    return form


def history(register, row: int = 0) -> list[str]:
    item = register.records.topLevelItem(row)
    return [item.child(i).text(1) for i in range(item.childCount())]


def test_a_record_is_amended_from_the_form_filled_with_its_terms(qtbot, start):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    record = c.grant_consent(store, person.id, terms(channels=("facebook",)), AUTHOR)
    register = window.open_register(person.id)
    register.records.setCurrentItem(register.records.topLevelItem(0))
    assert register.amend_button.isEnabled()
    qtbot.mouseClick(register.amend_button, Qt.MouseButton.LeftButton)
    form = record_form(register)
    assert form.windowTitle() == f"Amend record #{record}: An Peeters"
    before = c.state_at(store, record).terms
    assert form.terms() == replace(before, recorded_by="An Peeters")  # every field, to the microsecond

    form.channels["facebook"].setChecked(False)
    ok(qtbot, form)
    assert form.message.text() == "Consent to publish needs at least one channel."
    assert form.isVisible() and c.state_at(store, record).terms == before
    assert len(c.histories(store, person.id)[record]) == 1

    form.channels["facebook"].setChecked(True)
    form.channels["instagram"].setChecked(True)
    with qtbot.waitSignal(register.changed):
        ok(qtbot, form)
    assert not form.isVisible()
    after = c.state_at(store, record)
    assert after.status == "granted" and after.terms.channels == ("facebook", "instagram")
    assert after.terms.given_at == before.given_at
    assert [e.kind for e in c.histories(store, person.id)[record]] == ["granted", "amended"]
    assert history(register) == ["Consent given", "Amended"]
    assert "Facebook, Instagram" in register.state.text()
    assert register.message.text() == "The amended consent of An Peeters is recorded."


def test_asking_again_renews_the_dates_and_keeps_the_terms(qtbot, start, chosen, tmp_path):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    record = c.grant_consent(store, person.id, terms(valid_until=c.today() + timedelta(days=10),
                                                     refresh_due=c.today() + timedelta(days=5)), AUTHOR)
    register = window.open_register(person.id)
    register.records.setCurrentItem(register.records.topLevelItem(0))
    assert register.ask_again_button.isEnabled()
    qtbot.mouseClick(register.ask_again_button, Qt.MouseButton.LeftButton)
    form = record_form(register)
    assert not form.publish.isEnabled() and not form.channels["facebook"].isEnabled()  # what it covers stays
    assert form.valid_until.value() == c.today() + timedelta(days=365)
    until = c.today() + timedelta(days=400)
    form.valid_until.set_value(until)
    scan = tmp_path / "formulier-2027.pdf"
    scan.write_bytes(PDF + b"renewed")
    chosen.paths = [scan]
    qtbot.mouseClick(form.attach_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(register.changed):
        ok(qtbot, form)
    assert not form.isVisible()

    events = c.histories(store, person.id)[record]
    assert [e.kind for e in events] == ["granted", "refreshed"]
    renewed = events[-1].terms
    assert renewed.valid_until == until and renewed.refresh_due == c.today() + timedelta(days=365)
    assert renewed.channels == ("facebook", "website") and renewed.purpose == "Promoting library events"
    assert c.local_date(renewed.given_at) == c.today()
    (stored,) = store.db.one("SELECT hash FROM evidence WHERE original_name = 'formulier-2027.pdf'")
    assert renewed.evidence_hash == stored
    assert c.state_at(store, record).terms.valid_until == until
    assert history(register) == ["Consent given", "Asked again"]
    assert register.records.topLevelItem(0).text(1) == f"consent until {until}"


def test_a_withdrawn_or_refused_record_is_not_amended(qtbot, start):
    window = start().window
    store = window.store
    person = c.add_person(store, "An Peeters", AUTHOR)
    record = c.grant_consent(store, person.id, terms(), AUTHOR)
    c.withdraw(store, record_id=record, received_how="letter", author=AUTHOR)
    refusal = c.record_refusal(store, person.id, terms(publish=False, channels=(), purpose=""), AUTHOR)
    register = window.open_register(person.id)
    for row in (0, 1):
        register.records.setCurrentItem(register.records.topLevelItem(row))
        assert not register.amend_button.isEnabled() and not register.ask_again_button.isEnabled()
    assert register.withdraw_record_button.isEnabled()  # the refusal can still be withdrawn

    before = counts(store)
    form = register.amend_record(record)
    ok(qtbot, form)
    assert form.message.text() == "This consent was withdrawn; record a new one instead."
    assert form.isVisible() and counts(store) == before
    form.reject()
    form = register.ask_again(refusal)
    ok(qtbot, form)
    assert form.message.text() == "Only a consent can be refreshed; a refusal stands until withdrawn."
    assert counts(store) == before
    form.reject()
