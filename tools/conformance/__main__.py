"""The conformance harness: Post Composer's counting against the networks' reference implementations.

    tools/conformance/run [--count N] [--seed S] [--examples K]
    (or, with node and npm on the PATH: .venv/bin/python -m tools.conformance ...)

Installs the reference packages from npm into a cache folder outside the
repository (``$XDG_CACHE_HOME/post-composer/conformance``, else
``~/.cache/post-composer/conformance``), generates a seeded corpus of post-like
texts (``corpus.py``), runs the references over it in node (``reference.mjs``)
and ``composer.core.networks.counting`` in Python, and prints per network "N of M
agree", the number of opposite verdicts (one side says the post fits, the other
that the network refuses it) and the classes of disagreement, with an example
each. Exit status 1 when a target is missed: Bluesky and Mastodon at least
99.5 %, X at least 99 % apart from the documented deliberate differences, and
no opposite verdict for any network.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tools.conformance import corpus

PACKAGES = {"twitter-text": "3.1.0", "@atproto/api": "0.21.0"}
TARGETS = {"x": 99.0, "bluesky": 99.5, "mastodon": 99.5}
HERE = Path(__file__).resolve().parent
NETWORKS = ("x", "bluesky", "mastodon", "threads", "instagram")
TITLES = {"x": "X", "bluesky": "Bluesky", "mastodon": "Mastodon",
          "threads": "Threads (unique links ≤ 5)", "instagram": "Instagram (hashtags ≤ 5)"}
DELIBERATE = {"x": {"emoji sequence twemoji-parser 11 splits":
                    "an emoji sequence newer than twemoji-parser 11's list (or a form of one it lacks), "
                    "which X itself counts as 2 (see counting.py)"}}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "post-composer" / "conformance"


def install(folder: Path) -> None:
    """The reference packages, pinned, in ``folder`` (npm, no install scripts); nothing when already there."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {"name": "post-composer-conformance", "private": True, "dependencies": PACKAGES}
    manifest = folder / "package.json"
    have = all((folder / "node_modules" / name / "package.json").is_file() and json.loads(
        (folder / "node_modules" / name / "package.json").read_text("utf-8"))["version"] == version
        for name, version in PACKAGES.items())
    if have and manifest.is_file() and json.loads(manifest.read_text("utf-8")) == wanted:
        return
    manifest.write_text(json.dumps(wanted, indent=2), "utf-8")
    print(f"installing {', '.join(f'{n}@{v}' for n, v in PACKAGES.items())} into {folder} …", flush=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=folder, check=True)


def references(folder: Path, texts: list[str]) -> list[dict]:
    return _run_references(folder, texts)["texts"]


def _run_references(folder: Path, texts: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="pc-conformance-") as tmp:
        src, out = Path(tmp) / "in.json", Path(tmp) / "out.json"
        src.write_text(json.dumps(texts), "utf-8")
        subprocess.run(["node", str(HERE / "reference.mjs"), str(folder), str(src), str(out)], check=True)
        return json.loads(out.read_text("utf-8"))


def same_tlds(folder: Path) -> bool:
    """Whether the top-level domains counting.py reads are twitter-text 3.1.0's own."""
    from composer.core.networks import x_entities

    theirs = {name.lower() for name in _run_references(folder, [])["tlds"]}
    gtld, cctld = x_entities.tlds()
    return theirs == gtld | cctld


# --- our side ----------------------------------------------------------------------------------------------------

def ours(text: str) -> dict:
    from composer.core.checklist.text import counted_hashtags, hashtags, links, unique_links
    from composer.core.networks.counting import count

    x, sky, masto = count("x", text), count("bluesky", text), count("mastodon", text)
    found_links = links(text)
    return {
        "x": {"length": x.length, "valid": x.valid},
        "bluesky": {"length": sky.length, "bytes": sky.byte_length, "valid": sky.valid},
        "mastodon": {"length": masto.length, "valid": masto.valid},
        "threads": {"links": len(unique_links(text, found_links))},
        "instagram": {"hashtags": len(counted_hashtags(hashtags(text)))},
    }


