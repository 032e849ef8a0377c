"""A withdrawal reaches another open *window*: from the register keeper's call to a red consent check (issue 12, < 2 s).

``bench/team_live.py`` times the listener alone; this times the whole way a
librarian sees: Eva (register keeper) withdraws a consent through the core
API on her own connection, and An's real window (a ``Session`` on the team
library: its listener, the queued signal, the debounce, the read on the
window's reading connection, the checks run again) shows the consent check
red. Each of :data:`RUNS` rounds grants a fresh consent first (waits until
the check is green again), then times the withdrawal. Baseline, measured in
the same run: Eva's ``withdraw`` call itself (the write and its commit).

Starts a PostgreSQL server of its own (``tests/pg_server.py``, stopped at the
end); the window runs offscreen.

``cd /work/main && .venv/bin/python bench/team_window_live.py``
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from common import Row, median_ms, p95_ms, print_rows, python_version

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_server, tests.helpers
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 20
TARGET_MS = 2000.0
LOGINS = {"an_bench": ("an-bench-secret", "writer"), "eva_bench": ("eva-bench-secret", "register")}


def wait(app, condition: Callable[[], bool], seconds: float = 10.0) -> float:
    """Run the event loop until ``condition`` holds; the moment it did (``perf_counter``)."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"not so within {seconds} s")
        app.processEvents()
        time.sleep(0.0005)
    return time.perf_counter()


def run() -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from composer.core import consent as c
    from composer.core.checklist import Status
    from composer.core.photos import people as who
    from composer.core.storage.postgres import credentials
    from composer.core.storage.postgres.opening import open_team
    from composer.ui.app import Session
    from tests.helpers.consent import terms
    from tests.helpers.drafts import TEXT, described_photo, ready_draft
    from tests.helpers.images import flat_jpeg
    from tests.helpers.keyrings import memory_keyring
    from tests.helpers.team_db import make_team
    from tests.pg_server import find_bindir, start_server

    bindir = find_bindir()
    if bindir is None:
        return [Row("withdrawal shown in another window", "skipped: PostgreSQL is not installed", "< 2 s", False)]
    app = QApplication.instance() or QApplication([])
    server = start_server(bindir)
    session = eva = None
    try:
        dbname = make_team(server, "window", {login: (password, (role,)) for login, (password, role) in LOGINS.items()})
        folder = Path(tempfile.mkdtemp(prefix="bench-window-live-"))

        def settings(login: str):
            return credentials.make(server.host, server.port, dbname, login, "disable")

        eva = open_team(settings("eva_bench"), LOGINS["eva_bench"][0], folder / "eva")
        writer = open_team(settings("an_bench"), LOGINS["an_bench"][0], folder / "an-setup")
        person = c.add_person(eva, "Mira Janssens", "Eva")
        draft = ready_draft(writer, TEXT, networks=("facebook",))
        item = described_photo(writer, draft.id, flat_jpeg((900, 600), (200, 40, 40)), presence="people")
        who.link_person(writer, item.id, person.id, "red coat")
        writer.close()
        with memory_keyring() as keys:
            credentials.save(folder / "an", settings("an_bench"))
            keys.set_password(credentials.SERVICE, settings("an_bench").keyring_name, LOGINS["an_bench"][0])
            session = Session(app, folder / "an", "en")
            assert session.start()
            window = session.window
            wait(app, lambda: window.live.listener is not None and window.live.listener.connected)

            def consent() -> Status | None:
                row = window.checklist.row_of("consent", None)
                return window.checklist.checks()[row].status if row >= 0 else None

            writes, shown = [], []
            for _n in range(RUNS):
                record = c.grant_consent(eva, person.id, terms(given_at=datetime.now(UTC)), "Eva")
                window.refresh_checks()
                wait(app, lambda: consent() == Status.PASS)
                started = time.perf_counter()
                c.withdraw(eva, record_id=record, received_how="email", author="Eva")
                written = time.perf_counter()
                at = wait(app, lambda: consent() == Status.FAIL)
                writes.append(written - started)
                shown.append(at - started)
            window.close()
            session.stop()
            session = None
    finally:
        if session is not None:
            session.stop()
        if eva is not None:
            eva.close()
        server.stop()
    ratio = median_ms(shown) / median_ms(writes)
    return [
        Row(f"withdrawal (Eva) → consent check red in An's open window, median / p95 of {RUNS}",
            f"{median_ms(shown):.1f} / {p95_ms(shown):.1f} ms", f"< {TARGET_MS:.0f} ms", p95_ms(shown) < TARGET_MS),
        Row("… baseline: the withdrawal's own write and commit, median; shown / written",
            f"{median_ms(writes):.1f} ms; ×{ratio:.1f}", "-", True),
    ]


def main() -> None:
    print(f"Python {python_version()}")
    print_rows(run())


if __name__ == "__main__":
    main()
