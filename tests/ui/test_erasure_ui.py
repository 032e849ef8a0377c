"""Erasing a person, withdrawing a refusal and refusing a scan in the consent register window (issue 8, item 17).

The register's own rules for the same cases are tested in ``tests/core/test_erasure.py``.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QTextBrowser

from composer.core import consent as c
from composer.core.photos import library as p
from composer.ui.consent.erase_form import EraseForm
from tests.helpers.consent import AUTHOR, PDF, Library, refusal, terms


def erase_form(register) -> EraseForm:
    (form,) = [d for d in register.dialogs if d.objectName() == "erase-confirmation"]
    return form


def shown_text(form) -> str:
    return form.findChild(QTextBrowser, "erasure-text").toPlainText()


def setup_people(window, tmp_path) -> tuple[int, int, int]:
    """An Peeters in a photo of two drafts (one photo shared with a third draft), with a consent and a scan."""
    store = window.store
    lib = Library(store, tmp_path)
    an = c.add_person(store, "An Peeters", AUTHOR, "an@example.be").id
    c.grant_consent(store, an, terms(evidence_hash=c.store_evidence(store, PDF, "form.pdf")), AUTHOR)
    story, party = lib.draft("Voorleesuurtje in de bib"), lib.draft("Zomerfeest")
    group = lib.photo("groep.jpg")
    lib.use(story, lib.photo("an.jpg"), an)
    lib.use(story, lib.photo("zaal.jpg"))
    lib.use(party, group, an)
    lib.use(lib.draft("Terugblik"), group)
    return an, story, party


def test_the_erase_confirmation_says_exactly_what_erasing_will_do(qtbot, start, tmp_path):
    window = start().window
    store = window.store
    an, story, party = setup_people(window, tmp_path)
    register = window.open_register(an)
    form = register.ask_erase()
    assert form is erase_form(register) and form.isVisible()  # opened with open(), nothing waits
    assert form.question.text() == "Erase An Peeters from the register? This cannot be undone."
    text = shown_text(form)
    assert "stay in the drafts" not in text
    assert f"#{story} “Voorleesuurtje in de bib”: 1 of its 2 photos leaves" in text
    assert f"#{party} “Zomerfeest”: its only photo leaves" in text
    assert f"#{party + 1} “Terugblik”: its only photo leaves" in text  # the same file: An is in it there too
    assert "The 3 photos An Peeters is linked in leave their drafts" in text
    assert ("Deleted for good from the data folder: the stored files of the 2 photos An Peeters is in "
            "(groep.jpg, an.jpg).") in text
    assert "1 consent record and its history" in text and "1 evidence file" in text
    assert f"under the name “Erased person #{an}”" in text
    cancel = form.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault() and not form.erase_button.isDefault()
    cancel.click()
    assert c.get_person(store, an).erased_at is None and len(p.draft_photos(store, story)) == 2

    form = register.ask_erase()
    an_file = p.photo_path(store, p.draft_photos(store, story)[0].photo)
    qtbot.mouseClick(form.findChild(QPushButton, "erase-confirm"), Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert [d.photo.original_name for d in p.draft_photos(store, story)] == ["zaal.jpg"]
    assert p.draft_photos(store, party) == []
    assert not an_file.exists()
    assert register.message.text() == (f"An Peeters was erased; the proof is kept as Erased person #{an}. "
                                       "2 stored photo files were deleted from the data folder.")
    assert "the photos they were in removed" in register.details.text()


def test_the_confirmation_shows_the_new_plan_when_the_register_changed(qtbot, start, tmp_path):
    window = start().window
    store = window.store
    an, story, _party = setup_people(window, tmp_path)
    form = window.open_register(an).ask_erase()
    (tmp_path / "more").mkdir()
    more = Library(store, tmp_path / "more")
    more.use(story, more.photo("nog.jpg"), an)  # linked meanwhile, in the main window
    qtbot.mouseClick(form.erase_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and "changed since you were asked" in form.message.text()
    assert c.get_person(store, an).erased_at is None
    assert f"#{story} “Voorleesuurtje in de bib”: 2 of its 3 photos leave" in shown_text(form)
    qtbot.mouseClick(form.erase_button, Qt.MouseButton.LeftButton)  # read again, erased as now shown
    assert not form.isVisible() and c.get_person(store, an).erased_at


def test_the_erase_confirmation_in_dutch(qtbot, start, tmp_path):
    window = start(language="nl").window
    an, story, _party = setup_people(window, tmp_path)
    form = window.open_register(an).ask_erase()
    assert "An Peeters" in form.question.text() and "Erase" not in form.question.text()
    assert f"#{story} “Voorleesuurtje in de bib”" in shown_text(form)
    assert form.erase_button.text() != "Erase"


def test_withdrawing_a_refusal_in_the_window_asks_for_no_takedown(qtbot, start, tmp_path):
    window = start().window
    store = window.store
    jef = c.add_person(store, "Jef Vermeulen", AUTHOR).id
    no = c.record_refusal(store, jef, refusal(), AUTHOR)
    lib = Library(store, tmp_path)
    draft = lib.draft("Sfeerbeeld")
    lib.use(draft, lib.photo(), jef)
    register = window.open_register(jef)
    register.records.setCurrentItem(register.records.topLevelItem(0))
    form = register.withdraw(no)
    said = " ".join(label.text() for label in form.findChildren(QLabel))
    assert "they no longer refuse" in said and "must be taken down" not in said
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert c.state_at(store, no).status == "withdrawn"
    assert not [d for d in register.dialogs if d.objectName() == "takedown"]
    assert register.message.text().startswith("The refusal of Jef Vermeulen is withdrawn")
    assert store.get(draft).status == "draft"


def test_a_scan_is_not_kept_when_the_consent_form_is_refused_after_storing_it(qtbot, start, tmp_path, monkeypatch):
    window = start().window
    store = window.store
    kid = c.add_person(store, "Lotte Peeters", AUTHOR, birth_date=c.today() - timedelta(days=365 * 8))
    register = window.open_register(kid.id)
    form = register.record_consent()
    form.parties[0].name.setText("Marc Peeters")  # her parent, as suggested
    form.photographed.setChecked(True)
    form.publish.setChecked(True)
    form.channels["facebook"].setChecked(True)
    form.purpose.setText("De werking van de bib tonen")
    form.informed.setChecked(True)
    form.given_at.setDateTime(QDateTime.currentDateTime().addYears(-9))  # before she was born
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(PDF)
    form.set_evidence(str(scan))
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "before the person was born" in form.message.text()
    assert form.isVisible()
    assert store.db.value("SELECT count(*) FROM evidence") == 0
    assert not [f for f in (store.path.parent / "evidence").rglob("*") if f.is_file()]  # not even the scan


def test_the_open_drafts_photo_strip_shows_the_erasure_at_once(qtbot, start, tmp_path):
    window = start().window
    an, story, _party = setup_people(window, tmp_path)
    window.open_draft(story)
    view = window.photos.view()
    qtbot.waitUntil(lambda: view.strip.count() == 2)
    register = window.open_register(an)
    form = register.ask_erase()
    qtbot.mouseClick(form.findChild(QPushButton, "erase-confirm"), Qt.MouseButton.LeftButton)
    assert view.strip.count() == 1  # the photo An was in is gone from the strip, not only from the database
    assert [photo.photo.original_name for photo in view.photos] == ["zaal.jpg"]
