"""Asking where to save a report or a statistics file (a ``QFileDialog`` opened with ``open()``), and saying in a
sentence why a file or the database could not be read or written.

Nothing waits for the answer (a blocking ``exec()`` would stop the tests); tests replace :func:`choose_file`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from composer.core.i18n import _
from composer.core.storage.errors import classify, describe


def choose_file(parent: QWidget, title: str, name_filter: str, suffix: str, suggested: str,
                done: Callable[[str], None]) -> QFileDialog:
    """Ask for a file to write (``suggested`` as its name, ``suffix`` added when none is typed); ``done(path)``."""
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilters([name_filter, _("All files (*)")])
    dialog.setDefaultSuffix(suffix)
    dialog.selectFile(suggested)
    dialog.fileSelected.connect(done)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def failure(error: OSError, path: str) -> str:
    """Why a file could not be written, in a sentence: the folder, and what the system said."""
    reason = error.strerror or str(error)
    return _("{path} could not be written: {reason}. Choose another folder, or free some space.").format(
        path=path, reason=reason)


def unreadable(error: BaseException, database: Path) -> str:
    """Why the figures could not be read (the team library's server away, a locked file, ...), in a sentence."""
    problem = classify(error, database)
    return _("The figures could not be read: {reason}").format(reason=describe(problem) if problem else str(error))
