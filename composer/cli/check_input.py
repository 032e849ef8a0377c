"""Reading the text ``post-composer check`` checks: a file or standard input, bounded, UTF-8, line ends as sent.

More than :data:`MAX_TEXT_BYTES` is no post (``/dev/zero`` is refused after
reading that much, not read for ever); text that is not UTF-8 is refused too.
Every refusal is a :class:`UsageError` (exit status 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from composer.core.i18n import _

STDIN = "-"
#: More input than this is no post (the window handles pastes of 1 MB): refused, and never read further.
MAX_TEXT_BYTES = 10_000_000


class UsageError(Exception):
    """Something about the command line or its input that the user must fix; exit status 2."""


def read_text(source: str) -> str:
    """The text in file ``source`` (``-``: standard input), as the post will be sent."""
    if source == STDIN:
        name = _("standard input")
        data = _read_stdin()
    else:
        name = source
        data = _read_file(Path(source))
    return normalise(_decode(data, name))


def _read_stdin() -> bytes | str:
    stream = sys.stdin
    if stream is None:
        raise UsageError(_("There is no standard input to read the text from; name a file instead."))
    try:
        if stream.isatty():
            keys = "Ctrl+Z, Enter" if os.name == "nt" else "Ctrl+D"
            print(_("Type or paste the text, then press {keys}.").format(keys=keys), file=sys.stderr)
    except (AttributeError, ValueError):
        pass
    buffer = getattr(stream, "buffer", None)
    try:
        return _bounded(buffer if buffer is not None else stream, _("standard input"))
    except OSError as error:
        raise UsageError(_("Standard input could not be read: {detail}").format(
            detail=error.strerror or error)) from error


def _bounded(stream, name: str) -> bytes | str:
    """All of ``stream`` if it is no more than :data:`MAX_TEXT_BYTES`; a :class:`UsageError` if it is more."""
    from composer.core.storage.files import FileProblem, read_bounded

    try:
        return read_bounded(stream, MAX_TEXT_BYTES)
    except FileProblem as problem:
        if problem.kind == "too_big":
            raise UsageError(_("{file} is too long to be a post: at most {limit} MB of text is checked.").format(
                file=name, limit=MAX_TEXT_BYTES // 1_000_000)) from problem
        raise UsageError(_("{file} could not be read: {detail}").format(file=name, detail=problem)) from problem


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return _bounded(handle, str(path))
    except FileNotFoundError as error:
        raise UsageError(_("{file}: there is no such file.").format(file=path)) from error
    except IsADirectoryError as error:
        raise UsageError(_("{file} is a folder, not a text file.").format(file=path)) from error
    except PermissionError as error:
        if path.is_dir():
            raise UsageError(_("{file} is a folder, not a text file.").format(file=path)) from error
        raise UsageError(_("{file}: you do not have permission to read this file.").format(file=path)) from error
    except OSError as error:
        raise UsageError(_("{file} could not be read: {detail}").format(
            file=path, detail=error.strerror or error)) from error


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):  # a text stream (a test's, or an odd shell's)
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(_("{file} is not UTF-8 text (an invalid byte at position {position}). "
                           "Save it as UTF-8 and try again.").format(file=name, position=error.start)) from error


def normalise(text: str) -> str:
    """Line ends as a network gets them (``\\n``), without the line end a text file closes with."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:-1] if text.endswith("\n") else text


