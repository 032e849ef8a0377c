"""Waiting on other processes: the app started as a user starts it, a worker process busy with a job."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def wait_for(predicate: Callable[[], bool], seconds: float = 20) -> bool:
    """Whether ``predicate()`` turned true within ``seconds``, asked every 50 ms (another process is at work)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def wait_until(condition: Callable[[], bool], seconds: float = 20) -> None:
    """Return once ``condition()`` is true; ``AssertionError`` after ``seconds`` (another thread or process is at
    work: a notification, a server coming back)."""
    if not wait_for(condition, seconds):
        raise AssertionError(f"not so within {seconds} s")


def busy(started: Path, seconds: float) -> None:
    """A job for a worker process: say it has started (``started`` is created), then sleep ``seconds``."""
    started.touch()
    time.sleep(seconds)
