"""Erase person…: the confirmation that says exactly what erasing will do, and does that on *Erase*.

What erasing does is the core's (:func:`composer.core.consent.erasure_plan`,
:func:`composer.core.consent.erase_person`); :func:`erasure_html` words the plan.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QStyle, QTextBrowser, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.consent import ConsentError, Person
from composer.core.i18n import _, ngettext
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.consent.form_parts import Message

MAX_NAMES = 8  # photo names listed in a sentence; the rest are counted


def _draft_label(draft: consent.ErasedDraft) -> str:
    label = "#{id} “{text}”".format(id=draft.draft_id, text=(draft.first_line or _("(empty draft)"))[:60])
    return _("{draft} (in the trash)").format(draft=label) if draft.in_trash else label


def _names(photos) -> str:
    names = [photo.original_name or photo.hash[:12] for photo in photos]
    return ", ".join(names[:MAX_NAMES]) + (" …" if len(names) > MAX_NAMES else "")


def _draft_photos_leaving(draft: consent.ErasedDraft) -> str:
    label = _draft_label(draft)
    if draft.removed == draft.total:
        return ngettext("{draft}: its only photo leaves", "{draft}: all {n} of its photos leave",
                        draft.removed).format(draft=label, n=draft.removed)
    return ngettext("{draft}: {n} of its {total} photos leaves", "{draft}: {n} of its {total} photos leave",
                    draft.removed).format(draft=label, n=draft.removed, total=draft.total)


def erasure_html(plan: consent.ErasurePlan) -> str:
    """What erasing will do, as the confirmation says it, from the plan :func:`consent.erase_person` carries out."""
    e = html.escape
    name, photos = plan.name, plan.photos

    def para(text: str) -> str:
        return f"<p>{e(text)}</p>"

    def items(texts) -> str:
        return "<ul>" + "".join(f"<li>{e(text)}</li>" for text in texts) + "</ul>"

    parts = [para(_("Removed from the register: the name and contact of {person}; the register shows “{pseudonym}” "
                    "instead.").format(person=name, pseudonym=plan.pseudonym))]
    if plan.drafts:
        n = len(photos.draft_photo_ids)
        parts.append(para(ngettext("The photo {person} is linked in leaves its draft (the text stays):",
                                   "The {n} photos {person} is linked in leave their drafts (the texts stay):", n)
                          .format(person=name, n=n)))
        parts.append(items(_draft_photos_leaving(draft) for draft in plan.drafts))
    else:
        parts.append(para(_("{person} is linked in no photo: no draft changes.").format(person=name)))
    files = []
    if photos.deleted:
        n = len(photos.deleted)
        files.append(ngettext("Deleted for good from the data folder: the stored file of the photo {person} is in "
                              "({names}).",
                              "Deleted for good from the data folder: the stored files of the {n} photos {person} is "
                              "in ({names}).", n).format(n=n, names=_names(photos.deleted), person=name))
    if photos.unused:
        n = len(photos.unused)
        files.append(ngettext("Also deleted for good: {n} stored photo that no draft uses any more ({names}), because "
                              "nobody said who is in it: {person} may be in it.",
                              "Also deleted for good: {n} stored photos that no draft uses any more ({names}), "
                              "because nobody said who is in them: {person} may be in them.", n).format(
                                  n=n, names=_names(photos.unused), person=name))
    parts += [para(text) for text in files]
    kept = []
    if plan.records:
        kept.append(ngettext("{n} consent record and its history, which name who consented (as a signed form does)",
                             "{n} consent records and their history, which name who consented (as signed forms do)",
                             plan.records).format(n=plan.records))
    if plan.evidence:
        kept.append(ngettext("{n} evidence file (a signed form or its scan)",
                             "{n} evidence files (signed forms or their scans)", plan.evidence).format(n=plan.evidence))
    if plan.birth_date:
        kept.append(_("the date of birth, which shows who had to consent"))
    if kept:
        parts.append(para(_("Kept, as the minimal proof the library must keep for possible claims, under the name "
                            "“{pseudonym}”:").format(pseudonym=plan.pseudonym)))
        parts.append(items(kept))
    else:
        parts.append(para(_("Kept: only the name “{pseudonym}”; nothing else was recorded about them.").format(
            pseudonym=plan.pseudonym)))
    parts.append(para(_("If the person asked for their data, export their file first.")))
    return "".join(parts)


class EraseForm(QDialog):
    """Erase person…: says exactly what erasing will do (:func:`consent.erasure_plan`), and on *Erase* does that.

    Cancel is the default button. If the register changed while the form was
    open, nothing is erased: the form shows what erasing would do now and asks
    again. Raises :class:`ConsentError` when the person cannot be erased.

    Signals:
        erased(object): the :class:`~composer.core.consent.Erasure`.
    """

    erased = Signal(object)

    def __init__(self, store: Store, author: str, person: Person, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.author, self.person = store, author, person
        self.plan = consent.erasure_plan(store, person.id)
        self.setObjectName("erase-confirmation")
        self.setWindowTitle(_("Erase {person}?").format(person=person.display_name))
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.question = QLabel(_("Erase {person} from the register? This cannot be undone.").format(
            person=person.display_name), self)
        self.question.setObjectName("erase-question")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.text = QTextBrowser(self)
        self.text.setObjectName("erasure-text")
        accessibility.name(self.text, _("What erasing will do"))
        self.message = Message(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.erase_button = self.buttons.addButton(_("Erase"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setObjectName("erase-confirm")
        self.erase_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon)
        column = QVBoxLayout()
        column.addWidget(self.question)
        column.addWidget(self.text, 1)
        top.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.show_plan(self.plan)
        self.resize(660, 540)
        cancel.setFocus()

    def show_plan(self, plan: consent.ErasurePlan) -> None:
        self.plan = plan
        self.text.setHtml(erasure_html(plan))

    def accept(self) -> None:
        """Erase exactly what the form says; if that changed meanwhile, show it anew and erase nothing."""
        try:
            result = consent.erase_person(self.store, self.person.id, self.author, confirm=True, expected=self.plan)
        except ConsentError as error:
            try:
                self.show_plan(consent.erasure_plan(self.store, self.person.id))
            except ConsentError:
                self.erase_button.setEnabled(False)  # erased meanwhile: nothing left to do
            self.message.error(str(error))
            return
        except DatabaseError as error:
            self.message.error(_("Nothing was erased: the database could not be written ({reason}).").format(
                reason=error))
            return
        self.erased.emit(result)
        super().accept()

