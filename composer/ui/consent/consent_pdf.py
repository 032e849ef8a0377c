"""Printing the consent form to PDF with Qt's own PDF writer, for the librarian to hand out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from composer.core.consent.form import form_html, form_version
from composer.core.storage.files import write_atomic


def write_consent_form(path: Path, library: str, contact: str, language: str) -> Path:
    """Write the form (A4) to ``path``, whole or not at all (an existing file is replaced only by a complete one).

    Raises ``OSError`` (a full disk, a folder that cannot be written).
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{library} — consent {form_version()} ({language})")
    writer.setCreator("Post Composer")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    document = QTextDocument()
    document.setHtml(form_html(library, contact, language))
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return write_atomic(path, bytes(data))
