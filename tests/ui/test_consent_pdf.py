"""The printable consent form as a real PDF, written whole or not at all (the text itself: tests/core)."""

from __future__ import annotations

import os

import pytest

from composer.ui.consent.consent_pdf import write_consent_form


def test_the_form_prints_to_a_pdf(qapp, tmp_path):
    path = write_consent_form(tmp_path / "toestemming.pdf", "Bib Zuidkust", "privacy@bib.example.be", "nl")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert list(tmp_path.iterdir()) == [path]  # nothing half-written left beside it


def test_printing_over_a_form_replaces_it_whole_or_not_at_all(qapp, tmp_path, monkeypatch):
    path = write_consent_form(tmp_path / "toestemming.pdf", "Bib Zuidkust", "", "nl")
    before = path.read_bytes()

    def full_disk(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_consent_form(path, "Bib Noordkust", "", "en")
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]
