"""Opening the team library (core/storage/postgres/opening.py) and who is who on it.

Each way of not getting in has its own error (a wrong password, a server out
of reach, a login without a team role, a schema newer or older than the app);
once in, the names in the rows are the logins, whatever the client sends, a
writer cannot approve, and the consent history stays append-only through the
store's own functions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from composer.core import consent as c
from composer.core.export import publications as pub
from composer.core.photos import library as ph
from composer.core.storage.access import APPROVER, REGISTER, WRITER, Access
from composer.core.storage.errors import (
    DatabaseError,
    NotAllowed,
    NoTeamRole,
    PostgresError,
    ServerUnreachable,
    TeamSchemaNewer,
    TeamSchemaOld,
    WrongPassword,
    classify,
    describe,
)
from composer.core.storage.postgres.credentials import make, settings_path
from composer.core.storage.postgres.migrations import SCHEMA_VERSION
from tests.helpers.consent import AUTHOR, PDF, terms
from tests.helpers.drafts import described_photo, ready_draft
from tests.helpers.images import jpeg
from tests.pg_server import free_port

NO_ROLE_LOGIN, NO_ROLE_PASSWORD = "gert_no_role", "gert-secret"


@pytest.fixture(scope="module")
def library(team, pg_server):
    """A team database of this module's own (the session's logins connect to it too); its name."""
    import psycopg

    from composer.core.storage.postgres import team as setup

    name = pg_server.create_database("opening")
    with psycopg.connect(pg_server.admin_dsn(name), autocommit=True) as admin:
        setup.create_team(admin)
    yield name
    pg_server.drop_database(name)


@pytest.fixture
def open_as(team, pg_server, library, tmp_path):
    """``open_as(login)``: a store on the module's team database as that colleague; closed after the test."""
    from composer.core.storage.postgres.opening import open_team

    opened = []

    def open_(login: str, password: str | None = None, port: int | None = None):
        settings = make(pg_server.host, port or pg_server.port, library, login, "disable")
        store = open_team(settings, password or team.colleagues[login][0], tmp_path / login)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def admin(pg_server, library):
    import psycopg

    conn = psycopg.connect(pg_server.admin_dsn(library), autocommit=True)
    conn.execute("SET search_path = composer, pg_catalog")
    yield conn
    conn.close()


# --- getting in --------------------------------------------------------------------------------------------


def test_each_colleague_gets_a_store_with_their_login_and_roles(open_as):
    an, carla, eva = open_as("an_writer"), open_as("carla_approver"), open_as("eva_register")
    assert an.access == Access("an_writer", frozenset({WRITER}), False)
    assert carla.access == Access("carla_approver", frozenset({WRITER, APPROVER}), False)
    assert eva.access == Access("eva_register", frozenset({WRITER, REGISTER}), True)
    assert an.db.dialect == "postgresql" and an.path == settings_path(an.path.parent)
    assert {"drafts", "consent_events", "evidence", "photos"} <= an.db.tables()  # every table, readable or not


def test_a_wrong_password_is_a_wrong_password(open_as):
    with pytest.raises(WrongPassword) as refused:
        open_as("an_writer", "not-her-password")
    assert refused.value.user == "an_writer" and "opening_" in refused.value.server
    assert isinstance(refused.value.__cause__, Exception)
    assert "not-her-password" not in str(refused.value) + describe(refused.value)


def test_a_port_where_no_server_listens_is_unreachable(open_as):
    with pytest.raises(ServerUnreachable):
        open_as("an_writer", port=free_port())


def test_a_login_without_a_team_role_is_told_so(open_as, pg_server):
    pg_server.psql_admin(f'DROP ROLE IF EXISTS "{NO_ROLE_LOGIN}"',
                         f"CREATE ROLE \"{NO_ROLE_LOGIN}\" LOGIN PASSWORD '{NO_ROLE_PASSWORD}'")
    try:
        with pytest.raises(NoTeamRole):
            open_as(NO_ROLE_LOGIN, NO_ROLE_PASSWORD)
    finally:
        pg_server.psql_admin(f'DROP ROLE IF EXISTS "{NO_ROLE_LOGIN}"')


