"""Reading a file safely (a regular file only, never more than a limit, never blocking), and writing one
whole or not at all.

House-style files, the app's stored copies of photos and anything else read
on the user's behalf come through here. A folder, a device (``/dev/zero``)
or a pipe is refused without being read: the path is looked at first
(``lstat`` when links are not followed), then opened with ``O_NONBLOCK`` (a
FIFO never waits for a writer) and, for the app's own copies, ``O_NOFOLLOW``
(the data folder holds no links), and the open file is checked again with
``fstat``, so nothing can be swapped in between.

Everything the app writes for keeps (stored photos, evidence scans, the
recovery journal, the printed consent form, an exported house style) goes
through :class:`AtomicFile` or :func:`write_atomic`: written to a temporary
file in the same folder, flushed and synced to disk, then renamed over its
name (``os.replace``) and the rename itself synced, so the file is always the
old one or the new one in full, never half of either. Qt-free and
Pillow-free; thread-safe.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO

from composer.core.i18n import _

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class FileProblem(Exception):
    """A file that cannot be read; ``str()`` is the translated reason, to follow "… cannot be read: ".

    ``kind``, for code: ``missing``, ``folder``, ``link``, ``not_file`` (a
    device or a pipe), ``too_big``, ``denied`` or ``unreadable``; ``detail``
    keeps the system's own words for a log.
    """

    def __init__(self, kind: str, reason: str, detail: str = ""):
        super().__init__(reason)
        self.kind = kind
        self.detail = detail


def megabytes(limit: int) -> str:
    """``limit`` bytes as whole megabytes for a message ("1", "200")."""
    return str(max(1, limit // 1_000_000))


def _too_big(limit: int) -> FileProblem:
    return FileProblem("too_big", _("it is larger than {limit} MB").format(limit=megabytes(limit)))


def _not_regular(mode: int) -> FileProblem:
    if stat.S_ISDIR(mode):
        return FileProblem("folder", _("it is a folder, not a file"))
    if stat.S_ISLNK(mode):
        return FileProblem("link", _("it is a link, not a file"))
    return FileProblem("not_file", _("it is not an ordinary file (but a device or a pipe)"))


def _from_os(error: OSError) -> FileProblem:
    """The reason for an ``OSError`` raised while looking at, opening or reading a file."""
    detail = f"{type(error).__name__}: {error}"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return FileProblem("missing", _("there is no such file"), detail)
    if error.errno == errno.EISDIR:
        return FileProblem("folder", _("it is a folder, not a file"), detail)
    if error.errno == errno.ELOOP:
        return FileProblem("link", _("it is a link, not a file"), detail)
    if error.errno in (errno.EACCES, errno.EPERM):
        return FileProblem("denied", _("you do not have permission to read it"), detail)
    return FileProblem("unreadable", _("the system could not read it ({detail})").format(
        detail=error.strerror or type(error).__name__), detail)


def open_regular(path: str | os.PathLike[str], limit: int, follow_links: bool = True) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file of at most ``limit`` bytes.

    ``follow_links=False`` refuses a symbolic link itself (for the app's own
    copies). Raises :class:`FileProblem`; never blocks on a pipe or a device.
    """
    path = Path(path)
    try:
        seen = os.stat(path, follow_symlinks=follow_links)
        if not stat.S_ISREG(seen.st_mode):
            raise _not_regular(seen.st_mode)
        flags = os.O_RDONLY | _NONBLOCK | _BINARY | _CLOEXEC | (0 if follow_links else _NOFOLLOW)
        handle = os.open(path, flags)
    except OSError as error:
        raise _from_os(error) from error
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino):
            raise _not_regular(opened.st_mode)
        if opened.st_size > limit:
            raise _too_big(limit)
        return os.fdopen(handle, "rb")
    except BaseException as error:
        os.close(handle)
        if isinstance(error, OSError):
            raise _from_os(error) from error
        raise


def read_regular(path: str | os.PathLike[str], limit: int, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at ``path`` (see :func:`open_regular`); a file that grew past ``limit`` too."""
    with open_regular(path, limit, follow_links) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise _from_os(error) from error
    if len(data) > limit:
        raise _too_big(limit)
    return data


def read_bounded(stream: IO[bytes] | IO[str], limit: int) -> bytes | str:
    """All of an open stream (standard input, a pipe) if it holds at most ``limit`` bytes (or characters).

    Reads ``limit + 1`` at most, so an endless stream (``/dev/zero``) ends at once in :class:`FileProblem`.
    """
    try:
        data: bytes | str = stream.read(limit + 1)
    except OSError as error:
        raise _from_os(error) from error
    if len(data) > limit:
        raise _too_big(limit)
    return data


# --- writing ---------------------------------------------------------------------------------------------


class AtomicFile:
    """A file written under a temporary name in ``folder`` and given its name only when complete.

    ``write`` as often as needed, then :meth:`commit` to the name (which may be
    known only at the end, e.g. a content hash). Used as a context manager, a
    file not committed is removed on leaving, whatever happened. ``private``:
    readable by the user alone (stored photos, evidence); otherwise the
    permissions are those of any new file (the umask decides).
    """

    def __init__(self, folder: str | os.PathLike[str], prefix: str = ".writing-", private: bool = False):
        self.folder = Path(folder)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY | _CLOEXEC | _NOFOLLOW
        while True:
            self.temporary = self.folder / f"{prefix}{os.urandom(6).hex()}.tmp"
            try:
                handle = os.open(self.temporary, flags, 0o600 if private else 0o666)
                break
            except FileExistsError:  # (48 random bits taken: try another name)
                continue
        self._out: BinaryIO | None = os.fdopen(handle, "wb")

    def write(self, data: bytes) -> None:
        if self._out is None:
            raise ValueError("the file is committed or discarded already")
        self._out.write(data)

    def commit(self, target: str | os.PathLike[str]) -> Path:
        """Flush and sync the file, rename it to ``target`` (on the same file system), sync ``target``'s
        folder; ``target``."""
        target = Path(target)
        if self._out is None:
            raise ValueError("the file is committed or discarded already")
        out, self._out = self._out, None
        try:
            out.flush()
            os.fsync(out.fileno())
            out.close()
            os.replace(self.temporary, target)
        except BaseException:
            _close_and_remove(out, self.temporary)
            raise
        sync_folder(target.parent)
        return target

    def discard(self) -> None:
        """Remove the temporary file (nothing happens after :meth:`commit`)."""
        if self._out is None:
            return
        out, self._out = self._out, None
        _close_and_remove(out, self.temporary)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()


def _close_and_remove(out: BinaryIO, path: Path) -> None:
    """Close (its buffer may not fit on a full disk either) and remove a file that is not wanted."""
    with contextlib.suppress(OSError):
        out.close()
    path.unlink(missing_ok=True)


def write_atomic(target: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` whole or not at all (see :class:`AtomicFile`); ``target``.

    Raises ``OSError`` (a full disk, no permission) and then leaves ``target`` as it was.
    """
    target = Path(target)
    with AtomicFile(target.parent) as staged:
        staged.write(data.encode("utf-8") if isinstance(data, str) else data)
        return staged.commit(target)


def sync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows has no folder handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
