"""Counting per network, checked against the published rules (../shared/platforms.md)."""

from __future__ import annotations

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from composer.core.networks.counting import count
from composer.core.networks.facts import NETWORKS, network

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # 👨‍👩‍👧‍👦: 7 code points, 11 UTF-16, 25 bytes
FLAG_BE = "\U0001F1E7\U0001F1EA"  # 🇧🇪
THUMBS = "\U0001F44D"  # 👍
# The four-lengths string from platforms.md; the last é is decomposed (e + U+0301).
FOUR_LENGTHS = f"Tentoonstelling {FAMILY} café {FLAG_BE} e\u0301"


def graphemes(text: str) -> list[str]:
    return regex.findall(r"\X", text)


def grapheme_starts(text: str) -> set[int]:
    starts, pos = set(), 0
    for g in graphemes(text):
        starts.add(pos)
        pos += len(g)
    return starts


# --- the four-lengths string ---------------------------------------------------

def test_four_lengths_string_is_what_platforms_md_says():
    assert len(FOUR_LENGTHS) == 34
    assert len(graphemes(FOUR_LENGTHS)) == 26
    assert len(FOUR_LENGTHS.encode("utf-8")) == 60


@pytest.mark.parametrize("key", ["facebook", "instagram", "linkedin"])
def test_meta_and_linkedin_count_utf16_units(key):
    measured = count(key, FOUR_LENGTHS)
    assert measured.length == 40
    assert not measured.over


def test_bluesky_counts_graphemes_and_bytes():
    measured = count("bluesky", FOUR_LENGTHS)
    assert measured.length == 26
    assert measured.byte_length == 60
    assert measured.byte_limit == 3000


def test_linkedin_bold_letters_count_two():
    assert count("linkedin", "\U0001D400\U0001D401").length == 4  # 𝐀𝐁


# --- X: twitter-text v3 weighted length -----------------------------------------

@pytest.mark.parametrize("url", [
    "https://example.com", "http://example.com", "example.com",
    "https://www.example.com/a/very/long/path/that/goes/on/and/on?with=query",
])
def test_x_url_counts_23_with_or_without_protocol(url):
    assert count("x", url).length == 23
    assert count("x", f"Zie {url} nu").length == 4 + 23 + 3


@pytest.mark.parametrize("text, expected", [
    (THUMBS, 2),
    (FAMILY, 2),                      # ZWJ sequence is one emoji
    (FLAG_BE, 2),                     # flag
    ("\U0001F44D\U0001F3FD", 2),      # skin tone
    ("日本語", 6),                     # CJK weighs 2
    ("한국", 4),                        # Hangul weighs 2
    ("café", 4),                      # Latin-1 weighs 1
    ("ÀÉÎÕÜ ñ ß", 9),
    ("\u2014\u2018\u2019\u201c\u201d", 5),  # general punctuation in the weight-1 ranges
    ("e\u0301", 1),                   # NFC: decomposed é is one character
    ("A\u030a", 1),
])
def test_x_weights(text, expected):
    assert count("x", text).length == expected


def test_x_nfc_makes_decomposed_text_count_like_composed():
    composed, decomposed = "Tentoonstelling in het café", "Tentoonstelling in het cafe\u0301"
    assert count("x", composed).length == count("x", decomposed).length == 27


# twitter-text's own conformance suite (weighted length, links): tests/test_counting_conformance.py.


# --- Mastodon -------------------------------------------------------------------

def test_mastodon_url_counts_23():
    assert count("mastodon", "https://example.com/a/very/long/path/indeed/yes").length == 23
    assert count("mastodon", "Lees https://example.com/x").length == 5 + 23


def test_mastodon_remote_mention_counts_as_local_part():
    assert count("mastodon", "@alice@mastodon.social").length == len("@alice")
    text = "Dank @alice@mastodon.social en @bob@social.example.org!"
    assert count("mastodon", text).length == len("Dank @alice en @bob!")


def test_mastodon_counts_graphemes_and_email_in_full():
    assert count("mastodon", FAMILY + " café").length == 6
    assert count("mastodon", "mail alice@example.com").length == len("mail alice@example.com")


def test_mastodon_over_from_with_remote_mention():
    text = "@alice@example.social " + "a" * 493 + "bc"  # 6 + 1 + 493 = 500 fit
    measured = count("mastodon", text)
    assert measured.length == 502
    assert measured.over_from == text.index("bc")


# --- Bluesky --------------------------------------------------------------------

def test_bluesky_shortens_urls_with_long_paths():
    short_path = "https://example.com/" + "p" * 14   # path '/ppp…' is 15 characters: kept
    long_path = "https://example.com/" + "p" * 15    # 16 characters: host + 13 + '...'
    assert count("bluesky", "zie " + short_path).length == 4 + len("example.com/" + "p" * 14)
    assert count("bluesky", "zie " + long_path).length == 4 + len("example.com" + "/" + "p" * 12 + "...")


