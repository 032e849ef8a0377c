"""A post being written: its text, its networks and the questions it answers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from composer.core.i18n import N_, _
from composer.core.networks.facts import NETWORKS

PURPOSES: dict[str, str] = {
    "acquisition": N_("New in the collection"),
    "event": N_("Event"),
    "service": N_("Service (e.g. interlibrary loan)"),
    "dialogue": N_("Dialogue: a question to the public"),
    "heritage": N_("Heritage in a positive light"),
    "behind_the_scenes": N_("Behind the scenes"),
    "practical_info": N_("Practical information"),
}

AUDIENCES: dict[str, str] = {
    "students": N_("Students"),
    "researchers": N_("Researchers"),
    "museum_visitors": N_("Museum visitors"),
    "artists": N_("Artists"),
    "general_public": N_("General public"),
    "professionals": N_("Professionals"),
}

STATUSES: dict[str, str] = {
    "draft": N_("Draft"),
    "consent_withdrawn": N_("Consent withdrawn"),  # a person in its photos withdrew: see the consent check
}


def first_line(text: str) -> str:
    """The first line of ``text`` that is not blank, stripped: how a draft is named in lists."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def label(choices: dict[str, str], key: str | None) -> str:
    """The translated label of ``key`` in ``choices`` (the key itself if unknown)."""
    if not key:
        return ""
    return _(choices[key]) if key in choices else key


@dataclass(frozen=True)
class Draft:
    """One post: a shared text, optional per-network versions, purpose and audience."""

    id: int | None = None
    text: str = ""
    networks: tuple[str, ...] = ()
    network_texts: dict[str, str] = field(default_factory=dict)
    purpose: str | None = None
    audience: str | None = None
    status: str = "draft"
    created_by: str = ""
    updated_by: str = ""
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    approved_hash: str | None = None
    #: The stored revision this content started from (it moves on with every saved change; 0: not known).
    #: A save is conditional on it: a colleague's newer text is never overwritten (``Store.save``).
    revision: int = 0

    def text_for(self, network: str) -> str:
        """The text ``network`` gets: its own version, or the shared text."""
        return self.network_texts.get(network, self.text)

    def with_networks(self, networks: set[str] | tuple[str, ...]) -> Draft:
        """The same draft for ``networks``, kept in the canonical network order."""
        return replace(self, networks=tuple(n for n in NETWORKS if n in networks))

    @property
    def first_line(self) -> str:
        return first_line(self.text)

    def content_hash(self) -> str:
        """A fingerprint of what an approval covers: every text and the networks."""
        import hashlib
        import json

        content = json.dumps([self.text, sorted(self.network_texts.items()), list(self.networks)],
                             ensure_ascii=False)
        return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def approved(self) -> bool:
        """Approved, and not edited since (editing the text voids an approval)."""
        return bool(self.approved_by) and self.approved_hash == self.content_hash()

    def same_content(self, other: Draft) -> bool:
        """True when saving ``other`` over this draft would change nothing the author wrote."""
        return (self.text, self.networks, self.network_texts, self.purpose, self.audience) == (
            other.text, other.networks, other.network_texts, other.purpose, other.audience)
