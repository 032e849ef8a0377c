"""The printable consent form: both languages, versioned (printed to PDF by ``tests/ui/test_consent_pdf.py``)."""

from __future__ import annotations

import pytest

from composer.core.consent.form import channel_names, form_html, form_version


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
