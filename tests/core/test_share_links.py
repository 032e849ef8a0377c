"""The addresses that open each network's own composer with the post filled in (web intents)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from composer.core.writing.share_links import MAX_URL_BYTES, mastodon_host, share_link

POST = ("Nieuw in de leeszaal 📚: een getijdenboek uit Brugge!\nKom kijken & vertel het verder 🇧🇪\n"
        "bib.example.be/agenda?dag=za #erfgoed")


def text_in(url: str, field: str = "text") -> str:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)[field][0]


@pytest.mark.parametrize(("key", "start"), [
    ("x", "https://x.com/intent/post?text="),
    ("bluesky", "https://bsky.app/intent/compose?text="),
    ("threads", "https://www.threads.net/intent/post?text="),
])
def test_networks_that_take_text_get_it_whole_and_encoded(key, start):
    link = share_link(key, POST)
    assert link.url.startswith(start) and link.with_text and link.note == ""
    assert text_in(link.url) == POST  # Dutch, emoji, flags, line breaks, "&" and "?" intact
    assert "%0A" in link.url and "%F0%9F%93%9A" in link.url and "%26" in link.url
    assert " " not in link.url and "\n" not in link.url and link.url.isascii()


def test_mastodon_shares_on_the_librarys_own_server():
    link = share_link("mastodon", POST, "mastodon.social")
    assert link.url.startswith("https://mastodon.social/share?text=") and text_in(link.url) == POST


@pytest.mark.parametrize("written", ["mastodon.social", "https://mastodon.social/", " Mastodon.Social ",
                                     "@bib@mastodon.social", "https://mastodon.social/@bib"])
def test_the_mastodon_server_may_be_written_as_people_write_it(written):
    assert mastodon_host(written) == "mastodon.social"


def test_without_a_mastodon_server_nothing_is_opened_and_it_says_how_to_set_it():
    link = share_link("mastodon", POST, "")
    assert link.url is None
    assert "server is not set in the house style" in link.note and "mastodon.social" in link.note
    bad = share_link("mastodon", POST, "geen server")
    assert bad.url is None and "“geen server” is not a server's address" in bad.note


@pytest.mark.parametrize(("key", "start"), [
    ("linkedin", "https://www.linkedin.com/sharing/share-offsite/?url="),
    ("facebook", "https://www.facebook.com/sharer/sharer.php?u="),
])
def test_linkedin_and_facebook_share_the_first_link_and_say_they_take_no_text(key, start):
    text = "Lees meer op https://bib.example.be/agenda?dag=za&uur=10 en ook op https://example.org"
    link = share_link(key, text)
    assert link.url.startswith(start) and not link.with_text
    assert text_in(link.url, "url" if key == "linkedin" else "u") == "https://bib.example.be/agenda?dag=za&uur=10"
    assert "accepts no text" in link.note and "clipboard" in link.note
    assert text_in(share_link(key, POST).url, "url" if key == "linkedin" else "u") == (
        "https://bib.example.be/agenda?dag=za")  # a bare link gets its https://


def test_linkedin_without_a_link_opens_nothing_and_says_to_paste():
    link = share_link("linkedin", "Kom kijken naar ons getijdenboek 📚")
    assert link.url is None
    assert "only a link" in link.note and "paste the text" in link.note


def test_instagram_has_no_composer_on_the_web():
    link = share_link("instagram", POST)
    assert link.url is None and "app" in link.note and "clipboard" in link.note


def test_a_text_too_long_for_an_address_is_pasted_instead():
    long_text = "Een heel lang bericht over ons erfgoed 📚 " * 120  # > 8,000 bytes once encoded
    link = share_link("x", long_text)
    assert link.url == "https://x.com/intent/post" and not link.with_text
    assert "too long" in link.note and "paste" in link.note
    fits = share_link("x", "a" * (MAX_URL_BYTES - len("https://x.com/intent/post?text=")))
    assert fits.with_text and len(fits.url) == MAX_URL_BYTES
