"""Checks for very long texts, worked out away from the UI thread: typing never waits for them.

One job runs at a time; while it runs, only the newest request waits (older
ones are dropped unseen), so a long paste followed by more typing costs one
or two runs, not one per keystroke. Jobs go through :mod:`composer.ui.background`.

By default the work runs in a worker process: Python threads share one
interpreter lock, and a single regular-expression call over a megabyte can
hold it for 60-150 ms (measured here), freezing the window just the same; a
busy process can also be stopped when the window closes, a thread cannot.
If no process can be started (a frozen app, a locked-down system) or the
worker dies, a thread does the work instead (``bench/paste.py`` measures both).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from composer.core import i18n
from composer.core.checklist import CheckContext
from composer.core.drafts.draft import Draft
from composer.ui import background
from composer.ui.background import Lane, ProcessLane, Task, WorkerLostError
from composer.ui.editor.analysis import Analysis, analyse, analyse_in_worker

PROCESS = "process"
THREAD = "thread"


@dataclass(frozen=True)
class _Job:
    generation: int
    draft: Draft
    context: CheckContext


class BackgroundChecker(QObject):
    """Runs :func:`composer.ui.editor.analysis.analyse` off the UI thread, newest request first.

    Signals:
        finished(int, object): the generation a job was submitted with, and its
            :class:`~composer.ui.editor.analysis.Analysis`.
    """

    finished = Signal(int, object)

    def __init__(self, parent: QObject | None = None, mode: str = PROCESS):
        super().__init__(parent)
        # A frozen app (PyInstaller) would start itself again as the "worker" unless its entry
        # point calls multiprocessing.freeze_support(): there, a thread does the work.
        self.mode = THREAD if getattr(sys, "frozen", False) else mode
        self._lane: Lane | ProcessLane | None = None
        self._running: _Job | None = None
        self._task: Task | None = None
        self._waiting: _Job | None = None
        self._closed = False
        self.jobs_run = 0  # for tests and benchmarks: how many jobs actually ran

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
        """Stop taking work; a worker process still busy is stopped (a thread finishes on its own, unheard)."""
        self._closed = True
        self._waiting = self._running = None
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._drop_lane()

    # --- running ---------------------------------------------------------------------

    def _start(self, job: _Job) -> None:
        self._running = job
        try:
            self._task = self._run(job)
        except Exception:  # noqa: BLE001 - no process could be started: use a thread from now on
            self._fall_back_to_thread()
            self._task = self._run(job)

    def _run(self, job: _Job) -> Task:
        if self._lane is None:
            self._lane = ProcessLane("checks") if self.mode == PROCESS else Lane("checks")
        work: Callable[..., Analysis] = analyse
        args: tuple[Any, ...] = (job.draft, job.context)
        if self.mode == PROCESS:
            work, args = analyse_in_worker, (*args, i18n.current_language())
        return background.run(work, *args, receiver=self, lane=self._lane,
                              done=lambda result: self._on_done(job, result),
                              failed=lambda error: self._on_failed(job, error))

    def _drop_lane(self) -> None:
        if isinstance(self._lane, ProcessLane):
            self._lane.stop()
        self._lane = None

    def _fall_back_to_thread(self) -> None:
        self._drop_lane()
        self.mode = THREAD

    def _ended(self, job: _Job) -> bool:
        """Whether ``job`` is the one running (then it is done now); a job from before a fall-back is not."""
        if self._running is not job:
            return False
        self._running = self._task = None
        self.jobs_run += 1
        return True

    def _next(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start(waiting)

    def _on_done(self, job: _Job, result: Analysis | None) -> None:
        if not self._ended(job):
            return
        self._next()
        if result is not None:
            self.finished.emit(job.generation, result)

    def _on_failed(self, job: _Job, error: Exception) -> None:
        if not self._ended(job):
            return
        if isinstance(error, WorkerLostError):  # the worker died: run it again here
            self._fall_back_to_thread()
            waiting, self._waiting = self._waiting, None
            self._start(waiting or job)
            return
        # A rule failed on this text: say so, show nothing new.
        traceback.print_exception(error, file=sys.stderr)
        self._next()