def reference_view(ref: dict) -> dict:
    sky = ref["bluesky"]
    return {
        "x": {"length": ref["x"]["length"], "valid": ref["x"]["valid"]},
        "bluesky": {"length": sky["graphemes"], "bytes": sky["bytes"],
                    "valid": sky["graphemes"] <= 300 and sky["postedGraphemes"] <= 300 and sky["bytes"] <= 3000},
        "mastodon": {"length": ref["mastodon"]["length"], "valid": ref["mastodon"]["length"] <= 500},
        "threads": {"links": ref["threads"]["links"]},
        "instagram": {"hashtags": ref["instagram"]["hashtags"]},
    }


def verdict(network: str, view: dict) -> bool:
    if network == "threads":
        return view["links"] <= 5
    if network == "instagram":
        return view["hashtags"] <= 5
    return view["valid"]


# --- comparing ---------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    agree: int = 0
    total: int = 0
    deliberate: int = 0
    opposite: int = 0
    deliberate_opposite: int = 0
    classes: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)


def split_by_twemoji(text: str, ref: dict, mine: dict) -> bool:
    """X: the lengths differ only where twemoji-parser 11 splits what Unicode calls one emoji sequence.

    Each of our emoji that twemoji does not find whole must be made of twemoji's pieces and plain
    characters, and counting those pieces as twemoji does must give the reference's length.
    """
    import unicodedata

    from composer.core.networks import lengths, x_entities

    form = unicodedata.normalize("NFC", text)
    theirs = {tuple(s) for s in ref["x"]["emoji"]}
    ours_ = set(x_entities.x_emoji(form))
    if theirs == ours_:
        return False
    for start, end in theirs - ours_:
        inside = any(a <= start and end <= b for a, b in ours_)
        if not inside and form[start:end] != "\ufe0f":  # a lone VS16 weighs 2 either way
            return False
    length = mine["x"]["length"]
    for a, b in ours_ - theirs:
        pieces = sorted((s, e) for s, e in theirs if a <= s and e <= b)
        region = form[a:b]
        weight = len(region) + lengths.x_heavy(region)
        for s, e in pieces:
            weight += 2 - (e - s) - lengths.x_heavy(form[s:e])
        length += weight - 2
    return length == ref["x"]["length"]


def compare(samples, refs, folder: Path, examples: int) -> dict[str, Tally]:
    tallies = {n: Tally() for n in NETWORKS}
    disagreeing: dict[str, list[int]] = defaultdict(list)
    mine_all = []
    for i, (sample, ref) in enumerate(zip(samples, refs, strict=True)):
        mine, theirs = ours(sample.text), reference_view(ref)
        mine_all.append(mine)
        for net in NETWORKS:
            tally = tallies[net]
            tally.total += 1
            if mine[net] == theirs[net]:
                tally.agree += 1
                continue
            if verdict(net, mine[net]) != verdict(net, theirs[net]):
                tally.opposite += 1
            disagreeing[net].append(i)
    # Trace each disagreement to the smallest stretch that disagrees on its own: a fragment (alone, or
    # after a word), or two or three neighbouring fragments as they stand in the text.
    probes = sorted({p for idx in disagreeing.values() for i in idx for p in _probes(samples[i])})
    probe_refs = dict(zip(probes, references(folder, probes), strict=True)) if probes else {}
    for net, idx in disagreeing.items():
        tally = tallies[net]
        for i in idx:
            sample, ref, mine = samples[i], refs[i], mine_all[i]
            if net == "x" and split_by_twemoji(sample.text, ref, mine):
                kind = "emoji sequence twemoji-parser 11 splits"
                example = _first_disagreeing(net, sample, probe_refs)[1]
                tally.deliberate += 1
                if verdict(net, mine[net]) != verdict(net, reference_view(ref)[net]):
                    tally.opposite -= 1
                    tally.deliberate_opposite += 1
            else:
                kind, example = _first_disagreeing(net, sample, probe_refs)
            tally.classes[kind] += 1
            shown = tally.examples.setdefault(kind, [])
            if len(shown) < examples:
                probe = example if example in probe_refs else None
                theirs = reference_view(probe_refs[probe])[net] if probe else reference_view(ref)[net]
                shown.append((example, ours(example)[net] if probe else mine[net], theirs))
    return tallies


