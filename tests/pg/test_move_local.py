"""``post-composer team move-local``: a local library with every kind of data, moved into a real team database.

The local library is built with the core's own APIs (drafts, history, trash, photos with crops and people,
the consent register with evidence and a withdrawal, the publication log, the house style), moved as a login
with every role, verified, and then read by another login through ``open_team``: the same drafts, photos and
consent state. The local file's sha256 is the same before and after; a second move is refused; a login without
the register role is refused before anything is written. Planning and the return (schema 0011) move too: plans and
feedback as the mover's, writing time recorded under several names as one row of the mover's per draft (the sums),
takedowns done with their own date and name (the library's proof).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from composer.core import consent as c
from composer.core.consent import events, people, records, withdrawal
from composer.core.consent import evidence as ev
from composer.core.export import publications as pub
from composer.core.photos import crops
from composer.core.photos import library as ph
from composer.core.storage import opening
from composer.core.storage.postgres import move_local as mv
from composer.core.storage.postgres.credentials import make
from composer.core.storage.postgres.opening import open_team
from composer.core.storage.store import Store
from tests.helpers import file_keyring
from tests.helpers.consent import AUTHOR, PDF, terms
from tests.helpers.drafts import ready_draft
from tests.helpers.images import flat_jpeg, jpeg
from tests.pg_server import PgServer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "move-secret"
STYLE = {"signature": "— De bib", "banned_words": ["gratis"]}


@dataclass
class MoveTeam:
    """A team database of this module's own, with a login per way of moving (dropped at the end)."""

    server: PgServer
    dbname: str
    logins: dict[str, str]

    def store(self, kind: str, data_dir: Path) -> Store:
        settings = make(self.server.host, self.server.port, self.dbname, self.logins[kind], "disable")
        return open_team(settings, PASSWORD, data_dir)

    def count(self, table: str) -> int:
        with psycopg.connect(self.server.admin_dsn(self.dbname)) as admin:
            return int(admin.execute(f"SELECT count(*) FROM composer.{table}").fetchone()[0])


@pytest.fixture(scope="module")
def move_team(pg_server: PgServer) -> Iterator[MoveTeam]:
    from composer.core.storage.postgres import roles
    from composer.core.storage.postgres import team as setup

    dbname = pg_server.create_database("moving")
    suffix = os.getpid()
    logins = {"mover": f"mover_{suffix}", "writer": f"mwriter_{suffix}", "reader": f"mreader_{suffix}"}
    kinds = {"mover": ("writer", "approver", "register"), "writer": ("writer",), "reader": ("writer", "register")}
    with psycopg.connect(pg_server.admin_dsn(dbname), autocommit=True) as admin:
        setup.create_team(admin)
        for kind, login in logins.items():
            admin.execute(f'DROP ROLE IF EXISTS "{login}"')
            roles.add_colleague(admin, login, PASSWORD, *kinds[kind])
    made = MoveTeam(pg_server, dbname, logins)
    try:
        yield made
    finally:
        pg_server.drop_database(dbname)
        for login in logins.values():
            pg_server.psql_admin(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def fresh(move_team: MoveTeam) -> MoveTeam:
    """The module's team database emptied (as the superuser, no trigger firing)."""
    with psycopg.connect(move_team.server.admin_dsn(move_team.dbname), autocommit=True) as admin:
        admin.execute("SET session_replication_role = replica")
        tables = admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'composer'"
                               " AND tablename <> 'schema_migrations'").fetchall()
        admin.execute("; ".join(f"DELETE FROM composer.{name}" for (name,) in tables))
    return move_team


