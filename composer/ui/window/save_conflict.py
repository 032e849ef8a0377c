"""Two people, one draft: a colleague saved it while the author was writing. Nothing is overwritten.

The saver found the stored draft newer than the text it started from
(:class:`~composer.core.storage.errors.SaveConflict`) and kept the author's
text in the draft's history. :class:`ConflictDialog` shows the colleague's
text beside the author's and lets them choose which goes on; until then the
editor is read-only, so no third version is typed into the gap. Whichever
text is left behind stays in the draft's history.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.drafts.draft import Draft
from composer.core.i18n import _
from composer.ui import accessibility

MINE, THEIRS = "mine", "theirs"


def _text_view(text: str, name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    view.setObjectName(name)
    return view


class ConflictDialog(QDialog):
    """The colleague's text beside the author's; ``chosen(MINE | THEIRS)`` is called once, when they choose.

    Closing the dialog without a choice (Esc) keeps the author's text in the editor, still read-only, and
    asks again at the next save: nothing is decided for them.
    """

    def __init__(self, parent: QWidget | None, theirs: Draft, mine: Draft, chosen: Callable[[str], None]):
        super().__init__(parent)
        self.setObjectName("conflict-dialog")
        self.setWindowTitle(_("Changed by a colleague"))
        self._chosen = chosen
        who = theirs.updated_by or _("A colleague")
        intro = QLabel(_("{who} saved this draft while you were writing it. Both texts are kept: yours is in the "
                         "draft's history. Which one goes on?").format(who=who))
        intro.setWordWrap(True)
        grid = QGridLayout()
        theirs_label, mine_label = QLabel(_("Saved by {who}:").format(who=who)), QLabel(_("Yours:"))
        grid.addWidget(theirs_label, 0, 0)
        grid.addWidget(mine_label, 0, 1)
        self.theirs_view = _text_view(theirs.text, "conflict-theirs")
        self.mine_view = _text_view(mine.text, "conflict-mine")
        accessibility.label_for(theirs_label, self.theirs_view)
        accessibility.label_for(mine_label, self.mine_view)
        grid.addWidget(self.theirs_view, 1, 0)
        grid.addWidget(self.mine_view, 1, 1)
        buttons = QDialogButtonBox()
        self.keep_mine = QPushButton(_("Keep mine"))
        self.take_theirs = QPushButton(_("Take {who}'s text").format(who=who))
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_mine.clicked.connect(lambda: self._choose(MINE))
        self.take_theirs.clicked.connect(lambda: self._choose(THEIRS))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(760, 420)

    def show_texts(self, theirs: Draft, mine: Draft) -> None:
        """Newer texts of the same conflict (the colleague saved again)."""
        self.theirs_view.setPlainText(theirs.text)
        self.mine_view.setPlainText(mine.text)

    def _choose(self, choice: str) -> None:
        self._chosen(choice)
        self.accept()
