"""The word lists the checks read: per language (``data/words-LANG.json``) and for privacy (``data/privacy.json``).

Each list is read once, on first use.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from composer.core.i18n import LANGUAGES as LANGUAGES  # the checks speak the window's languages (words-LANG.json)


@cache
def words(language: str) -> dict[str, tuple[str, ...]]:
    """The word lists of ``language`` (``data/words-LANG.json``)."""
    raw = json.loads((resources.files("composer.core") / "data" / f"words-{language}.json").read_text("utf-8"))
    return {key: tuple(value) for key, value in raw.items() if not key.startswith("_")}


@cache
def privacy_data() -> dict[str, tuple[str, ...]]:
    """The privacy lists (``data/privacy.json``): the private mail providers."""
    raw = json.loads((resources.files("composer.core") / "data" / "privacy.json").read_text("utf-8"))
    return {key: tuple(value) for key, value in raw.items() if not key.startswith("_")}


@cache
def stopwords(language: str) -> frozenset[str]:
    """The little words of ``language`` that tell a post's language."""
    return frozenset(words(language)["stopwords"])
