"""The roundtable's editorial advice: a message, the right tone, dialogue, good news, the website.

These checks advise; they never block an export. Words and phrases come from
the data files of the post's own language (``data/words-nl.json``, ``-en``);
officialese and bad news from every language's, whatever language the post is
detected in. Officialese is never a personal touch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import urlsplit

import regex

from composer.core.checklist.engine import Check, CheckContext, Status, rule, said
from composer.core.checklist.phrases import any_language_phrases, find_phrases, language_phrases, outermost
from composer.core.checklist.text import (
    SAMPLE,
    Range,
    language,
    line,
    links,
    plain_word_count,
    questions,
    sentence_at,
    text_lines,
    time_count,
    times,
    word_count,
)
from composer.core.checklist.walks import LineFindings, LineValues, shift_ranges
from composer.core.drafts.draft import Draft
from composer.core.drafts.final_text import final_for
from composer.core.i18n import _
from composer.core.networks.facts import network

MIN_WORDS = 4            # fewer real words than this is not yet a message
WALL_OF_TEXT = 600       # characters without a line break
SHOUTING_WORDS = 2       # words in capitals (of 4+ letters) before it reads as shouting
EMOJI_PILE = 4           # emoji in a row
PRACTICAL_SHARE = 0.2    # share of words about hours and closures that makes a post "practical"

_EXCLAMATIONS = regex.compile(r"!{2,}|(?:![\s]*){3,}")
_CAPITALS = regex.compile(r"(?<!\w)\p{Lu}{4,}(?!\w)")


def _emoji_piles(text: str) -> list[tuple[int, int]]:
    """Runs of ``EMOJI_PILE`` or more emoji with nothing but spaces between them (line breaks too).

    Each line's runs are worked out once (:func:`_line_piles`); only a run at
    a line's edge can go on into the next line, when only spaces and blank
    lines lie between.
    """
    if text.isascii():
        return []
    piles: list[tuple[int, int]] = []
    carry: tuple[int, int, int] | None = None  # a run at a line's end: its start, end and how many emoji
    lines, starts = text_lines(text)
    for line_text, start, found in zip(lines, starts, _PILES(text), strict=True):
        if found is None:  # no emoji: a blank line lets a run go on, anything else ends it
            if carry is not None and line_text and not line_text.isspace():
                if carry[2] >= EMOJI_PILE:
                    piles.append(carry[:2])
                carry = None
            continue
        head, inner, tail, whole = found
        if whole is not None:  # one run from the line's start to its end
            a, b, n = whole
            carry = (carry[0], start + b, carry[2] + n) if carry is not None else (start + a, start + b, n)
            continue
        if head is not None and carry is not None:
            carry = (carry[0], start + head[1], carry[2] + head[2])
        elif head is not None:
            carry = (start + head[0], start + head[1], head[2])
        if carry is not None and carry[2] >= EMOJI_PILE:
            piles.append(carry[:2])
        piles.extend((start + a, start + b) for a, b in inner)
        carry = (start + tail[0], start + tail[1], tail[2]) if tail is not None else None
    if carry is not None and carry[2] >= EMOJI_PILE:
        piles.append(carry[:2])
    return piles


Run = tuple[int, int, int]  # start, end, how many emoji
LinePiles = tuple[Run | None, tuple[Range, ...], Run | None, Run | None] | None


@lru_cache(maxsize=2048)
def _line_piles(line_text: str) -> LinePiles:
    """A line's runs of emoji with only spaces between them: the one at its start (that a run of the line before
    can go on in), the piles inside, the one at its end (that can go on in the next line), or the one run from
    start to end. ``None`` when the line has no emoji."""
    found = line(line_text).emoji
    if not found:
        return None
    runs: list[Run] = []
    first, last, n = found[0][0], found[0][1], 1
    for start, end in found[1:]:
        if line_text[last:start].strip():
            runs.append((first, last, n))
            first, n = start, 0
        last, n = end, n + 1
    runs.append((first, last, n))
    open_start = not line_text[:found[0][0]].strip()
    open_end = not line_text[found[-1][1]:].strip()
    if len(runs) == 1 and open_start and open_end:
        return None, (), None, runs[0]
    head = runs.pop(0) if open_start else None
    tail = runs.pop() if open_end and runs else None
    return head, tuple((a, b) for a, b, n in runs if n >= EMOJI_PILE), tail, None


#: Each line's runs of emoji (the lines a recent text shares taken over).
_PILES: LineValues[LinePiles] = LineValues(lambda line_text, _first: _line_piles(line_text), None)


@rule("message")
def message(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Come with a message: not only hashtags, mentions, links and emoji (statement 3)."""
    text = draft.text
    if not text.strip():
        yield Check("message", Status.TODO, _("Write your message: what do you want to tell?"), "3")
        return
    found = plain_word_count(text[:SAMPLE])
    if not found and links(text):
        yield Check("message", Status.WARN,
                    _("Only a link: say in a sentence why it is worth a click."), "3", ranges=links(text))
    elif found < MIN_WORDS:
        yield Check("message", Status.WARN,
                    _("Hardly any words besides tags, links and emoji: come with a message."), "3")
    else:
        yield said("message", Status.PASS, _("There is a message."), "3")


