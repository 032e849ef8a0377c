"""The one way the UI works in the background (composer/ui/background.py): results, errors, progress,
and a receiver that is gone before the work ends."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from composer.core.checklist import CheckContext
from composer.core.drafts.draft import Draft
from composer.ui import background
from composer.ui.background import Lane, ProcessLane, WorkerLostError
from composer.ui.editor.checker import PROCESS, THREAD, BackgroundChecker
from tests.helpers.processes import busy
from tests.ui_helpers import settle

PROJECT = Path(__file__).resolve().parents[2]


class Receiver(QWidget):
    """Notes every report it gets, and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.got: list[tuple[str, object]] = []
        self.off_ui_thread = False

    def _note(self, kind: str, value: object) -> None:
        self.off_ui_thread |= QThread.currentThread() is not QApplication.instance().thread()
        self.got.append((kind, value))

    def done(self, result: object) -> None:
        self._note("done", result)

    def failed(self, error: Exception) -> None:
        self._note("failed", error)

    def progress(self, *values: object) -> None:
        self._note("progress", values)


@pytest.fixture
def receiver(qtbot):
    widget = Receiver()
    qtbot.addWidget(widget)
    return widget


def delete(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(widget)


def test_the_result_reaches_its_receiver_on_the_ui_thread(qtbot, receiver):
    worker_thread = []
    task = background.run(lambda a, b: worker_thread.append(threading.current_thread()) or a + b, 2, 3,
                          done=receiver.done, failed=receiver.failed)
    qtbot.waitUntil(lambda: task.finished)
    assert receiver.got == [("done", 5)]
    assert worker_thread != [threading.main_thread()] and not receiver.off_ui_thread


def test_an_error_reaches_failed_and_not_done(qtbot, receiver):
    def broken() -> None:
        raise ValueError("no such photo")

    task = background.run(broken, done=receiver.done, failed=receiver.failed)
    qtbot.waitUntil(lambda: task.finished)
    ((kind, error),) = receiver.got
    assert kind == "failed" and isinstance(error, ValueError) and str(error) == "no such photo"


def test_an_error_nobody_handles_is_printed_not_swallowed(qtbot, receiver, capfd):
    def broken() -> None:
        raise ValueError("nobody listens")

    task = background.run(broken, done=receiver.done)
    qtbot.waitUntil(lambda: task.finished)
    assert receiver.got == []
    assert "ValueError: nobody listens" in capfd.readouterr().err


def test_progress_arrives_in_order_before_the_result(qtbot, receiver):
    def counting(total: int, progress) -> str:
        for n in range(1, total + 1):
            progress(n, total)
        return "klaar"

    task = background.run(counting, 3, done=receiver.done, progress=receiver.progress)
    qtbot.waitUntil(lambda: task.finished)
    assert receiver.got == [("progress", (1, 3)), ("progress", (2, 3)), ("progress", (3, 3)), ("done", "klaar")]


def test_a_result_arriving_after_its_receiver_was_closed_and_deleted_is_dropped(qtbot):
    widget, got, go_on = Receiver(), [], threading.Event()

    def slow(progress) -> str:
        go_on.wait(10)
        progress("late")
        return "too late"

    task = background.run(slow, done=widget.done, failed=widget.failed, progress=widget.progress)
    other = background.run(go_on.wait, 10, receiver=widget, done=got.append)  # not a method: receiver named
    delete(widget)
    go_on.set()
    settle()  # an exception here (a call into the deleted widget) would fail the test
    assert task.finished and other.finished
    assert widget.got == [] and got == []


def test_a_cancelled_task_reports_nothing(qtbot, receiver):
    go_on = threading.Event()
    task = background.run(lambda: go_on.wait(10), done=receiver.done)
    task.cancel()
    go_on.set()
    settle()
    assert task.finished and receiver.got == []


def test_callbacks_without_a_receiver_are_refused():
    with pytest.raises(TypeError):
        background.run(print, done=lambda result: None)


def test_a_lane_runs_no_more_at_once_than_it_has_workers(qtbot, receiver):
    lane, running, most, lock = Lane("test", workers=2), [0], [0], threading.Lock()
    pair = threading.Barrier(2, timeout=30)  # passed only by two jobs running at the same time

    def job() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        pair.wait()
        with lock:
            running[0] -= 1

    tasks = [background.run(job, done=receiver.done, lane=lane) for _ in range(6)]
    qtbot.waitUntil(lambda: all(task.finished for task in tasks))
    assert most == [2] and len(receiver.got) == 6


def test_a_worker_process_does_the_work_and_its_errors_come_back(qtbot, receiver):
    lane = ProcessLane("test")
    try:
        task = background.run(os.getpid, done=receiver.done, lane=lane)
        qtbot.waitUntil(lambda: task.finished, timeout=30_000)
        ((kind, pid),) = receiver.got
        assert kind == "done" and pid != os.getpid()
        task = background.run(int, "geen getal", failed=receiver.failed, lane=lane)
        qtbot.waitUntil(lambda: task.finished, timeout=30_000)
        kind, error = receiver.got[-1]
        assert kind == "failed" and isinstance(error, ValueError)
        assert "Traceback" in str(error.__cause__)  # where in the worker it went wrong
    finally:
        lane.stop()


def test_stopping_a_worker_process_ends_a_busy_job_at_once(qtbot, receiver, tmp_path):
    lane = ProcessLane("test")
    started = tmp_path / "started"
    task = background.run(busy, started, 60, done=receiver.done, failed=receiver.failed, lane=lane)
    qtbot.waitUntil(started.exists, timeout=30_000)  # the worker is in the middle of the job
    began = time.monotonic()
    lane.stop()
    qtbot.waitUntil(lambda: task.finished, timeout=30_000)
    assert time.monotonic() - began < 20
    ((kind, error),) = receiver.got
    assert kind == "failed" and isinstance(error, WorkerLostError)


def test_a_worker_process_reports_no_progress():
    with pytest.raises(TypeError):
        background.run(print, progress=print, receiver=QObject(), lane=ProcessLane("test"))


def test_importing_the_mechanism_loads_no_qt():
    """The worker process imports it for its loop, and must stay without Qt."""
    probe = ("import sys, composer.ui.background; "
             "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'")
    subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, check=True, timeout=60)


# --- the checker on top of it ----------------------------------------------------------------------


def long_draft(n: int = 0) -> Draft:
    return Draft(text="Een lange tekst. " * 3000 + "x" * n, networks=("x",))


@pytest.mark.parametrize("mode", [PROCESS, THREAD])
def test_a_closed_checker_reports_nothing(qtbot, qapp, mode):
    checker = BackgroundChecker(mode=mode)
    results: list[int] = []
    checker.finished.connect(lambda generation, result: results.append(generation))
    checker.submit(1, long_draft(), CheckContext())
    checker.submit(2, long_draft(1), CheckContext())  # waits for the first
    checker.close()
    assert checker.idle
    settle()
    checker.submit(3, long_draft(), CheckContext())  # closed: taken no more
    settle()
    assert results == [] and checker.idle
    checker.deleteLater()


def test_a_checker_deleted_while_it_works_drops_the_result(qtbot, qapp):
    checker = BackgroundChecker(mode=THREAD)
    results: list[int] = []
    checker.finished.connect(lambda generation, result: results.append(generation))
    checker.submit(1, long_draft(), CheckContext())
    checker.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settle()
    assert results == []
