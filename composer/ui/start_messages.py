"""What the app says before (or instead of) its window: a message, a question, who holds the folder's lock.

On a screen-less platform (offscreen) nothing is shown: the text goes to
standard error and a question takes its default. Start-up code calls these
through the module (``start_messages.show_message``), so a test can stand in
for the user.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from composer.core.i18n import _
from composer.core.storage.folder_lock import Holder


def show_message(title: str, text: str, critical: bool = True) -> None:
    """Tell the user something before (or instead of) the window.

    Also written to standard error, so scripts and logs see it; on a screen-less
    platform (offscreen) only there, as nobody could close the box.
    """
    print(f"{title}: {text}", file=sys.stderr)
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths, names and a server's words as written, never read as HTML
    box.exec()


def ask_choice(title: str, text: str, choices: list[tuple[str, str]], default: str) -> str:
    """Ask the user to pick one of ``choices`` (key, button text) before the window opens; the key.

    On a screen-less platform the ``default`` is taken (and said on standard error).
    """
    print(f"{title}: {text}", file=sys.stderr)
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return default
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole if key == default
                             else QMessageBox.ButtonRole.RejectRole): key for key, label in choices}
    box.setDefaultButton(next(b for b, key in buttons.items() if key == default))
    box.exec()
    return buttons.get(box.clickedButton(), default)


def ask_password(title: str, text: str) -> str | None:
    """Ask for a password before the window opens (typed unseen); ``None`` when the user quits.

    On a screen-less platform nobody can answer: ``None`` (said on standard error).
    """
    print(f"{title}: {text}", file=sys.stderr)
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None
    from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit

    dialog = QInputDialog()
    dialog.setWindowTitle(title)
    dialog.setLabelText(text)
    dialog.setMaximumWidth(560)
    for label in dialog.findChildren(QLabel):  # the reason runs over several lines, in the server's words
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText(_("Log in"))
    dialog.setCancelButtonText(_("Quit"))
    dialog.setObjectName("password-dialog")
    if not dialog.exec() or not dialog.textValue():
        return None
    return dialog.textValue()


def holder_text(holder: Holder, data_dir: Path) -> str:
    """Where the lock of ``data_dir`` comes from, for the question whether to take over."""
    if holder.unusable:
        return _("The lock file in {path} cannot be used ({reason}). If no other Post Composer is using this "
                 "folder, take over: the lock file is set aside, not deleted.").format(
                     path=data_dir, reason=holder.unusable)
    where = holder.host or _("an unknown computer")
    since = holder.since or _("an unknown time")
    if holder.this_computer:
        return _("Post Composer is already open for the data folder {path} (process {pid}, since {since}), but it "
                 "does not answer. If it is stuck, close it; or take over here.").format(
                     path=data_dir, pid=holder.pid or "?", since=since)
    return _("Post Composer is open for the data folder {path} on the computer {host} (user {user}, since {since}). "
             "Two apps must not change one database at once. If it is no longer open there, take over.").format(
                 path=data_dir, host=where, user=holder.user or "?", since=since)
