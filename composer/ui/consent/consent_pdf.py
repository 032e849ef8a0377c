"""Printing the consent form to PDF with Qt's own PDF writer, for the librarian to hand out."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from composer.core.consent.form import form_html, form_version


def write_consent_form(path: Path, library: str, contact: str, language: str) -> Path:
    """Write the form (A4) to ``path`` through a temporary file, so no half-written PDF is left."""
    temporary = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(temporary))
    writer.setTitle(f"{library} — consent {form_version()} ({language})")
    writer.setCreator("Post Composer")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    document = QTextDocument()
    document.setHtml(form_html(library, contact, language))
    document.print_(writer)
    del writer  # closes the file
    os.replace(temporary, path)
    return path
