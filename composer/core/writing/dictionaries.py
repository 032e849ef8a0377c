"""The Hunspell dictionaries the app ships (``hunspell/<language>/`` beside this module), opened through Enchant
(pyenchant).

Enchant finds Hunspell dictionaries by language tag in the ``hunspell``
folder of its configuration folder, which ``ENCHANT_CONFIG_DIR`` names, before
the system's. Enchant also keeps its own word lists there (``nl_BE.dic``,
``nl_BE.exc``), so that folder is one of the app's data folder
(:func:`use_folder`), never the install folder: the shipped files are copied
into it once (again only when a new version ships). This works alike with
Linux's libenchant-2 (Debian: ``libenchant-2-2``, with its Hunspell provider),
with the Enchant that pyenchant's Windows wheel carries, and with Homebrew's
``enchant`` on macOS (pyenchant finds it; an ``enchant.ordering`` in the
folder puts Hunspell before the system's own checker).

The Dutch dictionary is OpenTaal's ``nl`` (one for the Netherlands and
Flanders alike; it is offered as ``nl_BE``), English SCOWL's British
``en_GB-ise``, French Grammalecte's "classique" (offered as ``fr_BE``). Their
licences and READMEs are beside them (``hunspell/README.md`` says where each comes from).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from composer.core.i18n import _

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: The environment variable that tells Enchant its configuration folder.
CONFIG_VARIABLE = "ENCHANT_CONFIG_DIR"
#: Hunspell first: the shipped dictionaries, not whatever another checker of the system has.
ORDERING = "*:hunspell,nuspell\n"


@dataclass(frozen=True)
class Shipped:
    """One shipped dictionary: its folder in ``hunspell/``, the stem of its ``.aff``/``.dic`` files there,
    and the language tag Enchant knows it by."""

    folder: str
    stem: str
    tag: str


#: The dictionaries the app ships, by the post's language.
SHIPPED: dict[str, Shipped] = {
    "nl": Shipped("nl", "nl", "nl_BE"),
    "en": Shipped("en", "en_GB", "en_GB"),
    "fr": Shipped("fr", "fr", "fr_BE"),
}
LANGUAGES = tuple(SHIPPED)


class Speller(Protocol):
    """What the spell check needs of a dictionary (a pyenchant ``Dict`` is one)."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


_opened: dict[str, Speller] = {}  # per language, once per process (a dictionary takes ~10 MB and 0.1 s)
_opening = threading.Lock()


class NoDictionary(Exception):
    """No dictionary can be used for a language; the message says why, in the UI's language."""


def shipped_files() -> Traversable:
    """The folder of the shipped dictionaries, inside the installed package."""
    return resources.files("composer.core.writing") / "hunspell"


def use_folder(folder: Path) -> None:
    """Let Enchant take its dictionaries and word lists from ``folder`` (call before the first dictionary).

    Enchant reads the variable whenever it looks for a dictionary, so this
    holds for every dictionary opened afterwards.
    """
    os.environ[CONFIG_VARIABLE] = str(folder)


def prepare(folder: Path, language: str) -> None:
    """Put the shipped dictionary of ``language`` into ``folder``'s ``hunspell`` folder (if not already there,
    or an older one is), with the ordering file. Raises ``OSError``."""
    shipped = SHIPPED[language]
    target = folder / "hunspell"
    target.mkdir(parents=True, exist_ok=True)
    source = shipped_files() / shipped.folder
    for suffix in (".aff", ".dic"):
        data = (source / f"{shipped.stem}{suffix}").read_bytes()
        path = target / f"{shipped.tag}{suffix}"
        if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
            _write(path, data)
    ordering = folder / "enchant.ordering"
    if not ordering.is_file() or ordering.read_text("utf-8") != ORDERING:
        _write(ordering, ORDERING.encode())


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a half-copied dictionary would make Hunspell read nonsense."""
    from composer.core.storage.files import write_atomic

    write_atomic(path, data)


def open_dictionary(folder: Path, language: str) -> Speller:
    """The dictionary of ``language`` (a key of :data:`SHIPPED`), prepared in ``folder`` (see :func:`use_folder`);
    slow the first time (a tenth of a second): call it off the UI thread. Raises :class:`NoDictionary`.

    Opened once per process and shared: use it on one thread at a time (the UI's).
    """
    if language not in SHIPPED:
        raise NoDictionary(_("no dictionary for this language"))
    with _opening:
        if language not in _opened:
            _opened[language] = _open(folder, language)
        return _opened[language]


def _open(folder: Path, language: str) -> Speller:
    try:
        import enchant
    except ImportError as error:  # pyenchant, or the Enchant library it loads (libenchant-2), is missing
        raise NoDictionary(_("the Enchant spelling library is not installed ({error})").format(error=error)) \
            from error
    try:
        prepare(folder, language)
    except OSError as error:
        raise NoDictionary(_("its files could not be copied to {folder} ({error})").format(
            folder=folder, error=error.strerror or error)) from error
    tag = SHIPPED[language].tag
    try:
        speller: Speller = enchant.Broker().request_dict(tag)
    except enchant.errors.Error as error:  # DictNotFoundError among them: no Hunspell provider
        raise NoDictionary(_("Enchant found no dictionary {tag} ({error})").format(tag=tag, error=error)) \
            from error
    return speller
