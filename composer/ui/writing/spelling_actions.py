"""Spell checking in the window: misspellings underlined as one types, suggestions in the right-click menu.

Every text box of the post (the shared text and each network's own version)
gets a :class:`~composer.ui.writing.spell_highlighter.SpellHighlighter`; all
use one :class:`~composer.core.writing.spelling.SpellChecker` per language,
opened off the UI thread on first need. The language follows the post
(detected once typing pauses) unless the draft has its own (Edit → Spelling
language), and Edit → Check spelling turns it off for the draft: both are kept
per draft in this computer's settings (:data:`CHOICES`).

Right-click on an underlined word: up to six suggestions, *Add to the
library's word list* (the house style's ``word_list``, which the communications
service hands to everyone; on the team library only an approver may change the
house style, so a writer's word goes to their own list on this computer,
:data:`OWN_WORDS`, and the menu says so), and *Ignore* (until the app closes).
F7 selects the next misspelling and opens that menu at it: all of it by keyboard
(the menu and F7: :mod:`~composer.ui.writing.spelling_menu`). Without a
dictionary the status bar says so once, and everything else works.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup

from composer.core.house_style import MAX_ITEMS, HouseStyleError, stored_house_style
from composer.core.i18n import N_, _
from composer.core.writing import dictionaries
from composer.core.writing.spelling import SpellChecker, SpellingChoice, choices_from_setting, library_words
from composer.core.writing.spelling_words import known_words
from composer.ui.after_start import AfterFirstPaint
from composer.ui.window.menus import action
from composer.ui.window.status_undo import UNDO_NOTICE_MS
from composer.ui.writing import spelling_menu
from composer.ui.writing.spell_highlighter import SpellHighlighter

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QPlainTextEdit

    from composer.core.writing.dictionaries import Speller
    from composer.ui.window.main_window import MainWindow
    from composer.ui.writing.menu import WritingMenus

CHOICES = "spelling_drafts"  # this computer's settings: draft id -> its language and whether to check
OWN_WORDS = "spelling_own_words"  # this computer's settings: a colleague's own words (team library, no approver)
FOLDER = "spelling"  # in the data folder: Enchant's configuration folder, with the dictionaries' copies
LANGUAGE_DELAY_MS = 600  # the post's language is told again once typing pauses this long
#: The languages of Edit → Spelling language, each in its own name ("" follows the post).
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}
AUTOMATIC = N_("Automatic")


def add_actions(window: MainWindow, menus: WritingMenus) -> None:
    """Edit → Check spelling, Spelling language, Next spelling mistake (F7); the right-click menu's part."""
    window.spelling = Spelling(window)
    window.spelling.add_menu(menus.edit)


