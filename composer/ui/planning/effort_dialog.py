"""Plan → Writing time…: the open draft's time per colleague, and minutes added or taken off by hand, with a note.

The editor sees typing, not the photos taken or the call made for a post:
those minutes are added here ("time spent taking photos"); minutes counted
by mistake are taken off with a minus sign. Core checks the number
(``core/planning/effort.py``); a bad one is said in the dialog, which stays
open with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from composer.core.checklist import Status
from composer.core.i18n import _
from composer.core.planning.effort import DraftEffort, EffortError, correct, minutes_text
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import Store
from composer.ui.look import as_written
from composer.ui.message import Message


def breakdown(effort: DraftEffort, me: str) -> str:
    """One line per colleague: measured, added by hand, and the note."""
    lines = []
    for a in effort.authors:
        who = _("You") if a.author == me else a.author
        line = _("{who}: {time} writing").format(who=who, time=minutes_text(a.writing_seconds))
        if a.extra_seconds:
            sign = "+" if a.extra_seconds > 0 else "−"
            line += f" {sign} {minutes_text(abs(a.extra_seconds))}"
            if a.note:
                line += f" ({a.note})"
        lines.append(line)
    return "\n".join(lines) or _("No writing time recorded yet.")


class EffortDialog(QDialog):
    """Adds or takes off minutes of the author's time on draft ``draft_id``.

    Signals:
        corrected(object): the draft's :class:`~composer.core.planning.effort.DraftEffort` after a correction.
    """

    corrected = Signal(object)

    def __init__(self, store: Store, draft_id: int, title: str, author: Callable[[], str], effort: DraftEffort,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("effort-dialog")
        self.setWindowTitle(_("Writing time"))
        self.setModal(False)
        self.store, self.draft_id, self._author = store, draft_id, author
        post = as_written(QLabel((title or _("(empty draft)"))[:80], self))
        post.setStyleSheet("font-style: italic")
        self.breakdown = QLabel(self)
        self.breakdown.setObjectName("breakdown")
        self.minutes = QLineEdit(self)
        self.minutes.setPlaceholderText(_("e.g. 15, or -10 to take ten minutes off"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("e.g. time spent taking photos"))
        self.message = Message(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = buttons.addButton(_("&Add to the writing time"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setDefault(True)
        form = QFormLayout()
        form.addRow(_("Minutes:"), self.minutes)
        form.addRow(_("Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(post)
        layout.addWidget(self.breakdown)
        layout.addWidget(QLabel(_("Time the editor cannot see, such as taking photos, added by hand:"), self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.show_effort(effort)

    def show_effort(self, effort: DraftEffort) -> None:
        self.breakdown.setText(breakdown(effort, self.store.author(self._author())))

    def save(self) -> bool:
        """Record the minutes typed; a refusal is said here and changes nothing."""
        try:
            effort = correct(self.store, self.draft_id, self._author(), self.minutes.text(), self.note.text())
        except EffortError as error:
            self._say(str(error), Status.FAIL)
            self.minutes.setFocus()
            return False
        except DatabaseError as error:
            self._say(_("Not recorded: {error}").format(error=error), Status.FAIL)
            return False
        self.minutes.clear()
        self.note.clear()
        self.show_effort(effort)
        self._say(_("Recorded: the writing time is now {time}.").format(time=minutes_text(effort.seconds)),
                  Status.PASS)
        self.corrected.emit(effort)
        return True

    def _say(self, text: str, status: Status) -> None:
        self.message.say(text, status)
