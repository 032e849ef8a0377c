"""What a library's communications service sets once for every colleague.

Kept as a setting in the database and exchanged as a JSON file, so the
communications service can hand the same house style to every colleague.

One validation for everything that comes in, file or stored setting alike
(:func:`read_house_style`, :meth:`HouseStyle.from_file_bytes`,
:func:`stored_house_style`): a file of at most :data:`MAX_FILE_BYTES`, UTF-8
with or without a BOM, JSON no deeper than the format needs, no number longer
than :data:`MAX_DIGITS` digits, texts without broken characters (lone
surrogates), at most :data:`MAX_ITEMS` entries per list of at most
:data:`MAX_CHARS` characters each (a bigger list would slow down every
keystroke's checks). Whatever is wrong becomes a :class:`HouseStyleError`
with a translated message; nothing else escapes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS

TYPE_CHECKING = False  # (typing costs the command line's start-up a few ms)
if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable
    from typing import Any

    from composer.core.storage.store import Store

ALL_NETWORKS = "*"  # key in required_hashtags: every network
FORMAT = "post-composer-house-style"
VERSION = 1
SETTING = "house_style"  # the key in the database's settings
MAX_CADENCE = 100  # posts a week on one network: more is not a rhythm
MAX_FILE_BYTES = 1_000_000  # a real house style is a few kilobytes
MAX_DIGITS = 9  # no setting needs a longer number (Python refuses over 4,300 digits with a ValueError)
MAX_ITEMS = 500  # entries in one list (forbidden words, tags of one network, ...)
MAX_CHARS = 500  # characters in one text or entry
_SHOWN_CHARS = 40  # of an unknown name, in a message


class HouseStyleError(ValueError):
    """A house-style file that cannot be used; the message says why."""


@dataclass(frozen=True)
class DraftTemplate:
    """A shared start for a new draft ("New acquisition", "Event"): its text, networks, purpose and audience."""

    name: str
    text: str = ""
    networks: tuple[str, ...] = ()
    purpose: str | None = None
    audience: str | None = None


@dataclass(frozen=True)
class HouseStyle:
    """The library's rules; every field is optional ("" / empty / None: not configured)."""

    library_name: str = ""                      # preferred spelling, e.g. "KBR"
    name_variants: tuple[str, ...] = ()         # spellings to avoid, e.g. ("Koninklijke Bib",)
    required_hashtags: dict[str, tuple[str, ...]] = field(default_factory=dict)  # network or "*" -> tags
    forbidden_words: tuple[str, ...] = ()
    emoji_limit: int | None = None
    sign_off: str = ""                          # e.g. "^An" or "Tot in de bib!"
    website: str = ""                           # the library's own site, e.g. "https://bib.example.be"
    contact_phones: tuple[str, ...] = ()        # the library's own numbers: never a privacy warning
    contact_emails: tuple[str, ...] = ()
    bad_news_words: tuple[str, ...] = ()        # the library's own additions to the word lists
    audiences: tuple[str, ...] = ()             # the library's own audiences, beside the standard ones
    review_required: bool = False               # export only after a colleague's approval
    cadence: dict[str, int] = field(default_factory=dict)  # network -> most posts a week (statement 3)
    word_list: tuple[str, ...] = ()             # the library's own words the spell check knows (names, places)
    snippets: dict[str, str] = field(default_factory=dict)  # name -> text to insert ("Opening hours")
    hashtag_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> tags inserted together
    templates: tuple[DraftTemplate, ...] = ()   # shared starts for a new draft
    mastodon_server: str = ""                   # the library's own server, for "open in Mastodon"

    @property
    def configured(self) -> bool:
        """True when anything the ``house_style`` check looks at is set."""
        return bool(self.library_name or self.name_variants or any(self.required_hashtags.values())
                    or self.forbidden_words or self.emoji_limit is not None or self.sign_off)

    def hashtags_for(self, network: str) -> tuple[str, ...]:
        """The tags ``network`` must carry: those for every network, then its own."""
        tags = [*self.required_hashtags.get(ALL_NETWORKS, ()), *self.required_hashtags.get(network, ())]
        return tuple(dict.fromkeys(tags))

    # --- exchange ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["required_hashtags"] = {k: list(v) for k, v in self.required_hashtags.items()}
        data["hashtag_groups"] = {k: list(v) for k, v in self.hashtag_groups.items()}
        data["templates"] = [{**asdict(t), "networks": list(t.networks)} for t in self.templates]
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    def to_json(self) -> str:
        """The file a communications service hands out."""
        return json.dumps({"format": FORMAT, "version": VERSION, **self.to_dict()}, ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HouseStyle:
        """A house style from stored or imported data; :class:`HouseStyleError` says what is wrong."""
        if not isinstance(data, dict):
            raise HouseStyleError(_("this is not a house style"))
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in data.items():
            if key in ("format", "version"):
                continue
            if key not in known:
                raise HouseStyleError(_("unknown setting \u201c{key}\u201d").format(key=_shown(key)))
            values[key] = _field_value(key, value)
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> HouseStyle:
        """A house style from the text of a file (a leading BOM is allowed); :class:`HouseStyleError` if unusable."""
        return cls.from_dict(_parse(text.removeprefix("\ufeff")))

    @classmethod
    def from_file_bytes(cls, data: bytes) -> HouseStyle:
        """A house style from the bytes of a file: at most :data:`MAX_FILE_BYTES`, UTF-8, with or without a BOM."""
        from composer.core.storage import files  # only for a file: the window loads this module at start-up

        if len(data) > MAX_FILE_BYTES:
            raise HouseStyleError(_("the file is larger than {limit} MB").format(
                limit=files.megabytes(MAX_FILE_BYTES)))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise HouseStyleError(_("it is not UTF-8 text (an invalid byte at position {position})").format(
                position=error.start)) from error
        return cls.from_json(text)


def read_house_style(path: str | os.PathLike[str]) -> HouseStyle:
    """The house style in the file at ``path``, for the window's Import… and ``check --house-style`` alike.

    :class:`HouseStyleError` carries the whole sentence for the user, naming the file.
    """
    from composer.core.storage import files

    try:
        data = files.read_regular(path, MAX_FILE_BYTES)
    except files.FileProblem as problem:
        raise HouseStyleError(_("{file} cannot be read: {reason}.").format(file=path, reason=problem)) from problem
    try:
        return HouseStyle.from_file_bytes(data)
    except HouseStyleError as error:
        raise HouseStyleError(_("{file} is not a usable house style: {reason}").format(
            file=path, reason=error)) from error


def write_house_style(path: str | os.PathLike[str], style: HouseStyle) -> None:
    """Write ``style`` as a house-style file at ``path``, whole or not at all (an existing file is replaced
    only once the new one is complete). Raises ``OSError``."""
    from composer.core.storage.files import write_atomic

    write_atomic(path, style.to_json() + "\n")


def stored_house_style(store: Store) -> HouseStyle:
    """The house style kept in the database (none kept: an empty one); :class:`HouseStyleError` if unusable.

    A stored value that is not even JSON (damaged, or written by hand) is an
    error like any other, never a crash.
    """
    try:
        data = store.setting(SETTING)
    except (ValueError, RecursionError) as error:  # the setting's JSON: broken, too deep, a number too long
        raise HouseStyleError(_("the stored value is not valid JSON")) from error
    return HouseStyle() if data is None else HouseStyle.from_dict(data)


def _parse(text: str) -> Any:
    """``text`` as JSON, every problem (syntax, depth, a huge number) a :class:`HouseStyleError`."""
    try:
        data = json.loads(text, parse_int=_whole_number)
    except HouseStyleError:
        raise
    except json.JSONDecodeError as error:
        raise HouseStyleError(_("not a JSON file (line {line}: {problem})").format(
            line=error.lineno, problem=error.msg)) from error
    except RecursionError as error:
        raise HouseStyleError(_("the file is nested too deeply to be a house style")) from error
    except ValueError as error:  # whatever else the decoder refuses
        raise HouseStyleError(_("not a JSON file")) from error
    if isinstance(data, dict) and data.get("format", FORMAT) != FORMAT:
        raise HouseStyleError(_("not a Post Composer house style"))
    return data


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise HouseStyleError(_("a number in the file is too long ({count} digits; at most {most})").format(
            count=len(digits.lstrip("-")), most=MAX_DIGITS))
    return int(digits)


def _shown(name: str) -> str:
    """An unknown name as a message may show it: short, and without broken characters."""
    name = name.encode("utf-8", "replace").decode("utf-8")
    return name if len(name) <= _SHOWN_CHARS else name[:_SHOWN_CHARS] + "\u2026"


def _text(key: str, value: str) -> str:
    """``value`` stripped, if it is whole text of at most :data:`MAX_CHARS` characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise HouseStyleError(_("{key}: contains a broken character ({code})").format(
            key=key, code=f"U+{ord(value[error.start]):04X}")) from error
    value = value.strip()
    if len(value) > MAX_CHARS:
        raise HouseStyleError(_("{key}: a text of at most {most} characters is expected").format(
            key=key, most=MAX_CHARS))
    return value


def _strings(key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise HouseStyleError(_("{key}: expected a list of texts").format(key=key))
    if len(value) > MAX_ITEMS:
        raise HouseStyleError(_("{key}: at most {most} entries are accepted").format(key=key, most=MAX_ITEMS))
    return tuple(text for text in (_text(key, v) for v in value) if text)


def _field_value(key: str, value: Any) -> Any:
    """``value`` of setting ``key`` as :class:`HouseStyle` holds it; :class:`HouseStyleError` if unusable."""
    return _READERS.get(key, _strings)(key, value)


def _one_text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise HouseStyleError(_("{key}: expected a text").format(key=key))
    return _text(key, value)


def _emoji_limit(key: str, value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise HouseStyleError(_("{key}: expected a whole number of 0 or more").format(key=key))
    if len(str(value)) > MAX_DIGITS:
        raise HouseStyleError(_("{key}: the number is too large").format(key=key))
    return value


def _yes_or_no(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise HouseStyleError(_("{key}: expected true or false").format(key=key))
    return value


def _refuse_unknown_networks(key: str, names: Iterable[str], also: tuple[str, ...] = ()) -> None:
    unknown = [k for k in names if k not in also and k not in NETWORKS]
    if unknown:
        raise HouseStyleError(_("{key}: unknown network \u201c{network}\u201d").format(
            key=key, network=_shown(unknown[0])))


def _cadence(key: str, value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        raise HouseStyleError(_("{key}: expected networks with their most posts a week").format(key=key))
    _refuse_unknown_networks(key, value)
    for k, n in value.items():
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_CADENCE:
            raise HouseStyleError(_("{key}: {network} needs a whole number of posts a week from 1 to {most}")
                                  .format(key=key, network=k, most=MAX_CADENCE))
    return {k: value[k] for k in NETWORKS if k in value}


def _hashtags(key: str, value: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise HouseStyleError(_("{key}: expected networks with their tags").format(key=key))
    _refuse_unknown_networks(key, value, also=(ALL_NETWORKS,))
    return {k: tuple(t if t.startswith("#") else "#" + t for t in _strings(key, v)) for k, v in value.items()}


def _named(key: str, value: object) -> dict[str, Any]:
    """A mapping of names (snippets, hashtag groups) with at most :data:`MAX_ITEMS` entries."""
    if not isinstance(value, dict):
        raise HouseStyleError(_("{key}: expected names with their contents").format(key=key))
    if len(value) > MAX_ITEMS:
        raise HouseStyleError(_("{key}: at most {most} entries are accepted").format(key=key, most=MAX_ITEMS))
    names = [_one_text(key, name) for name in value]
    if any(not name for name in names):
        raise HouseStyleError(_("{key}: every entry needs a name").format(key=key))
    return dict(zip(names, value.values(), strict=True))


def _snippets(key: str, value: object) -> dict[str, str]:
    return {name: _one_text(key, text) for name, text in _named(key, value).items()}


def _hashtag_groups(key: str, value: object) -> dict[str, tuple[str, ...]]:
    return {name: tuple(t if t.startswith("#") else "#" + t for t in _strings(key, tags))
            for name, tags in _named(key, value).items()}


def _templates(key: str, value: object) -> tuple[DraftTemplate, ...]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise HouseStyleError(_("{key}: expected a list of templates").format(key=key))
    found = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise HouseStyleError(_("{key}: every template needs a name").format(key=key))
        unknown = set(item) - {"name", "text", "networks", "purpose", "audience"}
        if unknown:
            raise HouseStyleError(_("unknown setting \u201c{key}\u201d").format(key=_shown(sorted(unknown)[0])))
        networks = _strings(key, item.get("networks", []))
        _refuse_unknown_networks(key, networks)
        text = item.get("text", "")
        if not isinstance(text, str) or len(text) > 20 * MAX_CHARS:
            raise HouseStyleError(_("{key}: a template's text must be a text of at most {most} characters").format(
                key=key, most=20 * MAX_CHARS))
        purpose, audience = (_optional_text(key, item.get(name)) for name in ("purpose", "audience"))
        found.append(DraftTemplate(_text(key, item["name"]), text, networks, purpose, audience))
    return tuple(found)


def _optional_text(key: str, value: object) -> str | None:
    return None if value is None else _one_text(key, value) or None


#: How each setting is read; a setting not named here is a list of texts (:func:`_strings`).
_READERS: dict[str, Callable[[str, Any], Any]] = {
    "library_name": _one_text,
    "sign_off": _one_text,
    "website": _one_text,
    "mastodon_server": _one_text,
    "snippets": _snippets,
    "hashtag_groups": _hashtag_groups,
    "templates": _templates,
    "emoji_limit": _emoji_limit,
    "review_required": _yes_or_no,
    "cadence": _cadence,
    "required_hashtags": _hashtags,
}
