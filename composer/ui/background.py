"""The one way the UI runs work off its thread and hears back: :func:`run`.

The window must never wait (a thumbnail, an export, the checks of a huge
text take from 0.1 s to minutes), and whatever comes back must reach the UI
thread, where every widget and the store's connection live. The work runs on
a :class:`Lane` (threads) or a :class:`ProcessLane` (one worker process); its
result, its error and its progress travel to the UI thread through one
long-lived relay with a queued connection. There a report is handed to its
callback only if its :class:`Task` was not cancelled and its receiver (a
``QObject``) still exists: a result for a window that closed and was deleted
meanwhile is dropped quietly, never handed to a deleted C++ object.

    task = background.run(render, path, network, done=self._rendered, failed=self._not_rendered)
    task.cancel()  # whatever it still reports is dropped

Qt is imported inside functions only: the worker process imports this module
for its loop (:func:`_serve`) and must stay a fresh interpreter without Qt.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from PySide6.QtCore import QObject

Finish = Callable[[bool, Any], None]  # (succeeded, result or exception), called on the worker's thread

PROGRESS, DONE, FAILED = "progress", "done", "failed"


class WorkerLostError(Exception):
    """The worker process ended (killed, crashed, stopped) before it answered."""


class Lane:
    """Threads to run work on: up to ``workers`` at once, started when work comes, ended when none is left.

    ``daemon``: the app may quit while one still works; otherwise quitting waits
    for it (an export or a photo being decoded is never cut off).
    """

    def __init__(self, name: str, workers: int = 1, daemon: bool = False) -> None:
        self.name, self.workers, self.daemon = name, workers, daemon
        self._calls: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._threads = 0

    def start(self, work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], finish: Finish) -> None:
        """Run ``work(*args, **kwargs)`` on one of the lane's threads, then ``finish`` there."""
        self._queue(lambda: finish(*_call(work, args, kwargs)))

    def _queue(self, call: Callable[[], None]) -> None:
        with self._lock:
            self._calls.append(call)
            if self._threads >= self.workers:
                return
            self._threads += 1
        try:
            threading.Thread(target=self._drain, name=self.name, daemon=self.daemon).start()
        except RuntimeError:  # no thread could be started
            with self._lock:
                self._threads -= 1
                if self._threads:  # a running thread takes it (they end only once nothing is queued)
                    return
                self._calls.remove(call)
            raise

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._calls:
                    self._threads -= 1
                    return
                call = self._calls.popleft()
            call()


