"""Spell checking without a window: which words are read, which the library knows, the shipped dictionaries."""

from __future__ import annotations

import pytest

from composer.core.house_style import HouseStyle
from composer.core.writing import dictionaries
from composer.core.writing.spelling import (
    SpellChecker,
    SpellingChoice,
    choices_from_setting,
    library_words,
    post_language,
)
from composer.core.writing.spelling_words import word_at, words_to_check


class Knows:
    """A dictionary that knows ``words`` and counts what it is asked."""

    def __init__(self, *words: str):
        self.words = set(words)
        self.checked: list[str] = []
        self.suggested: list[str] = []

    def check(self, word: str) -> bool:
        self.checked.append(word)
        return word in self.words

    def suggest(self, word: str) -> list[str]:
        self.suggested.append(word)
        return [word.replace("nig", "ing"), word]


def flagged(checker: SpellChecker, text: str) -> list[str]:
    return [text[a:b] for a, b in checker.misspelled_in(text)]


@pytest.mark.parametrize("text", [
    "https://www.bibliotheek.example.be/agenda/drukkers?taal=nl",
    "www.kbr.be",
    "#erfgoeddag #Tentoonstellnig",
    "@kbr_be @bib@mastodon.example.be",
    "jan.peeters@gmail.com",
    "3de 10u30 2026a 1e",
    "KBR MSK FOMU",
    "a é",
])
def test_links_tags_mentions_addresses_numbers_and_acronyms_are_never_flagged(text):
    assert flagged(SpellChecker(Knows(), "nl"), text) == []


def test_the_words_around_them_are():
    text = "Kijk op https://bib.example.be/agenda, mail jan@example.be of volg #bib: fautje"
    assert flagged(SpellChecker(Knows("Kijk", "op", "mail", "of", "volg"), "nl"), text) == ["fautje"]


def test_the_librarys_name_and_word_list_are_right_whatever_their_case():
    style = HouseStyle(library_name="Bib Permeke", word_list=("Museum aan de Stroom", "Sint-Lucas", "inleverbus"))
    checker = SpellChecker(Knows(), "nl", library_words(style))
    text = "Bib Permeke, permeke’s leeszaal, het Museum aan de Stroom, Sint-Lucas en de Inleverbus"
    assert flagged(checker, text) == ["leeszaal", "het", "en"]


def test_a_colleagues_own_words_and_learned_words_count_too():
    checker = SpellChecker(Knows(), "nl", library_words(HouseStyle(), ["Vooruit"]))
    assert flagged(checker, "Vooruit Gent") == ["Gent"]
    checker.learn(["Gent"])
    assert flagged(checker, "Vooruit Gent") == []
    assert checker.know_only(library_words(HouseStyle())) is True
    assert flagged(checker, "Vooruit Gent") == ["Vooruit", "Gent"]


def test_a_hyphenated_word_is_right_when_each_part_is():
    checker = SpellChecker(Knows("café", "menu"), "nl")
    assert flagged(checker, "café-menu cafe-menu") == ["cafe-menu"]


def test_typing_reads_only_the_changed_line_and_asks_only_new_words():
    speller = Knows("de", "leeszaal", "opent")
    checker = SpellChecker(speller, "nl")
    checker.misspelled_in("de leeszaal opent\nvrijdag om tien")
    speller.checked.clear()
    checker.misspelled_in("de leeszaal opent\nvrijdag om tien uur")
    assert speller.checked == ["uur"]


def test_suggestions_are_computed_only_when_asked_and_once():
    speller = Knows()
    checker = SpellChecker(speller, "nl")
    assert flagged(checker, "tentoonstellnig") == ["tentoonstellnig"]
    assert speller.suggested == []
    assert checker.suggestions("tentoonstellnig") == ("tentoonstelling",)  # the word itself is no suggestion
    checker.suggestions("tentoonstellnig")
    assert speller.suggested == ["tentoonstellnig"]


