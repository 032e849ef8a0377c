"""Starting up with a damaged, locked, newer or misplaced database, stale locks and full disks: never a dead end."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from composer.core.storage.store import Store
from composer.ui.app import Session
from tests.faults.damage import checkpoint, flip_a_bit_in_the_drafts_index
from tests.faults.trials import read_until_typed, start_typing_child
from tests.helpers.drafts import stored_text
from tests.helpers.processes import wait_for
from tests.ui_helpers import append, close

PROJECT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"}


def library(data_dir: Path, drafts: int = 30) -> list[int]:
    """A library with ``drafts`` drafts and a known user; the drafts' ids."""
    store = Store.open(data_dir)
    store.set_setting("user_name", "An Peeters")
    ids = [store.create("An Peeters", text=f"Bericht {i}: voorleesuurtje").id for i in range(drafts)]
    store.close()
    return ids


def launch(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``post-composer`` as a user starts it (it quits at once when it cannot start)."""
    return subprocess.run([sys.executable, "-m", "composer", "--data-dir", str(data_dir), *args], env=ENV,
                          cwd=PROJECT, capture_output=True, text=True, timeout=timeout)


def session_of(qapp, data_dir: Path) -> Session:
    return Session(qapp, data_dir, "en")


# --- 5: damage that passes quick_check -------------------------------------------------------------------

def test_a_flipped_bit_in_an_index_is_repaired_and_the_original_kept(qtbot, qapp, data_dir, messages):
    ids = library(data_dir)
    path = data_dir / "composer.db"
    flip_a_bit_in_the_drafts_index(path)
    damaged = path.read_bytes()
    session = session_of(qapp, data_dir)
    try:
        assert session.start()  # crashed in the window's constructor: "database disk image is malformed"
        assert session.window is not None
        assert session.window.drafts.model.rowCount() == len(ids)
        title, text = next((t, x) for t, x in messages if t == "Database repaired")
        assert "nothing was lost" in text
        (original,) = data_dir.glob("composer-damaged-*.db")
        assert original.read_bytes() == damaged and str(original) in text
        assert session.store.db.all("PRAGMA integrity_check") == [("ok",)]
    finally:
        close(session)


def test_damage_found_while_running_is_repaired_and_the_text_kept(qtbot, start, data_dir, messages):
    library(data_dir, drafts=5)
    session = start()
    draft_id = session.window.current.id
    flip_a_bit_in_the_drafts_index(data_dir / "composer.db")
    toucher = Store.open(data_dir)
    toucher.set_setting("touch", 1)  # another connection writes: the window's cached pages are read anew
    toucher.close()
    append(session.window.editor.editors[""], " — nog even typen")  # saving it meets the damaged index
    qtbot.waitUntil(lambda: any(t == "Database repaired" for t, _x in messages), timeout=20_000)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: (stored_text(data_dir, draft_id) or "").endswith("nog even typen"), timeout=10_000)


# --- 5: damage beyond repair: the newest verified backup ------------------------------------------------

def test_damage_beyond_repair_offers_the_newest_verified_backup(qtbot, qapp, data_dir, messages):
    ids = library(data_dir, drafts=3)
    store = Store.open(data_dir)
    store.backup("daily")
    store.create("An Peeters", text="Na de reservekopie")
    store.close()
    path = data_dir / "composer.db"
    checkpoint(path)
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 200)  # a header, then nothing SQLite can read
    session = session_of(qapp, data_dir)
    try:
        assert session.start()
        title, text = messages[0]
        assert title == "Damaged database" and "newest backup" in text and "(3 drafts)" in text
        assert session.window.drafts.model.rowCount() == len(ids)
        assert list(data_dir.glob("composer-corrupt-*.db"))
    finally:
        close(session)


def test_the_user_may_start_empty_instead_of_from_the_backup(qtbot, qapp, data_dir, messages):
    library(data_dir, drafts=3)
    Store.open(data_dir).backup("daily")
    (data_dir / "composer.db").write_bytes(b"not a database at all " * 500)
    messages.answers["Damaged database"] = "empty"
    session = session_of(qapp, data_dir)
    try:
        assert session.start()
        session.name_dialog.accept()  # a new library: who is writing?
        assert session.window.drafts.model.rowCount() == 1  # the new, empty draft
    finally:
        close(session)


def test_random_damage_never_crashes_opening(data_dir):
    """Bit flips and overwritten pages anywhere in the file: Store.open repairs, or says it is damaged."""
    from composer.core.storage.errors import StoreError

    library(data_dir, drafts=60)
    path = data_dir / "composer.db"
    checkpoint(path)
    pristine = path.read_bytes()
    outcomes = {"opened": 0, "repaired": 0, "set aside": 0}
    for trial in range(40):
        damaged = bytearray(pristine)
        at = (trial * 7919) % len(damaged)
        damaged[at:at + 1 + trial * 13] = bytes((at + i) % 251 for i in range(1 + trial * 13))
        for leftover in data_dir.iterdir():
            if leftover.name != "composer.db":
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        path.write_bytes(bytes(damaged))
        try:
            store = Store.open(data_dir)
        except StoreError as error:
            assert type(error).__name__ == "DatabaseDamaged", error
            outcomes["set aside"] += 1
            continue
        try:
            outcomes["repaired" if store.repaired else "opened"] += 1
            store.list_drafts()
        finally:
            store.close()
    assert sum(outcomes.values()) == 40


# --- 6: lock files ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage \xfe", b"4242\npost-composer\nbib-pc-7\n",
                                     json.dumps({"host": "bib-pc-7", "pid": 1, "since": "2026-11-30"}).encode(),
                                     json.dumps({"host": socket.gethostname(), "pid": os.getppid()}).encode()],
                         ids=["empty", "unreadable", "qt lock of another computer", "another computer",
                              "a pid now used by another process"])
def test_a_lock_file_nobody_holds_never_blocks_a_start(qtbot, qapp, data_dir, messages, content):
    library(data_dir, drafts=1)
    (data_dir / "composer.lock").write_bytes(content)
    session = session_of(qapp, data_dir)
    try:
        assert session.start(), messages
        assert session.window is not None
    finally:
        close(session)


def test_a_lock_file_that_cannot_be_used_can_be_taken_over(qtbot, qapp, data_dir, messages):
    library(data_dir, drafts=1)
    (data_dir / "composer.lock").mkdir()
    session = session_of(qapp, data_dir)
    assert not session.start()  # the careful default: quit
    assert "cannot be used" in messages[-1][1] and "take over" in messages[-1][1]
    messages.answers["Post Composer is already open"] = "take_over"
    session = session_of(qapp, data_dir)
    try:
        assert session.start()
        assert (data_dir / "composer.lock").is_file()
        assert list(data_dir.glob("composer.lock.taken-over-*"))
    finally:
        close(session)


@contextmanager
def held_elsewhere(data_dir: Path, host: str):
    """Another Post Composer holding the folder's lock, as on a share opened from computer ``host``."""
    code = ("import fcntl, json, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.write(fd, json.dumps({'host': sys.argv[2], 'user': 'els', 'pid': 99, 'since': '2026-12-01T09:00'})"
            ".encode())\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(data_dir / "composer.lock"), host],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.communicate("", timeout=20)


def test_a_lock_held_on_another_computer_says_where_and_lets_the_user_take_over(qtbot, qapp, data_dir, messages):
    library(data_dir, drafts=1)
    with held_elsewhere(data_dir, "bib-pc-7"):
        session = session_of(qapp, data_dir)
        assert not session.start()
        assert "bib-pc-7" in messages[-1][1] and "els" in messages[-1][1]
        messages.answers["Post Composer is already open"] = "take_over"
        session = session_of(qapp, data_dir)
        try:
            assert session.start()
        finally:
            close(session)


def test_a_lock_left_by_kill_9_does_not_block_the_next_start(data_dir, tmp_path):
    child = start_typing_child(data_dir, "--chars", "5")
    read_until_typed(child, 5)
    child.kill()
    child.communicate(timeout=20)
    assert (data_dir / "composer.lock").read_bytes()  # the file still names the dead process
    second = subprocess.Popen([sys.executable, "-m", "composer", "--data-dir", str(data_dir)], env=ENV, cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: json.loads((data_dir / "composer.lock").read_bytes() or b"{}").get("pid")
                        == second.pid)
        assert second.poll() is None
    finally:
        second.terminate()
        second.communicate(timeout=30)


# --- 8, 9: a newer database; a folder where the file should be, a file where the folder should be ----------

@pytest.mark.parametrize("how", ["user_version", "unknown migration"])
def test_a_database_from_a_newer_version_is_refused_unchanged(qapp, data_dir, messages, how):
    library(data_dir, drafts=2)
    path = data_dir / "composer.db"
    conn = sqlite3.connect(path)
    if how == "user_version":
        conn.execute("PRAGMA user_version = 99")
    else:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('composer', "
                     "'0042_future', '2027-06-01')")
    conn.commit()
    conn.close()
    checkpoint(path)
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    before = path.read_bytes()
    session = session_of(qapp, data_dir)
    assert not session.start()
    assert "newer Post Composer" in messages[-1][1]
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()
    close(session)


def test_a_folder_where_the_database_should_be_gets_a_clear_message(data_dir):
    (data_dir / "composer.db").mkdir(parents=True)
    result = launch(data_dir)
    assert result.returncode == 1
    assert "there is a folder" in result.stderr and "Traceback" not in result.stderr


def test_a_data_folder_that_is_a_file_gets_a_clear_message(tmp_path):
    not_a_folder = tmp_path / "notities.txt"
    not_a_folder.write_text("mijn notities")
    result = launch(not_a_folder)
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr
    assert not_a_folder.read_text() == "mijn notities"


# --- 10: a locked database ---------------------------------------------------------------------------------

def test_a_locked_database_is_reported_without_waiting_for_the_lock(qapp, data_dir, messages):
    """The holder lets go after 3 s: a start that waited that long would succeed, and the test fails."""
    library(data_dir, drafts=1)
    holder = sqlite3.connect(data_dir / "composer.db", isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    released = threading.Event()
    timer = threading.Timer(3.0, lambda: (holder.rollback(), released.set()))
    timer.start()
    try:
        session = session_of(qapp, data_dir)
        started = session.start()
        gave_up_before_release = not released.is_set()
        close(session)
    finally:
        timer.join()
        holder.close()
    assert gave_up_before_release and not started
    assert "locked by another program" in messages[-1][1]


# --- 11: backups --------------------------------------------------------------------------------------------

def test_interrupted_migrations_keep_a_bounded_number_of_verified_backups(data_dir, monkeypatch):
    from sqlite_utils import Database

    from composer.core.storage import backups
    from composer.core.storage.migrations import migrations

    data_dir.mkdir(parents=True)
    db = Database(data_dir / "composer.db")
    migrations.apply(db, stop_before="0005_export")
    db.execute("INSERT INTO drafts (text, created_at, updated_at) VALUES ('Oud', '2026', '2026')")
    db.close()

    def interrupted(db) -> None:
        raise KeyboardInterrupt("the power went out")

    monkeypatch.setattr(migrations, "apply", interrupted)
    for _attempt in range(15):
        with pytest.raises(KeyboardInterrupt):
            Store.open(data_dir)
    copies = list((data_dir / "backups").glob("*.db"))
    assert 1 <= len(copies) <= backups.KEEP
    assert all(backups.is_healthy(copy) for copy in copies)
    assert not list((data_dir / "backups").glob("*.tmp"))


# --- 7, 16: a full disk -------------------------------------------------------------------------------------

@contextmanager
def small_disk(tmp_path: Path, size: str = "2m"):
    """A real file system of ``size`` (tmpfs), for filling up; skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                            capture_output=True)
    if result.returncode != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk under ``folder`` until only about ``leave`` bytes are free."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle:
        try:
            while shutil.disk_usage(folder).free > leave:
                handle.write(b"\0" * min(65536, max(512, shutil.disk_usage(folder).free - leave)))
                handle.flush()
        except OSError:
            pass
    return filler


def test_no_room_at_all_says_the_disk_is_full(qapp, tmp_path, messages):
    with small_disk(tmp_path) as disk:
        fill(disk)
        session = session_of(qapp, disk / "data")
        assert not session.start()
        assert "is full" in messages[-1][1] and "permission" not in messages[-1][1]
        close(session)


def test_a_nearly_full_disk_opens_the_drafts_and_says_so(qtbot, qapp, tmp_path, messages):
    with small_disk(tmp_path, "4m") as disk:
        data_dir = disk / "data"
        library(data_dir, drafts=5)
        fill(disk, leave=96 * 1024)
        session = session_of(qapp, data_dir)
        try:
            assert session.start()  # crashed in set_setting
            assert session.window.drafts.model.rowCount() == 5
            assert any(title == "The disk is full" for title, _text in messages)
            session.window.editor.editors[""].insertPlainText("Een lange tekst. " * 20_000)  # 340 kB
            session.window.submit()
            qtbot.waitUntil(lambda: "disk is full" in session.window.save_error.text(), timeout=10_000)
        finally:
            close(session)  # quitting on a full disk: no traceback in closeEvent
        conn = sqlite3.connect(data_dir / "composer.db")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()


@pytest.mark.parametrize("command", [["check", "-"], ["export", "1", "--to", "uit"]])
def test_the_command_line_says_the_same_of_a_data_folder_that_is_a_file(tmp_path, command):
    not_a_folder = tmp_path / "notities.txt"
    not_a_folder.write_text("mijn notities")
    result = subprocess.run([sys.executable, "-m", "composer", "--data-dir", str(not_a_folder), *command],
                            input="Hallo", env=ENV, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr


def test_quitting_when_the_disk_has_filled_up_is_quiet(qtbot, qapp, tmp_path, messages):
    """Nothing typed, the disk fills while the window is open: closing must not raise in remember_layout."""
    with small_disk(tmp_path, "4m") as disk:
        data_dir = disk / "data"
        library(data_dir, drafts=2)
        session = session_of(qapp, data_dir)
        assert session.start()
        fill(disk)
        session.window.splitter.setSizes([250, 700, 330])  # something for remember_layout to write
        close(session)  # raised OperationalError("database or disk is full") in closeEvent
        assert session.window is None


def test_text_typed_on_a_full_disk_is_kept_in_the_window_until_there_is_room(qtbot, qapp, tmp_path, messages):
    """Not even the recovery file fits: the text stays in the window (also across drafts), which will not close."""
    with small_disk(tmp_path, "4m") as disk:
        data_dir = disk / "data"
        first, second = library(data_dir, drafts=2)
        session = session_of(qapp, data_dir)
        assert session.start()
        window = session.window
        window.open_draft(first)
        filler = fill(disk)
        window.editor.editors[""].insertPlainText("Getypt op een volle schijf. " * 5000)
        typed = window.editor.editors[""].toPlainText()
        window.open_draft(second)
        qtbot.waitUntil(lambda: "only in this window" in window.save_error.text(), timeout=10_000)
        window.open_draft(first)
        assert window.editor.editors[""].toPlainText() == typed
        window.close()
        assert window.isVisible()  # it stays open: closing would lose the text
        filler.unlink()
        qtbot.waitUntil(lambda: window.saver.unsaved() == [], timeout=10_000)
        close(session)
        assert Store.open(data_dir).get(first).text == typed
