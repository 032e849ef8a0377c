"""View → Preview… and the crop editor (issue 5, points 2 and 3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from composer.core.networks.facts import network
from composer.core.photos.crops import get_crop
from composer.ui.export.preview import text_parts
from tests.ui_helpers import crop_dialog, open_preview, window_with_photos


def _window_with(start, tmp_path, networks=("instagram", "x"), text="", photos=1):
    return window_with_photos(start, tmp_path, networks, text, sizes=((1200, 800),) * photos)


def _crop_dialog(window, key="instagram"):
    preview, dialog = crop_dialog(window, key)
    assert dialog.isVisible() and not dialog.isModal()
    return preview, dialog


def test_text_parts():
    assert text_parts("abcdef", None, None) == ("abcdef", "", "")
    assert text_parts("abcdef", 2, None) == ("ab", "cdef", "")
    assert text_parts("abcdef", 2, 4) == ("ab", "cd", "ef")
    assert text_parts("abcdef", 5, 3) == ("abc", "", "def")


def test_a_tab_per_chosen_network(start, qtbot, tmp_path):
    window = _window_with(start, tmp_path, ("facebook", "instagram", "x"), "Hello")
    preview = open_preview(window)
    keys = [preview.tabs.widget(i).key for i in range(preview.tabs.count())]
    assert keys == ["facebook", "instagram", "x"]
    assert [preview.tabs.tabText(i) for i in range(3)] == ["Facebook", "Instagram", "X"]
    assert preview.isVisible() and not preview.isModal()
    # each tab shows the photo, cut to that network's shape (Instagram 1:1, X 16:9)
    insta, x = preview.tab("instagram"), preview.tab("x")
    assert len(insta.image_labels) == 1
    pixmap = insta.image_labels[0].pixmap()
    assert not pixmap.isNull() and abs(pixmap.width() / pixmap.height() - 1.0) < 0.02
    assert abs(x.image_labels[0].pixmap().width() / x.image_labels[0].pixmap().height() - 16 / 9) < 0.02


def test_instagram_cut_after_preview_chars_and_x_over_limit(start, qtbot, tmp_path):
    text = "word " * 100  # 500 characters
    window = _window_with(start, tmp_path, ("instagram", "x", "mastodon"), text, photos=0)
    preview = open_preview(window)
    insta = preview.tab("instagram")
    cut = network("instagram").preview_chars
    assert cut == 125
    assert insta.shown == text[:cut]
    assert insta.hidden.startswith(text[cut:cut + 10]) and not insta.over
    assert "… more" in insta.text.toPlainText()
    x = preview.tab("x")
    assert x.over and len(x.shown) + len(x.hidden) == 280
    assert "#b00020" in x.text.toHtml()
    assert "past the limit" in x.legend.text()
    assert not preview.tab("mastodon").hidden  # Mastodon shows everything


def test_preview_follows_the_editor(start, qtbot, tmp_path):
    window = _window_with(start, tmp_path, ("x",), "Short", photos=0)
    preview = open_preview(window)
    window.editor.editors[""].setPlainText("Changed text")
    qtbot.waitUntil(lambda: "Changed text" in preview.tab("x").text.toPlainText(), timeout=2000)
    window.editor.network_boxes["bluesky"].setChecked(True)
    qtbot.waitUntil(lambda: preview.tab("bluesky") is not None, timeout=2000)


def test_crop_editor_stores_a_4_5_crop(start, qtbot, tmp_path):
    window = _window_with(start, tmp_path, ("instagram",))
    preview, dialog = _crop_dialog(window)
    assert [dialog.shape.itemText(i) for i in range(dialog.shape.count())] == ["1:1", "4:5", "1.91:1"]
    dialog.shape.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    dp = dialog.draft_photo
    crop = get_crop(window.store, dp.id, "instagram")
    assert crop is not None
    assert abs(crop.width * dp.photo.width / (crop.height * dp.photo.height) - 0.8) < 0.01
    assert crop.x >= 0 and crop.y >= 0 and crop.x + crop.width <= 1 + 1e-9 and crop.y + crop.height <= 1 + 1e-9
    # the preview shows the stored crop at once
    label = preview.tab("instagram").image_labels[0]
    assert abs(label.pixmap().width() / label.pixmap().height() - 0.8) < 0.02


def test_resizing_keeps_the_ratio(start, qtbot, tmp_path):
    window = _window_with(start, tmp_path, ("instagram",))
    _preview_window, dialog = _crop_dialog(window)
    dialog.shape.setCurrentIndex(1)
    canvas = dialog.canvas
    photo = dialog.draft_photo.photo
    resized = canvas.resized(canvas.crop, "br", -0.1, 0.0)
    assert abs(resized.width * photo.width / (resized.height * photo.height) - 0.8) < 1e-6
    assert resized.x == pytest.approx(canvas.crop.x) and resized.width < canvas.crop.width


def test_arrow_keys_move_and_reset_clears(start, qtbot, tmp_path):
    window = _window_with(start, tmp_path, ("instagram",))
    _preview_window, dialog = _crop_dialog(window)
    before = dialog.canvas.crop
    qtbot.keyClick(dialog.canvas, Qt.Key.Key_Left)
    assert dialog.canvas.crop.x == pytest.approx(before.x - 0.01)
    qtbot.keyClick(dialog.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.canvas.crop.x == pytest.approx(before.x + 0.09)
    for _ in range(100):  # never past the edge
        qtbot.keyClick(dialog.canvas, Qt.Key.Key_Right)
    assert dialog.canvas.crop.x + dialog.canvas.crop.width == pytest.approx(1.0)
    assert dialog.save()
    dp_id = dialog.draft_photo.id
    assert get_crop(window.store, dp_id, "instagram") is not None
    again = _preview_window.open_crop(dialog.draft_photo, "instagram")
    with qtbot.waitSignal(again.saved):
        again.buttons.button(again.buttons.StandardButton.Reset).click()
    assert get_crop(window.store, dp_id, "instagram") is None


def test_out_of_range_crop_is_refused(start, qtbot, tmp_path):
    from composer.core.photos.crops import Crop

    window = _window_with(start, tmp_path, ("x",))
    _preview_window, dialog = _crop_dialog(window, "x")
    dialog.canvas.set_crop(Crop(0.5, 0.5, 0.8, 0.8))
    assert not dialog.save()
    assert dialog.isVisible()
    assert "outside the photo" in dialog.problem.text() and not dialog.problem.isHidden()
    assert get_crop(window.store, dialog.draft_photo.id, "x") is None


@pytest.mark.parametrize("keys", ["Escape", "Ctrl+W"])
def test_escape_and_ctrl_w_close_the_preview(start, qtbot, tmp_path, keys):
    """Issue 9 point 19: the preview could only be closed with the mouse."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    window = _window_with(start, tmp_path, ("x",), "Kort", photos=0)
    preview = open_preview(window)
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    qtbot.keySequence(preview.tab("x").text, QKeySequence(keys))
    assert not preview.isVisible()
    assert window.isVisible()
    assert window.open_preview() is preview and preview.isVisible()  # it opens again


def test_the_preview_writes_numbers_as_the_ui_language_does(start, qtbot, tmp_path):
    """Issue 9 point 18: "the limit of 3000" beside a counter that says 3.000."""
    session = start(language="nl")
    window = session.window
    window.editor.network_boxes["linkedin"].setChecked(True)
    window.editor.editors[""].setPlainText("woord " * 600)
    preview = open_preview(window)
    assert "3.000" in preview.tab("linkedin").legend.text()
