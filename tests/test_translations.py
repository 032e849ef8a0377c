"""Every visible text has a Dutch translation, and the shipped catalogue is up to date."""

from __future__ import annotations

import gettext
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from composer.core import i18n

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
i18n_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_tool)

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _ids(message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


@pytest.fixture(scope="module")
def source_messages():
    return [m for m in i18n_tool.extract() if m.id]


@pytest.fixture(scope="module")
def dutch():
    return i18n_tool.read("nl")


def test_every_source_text_has_a_dutch_translation(source_messages, dutch):
    missing = []
    for message in source_messages:
        translated = dutch.get(message.id)
        if translated is None or "fuzzy" in translated.flags or not all(_strings(translated)):
            missing.append(_ids(message)[0])
    assert missing == [], "run `python tools/i18n.py update`, translate in resources/i18n/nl.po, then compile"


def test_translations_keep_every_placeholder(dutch):
    """Dutch has English's two plural forms: the singular keeps the singular's placeholders, the plural the plural's."""
    for message in dutch:
        if not message.id:
            continue
        ids = _ids(message)
        for index, string in enumerate(_strings(message)):
            wanted = set(PLACEHOLDER.findall(ids[min(index, len(ids) - 1)]))
            assert set(PLACEHOLDER.findall(string)) == wanted, message.id


def test_shipped_catalogue_matches_the_po_file(dutch):
    mo = ROOT / "composer" / "locale" / "nl" / "LC_MESSAGES" / "composer.mo"
    with mo.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    for message in dutch:
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert shipped.gettext(message.id) == message.string, "run `python tools/i18n.py compile`"
        else:
            assert shipped.ngettext(*message.id, 1) == message.string[0]


def test_dutch_is_the_default_on_a_dutch_system(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    assert i18n.set_language(None) == "nl"
    assert i18n._("Why this post? Choose a purpose.") == "Waarom dit bericht? Kies een doel."
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert i18n.set_language(None) == "en"
    assert i18n._("Why this post? Choose a purpose.") == "Why this post? Choose a purpose."


def test_the_catalogue_loads_from_the_installed_package():
    catalogue = i18n.load_catalogue("nl")
    assert isinstance(catalogue, gettext.GNUTranslations)
    assert "composer" in sys.modules