def test_the_word_at_a_position():
    text = "Kijk op www.kbr.be naar onze tentoonstellnig"
    assert word_at(text, 2) == (0, 4)
    assert word_at(text, 12) is None  # inside the link
    start = text.index("tentoonstellnig")
    assert word_at(text, len(text)) == (start, len(text))
    assert (start, len(text)) in words_to_check(text)


def test_a_posts_language():
    assert post_language("De tentoonstelling opent vrijdag in de leeszaal, en het is gratis.") == "nl"
    assert post_language("The exhibition opens on Friday in the reading room, and it is free.") == "en"
    assert post_language("L’exposition est ouverte tous les jours dans la salle de lecture, et c’est gratuit.") \
        == "fr"


def test_a_drafts_choice_is_kept_as_little_as_possible_and_bad_settings_are_the_default():
    assert SpellingChoice().to_setting() == {}
    assert SpellingChoice("fr", False).to_setting() == {"language": "fr", "check": False}
    assert SpellingChoice.from_setting({"language": "fr", "check": False}) == SpellingChoice("fr", False)
    assert SpellingChoice.from_setting({"language": "klingon", "check": "yes"}) == SpellingChoice()
    assert choices_from_setting({"12": {"language": "en"}, "13": 5}) == {
        "12": SpellingChoice("en"), "13": SpellingChoice()}
    assert choices_from_setting(["not", "a", "mapping"]) == {}
    assert SpellingChoice("en").language_for("De leeszaal is open.") == "en"
    assert SpellingChoice().language_for("De leeszaal is open en het is gratis.") == "nl"


# --- the shipped dictionaries, through Enchant ---------------------------------------------------------------


@pytest.fixture
def enchant_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(dictionaries.CONFIG_VARIABLE, str(tmp_path))
    return tmp_path


def test_each_shipped_dictionary_has_its_licence_beside_it():
    shipped = dictionaries.shipped_files()
    assert (shipped / "README.md").is_file()
    for language, each in dictionaries.SHIPPED.items():
        folder = shipped / each.folder
        assert (folder / f"{each.stem}.aff").is_file(), language
        assert (folder / f"{each.stem}.dic").is_file(), language
        assert any(f.name.startswith(("LICENSE", "README")) for f in folder.iterdir()), language


def test_preparing_copies_the_dictionary_under_its_tag(enchant_folder):
    dictionaries.prepare(enchant_folder, "nl")
    shipped = dictionaries.shipped_files() / "nl" / "nl.dic"
    assert (enchant_folder / "hunspell" / "nl_BE.dic").read_bytes() == shipped.read_bytes()
    assert (enchant_folder / "enchant.ordering").read_text("utf-8").startswith("*:hunspell")


def test_a_dutch_misspelling_is_found_in_a_dutch_text_with_suggestions(enchant_folder):
    checker = SpellChecker(dictionaries.open_dictionary(enchant_folder, "nl"), "nl",
                           library_words(HouseStyle(library_name="Bib Permeke")))
    text = ("De tentoonstellnig over Plantijns drukkers opent vrijdag in de leeszaal van Bib Permeke.\n"
            "Kom zo’n café-menu bekijken! Meer op https://www.permeke.example.be #erfgoed @bib_permeke")
    assert flagged(checker, text) == ["tentoonstellnig"]
    assert "tentoonstelling" in checker.suggestions("tentoonstellnig")


@pytest.mark.parametrize(("language", "right", "wrong"), [
    ("en", "The colour of the café's catalogue", "exibition"),
    ("fr", "L’exposition de septante affiches à la bibliothèque", "exposiiton"),
])
def test_english_and_french(enchant_folder, language, right, wrong):
    checker = SpellChecker(dictionaries.open_dictionary(enchant_folder, language), language)
    assert flagged(checker, f"{right} {wrong}") == [wrong]


def test_a_language_without_a_dictionary_says_why(enchant_folder):
    with pytest.raises(dictionaries.NoDictionary, match="no dictionary"):
        dictionaries.open_dictionary(enchant_folder, "de")
