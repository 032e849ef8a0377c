"""The consent check for one draft: 10 photos, 30 people, over a register of 5,000 records.

Timed as the checklist pays for it on every run: reading the draft's photo
facts, building the consent index of the people in them (two queries and a
replay of their events), then the ``consent`` and ``alt_text`` rules for all
seven networks. Building the register is not timed. The baseline, measured in
the same run, is reading the draft itself (``Store.get``).

``cd /work/main && .venv/bin/python bench/consent.py``
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import USER, Row, median_ms, p95_ms, print_rows, python_version

from composer.core import consent as c
from composer.core.checklist import CheckContext
from composer.core.checklist.rules import photos as photo_rules
from composer.core.consent import ConsentIndex, Party, PhotoFacts, Scope, Terms
from composer.core.networks.facts import NETWORKS
from composer.core.storage.store import Store

RECORDS = 5_000
PEOPLE = 3_000
PHOTOS = 10
IN_DRAFT = 30
RUNS = 300
TARGET_MS = 5.0


@dataclass(frozen=True)
class _PhotoContext(CheckContext):
    """CheckContext with the two fields the photo rules read, until CheckContext has them itself."""

    photos: tuple[PhotoFacts, ...] = ()
    consent: ConsentIndex | None = None


def context(photos: tuple[PhotoFacts, ...], index: ConsentIndex) -> CheckContext:
    try:
        return CheckContext(photos=photos, consent=index)
    except TypeError:  # not wired yet
        return _PhotoContext(photos=photos, consent=index)


def _terms(rng: random.Random, now: datetime) -> Terms:
    given = now - timedelta(days=rng.randint(1, 700))
    start = c.local_date(given)
    return Terms(parties=(Party("Bench Person", "self"),), given_at=given, recorded_by=USER, method="signed_form",
                 form_version="2026-1", photographed=True, publish=True,
                 scope=Scope.period(start, start + timedelta(days=365)),
                 channels=tuple(rng.sample(c.CHANNELS, rng.randint(1, 6))), purpose="Library events",
                 informed_of_withdrawal=True, valid_until=start + timedelta(days=rng.choice([180, 365, 730])))


def build_register(data_dir: Path, seed: int = 2026) -> tuple[Store, int]:
    """A register of :data:`RECORDS` records over :data:`PEOPLE` people, with amendments, withdrawals and
    refusals, and one draft of :data:`PHOTOS` photos showing :data:`IN_DRAFT` of them; the draft's id."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    store = Store.open(data_dir)
    with store.atomic():
        people = [c.add_person(store, f"Persoon {n}", USER).id for n in range(PEOPLE)]
        for n in range(RECORDS):
            pid = people[n % PEOPLE] if n < PEOPLE else rng.choice(people)
            terms = _terms(rng, now)
            if rng.random() < 0.05:
                c.record_refusal(store, pid, replace(terms, publish=False, channels=()), USER)
                continue
            record = c.grant_consent(store, pid, terms, USER)
            if rng.random() < 0.2:
                c.amend(store, record, terms, USER)
            if rng.random() < 0.05:
                c.withdraw(store, record_id=record, received_how="email", author=USER)
        draft = store.create(USER, text="Voorleesuurtje in de bib!", networks=NETWORKS)
        shown = rng.sample(people, IN_DRAFT)
        for n in range(PHOTOS):
            store.db.execute("INSERT INTO photos (hash, ext, format, width, height, imported_at)"
                          " VALUES (?, 'jpg', 'JPEG', 4000, 3000, ?)", [f"{n:064x}", c.iso_moment(now)])
            store.db.execute("UPDATE photos SET presence = 'people' WHERE hash = ?", [f"{n:064x}"])
            store.db.execute("INSERT INTO draft_photos (draft_id, photo_hash, position, alt_text)"
                          " VALUES (?, ?, ?, ?)", [draft.id, f"{n:064x}", n, "Kinderen " * n])
            for pid in shown[n * 3:(n + 1) * 3]:
                store.db.execute("INSERT INTO photo_people (photo_hash, person_id) VALUES (?, ?)", [f"{n:064x}", pid])
    return store, draft.id


def time_check(store: Store, draft_id: int, runs: int = RUNS) -> dict[str, list[float]]:
    draft = store.get(draft_id)
    times: dict[str, list[float]] = {"baseline": [], "facts": [], "index": [], "rules": [], "total": []}
    for i in range(runs + 5):
        t0 = time.perf_counter()
        store.get(draft_id)
        t1 = time.perf_counter()
        photos = c.photo_facts(store, draft_id)
        t2 = time.perf_counter()
        index = c.consent_index(store, {p for photo in photos for p in photo.people})
        t3 = time.perf_counter()
        ctx = context(photos, index)
        checks = [*photo_rules.consent(draft, ctx), *photo_rules.alt_text(draft, ctx)]
        t4 = time.perf_counter()
        assert checks
        if i >= 5:  # warm-up: caches of the network facts and translations
            for key, value in (("baseline", t1 - t0), ("facts", t2 - t1), ("index", t3 - t2), ("rules", t4 - t3),
                               ("total", t4 - t1)):
                times[key].append(value)
    return times


def time_register(store: Store, search: str, runs: int = 5) -> list[float]:
    """The register view: every matching person's records replayed, then filtered."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        c.register(store, search, filters={"expiring"} if not search else ())
        times.append(time.perf_counter() - began)
    return times


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="composer-bench-consent-") as tmp:
        store, draft_id = build_register(Path(tmp) / "library")
        try:
            times = time_check(store, draft_id)
            whole = time_register(store, "")
            search = time_register(store, "persoon 12")
        finally:
            store.close()
    total, base = median_ms(times["total"]), median_ms(times["baseline"])
    for key, values in times.items():
        print(f"{key}: median {median_ms(values):.3f} ms, p95 {p95_ms(values):.3f} ms")
    print(f"register: whole {median_ms(whole):.0f} ms, search {median_ms(search):.0f} ms")
    return [
        Row(f"consent check, {PHOTOS} photos, {IN_DRAFT} people, {RECORDS:,} records, 7 networks "
            f"(facts + index + consent and alt_text rules), median / p95",
            f"{total:.2f} / {p95_ms(times['total']):.2f} ms ({total / base:.0f}× reading the draft)",
            f"< {TARGET_MS:g} ms", total < TARGET_MS),
        Row("… of which: photo facts / consent index / the two rules, medians",
            f"{median_ms(times['facts']):.2f} / {median_ms(times['index']):.2f} / {median_ms(times['rules']):.2f} ms",
            "—", True),
        Row(f"register view over {RECORDS:,} records: 'expiring' filter (all replayed) / a name search, medians",
            f"{median_ms(whole):.0f} / {median_ms(search):.0f} ms", "no target", True),
    ]


def main() -> None:
    print(python_version())
    print_rows(run())


if __name__ == "__main__":
    main()