def build_local(data_dir: Path, tmp_path: Path) -> dict:
    """A local library holding every kind of data; what the test checks afterwards."""
    store = Store.open(data_dir)
    try:
        first = ready_draft(store, text="Voorleesuur in de bib ☕ café", network_texts={"x": "Voorleesuur! #bib"})
        second = ready_draft(store, text="Tentoonstelling getijdenboeken", networks=("facebook",))
        store.snapshot(second, "Els Oud")  # an earlier version kept in the history
        second = store.save(replace(second, text="Tentoonstelling getijdenboeken — tot 30 juni"), AUTHOR)
        trashed = ready_draft(store, text="Een oud idee")
        store.trash(trashed.id)
        store.approve(second.id, "Carla Communicatie")

        photo_file = tmp_path / "zaal.jpg"
        photo_file.write_bytes(jpeg((120, 80)))
        photo = ph.import_photo(store, photo_file, "zaal.jpg", AUTHOR)
        plain = ph.import_photo(store, flat_jpeg((90, 60)), "affiche.jpg", AUTHOR)
        use = ph.attach_photo(store, first.id, photo)
        ph.set_alt_text(store, use.id, "Kinderen luisteren naar een verhaal")
        ph.attach_photo(store, second.id, plain)
        crops.set_crop(store, use.id, "instagram", 0.1, 0.0, 0.8, 1.0)
        crops.set_crop(store, use.id, "x", -0.1, 0.0, 1.2, 1.0, mat="#336699")

        an = people.add_person(store, "An Peeters", AUTHOR, contact="an@example.be",
                               birth_date=datetime(1990, 5, 1).date())
        bert = people.add_person(store, "Bert Janssens", AUTHOR)
        from composer.core.photos import people as who

        who.set_presence(store, use.id, "people")
        who.link_person(store, use.id, an.id, "rode jas")
        who.link_person(store, use.id, bert.id, "")
        evidence_hash = ev.store_evidence(store, PDF, "toestemming-an.pdf")
        granted = records.grant_consent(store, an.id, terms(evidence_hash=evidence_hash), AUTHOR)
        kept = records.grant_consent(store, bert.id, terms(parties=(c.Party("Bert Janssens", "self"),)), AUTHOR)
        withdrawal.withdraw(store, record_id=kept, received_how=next(iter(withdrawal.RECEIVED_HOW)), author=AUTHOR,
                            effective_at=datetime.now(UTC) - timedelta(minutes=5))
        on_facebook = pub.mark_published(store, first.id, "facebook", datetime.now(UTC).date(),
                                         "https://www.facebook.com/bib/1", author=AUTHOR)
        on_x = pub.mark_published(store, first.id, "x", datetime.now(UTC).date(), author=AUTHOR)
        store.set_setting("house_style", STYLE)
        planning(store, first.id, second.id, on_facebook.id, on_x.id, bert.id)
        return {"first": first.id, "second": second.id, "trashed": trashed.id, "photo": photo.hash,
                "plain": plain.hash, "an": an.id, "bert": bert.id, "granted": granted, "withdrawn": kept,
                "evidence": evidence_hash}
    finally:
        store.close()


#: When a takedown was done, on this workstation, and by whom (the typed name): kept in the team as proof.
TAKEN_DOWN = ("2026-02-03T09:15:00.000000+00:00", "Els Oud")


