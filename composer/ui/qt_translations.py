"""Qt's own texts (file dialogs, standard buttons) in the UI language: its catalogue, and a fallback for the
labels it has only without their shortcut letter."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator


def qt_translations_folder() -> str:
    """Where Qt's own catalogues are: inside the PySide6 wheel (``PySide6/Qt/translations``), or the system's."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class ShortcutLetterFallback(QTranslator):
    """Qt's own labels that its catalogue has only without their shortcut letter.

    Qt's Dutch ``qtbase_nl.qm`` translates "Look in:" and "Files of type:" but
    not the file dialog's "&Look in:" and "Files of &type:", so those stayed
    English. Installed *before* the qtbase translator, this one is asked only
    for what that one lacks: it asks again without the ``&`` and puts the ``&``
    back before the same letter (at the start of a word if it can).
    """

    def __init__(self, catalogue: QTranslator, parent: QObject | None = None):
        super().__init__(parent)
        self._catalogue = catalogue

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        at = _shortcut_at(source)
        if at < 0:
            return None  # None: not translated here, Qt keeps looking (or shows the source)
        plain = source[:at] + source[at + 1:]
        found = self._catalogue.translate(context, plain, disambiguation, n)
        if not found or "&" in found:
            return found or None
        return _with_shortcut(found, source[at + 1])


def _shortcut_at(text: str) -> int:
    """Where the ``&`` that marks a shortcut letter is (``&&`` is a plain ampersand); -1 if there is none."""
    i = text.find("&")
    while 0 <= i < len(text) - 1:
        if text[i + 1] != "&":
            return i
        i = text.find("&", i + 2)
    return -1


def _with_shortcut(text: str, letter: str) -> str:
    """``text`` with ``&`` before ``letter``: where a word starts with it, else where it first is, else first."""
    lower, wanted = text.lower(), letter.lower()
    starts = [i for i, ch in enumerate(lower) if ch == wanted and (i == 0 or not lower[i - 1].isalnum())]
    at = starts[0] if starts else max(lower.find(wanted), 0)
    return text[:at] + "&" + text[at:]
