"""The networks' own composers on the web, opened with the post filled in ("web intents").

Post Composer never publishes; this is the shortest way from a finished post to the network: the window
copies the network's final text, opens the export folder for the images, and opens the address made here.

- X, Bluesky and Threads take the text: ``?text=``.
- Mastodon takes it on the library's own server (the house style's ``mastodon_server``): ``/share?text=``.
- LinkedIn and Facebook take no text, only a link: the post's first link is shared and the text is pasted.
- Instagram has no composer on the web: the text is copied for the app.

The text is percent-encoded as UTF-8 (a line break is ``%0A``, an emoji its four bytes). An address longer
than :data:`MAX_URL_BYTES` is not reliably opened (browsers, X's intent): the composer is then opened
empty and the text, on the clipboard, is pasted.

>>> share_link("bluesky", "Kom kijken!\\n#bib").url
'https://bsky.app/intent/compose?text=Kom%20kijken%21%0A%23bib'
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from composer.core.checklist.text import links
from composer.core.i18n import _
from composer.core.networks.facts import network as network_named

__all__ = ["MAX_URL_BYTES", "INTENTS", "ShareLink", "mastodon_host", "share_link"]

MAX_URL_BYTES = 8000
#: Where each network's composer takes the text; ``{server}`` is the library's Mastodon server.
TEXT_INTENTS: dict[str, str] = {
    "x": "https://x.com/intent/post?text=",
    "bluesky": "https://bsky.app/intent/compose?text=",
    "threads": "https://www.threads.net/intent/post?text=",
    "mastodon": "https://{server}/share?text=",
}
#: Networks whose share page takes a link only.
LINK_INTENTS: dict[str, str] = {
    "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url=",
    "facebook": "https://www.facebook.com/sharer/sharer.php?u=",
}
#: Every network with a page to open, in the networks' order.
INTENTS: tuple[str, ...] = ("facebook", "x", "linkedin", "mastodon", "bluesky", "threads")


@dataclass(frozen=True)
class ShareLink:
    """What opening ``network`` with a post comes to.

    ``url``: the address to open (``None``: nothing to open); ``with_text``: the text is in it;
    ``note``: what the librarian should know, in the UI language ("" when the text is simply filled in).
    """

    network: str
    url: str | None
    with_text: bool = False
    note: str = ""


def share_link(network: str, text: str, mastodon_server: str = "") -> ShareLink:
    """The address that opens ``network``'s composer with ``text`` (its final text), and what to say about it."""
    name = network_named(network).name
    if network in TEXT_INTENTS:
        if network == "mastodon":
            try:
                server = mastodon_host(mastodon_server)
            except ValueError as problem:
                return ShareLink(network, None, note=str(problem))
            start = TEXT_INTENTS[network].format(server=server)
        else:
            start = TEXT_INTENTS[network]
        url = start + quote(text, safe="")
        if len(url.encode("ascii")) <= MAX_URL_BYTES:
            return ShareLink(network, url, with_text=True)
        return ShareLink(network, start.removesuffix("?text="), note=_(
            "The text is too long to hand to {network} in the address: paste it (it is on the clipboard)."
        ).format(network=name))
    if network in LINK_INTENTS:
        link = first_link(text)
        if link is None:
            return ShareLink(network, None, note=_(
                "{network} accepts no text from outside, only a link, and this post has none: open {network} "
                "yourself and paste the text (it is on the clipboard).").format(network=name))
        return ShareLink(network, LINK_INTENTS[network] + quote(link, safe=""), note=_(
            "{network} accepts no text from outside: it shares the post's first link; paste the text "
            "(it is on the clipboard).").format(network=name))
    return ShareLink(network, None, note=_(
        "{network} has no composer on the web: post from the {network} app; the text is on the clipboard."
    ).format(network=name))


def first_link(text: str) -> str | None:
    """The first link in ``text`` as a full address (``https://`` added to a bare ``bib.be/agenda``)."""
    found = links(text)
    if not found:
        return None
    start, end = found[0]
    link = text[start:end]
    return link if "://" in link else "https://" + link


def mastodon_host(server: str) -> str:
    """The host of the library's Mastodon server as written in the house style: ``mastodon.social``,
    ``https://mastodon.social/``, or an account ``@bib@mastodon.social``. ``ValueError`` with a message
    for the librarian when there is none or it cannot be one."""
    written = server.strip()
    if not written:
        raise ValueError(_("Mastodon: the library's server is not set in the house style (its address, "
                           "e.g. mastodon.social)."))
    if "@" in written and "://" not in written:  # an account: @bib@mastodon.social
        written = written.rsplit("@", 1)[1]
    parts = urlsplit(written if "://" in written else "https://" + written)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    labels = host.split(".")
    if parts.scheme not in ("http", "https") or len(labels) < 2 or not all(
            label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
            for label in labels):
        raise ValueError(_("Mastodon: “{server}” is not a server's address; write it as mastodon.social.").format(
            server=server.strip()))
    return host + (f":{parts.port}" if parts.port else "")
