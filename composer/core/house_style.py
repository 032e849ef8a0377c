"""What a library's communications service sets once for every colleague.

Kept as a setting in the database and exchanged as a JSON file, so the
communications service can hand the same house style to every colleague.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from composer.core.i18n import _
from composer.core.platforms import NETWORKS

ALL_NETWORKS = "*"  # key in required_hashtags: every network
FORMAT = "post-composer-house-style"
VERSION = 1
MAX_CADENCE = 100  # posts a week on one network: more is not a rhythm


class HouseStyleError(ValueError):
    """A house-style file that cannot be used; the message says why."""


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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["required_hashtags"] = {k: list(v) for k, v in self.required_hashtags.items()}
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    def to_json(self) -> str:
        """The file a communications service hands out."""
        return json.dumps({"format": FORMAT, "version": VERSION, **self.to_dict()}, ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict) -> HouseStyle:
        """A house style from stored or imported data; :class:`HouseStyleError` says what is wrong."""
        if not isinstance(data, dict):
            raise HouseStyleError(_("this is not a house style"))
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in data.items():
            if key in ("format", "version"):
                continue
            if key not in known:
                raise HouseStyleError(_("unknown setting \u201c{key}\u201d").format(key=key))
            values[key] = _field_value(key, value)
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> HouseStyle:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise HouseStyleError(_("not a JSON file (line {line}: {problem})").format(
                line=error.lineno, problem=error.msg)) from error
        if isinstance(data, dict) and data.get("format", FORMAT) != FORMAT:
            raise HouseStyleError(_("not a Post Composer house style"))
        return cls.from_dict(data)


def _strings(key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise HouseStyleError(_("{key}: expected a list of texts").format(key=key))
    return tuple(v.strip() for v in value if v.strip())


def _field_value(key: str, value):
    if key in ("library_name", "sign_off", "website"):
        if not isinstance(value, str):
            raise HouseStyleError(_("{key}: expected a text").format(key=key))
        return value.strip()
    if key == "emoji_limit":
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise HouseStyleError(_("{key}: expected a whole number of 0 or more").format(key=key))
        return value
    if key == "review_required":
        if not isinstance(value, bool):
            raise HouseStyleError(_("{key}: expected true or false").format(key=key))
        return value
    if key == "cadence":
        if not isinstance(value, dict):
            raise HouseStyleError(_("{key}: expected networks with their most posts a week").format(key=key))
        unknown = [k for k in value if k not in NETWORKS]
        if unknown:
            raise HouseStyleError(_("{key}: unknown network \u201c{network}\u201d").format(key=key, network=unknown[0]))
        for k, n in value.items():
            if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_CADENCE:
                raise HouseStyleError(_("{key}: {network} needs a whole number of posts a week from 1 to {most}")
                                      .format(key=key, network=k, most=MAX_CADENCE))
        return {k: value[k] for k in NETWORKS if k in value}
    if key == "required_hashtags":
        if not isinstance(value, dict):
            raise HouseStyleError(_("{key}: expected networks with their tags").format(key=key))
        unknown = [k for k in value if k != ALL_NETWORKS and k not in NETWORKS]
        if unknown:
            raise HouseStyleError(_("{key}: unknown network \u201c{network}\u201d").format(key=key, network=unknown[0]))
        return {k: tuple(t if t.startswith("#") else "#" + t for t in _strings(key, v)) for k, v in value.items()}
    return _strings(key, value)