def test_a_schema_newer_or_older_than_the_app_is_refused(open_as, admin):
    admin.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, 'from_a_newer_app')",
                  [SCHEMA_VERSION + 1])
    try:
        with pytest.raises(TeamSchemaNewer) as newer:
            open_as("an_writer")
        assert (newer.value.found, newer.value.known) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    finally:
        admin.execute("DELETE FROM schema_migrations WHERE name = 'from_a_newer_app'")
    last = admin.execute("SELECT version, name, applied_at, applied_by FROM schema_migrations"
                         " ORDER BY version DESC LIMIT 1").fetchone()
    admin.execute("DELETE FROM schema_migrations WHERE version = %s", [last[0]])
    try:
        with pytest.raises(TeamSchemaOld) as older:
            open_as("an_writer")
        assert (older.value.found, older.value.known) == (SCHEMA_VERSION - 1, SCHEMA_VERSION)
    finally:
        admin.execute("INSERT INTO schema_migrations (version, name, applied_at, applied_by)"
                      " VALUES (%s, %s, %s, %s)", list(last))
    open_as("an_writer")  # as it was


# --- who is who comes from the login -----------------------------------------------------------------------


def test_authors_are_the_logins_whatever_name_the_client_sends(open_as, admin):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    draft = an.create("Carla (typed by An)", text="Nieuw in de leeszaal")
    assert draft.created_by == an.get(draft.id).created_by == "an_writer"
    bert.save(replace(bert.get(draft.id), text="Nieuw in de leeszaal: strips"), "Somebody Else")
    stored = an.get(draft.id)
    assert (stored.created_by, stored.updated_by) == ("an_writer", "bert_writer")
    # even written by hand, the name sent is replaced
    an.db.execute("UPDATE drafts SET updated_by = 'carla_approver' WHERE id = ?", [draft.id])
    assert an.get(draft.id).updated_by == "an_writer"
    person = c.add_person(an, "Lotte", "Eva (typed)")
    assert person.created_by == "an_writer" == c.get_person(an, person.id).created_by
    photo = ph.import_photo(an, jpeg(), "leeszaal.jpg", author="Eva (typed)")
    assert photo.imported_by == "an_writer"
    assert an.db.value("SELECT data FROM photos WHERE hash = ?", [photo.hash]) == jpeg()  # the bytes in the row
    mark = pub.mark_published(bert, draft.id, "facebook", date.today(), author="An (typed by Bert)")
    assert mark.recorded_by == "bert_writer" == pub.publications_of(an, draft.id)[0].recorded_by


def test_only_an_approver_approves_and_the_server_writes_who(open_as):
    an, bert, carla = open_as("an_writer"), open_as("bert_writer"), open_as("carla_approver")
    draft = an.create("An", text="Klaar voor nazicht")
    with pytest.raises(NotAllowed) as told:  # the store says so before asking the server
        bert.approve(draft.id, "Carla")
    assert told.value.rule == "approval_by_approver"
    with pytest.raises(PostgresError) as refused:  # and the server refuses the statement written by hand
        bert.db.execute("UPDATE drafts SET approved_by = 'bert_writer', approved_at = 'now', approved_hash = 'x'"
                        " WHERE id = ?", [draft.id])
    assert isinstance(classify(refused.value, bert.path), NotAllowed)
    approved = carla.approve(draft.id, "Dirk (typed by Carla)")
    assert approved.approved_by == "carla_approver" and approved.approved_hash == draft.content_hash()
    assert approved.approved_at is not None


def test_an_approver_cannot_approve_a_draft_they_edited(open_as):
    an, carla = open_as("an_writer"), open_as("carla_approver")
    draft = an.create("An", text="Eerste versie")
    carla.save(replace(carla.get(draft.id), text="Tweede versie, door Carla"), "Carla")
    with pytest.raises(PostgresError) as refused:
        carla.approve(draft.id, "Carla")
    error = classify(refused.value, carla.path)
    assert isinstance(error, NotAllowed) and error.rule == "approval_not_own_draft"


def test_consent_events_stay_append_only_through_the_store(open_as, admin):
    eva = open_as("eva_register")
    person = c.add_person(eva, "An Peeters", AUTHOR)
    record = c.grant_consent(eva, person.id, terms(), AUTHOR)
    c.withdraw(eva, record_id=record, received_how="email", author=AUTHOR)
    events = c.state_at(eva, record).events
    assert [e.kind for e in events] == ["granted", "withdrawn"]
    assert {e.recorded_by for e in events} == {"eva_register"}  # the login, not the name typed
    for statement in ("UPDATE consent_events SET kind = 'granted'", "DELETE FROM consent_events"):
        with pytest.raises(DatabaseError) as refused:
            eva.db.execute(statement)
        assert isinstance(classify(refused.value, eva.path), NotAllowed)
    with pytest.raises(Exception, match="append-only"):  # not even the database's superuser
        admin.execute("DELETE FROM consent_events")
    assert [e.kind for e in c.state_at(eva, record).events] == ["granted", "withdrawn"]


