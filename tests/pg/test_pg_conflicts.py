"""Two colleagues, one draft, on the team database (issue 12, point 7): nobody overwrites anybody.

An and Bert, each logged in as themselves, open the same draft; whoever
saves second from the revision they both started from overwrites nothing:
their text is kept in the history under their own login, and they are told
the colleague's text; the revision is the server's, which nobody writes by hand.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from composer.core.storage.errors import PostgresError, SaveConflict
from composer.core.storage.postgres.credentials import make


def test_the_second_colleague_to_save_overwrites_nothing_and_keeps_their_text_under_their_login(open_as):
    an, bert = open_as("an_writer"), open_as("bert_writer")
    draft = an.create("An", text="Zomerlezen: de eerste versie")
    at_bert = bert.get(draft.id)
    saved = an.save(replace(draft, text="Zomerlezen: de versie van An"), "An", expected_revision=draft.revision)
    with pytest.raises(SaveConflict) as conflict:
        bert.save(replace(at_bert, text="Zomerlezen: de versie van Bert"), "Bert", expected_revision=at_bert.revision)
    stored = an.get(draft.id)
    assert (stored.text, stored.updated_by, stored.revision) == ("Zomerlezen: de versie van An", "an_writer",
                                                                saved.revision)
    assert (conflict.value.theirs.text, conflict.value.theirs.updated_by) == ("Zomerlezen: de versie van An",
                                                                              "an_writer")
    kept = [(version["text"], version["saved_by"]) for version in an.history(draft.id)]
    assert ("Zomerlezen: de versie van Bert", "bert_writer") in kept
    merged = bert.save(replace(conflict.value.mine, text="Zomerlezen: An en Bert"), "Bert",
                       expected_revision=conflict.value.theirs.revision)
    assert an.get(draft.id).text == "Zomerlezen: An en Bert" and merged.revision > saved.revision


def test_nobody_writes_a_revision_by_hand(open_as, as_):
    an = open_as("an_writer")
    draft = an.create("An", text="Met een revisie")
    with pytest.raises(Exception, match="permission denied"):
        as_("an_writer").execute("UPDATE drafts SET revision = 1000 WHERE id = %s", [draft.id])
    with pytest.raises(PostgresError):
        an.db.execute("UPDATE drafts SET revision = revision - 1 WHERE id = ?", [draft.id])
    assert an.revision(draft.id) == draft.revision


def test_a_team_database_from_before_revisions_is_too_old_until_upgraded_then_every_draft_has_one(team, pg_server,
                                                                                                 tmp_path):
    import psycopg

    from composer.core.storage.errors import TeamSchemaOld
    from composer.core.storage.postgres import roles
    from composer.core.storage.postgres import team as setup
    from composer.core.storage.postgres.migrations import SCHEMA_VERSION, migrate
    from composer.core.storage.postgres.opening import open_team
    from composer.core.storage.schema import MIGRATIONS as NAMES

    name = pg_server.create_database("revisions")
    try:
        with psycopg.connect(pg_server.admin_dsn(name), autocommit=True) as admin:
            roles.create_roles(admin)
            admin.execute("CREATE SCHEMA IF NOT EXISTS composer AUTHORIZATION composer_owner")
            admin.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            admin.execute(roles.DATABASE_ACCESS)
            migrate(admin, "0008_crop_mats")
            # what the grants of that time allowed that matters here: reading the schema's version
            admin.execute("GRANT USAGE ON SCHEMA composer TO composer_writer;"
                          " GRANT SELECT ON composer.schema_migrations TO composer_writer")
            admin.execute("INSERT INTO composer.drafts (text, created_at, updated_at) VALUES ('Van vroeger', '', '')")
            settings = make(pg_server.host, pg_server.port, name, "an_writer", "disable")
            with pytest.raises(TeamSchemaOld) as old:
                open_team(settings, "an-secret", tmp_path / "an")
            assert (old.value.found, old.value.known) == (8, SCHEMA_VERSION)
            assert setup.create_team(admin) == list(NAMES[8:])  # 0009_draft_revisions and every one after
        an = open_team(settings, "an-secret", tmp_path / "an")
        try:
            (draft_id,) = [row.id for row in an.list_drafts()]
            old_draft = an.get(draft_id)
            assert (old_draft.text, old_draft.revision) == ("Van vroeger", 1)
            an.save(replace(old_draft, text="Van nu"), "An", expected_revision=1)
            with pytest.raises(SaveConflict):
                an.save(replace(old_draft, text="Van later"), "An", expected_revision=1)
        finally:
            an.close()
    finally:
        pg_server.drop_database(name)
