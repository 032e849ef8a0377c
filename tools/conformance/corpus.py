"""A seeded corpus of post-like texts for the conformance harness.

Each text is built from fragments of a kind (a sentence, a link, a mention, an
emoji sequence, ...), so a disagreement can be traced to the fragment that
causes it: the harness measures the fragments of a disagreeing text on their
own and names the first that disagrees alone. Lengths are spread around the
networks' limits (280, 300, 500 and Bluesky's 3,000 bytes), where a verdict
can flip.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SENTENCES_NL = [
    "Nieuw in de leeszaal: de tentoonstelling over de drukkers van Antwerpen.",
    "Kom kijken naar Plantijns gravures en een café-menu uit 1890.",
    "Voorleesuurtje elke woensdag om 14 u, ook voor de allerkleinsten!",
    "De bib is gesloten op 25 en 26 december; de inleverbus blijft open.",
    "Reserveer je plaats voor de lezing van donderdag.",
    "Welk boek uit onze collectie zou jij iedereen aanraden?",
    "Achter de schermen: onze restaurateurs geven een kaart een tweede leven.",
    "Tijdens de examens is de leeszaal open tot middernacht.",
    "Gezocht: vrijwilligers voor het erfgoedcafé (ook zonder ervaring).",
    "Dank aan iedereen die zaterdag langskwam – wat een drukte!",
    "Zoek je iets in de catalogus? Vraag het aan de balie.",
    "Ons depot telt nu meer dan 63.206 affiches; bekijk ze online.",
]
SENTENCES_EN = [
    "New in the reading room: an exhibition on the printers of Antwerp.",
    "Story time every Wednesday at 2 pm, for the youngest readers too!",
    "The library is closed on 25 and 26 December; the return box stays open.",
    "Which book from our collection would you recommend to everyone?",
    "Behind the scenes: our conservators give a damaged map a second life.",
    "Book your seat for Thursday's lecture — places are limited.",
    "Thanks to everyone who came by on Saturday; what a crowd!",
    "Looking for something in the catalogue? Ask us at the desk.",
]
WORDS = ["boek", "bib", "erfgoed", "lezen", "gravure", "archief", "collectie", "library", "reading", "maps",
         "letters", "prints", "affiche", "catalogus", "agenda", "zondag", "rondleiding", "café", "Gezelle"]

# Links of every shape a library post has; the kind names the class a disagreement falls in.
LINKS = {
    "link https": ["https://www.bibliotheek.example.be/agenda/drukkers?lang=nl", "https://kbr.be/",
                   "https://www.kbr.be/nl/agenda/tentoonstelling-drukkers-van-antwerpen",
                   "https://catalogus.bib.example.be/search?q=gezelle&lang=nl&page=2",
                   "https://example.com/agenda/2026/12/voorleesuurtje", "https://bib.gent.be/nl/activiteiten",
                   "https://www.erfgoedbibliotheek.be/collectie/affiches/1890", "https://t.co/abc123XYZ"],
    "link http": ["http://www.example.org/collectie/aanwinsten?jaar=2026", "http://bib.example.be",
                  "http://example.com:8080/agenda/kalender"],
    "link uppercase scheme": ["HTTPS://WWW.EXAMPLE.BE/AGENDA/ZOMER", "Https://bib.example.be/agenda/zomer-2026",
                              "httpS://bib.example.be/lezingen/gezelle"],
    "bare domain": ["example.com/agenda/2026/12/voorleesuurtje", "www.kbr.be/agenda", "bib.be",
                    "erfgoedbibliotheek.be/collectie/affiches", "www.bibliotheek.example.be/agenda/drukkers",
                    "kbr.be/nl/", "catalogus.example.nl/zoek?q=plantijn"],
    "root with slash": ["https://www.kbr.be/", "https://example.com/", "http://bib.example.be/"],
    "query without path": ["https://example.com?x=1", "https://bib.example.be?lang=nl&tab=agenda",
                           "https://catalogus.example.be?q=gezelle+brieven"],
    "fragment": ["https://bib.example.be/#top", "https://example.com/agenda#zondag",
                 "https://www.kbr.be/nl/agenda/#december-activiteiten"],
    "non-ASCII host": ["https://bibliothèque.example.fr/agenda", "https://café.example.be/menu",
                       "https://straße.example.de/x", "https://日本.example.jp/図書館",
                       "https://müller-bib.de/agenda/2026"],
    "non-ASCII path": ["https://example.be/événements/2026/lezing-été", "https://bib.example.be/zoek?q=café crème",
                       "https://example.com/catalogus/Gezelle-é", "https://www.example.org/ü/ö/ä/ß/straße",
                       "https://example.jp/図書館/イベント"],
    "long host": ["https://" + "verylonglibraryname" * 3 + ".example.be/agenda",
                  "https://" + "a" * 64 + ".example.be/x", "https://" + "bib" * 21 + ".be/x",
                  "https://sub.sub.sub.sub.domain.of.a.very.long.library.example.be/agenda/2026"],
    "port and userinfo": ["https://bib.example.be:443/agenda/2026/zomer", "https://user@bib.example.be/agenda",
                          "http://localhost:8080/test", "https://127.0.0.1/agenda/lezingen"],
    "punctuation after link": ["https://example.com/agenda.", "https://bib.example.be/agenda/zomer!",
                               "(https://www.kbr.be/nl/agenda)", "https://example.com/a_(b)",
                               "https://bib.example.be/zoek?q=1,", "https://example.com/agenda/2026:"],
    "link glued to text": ["Bibliotheekexample.com", "مرحباexample.com/agenda", "שלוםexample.com",
                           "東京example.jp/x", "éexample.be/agenda", "zie:example.com/x", "-example.com",
                           "info@example.com", "x.example.com-", "café.be"],
    "punycode": ["https://xn--caf-dma.be/agenda", "xn--bibliothque-bhb.example.fr/x", "https://xn--wgv71a.jp/"],
    "gemini and others": ["gemini://bib.example.be/gemlog", "gopher://example.org/1/bib", "ftp://example.com/x"],
}
MENTIONS = {
    "mention": ["@bib", "@kbr_be", "@erfgoed.bib", "@An"],
    "remote mention": ["@bib@mastodon.social", "@erfgoed@mastodon.example.be", "@an.peeters@social.example.org",
                       "@kbr@sub.domain.example.be"],
    "mention after =": ["x=@bob@server.example", "key=@bib@mastodon.social"],
    "non-ASCII mention": ["@josé@server.example.nl", "@ölaf@social.example.de", "@an@café.example",
                          "@bib@bibliothèque.example.fr"],
    "mention long server": ["@bib@" + ".".join(["serverlabel"] * 22) + ".be", "@bib@" + "a" * 250 + ".be"],
    "e-mail": ["info@bib.example.be", "balie@kbr.be"],
}
HASHTAGS = {
    "hashtag": ["#erfgoed", "#bibliotheek", "#Antwerpen", "#boekenweek2026", "#café", "#Bib_Gent"],
    "digits hashtag": ["#2026", "#1890"],
    "hashtag in link": ["https://bib.example.be/#top", "https://example.com/agenda/#zondag"],
}
EMOJI = {
    "emoji": ["📚", "✨", "👍", "🎄", "☕", "🔍", "🏛", "😷", "👾"],
    "emoji ZWJ": ["👨‍👩‍👧‍👦", "👩‍💻", "🏳️‍🌈", "🏴‍☠️", "👁️‍🗨️", "🏃‍♀️", "👨‍❤️‍👨", "👩🏽‍🏫"],
    "emoji skin tone": ["👍🏽", "👋🏻", "🙋🏿", "✍🏾", "☝️🏽", "⛷🏽"],
    "flag": ["🇧🇪", "🇳🇱", "🇪🇺", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁷󠁬󠁳󠁿"],
    "keycap": ["1️⃣", "#️⃣", "2⃣", "*️⃣"],
    "VS16": ["⌚️", "❤️", "☺️", "✔️", "⭐️", "📚️", "♾️", "☕️"],
    "© ® ™": ["©", "®", "™", "©️", "®️", "™️", "© 2026 Bib"],
    "text presentation": ["⌚︎", "❤︎", "©︎"],
    "emoji new": ["🫠", "🧑‍💻", "❤️‍🔥", "🐦‍🔥", "🫶🏽", "🧑‍🤝‍🧑", "🏳️‍⚧️", "😮‍💨", "🫱🏻‍🫲🏿", "👩🏽‍🦽"],
}
SCRIPTS = {
    "combining marks": ["cafe\u0301", "e\u0301e\u0300e\u0302", "Zo\u0308llner", "a\u030a", "n\u0303o"],
    "RTL": ["مرحبا بالعالم", "שלום עולם", "\u202eمكتبة\u202c", "كتاب جديد في المكتبة"],
    "CJK": ["図書館へようこそ", "新书展览", "도서관", "故人西辞黄鹤楼"],
    "Indic": ["क्षत्रिय", "नमस्ते"],
    "zero-width": ["bib\u200bliotheek", "zw\u200dj", "non\u200cjoiner", "word\u2060joiner"],
    "BOM and non-characters": ["\ufeff", "a\ufffeb", "\uffff"],
    "odd spaces": ["a\u00a0b", "c\u3000d", "e\u0085f", "tab\there", "g\u2009h", "\u180e"],
}
SEPARATORS = [" ", " ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", " \n", "\n\n\n", "  ", "\t",
              "", ", ", ". ", " (", ") ", "/", "…", ":", " \u200b", "\u00a0"]
#: Emoji that twemoji-parser 11 (twitter-text 3.1.0) does not know as one: a deliberate difference for X.
NEWER_EMOJI = frozenset(EMOJI["emoji new"])


@dataclass(frozen=True)
class Sample:
    text: str
    fragments: tuple[tuple[str, str], ...]  # (kind, fragment) in order
    separators: tuple[str, ...] = ()        # what stands between fragment i and i + 1

    def windows(self, size: int) -> list[tuple[str, str]]:
        """Every run of ``size`` neighbouring fragments as it stands in the text: (the first's kind, the run)."""
        runs = []
        for i in range(len(self.fragments) - size + 1):
            text = self.fragments[i][1]
            for j in range(i + 1, i + size):
                text += self.separators[j - 1] + self.fragments[j][1]
            kinds = sorted({k for k, _f in self.fragments[i:i + size]} - {"sentence", "word"}) or ["sentence"]
            runs.append((" + ".join(kinds), text))
        return runs


_KINDS = {**LINKS, **MENTIONS, **HASHTAGS, **EMOJI, **SCRIPTS}
_WEIGHTS = {kind: (3 if kind.startswith(("link", "bare", "emoji", "hashtag", "mention", "remote")) else 1)
            for kind in _KINDS}


def generate(count: int = 6000, seed: int = 2026) -> list[Sample]:
    """``count`` texts, the same for the same seed."""
    rng = random.Random(seed)
    samples = [_sample(rng) for _ in range(count)]
    samples += [Sample(t, (("edge", t),)) for t in ("", " ", "\n", "   \n\t", "\ufeff", "a", "\u3000")]
    return samples


def _target(rng: random.Random) -> int:
    """A length near a limit more often than not."""
    return rng.choice([
        rng.randint(20, 200),
        rng.randint(255, 310),
        rng.randint(270, 335),
        rng.randint(440, 560),
        rng.randint(480, 520),
        rng.randint(600, 1400),
    ])


def _sample(rng: random.Random) -> Sample:
    target = _target(rng)
    dutch = rng.random() < 0.7
    sentences = SENTENCES_NL if dutch else SENTENCES_EN
    fragments: list[tuple[str, str]] = []
    dense_emoji = rng.random() < 0.04  # near Bluesky's 3,000 bytes with few graphemes
    size = 0
    kinds = list(_KINDS)
    weights = [_WEIGHTS[k] for k in kinds]
    if rng.random() < 0.08:
        fragments.append(("edge", rng.choice([" ", "\n", "\ufeff", "  \n"])))
    while size < target:
        roll = rng.random()
        if dense_emoji:
            kind = rng.choice(["emoji ZWJ", "flag", "emoji skin tone"])
            fragment = rng.choice(_KINDS[kind])
        elif roll < 0.45:
            kind, fragment = "sentence", rng.choice(sentences)
        elif roll < 0.6:
            kind, fragment = "word", " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        else:
            kind = rng.choices(kinds, weights)[0]
            fragment = rng.choice(_KINDS[kind])
        fragments.append((kind, fragment))
        size += len(fragment) + 1
    separators = [rng.choice(SEPARATORS) if not dense_emoji else rng.choice(["", " "]) for _ in fragments[1:]]
    parts = [fragments[0][1]]
    for separator, (_kind, fragment) in zip(separators, fragments[1:], strict=True):
        parts += [separator, fragment]
    if rng.random() < 0.1:
        parts.append(rng.choice([" ", "\n", "  ", "\r\n", " \n\n"]))
    return Sample("".join(parts), tuple(fragments), tuple(separators))
