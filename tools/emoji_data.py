"""Make ``composer/core/data/emoji.json``: every emoji the picker offers, in Unicode's order, with its name and
keywords in English and Dutch (Unicode CLDR annotations) and, for those that take one, its skin-tone form.

No Python package carries CLDR's Dutch annotations (the ``emoji`` package has no Dutch), so the data is made
here once per Unicode release from the official packages and kept in the repository with its licences
(``composer/core/data/emoji.txt``). Run it with the npm packages unpacked in a cache folder, never in the
repository:

    mkdir -p /tmp/emoji-sources && cd /tmp/emoji-sources
    for p in cldr-annotations-full@48.2.0 cldr-annotations-derived-full@48.2.0 unicode-emoji-json@0.9.0; do
        npm pack "$p" && mkdir -p "${p%@*}" && tar xzf "${p%@*}"-*.tgz -C "${p%@*}"; done
    python tools/emoji_data.py /tmp/emoji-sources

Only emoji up to :data:`MAX_VERSION` are taken: what Windows 11, macOS, Android and iOS all draw (a newer one
shows as an empty box on many computers and phones).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "composer" / "core" / "data" / "emoji.json"
LANGUAGES = ("en", "nl")
MAX_VERSION = (15, 0)
LIGHT = "\U0001F3FB"  # the toned form is kept with the light tone; the picker swaps in the chosen one
SKIPPED_GROUPS = ("Component",)  # the bare skin tones and hair styles: parts, not emoji to insert


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def annotations(sources: Path, language: str) -> dict[str, dict[str, list[str]]]:
    """CLDR's annotations of ``language``, the derived ones (flags, keycaps, skin tones) included."""
    plain = sources / "cldr-annotations-full" / "package" / "annotations" / language / "annotations.json"
    derived = (sources / "cldr-annotations-derived-full" / "package" / "annotationsDerived" / language
               / "annotations.json")
    found = json.loads(derived.read_text("utf-8"))["annotationsDerived"]["annotations"]
    found.update(json.loads(plain.read_text("utf-8"))["annotations"]["annotations"])
    return found


def names(found: dict[str, dict[str, list[str]]], emoji: str) -> tuple[str, str]:
    """The spoken name and the other keywords (``|``-separated) of ``emoji``."""
    entry = found.get(emoji.replace("\ufe0f", "")) or found[emoji]
    name = entry["tts"][0]
    keywords = [word for word in entry.get("default", []) if word != name]
    return name, "|".join(keywords)


def toned(emoji: str, bases: set[str], known: dict[str, dict[str, list[str]]]) -> str:
    """``emoji`` with the light tone after each person in it, as CLDR lists it; an error if CLDR does not."""
    for skip in ("", "\U0001F91D"):  # a handshake between two people takes no tone of its own
        parts: list[str] = []
        for ch in emoji:
            if ch == "\ufe0f" and parts and parts[-1] == LIGHT:
                continue  # the tone takes the place of the emoji presentation selector
            parts.append(ch)
            if ch in bases and ch != skip:
                parts.append(LIGHT)
        form = "".join(parts)
        if form.replace("\ufe0f", "") in known:
            return form
    raise SystemExit(f"no skin-tone form of {emoji!r} in CLDR")


def build(sources: Path) -> dict[str, object]:
    catalogue = json.loads((sources / "unicode-emoji-json" / "package" / "data-by-emoji.json").read_text("utf-8"))
    by_language = {language: annotations(sources, language) for language in LANGUAGES}
    bases = {e.replace("\ufe0f", "") for e, facts in catalogue.items()
             if facts["skin_tone_support"] and len(e.replace("\ufe0f", "")) == 1}
    groups: list[str] = []
    rows = []
    for emoji, facts in catalogue.items():
        if facts["group"] in SKIPPED_GROUPS or version(facts["emoji_version"]) > MAX_VERSION:
            continue
        if facts["group"] not in groups:
            groups.append(facts["group"])
        tone = toned(emoji, bases, by_language["en"]) if facts["skin_tone_support"] else ""
        row: list[object] = [emoji, groups.index(facts["group"]), tone]
        for language in LANGUAGES:
            row.extend(names(by_language[language], emoji))
        rows.append(row)
    return {"format": "post-composer-emoji", "version": 1, "languages": list(LANGUAGES), "groups": groups,
            "tone": LIGHT, "emoji": rows}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = build(Path(argv[1]))
    rows = data.pop("emoji")
    assert isinstance(rows, list)
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)  # one emoji a line: diffs stay readable
    head = json.dumps(data, ensure_ascii=False)[:-1]
    TARGET.write_text(f'{head}, "emoji": [\n{lines}\n]}}\n', "utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {lines.count(chr(10)) + 1} emoji")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