def planning(store: Store, first: int, second: int, on_facebook: int, on_x: int, bert: int) -> None:
    """Schema 0011's data, as the local app writes it: plans, writing time under two names for one draft (the
    librarian renamed themselves), feedback, takedowns (one done, one open), a review asked and an archive."""
    db, stamp = store.db, "2026-02-01T10:00:00.000000+00:00"
    with store.atomic():
        db.execute("UPDATE drafts SET review_requested_at = ? WHERE id = ?", [stamp, second])
        db.execute("UPDATE drafts SET archived_at = ? WHERE id = ?", ["2026-02-02T10:00:00.000000+00:00", first])
        db.executemany("INSERT INTO plans (draft_id, network, planned_for, planned_by, planned_at)"
                       " VALUES (?, ?, ?, ?, ?)", [[second, "facebook", "2026-03-02T09:30", "Els", stamp],
                                                   [second, "x", "2026-03-03T12:00", "Els Oud", stamp]])
        db.executemany("INSERT INTO effort (draft_id, author, writing_seconds, extra_seconds, note, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       [[first, "Els", 300, 0, "", "2026-01-20T10:00:00.000000+00:00"],
                        [first, "Els Oud", 240, 600, "foto's genomen", "2026-01-21T10:00:00.000000+00:00"],
                        [second, "Els Oud", 90, -30, "half gekopieerd", stamp]])
        db.execute("INSERT INTO feedback (publication_id, comments, questions, suggestions, shares, likes, reach,"
                   " note, recorded_at, recorded_by) VALUES (?, 2, 3, 1, 4, 25, 800, ?, ?, 'Els')",
                   [on_facebook, "drie vragen over de openingsuren", stamp])
        db.execute("INSERT INTO feedback (publication_id, likes, recorded_at) VALUES (?, 5, ?)", [on_x, stamp])
        db.execute("INSERT INTO takedowns (publication_id, person_id, created_at, done_at, done_by)"
                   " VALUES (?, ?, ?, ?, ?)", [on_facebook, bert, stamp, *TAKEN_DOWN])
        db.execute("INSERT INTO takedowns (publication_id, person_id, created_at) VALUES (?, ?, ?)",
                   [on_x, bert, stamp])


def moved(move_team: MoveTeam, data_dir: Path, kind: str = "mover") -> mv.MoveReport:
    team_dir = data_dir.parent / f"team-{kind}"
    team = move_team.store(kind, team_dir)
    try:
        with opening.read_only(data_dir) as local:
            assert local is not None
            return mv.move_local(local, team)
    finally:
        team.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_kind_of_data_is_moved_verified_and_seen_by_a_colleague(fresh, data_dir, tmp_path):
    made = build_local(data_dir, tmp_path)
    local_file = opening.database_path(data_dir)
    before = sha256(local_file)

    report = moved(fresh, data_dir)

    assert sha256(local_file) == before
    for table, (mine, theirs) in report.counts.items():
        assert mine == theirs, table
    assert report.counts["drafts"] == (3, 3)
    assert report.counts["photos"] == (2, 2) and report.counts["evidence"] == (1, 1)
    assert report.counts["consent_events"][0] >= 3
    assert report.house_style == "moved" and report.approvals_dropped == 1
    with opening.read_only(data_dir) as local:
        local_drafts = {d.id: local.get(d.id) for d in local.list_drafts()}
        local_history = local.history(made["second"])

    colleague = fresh.store("reader", tmp_path / "colleague")
    try:
        draft_ids = report.ids["drafts"]
        for old_id, draft in local_drafts.items():
            theirs = colleague.get(draft_ids[old_id])
            assert theirs.same_content(draft)
            assert (theirs.created_at, theirs.updated_at) == (draft.created_at, draft.updated_at)
            assert theirs.created_by == fresh.logins["mover"]
        assert [row.id for row in colleague.list_drafts(trash=True)] == [draft_ids[made["trashed"]]]
        assert colleague.get(draft_ids[made["second"]]).approved_hash is None  # approved again in the team
        history = colleague.history(draft_ids[made["second"]])
        assert [(h["saved_at"], h["text"]) for h in history] == [(h["saved_at"], h["text"]) for h in local_history]
        assert [row.first_line for row in colleague.list_drafts(search="voorlees")] == ["Voorleesuur in de bib ☕ café"]

        uses = ph.draft_photos(colleague, draft_ids[made["first"]])
        assert [(u.photo.hash, u.alt_text) for u in uses] == [(made["photo"], "Kinderen luisteren naar een verhaal")]
        got = crops.get_crop(colleague, uses[0].id, "x")
        assert got is not None and got.mat == "#336699"
        fetched = ph.photo_file(colleague, uses[0].photo)
        assert sha256(fetched) == made["photo"]
        from composer.core.photos import people as who

        presence, linked = who.photo_people(colleague, made["photo"])
        person_ids = report.ids["people"]
        assert presence == "people"
        assert {p.person_id for p in linked} == {person_ids[made["an"]], person_ids[made["bert"]]}

        an = people.get_person(colleague, person_ids[made["an"]])
        assert (an.name, an.contact) == ("An Peeters", "an@example.be")
        record_ids = report.ids["consent_records"]
        assert events.state_at(colleague, record_ids[made["granted"]]).status == "granted"
        assert events.state_at(colleague, record_ids[made["withdrawn"]]).status == "withdrawn"
        assert events.state_at(colleague, record_ids[made["granted"]]).current_terms.recorded_by == AUTHOR
        found = ev.evidence_file(colleague, made["evidence"])
        assert found is not None and found[0].read_bytes() == PDF
        marks = pub.publications_of(colleague, draft_ids[made["first"]])
        assert [(m.network, m.link) for m in marks] == [("facebook", "https://www.facebook.com/bib/1"), ("x", "")]
        assert colleague.setting("house_style") == STYLE
    finally:
        colleague.close()


