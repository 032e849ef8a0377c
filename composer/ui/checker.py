"""Checks for very long texts, worked out away from the UI thread: typing never waits for them.

One job runs at a time; while it runs, only the newest request waits (older
ones are dropped unseen), so a long paste followed by more typing costs one
or two runs, not one per keystroke. Results arrive through a queued signal.

By default the work runs in a worker process: Python threads share one
interpreter lock, and a single regular-expression call over a megabyte can
hold it for 60-150 ms (measured here), freezing the window just the same; a
busy process can also be stopped when the window closes, a thread cannot.
If no process can be started (a frozen app, a locked-down system), a thread
does the work instead (``bench/paste.py`` measures both).
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import multiprocessing
import sys
import traceback
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from composer.core import i18n
from composer.core.checklist import CheckContext
from composer.core.drafts import Draft
from composer.ui.analysis import Analysis, analyse, analyse_in_worker

PROCESS = "process"
THREAD = "thread"


@dataclass(frozen=True)
class _Job:
    generation: int
    draft: Draft
    context: CheckContext


class BackgroundChecker(QObject):
    """Runs :func:`composer.ui.analysis.analyse` off the UI thread, newest request first.

    Signals:
        finished(int, object): the generation a job was submitted with, and its
            :class:`~composer.ui.analysis.Analysis`.
    """

    finished = Signal(int, object)
    _relay = Signal(object, object)  # (job, future), from the executor's thread to this one

    def __init__(self, parent: QObject | None = None, mode: str = PROCESS):
        super().__init__(parent)
        # A frozen app (PyInstaller) would start itself again as the "worker" unless its entry
        # point calls multiprocessing.freeze_support(): there, a thread does the work.
        self.mode = THREAD if getattr(sys, "frozen", False) else mode
        self._executor: Executor | None = None
        self._running: _Job | None = None
        self._waiting: _Job | None = None
        self._closed = False
        self.jobs_run = 0  # for tests and benchmarks: how many jobs actually ran
        self._relay.connect(self._on_done)

    @property
    def idle(self) -> bool:
        return self._running is None and self._waiting is None

    def submit(self, generation: int, draft: Draft, context: CheckContext) -> None:
        """Check ``draft``; a request still waiting is replaced by this one."""
        if self._closed:
            return
        job = _Job(generation, draft, context)
        if self._running is None:
            self._start(job)
        else:
            self._waiting = job

    def close(self) -> None:
        """Stop taking work; a worker process still busy is stopped (a thread finishes on its own)."""
        self._closed = True
        self._waiting = None
        if self._executor is not None:
            # No public way to stop a busy worker before Python 3.14 (terminate_workers); without
            # this, quitting would wait for a check of a pathological text to end (seconds).
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            self._executor = None

    # --- running ---------------------------------------------------------------------

    def _start(self, job: _Job) -> None:
        self._running = job
        try:
            future = self._submit(job)
        except Exception:  # noqa: BLE001 - no process could be started: use a thread from now on
            self._fall_back_to_thread()
            future = self._submit(job)
        relay = self._relay

        def done(finished: Future) -> None:  # on the executor's own thread
            try:
                relay.emit(job, finished)
            except RuntimeError:  # the checker is gone (the window closed): nobody to tell
                pass

        future.add_done_callback(done)

    def _submit(self, job: _Job) -> Future:
        if self._executor is None:
            self._executor = self._new_executor()
        if self.mode == PROCESS:
            return self._executor.submit(analyse_in_worker, job.draft, job.context, i18n.current_language())
        return self._executor.submit(analyse, job.draft, job.context)

    def _new_executor(self) -> Executor:
        if self.mode == PROCESS:
            # "spawn": a fresh interpreter that never loads Qt (forking a Qt process is unsafe).
            return concurrent.futures.ProcessPoolExecutor(max_workers=1,
                                                          mp_context=multiprocessing.get_context("spawn"))
        return concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="checks")

    def _fall_back_to_thread(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = None
        self.mode = THREAD

    def _on_done(self, job: _Job, future: Future) -> None:
        if self._running is not job:
            return  # a job from before a fall-back: its successor is already running
        self._running = None
        if self._closed:
            return
        self.jobs_run += 1
        try:
            result: Analysis | None = future.result()
        except concurrent.futures.process.BrokenProcessPool:
            self._fall_back_to_thread()
            self._start(self._waiting or job)  # the worker died: run it again here
            self._waiting = None
            return
        except Exception as error:  # noqa: BLE001 - a rule failed on this text: say so, show nothing new
            traceback.print_exception(error, file=sys.stderr)
            result = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start(waiting)
        if result is not None:
            self.finished.emit(job.generation, result)
