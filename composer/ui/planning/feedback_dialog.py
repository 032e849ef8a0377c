"""What one publication brought: a short form the librarian fills in from what the network shows (issue 13, point 4).

The dialogue comes first — reactions and comments, questions, suggestions —
then shares, the reach if known and a note; likes are asked last, smaller
and in grey: recorded, never the headline. Nothing is fetched from the
networks. Core checks every figure from what was typed
(``core/planning/feedback.py``); a bad one is named in the dialog, which
keeps what was typed and puts the cursor in that field. Opened again, the
form shows what was recorded, to be corrected.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from composer.core.export.publications import PublicationError, get_publication
from composer.core.i18n import _
from composer.core.networks.facts import network
from composer.core.planning.feedback import (
    COUNTS,
    REACH,
    FeedbackError,
    feedback_from_texts,
    get_feedback,
    save_feedback,
)
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.look import MUTED, colour_text
from composer.ui.message import Message

DIALOGUE = ("comments", "questions", "suggestions")  # the headline: what the roundtable calls return


class FeedbackDialog(QDialog):
    """The feedback of publication ``publication_id``: typed, checked, saved (an earlier record is replaced).

    Signals:
        saved(int): the publication whose feedback was saved.
    """

    saved = Signal(int)

    def __init__(self, store: Store, publication_id: int, author: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("feedback-dialog")
        self.setWindowTitle(_("Feedback on a publication"))
        self.setModal(False)
        self.store, self.publication_id, self._author = store, publication_id, author
        record = get_publication(store, publication_id)
        text = store.get(record.draft_id).first_line
        about = _("{network}, {date}").format(network=network(record.network).name,
                                               date=record.published_at.isoformat())
        self.post = QLabel(f"<i>{_escape(text[:80])}</i><br>{_escape(about)}" + (
            f' · <a href="{_escape(record.link)}">{_escape(_("open the post"))}</a>' if record.link else ""), self)
        self.post.setOpenExternalLinks(True)
        if record.link:
            self.post.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)  # Tab reaches the link
        self.post.setObjectName("post")
        hint = QLabel(_("Type what you see on the network a few days after posting. Empty means none."), self)
        hint.setWordWrap(True)
        colour_text(hint, MUTED)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()  # one form, so every field lines up
        form.addRow(QLabel(f"<b>{_escape(_('Dialogue'))}</b>", self))
        for key in DIALOGUE:
            form.addRow(_("{label}:").format(label=_(COUNTS[key])), self._field(key))
        form.addRow(_line(self))
        form.addRow(_("{label}:").format(label=_(COUNTS["shares"])), self._field("shares"))
        reach = self._field("reach", _("not known"))
        reach.setToolTip(_("The number of people who saw the post, if the network shows it; empty if not known."))
        form.addRow(_("{label}:").format(label=_(REACH)), reach)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("e.g. three people asked about the opening hours"))
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(_("Note:"), self.note)
        form.addRow(_line(self))
        form.addRow(*self._likes())
        self.message = Message(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.post)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.fill()

    def _field(self, key: str, placeholder: str = "0") -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(key)
        field.setPlaceholderText(placeholder)
        field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0") * 14 + 16)
        field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields[key] = field
        return field

    def _likes(self) -> tuple[QLabel, QWidget]:
        """Likes, last, smaller and grey: recorded, never the headline."""
        label = QLabel(_("Likes:"), self)
        field = self._field("likes")
        aside = QLabel(_("recorded, not the measure of a post"), self)
        accessibility.label_for(label, field, aside.text())
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(field)
        line.addWidget(aside, 1)
        small = field.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        for widget in (label, field, aside):
            widget.setFont(small)
        for widget in (label, aside):
            colour_text(widget, MUTED)
        return label, row

    def fill(self) -> None:
        """What was recorded before, to be corrected (an empty form the first time)."""
        recorded = get_feedback(self.store, self.publication_id)
        if recorded is None:
            return
        for key, field in self.fields.items():
            value = getattr(recorded, key)
            field.setText("" if value is None else str(value))
        self.note.setPlainText(recorded.note)

    def texts(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def save(self) -> bool:
        """Check and keep what was typed, then close; a bad figure is named and nothing is written."""
        try:
            feedback = feedback_from_texts(self.publication_id, self.texts(), self.note.toPlainText())
            save_feedback(self.store, feedback, self._author())
        except FeedbackError as error:
            self._refuse(str(error), error.field)
            return False
        except PublicationError as error:
            self._refuse(str(error))
            return False
        except DatabaseError as error:
            self._refuse(_("Not saved: {error}").format(error=error))
            return False
        self.saved.emit(self.publication_id)
        self.accept()
        return True

    def _refuse(self, text: str, field: str = "") -> None:
        self.message.error(text)
        widget = self.note if field == "note" else self.fields.get(field)
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()


def _line(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _escape(text: str) -> str:
    import html

    return html.escape(text)
