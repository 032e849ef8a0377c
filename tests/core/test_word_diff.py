"""The word-level diff of earlier versions: words and the spaces between them, in reading order."""

from __future__ import annotations

import random

import pytest

from composer.core.writing.diff import ADDED, REMOVED, SAME, Piece, changed, tokens, word_diff


def kinds(old: str, new: str) -> list[tuple[str, str]]:
    return [(piece.kind, piece.text) for piece in word_diff(old, new)]


def sides(pieces: tuple[Piece, ...]) -> tuple[str, str]:
    """The earlier text and the newer one, put together again from the pieces."""
    return ("".join(p.text for p in pieces if p.kind != ADDED), "".join(p.text for p in pieces if p.kind != REMOVED))


def test_a_word_replaced_is_one_removal_then_one_addition():
    assert kinds("Kom vrijdag kijken", "Kom zaterdag kijken") == [
        (SAME, "Kom "), (REMOVED, "vrijdag"), (ADDED, "zaterdag"), (SAME, " kijken")]


def test_words_added_and_removed_alone():
    assert kinds("De leeszaal is open", "De grote leeszaal is open") == [
        (SAME, "De "), (ADDED, "grote "), (SAME, "leeszaal is open")]
    assert kinds("De grote leeszaal is open", "De leeszaal is open") == [
        (SAME, "De "), (REMOVED, "grote "), (SAME, "leeszaal is open")]


def test_punctuation_is_a_change_of_its_own_and_a_word_keeps_its_hyphen_and_apostrophe():
    assert kinds("Zuid-Afrika is mooi", "Zuid-Afrika is mooi!") == [(SAME, "Zuid-Afrika is mooi"), (ADDED, "!")]
    assert tokens("d'r café's Zuid-Afrika") == ["d'r", " ", "café's", " ", "Zuid-Afrika"]


def test_space_alone_between_two_changes_joins_them():
    assert kinds("een oud boek hier", "twee nieuwe boeken hier") == [
        (REMOVED, "een oud boek"), (ADDED, "twee nieuwe boeken"), (SAME, " hier")]


def test_line_breaks_are_kept_and_compared():
    pieces = word_diff("Kom kijken!\nTot vrijdag", "Kom kijken!\n\nTot vrijdag")
    assert [p.kind for p in pieces] == [SAME, ADDED, SAME]
    assert sides(pieces) == ("Kom kijken!\nTot vrijdag", "Kom kijken!\n\nTot vrijdag")


def test_unicode_accents_and_emoji_stay_whole():
    assert kinds("Café 👩‍👩‍👧 open", "Café 👩‍👩‍👦 open") == [
        (SAME, "Café "), (REMOVED, "👩\u200d👩\u200d👧"), (ADDED, "👩\u200d👩\u200d👦"), (SAME, " open")]
    assert kinds("e\u0301te\u0301", "ete") == [(REMOVED, "e\u0301te\u0301"), (ADDED, "ete")]  # combining accents
    assert kinds("👍🏽 top", "👍🏿 top")[:2] == [(REMOVED, "👍🏽"), (ADDED, "👍🏿")]  # skin tones


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("", "", []),
    ("", "Hallo", [(ADDED, "Hallo")]),
    ("Hallo", "", [(REMOVED, "Hallo")]),
    ("Hetzelfde 📚", "Hetzelfde 📚", [(SAME, "Hetzelfde 📚")]),
])
def test_empty_and_equal_texts(old, new, expected):
    assert kinds(old, new) == expected
    assert changed(word_diff(old, new)) == (old != new)


def test_any_two_texts_come_back_whole_from_their_pieces():
    rng = random.Random(14)
    words = ["de", "het", "bib", "📚", "café", ",", ".", "\n", "  ", "#erfgoed", "👩‍👩‍👧", "x"]
    for _ in range(300):
        old = " ".join(rng.choice(words) for _ in range(rng.randint(0, 600)))
        new_words = old.split(" ")
        for _ in range(rng.randint(0, 40)):
            spot = rng.randrange(len(new_words))
            new_words[spot:spot + rng.randint(0, 3)] = [rng.choice(words)]
        new = " ".join(new_words)
        pieces = word_diff(old, new)
        assert sides(pieces) == (old, new)
        assert all(piece.text for piece in pieces)
        assert all(a.kind != b.kind for a, b in zip(pieces, pieces[1:], strict=False))


def test_a_long_text_changed_in_a_few_places_shows_just_those_places():
    sentence = "In de leeszaal van {n} vind je brieven uit Brugge en kaarten uit Gent. "
    old = "".join(sentence.format(n=n) for n in range(300))  # about 21,000 characters
    new = old.replace("van 17 ", "van zeventien ").replace("uit Gent. In de leeszaal van 250", "uit Ieper. In de "
                                                           "leeszaal van 250")
    changes = [(p.kind, p.text) for p in word_diff(old, new) if p.kind != SAME]
    assert changes == [(REMOVED, "17"), (ADDED, "zeventien"), (REMOVED, "Gent"), (ADDED, "Ieper")]
