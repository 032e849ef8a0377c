"""The library's own words (a colleague's name, a post's first line) are shown as written: a label never
reads them as HTML, which would hide "<Bib>" or draw "<b>…</b>" bold. Read as a screen reader reads a label,
which is what the label shows."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QMessageBox

from composer.core import consent as c
from composer.core.export import publications as p
from composer.core.storage.store import Store
from tests.helpers.consent import AUTHOR, add_photo, terms
from tests.ui_helpers import type_text

NAME = "<b>Lien</b>"
POST = "<i>Nieuw</i> in de leeszaal: <Plantijn> en zijn drukkers"


def shown(label: QLabel) -> str:
    return QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)


def test_the_author_line_shows_a_name_with_angle_brackets_as_written(start):
    window = start(name=NAME).window

    assert shown(window.editor.author) == f"Written by {NAME}"


def test_the_writing_time_dialog_names_the_post_as_written(start):
    window = start().window
    type_text(window.editor.editors[""], POST)

    window.effort_action.trigger()

    labels = [shown(label) for label in window.effort.dialog.findChildren(QLabel)]
    assert POST in labels


def test_the_earlier_versions_heading_names_the_post_as_written(start):
    window = start().window
    type_text(window.editor.editors[""], POST)

    window.history_action.trigger()

    assert shown(window.earlier_versions.panel.heading) == f"Earlier versions of “{POST}”"


def test_a_question_about_a_takedown_names_the_person_as_written(qtbot, start, data_dir):
    store = Store.open(data_dir)
    person = c.add_person(store, "<i>Mira</i> Janssens", AUTHOR).id
    c.grant_consent(store, person, terms(), AUTHOR)
    draft = store.create(AUTHOR, text="Voorleesuurtje", networks=("facebook",))
    add_photo(store, draft.id, 1, people=(person,))
    p.mark_published(store, draft.id, "facebook", date(2026, 3, 1), "https://facebook.example/post/1", author=AUTHOR)
    c.withdraw(store, person_id=person, received_how="email", author=AUTHOR)
    store.close()
    window = start().window
    qtbot.waitUntil(window.follow_up.indicator.isVisible)
    window.follow_up.indicator.click()
    listed = window.follow_up.takedowns

    box = listed.ask_done(listed.rows[0])

    assert "(for <i>Mira</i> Janssens)" in shown(box.findChild(QLabel, "qt_msgbox_label"))
    box.button(QMessageBox.StandardButton.Cancel).click()
