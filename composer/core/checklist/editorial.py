"""The roundtable's editorial advice: a message, the right tone, dialogue, good news, the website.

These checks advise; they never block an export. Words and phrases come from
the data files of the post's own language (``data/words-nl.json``, ``-en``).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.checklist.text import (
    SAMPLE, emoji, find_phrases, language, language_phrases, links, plain_words, times, word_spans,
)
from composer.core.drafts import Draft
from composer.core.i18n import _

MIN_WORDS = 4            # fewer real words than this is not yet a message
WALL_OF_TEXT = 600       # characters without a line break
SHOUTING_WORDS = 2       # words in capitals (of 4+ letters) before it reads as shouting
EMOJI_PILE = 4           # emoji in a row
PRACTICAL_SHARE = 0.2    # share of words about hours and closures that makes a post "practical"

_EXCLAMATIONS = regex.compile(r"!{2,}|(?:![\s]*){3,}")
_CAPITALS = regex.compile(r"(?<!\w)\p{Lu}{4,}(?!\w)")


def _emoji_piles(text: str) -> list[tuple[int, int]]:
    """Runs of ``EMOJI_PILE`` or more emoji with nothing but spaces between them."""
    piles, run = [], []
    for start, end in emoji(text):
        if run and text[run[-1][1]:start].strip():
            run = []
        run.append((start, end))
        if len(run) == EMOJI_PILE:
            piles.append((run[0][0], end))
        elif len(run) > EMOJI_PILE:
            piles[-1] = (piles[-1][0], end)
    return piles


@rule("message")
def message(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Come with a message: not only hashtags, mentions, links and emoji (statement 3)."""
    text = draft.text
    if not text.strip():
        yield Check("message", Status.TODO, _("Write your message: what do you want to tell?"), "3")
        return
    found = plain_words(text[:SAMPLE])
    if not found and links(text):
        yield Check("message", Status.WARN,
                    _("Only a link: say in a sentence why it is worth a click."), "3", ranges=links(text))
    elif len(found) < MIN_WORDS:
        yield Check("message", Status.WARN,
                    _("Hardly any words besides tags, links and emoji: come with a message."), "3")
    else:
        yield Check("message", Status.PASS, _("There is a message."), "3")


@rule("tone")
def tone(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Playful but meaningful and personal: no officialese, shouting, walls of text or pile-ups (statement 3)."""
    text = draft.text
    if not text.strip():
        return
    lists = language_phrases(text, language(text))
    problems = 0
    stiff = lists["bureaucratic"]
    if stiff:
        problems += 1
        yield Check("tone", Status.WARN, _("Sounds like a letter from the council ({example}): say it as you "
                                           "would to a visitor.").format(example=text[slice(*stiff[0])]),
                    "3", ranges=tuple(stiff))
    own_name = context.house_style.library_name.upper()
    shouting = [m.span() for m in _CAPITALS.finditer(text) if m.group() != own_name]
    if len(shouting) >= SHOUTING_WORDS:
        problems += 1
        yield Check("tone", Status.WARN, _("Words in capitals read as shouting."), "3", ranges=tuple(shouting))
    walls = _walls(text)
    if walls:
        problems += 1
        yield Check("tone", Status.WARN, _("A long block without a break: give the reader some air."), "3",
                    ranges=tuple(walls))
    piles = [m.span() for m in _EXCLAMATIONS.finditer(text)] + _emoji_piles(text)
    if piles:
        problems += 1
        yield Check("tone", Status.WARN, _("A pile-up of exclamation marks or emoji: one says it better."), "3",
                    ranges=tuple(sorted(piles)))
    personal = sorted(lists["personal"] + tuple(find_phrases(text, context.colleagues)))
    if personal:
        yield Check("tone", Status.PASS, _("A personal touch: people respond to that."), "3",
                    ranges=tuple(personal[:1]))
    elif not problems:
        yield Check("tone", Status.PASS, _("The tone is fine; a personal touch (we, our team) draws more "
                                           "response."), "3")


def _walls(text: str) -> list[tuple[int, int]]:
    walls, start = [], 0
    for line in text.split("\n"):
        if len(line) > WALL_OF_TEXT:
            walls.append((start, start + len(line)))
        start += len(line) + 1
    return walls


def invites_response(text: str) -> list[tuple[int, int]]:
    """Where the text asks something of the reader: a question mark, or an inviting phrase."""
    questions = [(m.start(), m.end()) for m in regex.finditer(r"\?", text)]
    return sorted(language_phrases(text, language(text))["invitation"] + tuple(questions))


@rule("dialogue")
def dialogue(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Start an interaction, not only visibility (statements 1 and 2)."""
    found = invites_response(draft.text)
    if draft.purpose == "dialogue" and not found:
        yield Check("dialogue", Status.WARN, _("A dialogue post, but nothing invites a response: ask a question "
                                               "or say \u201ctell us\u201d."), "2")
    elif found:
        yield Check("dialogue", Status.PASS, _("It invites a response."), "2", ranges=tuple(found[:1]))
    else:
        yield Check("dialogue", Status.NA, _("No invitation to respond (not needed for this purpose)."), "2")


@rule("good_news")
def good_news(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Facebook is above all for good news (statement 3)."""
    if "facebook" not in draft.networks:
        yield Check("good_news", Status.NA, _("Not for Facebook."), "3", "facebook")
        return
    text = draft.text_for("facebook")
    bad = sorted(language_phrases(text, language(text))["bad_news"]
                 + tuple(find_phrases(text, context.house_style.bad_news_words)))
    if bad:
        yield Check("good_news", Status.WARN,
                    _("Reads as bad news ({example}): Facebook is for good news. Put it on the website, or "
                      "frame it positively.").format(example=text[slice(*bad[0])]),
                    "3", "facebook", tuple(bad))
    else:
        yield Check("good_news", Status.PASS, _("Good news for Facebook."), "3", "facebook")


def practical_ranges(text: str) -> list[tuple[int, int]]:
    """Hours, days and closures in ``text``."""
    return sorted(language_phrases(text, language(text))["practical"] + times(text))


def mainly_practical(text: str) -> bool:
    """Text that is mostly opening hours and closures."""
    found = practical_ranges(text)
    total = len(word_spans(text))
    return len(found) >= 3 and total > 0 and len(found) / total >= PRACTICAL_SHARE


@rule("website")
def website(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Plain information (hours, closures, address) belongs on the website (statement 1)."""
    text = draft.text
    if draft.purpose != "practical_info" and not mainly_practical(text):
        yield Check("website", Status.NA, _("Not plain practical information."), "1")
        return
    site = context.house_style.website.strip()
    domain = site.split("://", 1)[-1].strip("/").lower()
    if domain and domain in text.lower():
        yield Check("website", Status.PASS, _("Practical information, with a link to the website."), "1")
    elif domain:
        yield Check("website", Status.WARN, _("Plain practical information belongs on the website: link to "
                                              "{site}, or add something that invites dialogue.").format(site=site),
                    "1", ranges=tuple(practical_ranges(text)[:3]))
    else:
        yield Check("website", Status.WARN, _("Plain practical information belongs on the website: link to it "
                                              "(set your website in the house style)."),
                    "1", ranges=tuple(practical_ranges(text)[:3]))