def _candidates(sample) -> list[tuple[str, str]]:
    single = [(kind, p) for kind, f in sample.fragments for p in (f, "zie " + f)]
    return single + sample.windows(2) + sample.windows(3)


def _probes(sample) -> list[str]:
    return [p for _kind, p in _candidates(sample)]


def _first_disagreeing(net: str, sample, probe_refs: dict) -> tuple[str, str]:
    for kind, probe in _candidates(sample):
        if probe in probe_refs and ours(probe)[net] != reference_view(probe_refs[probe])[net]:
            return kind, probe
    return "only in the whole text", sample.text


# --- report ------------------------------------------------------------------------------------------------------

def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "-"


def report(tallies: dict[str, Tally]) -> bool:
    ok = True
    print()
    for net in NETWORKS:
        t = tallies[net]
        line = f"{TITLES[net]}: {t.agree:,} of {t.total:,} agree ({percent(t.agree, t.total)})"
        if t.deliberate:
            line += (f"; {t.deliberate:,} differ deliberately, so {t.agree + t.deliberate:,} of {t.total:,} "
                     f"({percent(t.agree + t.deliberate, t.total)}) apart from those")
        line += f"; opposite verdicts: {t.opposite}"
        if t.deliberate_opposite:
            line += f" (and {t.deliberate_opposite} where only a deliberate difference decides)"
        print(line)
    print("\nDisagreeing classes (ours / reference):")
    any_class = False
    for net in NETWORKS:
        for kind, n in tallies[net].classes.most_common():
            any_class = True
            note = f" — deliberate: {DELIBERATE[net][kind]}" if kind in DELIBERATE.get(net, {}) else ""
            print(f"  {TITLES[net].split(' (')[0]}, {kind}: {n}{note}")
            for example, mine, theirs in tallies[net].examples[kind]:
                print(f"      e.g. {example[:160]!r}: {mine} / {theirs}")
    if not any_class:
        print("  none")
    print("\nTargets:")
    for net, target in TARGETS.items():
        t = tallies[net]
        share = 100 * (t.agree + t.deliberate) / t.total
        met = share >= target
        ok &= met
        extra = " apart from deliberate differences" if net in DELIBERATE else ""
        print(f"  {TITLES[net]} ≥ {target} %{extra}: {share:.2f} % — {'met' if met else 'MISSED'}")
    opposite = sum(t.opposite for t in tallies.values())
    deliberate = sum(t.deliberate_opposite for t in tallies.values())
    ok &= opposite == 0
    print(f"  no opposite verdicts, any network, apart from deliberate differences: {opposite} — "
          f"{'met' if opposite == 0 else 'MISSED'}" + (f" ({deliberate} decided by a deliberate difference alone)"
                                                       if deliberate else ""))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.conformance", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=6000, help="texts to generate (default 6,000)")
    parser.add_argument("--seed", type=int, default=2026, help="the corpus's seed (default 2026)")
    parser.add_argument("--examples", type=int, default=1, help="examples to show per class (default 1)")
    parser.add_argument("--cache", type=Path, default=None, help="where the npm packages go")
    args = parser.parse_args(argv)
    if not shutil.which("node") or not shutil.which("npm"):
        print("conformance: node and npm are needed (Debian: apt-get install nodejs npm)", file=sys.stderr)
        return 2
    folder = args.cache or cache_dir()
    install(folder)
    began = time.perf_counter()
    samples = corpus.generate(args.count, args.seed)
    refs = references(folder, [s.text for s in samples])
    tallies = compare(samples, refs, folder, args.examples)
    tlds_ok = same_tlds(folder)
    versions = ", ".join(f"{n} {json.loads((folder / 'node_modules' / n / 'package.json').read_text())['version']}"
                         for n in (*PACKAGES, "twemoji-parser"))
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Conformance: {len(samples):,} texts (seed {args.seed}); references {versions}; node {node}; "
          f"{time.perf_counter() - began:.1f} s")
    print(f"Top-level domains read by counting.py: {'the same as' if tlds_ok else 'DIFFERENT FROM'} "
          f"twitter-text 3.1.0's")
    return 0 if report(tallies) and tlds_ok else 1


if __name__ == "__main__":
    sys.exit(main())
