"""The text a network gets: the author's text plus what the house style adds (required hashtags, sign-off).

Export and copy hand over exactly this text, so the counters, the checks, the
preview and the export refusal measure it too: a post that is green in the
editor fits on the network. Light and Qt-free on purpose (no Pillow): the
checks ask for it on every keystroke, so it is built once per text and what
the house style adds (the same :class:`FinalText` for every network that gets
the same additions), and what the checks find in it is kept on it.

>>> from composer.core.house_style import HouseStyle
>>> final = compose("Kom kijken!", HouseStyle(sign_off="Tot in de bib!", required_hashtags={"*": ("bib",)}), "x")
>>> final.text
'Kom kijken!\\n\\n#bib\\n\\nTot in de bib!'
>>> final.tags, final.sign_off
(('#bib',), 'Tot in de bib!')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

import regex

from composer.core.found_once import found_once
from composer.core.i18n import _, current_language
from composer.core.networks.facts import network as network_named

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.house_style import HouseStyle
    from composer.core.networks.facts import Count

__all__ = ["FinalText", "added_phrase", "additions_line", "compose", "final_count", "final_for", "finals_for",
           "hashtags_in", "links_in"]

Kept = TypeVar("Kept")
Found = TypeVar("Found", tuple[tuple[int, int], ...], tuple[tuple[tuple[int, int], str], ...])

#: Where a space belongs to the word beside it (a prepended mark before it, a combining mark after):
#: there the added text cannot simply be looked at on its own.
_JOINED_SPACE = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}\s|\s[\p{Grapheme_Cluster_Break=Extend}"
                              r"\p{Grapheme_Cluster_Break=ZWJ}\p{Grapheme_Cluster_Break=SpacingMark}]")


@dataclass(frozen=True, init=False)
class FinalText:
    """One network's final text and where the author's own text sits in it.

    ``pieces`` are ``(start, end, typed_start)`` stretches of :attr:`text` in
    order; ``typed_start`` is where the stretch begins in the typed text, or
    ``None`` for text the export adds.

    Made once per keystroke for every network that gets the same additions, and
    what the checks work out of it for each network is kept on it
    (:attr:`memo`): its ``__init__`` fills the fields in one step (a test holds it
    to the fields' defaults).
    """

    text: str
    typed: str
    tags: tuple[str, ...] = ()   # the required hashtags added, each with its "#"
    sign_off: str = ""           # the sign-off added ("" when none, or typed already)
    pieces: tuple[tuple[int, int, int | None], ...] = ()
    #: Where the added text starts when it all follows the typed text after a space (the usual case):
    #: words, tags and links can then be found in each part on its own, and each part's are cached.
    tail_from: int | None = None

    def __init__(self, text: str, typed: str, tags: tuple[str, ...] = (), sign_off: str = "",
                 pieces: tuple[tuple[int, int, int | None], ...] = (), tail_from: int | None = None) -> None:
        object.__setattr__(self, "__dict__", {"text": text, "typed": typed, "tags": tags, "sign_off": sign_off,
                                              "pieces": pieces, "tail_from": tail_from, "memo": {}})

    #: What the checks and counters worked out of this text, by what they asked (not a field: not compared).
    memo: ClassVar[dict[object, object]]

    @property
    def added(self) -> bool:
        """Whether the export adds anything to what was typed."""
        return bool(self.tags or self.sign_off)

    @found_once
    def hashtags(self) -> tuple[tuple[tuple[int, int], str], ...]:
        """The hashtags of the final text (see :func:`hashtags_in`), found once per final text."""
        from composer.core.checklist.text import hashtags

        return _in_parts(self, hashtags, lambda found, at: tuple(((a + at, b + at), tag) for (a, b), tag in found))

    @found_once
    def links(self) -> tuple[tuple[int, int], ...]:
        """The links of the final text (see :func:`links_in`), found once per final text."""
        from composer.core.checklist.text import links

        return _in_parts(self, links, lambda found, at: tuple((a + at, b + at) for a, b in found))

    def parts(self, find: Callable[[str], Kept]) -> tuple[Kept, Kept] | None:
        """``find`` over the typed text and over the added text apart (each cached by its text), where the added
        text all follows the typed text after a free-standing space (:attr:`tail_from`); else ``None``.

        The typed text's findings (a tag, a link, an emoji never spans a space) are then the final text's in the
        typed text's positions, and the typed ranges of the final text's findings are those of the typed
        text's: the added text's have none.
        """
        if self.tail_from is None:
            return None
        tail = self.memo.get("tail")
        if tail is None:
            tail = self.memo["tail"] = self.text[self.tail_from:]
        return find(self.typed), find(cast(str, tail))

    def typed_range(self, start: int, end: int) -> tuple[int, int] | None:
        """``start``–``end`` of the final text in the typed text's positions; ``None`` if it is all added text."""
        if not self.pieces:
            size = len(self.typed)
            start, end = min(start, size), min(end, size)
            return (start, end) if end > start else None
        parts = [(max(start, a) - a + t, min(end, b) - a + t) for a, b, t in self.pieces
                 if t is not None and max(start, a) < min(end, b)]
        return (parts[0][0], parts[-1][1]) if parts else None

    def typed_ranges(self, ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        """The ranges that touch typed text, in typed positions (those wholly in added text are left out)."""
        if self.tail_from is not None or not self.pieces:  # typed text first: its positions stay
            edge = len(self.typed) if self.tail_from is None else self.tail_from
            return tuple([(start, min(end, edge)) for start, end in ranges if start < edge and end > start])
        mapped = (self.typed_range(start, end) for start, end in ranges)
        return tuple(r for r in mapped if r is not None)


def final_for(draft: Draft, network: str, house_style: HouseStyle) -> FinalText:
    """What ``network`` gets of ``draft``: its own text or the shared one, with the house style's additions."""
    return _compose(draft.network_texts.get(network, draft.text), *_additions(house_style, network))


def finals_for(draft: Draft, house_style: HouseStyle) -> dict[str, FinalText]:
    """:func:`final_for` of each network of ``draft``, in its order. The counters and several checks ask for
    them on every keystroke: asked again for the same draft and house style, the same answer."""
    global _last_finals
    last_draft, last_style, last_texts, found = _last_finals
    if last_draft is draft and last_style is house_style and last_texts == draft.network_texts:
        return found
    found = {key: final_for(draft, key, house_style) for key in draft.networks}
    _last_finals = (draft, house_style, dict(draft.network_texts), found)
    return found


_last_finals: tuple[Draft | None, HouseStyle | None, dict[str, str], dict[str, FinalText]] = (None, None, {}, {})


def compose(text: str, house_style: HouseStyle, network: str) -> FinalText:
    """``text`` with the missing required hashtags of ``network`` and the sign-off (see :func:`_compose`)."""
    return _compose(text, *_additions(house_style, network))


#: The house style last asked about, and per network what it adds: (required tags, sign-off). The checks ask
#: for every network's final text several times a keystroke, always of the same house style.
_last_additions: tuple[HouseStyle | None, dict[str, tuple[tuple[str, ...], str]]] = (None, {})


def _additions(house_style: HouseStyle, network: str) -> tuple[tuple[str, ...], str]:
    global _last_additions
    style, known = _last_additions
    if style is not house_style:  # another house style (a frozen value: the same object says the same)
        known = {}
        _last_additions = (house_style, known)
    found = known.get(network)
    if found is None:
        found = known[network] = (house_style.hashtags_for(network), house_style.sign_off.strip())
    return found


@lru_cache(maxsize=64)
def _compose(text: str, required: tuple[str, ...], sign_off: str) -> FinalText:
    """Tags already in the text (any case, with or without ``#`` in the house style) are not repeated.

    The sign-off stays last and is not added twice; the tags go before it, on
    the last line when that line holds only tags, else in a paragraph of their
    own. Nothing added: the text exactly as written (trailing spaces too).
    What the text itself says (see :func:`_shape`) is worked out once for every
    network, whatever tags each requires.
    """
    if not required and not sign_off:  # no house style to follow: nothing to look for
        return FinalText(text, text)
    body, typed_sign_off, ending_from, only_tags = _shape(text, sign_off)
    missing = _missing_tags(text, required) if required else ()
    added_sign_off = sign_off if sign_off and not typed_sign_off else ""
    if not missing and not added_sign_off:
        return FinalText(text, text)
    tags_part = ""
    if missing:
        tags_part = (" " if only_tags else "\n\n" if body else "") + " ".join(missing)
    if typed_sign_off:
        ending_end = len(text.rstrip())
        if not body:  # only the sign-off was typed: the tags come first, then it
            ending_from = ending_end - len(sign_off)
        if tags_part and not text[ending_from:ending_end][:1].isspace():
            tags_part += "\n\n"
        pieces = [(0, len(body), 0), (len(body), len(body) + len(tags_part), None)]
        start = len(body) + len(tags_part)
        pieces.append((start, start + ending_end - ending_from, ending_from))
        final = body + tags_part + text[ending_from:ending_end]
    else:
        ending = ("\n\n" if body or tags_part else "") + sign_off if sign_off else ""
        final = body + tags_part + ending
        pieces = [(0, len(body), 0), (len(body), len(final), None)]
    pieces = [p for p in pieces if p[1] > p[0]]
    return FinalText(final, text, missing, added_sign_off, tuple(pieces), _tail_from(final, pieces))


@lru_cache(maxsize=16)
def _shape(text: str, sign_off: str) -> tuple[str, bool, int, bool]:
    """What the additions depend on in the text: the text without its ending (its trailing space, and the
    sign-off if typed), whether the sign-off was typed, where the typed ending starts, and whether the last line
    holds only tags (the same for every network: worked out once)."""
    body = text.rstrip()
    typed_sign_off = bool(sign_off) and body.endswith(sign_off)
    if typed_sign_off:
        body = body[:len(body) - len(sign_off)].rstrip()
    last_line = body.rsplit("\n", 1)[-1]
    only_tags = bool(last_line.strip()) and all(word.startswith("#") for word in last_line.split())
    return body, typed_sign_off, len(body), only_tags


def _missing_tags(text: str, required: tuple[str, ...]) -> tuple[str, ...]:
    """The required tags ``text`` lacks, each once and with its ``#``, found as the checks find hashtags."""
    present = set(_present_tags(text))
    missing = []
    for tag in required:
        bare = tag.strip().lstrip("#")
        if bare and bare.casefold() not in present:
            present.add(bare.casefold())
            missing.append("#" + bare)
    return tuple(missing)


@lru_cache(maxsize=16)
def _present_tags(text: str) -> frozenset[str]:
    """The hashtags of ``text``, in any case (once per text for every network)."""
    from composer.core.checklist.text import hashtags

    return frozenset(tag.casefold() for _span, tag in hashtags(text))


def _tail_from(final: str, pieces: list[tuple[int, int, int | None]]) -> int | None:
    """Where the added text starts if it all comes after the typed text, beginning with a free-standing space."""
    if len(pieces) != 2 or pieces[0][2] != 0 or pieces[1][2] is not None:
        return None
    edge = pieces[1][0]
    if not final[edge:edge + 1].isspace() or _joined_space(final[max(edge - 1, 0):edge + 2]):
        return None
    return edge


@lru_cache(maxsize=64)
def _joined_space(around: str) -> bool:
    """Whether a space in ``around`` (the few characters where the added text meets the typed text) belongs to
    the word beside it."""
    return _JOINED_SPACE.search(around) is not None


def hashtags_in(final: FinalText) -> tuple[tuple[tuple[int, int], str], ...]:
    """The hashtags of the final text, as :func:`composer.core.checklist.text.hashtags` finds them."""
    return final.hashtags


def links_in(final: FinalText) -> tuple[tuple[int, int], ...]:
    """The links of the final text, as :func:`composer.core.checklist.text.links` finds them."""
    return final.links


def _in_parts(final: FinalText, find: Callable[[str], Found], shift: Callable[[Found, int], Found]) -> Found:
    """``find`` over the final text; typed text and added text apart where they meet at a space (both cached).

    A tag or link never spans a space, so the parts' findings are the whole's.
    """
    if final.tail_from is None:
        return find(final.text)
    return find(final.typed) + shift(find(final.text[final.tail_from:]), final.tail_from)


def final_count(final: FinalText, network: str) -> Count:
    """``network``'s count of the final text: the counter and the length check ask for the same one."""
    memo = final.memo
    found = cast("Count | None", memo.get(network))
    if found is None:
        found = _count(network, final.text)
        memo[network] = found
    return found


@lru_cache(maxsize=32)
def _count(network: str, text: str) -> Count:
    global _counter
    if _counter is None:  # loaded on first use (twitter-text's tables and the link patterns come with it)
        from composer.core.networks.counting import count

        _counter = count
    return _counter(network, text)


_counter: Callable[[str, str], Count] | None = None


# --- saying what is added -------------------------------------------------------------------------


def added_phrase(final: FinalText) -> str:
    """What the export adds to one network's text, in words: "the sign-off “Tot in de bib!” and #bib"."""
    return _added_phrase(final.tags, final.sign_off, current_language())


@lru_cache(maxsize=64)
def _added_phrase(added_tags: tuple[str, ...], added_sign_off: str, language: str) -> str:
    """:func:`added_phrase` of what is added (kept: the same keystroke after keystroke, for every network)."""
    sign_off = _("the sign-off “{sign_off}”").format(sign_off=added_sign_off) if added_sign_off else ""
    tags = " ".join(added_tags)
    if sign_off and tags:
        return _("{tags} and {sign_off}").format(tags=tags, sign_off=sign_off)
    return sign_off or tags


def additions_line(finals: Mapping[str, FinalText]) -> str:
    """Every chosen network's additions in one line, each said once with the networks it is for.

    "the sign-off “Tot in de bib!” · #bib · #erfgoed for Instagram": what
    every network gets names no network. Empty when nothing is added.
    """
    return _additions_line(tuple((key, final.tags, final.sign_off) for key, final in finals.items()),
                           current_language())


@lru_cache(maxsize=32)
def _additions_line(added: tuple[tuple[str, tuple[str, ...], str], ...], language: str) -> str:
    """:func:`additions_line` of what each network gets added (kept: the same keystroke after keystroke)."""
    chosen = [key for key, _tags, _sign_off in added]
    networks_of: dict[str, list[str]] = {}  # tag -> the networks it is added for
    for key, tags, _sign_off in added:
        for tag in tags:
            networks_of.setdefault(tag, []).append(key)
    groups: dict[tuple[str, ...], list[str]] = {}  # the tags added for the same networks go together
    for tag, keys in networks_of.items():
        groups.setdefault(tuple(keys), []).append(tag)
    parts = []
    signed = [key for key, _tags, sign_off in added if sign_off]
    if signed:
        sign_off = next(sign_off for _key, _tags, sign_off in added if sign_off)
        parts.append(_for(_("the sign-off “{sign_off}”").format(sign_off=sign_off), signed, chosen))
    parts += [_for(" ".join(tags), list(keys), chosen) for keys, tags in groups.items()]
    return " · ".join(parts)


def _for(what: str, keys: list[str], chosen: list[str]) -> str:
    if len(keys) == len(chosen):
        return what
    return _("{what} for {networks}").format(what=what, networks=network_list(keys))


def network_list(keys: Iterable[str]) -> str:
    """Network names as a sentence says them: "Instagram", "Instagram and X", "Facebook, Instagram and X"."""
    names = [network_named(key).name for key in keys]
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])
