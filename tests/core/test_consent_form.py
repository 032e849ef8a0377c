"""The printable consent form: both languages, versioned, and a real PDF."""

from __future__ import annotations

import pytest

from composer.core.consent.form import channel_names, form_html, form_version
from composer.ui.consent.consent_pdf import write_consent_form


@pytest.mark.parametrize("language, words", [("nl", ["Toestemming voor foto&#x27;s", "nieuwsbrief", "intrekken"]),
                                             ("en", ["Consent for photographs", "newsletter", "withdraw"])])
def test_the_form_names_the_library_the_channels_and_the_right_to_withdraw(language, words):
    page = form_html("Bib <Zuidkust>", "privacy@bib.example.be", language)
    assert "Bib &lt;Zuidkust&gt;" in page  # escaped
    assert "privacy@bib.example.be" in page
    for word in words:
        assert word in page
    for name in channel_names(language).values():
        assert name in page
    assert form_version() in page


def test_there_is_no_form_in_other_languages():
    with pytest.raises(ValueError):
        form_html("Bib", "", "fr")


def test_the_form_prints_to_a_pdf(qapp, tmp_path):
    path = write_consent_form(tmp_path / "toestemming.pdf", "Bib Zuidkust", "privacy@bib.example.be", "nl")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert list(tmp_path.iterdir()) == [path]  # nothing half-written left beside it


def test_printing_over_a_form_replaces_it_whole_or_not_at_all(qapp, tmp_path, monkeypatch):
    import os

    path = write_consent_form(tmp_path / "toestemming.pdf", "Bib Zuidkust", "", "nl")
    before = path.read_bytes()

    def full_disk(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_consent_form(path, "Bib Noordkust", "", "en")
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]
