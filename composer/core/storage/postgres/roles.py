"""Who may read and write what in the team database: three group roles, a login per colleague.

Group roles (``NOLOGIN``; a colleague's login is made a member of one or more):

``composer_writer`` (*writer*)
    Drafts: reads all, creates, edits, trashes and restores them, empties the
    trash; network versions, history, photos (with their bytes, for export),
    crops, who is in a photo; the publication log (marks, and takes out its
    own marks). Reads the register as the consent check needs it: people's
    names (``id, name, created_at, created_by, erased_at``), consent records
    and their events (who consented to what, where, until when, with a name in
    the caption or not). May add a person **by name only** (linking someone in
    a photo; a register keeper completes the record). Reads the house style.
    Cannot: approve; read or write contact details, dates of birth or
    evidence scans; record consent; change the house style; delete photos.
    Planning and the return (issue 13): plans a post (``planned_by`` is the
    login), keeps its own writing time (another login's row is refused:
    ``effort_own``), records feedback (``recorded_by`` is the login), marks
    a takedown done (``done_by`` and ``done_at`` are the server's; a done
    takedown is never changed or deleted: ``takedowns_done_stays``); sets
    a draft's ``review_requested_at`` and ``archived_at``. Cannot create a
    takedown.
``composer_approver`` (*approver*: the communications service)
    Everything a writer may, and approves drafts (``approved_*``; the
    triggers allow it only on drafts the approver neither created nor last
    edited) and keeps the house style (``settings``).
``composer_register`` (*register keeper*)
    Everything a writer may, and the whole register: people with contact
    details and dates of birth, new consent records and events (never a
    change or deletion of an event: nobody may), evidence scans, erasure
    (a person's name and contact, the photos they are in), and taking any
    publication out of the log. Creates the takedowns a withdrawal asks for;
    may also insert a takedown that is **already done**, with the moment and
    the name it was recorded with (``team move-local`` moving a local
    library's proof; the only way a done takedown keeps a date and a name
    the server did not stamp, see ``takedowns_done`` in ``migrations.py``).

``composer_owner`` owns the schema and its tables; no colleague is a member.
Only members of the group roles may connect to the database (``CONNECT`` is
revoked from ``PUBLIC``). Row-level security is not used: a team shares
every draft, photo and consent record by design; the rules about single rows
(approving one's own draft, taking someone else's publication out of the
log, deleting a draft outside the trash, changing a consent event) are
triggers (``migrations.py``), which refuse with an error the app can explain
instead of silently filtering rows out.

The role names are cluster-wide: one Post Composer team per PostgreSQL
cluster (a second library on the same server would share the roles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.postgres.migrations import OWNER, SCHEMA

if TYPE_CHECKING:
    import psycopg

#: What ``post-composer team add NAME --role ROLE`` accepts, and the group role each means.
ROLES: dict[str, str] = {"writer": "composer_writer", "approver": "composer_approver",
                         "register": "composer_register"}
WRITER, APPROVER, REGISTER = ROLES["writer"], ROLES["approver"], ROLES["register"]
GROUPS = (OWNER, WRITER, APPROVER, REGISTER)

#: The group roles, and what approvers and register keepers inherit (as an administrator with CREATEROLE).
CREATE_ROLES = f"""
DO $$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY{list(GROUPS)!r} LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = wanted) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', wanted);
        END IF;
    END LOOP;
END $$;
GRANT {WRITER} TO {APPROVER};
GRANT {WRITER} TO {REGISTER};
"""

#: Only the team connects (as the database's owner or an administrator).
DATABASE_ACCESS = f"""
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {WRITER}', current_database());
END $$;
"""

#: Every privilege, from nothing (as the owner; idempotent: run again after every migration).
PRIVILEGES = f"""
REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM PUBLIC, {WRITER}, {APPROVER}, {REGISTER};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM PUBLIC, {WRITER}, {APPROVER}, {REGISTER};
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {SCHEMA} FROM PUBLIC, {WRITER}, {APPROVER}, {REGISTER};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