def test_planning_and_the_return_move_as_the_movers_with_the_takedowns_proof_kept(fresh, data_dir, tmp_path):
    made = build_local(data_dir, tmp_path)
    report = moved(fresh, data_dir)
    mover, drafts = fresh.logins["mover"], report.ids["drafts"]
    first, second = drafts[made["first"]], drafts[made["second"]]
    assert report.counts["plans"] == (2, 2) and report.counts["feedback"] == (2, 2)
    assert report.counts["effort"] == (2, 2) and report.effort_merged == 1  # two drafts; one had two names
    assert report.counts["takedowns"] == (2, 2)
    assert "takedowns" in mv.TABLES and "effort" in mv.TABLES
    assert any("added up" in note for note in report.notes)
    assert any("proof" in note for note in report.notes)

    with psycopg.connect(fresh.server.admin_dsn(fresh.dbname)) as admin:
        admin.execute("SET search_path = composer")
        assert admin.execute("SELECT id, review_requested_at, archived_at FROM drafts WHERE id IN (%s, %s)"
                             " ORDER BY id", [first, second]).fetchall() == [
            (first, None, "2026-02-02T10:00:00.000000+00:00"), (second, "2026-02-01T10:00:00.000000+00:00", None)]
        assert admin.execute("SELECT network, planned_for, planned_by FROM plans ORDER BY network").fetchall() == [
            ("facebook", "2026-03-02T09:30", mover), ("x", "2026-03-03T12:00", mover)]
        assert admin.execute("SELECT draft_id, author, writing_seconds, extra_seconds, note, updated_at FROM effort"
                             " ORDER BY draft_id").fetchall() == [
            (first, mover, 540, 600, "Els Oud: foto's genomen", "2026-01-21T10:00:00.000000+00:00"),
            (second, mover, 90, -30, "half gekopieerd", "2026-02-01T10:00:00.000000+00:00")]
        assert admin.execute("SELECT comments, questions, suggestions, shares, likes, reach, note, recorded_by"
                             " FROM feedback ORDER BY likes DESC").fetchall() == [
            (2, 3, 1, 4, 25, 800, "drie vragen over de openingsuren", mover), (0, 0, 0, 0, 5, None, "", mover)]
        bert = report.ids["people"][made["bert"]]
        assert admin.execute("SELECT person_id, done_at, done_by FROM takedowns ORDER BY done_at NULLS LAST"
                             ).fetchall() == [(bert, *TAKEN_DOWN), (bert, None, None)]


def test_notes_of_several_authors_are_joined_with_their_names(fresh, data_dir, tmp_path):
    made = build_local(data_dir, tmp_path)
    store = Store.open(data_dir)
    try:
        store.db.execute("UPDATE effort SET note = 'eerste versie' WHERE author = 'Els'")
    finally:
        store.close()
    report = moved(fresh, data_dir)
    with psycopg.connect(fresh.server.admin_dsn(fresh.dbname)) as admin:
        note = admin.execute("SELECT note FROM composer.effort WHERE draft_id = %s",
                             [report.ids["drafts"][made["first"]]]).fetchone()
    assert note == ("Els: eerste versie; Els Oud: foto's genomen",)