@rule("tone")
def tone(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Playful but meaningful and personal: no officialese, shouting, walls of text or pile-ups (statement 3)."""
    text = draft.text
    if not text.strip():
        return
    lists = language_phrases(text, language(text))
    problems = 0
    stiff = any_language_phrases(text, "bureaucratic")
    if stiff:
        problems += 1
        yield Check("tone", Status.WARN, _("Sounds like a letter from the council ({example}): say it as you "
                                           "would to a visitor.").format(example=text[slice(*stiff[0])]),
                    "3", ranges=stiff)
    yield from _stiff_own_versions(draft)
    shouting = _shouting(text, context.house_style.library_name.upper())
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
    personal = personal_touch(text, lists["personal"] + tuple(find_phrases(text, context.colleagues)), stiff)
    if personal:
        yield Check("tone", Status.PASS, _("A personal touch: people respond to that."), "3",
                    ranges=tuple(personal[:1]))
    elif not problems:
        yield said("tone", Status.PASS, _("The tone is fine; a personal touch (we, our team) draws more "
                                           "response."), "3")


def personal_touch(text: str, found: Iterable[Range], stiff: Iterable[Range]) -> list[Range]:
    """The personal words of ``found`` outside officialese: "wij" in "Wij delen u mede dat…" is the council's
    we, not a person speaking, so a sentence with officialese in it gives no personal touch."""
    stiff_sentences = {sentence for sentence in (sentence_at(text, s) for s, _e in stiff) if sentence is not None}
    if not stiff_sentences:
        return sorted(found)
    return sorted(r for r in found if not any(a <= r[0] < b for a, b in stiff_sentences))


def _shouting(text: str, own_name: str) -> list[Range]:
    """Words in capitals (four letters or more), the library's own name (in capitals) left out."""
    return [(a, b) for a, b, word in _CAPITALS_IN(text) if word != own_name]


def _shift_capitals(found: tuple[tuple[int, int, str], ...], by: int) -> tuple[tuple[int, int, str], ...]:
    return tuple([(a + by, b + by, word) for a, b, word in found])


@lru_cache(maxsize=2048)
def _capitals(line_text: str) -> tuple[tuple[int, int, str], ...]:
    """A line's words in capitals, sentence by sentence (each cached: none runs over a sentence's end)."""
    return tuple((start + a, start + b, word) for start, part in line(line_text).chunks
                 for a, b, word in _capitals_of(part.text))


@lru_cache(maxsize=4096)
def _capitals_of(sentence: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((*m.span(), m.group()) for m in _CAPITALS.finditer(sentence))


#: The words in capitals of a text, line by line (the lines a recent text shares taken over).
_CAPITALS_IN = LineFindings(lambda line_text, _first: _capitals(line_text), _shift_capitals)


def _stiff_own_versions(draft: Draft) -> Iterator[Check]:
    """Officialese in a network's own version, which the shared text's check does not read."""
    for key in draft.networks:
        own = draft.network_texts.get(key)
        if own is None or own == draft.text:
            continue
        stiff = any_language_phrases(own, "bureaucratic")
        if stiff:
            yield Check("tone", Status.WARN, _("{network}: sounds like a letter from the council ({example}): say "
                                               "it as you would to a visitor.").format(
                network=network(key).name, example=own[slice(*stiff[0])]), "3", key, stiff)


def _walls(text: str) -> list[tuple[int, int]]:
    return list(_WALLS(text))


#: The lines longer than :data:`WALL_OF_TEXT` (the lines a recent text shares taken over).
_WALLS = LineFindings(lambda line_text, _first: ((0, len(line_text)),) if len(line_text) > WALL_OF_TEXT else (),
                      shift_ranges)


def invites_response(text: str) -> list[tuple[int, int]]:
    """Where the text asks something of the reader: a question mark (not one in a link's query), or an
    inviting phrase."""
    return sorted(language_phrases(text, language(text))["invitation"] + questions(text))


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
        yield said("dialogue", Status.NA, _("No invitation to respond (not needed for this purpose)."), "2")


@rule("good_news")
def good_news(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Facebook is above all for good news (statement 3)."""
    if "facebook" not in draft.networks:
        yield Check("good_news", Status.NA, _("Not for Facebook."), "3", "facebook")
        return
    final = final_for(draft, "facebook", context.house_style)  # what Facebook gets, sign-off included
    bad = bad_news(final.text, context.house_style.bad_news_words)
    if bad:
        yield Check("good_news", Status.WARN,
                    _("Reads as bad news ({example}): Facebook is for good news. Put it on the website, or "
                      "frame it positively.").format(example=final.text[slice(*bad[0])]),
                    "3", "facebook", final.typed_ranges(bad))
    else:
        yield said("good_news", Status.PASS, _("Good news for Facebook."), "3", "facebook")


def bad_news(text: str, own_words: Iterable[str] = ()) -> list[Range]:
    """Closures, strikes, outages, cancellations, postponements, in either language, and the library's own
    words; "dicht bij het station" is not a closure (``not_bad_news``)."""
    excused = any_language_phrases(text, "not_bad_news")
    found = [r for r in any_language_phrases(text, "bad_news") if not any(a <= r[0] < b for a, b in excused)]
    return outermost(found + find_phrases(text, own_words))


def practical_ranges(text: str) -> list[tuple[int, int]]:
    """Hours, days and closures in ``text``."""
    return sorted(language_phrases(text, language(text))["practical"] + times(text))


def mainly_practical(text: str) -> bool:
    """Text that is mostly opening hours and closures."""
    found = len(language_phrases(text, language(text))["practical"]) + time_count(text)
    total = word_count(text)
    return found >= 3 and total > 0 and found / total >= PRACTICAL_SHARE


@rule("website")
def website(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Plain information (hours, closures, address) belongs on the website: link to it (statement 1).

    A link already there passes. Only when the house style names the library's
    site and every link goes elsewhere does the check ask whether that is it.
    """
    text = draft.text
    if draft.purpose != "practical_info" and not mainly_practical(text):
        yield said("website", Status.NA, _("Not plain practical information."), "1")
        return
    site = context.house_style.website.strip()
    found = links(text)
    ours = [r for r in found if site and on_site(text[slice(*r)], site)]
    if ours:
        yield Check("website", Status.PASS, _("Practical information, with a link to the website."), "1",
                    ranges=tuple(ours[:1]))
    elif found and site:
        yield Check("website", Status.WARN, _("Practical information with a link to {link}: is that your "
                                              "website ({site})?").format(link=text[slice(*found[0])], site=site),
                    "1", ranges=tuple(found[:1]))
    elif found:
        yield Check("website", Status.PASS, _("Practical information, with a link to a web page."), "1",
                    ranges=tuple(found[:1]))
    elif site:
        yield Check("website", Status.WARN, _("Plain practical information belongs on the website: link to "
                                              "{site}, or add something that invites dialogue.").format(site=site),
                    "1", ranges=tuple(practical_ranges(text)[:3]))
    else:
        yield Check("website", Status.WARN, _("Plain practical information belongs on the website: link to it "
                                              "(set your website in the house style)."),
                    "1", ranges=tuple(practical_ranges(text)[:3]))


def _host_and_path(address: str) -> tuple[str, str]:
    """``("bib.example.be", "/uren")`` for ``https://www.Bib.example.be/uren/``, with or without a scheme."""
    parts = urlsplit(address.strip() if "://" in address else "http://" + address.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, parts.path.rstrip("/")


def on_site(link: str, site: str) -> bool:
    """Whether ``link`` points into ``site`` (the house style's website): same host or a subdomain, under its path."""
    try:
        link_host, link_path = _host_and_path(link)
        site_host, site_path = _host_and_path(site)
    except ValueError:  # not an address at all (a bad port, brackets): not the site
        return False
    same_host = bool(site_host) and (link_host == site_host or link_host.endswith("." + site_host))
    return same_host and (link_path == site_path or link_path.startswith(site_path + "/"))
