"""The editor counts the final text and says what export adds (issue 9, points 1 and 18)."""

from __future__ import annotations

from composer.core.export.folder import final_text
from composer.core.house_style import HouseStyle
from composer.core.networks.counting import count

STYLE = HouseStyle(sign_off="Tot in de bib! 💛", required_hashtags={"*": ("#bibliotheek",), "instagram": ("erfgoed",)})
TYPED_272 = ("Nieuw in de leeszaal: de tentoonstelling over de drukkers van Antwerpen loopt tot eind maart. "
             "Kom kijken naar de gravures, een menu uit 1890 en de brieven van Gezelle. Rondleiding elke "
             "zondag om 14 uur, ook voor gezinnen met kinderen. Reserveren hoeft niet, welkom!!!!!!!!")


def test_the_counter_counts_what_export_hands_over_and_the_editor_says_what_it_adds(qtbot, start):
    window = start(house_style=STYLE).window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.network_boxes["instagram"].setChecked(True)
    editor.editors[""].setPlainText(TYPED_272)
    assert count("x", TYPED_272).length == 272  # green as typed
    posted = count("x", final_text(editor.draft(), "x", STYLE)).length
    qtbot.waitUntil(lambda: editor.counters["x"].text() == f"X {posted}/280 · too long")  # its red in words
    assert editor.counters["x"].property("state") == "over"
    assert "#bibliotheek" in editor.counters["x"].toolTip()
    line = editor.additions
    assert line.isVisibleTo(window)
    assert "Tot in de bib! 💛" in line.text() and "#bibliotheek" in line.text()
    assert "#erfgoed for Instagram" in line.text()
    assert any(c.id == "length" and c.network == "x" and c.blocks_export for c in window.analysis.checks)  # agreed


def test_without_a_house_style_nothing_is_said_to_be_added(qtbot, start):
    window = start().window
    editor = window.editor
    editor.network_boxes["x"].setChecked(True)
    editor.editors[""].setPlainText("Kort")
    qtbot.waitUntil(lambda: editor.counters["x"].text() == "X 4/280")
    assert not editor.additions.isVisibleTo(window)


def test_the_counters_write_numbers_as_the_ui_language_does(qtbot, start):
    window = start(language="nl").window
    editor = window.editor
    editor.network_boxes["facebook"].setChecked(True)
    editor.editors[""].setPlainText("Hallo")
    qtbot.waitUntil(lambda: editor.counters["facebook"].text() == "Facebook 5/63.206")
    assert "63.206" in editor.counters["facebook"].toolTip()
    [length] = [c for c in window.analysis.checks if c.id == "length"]
    assert "63.206" in length.message  # counter and checklist agree
