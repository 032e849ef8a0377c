"""Small dialogs, always opened with ``open()`` and a callback so nothing blocks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QWidget

from composer.core.i18n import _


def system_user_name() -> str:
    """The operating system's name for the user, or "" when it has none."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (e.g. a service account)
        return ""


def _text_dialog(parent: QWidget | None, title: str, label: str, current: str, name: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(current)
    dialog.setObjectName(name)
    return dialog


def ask_name(parent: QWidget | None, current: str, done: Callable[[str], None]) -> QInputDialog:
    """Ask who is writing; ``done`` gets the name (the current one if the dialog is cancelled)."""
    dialog = _text_dialog(parent, _("Who is writing?"),
                          _("Your name, as colleagues will see it beside your drafts:"), current, "name-dialog")
    dialog.finished.connect(lambda result: done((dialog.textValue() if result else current).strip() or current))
    dialog.open()
    return dialog


def ask_approver(parent: QWidget | None, current: str, done: Callable[[str], None]) -> QInputDialog:
    """Ask who approves the draft; ``done`` gets the name, and is not called if the dialog is cancelled."""
    dialog = _text_dialog(parent, _("Approve this draft"),
                          _("Approved by (the colleague of the communications service who read it):"),
                          current, "approve-dialog")

    def finished(result: int) -> None:
        name = dialog.textValue().strip()
        if result and name:
            done(name)

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
