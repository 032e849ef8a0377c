"""What the register window does for a person: the forms it opens and what it shows after them.

Add a person, record consent or a refusal, amend or ask again, withdraw (and
then what to take down), export a person's file, erase a person, print the
consent form. Each form is kept alive in :attr:`RegisterActions.dialogs` until
it closes; after a change the window is told through ``after_change`` (read
the register again, show the person, say what was done).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from composer.core import consent
from composer.core.consent import ConsentError, Person, Withdrawal, channel_label
from composer.core.consent.person_file import export_person
from composer.core.house_style import HouseStyle
from composer.core.i18n import _, ngettext
from composer.core.storage.store import Store
from composer.ui.consent import form_parts
from composer.ui.consent.consent_form import ConsentForm
from composer.ui.consent.erase_form import EraseForm
from composer.ui.consent.form_parts import Message
from composer.ui.consent.person_form import PersonForm
from composer.ui.consent.print_form import PrintFormDialog
from composer.ui.consent.register_words import channels_text
from composer.ui.consent.withdraw_form import WithdrawForm


def takedown_html(withdrawal: Withdrawal, name: str) -> str:
    """What a withdrawal affects: the drafts now blocked, and where photos may have been published."""
    e = html.escape

    def para(text: str, bold: bool = False) -> str:
        return f"<p><b>{e(text)}</b></p>" if bold else f"<p>{e(text)}</p>"

    parts = [para(_("The withdrawal of {person} is recorded.").format(person=name))]
    if withdrawal.drafts:
        parts.append(para(_("Drafts with their photos, now marked “Consent withdrawn” in the drafts list (their "
                            "consent check says what may still go out):"), bold=True))
        items = []
        for draft in withdrawal.drafts:
            text = (draft.first_line or _("(empty draft)"))[:80]
            if draft.in_trash:
                text = _("{draft} (in the trash)").format(draft=text)
            items.append(f"<li>#{draft.draft_id} {e(text)}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(para(_("No draft uses a photo in which they are linked.")))
    if withdrawal.still_allowed:
        parts.append(para(_("Another consent of {person} still allows: {channels}. Check whether it covers these "
                            "photos before taking them down there.").format(
            person=name, channels=channels_text(withdrawal.still_allowed))))
    if withdrawal.publications:
        parts.append(para(_("Published — take these down:"), bold=True))
        items = []
        for pub in withdrawal.publications:
            link = f' <a href="{e(pub.link)}">{e(pub.link)}</a>' if pub.link else ""
            items.append(f"<li>{e(channel_label(pub.network))}, {e(pub.published_at[:10])}, #{pub.draft_id}{link}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(para(_("The publication log shows no post with these photos.")))
    return "".join(parts)


def _safe_folder_name(person: Person) -> str:
    name = re.sub(r"[^\w\- ]+", "", person.display_name).strip() or f"person-{person.id}"
    return _("{name} - file {date}").format(name=name, date=consent.today().isoformat())


def _open_to_changes(person: Person | None) -> bool:
    """A person is chosen and not erased: something can be recorded for them."""
    return person is not None and not person.erased_at


class RegisterActions:
    """The register's forms, opened over ``window`` without blocking it.

    ``message`` is the window's message line; ``after_change(person_id, note)``
    runs once a form changed the register.
    """

    def __init__(self, window: QWidget, store: Store, author: Callable[[], str], style: Callable[[], HouseStyle],
                 message: Message, after_change: Callable[[int, str], None]):
        self.window, self.store, self._author, self._style = window, store, author, style
        self.message, self._after_change = message, after_change
        self.dialogs: list[QDialog] = []  # open forms, kept alive until they close

    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    # --- people and their consent --------------------------------------------------------------------

    def add_person(self) -> PersonForm:
        form = self._keep(PersonForm(self.store, self._author(), self.window))
        form.added.connect(lambda pid: self._after_change(pid, _("{person} was added.").format(
            person=consent.get_person(self.store, pid).display_name)))
        form.show()
        return form

    def record_consent(self, person: Person | None, kind: str = "granted") -> ConsentForm | None:
        """Open the consent (or, ``kind`` ``refused``, the refusal) form for ``person``."""
        if not _open_to_changes(person):
            return None
        form = self._keep(ConsentForm(self.store, self._author(), person, kind, self.window))
        note = _("The refusal of {person} is recorded.") if kind == "refused" else \
            _("The consent of {person} is recorded.")
        form.recorded.connect(lambda _rid: self._after_change(person.id, note.format(person=person.display_name)))
        form.show()
        return form

    def change_record(self, person: Person | None, record_id: int | None, refresh: bool) -> ConsentForm | None:
        """Open the consent form on a record's current terms: OK amends it, or (``refresh``) records it asked again."""
        if not _open_to_changes(person) or record_id is None:
            return None
        note = _("The renewed consent of {person} is recorded.") if refresh else \
            _("The amended consent of {person} is recorded.")
        form = self._keep(ConsentForm(self.store, self._author(), person, parent=self.window, record_id=record_id,
                                      refresh=refresh))
        form.recorded.connect(lambda _rid: self._after_change(person.id, note.format(person=person.display_name)))
        form.show()
        return form

    def withdraw(self, person: Person | None, record_id: int | None = None) -> WithdrawForm | None:
        """Ask when and how the withdrawal came in (one record, or all of the person's consent), then record it."""
        if not _open_to_changes(person):
            return None
        form = self._keep(WithdrawForm(self.store, self._author(), person, record_id, self.window))
        form.withdrawn.connect(lambda result: self._withdrawn(person, result))
        form.open()
        return form

    def _withdrawn(self, person: Person, withdrawal: Withdrawal) -> None:
        if not withdrawal.consent_ended:  # a refusal withdrawn: nothing to take down
            self._after_change(person.id, _("The refusal of {person} is withdrawn: they no longer refuse. Their "
                                            "photos still need their consent before they are published.").format(
                person=person.display_name))
            return
        self._after_change(person.id, _("The withdrawal of {person} is recorded.").format(
            person=person.display_name))
        self.show_takedown(withdrawal, person.display_name)

    def show_takedown(self, withdrawal: Withdrawal, name: str) -> QDialog:
        """What to take down after a withdrawal: the drafts flagged, and where photos may be online."""
        dialog = self._keep(QDialog(self.window))
        dialog.setObjectName("takedown")
        dialog.setWindowTitle(_("After the withdrawal: take the photos down"))
        text = QTextBrowser(dialog)
        text.setObjectName("takedown-text")
        text.setOpenExternalLinks(True)
        text.setHtml(takedown_html(withdrawal, name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        dialog.resize(560, 360)
        dialog.show()
        return dialog

    # --- a person's file, and erasing a person ----------------------------------------------------------

    def ask_export(self, person: Person | None) -> None:
        if person is not None:
            form_parts.choose_path(self.window, "folder", _("Where to put the file of {person}").format(
                person=person.display_name), lambda path: self.export_to(person, path))

    def export_to(self, person: Person, path: str) -> Path | None:
        """Write ``person``'s file to ``path``: into it when new or empty, else into a new folder in it."""
        target, emptied = Path(path), False
        try:
            if target.is_dir():
                if any(target.iterdir()):
                    target = target / _safe_folder_name(person)
                else:
                    target.rmdir()  # export_person writes only into a new folder: this one, made anew
                    emptied = True
            folder = export_person(self.store, person.id, target)
        except (ConsentError, OSError) as error:
            if emptied:
                target.mkdir(exist_ok=True)  # give back the empty folder the librarian chose
            self.message.error(str(error) if isinstance(error, ConsentError) else _(
                "{path} cannot be written: {reason}").format(path=target, reason=error.strerror or str(error)))
            return None
        self.message.note(_("The file of {person} was written to {folder} (person.html to read, person.json for "
                            "software).").format(person=person.display_name, folder=folder))
        return folder

    def ask_erase(self, person: Person | None) -> EraseForm | None:
        """Ask, without blocking, whether to erase ``person``, saying exactly what erasing will do."""
        if not _open_to_changes(person):
            return None
        try:
            form = EraseForm(self.store, self._author(), person, self.window)
        except ConsentError as error:
            self.message.error(str(error))
            return None
        self._keep(form)
        form.erased.connect(lambda result: self._erased(person, result))
        form.open()
        return form

    def _erased(self, person: Person, result: consent.Erasure) -> None:
        note = _("{person} was erased; the proof is kept as {pseudonym}.").format(
            person=person.display_name, pseudonym=result.plan.pseudonym)
        deleted = len(result.files_deleted)
        if deleted:
            note += " " + ngettext("{n} stored photo file was deleted from the data folder.",
                                   "{n} stored photo files were deleted from the data folder.", deleted).format(
                n=deleted)
        self._after_change(person.id, note)
        if result.files_left:
            left = len(result.files_left)
            self.message.error(note + " " + ngettext(
                "This file could not be deleted; delete it by hand: {paths}",
                "These {n} files could not be deleted; delete them by hand: {paths}", left).format(
                n=left, paths=", ".join(str(path) for path in result.files_left)))

    # --- the printable form -----------------------------------------------------------------------------

    def print_form(self) -> PrintFormDialog:
        dialog = self._keep(PrintFormDialog(self._style(), self.window))
        dialog.show()
        return dialog
