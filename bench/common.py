"""Shared by the benchmarks: a realistic 10,000-draft library, result rows, statistics.

Building the library is never timed. Texts are Dutch and English library
posts of 100-1500 characters, some with emoji, links and per-network versions.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from composer.core.drafts.draft import AUDIENCES, PURPOSES
from composer.core.networks.facts import NETWORKS
from composer.core.storage.store import Store

DRAFTS = 10_000
USER = "Bench Bibliothecaris"

# Per topic: Dutch sentences, then English ones. A draft keeps to one topic and language,
# padded with filler built from slots, so a search word matches a realistic share of drafts.
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "acquisition": ([
        "Nieuwe aanwinst: een zeldzaam getijdenboek uit de vijftiende eeuw, rijk verlucht.",
        "De aanwinsten van deze maand staan in de vitrine bij de ingang.",
        "Dankzij een schenking is onze collectie reisverhalen flink gegroeid.",
    ], [
        "New acquisition: a rare book of hours from the fifteenth century, richly illuminated.",
        "This month's acquisitions are in the display case by the entrance.",
    ]),
    "exhibition": ([
        "Onze tentoonstelling over de drukkers van Antwerpen opent vrijdag in de leeszaal.",
        "De tentoonstelling is gratis en loopt nog tot eind maart.",
        "Rondleiding op zondag door de tentoonstelling, met de curator.",
    ], [
        "Our exhibition on the printers of Antwerp opens on Friday in the reading room.",
        "Guided tour of the exhibition on Sunday, with the curator.",
    ]),
    "hours": ([
        "Tijdens de kerstvakantie gelden aangepaste openingsuren.",
        "We zijn gesloten op 25 en 26 december; de inleverbus blijft open.",
        "Tijdens de examens zijn de openingsuren van de leeszaal verlengd tot middernacht.",
    ], [
        "Over the Christmas holidays our opening hours change.",
        "During exams the reading room stays open until midnight.",
    ]),
    "cafe": ([
        "Kom na je bezoek iets drinken in het café op de eerste verdieping.",
        "Het erfgoedcafé van donderdag gaat over brieven van soldaten.",
    ], [
        "After your visit, have a coffee in the café on the first floor.",
    ]),
    "service": ([
        "Via de interbibliothecaire leenservice vraag je ook boeken uit andere bibliotheken aan.",
        "Vraag je lezerskaart aan de balie of online aan.",
        "Scans van oude kranten bestel je voortaan via ons webformulier.",
    ], [
        "Interlibrary loan lets you borrow books from other libraries too.",
        "Ask for a reader's card at the desk or online.",
    ]),
    "behind_the_scenes": ([
        "Achter de schermen: onze restaurateurs geven een beschadigde kaart een tweede leven.",
        "Zo digitaliseren we elke week honderden pagina's uit het archief.",
    ], [
        "Behind the scenes: our conservators give a damaged map a second life.",
        "This is how we digitise hundreds of archive pages every week.",
    ]),
    "dialogue": ([
        "Welk boek uit onze collectie zou jij iedereen aanraden?",
        "Herken jij de plek op deze oude prentkaart? Laat het weten in de reacties.",
    ], [
        "Which book from our collection would you recommend to everyone?",
        "Do you recognise the place on this old postcard? Tell us in the comments.",
    ]),
}
FILLER_NL = ["In de {what} van {who} vind je {thing} uit {place}.", "Meer informatie op onze website.",
             "Deel dit bericht met wie het kan interesseren.", "{who} schreef over {thing} uit {place}.",
             "Ook {thing} uit {place} zijn te raadplegen in de {what}."]
FILLER_EN = ["The {what} of {who} holds {thing} from {place}.", "More information on our website.",
             "Share this with anyone who might be interested.", "{who} wrote about {thing} from {place}."]
SLOTS = {
    "what": ["collectie", "bibliotheek", "leeszaal", "depot", "archief", "collection", "library"],
    "who": ["Plantin", "Guido Gezelle", "Virginia Woolf", "Hendrik Conscience", "Erasmus", "Anna Bijns"],
    "thing": ["kaarten", "brieven", "handschriften", "affiches", "foto's", "maps", "letters", "prints"],
    "place": ["Gent", "Brugge", "Leuven", "Mechelen", "Antwerpen", "Oostende", "Ieper", "Kortrijk"],
}
EMOJI = ["📚", "🎄", "✨", "☕", "🏛️", "🖋️", "🇧🇪", "👩‍💻", "❤️", "🔍"]
LINKS = ["https://www.bibliotheek.example.be/agenda", "https://example.org/collectie/aanwinsten?jaar=2026",
         "https://blog.example.be/achter-de-schermen/restauratie-kaart-brugge"]
HASHTAGS = ["#erfgoed", "#bibliotheek", "#library", "#heritage", "#boeken", "#archief"]


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    what: str
    measured: str
    target: str
    ok: bool


def post_text(rng: random.Random, length: int) -> str:
    """A post of about ``length`` characters (100-1500) on one topic, in Dutch (mostly) or English."""
    dutch = rng.random() < 0.75
    own = TOPICS[rng.choice(list(TOPICS))][0 if dutch else 1]
    filler = FILLER_NL if dutch else FILLER_EN
    parts = rng.sample(own, min(2, len(own)))
    while sum(len(p) + 1 for p in parts) < length:
        part = rng.choice(filler).format(**{k: rng.choice(v) for k, v in SLOTS.items()})
        parts.append(part + (" " + rng.choice(EMOJI) if rng.random() < 0.2 else ""))
        if rng.random() < 0.15:
            parts.append("\n\n")
    if rng.random() < 0.3:
        parts.append(rng.choice(LINKS))
    if rng.random() < 0.4:
        parts.append(" ".join(rng.sample(HASHTAGS, 2)))
    text = " ".join(parts).replace(" \n\n ", "\n\n")
    return text if len(text) <= 1500 else text[:1500].rsplit(" ", 1)[0]


def build_library(data_dir: Path, drafts: int = DRAFTS, seed: int = 2026) -> Path:
    """Fill ``data_dir`` with ``drafts`` drafts (a tenth with a short X version); set the user's name."""
    rng = random.Random(seed)
    store = Store.open(data_dir)
    try:
        store.set_setting("user_name", USER)
        with store.atomic():
            for _ in range(drafts):
                networks = tuple(n for n in NETWORKS if rng.random() < 0.4) or (rng.choice(NETWORKS),)
                own = {"x": post_text(rng, 100)[:270]} if "x" in networks and rng.random() < 0.1 else {}
                store.create(USER, text=post_text(rng, rng.randint(100, 1500)), networks=networks,
                             network_texts=own, purpose=rng.choice([None, *PURPOSES]),
                             audience=rng.choice([None, *AUDIENCES]))
    finally:
        store.close()
    return data_dir


