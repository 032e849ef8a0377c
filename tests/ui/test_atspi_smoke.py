"""The window as a screen reader on Linux meets it: read from outside through AT-SPI, on a virtual screen.

The app runs on Xvfb (``xvfb-run``) with its own session bus (``dbus-run-session``) and Qt's AT-SPI bridge
switched on (``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``). A reader in the system's Python (AT-SPI's bindings,
``gi.repository.Atspi``, are Debian's, not the venv's) starts it, finds the window, the post's text box and a
check of the checklist by their accessible names, and hears the announcement the checklist makes when a
check starts to block export. Skipped, saying which Debian packages are missing, where they are not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
PACKAGES = "xvfb, xauth, dbus-daemon (dbus), at-spi2-core, python3-gi and gir1.2-atspi-2.0"
TIMEOUT_S = 60  # the whole run; it takes about 3 s

#: Run with the venv's Python: the app on a fresh data folder; a second after it shows, the post gets too long
#: for X, so the checklist announces that a check blocks export.
APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from composer.core.storage.store import Store
from composer.ui.app import Session

data_dir = Path(sys.argv[1])
store = Store.open(data_dir)
store.set_setting("user_name", "An Peeters")
store.close()
app = QApplication(sys.argv[:1])
session = Session(app, data_dir, "en")
if not session.start():
    sys.exit(3)

def too_long():
    window = session.window
    window.editor.network_boxes["x"].setChecked(True)
    window.editor.editors[""].setPlainText("Nieuw in de bib: " + "boeken " * 40)
    window.refresh_checks()

QTimer.singleShot(1000, too_long)
QTimer.singleShot(25_000, app.quit)  # never outlives the test
sys.exit(app.exec())
"""

#: Run with the system's Python: starts the app (the rest of its arguments), reads its accessible tree and
#: listens for announcements; prints what it found as one line of JSON.
READER = """
import json, os, subprocess, sys, time
import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib

found, heard = {}, []
listener = Atspi.EventListener.new(lambda event: heard.append(str(event.any_data)))
listener.register("object:announcement")

def walk(node, depth=0):
    if node is None or depth > 40:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)

def read_tree():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        for node in walk(desktop.get_child_at_index(i)):
            name, role = node.get_name() or "", node.get_role_name()
            if role == "frame" and name == "Post Composer":
                found["window"] = name
            elif name == "Post text":
                found["editor"] = role
            elif role == "list item" and name.startswith("To answer: ") and name not in found.get("checks", []):
                found.setdefault("checks", []).append(name)

env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb"}
app = subprocess.Popen(sys.argv[1:], env=env)
context = GLib.MainContext.default()
try:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (len(found) < 3 or not heard):
        if len(found) < 3:
            try:
                read_tree()
            except GLib.Error:  # the app is still making its tree
                pass
        for _ in range(50):
            context.iteration(False)
            time.sleep(0.005)
finally:
    app.terminate()
    app.wait(10)
print(json.dumps({"found": found, "heard": heard}))
"""


def missing() -> str:
    """Why the smoke test cannot run here ("" when it can)."""
    for program in ("xvfb-run", "xauth", "dbus-run-session"):
        if shutil.which(program) is None:
            return f"{program} is missing"
    if not any(Path(folder, "at-spi-bus-launcher").exists() for folder in ("/usr/libexec", "/usr/lib/at-spi2-core")):
        return "at-spi2-core is missing"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0')"],
                           capture_output=True, timeout=30)
    return "" if probe.returncode == 0 else "AT-SPI's Python bindings (python3-gi, gir1.2-atspi-2.0) are missing"


def run_under_atspi(folder: Path) -> dict:
    """Start the app on a virtual screen with its own session bus; what the reader found and heard."""
    app, reader = folder / "app.py", folder / "reader.py"
    app.write_text(APP, "utf-8")
    reader.write_text(READER, "utf-8")
    command = ["xvfb-run", "-a", "dbus-run-session", "--", SYSTEM_PYTHON, str(reader),
               sys.executable, str(app), str(folder / "data")]
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                           start_new_session=True)  # its own process group: all of it is stopped on a timeout
    try:
        out, err = run.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        raise AssertionError(f"the AT-SPI run took over {TIMEOUT_S} s") from None
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert lines, f"the reader printed nothing (exit {run.returncode}):\n{err[-3000:]}"
    return json.loads(lines[-1])


def test_a_screen_reader_finds_the_window_the_post_and_a_check_and_hears_the_announcement(tmp_path):
    why = missing()
    if why:
        pytest.skip(f"AT-SPI smoke test: {why}; it needs the Debian packages {PACKAGES}")
    seen = run_under_atspi(tmp_path)
    found = seen["found"]
    assert found["window"] == "Post Composer" and found["editor"] == "text"
    assert "To answer: Why this post? Choose a purpose." in found["checks"]  # its status in words, then its text
    assert "1 check blocks export" in seen["heard"]
