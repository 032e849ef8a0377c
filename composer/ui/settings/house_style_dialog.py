"""Settings → House style…: what the library's communications service sets once for everyone.

Every field of :class:`~composer.core.house_style.HouseStyle`, plus Import… and
Export… of the JSON file a communications service hands to its colleagues. The
writing aids' snippets, hashtag groups and templates have tabs of their own
(``composer/ui/writing/house_style_parts.py``); a setting the dialog does not
show is kept as it was.
Nothing blocks: the dialog is shown with ``show()``, files are chosen through
:func:`choose_file` (a ``QFileDialog`` opened with ``open()``), which tests
replace with a plain function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist import Status
from composer.core.house_style import (
    ALL_NETWORKS,
    MAX_CADENCE,
    HouseStyle,
    HouseStyleError,
    read_house_style,
    write_house_style,
)
from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS, network
from composer.core.writing.snippets import group_rows, named_rows
from composer.core.writing.templates import renamed
from composer.ui import accessibility
from composer.ui.look import STATUS_COLOURS, colour_text
from composer.ui.writing.house_style_parts import NamedTable, TemplateTable

LIST_FIELDS = ("name_variants", "forbidden_words", "bad_news_words", "audiences", "contact_phones", "contact_emails",
               "word_list")
TEXT_FIELDS = ("library_name", "sign_off", "website", "mastodon_server")


def choose_file(parent: QWidget, save: bool, title: str, done: Callable[[str], None]) -> QFileDialog:
    """Ask for a house-style file to open (or, with ``save``, to write); ``done`` gets its path.

    Opened with ``open()``: nothing waits for the answer. Tests replace this function.
    """
    dialog = QFileDialog(parent, title)
    dialog.setNameFilters([_("House style (*.json)"), _("All files (*)")])
    dialog.setDefaultSuffix("json")
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile("house-style.json")
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(done)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _tags(edit: QLineEdit) -> list[str]:
    return _tags_in(edit.text())


def _tags_in(text: str) -> list[str]:
    return [tag for tag in re.split(r"[\s,;]+", text) if tag.strip("#")]


class HouseStyleDialog(QDialog):
    """Edits a house style; OK hands the new one to whoever listens (the window stores it).

    Signals:
        saved(object): OK was pressed on a valid house style (the :class:`HouseStyle`).
    """

    saved = Signal(object)

    def __init__(self, style: HouseStyle, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("house-style-dialog")
        self.setWindowTitle(_("House style"))
        self.setModal(False)
        self.tabs = QTabWidget(self)
        self.library_name = QLineEdit(self)
        self.library_name.setPlaceholderText(_("e.g. Bibliotheek Zuidkust"))
        self.sign_off = QLineEdit(self)
        self.sign_off.setPlaceholderText(_("e.g. Tot in de bib!"))
        self.website = QLineEdit(self)
        self.website.setPlaceholderText("https://")
        self.mastodon_server = QLineEdit(self)
        self.mastodon_server.setPlaceholderText(_("e.g. mastodon.social"))
        self.mastodon_server.setToolTip(_("Where the library has its Mastodon account: File → Open in network opens "
                                          "Mastodon's composer there."))
        self.review_required = QCheckBox(_("Drafts need a colleague's approval before export"), self)
        self.emoji_limit = QLineEdit(self)
        self.emoji_limit.setValidator(QIntValidator(0, 999, self.emoji_limit))
        self.emoji_limit.setPlaceholderText(_("no limit"))
        self.lists: dict[str, QPlainTextEdit] = {}
        for name in LIST_FIELDS:
            edit = QPlainTextEdit(self)
            edit.setObjectName(name)
            edit.setPlaceholderText(_("One per line"))
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 6 + 12)  # room for a few, then it scrolls
            self.lists[name] = edit
        self.hashtags: dict[str, QLineEdit] = {}
        for key in (ALL_NETWORKS, *NETWORKS):
            edit = QLineEdit(self)
            edit.setObjectName(f"hashtags-{'all' if key == ALL_NETWORKS else key}")
            edit.setPlaceholderText(_("#tag #another"))
            self.hashtags[key] = edit
        self.cadence: dict[str, QLineEdit] = {}
        for key in NETWORKS:
            edit = QLineEdit(self)
            edit.setObjectName(f"cadence-{key}")
            edit.setValidator(QIntValidator(1, MAX_CADENCE, edit))
            edit.setPlaceholderText(_("no limit"))
            self.cadence[key] = edit
        self.snippets = NamedTable("snippets", _("Snippets"), (_("Name"), _("Text")),
                                   _("e.g. Opening hours: Open Mon–Sat, 10–18"), True, self)
        self.hashtag_groups = NamedTable("hashtag-groups", _("Hashtag groups"), (_("Name"), _("Hashtags")),
                                         _("e.g. Graphic art: #art #printmaking #posters"), False, self)
        self.templates = TemplateTable(self)
        self._kept = HouseStyle()  # the style last shown: what the dialog has no field for comes from it
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        self.import_button = QPushButton(_("&Import…"), self)
        self.export_button = QPushButton(_("&Export…"), self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.ask_import)
        self.export_button.clicked.connect(self.ask_export)
        self.set_style(style)
        self.resize(720, 560)  # room for every tab (seven) side by side
        self._name_fields()
        accessibility.follow_the_eye(self)

    def _name_fields(self) -> None:
        """Names a screen reader says: each network's field once per tab, so "Facebook" is never said twice."""
        accessibility.name(self.tabs, _("Parts of the house style"))
        for key, edit in self.hashtags.items():
            where = _("all networks") if key == ALL_NETWORKS else network(key).name
            accessibility.name(edit, _("Required hashtags for {network}").format(network=where))
        for key, edit in self.cadence.items():
            accessibility.name(edit, _("Most posts a week on {network}").format(network=network(key).name))

    # --- layout ------------------------------------------------------------------------

    def _page(self, title: str, intro: str) -> QFormLayout:
        page = QWidget(self.tabs)
        form = QFormLayout(page)
        text = QLabel(intro, page)
        text.setWordWrap(True)
        form.addRow(text)
        self.tabs.addTab(page, title)
        return form

    def _build_tabs(self) -> None:
        form = self._page(_("Library"), _("How the library writes its own name, and how posts end."))
        form.addRow(_("Library name:"), self.library_name)
        form.addRow(_("Spellings to avoid:"), self.lists["name_variants"])
        form.addRow(_("Sign-off:"), self.sign_off)
        form.addRow(_("Website:"), self.website)
        form.addRow(_("Mastodon server:"), self.mastodon_server)
        form.addRow(self.review_required)
        form = self._page(_("Hashtags"), _("Hashtags every post must carry, for all networks or for one."))
        form.addRow(_("All networks:"), self.hashtags[ALL_NETWORKS])
        for key in NETWORKS:
            form.addRow(f"{network(key).name}:", self.hashtags[key])
        form = self._page(_("Words"), _("Words the library avoids, words that mean bad news, and its own "
                                        "audiences (they appear in the audience picker)."))
        form.addRow(_("Forbidden words:"), self.lists["forbidden_words"])
        form.addRow(_("Most emoji per post:"), self.emoji_limit)
        form.addRow(_("Bad-news words:"), self.lists["bad_news_words"])
        form.addRow(_("Own audiences:"), self.lists["audiences"])
        form.addRow(_("Word list (spelling):"), self.lists["word_list"])
        form = self._page(_("Contact details"), _("The library's own phone numbers and e-mail addresses: "
                                                  "the privacy check never warns about these."))
        form.addRow(_("Phone numbers:"), self.lists["contact_phones"])
        form.addRow(_("E-mail addresses:"), self.lists["contact_emails"])
        form = self._page(_("Rhythm"), _("The most posts a week per network: followers drop off when their feed "
                                         "is flooded. The cadence check warns before a post goes over it."))
        for key in NETWORKS:
            form.addRow(f"{network(key).name}:", self.cadence[key])
        form = self._page(_("Snippets"), _("Texts and hashtag groups every colleague inserts from the Insert "
                                           "menu or with Ctrl+Shift+I. A group adds only the tags a post lacks."))
        form.addRow(QLabel(_("Snippets:"), self))
        form.addRow(self.snippets)
        form.addRow(QLabel(_("Hashtag groups:"), self))
        form.addRow(self.hashtag_groups)
        form = self._page(_("Templates"), _("Shared starts for a new draft: text, networks, purpose and audience."))
        form.addRow(self.templates)

    # --- reading and filling -------------------------------------------------------------

    def set_style(self, style: HouseStyle) -> None:
        """Show ``style`` in the fields."""
        self._kept = style
        self.snippets.set_rows(list(style.snippets.items()))
        self.hashtag_groups.set_rows(group_rows(style.hashtag_groups))
        self.templates.set_templates(style.templates)
        for name in TEXT_FIELDS:
            getattr(self, name).setText(getattr(style, name))
        for name, edit in self.lists.items():
            edit.setPlainText("\n".join(getattr(style, name)))
        for key, edit in self.hashtags.items():
            edit.setText(" ".join(style.required_hashtags.get(key, ())))
        self.emoji_limit.setText("" if style.emoji_limit is None else str(style.emoji_limit))
        self.review_required.setChecked(style.review_required)
        for key, edit in self.cadence.items():
            edit.setText(str(style.cadence[key]) if key in style.cadence else "")

    def values(self) -> dict:
        """The fields as house-style data (checked by :meth:`HouseStyle.from_dict`); a table with a row
        without a name, or a name twice, is a :class:`HouseStyleError`."""
        data: dict = self._kept.to_dict()  # what no field shows stays as it was
        data.update({name: getattr(self, name).text().strip() for name in TEXT_FIELDS})
        data.update({name: _lines(edit) for name, edit in self.lists.items()})
        data["required_hashtags"] = {key: tags for key, edit in self.hashtags.items() if (tags := _tags(edit))}
        limit = self.emoji_limit.text().strip()
        data["emoji_limit"] = int(limit) if limit.isdigit() else None
        data["review_required"] = self.review_required.isChecked()
        data["cadence"] = {key: int(text) for key, edit in self.cadence.items()
                           if (text := edit.text().strip()).isdigit()}
        data["snippets"] = named_rows(self.snippets.rows(), _("Snippets"))
        data["hashtag_groups"] = {name: _tags_in(tags) for name, tags in
                                  named_rows(self.hashtag_groups.rows(), _("Hashtag groups")).items()}
        data["templates"] = [{**asdict(t), "networks": list(t.networks)}
                             for t in renamed(self.templates.templates, self.templates.names())]
        return data

    def style(self) -> HouseStyle:
        """The house style the fields describe; :class:`HouseStyleError` says what is wrong."""
        return HouseStyle.from_dict(self.values())

    # --- messages ----------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        colour_text(self.message, STATUS_COLOURS[Status.FAIL])
        self.message.setText(text)
        self.message.setVisible(True)

    def show_note(self, text: str) -> None:
        colour_text(self.message, STATUS_COLOURS[Status.PASS])
        self.message.setText(text)
        self.message.setVisible(True)

    # --- import, export, OK --------------------------------------------------------------------

    def ask_import(self) -> None:
        choose_file(self, False, _("Import a house style"), self.import_from)

    def import_from(self, path: str) -> bool:
        """Fill the fields from the file at ``path``; a file that cannot be used changes nothing.

        Core's one validation reads it (as ``post-composer check --house-style`` does), so the
        message here is the command line's, word for word.
        """
        try:
            style = read_house_style(path)
        except HouseStyleError as error:
            self.show_error(str(error))
            return False
        self.set_style(style)
        self.show_note(_("Imported from {path}. Press OK to use it.").format(path=path))
        return True

    def ask_export(self) -> None:
        if self._valid_style() is not None:
            choose_file(self, True, _("Export the house style"), self.export_to)

    def export_to(self, path: str) -> bool:
        """Write the fields, as a house-style file, to ``path``."""
        style = self._valid_style()
        if style is None:
            return False
        try:
            write_house_style(path, style)
        except OSError as error:
            self.show_error(_("{path} cannot be written: {reason}").format(path=path, reason=_reason(error)))
            return False
        self.show_note(_("Exported to {path}.").format(path=path))
        return True

    def accept(self) -> None:
        """OK: hand over the house style if it is valid; otherwise say why and stay open."""
        style = self._valid_style()
        if style is None:
            return
        self.saved.emit(style)
        super().accept()

    def _valid_style(self) -> HouseStyle | None:
        try:
            return self.style()
        except HouseStyleError as error:
            self.show_error(_("This house style cannot be used: {reason}").format(reason=error))
            return None


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