class ProcessLane:
    """One worker process, for work that would hold Python's lock too long on a thread.

    "spawn": a fresh interpreter that never loads Qt (forking a Qt process is
    unsafe). One job at a time; a daemon thread here waits for each answer.
    :meth:`stop` ends the process even in the middle of a job (its task fails
    with :class:`WorkerLostError`). Work and arguments must pickle; no progress.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._waiter = Lane(name, daemon=True)
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def start(self, work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], finish: Finish) -> None:
        """Send ``work`` to the process (started now if need be: this raises if none can be)."""
        self._waiter.start(_ask, (self._connection(), work, args, kwargs), {}, finish)

    def _connection(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), name=self.name, daemon=True)
            process.start()
            theirs.close()  # the process's end: once it exits, our end reads EOF
            self._process, self._conn = process, ours
        assert self._conn is not None
        return self._conn

    def stop(self) -> None:
        """End the process now (a busy one too); the next job starts a new one."""
        if self._process is not None:
            self._process.terminate()
            self._process = self._conn = None


class _RemoteError(Exception):
    """Where in the worker process an error was raised (its ``__cause__``)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _call(work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[bool, Any]:
    try:
        return True, work(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - every failure goes back to the task's `failed`
        return False, error


def _ask(conn: Connection, work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """On a waiting thread: one job to the worker process, and its answer."""
    try:
        conn.send((work, args, kwargs))
        ok, value, trace = conn.recv()
    except (EOFError, OSError) as error:
        raise WorkerLostError("the worker process ended before it answered") from error
    if ok:
        return value
    value.__cause__ = _RemoteError(trace)
    raise value


def _serve(conn: Connection) -> None:
    """The worker process: run each job it is sent and answer ``(ok, value, traceback)``, until the pipe closes."""
    while True:
        try:
            work, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = (True, work(*args, **kwargs), "")
        except Exception as error:  # noqa: BLE001 - sent back, raised again in the app
            import traceback

            answer = (False, error, traceback.format_exc())
        try:
            conn.send(answer)
        except Exception as error:  # noqa: BLE001 - an answer that does not pickle
            conn.send((False, RuntimeError(f"the answer could not be sent back: {error!r}"), ""))


class Task:
    """One job handed to :func:`run`, as the UI thread sees it.

    ``finished`` turns true on the UI thread once the work has ended and its
    last report was handled (delivered or dropped).
    """

    def __init__(self, receiver: QObject | None, callbacks: dict[str, Callable[..., Any] | None]) -> None:
        self._receiver = None if receiver is None else weakref.ref(receiver)
        self._callbacks = callbacks
        self.cancelled = False
        self.finished = False

    def cancel(self) -> None:
        """Drop every report still to come (the work itself runs on: a thread cannot be stopped)."""
        self.cancelled = True
        self._callbacks = {}

    def _handle(self, kind: str, value: Any) -> None:
        """On the UI thread: hand one report to its callback, if anyone is still there to take it."""
        callback = self._callbacks.get(kind)
        if kind != PROGRESS:
            self.finished = True
            self._callbacks = {}  # lets go of the receiver's bound methods
        if callback is None or self.cancelled or not self._receiver_alive():
            return
        if kind == PROGRESS:
            callback(*value)
        else:
            callback(value)

    def _receiver_alive(self) -> bool:
        if self._receiver is None:
            return True
        from shiboken6 import isValid

        receiver = self._receiver()
        return receiver is not None and isValid(receiver)


POOL = Lane("background", workers=2)  # the default: short jobs (photos, a rendition for the clipboard)

_relay: Any = None
_idle = threading.Condition()
_outstanding = 0  # tasks started and whose work has not ended yet


def run(work: Callable[..., Any], *args: Any, done: Callable[[Any], object] | None = None,
        failed: Callable[[Exception], object] | None = None, progress: Callable[..., object] | None = None,
        receiver: QObject | None = None, lane: Lane | ProcessLane = POOL) -> Task:
    """Run ``work(*args)`` on ``lane``; its reports reach the callbacks on the UI thread. Call on the UI thread.

    ``done(result)`` or ``failed(exception)`` once the work ends (without
    ``failed``, the error is printed to standard error). With ``progress``,
    ``work`` gets one more keyword argument, ``progress``: a function it may
    call from its thread with any values, which reach ``progress(*values)`` in
    order, before ``done``. Every report is dropped once ``receiver`` is deleted
    (default: the ``QObject`` the callbacks are bound methods of) or the task
    is cancelled.
    """
    callbacks = {DONE: done, FAILED: failed, PROGRESS: progress}
    if receiver is None:
        receiver = _owner(callbacks.values())
    if receiver is None and any(callbacks.values()):
        raise TypeError("run() needs a receiver: the QObject whose deletion drops the reports")
    if progress is not None and isinstance(lane, ProcessLane):
        raise TypeError("a worker process reports no progress")
    task, relay = Task(receiver, callbacks), _the_relay()

    def post(kind: str, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app is going away: nobody left to tell
            relay.report.emit((task, kind, value))

    def finish(ok: bool, value: Any) -> None:
        try:
            if not ok and failed is None:
                import traceback

                traceback.print_exception(value)
            post(DONE if ok else FAILED, value)
        finally:
            _count(-1)

    kwargs = {"progress": lambda *values: post(PROGRESS, values)} if progress is not None else {}
    _count(+1)
    try:
        lane.start(work, args, kwargs, finish)
    except BaseException:
        _count(-1)
        raise
    return task


def wait_idle(timeout: float = 10.0) -> bool:
    """Block until the work of every task started so far has ended (tests, benchmarks); ``False`` on timeout.

    Their reports still travel to the UI thread as queued events: process events afterwards to receive them.
    """
    with _idle:
        return _idle.wait_for(lambda: _outstanding == 0, timeout)


def _count(step: int) -> None:
    global _outstanding
    with _idle:
        _outstanding += step
        _idle.notify_all()


def _owner(callbacks: Any) -> QObject | None:
    """The ``QObject`` the first bound-method callback belongs to, if any."""
    from PySide6.QtCore import QObject

    for callback in callbacks:
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject):
            return owner
    return None


def _the_relay() -> Any:
    """The one relay, made on first use and living on the UI thread, which every report crosses."""
    global _relay
    if _relay is None:
        from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

        class Relay(QObject):
            report = Signal(object)  # (task, kind, value)

            @Slot(object)
            def hand_over(self, parcel: tuple[Task, str, Any]) -> None:
                task, kind, value = parcel
                task._handle(kind, value)

        relay = Relay()
        app = QCoreApplication.instance()
        if app is not None and relay.thread() is not app.thread():
            relay.moveToThread(app.thread())
        relay.report.connect(relay.hand_over, Qt.ConnectionType.QueuedConnection)
        _relay = relay
    return _relay
