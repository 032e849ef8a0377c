"""Issue 10: each class of counting error the networks' reference implementations showed, one test at least.

The figures come from running the references (see ``tools/conformance``):
twitter-text 3.1.0 for X; @atproto/api's RichText with the Bluesky app's
link shortening; the Mastodon server's rules over twitter-text 3.1.0.
"""

from __future__ import annotations

import pytest

from composer.core.checklist import CheckContext, Status, run_checks
from composer.core.drafts.draft import Draft
from composer.core.networks.counting import count
from tests.helpers.checks import of

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # 25 UTF-8 bytes, one grapheme


# --- Bluesky: the app shortens only the links it detects and can parse ---------------------------------------

def test_bluesky_counts_a_bare_domain_in_full():
    text = "Zie example.com/agenda/2026/12/voorleesuurtje"
    assert count("bluesky", text).length == len(text)  # not shortened: the app needs https:// to parse it


@pytest.mark.parametrize("text", [
    "HTTPS://EXAMPLE.COM/AGENDA/2026/12/X",                  # upper-case scheme: no link
    "Https://example.com/agenda/2026/12/voorleesuurtje",    # nor a capital H
    "info:https://example.com/agenda/2026/12/voorleesuurtje",  # not after a space, the start or (
])
def test_bluesky_does_not_shorten_what_it_does_not_detect_as_a_link(text):
    assert count("bluesky", text).length == len(text)


def test_bluesky_shortens_a_link_after_a_parenthesis_without_the_closing_one():
    text = "(https://example.com/agenda/2026/12/voorleesuurtje)"
    assert count("bluesky", text).length == len("(example.com/agenda/2026/...)")


def test_bluesky_drops_the_slash_of_a_root_link():
    assert count("bluesky", "https://www.kbr.be/").length == len("www.kbr.be")


def test_bluesky_shortens_a_query_without_a_path():
    assert count("bluesky", "https://example.com?x=1&lang=nl&tab=agenda").length == len("example.com?x=1&lang=nl&...")


def test_bluesky_shows_a_non_ascii_host_as_punycode_and_a_path_percent_encoded():
    assert count("bluesky", "https://café.example.be/menu").length == len("xn--caf-dma.example.be/menu")
    assert count("bluesky", "https://example.be/é").length == len("example.be/%C3%A9")


def test_bluesky_byte_cap_is_on_the_text_the_app_posts():
    link = "https://www.bibliotheek.example.be/agenda/" + "tentoonstelling-drukkers-van-antwerpen/" * 8
    text = FAMILY * 118 + " " + link  # 2,950 + 1 + 354 bytes as typed; the link posts as 42
    measured = count("bluesky", text)
    assert len(text.encode("utf-8")) > 3000
    assert measured.byte_length == 2950 + 1 + len("www.bibliotheek.example.be/agenda/tento...")
    assert measured.valid


def test_bluesky_byte_cap_leaves_out_what_the_app_trims():
    text = FAMILY * 119 + "a" + " " * 30  # 2,976 bytes and 30 trailing spaces the app trims before posting
    measured = count("bluesky", text)
    assert measured.byte_length == 2976 and measured.valid


def test_bluesky_counts_a_link_the_app_garbles_after_a_byte_order_mark_as_the_app_does():
    # The app's RichText decodes with a TextDecoder, which drops a byte-order mark at the start: the
    # shortened link lands three bytes off and "htt" of the old one stays behind.
    shown = "example.com/agenda/2026/...htt"
    assert count("bluesky", "\ufeffhttps://example.com/agenda/2026/12/x").length == len(shown)


def test_bluesky_refuses_what_the_app_garbles_past_300_as_it_posts():
    # The counter shows 295 graphemes; cutting the blank lines drops the byte-order mark, the link is
    # shortened three bytes off and the record the app sends has 303: the server refuses it.
    text = "\ufeff " + "ab " * 85 + "\n\n\nhttps://t.co/abc123XYZ:affiche " + "cd " * 5
    measured = count("bluesky", text)
    assert measured.byte_length == 303
    assert not measured.valid


# --- Mastodon: the server's own rules ----------------------------------------------------------------------

def test_mastodon_counts_a_bare_domain_by_its_characters():
    assert count("mastodon", "Lees example.com/agenda").length == len("Lees example.com/agenda")


@pytest.mark.parametrize("link", ["https://example.com/agenda/2026/12", "HTTPS://EXAMPLE.BE/AGENDA/ZOMER",
                                  "gemini://bib.example.be/gemlog"])
def test_mastodon_counts_a_link_with_a_protocol_as_23(link):
    assert count("mastodon", f"Lees {link} nu").length == 5 + 23 + 3


def test_mastodon_strips_the_text_before_counting():
    assert count("mastodon", "  hallo  \n").length == 5
    assert not count("mastodon", "a" * 500 + "\n\n").over
    assert count("mastodon", "\n" + "a" * 501).over_from == 501


