"""Starting the app: the command line, one app per data folder, and a bad database file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from composer import __version__
from composer.core.storage.store import Store
from composer.ui.app import Session
from tests.helpers.processes import wait_for
from tests.ui_helpers import close

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"}


def launch(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "composer", "--data-dir", str(data_dir), *args],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)


def test_version():
    out = subprocess.run([sys.executable, "-m", "composer", "--version"], capture_output=True, text=True, env=ENV)
    assert out.returncode == 0
    assert out.stdout.strip() == f"post-composer {__version__}"


def test_version_does_not_load_qt():
    code = ("import sys; from composer.cli import main\n"
            "try: main(['--version'])\n"
            "except SystemExit: pass\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')]")
    assert subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True).returncode == 0


def test_data_dir_holds_everything_and_a_second_process_is_refused(tmp_path):
    data_dir = tmp_path / "mijn map"
    first = launch(data_dir)
    try:
        assert wait_for(lambda: (data_dir / "composer.db").exists() and (data_dir / "composer.lock").exists())
        second = launch(data_dir)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 1
        assert "Post Composer is already open" in err
        assert first.poll() is None
    finally:
        stop(first)


def test_a_second_start_asks_the_first_to_come_to_front(qtbot, qapp, data_dir, messages):
    first = Session(qapp, data_dir, "en")
    Store.open(data_dir).set_setting("user_name", "An")
    assert first.start()
    try:
        qtbot.waitUntil(lambda: first.instance.listening)  # from its first paint on
        second = Session(qapp, data_dir, "en")
        with qtbot.waitSignal(first.instance.raise_requested, timeout=5000):
            assert not second.start()
        assert "already open" in messages[-1][1]
    finally:
        close(first)


def test_a_file_beyond_repair_is_moved_aside_and_the_user_told(qtbot, qapp, data_dir, messages):
    data_dir.mkdir(parents=True)
    garbage = b"this is not a database, but somebody's precious file" * 100
    (data_dir / "composer.db").write_bytes(garbage)
    session = Session(qapp, data_dir, "en")
    try:
        assert session.start()
        title, text = messages[0]
        assert title == "Damaged database"
        (moved,) = data_dir.glob("composer-corrupt-*.db")
        assert str(moved) in text and "no backup" in text
        assert moved.read_bytes() == garbage
        session.name_dialog.accept()
        assert session.window is not None
    finally:
        close(session)


def test_locked_database_gets_its_own_message(qapp, data_dir, messages, monkeypatch):
    Store.open(data_dir).close()
    holder = sqlite3.connect(str(data_dir / "composer.db"))
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        session = Session(qapp, data_dir, "en")
        assert not session.start()
        assert messages[-1][0] == "Post Composer cannot start"
        assert "locked by another program" in messages[-1][1]
        close(session)
    finally:
        holder.rollback()
        holder.close()


@pytest.fixture(params=["file", "file and folder"])
def read_only(request, data_dir):
    """Make the database (and its folder) read-only, even for root (who ignores chmod)."""
    Store.open(data_dir).close()
    paths = [data_dir / "composer.db"] + ([data_dir] if request.param == "file and folder" else [])
    as_root = os.geteuid() == 0
    for path in paths:
        if as_root:
            subprocess.run(["chattr", "+i", str(path)], check=True)
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
    yield data_dir
    for path in reversed(paths):
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_only_database_gets_its_own_message(qapp, read_only, messages):
    session = Session(qapp, read_only, "en")
    assert not session.start()
    assert messages[-1][0] == "Post Composer cannot start"
    assert "cannot write to" in messages[-1][1]
    close(session)


#: Opening the window on a draft with text, before its first paint: which of the later parts got loaded.
WRITING_AIDS_PROBE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from composer.core.storage.store import Store
from composer.ui.app import Session

app = QApplication([])
store = Store.open(Path(sys.argv[1]))
store.set_setting("user_name", "An Peeters")
store.create("An Peeters", text="Nieuw in de bib: https://bib.example.be/agenda #erfgoed", networks=("x",))
store.close()
session = Session(app, Path(sys.argv[1]), "en")
assert session.start()
later = ("composer.core.networks.x_entities", "composer.core.drafts.final_text", "composer.core.writing.versions",
         "composer.core.writing.share_links", "composer.core.writing.emoji_names", "composer.ui.writing.emoji_picker",
         "composer.ui.planning.feedback_list", "composer.ui.planning.takedowns_view", "enchant", "matplotlib")
print(",".join(m for m in later if m in sys.modules))
session.stop()
"""


def test_the_window_opens_before_the_link_patterns_and_the_writing_aids_load(tmp_path):
    """Start-up time matters: the spell check tells the post's language after the first paint (telling it loads the
    link patterns, ≈0.3 s), and the writing aids and the follow-up windows load on first use."""
    result = subprocess.run([sys.executable, "-c", WRITING_AIDS_PROBE, str(tmp_path / "data")], check=False, env=ENV,
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
