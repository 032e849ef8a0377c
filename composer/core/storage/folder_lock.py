"""One Post Composer per data folder: an operating-system lock on ``composer.lock``.

The lock is the kernel's (``flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows), not the file's existence or the PID written in it, so it dies with
the process that held it — after a crash, a ``kill -9`` or a power cut the
next start simply takes it. An empty lock file, one left by another computer
on a synced folder, or one whose PID now belongs to some other program no
longer blocks anything. The file still says who holds the lock (computer,
user, process, since when), so that when the lock *is* held the user is told
where, and when the lock file cannot be used at all (a folder in its place, no
permission) the user can take over: the old file is set aside, never deleted.

A few lines of ``fcntl``/``msvcrt`` rather than a library: ``filelock``
does the locking but knows nothing of who holds a lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from composer.core.storage.errors import DiskFull, NotAFolder, classify
from composer.core.storage.paths import lock_path

_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so others can still read who holds it


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as its file says.

    ``unusable`` names a lock file that cannot be opened or locked at all
    (the reason, e.g. "a folder"); then nobody may be holding it.
    """

    host: str = ""
    user: str = ""
    pid: int | None = None
    since: str = ""
    unusable: str = ""

    @property
    def this_computer(self) -> bool:
        return not self.host or self.host == computer_name()


class FolderLock:
    """The data folder's lock, held while the app runs (see the module)."""

    def __init__(self, data_dir: Path):
        self.path = lock_path(data_dir)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> Holder | None:
        """Take the lock: ``None`` when it is ours now, else who holds it.

        Raises :class:`~composer.core.storage.errors.StoreError` for a full disk or
        a data folder that cannot be written.
        """
        if self._fd is not None:
            return None
        folder = self.path.parent
        if folder.exists() and not folder.is_dir():
            raise NotAFolder(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise classify(error, folder) or NotAFolder(folder, str(error)) from error
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except IsADirectoryError:
            return Holder(unusable="folder")
        except OSError as error:
            problem = classify(error, self.path)
            if problem is not None and (isinstance(problem, DiskFull) or not os.access(folder, os.W_OK)):
                raise problem from error
            return Holder(unusable=error.strerror or str(error))
        if not _lock(fd):
            holder = _read(fd)
            os.close(fd)
            return holder
        self._fd = fd
        _write(fd)
        return None

    def take_over(self) -> Holder | None:
        """Set the lock file aside (renamed, not deleted) and take a new one; ``None`` when it worked."""
        self.release()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            self.path.rename(self.path.with_name(f"{self.path.name}.taken-over-{stamp}"))
        except FileNotFoundError:
            pass
        except OSError as error:
            return Holder(unusable=error.strerror or str(error))
        return self.acquire()

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # nobody holds it now: say so
        _unlock(fd)
        os.close(fd)


def _lock(fd: int) -> bool:
    """Try the kernel lock without waiting; ``True`` when it is ours (or the file system has no locks)."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError:  # a file system without locks (some network shares): nothing to wait for
        return True
    return True


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _write(fd: int) -> None:
    """Say who holds the lock; a full disk only leaves that unsaid."""
    info = {"app": "post-composer", "host": computer_name(), "user": _user(), "pid": os.getpid(),
            "since": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode("utf-8"))  # not fsynced: it only informs, the kernel lock decides
    except OSError:
        pass


def _read(fd: int) -> Holder:
    """What the lock file says about its holder (empty fields when it says nothing readable)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode("utf-8"))
    except (OSError, ValueError):
        return Holder()
    if not isinstance(data, dict):
        return Holder()
    pid = data.get("pid")
    return Holder(host=str(data.get("host", "")), user=str(data.get("user", "")),
                  pid=pid if isinstance(pid, int) else None, since=str(data.get("since", "")))


def computer_name() -> str:
    """This computer's network name (``os.uname`` where there is one: ``socket`` costs start-up time)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _user() -> str:
    """Who runs the app, as the system's environment says (what ``getpass.getuser`` reads first)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return ""
