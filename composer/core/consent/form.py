"""The printable consent form: one versioned text in Dutch and English.

The text lives in ``composer/core/data/consent-form.json``, beside the core's
other data, with a version number, because a consent record must say which
text, in which language, the person was given (GDPR art. 7(1)). The window
prints this HTML to PDF.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

from composer.core.i18n import LANGUAGES

#: The form is written in every language of the window (``data/consent-form.json`` has a text for each).
FORM_LANGUAGES = LANGUAGES


@cache
def _form() -> dict[str, Any]:
    form: dict[str, Any] = json.loads((resources.files("composer.core") / "data" / "consent-form.json")
                                      .read_text("utf-8"))
    return form


def form_version() -> str:
    """The version printed on the form and kept in each consent record made with it."""
    return str(_form()["version"])


def channel_names(language: str) -> dict[str, str]:
    """Every channel a person can tick, in the form's language."""
    names = _form()["channels"]
    return {key: value if isinstance(value, str) else value[language] for key, value in names.items()}


def form_html(library: str, contact: str, language: str) -> str:
    """The form as HTML (everything escaped), ready to print on one A4 page."""
    if language not in FORM_LANGUAGES:
        raise ValueError(f"no consent form in {language!r}")
    text = {key: html.escape(value.format(library=library or "…", contact=contact or "…",
                                          version=form_version()))
            for key, value in _form()[language].items()}
    box = "&#9744;"
    channels = " &nbsp; ".join(f"{box}&nbsp;{html.escape(name)}" for name in channel_names(language).values())
    blank = "_" * 40
    fields = "".join(f"<p>{text[key]}:<br>{blank}{blank[:24]}</p>" for key in ("person", "birth", "parties"))
    return f"""<html><body style="font-family: sans-serif; font-size: 10.5pt">
<h2>{text['title']}</h2>
<p>{text['intro']}</p>
{fields}
<p>{box} {text['photographed']}</p>
<p>{box} {text['publish']}</p>
<p><b>{text['channels']}:</b> {channels}</p>
<p><b>{text['scope']}:</b><br>{box} {text['scope_event']}<br>{box} {text['scope_period']}</p>
<p>{text['purpose']}</p>
<p>{box} {text['caption']}</p>
<p>{text['withdraw']}</p>
<p>{text['place_date']}: {blank}</p>
<p><br>{text['signature']}: {blank}</p>
<p style="font-size: 8pt; color: #555">{text['footer']}</p>
</body></html>"""
