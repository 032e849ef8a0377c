"""Small dialogs, always opened with ``open()`` and a callback so nothing blocks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel, QPushButton, QWidget

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


def ask_approver(parent: QWidget | None, refusal: Callable[[str], str | None], note: str,
                 done: Callable[[str], None]) -> QInputDialog:
    """Ask who approves the draft; ``done`` gets the name, and is not called if the dialog is cancelled.

    Nothing is filled in: the approver is a colleague, not the author. While a
    name is typed, ``refusal`` says why it may not approve (its own author), the
    reason is shown and OK stays off; ``note`` says what an approval is worth here.
    """
    label = _("Approved by (the colleague of the communications service who read it):")
    dialog = _text_dialog(parent, _("Approve this draft"), label, "", "approve-dialog")
    dialog.setToolTip(note)
    dialog.setMaximumWidth(560)
    for text_label in dialog.findChildren(QLabel):  # the reason and the note run over several lines
        text_label.setWordWrap(True)

    def judge(name: str) -> None:
        reason = refusal(name) if name.strip() else None
        dialog.setLabelText(label + "\n" + (reason or note))
        ok = _ok_button(dialog)
        if ok is not None:
            ok.setEnabled(bool(name.strip()) and reason is None)

    def finished(result: int) -> None:
        name = dialog.textValue().strip()
        if result and name and refusal(name) is None:
            done(name)

    dialog.textValueChanged.connect(judge)
    dialog.finished.connect(finished)
    dialog.open()
    judge("")
    return dialog


def _ok_button(dialog: QInputDialog) -> QPushButton | None:
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok) if box is not None else None