@pytest.mark.parametrize("text", ["x=@bob@server.example", "/@bob@server.example"])
def test_mastodon_no_mention_after_an_equals_sign_or_slash(text):
    assert count("mastodon", text).length == len(text)


def test_mastodon_no_mention_with_a_server_name_over_253_characters():
    at_limit, over = "@bib@" + "a" * 250 + ".be", "@bib@" + "a" * 251 + ".be"
    assert count("mastodon", at_limit).length == len("@bib")
    assert count("mastodon", over).length == len(over)


@pytest.mark.parametrize("text", ["@josé@server.example.nl", "@ölaf@social.example.de"])
def test_mastodon_no_mention_with_a_user_name_outside_ascii(text):
    assert count("mastodon", text).length == len(text)


def test_mastodon_remote_mention_on_a_server_with_letters_outside_ascii():
    assert count("mastodon", "@an@café.example").length == len("@an")


def test_mastodon_link_paths_take_more_characters_than_twitter_text():
    assert count("mastodon", "https://bib.example.be/agenda/«zomer»").length == 23
    assert count("mastodon", "https://example.com?q=caf\u00e9\u00a0cr\u00e8me").length == 23  # the query runs on


# --- X: twitter-text 3.1.0 -------------------------------------------------------------------------------

def test_x_copyright_and_registered_alone_weigh_1():
    assert count("x", "© 2026 Bib ®").length == 12
    assert count("x", "©️").length == 2  # with VS16 it is an emoji


@pytest.mark.parametrize("text, weight", [("⌚️", 2), ("⌚", 2), ("☺️", 2), ("📚️", 4), ("♾️", 4), ("⌚︎", 4)])
def test_x_emoji_with_a_variation_selector_as_twitter_text(text, weight):
    assert count("x", text).length == weight


@pytest.mark.parametrize("text", ["مرحباexample.com", "שלוםexample.com"])
def test_x_a_bare_domain_glued_to_arabic_or_hebrew_is_a_link(text):
    letters = len(text) - len("example.com")  # Arabic and Hebrew weigh 1 (U+0000-10FF)
    assert count("x", text).length == letters + 23


@pytest.mark.parametrize("text", ["\ufeffHallo", "Hallo\ufffe", "Ha\uffffllo"])
def test_x_refuses_a_byte_order_mark_and_non_characters(text):
    measured = count("x", text)
    assert not measured.valid
    assert measured.invalid_at == next(i for i, c in enumerate(text) if c in "\ufeff\ufffe\uffff")


@pytest.mark.parametrize("text, link", [("http://x.org/a:(b)", "http://x.org/a"), ("http://x.org/a=(b)", None),
                                        ("http://x.org/a:b(c)", None)])
def test_x_parentheses_end_a_link_only_as_twitter_text_reads_them(text, link):
    # twitter-text's path pattern takes "(…)" as a segment of its own or after a path's ending character
    assert count("x", text).length == 23 + (len(text) - len(link) if link else 0)


def test_x_an_empty_text_is_not_a_valid_post():
    assert not count("x", "").valid
    assert count("x", " ").valid  # a space is text to twitter-text


def test_x_a_windows_line_end_is_two_characters():
    assert count("x", "a\r\nb").length == 4


def test_x_a_pasted_byte_order_mark_blocks_export_and_is_marked():
    [length] = of(run_checks(Draft(text="\ufeffNieuw in de bib", networks=("x",))), "length", "x")
    assert length.status is Status.FAIL and "byte-order mark" in length.message
    assert length.ranges == ((0, 1),)


# --- Threads and Instagram: the project's rules --------------------------------------------------------------

def test_threads_link_cap_counts_different_links():
    links = " ".join(["https://bib.example.be/agenda", "bib.example.be/agenda", "https://kbr.be/", "https://kbr.be",
                      "https://a.example.be/x", "https://b.example.be/x", "https://c.example.be/x"])
    checks = run_checks(Draft(text="Meer: " + links, networks=("threads",)), CheckContext())
    assert [c.status for c in of(checks, "links", "threads")] == [Status.PASS]  # 5 different pages


def test_threads_link_cap_still_holds_for_six_different_links():
    links = " ".join(f"https://{n}.example.be/agenda" for n in "abcdef")
    [cap] = of(run_checks(Draft(text=links, networks=("threads",)), CheckContext()), "links", "threads")
    assert cap.status is Status.FAIL and "has 6" in cap.message


def test_instagram_cap_leaves_out_tags_of_only_digits_and_hashes_in_links():
    text = "Nieuw! #erfgoed #boeken #lezen #kunst #affiches #2026 https://bib.example.be/agenda/#top"
    checks = of(run_checks(Draft(text=text, networks=("instagram",)), CheckContext()), "hashtags", "instagram")
    assert not [c for c in checks if c.status is Status.FAIL]  # five tags that link somewhere
    assert [c for c in checks if "#2026" in c.message]  # the tag of only digits is still pointed out