# --- one library, several computers ---------------------------------------------------------------------------


def test_a_photo_imported_on_one_computer_is_exported_on_another(open_as, tmp_path):
    from composer.core.export.folder import export_draft

    an, bert = open_as("an_writer"), open_as("bert_writer")  # each with a data folder of their own
    assert an.data_dir != bert.data_dir
    draft = ready_draft(an, "Nieuw in de leeszaal: de strips van deze zomer.", ("facebook",))
    described_photo(an, draft.id, jpeg(), name="leeszaal.jpg")
    (used,) = ph.draft_photos(bert, draft.id)
    assert not ph.photo_path(bert, used.photo).exists()
    result = export_draft(bert, draft.id, tmp_path / "export")
    assert result.files["facebook"][0] == "01.jpg" and (result.folder / "facebook" / "01.jpg").exists()
    assert ph.photo_path(bert, used.photo).read_bytes() == jpeg()  # now in Bert's cache


def test_a_scan_stored_on_one_computer_opens_on_another(open_as):
    eva = open_as("eva_register")
    digest = c.store_evidence(eva, PDF, "form.pdf")
    for cached in (eva.data_dir / "evidence").rglob("*.pdf"):
        cached.unlink()  # as on another computer
    found = c.evidence_file(eva, digest)
    assert found is not None and found[0].read_bytes() == PDF and found[1] == "form.pdf"


def test_another_connection_and_the_saver_reach_the_team_library_from_team_json(open_as, team, library,
                                                                               monkeypatch):
    from composer.core.storage.postgres import credentials
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store

    an = open_as("an_writer")
    credentials.save(an.data_dir, make(team.server.host, team.server.port, library, "an_writer", "disable"))
    monkeypatch.setattr("composer.core.storage.postgres.credentials.password",
                        lambda settings: team.colleagues[settings.user][0])
    other = Store.attach(an.path, 1000)  # as the export's thread does
    try:
        assert (other.db.dialect, other.access) == ("postgresql", an.access)
        draft = other.create("An", text="Via een tweede verbinding")
        assert an.get(draft.id).text == "Via een tweede verbinding"
    finally:
        other.close()
    saver = Saver(an.path)  # as the window's saver does
    try:
        saver.submit(replace(an.get(draft.id), text="Bewaard door de saver"), "An")
        assert saver.flush(10)
    finally:
        saver.close()
    assert an.get(draft.id).text == "Bewaard door de saver"
    assert an.get(draft.id).updated_by == "an_writer"


def test_a_database_without_a_team_is_a_schema_too_old(open_as, pg_server, tmp_path):
    from composer.core.storage.postgres.opening import open_team

    empty = pg_server.create_database("empty")  # CONNECT for everyone, as a new database has it
    try:
        with pytest.raises(TeamSchemaOld) as old:
            open_team(make(pg_server.host, pg_server.port, empty, "an_writer", "disable"), "an-secret", tmp_path)
        assert (old.value.found, old.value.known) == (0, SCHEMA_VERSION)
    finally:
        pg_server.drop_database(empty)


def test_a_withdrawal_recorded_by_the_register_keeper_blocks_a_writers_export(open_as, tmp_path):
    from composer.core.export.folder import ExportRefused, export_draft
    from composer.core.photos import people as who

    an, eva = open_as("an_writer"), open_as("eva_register")
    person = c.add_person(eva, "Jan Janssens", AUTHOR, contact="jan@example.org")
    record = c.grant_consent(eva, person.id, terms(), AUTHOR)
    assert c.get_person(an, person.id).contact == ""  # a writer sees who, not how to reach them
    draft = ready_draft(an, "Voorleesuurtje in de jeugdafdeling.", ("facebook",))
    item = described_photo(an, draft.id, jpeg(), presence="people")
    who.link_person(an, item.id, person.id, "rode jas")
    assert export_draft(an, draft.id, tmp_path / "before").networks == ("facebook",)
    c.withdraw(eva, record_id=record, received_how="email", author=AUTHOR)
    with pytest.raises(ExportRefused) as refused:
        export_draft(an, draft.id, tmp_path / "after")
    assert any(reason.check == "consent" for reason in refused.value.reasons)
