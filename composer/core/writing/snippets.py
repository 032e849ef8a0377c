"""The house style's snippets and hashtag groups, inserted at the cursor.

A snippet (the opening hours, the standard invitation) goes in as it is. A hashtag group ("#kunst #grafiek
#affiches") adds only the tags the text lacks, and first says where the post would go past a network's
hashtag limit (Instagram: 5), counted as the checks count it: in the final text, the house style's
required tags included, a tag of only digits not counted (:func:`group_insertion`). The author may insert
it all the same; the ``hashtags`` check then says so too.

>>> from composer.core.drafts.draft import Draft
>>> from composer.core.house_style import HouseStyle
>>> draft = Draft(text="Nieuw: #grafiek #a #b #c", networks=("instagram",))
>>> plan = group_insertion(("#kunst", "#grafiek", "#affiches"), draft, "", draft.text, "", HouseStyle())
>>> plan.text, plan.present, plan.over[0].count
(' #kunst #affiches', ('#grafiek',), 6)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from composer.core.house_style import HouseStyleError
from composer.core.i18n import _, ngettext, number

if TYPE_CHECKING:
    from composer.core.drafts.draft import Draft
    from composer.core.house_style import HouseStyle

SNIPPET, GROUP = "snippet", "group"
SHARED = ""  # the key of the shared text (a network's key for its own version)


@dataclass(frozen=True)
class OverLimit:
    """A network whose hashtag limit the post would pass: its limit, and how many tags it would have."""

    network: str
    limit: int
    count: int

    @property
    def message(self) -> str:
        from composer.core.networks.facts import network

        return ngettext("{network} takes at most {limit} hashtag; with these tags the post would have {count}.",
                        "{network} takes at most {limit} hashtags; with these tags the post would have {count}.",
                        self.limit).format(network=network(self.network).name, limit=number(self.limit),
                                           count=number(self.count))


@dataclass(frozen=True)
class GroupInsertion:
    """What inserting a hashtag group would do: ``text`` goes in at the cursor (``""``: every tag is there)."""

    text: str
    added: tuple[str, ...]
    present: tuple[str, ...]
    over: tuple[OverLimit, ...] = ()

    @property
    def warning(self) -> str:
        """Why to think twice, one sentence per network past its limit ("" when none)."""
        return " ".join(over.message for over in self.over)

    @property
    def note(self) -> str:
        """What happened, for the status bar once inserted."""
        if not self.added:
            return _("Every tag of this group is in the text already.")
        added = " ".join(self.added)
        if not self.present:
            return _("Added {tags}.").format(tags=added)
        return ngettext("Added {tags}; {present} was there already.", "Added {tags}; {present} were there already.",
                        len(self.present)).format(tags=added, present=" ".join(self.present))


@dataclass(frozen=True)
class Insertable:
    """A snippet or a hashtag group as a chooser lists it: its kind, name and what it inserts."""

    kind: str
    name: str
    content: str


def spaced(before: str, insertion: str, after: str) -> str:
    """``insertion`` with a space where it would otherwise touch what is before the cursor (not an opening
    bracket or quote) or a word, tag or mention after it (not a full stop or a closing bracket)."""
    if not insertion:
        return ""
    if before and not before[-1].isspace() and before[-1] not in _OPENING and not insertion[0].isspace():
        insertion = " " + insertion
    if after and (after[0].isalnum() or after[0] in "#@") and not insertion[-1].isspace():
        insertion += " "
    return insertion


_OPENING = "([{\"'“‘«„"


def split_at(text: str, position: int) -> tuple[str, str]:
    """``text`` cut at ``position`` counted in UTF-16 units (Qt's cursor positions; an emoji counts two)."""
    if text.isascii():
        return text[:position], text[position:]
    units = text.encode("utf-16-le", "surrogatepass")
    before = units[:2 * position].decode("utf-16-le", "surrogatepass")
    return before, text[len(before):]


def missing_tags(tags: Iterable[str], text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tags of a group that ``text`` lacks and those it has (in any case), each once, with its ``#``."""
    from composer.core.checklist.text import hashtags

    there = {tag.casefold() for _span, tag in hashtags(text)}
    missing: list[str] = []
    present: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        bare = tag.strip().lstrip("#")
        if not bare or bare.casefold() in seen:
            continue
        seen.add(bare.casefold())
        (present if bare.casefold() in there else missing).append("#" + bare)
    return tuple(missing), tuple(present)


def edited_networks(draft: Draft, key: str) -> tuple[str, ...]:
    """The chosen networks that get the text of box ``key``: the shared text serves those without a version."""
    if key == SHARED:
        return tuple(n for n in draft.networks if n not in draft.network_texts)
    return (key,) if key in draft.networks else ()


def with_text(draft: Draft, key: str, text: str) -> Draft:
    """``draft`` with the text of box ``key`` replaced by ``text``."""
    if key == SHARED:
        return replace(draft, text=text)
    return replace(draft, network_texts={**draft.network_texts, key: text})


def group_insertion(tags: Sequence[str], draft: Draft, key: str, before: str, after: str,
                    house_style: HouseStyle) -> GroupInsertion:
    """What inserting ``tags`` between ``before`` and ``after`` (the box ``key`` of ``draft``) would do."""
    from composer.core.checklist.text import counted_hashtags
    from composer.core.drafts.final_text import final_for
    from composer.core.networks.facts import network

    missing, present = missing_tags(tags, before + after)
    insertion = spaced(before, " ".join(missing), after)
    if not missing:
        return GroupInsertion("", (), present)
    changed = with_text(draft, key, before + insertion + after)
    over = []
    for each in edited_networks(draft, key):
        limit = network(each).hashtag_limit
        if limit is None:
            continue
        count = len(counted_hashtags(final_for(changed, each, house_style).hashtags))
        if count > limit:
            over.append(OverLimit(each, limit, count))
    return GroupInsertion(insertion, missing, present, tuple(over))


def insertables(house_style: HouseStyle, query: str = "") -> list[Insertable]:
    """The snippets, then the hashtag groups, whose name or content has words starting with each word of
    ``query`` (accents and case ignored): what the quick chooser lists."""
    from composer.core.writing.emoji_names import fold_words

    found = [Insertable(SNIPPET, name, text) for name, text in house_style.snippets.items()]
    found += [Insertable(GROUP, name, " ".join(tags)) for name, tags in house_style.hashtag_groups.items()]
    wanted = fold_words(query)
    if not wanted:
        return found
    return [item for item in found if _matches(wanted, fold_words(f"{item.name} {item.content}"))]


def _matches(wanted: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return all(any(word.startswith(typed) for word in words) for typed in wanted)


def named_rows(rows: Iterable[tuple[str, str]], key: str) -> dict[str, str]:
    """The rows of a table of names and contents as the house style keeps them: blank rows left out; a row
    without a name, or a name used twice, a :class:`HouseStyleError` naming it (``key``: the table's title)."""
    found: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name, content in rows:
        name, content = name.strip(), content.strip()
        if not name and not content:
            continue
        if not name:
            raise HouseStyleError(_("{key}: “{content}” needs a name").format(key=key, content=_short(content)))
        if name.casefold() in seen:
            raise HouseStyleError(_("{key}: two are named “{name}”").format(key=key, name=name))
        seen[name.casefold()] = name
        found[name] = content
    return found


def group_rows(groups: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """The hashtag groups as a table's rows: a name and its tags in one line."""
    return [(name, " ".join(tags)) for name, tags in groups.items()]


def _short(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[:most] + "\u2026"
