"""What the team database refuses, logged in as each role (issue 12, points 3-5 and the engineering notes).

Each test logs in over TCP as a colleague (tests/pg/conftest.py: writers An
and Bert, approvers Carla and Dirk, register keeper Eva) and sends the SQL a
client could send by hand: the database itself must refuse what the role may
not do, and write the login — never a name the client gives — as who did it.
"""

from __future__ import annotations

import hashlib
import json

import psycopg
import pytest
from psycopg import errors

STAMP = "2025-03-01T10:00:00.000000+00:00"


def new_draft(conn, text: str = "Nieuw in de collectie", networks=("x", "bluesky")) -> int:
    """A draft as the store writes one (created_by and updated_by sent as a typed name)."""
    row = conn.execute(
        "INSERT INTO drafts (text, networks, purpose, audience, status, created_by, updated_by, created_at, updated_at)"
        " VALUES (%s, %s, 'event', 'students', 'draft', 'someone else', 'someone else', %s, %s) RETURNING id",
        [text, json.dumps(list(networks)), STAMP, STAMP]).fetchone()
    return row[0]


def draft(conn, draft_id: int) -> dict:
    cursor = conn.execute("SELECT id, text, created_by, updated_by, approved_by, approved_at, approved_hash"
                          " FROM drafts WHERE id = %s", [draft_id])
    names = [column.name for column in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def approve(conn, draft_id: int, name: str = "the boss", content_hash: str = "hash-of-content"):
    """What ``Store.approve`` sends."""
    return conn.execute("UPDATE drafts SET approved_by = %s, approved_at = %s, approved_hash = %s WHERE id = %s",
                        [name, STAMP, content_hash, draft_id])


def refused_by(error: pytest.ExceptionInfo, rule: str) -> None:
    assert error.value.sqlstate == "42501", error.value
    assert error.value.diag.constraint_name == rule, error.value


def new_person(conn, name: str = "Mira Janssens", contact: str = "", birth: str | None = None) -> int:
    return conn.execute("INSERT INTO people (name, contact, birth_date, created_at, created_by)"
                        " VALUES (%s, %s, %s, %s, 'forged') RETURNING id", [name, contact, birth, STAMP]).fetchone()[0]


def new_consent(conn, person_id: int) -> tuple[int, int]:
    """A record and its first event, as ``records.grant_consent`` writes them; (record id, event id)."""
    record_id = conn.execute("INSERT INTO consent_records (person_id, created_at, created_by) VALUES (%s, %s, 'x')"
                             " RETURNING id", [person_id, STAMP]).fetchone()[0]
    terms = {"channels": ["instagram"], "publish": True, "photographed": True, "name_in_caption": False,
             "valid_from": "2025-03-01", "valid_until": None, "recorded_by": "Eva"}
    event_id = conn.execute(
        "INSERT INTO consent_events (record_id, kind, effective_at, recorded_at, recorded_by, terms)"
        " VALUES (%s, 'granted', %s, %s, 'a forged name', %s) RETURNING id",
        [record_id, STAMP, STAMP, json.dumps(terms)]).fetchone()[0]
    return record_id, event_id


# --- logging in -------------------------------------------------------------------------------------------


def test_a_wrong_password_is_refused(team):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        team.connect("an_writer", "not-her-password")


def test_an_unknown_login_is_refused(team):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        team.connect("mallory", "guess")


def test_a_login_with_no_team_role_cannot_even_connect(team):
    admin = team.admin()
    admin.execute('DROP ROLE IF EXISTS "stranger"')
    admin.execute("CREATE ROLE stranger LOGIN PASSWORD 'stranger-secret'")
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            team.connect("stranger", "stranger-secret")
    finally:
        admin.execute("DROP ROLE stranger")


def test_a_colleague_cannot_take_another_role(as_):
    an = as_("an_writer")
    with pytest.raises(errors.InsufficientPrivilege):
        an.execute("SET ROLE composer_approver")
    with pytest.raises(errors.InsufficientPrivilege):
        an.execute("SET ROLE composer_owner")


# --- who did it comes from the login ------------------------------------------------------------------------


def test_created_by_forged_by_the_client_is_replaced_by_the_login(as_):
    an = as_("an_writer")
    draft_id = new_draft(an)
    assert draft(an, draft_id)["created_by"] == "an_writer"
    assert draft(an, draft_id)["updated_by"] == "an_writer"
    with pytest.raises(errors.InsufficientPrivilege):
        an.execute("UPDATE drafts SET created_by = 'bert_writer' WHERE id = %s", [draft_id])
    assert draft(an, draft_id)["created_by"] == "an_writer"


def test_created_by_cannot_be_changed_even_with_the_privilege(team):
    admin = team.admin()
    draft_id = new_draft(team.connect("an_writer"))
    admin.execute("UPDATE drafts SET created_by = 'bert_writer' WHERE id = %s", [draft_id])
    assert draft(admin, draft_id)["created_by"] == "an_writer"


def test_updated_by_is_whoever_edits_whatever_name_is_sent(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    bert.execute("UPDATE drafts SET text = 'Bert schrijft verder', updated_by = 'an_writer', updated_at = %s"
                 " WHERE id = %s", [STAMP, draft_id])
    assert draft(an, draft_id)["updated_by"] == "bert_writer"


def test_editing_only_a_networks_own_version_makes_the_editor_the_last_one(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    bert.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (%s, 'x', 'Kort voor X')", [draft_id])
    assert draft(an, draft_id)["updated_by"] == "bert_writer"


def test_trashing_or_restoring_a_draft_is_not_editing_it(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    bert.execute("UPDATE drafts SET deleted_at = %s WHERE id = %s", [STAMP, draft_id])
    bert.execute("UPDATE drafts SET deleted_at = NULL, status = 'draft' WHERE id = %s", [draft_id])
    assert draft(an, draft_id)["updated_by"] == "an_writer"


def test_history_says_who_wrote_the_version_it_keeps(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    keep = ("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (%s, %s, %s, '{}')"
            " RETURNING saved_by")
    assert bert.execute(keep, [draft_id, STAMP, "an_writer"]).fetchone() == ("an_writer",)  # An's version, as sent
    assert bert.execute(keep, [draft_id, STAMP, "bert_writer"]).fetchone() == ("bert_writer",)  # his own text
    assert bert.execute(keep, [draft_id, STAMP, "carla_approver"]).fetchone() == ("an_writer",)  # nobody else


def test_every_who_column_is_the_login(as_):
    an, eva = as_("an_writer"), as_("eva_register")
    data = b"\x89PNG\r\n\x1a\n fake"
    digest = hashlib.sha256(data).hexdigest()
    an.execute("INSERT INTO photos (hash, ext, format, width, height, original_name, imported_at, imported_by, data)"
               " VALUES (%s, 'png', 'PNG', 10, 10, 'a.png', %s, 'forged', %s) ON CONFLICT (hash) DO NOTHING",
               [digest, STAMP, data])
    draft_id = new_draft(an)
    publication = an.execute("INSERT INTO publications (draft_id, network, published_at, link, recorded_at,"
                             " recorded_by) VALUES (%s, 'x', '2025-03-01', '', %s, 'forged') RETURNING id",
                             [draft_id, STAMP]).fetchone()[0]
    person = new_person(an, "Jules")
    record_id, event_id = new_consent(eva, person)
    assert an.execute("SELECT imported_by FROM photos WHERE hash = %s", [digest]).fetchone() == ("an_writer",)
    assert an.execute("SELECT recorded_by FROM publications WHERE id = %s", [publication]).fetchone() == (
        "an_writer",)
    assert an.execute("SELECT created_by FROM people WHERE id = %s", [person]).fetchone() == ("an_writer",)
    assert an.execute("SELECT created_by FROM consent_records WHERE id = %s", [record_id]).fetchone() == (
        "eva_register",)
    assert an.execute("SELECT recorded_by FROM consent_events WHERE id = %s", [event_id]).fetchone() == (
        "eva_register",)


# --- approval ----------------------------------------------------------------------------------------------


def test_a_writer_approving_is_refused(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table drafts"):
        approve(bert, draft_id)
    assert draft(an, draft_id)["approved_by"] is None


def test_a_new_draft_cannot_arrive_approved(as_):
    carla = as_("carla_approver")
    with pytest.raises(errors.InsufficientPrivilege):  # a writer: no privilege on the columns
        as_("an_writer").execute("INSERT INTO drafts (text, created_at, updated_at, approved_by, approved_hash)"
                                 " VALUES ('x', %s, %s, 'carla_approver', 'h')", [STAMP, STAMP])
    with pytest.raises(errors.InsufficientPrivilege):  # an approver neither: it would be approving her own
        carla.execute("INSERT INTO drafts (text, created_at, updated_at, approved_by, approved_hash)"
                      " VALUES ('x', %s, %s, 'carla_approver', 'h')", [STAMP, STAMP])


def test_an_approver_approves_a_colleagues_draft_as_herself_now(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    approve(carla, draft_id, name="dirk_approver", content_hash="abc")
    approved = draft(an, draft_id)
    assert (approved["approved_by"], approved["approved_hash"]) == ("carla_approver", "abc")
    assert approved["approved_at"] != STAMP and approved["approved_at"].endswith("+00:00")


def test_an_approver_approving_her_own_draft_is_refused(as_):
    carla = as_("carla_approver")
    draft_id = new_draft(carla)
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        approve(carla, draft_id)
    refused_by(refused, "approval_not_own_draft")
    approve(as_("dirk_approver"), draft_id)  # another approver may
    assert draft(carla, draft_id)["approved_by"] == "dirk_approver"


def test_an_approver_who_edited_the_draft_last_may_not_approve_it(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    carla.execute("UPDATE drafts SET text = 'Carla verbetert een tikfout' WHERE id = %s", [draft_id])
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        approve(carla, draft_id)
    refused_by(refused, "approval_not_own_draft")
    an.execute("UPDATE drafts SET text = 'An schrijft verder' WHERE id = %s", [draft_id])
    approve(carla, draft_id)  # no longer the last to edit it
    assert draft(an, draft_id)["approved_by"] == "carla_approver"


def test_an_approver_editing_a_network_version_may_not_approve_it_then(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    carla.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (%s, 'x', 'Korter')", [draft_id])
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        approve(carla, draft_id)
    refused_by(refused, "approval_not_own_draft")


def test_approving_and_editing_in_one_statement_is_refused(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        carla.execute("UPDATE drafts SET text = 'Anders', approved_hash = 'h' WHERE id = %s", [draft_id])
    refused_by(refused, "approval_not_with_edit")


@pytest.mark.parametrize("edit", [
    "UPDATE drafts SET text = 'Een andere tekst' WHERE id = %s",
    "UPDATE drafts SET networks = '[\"x\"]' WHERE id = %s",
    "INSERT INTO network_texts (draft_id, network, text) VALUES (%s, 'bluesky', 'Eigen versie')",
])
def test_an_edit_after_approval_voids_it(as_, edit):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    approve(carla, draft_id, content_hash="approved-content")
    an.execute(edit, [draft_id])
    voided = draft(an, draft_id)
    assert voided["approved_hash"] is None  # not approved any more
    assert voided["approved_by"] == "carla_approver"  # "changed since Carla approved it", as on SQLite


def test_editing_or_removing_an_own_version_after_approval_voids_it(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    an.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (%s, 'x', 'Kort')", [draft_id])
    for edit in ("UPDATE network_texts SET text = 'Korter' WHERE draft_id = %s",
                 "DELETE FROM network_texts WHERE draft_id = %s"):
        approve(carla, draft_id)
        assert draft(an, draft_id)["approved_hash"] == "hash-of-content"
        an.execute(edit, [draft_id])
        assert draft(an, draft_id)["approved_hash"] is None, edit


def test_what_is_not_an_edit_keeps_the_approval(as_):
    an, carla, eva = as_("an_writer"), as_("carla_approver"), as_("eva_register")
    draft_id = new_draft(an)
    approve(carla, draft_id)
    an.execute("UPDATE drafts SET text = text, networks = networks WHERE id = %s", [draft_id])  # a save of the same
    an.execute("UPDATE network_texts SET text = text WHERE draft_id = %s", [draft_id])
    eva.execute("UPDATE drafts SET status = 'consent_withdrawn' WHERE id = %s", [draft_id])
    an.execute("UPDATE drafts SET purpose = 'heritage' WHERE id = %s", [draft_id])  # not in what approval covers
    assert draft(an, draft_id)["approved_hash"] == "hash-of-content"


def test_a_writer_cannot_void_or_forge_an_approval_by_hand(as_):
    an, carla = as_("an_writer"), as_("carla_approver")
    draft_id = new_draft(an)
    approve(carla, draft_id)
    for statement in ("UPDATE drafts SET approved_hash = NULL WHERE id = %s",
                      "UPDATE drafts SET approved_by = 'an_writer' WHERE id = %s"):
        with pytest.raises(errors.InsufficientPrivilege):
            an.execute(statement, [draft_id])


# --- the consent register ---------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["eva_register", "carla_approver", "an_writer"])
def test_nobody_changes_or_deletes_a_consent_event(as_, login):
    eva = as_("eva_register")
    _record, event_id = new_consent(eva, new_person(eva, "Noor", contact="noor@example.org"))
    conn = as_(login)
    for statement in ("UPDATE consent_events SET kind = 'refused' WHERE id = %s",
                      "DELETE FROM consent_events WHERE id = %s"):
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement, [event_id])
    with pytest.raises(errors.InsufficientPrivilege):
        conn.execute("TRUNCATE consent_events CASCADE")
    assert conn.execute("SELECT kind FROM consent_events WHERE id = %s", [event_id]).fetchone() == ("granted",)


@pytest.mark.parametrize("as_who", ["composer_owner", "superuser"])
def test_the_owner_and_even_a_superuser_cannot_change_consent_history(team, as_, as_who):
    eva = as_("eva_register")
    record_id, event_id = new_consent(eva, new_person(eva, "Omar"))
    admin = team.admin()
    if as_who == "composer_owner":
        admin.execute("SET ROLE composer_owner")
    for statement in ("UPDATE consent_events SET terms = '{}' WHERE id = %s",
                      "DELETE FROM consent_events WHERE id = %s"):
        with pytest.raises(errors.InsufficientPrivilege) as refused:
            admin.execute(statement, [event_id])
        refused_by(refused, "consent_events_append_only")
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        admin.execute("TRUNCATE consent_events CASCADE")
    refused_by(refused, "consent_events_append_only")
    with pytest.raises(errors.InsufficientPrivilege):  # nor can a keeper switch the rule off
        eva.execute("ALTER TABLE consent_events DISABLE TRIGGER consent_events_append_only")
    assert eva.execute("SELECT count(*) FROM consent_events WHERE record_id = %s", [record_id]).fetchone() == (1,)


def test_only_register_keepers_record_consent(as_):
    an, eva = as_("an_writer"), as_("eva_register")
    person = new_person(eva, "Lotte")
    for login in ("an_writer", "carla_approver"):
        with pytest.raises(errors.InsufficientPrivilege):
            new_consent(as_(login), person)
    record_id, _event = new_consent(eva, person)
    assert an.execute("SELECT kind, terms FROM consent_events WHERE record_id = %s",  # what the check needs
                      [record_id]).fetchone()[0] == "granted"


@pytest.mark.parametrize("login", ["an_writer", "carla_approver"])
@pytest.mark.parametrize("query", [
    "SELECT contact FROM people",
    "SELECT birth_date FROM people",
    "SELECT * FROM people",
    "SELECT data FROM evidence",
    "SELECT hash, original_name FROM evidence",
])
def test_writers_and_approvers_read_no_contact_details_or_evidence(as_, login, query):
    with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
        as_(login).execute(query)


def test_writers_read_what_the_consent_check_needs(as_):
    an, eva = as_("an_writer"), as_("eva_register")
    person = new_person(eva, "Sara Claes", contact="sara@example.org", birth="2012-05-01")
    new_consent(eva, person)
    assert an.execute("SELECT id, name, created_at, created_by, erased_at FROM people WHERE id = %s",
                      [person]).fetchone()[1] == "Sara Claes"
    rows = an.execute("SELECT e.kind, e.terms, r.person_id FROM consent_events e"
                      " JOIN consent_records r ON r.id = e.record_id WHERE r.person_id = %s", [person]).fetchall()
    assert [(kind, json.loads(terms)["channels"]) for kind, terms, _ in rows] == [("granted", ["instagram"])]


def test_register_keepers_read_and_write_the_whole_register(as_):
    eva = as_("eva_register")
    data = b"%PDF-1.4 signed form"
    digest = hashlib.sha256(data).hexdigest()
    eva.execute("INSERT INTO evidence (hash, ext, original_name, stored_at, data) VALUES (%s, 'pdf', 'form.pdf', %s,"
                " %s) ON CONFLICT (hash) DO NOTHING", [digest, STAMP, data])
    assert eva.execute("SELECT data FROM evidence WHERE hash = %s", [digest]).fetchone()[0] == data
    person = new_person(eva, "Kato", contact="0470 12 34 56", birth="2015-01-01")
    assert eva.execute("SELECT contact, birth_date FROM people WHERE id = %s", [person]).fetchone() == (
        "0470 12 34 56", "2015-01-01")
    eva.execute("UPDATE people SET name = %s, contact = '', erased_at = %s WHERE id = %s",  # erasure
                [f"Erased person #{person}", STAMP, person])


def test_a_writer_adds_a_person_by_name_only(as_):
    an = as_("an_writer")
    person = new_person(an, "Iemand op de foto")
    assert an.execute("SELECT name, created_by FROM people WHERE id = %s", [person]).fetchone() == (
        "Iemand op de foto", "an_writer")
    for contact, birth in (("iemand@example.org", None), ("", "2010-01-01")):
        with pytest.raises(errors.InsufficientPrivilege) as refused:
            new_person(an, "Met gegevens", contact=contact, birth=birth)
        refused_by(refused, "people_contact_by_register_keeper")
    with pytest.raises(errors.InsufficientPrivilege):
        an.execute("UPDATE people SET name = 'Andere naam' WHERE id = %s", [person])


def test_evidence_and_photos_are_stored_by_the_hash_of_their_bytes(as_):
    eva = as_("eva_register")
    with pytest.raises(errors.CheckViolation):
        eva.execute("INSERT INTO evidence (hash, ext, original_name, stored_at, data)"
                    " VALUES (%s, 'pdf', 'x.pdf', %s, %s)", ["0" * 64, STAMP, b"%PDF other bytes"])
    with pytest.raises(errors.CheckViolation):
        eva.execute("INSERT INTO photos (hash, ext, format, width, height, imported_at, data)"
                    " VALUES (%s, 'jpg', 'JPEG', 1, 1, %s, %s)", ["0" * 64, STAMP, b"\xff\xd8\xff other"])


def test_only_register_keepers_delete_stored_photos(as_):
    an, eva = as_("an_writer"), as_("eva_register")
    data = b"\xff\xd8\xff a photo to erase"
    digest = hashlib.sha256(data).hexdigest()
    an.execute("INSERT INTO photos (hash, ext, format, width, height, imported_at, data) VALUES (%s, 'jpg', 'JPEG',"
               " 4, 3, %s, %s) ON CONFLICT (hash) DO NOTHING", [digest, STAMP, data])
    with pytest.raises(errors.InsufficientPrivilege):
        an.execute("DELETE FROM photos WHERE hash = %s", [digest])
    assert eva.execute("DELETE FROM photos WHERE hash = %s", [digest]).rowcount == 1


# --- drafts, the publication log, the house style ------------------------------------------------------------


def test_a_draft_is_deleted_for_good_only_from_the_trash(as_):
    an, bert = as_("an_writer"), as_("bert_writer")
    draft_id = new_draft(an)
    an.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (%s, 'x', 'Kort')", [draft_id])
    an.execute("INSERT INTO draft_history (draft_id, saved_at, saved_by, content) VALUES (%s, %s, '', '{}')",
               [draft_id, STAMP])
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        bert.execute("DELETE FROM drafts WHERE id = %s", [draft_id])
    refused_by(refused, "drafts_delete_from_trash")
    bert.execute("UPDATE drafts SET deleted_at = %s WHERE id = %s", [STAMP, draft_id])
    assert bert.execute("DELETE FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < %s AND id = %s",
                        ["9999", draft_id]).rowcount == 1  # as Store.empty_trash: versions and history go too
    assert an.execute("SELECT count(*) FROM network_texts WHERE draft_id = %s", [draft_id]).fetchone() == (0,)


def test_a_publication_leaves_the_log_only_by_its_author_or_a_register_keeper(as_):
    an, bert, eva = as_("an_writer"), as_("bert_writer"), as_("eva_register")

    def mark() -> int:
        publication = an.execute("INSERT INTO publications (draft_id, network, published_at, link, recorded_at,"
                                 " recorded_by) VALUES (%s, 'x', '2025-03-01', '', %s, '') RETURNING id",
                                 [new_draft(an), STAMP]).fetchone()[0]
        an.execute("INSERT INTO publication_photos (publication_id, photo_hash, position) VALUES (%s, 'h', 0)",
                   [publication])
        return publication

    publication = mark()
    for statement in ("DELETE FROM publication_photos WHERE publication_id = %s",
                      "DELETE FROM publications WHERE id = %s"):
        with pytest.raises(errors.InsufficientPrivilege) as refused:
            bert.execute(statement, [publication])
        refused_by(refused, "publications_unmark_own")
    for conn in (an, eva):  # as unmark_published: the photos, then the publication
        publication = mark()
        conn.execute("DELETE FROM publication_photos WHERE publication_id = %s", [publication])
        assert conn.execute("DELETE FROM publications WHERE id = %s", [publication]).rowcount == 1


def test_a_published_draft_stays_even_in_the_trash(as_):
    an = as_("an_writer")
    draft_id = new_draft(an)
    an.execute("INSERT INTO publications (draft_id, network, published_at, recorded_at) VALUES (%s, 'x',"
               " '2025-03-01', %s)", [draft_id, STAMP])
    an.execute("UPDATE drafts SET deleted_at = %s WHERE id = %s", [STAMP, draft_id])
    with pytest.raises(errors.ForeignKeyViolation):
        an.execute("DELETE FROM drafts WHERE id = %s", [draft_id])


def test_only_approvers_keep_the_house_style(as_):
    style = json.dumps({"library_name": "Bib Sint-Niklaas"})
    upsert = ("INSERT INTO settings (key, value) VALUES ('house_style', %s)"
              " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    with pytest.raises(errors.InsufficientPrivilege):
        as_("an_writer").execute(upsert, [style])
    as_("carla_approver").execute(upsert, [style])
    assert as_("an_writer").execute("SELECT value FROM settings WHERE key = 'house_style'").fetchone() == (style,)


def test_colleagues_cannot_change_the_schema(team, as_):
    for login in team.colleagues:
        conn = as_(login)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE notes (id int)")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE drafts DISABLE TRIGGER drafts_2_approval")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DROP TRIGGER drafts_1_authors ON drafts")
