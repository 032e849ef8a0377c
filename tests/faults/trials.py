"""Kill -9 trials: a real window types steadily in a child process and is killed at a random moment.

Each trial starts ``tests.faults.typing_child`` on a fresh data folder,
waits a random time once typing has begun, and kills it with SIGKILL —
optionally while another program holds the database's write lock, so that
every save is failing and only the recovery journal holds the text. Then,
as the next start would, it checks the file (``PRAGMA integrity_check``),
takes up the journal, and compares what the database holds with what had
been typed: the stored text must be exactly what was typed up to some
keystroke, and the keystrokes missing must all have been typed in the last
:data:`MAX_LOSS_S` before the kill.

Used by ``tests/test_fault_trials.py`` (a few trials in CI) and
``bench/fault_trials.py`` (hundreds, for the README's figures).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.faults.typing_child import typed_text

PROJECT = Path(__file__).resolve().parents[2]
MAX_LOSS_S = 1.0


@dataclass(frozen=True)
class Outcome:
    """One trial: what was typed, what survived, and how many seconds of typing were lost."""

    locked: bool
    typed: int
    stored: int
    lost_s: float
    sound: bool  # the file passed integrity_check
    prefix: bool  # the stored text is exactly the first ``stored`` characters typed
    crashed: str = ""  # the child died before the kill (its last error line)

    @property
    def ok(self) -> bool:
        return self.sound and self.prefix and not self.crashed and self.lost_s <= MAX_LOSS_S


def start_typing_child(data_dir: Path, *args: str) -> subprocess.Popen:
    """``tests.faults.typing_child`` on ``data_dir`` (the user's name known), its progress on its stdout:
    a line ``typed <n> <monotonic time> <draft id>`` per keystroke."""
    from composer.core.storage.store import Store

    store = Store.open(data_dir)
    store.set_setting("user_name", "An Peeters")
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en", "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen([sys.executable, "-m", "tests.faults.typing_child", str(data_dir), *args],
                            cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_until_typed(child: subprocess.Popen, n: int) -> int:
    """Read the child's progress until it has typed ``n`` characters; the draft's id."""
    for line in child.stdout:
        parts = line.split()
        if parts and parts[0] == "typed" and int(parts[1]) >= n:
            return int(parts[3])
    raise AssertionError(f"the child stopped before typing {n} characters: {child.stderr.read()}")


def run_trial(data_dir: Path, rng: random.Random, locked: bool = False, rate: float = 25.0) -> Outcome:
    """One kill -9 trial (see the module)."""
    child = start_typing_child(data_dir, "--rate", str(rate))
    log: list[tuple[int, float, int]] = []
    started = threading.Event()

    def read() -> None:
        for line in child.stdout:
            parts = line.split()
            if parts and parts[0] == "typed":
                log.append((int(parts[1]), float(parts[2]), int(parts[3])))
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    holder = None
    try:
        if not started.wait(60):
            child.kill()
            _, err = child.communicate(timeout=30)
            return Outcome(locked, 0, 0, 0.0, True, True, crashed=_last_line(err) or "no typing")
        if locked:
            holder = sqlite3.connect(data_dir / "composer.db", isolation_level=None, timeout=10)
            holder.execute("BEGIN IMMEDIATE")
        time.sleep(rng.uniform(0.3, 3.0))
        crashed = "" if child.poll() is None else "died before the kill"
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=30)
        reader.join(timeout=10)
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
        if child.poll() is None:
            child.kill()
    return _judge(data_dir, log, killed_at, locked, crashed or ("" if child.returncode == -signal.SIGKILL
                                                                  else _last_line(err)))


def _judge(data_dir: Path, log: list[tuple[int, float, int]], killed_at: float, locked: bool,
           crashed: str) -> Outcome:
    """What the next start finds: the file checked, the journal taken up, the text compared with the log."""
    typed_at = {n: t for n, t, _id in log if t <= killed_at}
    typed = max(typed_at, default=0)
    draft_id = log[0][2]
    conn = sqlite3.connect(data_dir / "composer.db")
    try:
        sound = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    text = _after_next_start(data_dir, draft_id)
    stored = len(text)
    prefix = text == typed_text(stored)
    first_lost = typed_at.get(stored + 1)
    lost_s = 0.0 if first_lost is None else max(0.0, killed_at - first_lost)
    return Outcome(locked, typed, stored, lost_s, sound, prefix, crashed)


def _after_next_start(data_dir: Path, draft_id: int) -> str:
    """The draft's text once the next start has taken up the recovery journal."""
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store

    store = Store.open(data_dir)
    try:
        saver = Saver(store.path)
        saver.adopt_journal()
        saver.close(timeout=10)
        return store.get(draft_id).text
    finally:
        store.close()


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip() and "propagateSizeHints" not in line]
    return lines[-1] if lines else ""
