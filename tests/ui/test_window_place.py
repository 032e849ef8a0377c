"""The window stays where it was, on its screen, frame and all (issue 9 point 17).

The default 1280×720 window plus its title bar was taller than a 768-pixel
screen, and every restart or language switch reopened it lower (it saved the
client area's place and put the *frame* there), until the status bar with its
Undo button was off the screen. The offscreen platform gives windows a frame
of 2 pixels a side, which is enough to see a creep. Each test runs the app
in a child process on an offscreen 1366×768 screen (and a second screen
where asked), as a restart does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect

PROJECT_ROOT = Path(__file__).resolve().parents[2]


CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from composer.core.storage.store import Store
from composer.ui.app import Session

data, plan = Path(sys.argv[1]), json.loads(sys.argv[2])
store = Store.open(data)
store.set_setting("user_name", "An")
if plan.get("saved"):
    store.set_setting("window", plan["saved"])
store.close()
app = QApplication([])
session = Session(app, data, "en")
assert session.start()


def seen() -> dict:
    for _ in range(5):
        app.processEvents()
    window = session.window
    return {"screen": window.screen().name(), "frame": window.frameGeometry().getRect(),
            "client": window.geometry().getRect(), "area": window.screen().availableGeometry().getRect()}


places = [seen()]
if plan.get("place"):
    session.window.setGeometry(*plan["place"])
    places.append(seen())
for language in plan.get("languages", []):
    session.window.language_requested.emit(language)
    places.append(seen())
print(json.dumps(places))
session.window.close()
session.stop()
"""

SCREENS = [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768},
           {"name": "monitor", "x": 1366, "y": 0, "width": 1920, "height": 1080}]


def run(tmp_path: Path, screens: int = 1, **plan) -> list[dict]:
    """Start the app in a child process on a 1366×768 screen (and a 1920×1080 one beside it); where its window
    was at each step of ``plan`` (``saved``: the setting to start from; ``place``: a client rectangle to put it
    at; ``languages``: switches to make). Closing saves the place, as Quit does."""
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
                                              for screen in SCREENS[:screens]]}))
    env = {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "LANGUAGE": "en", "HOME": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    args = [sys.executable, "-c", CHILD, str(tmp_path / "data"), json.dumps(plan)]
    done = subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(place: dict) -> bool:
    return QRect(*place["area"]).contains(QRect(*place["frame"]))


def test_the_default_window_fits_a_1366_by_768_screen_and_restarts_do_not_move_it(tmp_path):
    first, = run(tmp_path)
    assert inside(first)
    assert first["client"][2:] == [1280, 720]  # the default size fits here, frame included
    for _restart in range(3):
        again, = run(tmp_path)
        assert again["frame"] == first["frame"]  # no creep by a frame's height per start


def test_a_window_put_somewhere_reopens_exactly_there(tmp_path):
    _first, placed = run(tmp_path, place=[100, 150, 1000, 500])
    assert placed["client"] == [100, 150, 1000, 500]
    for _restart in range(2):
        again, = run(tmp_path)
        assert again["client"] == placed["client"] and again["frame"] == placed["frame"]


def test_switching_the_language_keeps_the_window_in_place(tmp_path):
    places = run(tmp_path, place=[60, 90, 1100, 600], languages=["nl", "en", "nl", "en"])
    assert all(inside(place) for place in places)
    assert {tuple(place["frame"]) for place in places[1:]} == {tuple(places[1]["frame"])}


def test_a_place_off_the_screen_or_too_big_for_it_comes_back_inside(tmp_path):
    saved = {"x": 5000, "y": 3000, "w": 2000, "h": 1200, "maximized": False, "frame": [1, 30, 1, 1],
             "screen": "gone"}
    shown, = run(tmp_path, saved=saved)
    assert inside(shown)
    assert shown["frame"][1] + shown["frame"][3] == 768  # pulled up just enough: the status bar shows
    old_style = {"x": 40, "y": 300, "w": 1280, "h": 720}  # as saved before: client place, no frame
    shown, = run(tmp_path, saved=old_style)
    assert inside(shown) and shown["client"][0] == 40


def test_the_window_reopens_on_the_screen_it_was_on(tmp_path):
    moved = {"x": 1366 + 300, "y": 200, "w": 1000, "h": 700, "maximized": False, "frame": [2, 2, 2, 2],
             "screen": "monitor"}
    shown, = run(tmp_path, screens=2, saved=moved)
    assert shown["screen"] == "monitor" and shown["client"] == [1366 + 300, 200, 1000, 700]
    by_place, = run(tmp_path, screens=2, saved={**moved, "screen": "renamed"})  # found by where it was
    assert by_place["screen"] == "monitor" and by_place["client"] == shown["client"]
    back, = run(tmp_path, screens=1)  # the monitor unplugged: on the laptop's screen, inside it
    assert back["screen"] == "laptop" and inside(back)


def test_fitting_keeps_the_title_bar_and_the_status_bar_on_a_1366_by_768_screen():
    """The arithmetic behind it, for a laptop screen with a task bar (available 1366×728) and a 30-pixel title bar."""
    from composer.ui.window.placement import fit_on_screen

    area = QRect(0, 0, 1366, 728)
    frame = (1, 30, 1, 1)
    fitted = fit_on_screen(area, frame, (1280, 720))
    assert (fitted.width(), fitted.height()) == (1280, 728 - 31)
    assert fitted.top() - 30 == 0 and fitted.bottom() + 1 == 727  # frame top at 0, frame bottom at the edge
    assert fit_on_screen(area, frame, (800, 600), (300, 100)) == QRect(300, 100, 800, 600)  # fits: unchanged
    assert fit_on_screen(area, frame, (800, 600), (300, 500)).bottom() + 1 == 727  # lowered too far: pulled up
    assert fit_on_screen(QRect(1366, 0, 1920, 1080), frame, (800, 600), (0, 0)).left() == 1366 + 1
