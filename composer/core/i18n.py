"""The one translation pipeline: GNU gettext catalogues, shared by core, UI and CLI.

Messages are marked with ``_()`` (translated now) or ``N_()`` (marked for
extraction, translated where shown). Sources live in ``resources/i18n/*.po``;
compiled ``.mo`` files ship inside the package under ``composer/locale``.
"""

from __future__ import annotations

import datetime
import gettext
import locale
import os
from importlib import resources

DOMAIN = "composer"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def system_language() -> str:
    """The user's language from the environment: ``nl`` on a Dutch system, else ``en``."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return _supported(value.split(":")[0])
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return _supported(code)


def _supported(code: str) -> str:
    code = code.lower()
    if code.startswith(("nl", "dutch")):
        return "nl"
    return DEFAULT_LANGUAGE


def load_catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``language``, or untranslated English."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    mo = resources.files("composer") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def set_language(language: str | None) -> str:
    """Switch every later ``_()`` call to ``language`` (``None``: the system's)."""
    global _translation, _language
    wanted = language if language in LANGUAGES else system_language()
    if wanted != _language:
        _translation = load_catalogue(wanted)
        _language = wanted
    return _language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet."""
    return message


# --- numbers and dates, as the UI language writes them (CLDR data through Babel) --------------

_LOCALES = {"nl": "nl_BE", "en": "en_GB"}
_group_separators: dict[str, str] = {}


def locale_name(language: str | None = None) -> str:
    """The CLDR locale of a UI language: Flemish Dutch, or British English."""
    return _LOCALES.get(language or _language, "en_GB")


def number(value: int) -> str:
    """A whole number as the current language writes it: 63.206 in Dutch, 63,206 in English.

    Counters call this on every keystroke, so Babel is asked once per language for the
    grouping symbol and the formatting is Python's own.
    """
    separator = _group_separators.get(_language)
    if separator is None:
        from babel.numbers import get_group_symbol

        separator = _group_separators[_language] = get_group_symbol(locale_name())
    return f"{value:,}".replace(",", separator)


def date(value: datetime.date) -> str:
    """A date as the current language writes it in running text: 1 december 2026, 1 December 2026."""
    from babel.dates import format_date

    return format_date(value, format="long", locale=locale_name())