def empty_library(data_dir: Path) -> Path:
    """A data folder with no drafts whose user already gave a name (so no name dialog)."""
    store = Store.open(data_dir)
    store.set_setting("user_name", USER)
    store.close()
    return data_dir


@contextmanager
def library_dir(given: Path | None = None) -> Iterator[Path]:
    """``given`` as is, or a fresh temporary 10,000-draft library removed afterwards."""
    if given is not None:
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="composer-bench-") as tmp:
        yield build_library(Path(tmp) / "library")


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def p95_ms(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20)[-1] * 1000


def print_rows(rows: list[Row]) -> None:
    """The rows as a Markdown table, ready for the README."""
    print("| what | measured | target | ok? |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row.what} | {row.measured} | {row.target} | {'yes' if row.ok else 'NO'} |")


def python_version() -> str:
    return sys.version.split()[0]


def main_on_a_library(run: Callable[[Path], list[Row]], doc: str) -> None:
    """A benchmark's command line: ``--library DIR`` (an existing 10,000-draft folder) or a library built for it."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--library", type=Path, help="an existing 10,000-draft data folder (default: build one)")
    args = parser.parse_args()
    with library_dir(args.library) as library:
        print_rows(run(library))


def main_with_pillow(run: Callable[[], list[Row]]) -> None:
    """A picture benchmark's command line: its rows, under the Python and Pillow versions they were measured with."""
    from PIL import Image

    rows = run()
    print(f"\nPython {sys.version.split()[0]}, Pillow {Image.__version__}\n")
    print_rows(rows)