def test_bluesky_byte_cap_counts_even_when_graphemes_fit():
    text = FAMILY * 121  # 121 graphemes, 3025 bytes
    measured = count("bluesky", text)
    assert measured.length == 121 <= measured.limit
    assert measured.byte_length == 3025
    assert measured.over
    assert measured.over_from == 120 * len(FAMILY)


def test_bluesky_byte_cap_over_from_starts_at_the_straddling_grapheme():
    """The family emoji whose bytes cross 3000 is over as a whole, not from its last code point."""
    text = "ab" + FAMILY * 120  # 3002 bytes; the last family emoji crosses the cap
    measured = count("bluesky", text)
    assert measured.over_from == 2 + 119 * len(FAMILY)


def test_bluesky_grapheme_limit_over_from():
    text = "\U0001F600" * 299 + "ab"
    assert count("bluesky", text).over_from == 300


# --- Threads --------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (THUMBS, 4), (FAMILY, 25), (FLAG_BE, 8), ("café", 4), ("日本", 2),
])
def test_threads_counts_emoji_as_utf8_bytes(text, expected):
    assert count("threads", text).length == expected


def test_threads_over_from_emoji_straddling():
    text = "a" * 498 + THUMBS  # 498 + 4 > 500
    assert count("threads", text).over_from == 498


# --- over_from and near -----------------------------------------------------------

@pytest.mark.parametrize("key", NETWORKS)
def test_over_from_at_first_character_past_the_limit(key):
    limit = network(key).text_limit
    assert count(key, "a" * limit).over_from is None
    assert count(key, "a" * (limit + 1)).over_from == limit


@pytest.mark.parametrize("key", NETWORKS)
def test_over_from_at_emoji_straddling_the_limit(key):
    limit = network(key).text_limit
    text = "a" * (limit - 1) + THUMBS  # the emoji costs more than the one unit left
    measured = count(key, text)
    if key in ("mastodon", "bluesky"):  # graphemes: the emoji costs 1 and fits
        assert measured.over_from is None
    else:
        assert measured.over_from == limit - 1


def test_x_over_from_maps_back_through_nfc():
    text = "e\u0301" * 281  # 281 weighted after NFC, 562 code points before
    assert count("x", text).over_from == 560


def test_x_over_from_after_astral_characters():
    text = "\U0001F637" * 139 + "abc"  # 278 + 3
    assert count("x", text).over_from == 141


def test_x_over_from_with_windows_line_ending_after_the_limit():
    r"""'\r\n' is two characters to twitter-text; a line ending after the overflow must not shift over_from."""
    text = "a" * 281 + "\r\n"
    measured = count("x", text)
    assert measured.length == 283
    assert measured.over_from == 280


def test_x_over_from_is_a_grapheme_start_in_a_combining_sequence():
    """An overflow inside a combining sequence marks the whole cluster, never an empty range."""
    text = "a" * 279 + "e" + "\u0301" * 3  # NFC: é + 2 marks, 282 weighted
    measured = count("x", text)
    assert measured.length == 282
    assert measured.over_from == 279


def test_near_from_80_percent():
    assert not count("x", "a" * 223).near
    assert count("x", "a" * 224).near
    assert count("x", "a" * 280).near
    over = count("x", "a" * 281)
    assert over.over and not over.near
    assert over.excess == 1
    assert count("mastodon", "a" * 400).near and not count("mastodon", "a" * 399).near


def test_unknown_network_raises_value_error():
    with pytest.raises(ValueError):
        count("myspace", "hallo")
    with pytest.raises(ValueError):
        network("")


# --- bad input --------------------------------------------------------------------

BAD_INPUT = {
    "nul": "voor\x00na\x00" * 50,
    "lone high surrogate": "a\ud800b",
    "lone surrogates many": "\ud800\udfff\udc00" * 100,
    "rtl": "שלום עולם \u202eمرحبا بالعالم\u202c " * 30,
    "combining": "e" + "\u0301" * 5000,
    "zalgo": "z\u0336\u0337\u0338\u0321\u0322" * 500,
    "200 KB": "Tentoonstelling café 👍 " * 8_000,
    "empty": "",
    "only newlines": "\r\n\r\n\n\r",
}


@pytest.mark.parametrize("key", NETWORKS)
@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_never_raises(key, name):
    text = BAD_INPUT[name]
    measured = count(key, text)
    assert measured.length >= 0
    assert measured.over_from is None or 0 <= measured.over_from <= len(text)


# --- property -----------------------------------------------------------------------

