"""The translation pipeline (GNU gettext through Babel): extract, update, compile.

    python tools/i18n.py update    # source -> resources/i18n/composer.pot -> resources/i18n/nl.po
    python tools/i18n.py compile   # resources/i18n/nl.po -> composer/locale/nl/LC_MESSAGES/composer.mo

Translators edit ``resources/i18n/nl.po`` (Poedit, Lokalize, or any text editor).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from composer.core.i18n import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "composer"
PO_DIR = ROOT / "resources" / "i18n"
LOCALE_DIR = SOURCE / "locale"
TRANSLATED = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)  # the source is English
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every marked message in the source, with where it is used."""
    catalog = Catalog(project="Post Composer", charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(SOURCE), method_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(f"composer/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read(language: str) -> Catalog:
    path = PO_DIR / f"{language}.po"
    if not path.exists():
        return Catalog(locale=language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update() -> None:
    template = extract()
    PO_DIR.mkdir(parents=True, exist_ok=True)
    with (PO_DIR / "composer.pot").open("wb") as handle:
        write_po(handle, template, width=100, omit_header=False, sort_output=True)
    for language in TRANSLATED:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        with (PO_DIR / f"{language}.po").open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)


def compile_all() -> None:
    for language in TRANSLATED:
        target = LOCALE_DIR / language / "LC_MESSAGES" / "composer.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, read(language), use_fuzzy=False)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    else:
        sys.exit(__doc__)
