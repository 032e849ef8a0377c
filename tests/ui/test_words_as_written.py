"""The library's own words (a colleague's name, a post's first line) are shown as written: a label never
reads them as HTML, which would hide "<Bib>" or draw "<b>…</b>" bold. Read as a screen reader reads a label,
which is what the label shows."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel

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
