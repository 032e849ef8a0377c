"""The crop editor's "Whole picture on a mat" and its warning when a crop leaves out much (issue 9, point 14)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from composer.core.photos.crops import get_crop
from tests.ui_helpers import crop_dialog, window_with_photos


def _window_with_poster(start, tmp_path, networks=("facebook",)):
    """A portrait poster, 800 × 1200 (2:3), in the draft."""
    return window_with_photos(start, tmp_path, networks, sizes=((800, 1200),))


def test_a_portrait_poster_goes_whole_on_a_mat_of_a_chosen_colour(start, qtbot, tmp_path):
    window = _window_with_poster(start, tmp_path)
    preview, dialog = crop_dialog(window, "facebook")
    assert [dialog.shape.itemText(i) for i in range(dialog.shape.count())] == ["1.91:1", "1:1", "4:5"]
    assert not dialog.cut_note.isHidden() and "65 %" in dialog.cut_note.text()  # 1.91:1 keeps 35 % of 2:3
    dialog.mat.setChecked(True)
    crop = dialog.canvas.crop
    assert crop.on_mat and crop.x < 0 and crop.y == 0 and crop.x + crop.width > 1  # around all of it
    assert dialog.cut_note.isHidden()
    colours = dialog.choose_colour()
    assert colours.isVisible()  # open(), never exec(): nothing blocks
    colours.colorSelected.emit(QColor("#202020"))
    colours.close()
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    stored = get_crop(window.store, dialog.draft_photo.id, "facebook")
    assert stored.on_mat and stored.mat == "#202020"
    assert abs(stored.width * 800 / (stored.height * 1200) - 1.91) < 0.01
    # the preview shows the poster on its mat: mat colour at the sides, the poster in the middle
    label = preview.tab("facebook").image_labels[0]
    image = label.pixmap().toImage()
    assert QColor(image.pixel(2, image.height() // 2)).name() == "#202020"
    middle = QColor(image.pixel(image.width() // 2, image.height() // 2))
    assert middle.blue() > 150 and middle.red() < 60


def test_a_stored_mat_opens_as_a_mat_and_reset_cuts_again(start, qtbot, tmp_path):
    from composer.core.photos.crops import mat_crop, set_crop

    window = _window_with_poster(start, tmp_path)
    from composer.core.photos.library import draft_photos

    (item,) = draft_photos(window.store, window.current.id)
    mat = mat_crop(800, 1200, "4:5", "#f0e0d0")
    set_crop(window.store, item.id, "facebook", mat.x, mat.y, mat.width, mat.height, mat.mat)
    _preview, dialog = crop_dialog(window, "facebook")
    assert dialog.mat.isChecked() and dialog.shape.currentText() == "4:5" and dialog.colour == "#f0e0d0"
    assert dialog.canvas.crop == mat
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.button(dialog.buttons.StandardButton.Reset).click()
    assert not dialog.mat.isChecked() and not dialog.canvas.crop.on_mat
    assert get_crop(window.store, item.id, "facebook") is None


def test_a_network_of_any_shape_needs_no_mat(start, qtbot, tmp_path):
    window = _window_with_poster(start, tmp_path, ("bluesky",))
    _preview, dialog = crop_dialog(window, "bluesky")
    assert not dialog.mat.isEnabled() and "any shape" in dialog.mat.toolTip()
    assert dialog.cut_note.isHidden()