class Spelling(QObject):
    """The window's spell check (see the module). ``checker`` is the one in use (``None``: not checking)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.folder = window.store.data_dir / FOLDER
        dictionaries.use_folder(self.folder)
        self.checkers: dict[str, SpellChecker] = {}
        self.missing: dict[str, str] = {}  # language -> what the status bar says: why it has no dictionary
        self.loading: set[str] = set()
        self.reasons: dict[str, str] = {}  # language -> why it has no dictionary
        self.said: set[str] = set()  # the reasons the status bar already gave (once each)
        self.ignored: set[str] = set()  # for this session
        self._own_words: list[str] | None = None  # read from this computer's settings on first need
        self._choices: dict[str, SpellingChoice] | None = None  # likewise (then kept here: writes go through
        # the saver's thread, so reading the setting back could give the one before)
        self.highlighters: list[SpellHighlighter] = []
        self.draft_id: int | None = None
        self.choice = SpellingChoice()
        self.language: str | None = None  # the dictionary's language wanted now (None: not checking)
        self.checker: SpellChecker | None = None
        self._style_seen: object = None
        self.timer = QTimer(self, singleShot=True, interval=LANGUAGE_DELAY_MS)
        self.timer.timeout.connect(self.follow)
        editor = window.editor
        editor.menu_extras.append(lambda edit, menu, pos: spelling_menu.add_to_menu(self, edit, menu, pos))
        editor.edit_added.connect(lambda _key, edit: self.attach(edit))
        for edit in editor.editors.values():
            self.attach(edit)
        editor.changed.connect(self.timer.start)
        window.switcher.opened.connect(self.open_draft)
        window.checking.shown.connect(self.follow_house_style)
        self.shown = False  # no dictionary is opened before the window's first paint: the start-up never waits
        AfterFirstPaint(window, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.shown = True
        self.follow()

    # --- menus ---------------------------------------------------------------------------------------

    def add_menu(self, edit_menu: QMenu) -> None:
        window = self.window
        edit_menu.addSeparator()
        self.check_action = QAction(_("Check &spelling"), window)
        self.check_action.setCheckable(True)
        self.check_action.setChecked(True)
        self.check_action.setToolTip(_("Underline words the dictionary does not know, in this draft."))
        self.check_action.toggled.connect(self.set_checking)
        edit_menu.addAction(self.check_action)
        self.language_menu = edit_menu.addMenu(_("Spelling &language"))
        self.language_group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for code, name in {"": _(AUTOMATIC), **LANGUAGE_NAMES}.items():
            choice = self.language_menu.addAction(name)
            choice.setCheckable(True)
            choice.setChecked(code == "")
            choice.setData(code)
            self.language_group.addAction(choice)
            self.language_actions[code] = choice
        self.language_group.triggered.connect(lambda chosen: self.set_language(chosen.data()))
        self.next_action = action(window, _("&Next spelling mistake"), lambda: spelling_menu.next_mistake(self),
                                  "F7")
        self.next_action.setToolTip(_("Select the next underlined word and show its suggestions."))
        edit_menu.addAction(self.next_action)

    def _show_choice(self) -> None:
        """The menu as the open draft's choice says."""
        self.check_action.blockSignals(True)
        self.check_action.setChecked(self.choice.check)
        self.check_action.blockSignals(False)
        self.language_actions[self.choice.language].setChecked(True)
        self.language_menu.setEnabled(self.choice.check)

    def _show_automatic(self) -> None:
        """"Automatic (Nederlands)": which language the post is checked in while it follows the post."""
        text = _(AUTOMATIC)
        if not self.choice.language and self.language:
            text = _("{automatic} (now {language})").format(automatic=text, language=LANGUAGE_NAMES[self.language])
        if self.language_actions[""].text() != text:
            self.language_actions[""].setText(text)

    # --- the open draft and its language -----------------------------------------------------------------

    def open_draft(self, draft_id: int) -> None:
        """Another draft is shown: its own choice, and its language now."""
        self.draft_id = draft_id
        self.choice = self.choices.get(str(draft_id), SpellingChoice())
        self._show_choice()
        self.follow()

    def set_checking(self, on: bool) -> None:
        """Edit → Check spelling, for the open draft."""
        self._keep(replace(self.choice, check=on))

    def set_language(self, language: str) -> None:
        """Edit → Spelling language, for the open draft ("": the post's own)."""
        self._keep(replace(self.choice, language=language))

    @property
    def choices(self) -> dict[str, SpellingChoice]:
        """Every draft's choice that is not the default, by draft id (as text)."""
        if self._choices is None:
            self._choices = choices_from_setting(self.window.own.setting(CHOICES))
        return self._choices

    def _keep(self, choice: SpellingChoice) -> None:
        self.choice = choice
        self._show_choice()
        if self.draft_id is not None:
            self.choices[str(self.draft_id)] = choice
            self.window.own.set_setting(CHOICES, {key: each.to_setting() for key, each in self.choices.items()
                                                  if each.to_setting()})
        self.follow()

    def text(self) -> str:
        """The text the post's language is told from: the shared text, else the one shown."""
        editor = self.window.editor
        return editor.editors[""].toPlainText() or editor.current_edit().toPlainText()

    def follow(self) -> None:
        """Check in the language the draft wants now (its own, else the post's), opening its dictionary once.

        Not before the window's first paint: telling the post's language loads the link patterns (≈0.3 s), which
        the start-up leaves for after it (``_after_first_paint`` follows then)."""
        self.timer.stop()
        if not self.shown:
            return
        text = self.text()
        wanted = None
        if self.choice.check and (self.choice.language or text.strip()):  # an empty post needs no dictionary yet
            wanted = self.choice.language_for(text)
        self.language = wanted
        self._show_automatic()
        if wanted is None:
            self._use(None)
        elif wanted in self.checkers:
            self.follow_house_style()
            self._use(self.checkers[wanted])
        elif wanted in self.missing:
            self._use(None)
            self._say(wanted)
        else:
            self._use(None)  # another language's underlines would mislead while this one's dictionary opens
            if self.shown:
                self._open(wanted)

    def _open(self, language: str) -> None:
        from composer.ui import background

        if language in self.loading:
            return
        self.loading.add(language)
        background.run(dictionaries.open_dictionary, self.folder, language, receiver=self,
                       done=partial(self._opened, language), failed=partial(self._not_opened, language))

    def _opened(self, language: str, speller: Speller) -> None:
        self.loading.discard(language)
        self.checkers[language] = SpellChecker(speller, language, self.known())
        if self.language == language:
            self._use(self.checkers[language])

    def _not_opened(self, language: str, error: Exception) -> None:
        self.loading.discard(language)
        self.reasons[language] = str(error)
        self.missing[language] = _("No spell checking in {language}: {reason}. Everything else works as usual."
                                   ).format(language=LANGUAGE_NAMES[language], reason=error)
        if self.language == language:
            self._say(language)

    def _say(self, language: str) -> None:
        """Once per session and reason: not at every draft or pause in typing, nor for each language when the
        reason is the same (Enchant itself missing)."""
        reason = self.reasons[language]
        if reason not in self.said:
            self.said.add(reason)
            self.window.statusBar().showMessage(self.missing[language], 2 * UNDO_NOTICE_MS)

    def _use(self, checker: SpellChecker | None) -> None:
        self.checker = checker
        for highlighter in self.highlighters:
            highlighter.use(checker)

    # --- text boxes --------------------------------------------------------------------------------------

    def attach(self, edit: QPlainTextEdit) -> None:
        """Underline misspellings in ``edit`` too (a network's own version, made just now)."""
        highlighter = SpellHighlighter(edit.document(), self.checker, edit)
        edit.cursorPositionChanged.connect(highlighter.cursor_moved)
        self.highlighters.append(highlighter)
        highlighter.destroyed.connect(lambda _obj=None: self._forget(highlighter))

    def _forget(self, highlighter: SpellHighlighter) -> None:
        if highlighter in self.highlighters:
            self.highlighters.remove(highlighter)

    def highlighter_of(self, edit: QPlainTextEdit) -> SpellHighlighter | None:
        document = edit.document()
        return next((h for h in self.highlighters if h.document() is document), None)

    # --- what the library knows ----------------------------------------------------------------------------

    @property
    def own_words(self) -> list[str]:
        """This computer's own word list (a writer's words on the team library)."""
        if self._own_words is None:
            kept = self.window.own.setting(OWN_WORDS)
            self._own_words = [w for w in kept if isinstance(w, str)] if isinstance(kept, list) else []
        return self._own_words

    def known(self) -> frozenset[str]:
        """The house style's name and word list, this computer's own words, and the words ignored this session."""
        return library_words(self.window.context.house_style, [*self.own_words, *self.ignored])

    def follow_house_style(self, *_args: object) -> None:
        """The house style may have changed (saved here, or by a colleague): take its words (cheap when not)."""
        style = self.window.context.house_style
        if style is self._style_seen:
            return
        self._style_seen = style
        self._relearn()

    def _relearn(self) -> None:
        known = self.known()
        for checker in self.checkers.values():
            if checker.know_only(known) and checker is self.checker:
                for highlighter in self.highlighters:
                    highlighter.refresh()

    # --- what the author does about a word (the right-click menu: spelling_menu.py) --------------------------

    def ignore(self, word: str, _checked: bool = False) -> None:
        """Take ``word`` as right until the app closes."""
        self.ignored.add(word)
        self._relearn()

    def add_word(self, word: str, _checked: bool = False) -> None:
        """Add ``word`` to the library's word list (the house style), or, for a writer on the team library, to
        their own list on this computer; the status bar says which."""
        window, store = self.window, self.window.store
        if not store.access.may("house_style"):
            self._add_own(word, _("Only an approver may change the library's word list: “{word}” is in your own "
                                  "word list on this computer now.").format(word=word))
            return
        try:
            style = stored_house_style(store)  # as stored now: a colleague may have changed it meanwhile
        except HouseStyleError as problem:  # never overwrite a house style that cannot be read
            self._add_own(word, _("The stored house style cannot be used ({reason}): “{word}” is in your own word "
                                  "list on this computer instead.").format(reason=problem, word=word))
            return
        if known_words([word]) <= known_words(style.word_list):
            self._relearn()
            return
        if len(style.word_list) >= MAX_ITEMS:
            self._add_own(word, _("The library's word list is full ({count} words): “{word}” is in your own word "
                                  "list on this computer instead.").format(count=MAX_ITEMS, word=word))
            return
        window.set_house_style(replace(style, word_list=(*style.word_list, word)))
        if window.store_failed:  # the database refused (and the status bar said why): keep the word here
            self._add_own(word, _("“{word}” is in your own word list on this computer instead.").format(word=word))
            return
        self.follow_house_style()
        window.statusBar().showMessage(_("“{word}” is in the library's word list now.").format(word=word),
                                       UNDO_NOTICE_MS)

    def _add_own(self, word: str, message: str) -> None:
        if word not in self.own_words:
            self.own_words.append(word)
            self.window.own.set_setting(OWN_WORDS, list(self.own_words))
        self._relearn()
        self.window.statusBar().showMessage(message, UNDO_NOTICE_MS)