def test_writing_time_that_does_not_add_up_in_the_team_undoes_the_move(fresh, data_dir, tmp_path, monkeypatch):
    build_local(data_dir, tmp_path)
    copy = mv.copy_effort

    def short(local, team, report):
        copy(local, team, report)
        team.db.execute("UPDATE effort SET writing_seconds = writing_seconds - 1")

    monkeypatch.setattr(mv, "copy_effort", short)
    with pytest.raises(mv.NotVerified, match="effort"):
        moved(fresh, data_dir)
    assert all(fresh.count(table) == 0 for table in ("drafts", "effort", "takedowns", "feedback"))


def test_a_second_move_is_refused_and_changes_nothing(fresh, data_dir, tmp_path):
    build_local(data_dir, tmp_path)
    moved(fresh, data_dir)
    counts = {table: fresh.count(table) for table in ("drafts", "people", "photos", "consent_events")}
    with pytest.raises(mv.AlreadyMoved, match="moved into the team library already"):
        moved(fresh, data_dir)
    assert {table: fresh.count(table) for table in counts} == counts


def test_a_login_without_the_register_role_is_refused_before_anything_is_written(fresh, data_dir, tmp_path):
    build_local(data_dir, tmp_path)
    with pytest.raises(mv.MissingRoles) as refused:
        moved(fresh, data_dir, "writer")
    assert set(refused.value.missing) == {"approver", "register"}
    assert "register keeper" in str(refused.value) and "nothing was moved" in str(refused.value)
    assert all(fresh.count(table) == 0 for table in ("drafts", "photos", "people", "draft_history"))


def test_a_failure_half_way_leaves_nothing_behind(fresh, data_dir, tmp_path, monkeypatch):
    build_local(data_dir, tmp_path)

    def broken(*args):
        raise RuntimeError("the network went away")

    monkeypatch.setattr(mv, "_copy_house_style", broken)
    with pytest.raises(RuntimeError):
        moved(fresh, data_dir)
    assert all(fresh.count(table) == 0 for table in ("drafts", "photos", "people", "consent_events", "evidence"))


def test_a_damaged_photo_file_refuses_the_move(fresh, data_dir, tmp_path):
    made = build_local(data_dir, tmp_path)
    damaged = next((data_dir / "photos").rglob(f"{made['plain']}.*"))
    damaged.write_bytes(b"not the photo")
    with pytest.raises(mv.MoveRefused, match="damaged"):
        moved(fresh, data_dir)
    assert fresh.count("drafts") == 0


def test_the_command_moves_the_library_of_the_login_on_this_computer(fresh, data_dir, tmp_path):
    build_local(data_dir, tmp_path)
    before = sha256(opening.database_path(data_dir))
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG") and key != "PYTHONUTF8"}
    env.update(LANGUAGE="en", PYTHONIOENCODING="utf-8", **file_keyring.file_keyring_env(tmp_path / "keyring.json"))

    def team(*args: str, input: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "composer", "team", *args, "--data-dir", str(data_dir)],
                              cwd=PROJECT_ROOT, input=input, capture_output=True, text=True, encoding="utf-8",
                              env=env, timeout=120)

    url = f"postgresql://{fresh.logins['mover']}@127.0.0.1:{fresh.server.port}/{fresh.dbname}"
    joined = team("join", url, "--password-stdin", input=PASSWORD + "\n")
    assert joined.returncode == 0, joined.stderr
    first = team("move-local")
    assert first.returncode == 0, first.stderr
    assert "| drafts | 3 | 3 |" in first.stdout and "Counts and content hashes match" in first.stdout
    assert "| effort | 2 | 2 |" in first.stdout and "| takedowns | 2 | 2 |" in first.stdout
    assert "Takedowns done keep their date and who did them" in first.stdout
    again = team("move-local")
    assert again.returncode == 2 and "already" in again.stderr and "Traceback" not in again.stderr
    assert sha256(opening.database_path(data_dir)) == before