GRANT USAGE ON SCHEMA {SCHEMA} TO {WRITER};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {SCHEMA} TO {WRITER};  -- search_query, and what triggers call
GRANT SELECT ON {SCHEMA}.schema_migrations TO {WRITER};         -- the app checks the schema's version

-- writers: drafts and everything in them
GRANT SELECT, DELETE,
      INSERT (text, networks, purpose, audience, status, created_by, updated_by, created_at, updated_at,
              deleted_at),
      UPDATE (text, networks, purpose, audience, status, updated_by, updated_at, deleted_at,
              review_requested_at, archived_at)
      ON {SCHEMA}.drafts TO {WRITER};
GRANT SELECT, INSERT, DELETE, UPDATE (text) ON {SCHEMA}.network_texts TO {WRITER};
GRANT SELECT, INSERT ON {SCHEMA}.draft_history TO {WRITER};
GRANT SELECT ON {SCHEMA}.settings TO {WRITER};
GRANT SELECT, INSERT, UPDATE (presence) ON {SCHEMA}.photos TO {WRITER};
GRANT SELECT, INSERT, DELETE, UPDATE (position, alt_text) ON {SCHEMA}.draft_photos TO {WRITER};
GRANT SELECT, INSERT, DELETE, UPDATE (x, y, width, height, mat) ON {SCHEMA}.crops TO {WRITER};
GRANT SELECT, INSERT, DELETE, UPDATE (description) ON {SCHEMA}.photo_people TO {WRITER};
GRANT SELECT, DELETE, INSERT (draft_id, network, published_at, link, recorded_at, recorded_by)
      ON {SCHEMA}.publications TO {WRITER};
GRANT SELECT, INSERT, DELETE ON {SCHEMA}.publication_photos TO {WRITER};
-- writers: the register as the consent check needs it, and a new person by name
GRANT SELECT (id, name, created_at, created_by, erased_at),
      INSERT (name, contact, birth_date, created_at, created_by)  -- a trigger refuses contact and birth date
      ON {SCHEMA}.people TO {WRITER};