def fits(measured) -> bool:
    if measured.length > measured.limit or measured.invalid_at is not None:
        return False
    return measured.byte_limit is None or measured.byte_length <= measured.byte_limit


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_network_counts_any_text(text):
    for key in NETWORKS:
        measured = count(key, text)
        assert measured.length >= 0
        assert measured.over_from is None or 0 <= measured.over_from <= len(text)
        assert (measured.over_from is None) == fits(measured), (key, measured)
        if key == "bluesky":
            assert measured.byte_length is not None


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_long_texts_are_over_everywhere_they_should_be(chunk):
    # At least 600 characters: past the limits of X, Mastodon, Bluesky and Threads.
    # (Kept short: twitter-text's URL extractor is quadratic on long dotted runs.)
    text = chunk * -(-600 // len(chunk))
    for key in NETWORKS:
        measured = count(key, text)
        assert (measured.over_from is None) == fits(measured), (key, measured)
        assert measured.over_from is None or 0 <= measured.over_from <= len(text)


# --- counting word by word gives the same answer as counting the whole text ---------------

from composer.core.networks import (  # noqa: E402
    bluesky_links,
    counting,
    lengths,
    mastodon_entities,
    overflow,
    tokens,
    x_entities,
)

PIECES = st.sampled_from([
    "a", "é", "e\u0301", " ", "  ", "\n", "\r\n", "\t", "\u3000", "日", "👨‍👩‍👧‍👦", "🇧🇪", "👍🏽", "1️⃣", "\u0301",
    "\u200d", "https://bib.example.be/a/very/long/path/indeed", "example.com", "www.kbr.be/x", ".", "@an",
    "@an@mastodon.social", "#tag", "\u0600", "ab", "x" * 40,
])
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def whole_text_reference(method: str, text: str, limit: int) -> tuple[int, int | None]:
    """Length and overflow index measured on the whole text at once, without cutting it into words.

    The same rules (``overflow.units``) applied to the text as one word: what
    cutting it into cached words must not change. Mastodon strips the text first.
    """
    lead = 0
    if method == "mastodon":
        lead = len(text) - len(text.lstrip(counting.MASTODON_STRIP))
        text = text.strip(counting.MASTODON_STRIP)
        if counting.RUBY_BLANK.fullmatch(text):
            return 0, None
    units = overflow.units(method, text, at_start=True)
    length = sum(cost for _end, cost in units)
    if length <= limit:
        return length, None
    return length, overflow.first_over(units, limit) + lead


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["x", "mastodon", "bluesky", "threads", "linkedin"]), st.integers(1, 60))
def test_word_by_word_counting_matches_the_whole_text(text, key, limit):
    net = network(key)
    measured = counting.measure(key, text, net.counting, limit)
    expected_length, expected_over = whole_text_reference(net.counting, text, limit)
    if key == "bluesky" and bluesky_replayed(text):
        expected_length = lengths.graphemes(bluesky_replay_whole(text))  # the app's own edits: see bluesky_links
        assert measured.length == expected_length
        return
    assert measured.length == expected_length
    assert measured.over_from == expected_over


def bluesky_replayed(text: str) -> bool:
    return counting.bluesky_replayed(text, lengths.measured(text))


def bluesky_replay_whole(text: str) -> str:
    """The Bluesky app's edits replayed with the links found in the whole text at once."""
    return bluesky_links.bluesky_replay(text, [(a, b) for a, b, _shown in bluesky_links.bluesky_facets(text)])


def test_x_light_ranges_are_twitter_texts_own():
    from twitter_text.config import config

    ranges = tuple((r["start"], r["end"]) for r in config["defaults"]["ranges"] if r["weight"] == 100)
    assert ranges == lengths.X_LIGHT_RANGES


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100, exclude_categories=("Cs",)), max_size=12))
def test_x_words_without_links_or_emoji_weigh_their_nfc_code_points(word):
    import unicodedata

    form = unicodedata.normalize("NFC", word)
    assume(not x_entities.x_urls(form, True) and not x_entities.x_emoji(form)
           and not set(form) & set(counting.X_INVALID))
    light = sum(any(a <= ord(c) <= b for a, b in lengths.X_LIGHT_RANGES) for c in form)
    assert count("x", word).length == light + 2 * (len(form) - light)


@settings(max_examples=10, deadline=None)
@given(st.lists(PIECES, min_size=300, max_size=400).map("".join),
       st.sampled_from(["x", "mastodon", "bluesky", "threads", "linkedin"]))
def test_long_lines_cut_into_pieces_count_the_same(text, key):
    """Long lines are measured in pieces cut before a space; the totals must not change."""
    assume(len(text) > 2 * tokens.PIECE)
    assume(not any(x_entities.dotted_blob(t) for t in tokens.tokens(text)))  # those skip the URL finder
    assume(text.count(".") <= 120)  # the reference searches the whole text as one word: quadratic in its dots
    net = network(key)
    limit = max(1, len(text) // 2)
    measured = counting.measure(key, text, net.counting, limit)
    saved = x_entities.dotted_blob
    # the reference measures the whole text as one word: X's and Mastodon's link finders search it all
    x_entities.dotted_blob = mastodon_entities.dotted_blob = lambda _text: False
    try:
        expected = whole_text_reference(net.counting, text, limit)
        if key == "bluesky" and bluesky_replayed(text):
            assert measured.length == lengths.graphemes(bluesky_replay_whole(text))
            return
    finally:
        x_entities.dotted_blob = mastodon_entities.dotted_blob = saved
    assert (measured.length, measured.over_from) == expected
