"""File → Open in network ▸: the final text on the clipboard, the export folder for the images, then the network's
own composer in the browser (here a recorder: no browser is opened)."""

from __future__ import annotations

from dataclasses import replace

from composer.core.export.folder import final_text
from composer.core.export.names import folder_name
from composer.core.writing.share_links import share_link
from composer.ui.writing.network_actions import qurl
from tests.ui_helpers import STYLE, open_window

TEXT = "Nieuw in de bib 📚: een getijdenboek!\nKom kijken, meer op https://bib.example.be/agenda #erfgoed"


def opener_of(window):
    """The window's opener with a recorder for the browser and for the file manager."""
    opener = window.network_opener
    opener.open_url, opener.open_folder = (opened := []).append, (folders := []).append
    return opener, opened, folders


def entries(opener) -> dict[str, object]:
    opener.menu.aboutToShow.emit()
    return {action.data(): action for action in opener.menu.actions() if action.data()}


def test_the_menu_sits_in_file_after_export_with_an_entry_per_chosen_network(start, data_dir):
    window, _fake = open_window(start, data_dir, text=TEXT, networks=("instagram", "x", "linkedin"))
    assert window.export_ui.export_action.text() == "&Export…"  # the hand-over's entries, built on first use
    file_entries = [action.text() for action in window.file_menu.actions()]
    assert file_entries.index("&Export…") < file_entries.index("Open in net&work")
    opener, _opened, _folders = opener_of(window)
    names = {key: action.text() for key, action in entries(opener).items()}
    assert names == {"instagram": "Instagram (copy the text for the app)", "x": "X", "linkedin": "LinkedIn"}


def test_x_gets_its_final_text_on_the_clipboard_and_in_the_address(start, data_dir):
    window, fake = open_window(start, data_dir, text=TEXT, networks=("instagram", "x"))
    opener, opened, _folders = opener_of(window)
    entries(opener)["x"].trigger()
    final = final_text(window.editor.draft(), "x", STYLE)
    assert final.endswith("Tot in de bib! 💛")  # the house style's sign-off is part of it
    assert fake.texts == [final]
    assert opened == [share_link("x", final).url]
    assert opened[0].startswith("https://x.com/intent/post?text=Nieuw%20in%20de%20bib%20%F0%9F%93%9A")
    assert "%0A" in opened[0]
    assert "X opens in your browser with the text filled in" in window.statusBar().currentMessage()


def test_the_address_reaches_the_browser_unchanged():
    url = share_link("bluesky", TEXT).url
    assert bytes(qurl(url).toEncoded()).decode("ascii") == url


def test_linkedin_gets_the_first_link_and_instagram_only_the_clipboard(start, data_dir):
    window, fake = open_window(start, data_dir, text=TEXT, networks=("instagram", "linkedin"))
    opener, opened, _folders = opener_of(window)
    entries(opener)["linkedin"].trigger()
    assert opened == ["https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fbib.example.be%2Fagenda"]
    assert fake.texts[-1] == final_text(window.editor.draft(), "linkedin", STYLE)
    assert "accepts no text" in window.statusBar().currentMessage()
    entries(opener)["instagram"].trigger()
    assert len(opened) == 1  # nothing to open for Instagram
    assert fake.texts[-1] == final_text(window.editor.draft(), "instagram", STYLE)
    assert "Instagram app" in window.statusBar().currentMessage()


def test_mastodon_asks_for_the_librarys_server_once_and_keeps_it_in_the_house_style(start, data_dir):
    window, fake = open_window(start, data_dir, text=TEXT, networks=("mastodon",))
    opener, opened, _folders = opener_of(window)
    asked = []
    opener.ask_server = lambda parent, done: (asked.append(parent), done("https://Mastodon.Social/"))
    entries(opener)["mastodon"].trigger()
    assert len(asked) == 1
    assert window.context.house_style.mastodon_server == "mastodon.social"
    assert opened == [share_link("mastodon", fake.texts[-1], "mastodon.social").url]
    entries(opener)["mastodon"].trigger()
    assert len(asked) == 1 and len(opened) == 2  # asked once


def test_a_mastodon_server_that_is_none_is_named_and_nothing_opens(start, data_dir):
    window, _fake = open_window(start, data_dir, text=TEXT, networks=("mastodon",))
    opener, opened, _folders = opener_of(window)
    opener.ask_server = lambda parent, done: done("geen server")
    entries(opener)["mastodon"].trigger()
    assert opened == [] and window.context.house_style.mastodon_server == ""
    assert "is not a server's address" in window.statusBar().currentMessage()


def test_the_export_folder_opens_for_the_images_or_it_says_to_export_first(start, data_dir, tmp_path):
    window, _fake = open_window(start, data_dir, text=TEXT, networks=("x",), photo=True)
    opener, opened, folders = opener_of(window)
    opener.exports_folder = lambda: tmp_path / "exports"
    entries(opener)["x"].trigger()
    assert folders == [] and len(opened) == 1
    assert "Export first for the images" in window.statusBar().currentMessage()
    exported = tmp_path / "exports" / folder_name(window.editor.draft()) / "x"
    exported.mkdir(parents=True)
    entries(opener)["x"].trigger()
    assert folders == [exported] and len(opened) == 2
    assert "export folder" in window.statusBar().currentMessage()


def test_without_a_network_the_menu_says_to_choose_one(start, data_dir):
    window, _fake = open_window(start, data_dir, text=TEXT)
    window.editor.load(replace(window.editor.draft(), networks=()))
    opener, _opened, _folders = opener_of(window)
    opener.menu.aboutToShow.emit()
    (only,) = opener.menu.actions()
    assert not only.isEnabled() and "Choose a network" in only.text()