GRANT SELECT ON {SCHEMA}.consent_records, {SCHEMA}.consent_events TO {WRITER};
-- writers: who else has a draft open (a trigger writes the login and the moment; one's own row only)
GRANT SELECT, INSERT (draft_id), UPDATE (seen_at), DELETE ON {SCHEMA}.presence TO {WRITER};
-- writers: planning and the return (issue 13): plans, one's own writing time, feedback, takedowns done
GRANT SELECT, INSERT, UPDATE (planned_for, planned_by, planned_at), DELETE ON {SCHEMA}.plans TO {WRITER};
GRANT SELECT, DELETE, INSERT (draft_id, author, writing_seconds, extra_seconds, note, updated_at),
      UPDATE (writing_seconds, extra_seconds, note, updated_at) ON {SCHEMA}.effort TO {WRITER};  -- own rows
GRANT SELECT, INSERT, UPDATE (comments, questions, suggestions, shares, likes, reach, note, recorded_at, recorded_by)
      ON {SCHEMA}.feedback TO {WRITER};
GRANT SELECT, UPDATE (done_at, done_by) ON {SCHEMA}.takedowns TO {WRITER};

-- approvers: the approval, and the house style
GRANT UPDATE (approved_by, approved_at, approved_hash) ON {SCHEMA}.drafts TO {APPROVER};
GRANT INSERT, UPDATE, DELETE ON {SCHEMA}.settings TO {APPROVER};

-- register keepers: the whole register
GRANT SELECT, INSERT (name, contact, birth_date, created_at, created_by),
      UPDATE (name, contact, birth_date, erased_at) ON {SCHEMA}.people TO {REGISTER};
GRANT INSERT (person_id, created_at, created_by) ON {SCHEMA}.consent_records TO {REGISTER};
GRANT INSERT (record_id, kind, effective_at, recorded_at, recorded_by, terms) ON {SCHEMA}.consent_events
      TO {REGISTER};
GRANT SELECT, INSERT (hash, ext, original_name, stored_at, data) ON {SCHEMA}.evidence TO {REGISTER};
GRANT DELETE ON {SCHEMA}.photos TO {REGISTER};  -- erasure: the photos a person is in
-- takedowns: open ones with a withdrawal; done ones (a local library moved) keep their recorded moment and name
GRANT INSERT (publication_id, person_id, created_at, done_at, done_by) ON {SCHEMA}.takedowns TO {REGISTER};
"""

_MAX_NAME_BYTES = 63  # PostgreSQL's identifiers


def create_roles(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """The group roles (``CREATEROLE`` needed); the administrator becomes a member of the owner role."""
    with conn.transaction():
        conn.execute(CREATE_ROLES)
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if not (superuser and superuser[0]):
            conn.execute(f"GRANT {OWNER} TO CURRENT_USER")


def grant_privileges(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Every privilege of :data:`PRIVILEGES`, from nothing, in one transaction (as the owner role)."""
    with conn.transaction():
        conn.execute(f"SET LOCAL ROLE {OWNER}")
        conn.execute(PRIVILEGES)


def check_login(login: str) -> None:
    """``ValueError`` for a name that cannot be a colleague's login."""
    if not login or len(login.encode("utf-8")) > _MAX_NAME_BYTES:
        raise ValueError(_("A login is 1 to {limit} bytes long: '{login}' is not.").format(
            limit=_MAX_NAME_BYTES, login=login))
    if login.startswith("pg_") or login in GROUPS or login.lower() in ("public", "postgres", "none"):
        raise ValueError(_("'{login}' is reserved by PostgreSQL or the team: choose another login.").format(
            login=login))
    if any(ord(ch) < 32 or ch in "\"\\" for ch in login):
        raise ValueError(_("A login has no control characters, quotes or backslashes: {login} has.").format(
            login=repr(login)))


def add_colleague(conn: psycopg.Connection[tuple[object, ...]], login: str, password: str,
                  *roles: str) -> None:
    """Create ``login`` with ``password``, a member of ``roles`` (keys of :data:`ROLES`; default writer).

    Only the password's SCRAM verifier is sent to the server (libpq computes
    it), so the password itself appears in no server log. Its
    ``search_path`` in this database is the team's schema.
    """
    from psycopg import sql

    check_login(login)
    if not password:
        raise ValueError("a colleague needs a password")
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValueError(f"unknown role {unknown[0]!r}: one of {', '.join(ROLES)}")
    groups = [ROLES[role] for role in dict.fromkeys(roles or ("writer",))]
    verifier = conn.pgconn.encrypt_password(password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256")
    database = conn.execute("SELECT current_database()").fetchone()
    with conn.transaction():
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(login), sql.Literal(verifier.decode("ascii")),
            sql.SQL(", ").join(sql.Identifier(group) for group in groups)))
        if database is not None:
            conn.execute(sql.SQL("ALTER ROLE {} IN DATABASE {} SET search_path = {}, pg_catalog").format(
                sql.Identifier(login), sql.Identifier(str(database[0])), sql.Identifier(SCHEMA)))


def set_roles(conn: psycopg.Connection[tuple[object, ...]], login: str, *roles: str) -> None:
    """Make ``login`` a member of exactly ``roles`` (keys of :data:`ROLES`)."""
    from psycopg import sql

    check_login(login)
    wanted = {ROLES[role] for role in roles}
    with conn.transaction():
        for group in (WRITER, APPROVER, REGISTER):
            verb = "GRANT {} TO {}" if group in wanted else "REVOKE {} FROM {}"
            conn.execute(sql.SQL(verb).format(sql.Identifier(group), sql.Identifier(login)))
