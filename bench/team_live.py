"""A withdrawal reaches another open window: the team database's LISTEN/NOTIFY, measured (issue 12, target < 2 s).

Starts a PostgreSQL server of its own (``tests/pg_server.py``: Debian's
``postgresql`` package, a temporary folder, stopped at the end), makes a team
library with a register keeper (Eva) and a writer (An), and starts An's
:class:`~composer.core.storage.postgres.listening.Listener`. Timed, each
:data:`RUNS` times: from the moment Eva's ``withdraw`` is called until An's
listener has the change in hand (on its thread, where the window's queued
signal would pick it up), and the same for a draft An's colleague saves.
The baseline, measured in the same run, is Eva's ``withdraw`` call itself
(the write and its commit): the ratio says what hearing it adds.

``cd /work/main && .venv/bin/python bench/team_live.py``
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from common import Row, median_ms, p95_ms, print_rows, python_version

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_server, tests.helpers

from composer.core import consent as c  # noqa: E402
from composer.core.storage.postgres.credentials import make  # noqa: E402
from composer.core.storage.postgres.opening import open_team  # noqa: E402

RUNS = 50
TARGET_MS = 2000.0
LOGINS = {"an_writer": ("an-secret", "writer"), "bert_writer": ("bert-secret", "writer"),
          "eva_register": ("eva-secret", "register")}


class Ear:
    """Waits for the first change that matches what is wanted; the moment it was heard."""

    def __init__(self) -> None:
        self.wanted: tuple[str, str | None] = ("", None)
        self.heard = threading.Event()
        self.at = 0.0

    def expect(self, table: str, key: str | None) -> None:
        self.heard.clear()
        self.wanted = (table, key)

    def __call__(self, change) -> None:
        if (change.table, change.key) == self.wanted and not self.heard.is_set():
            self.at = time.perf_counter()
            self.heard.set()


def run() -> list[Row]:

    from tests.helpers.consent import terms
    from tests.helpers.team_db import make_team
    from tests.pg_server import find_bindir, start_server

    bindir = find_bindir()
    if bindir is None:
        return [Row("withdrawal heard by another window", "skipped: PostgreSQL is not installed", "< 2 s", False)]
    server = start_server(bindir)
    stores = []
    listener = None
    try:
        dbname = make_team(server, "live", {login: (password, (role,)) for login, (password, role) in LOGINS.items()})
        folder = Path(tempfile.mkdtemp(prefix="bench-live-"))

        def open_as(login: str):
            store = open_team(make(server.host, server.port, dbname, login, "disable"), LOGINS[login][0],
                              folder / login)
            stores.append(store)
            return store

        an, bert, eva = open_as("an_writer"), open_as("bert_writer"), open_as("eva_register")
        ear = Ear()
        listener = an.listen(ear)
        assert listener is not None and listener.wait_connected(10)
        records = []
        for n in range(RUNS):
            person = c.add_person(eva, f"Persoon {n}", "Eva")
            records.append(c.grant_consent(eva, person.id, terms(given_at=datetime.now(UTC)), "Eva"))
        writes, heard = [], []
        for record in records:
            ear.expect("consent_events", str(record))
            started = time.perf_counter()
            c.withdraw(eva, record_id=record, received_how="email", author="Eva")
            written = time.perf_counter()
            if not ear.heard.wait(10):
                raise RuntimeError("a withdrawal was not heard within 10 s")
            writes.append(written - started)
            heard.append(ear.at - started)
        draft = bert.create("Bert", text="Begin")
        saved_heard = []
        for n in range(RUNS):
            ear.expect("drafts", str(draft.id))
            started = time.perf_counter()
            draft = bert.save(replace(draft, text=f"Versie {n}"), "Bert")
            if not ear.heard.wait(10):
                raise RuntimeError("a draft's save was not heard within 10 s")
            saved_heard.append(ear.at - started)
    finally:
        if listener is not None:
            listener.stop()
        for store in stores:
            store.close()
        server.stop()
    ratio = median_ms(heard) / median_ms(writes)
    return [
        Row(f"withdrawal (Eva) → heard by An's open window, median / p95 of {RUNS}",
            f"{median_ms(heard):.1f} / {p95_ms(heard):.1f} ms", f"< {TARGET_MS:.0f} ms",
            p95_ms(heard) < TARGET_MS),
        Row("… baseline: the withdrawal's own write and commit, median; heard / written",
            f"{median_ms(writes):.1f} ms; ×{ratio:.2f}", "-", True),
        Row(f"draft saved (Bert) → heard by An's open window, median / p95 of {RUNS}",
            f"{median_ms(saved_heard):.1f} / {p95_ms(saved_heard):.1f} ms", f"< {TARGET_MS:.0f} ms",
            p95_ms(saved_heard) < TARGET_MS),
    ]


def main() -> None:
    print(f"Python {python_version()}")
    print_rows(run())


if __name__ == "__main__":
    main()
