"""Consent → Print consent form…: a language, the library's name and contact, then a PDF file.

The PDF itself is written by :func:`composer.ui.consent.consent_pdf.write_consent_form`;
the file is chosen through :func:`composer.ui.consent.form_parts.choose_path`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from composer.core.consent.form import FORM_LANGUAGES, form_version
from composer.core.house_style import HouseStyle
from composer.core.i18n import _
from composer.ui.consent import form_parts
from composer.ui.consent.consent_pdf import write_consent_form
from composer.ui.consent.form_parts import Message, ok_cancel


class PrintFormDialog(QDialog):
    """Consent → Print consent form…: a language, the library's name and contact, then a PDF file.

    Signals:
        written(str): the path of the PDF.
    """

    written = Signal(str)

    def __init__(self, style: HouseStyle, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("print-form-dialog")
        self.setWindowTitle(_("Print consent form"))
        intro = QLabel(_("A form to hand out at an event: people tick the channels and sign. "
                         "Record what they ticked in the consent register, with a scan of the form."), self)
        intro.setWordWrap(True)
        self.language = QComboBox(self)
        for code, label in (("nl", _("Dutch")), ("en", _("English"))):
            self.language.addItem(label, code)
        self.library = QLineEdit(style.library_name, self)
        self.library.setPlaceholderText(_("Set it in Settings → House style"))
        self.contact = QLineEdit(next(iter(style.contact_emails), ""), self)
        self.contact.setPlaceholderText(_("Where people write to withdraw"))
        self.message = Message(self)
        self.buttons = ok_cancel(self, _("Save as PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(_("Language:"), self.language)
        form.addRow(_("Library:"), self.library)
        form.addRow(_("Contact e-mail:"), self.contact)
        form.addRow(_("Form version:"), QLabel(form_version(), self))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def accept(self) -> None:
        """Ask where to write the PDF (the dialog stays open to print another language)."""
        language = self.language.currentData()
        form_parts.choose_path(self, "pdf", _("Save the consent form"), self.write_to,
                    _("consent-form-{language}.pdf").format(language=language))

    def write_to(self, path: str) -> bool:
        language = self.language.currentData()
        if language not in FORM_LANGUAGES:
            return False
        try:
            written = write_consent_form(Path(path), self.library.text().strip(), self.contact.text().strip(),
                                         language)
        except OSError as error:
            self.message.error(_("{path} cannot be written: {reason}").format(
                path=path, reason=error.strerror or str(error)))
            return False
        self.message.note(_("The consent form was written to {path}.").format(path=written))
        self.written.emit(str(written))
        return True

