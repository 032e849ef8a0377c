"""The team database's schema: the SQLite migrations' numbers and names, each with its PostgreSQL 15 SQL.

One numbered list for both back ends (``composer/core/storage/schema.py``):
:data:`MIGRATIONS` holds, for every name there, the SQL that does the same
here, so the store's queries read the same tables and columns on either back
end. Never edit an applied migration: add the next name to ``schema.py``,
its SQLite code to ``migrations.py`` and its SQL here. :func:`migrate` applies
what is pending, each in its own transaction, as the schema's owner role,
and records it in ``schema_migrations``.

Longer than most modules (about 770 lines) for a reason: it is the schema
itself, mostly SQL text, one block per numbered migration; splitting it would
scatter one history over several files.

What differs from the SQLite file, on purpose:

- Everything lives in the schema ``composer`` (:data:`SCHEMA`), owned by the
  role ``composer_owner``; a connection sets ``search_path`` to it.
- Ids are ``bigint`` identities; every text column is ``COLLATE "C"``, so text
  sorts and compares byte by byte as SQLite's ``BINARY`` does (ISO dates as text
  sort as dates; ``<`` on them works), whatever the database's own collation.
- Photos and evidence scans keep their **bytes** in the row (``data bytea``),
  stored once by their sha256, which a trigger checks on the way in: every
  workstation can export them (issue 12, point 9).
- Full-text search is a ``tsvector`` column, ``drafts.search``, with a GIN
  index, kept by triggers from the text (and, from 0007, the networks' own
  versions), in two configurations with ``unaccent``: ``simple_unaccent``
  (every word as written, accents and case ignored: what FTS5's
  ``unicode61 remove_diacritics 2`` finds) and ``dutch_unaccent`` (Dutch
  stems too). ``search_query(text)`` turns what a person typed into a prefix
  query, every word required: ``d.search @@ (SELECT search_query(?))`` (a
  sub-select: computed once per query, never once per row). A text is
  indexed as far as its first 200,000 characters (a post has a few hundred).
- The team's rules are enforced here, whatever a client sends (issue 12,
  points 3-5): who wrote, edited, approved, imported or recorded something
  is ``session_user`` (the login), never a value the client gives; only
  approvers approve, never a draft they created or last edited, and any
  later edit of the text, the networks or a network's own version voids the
  approval; consent events can never be changed or deleted, not even by the
  owner; only register keepers record contact details or dates of birth; a
  draft is deleted only from the trash; a publication is taken out of the log
  only by whoever recorded it or a register keeper. Who may read and write
  what (the grants) is ``roles.py``; a trigger refuses with SQLSTATE
  ``42501`` (insufficient privilege, as a missing grant does) and the rule's
  name as the error's constraint name (``psycopg``:
  ``error.diag.constraint_name``), see :data:`RULES`; bytes that do not match
  their hash are ``23514`` (check violation).
- A draft's ``revision`` is moved on by a trigger (0009), as on SQLite; nobody
  writes it by hand. From 0010 the tables a colleague's window shows notify
  the channel ``composer`` (``listening.py``), and ``presence`` says who has
  which draft open (each login writes only its own row; the moment is the server's).
- Indexes the drafts list needs on PostgreSQL (``drafts_list``: the first
  page in order, without sorting every draft) are added beside SQLite's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.core.storage.schema import MIGRATIONS as NAMES

if TYPE_CHECKING:
    import psycopg

#: The schema that holds the team database's tables, and the role that owns them.
SCHEMA = "composer"
OWNER = "composer_owner"
#: Where the schema's version is kept: one row per migration applied.
VERSIONS_TABLE = "schema_migrations"
#: ``SET search_path`` for every function: our schema, the catalogue, and temporary objects last (never first).
_PATH = "SET search_path = composer, pg_catalog, pg_temp"

#: The rules the database enforces, by the constraint name its error carries, and what each says.
RULES: dict[str, str] = {
    "approval_by_approver": "only a colleague with the approver role approves a draft",
    "approval_not_own_draft": "nobody approves a draft they created or last edited",
    "approval_not_with_edit": "a draft is approved as it is stored, not while it is being changed",
    "consent_events_append_only": "consent history is append-only: an event is never changed or deleted",
    "people_contact_by_register_keeper": "only register keepers record contact details and dates of birth",
    "drafts_delete_from_trash": "a draft is deleted for good only from the trash",
    "publications_unmark_own": "a publication leaves the log only by whoever recorded it or a register keeper",
    "photos_content_address": "a stored photo's hash is the sha256 of its bytes",
    "evidence_content_address": "a stored evidence file's hash is the sha256 of its bytes",
    "effort_own": "a colleague's measured writing time is theirs alone to change",
    "takedowns_done_stays": "a takedown once done stays done: it is the library's proof that it acted",
}

_0001_INITIAL = f"""
CREATE FUNCTION iso_now() RETURNS text LANGUAGE sql VOLATILE {_PATH}
    RETURN to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
COMMENT ON FUNCTION iso_now() IS 'Now as the app writes moments: UTC ISO with microseconds, sortable as text.';

CREATE TABLE drafts (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    text text COLLATE "C" NOT NULL DEFAULT '',
    networks text COLLATE "C" NOT NULL DEFAULT '[]',
    purpose text COLLATE "C",
    audience text COLLATE "C",
    status text COLLATE "C" NOT NULL DEFAULT 'draft',
    created_by text COLLATE "C" NOT NULL DEFAULT '',
    updated_by text COLLATE "C" NOT NULL DEFAULT '',
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted_at text COLLATE "C",
    search tsvector                          -- NULL: to be (re)computed by the trigger drafts_3_search
);
CREATE TABLE network_texts (
    draft_id bigint NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    network text COLLATE "C" NOT NULL,
    text text COLLATE "C" NOT NULL,
    PRIMARY KEY (draft_id, network)
);
CREATE TABLE settings (key text COLLATE "C" PRIMARY KEY, value text COLLATE "C" NOT NULL);

-- Full-text search: two configurations with unaccent, wherever the extension lives.
CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = pg_catalog.simple);
CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch);
DO $$
DECLARE
    place text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                   WHERE e.extname = 'unaccent');
BEGIN
    IF place IS NULL THEN
        RAISE EXCEPTION 'the unaccent extension is missing'
            USING HINT = 'As the database owner: CREATE EXTENSION unaccent (Debian: in the postgresql package)';
    END IF;
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION composer.simple_unaccent ALTER MAPPING FOR'
                   ' word, hword, hword_part, numword, numhword, hword_numpart WITH %I.unaccent, simple', place);
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION composer.dutch_unaccent ALTER MAPPING FOR'
                   ' word, hword, hword_part WITH %I.unaccent, dutch_stem', place);
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION composer.dutch_unaccent ALTER MAPPING FOR'
                   ' numword, numhword, hword_numpart WITH %I.unaccent, simple', place);
END $$;

-- FTS5's unicode61 splits words at every punctuation mark; PostgreSQL's parser would keep
-- www.kmska.be or a@b.be whole: ASCII punctuation becomes a space first, in the text and the query.
CREATE FUNCTION search_words(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE {_PATH}
    RETURN translate(body, '!"#$%&''()*+,-./:;<=>?@[\\]^_`{{|}}~', repeat(' ', 32));

-- search_document has a subtransaction inside: not PARALLEL SAFE.
CREATE FUNCTION search_document(body text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE {_PATH} AS $$
DECLARE
    words text := composer.search_words(left(coalesce(body, ''), 200000));  -- a post is a few hundred characters
BEGIN
    IF length(words) > 50000 THEN  -- a tsvector holds at most 1 MB: a giant paste is indexed as far as fits
        BEGIN
            RETURN strip(to_tsvector('composer.simple_unaccent', words)
                         || to_tsvector('composer.dutch_unaccent', words));
        EXCEPTION WHEN program_limit_exceeded THEN
            words := left(words, 50000);
        END;
    END IF;
    RETURN strip(to_tsvector('composer.simple_unaccent', words) || to_tsvector('composer.dutch_unaccent', words));
END $$;

-- A lexeme as a prefix query (quotes and backslashes doubled, as tsquery's input wants them).
CREATE FUNCTION prefix_query(lexeme text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE {_PATH}
    RETURN ('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*')::tsquery;

-- What a person typed as a query: every word must begin a word of the draft (accents and case ignored),
-- as written or, in Dutch, by its stem. NULL when there is no word.
CREATE FUNCTION search_query(typed text) RETURNS tsquery LANGUAGE plpgsql STABLE PARALLEL SAFE {_PATH} AS $$
DECLARE
    wanted tsquery;
    term tsquery;
    word text;
    stem text[];
BEGIN
    FOR word IN SELECT lexeme FROM unnest(to_tsvector('composer.simple_unaccent',
                                                      composer.search_words(coalesce(typed, '')))) LOOP
        term := composer.prefix_query(word);
        stem := ts_lexize('dutch_stem', word);
        IF stem IS NOT NULL AND cardinality(stem) = 1 AND stem[1] <> word THEN
            term := term || composer.prefix_query(stem[1]);
        END IF;
        wanted := CASE WHEN wanted IS NULL THEN term ELSE wanted && term END;
    END LOOP;
    RETURN wanted;
END $$;

CREATE FUNCTION draft_document(draft bigint, body text) RETURNS tsvector LANGUAGE sql STABLE {_PATH}
    RETURN composer.search_document(body);

CREATE INDEX drafts_search ON drafts USING gin (search);

-- Who wrote and who last edited a draft: the login, whatever the client sends.
CREATE FUNCTION drafts_authors() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := session_user;
        NEW.updated_by := session_user;
    ELSE
        NEW.created_by := OLD.created_by;
        IF (NEW.text, NEW.networks, NEW.purpose, NEW.audience, NEW.updated_by)
                IS DISTINCT FROM (OLD.text, OLD.networks, OLD.purpose, OLD.audience, OLD.updated_by) THEN
            NEW.updated_by := session_user;  -- an edit, or a client saying it edited: it was this login
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER drafts_1_authors BEFORE INSERT OR UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION drafts_authors();

CREATE FUNCTION drafts_search() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.text IS DISTINCT FROM OLD.text OR NEW.search IS NULL THEN
        NEW.search := composer.draft_document(NEW.id, NEW.text);
    ELSIF NEW.search IS DISTINCT FROM OLD.search THEN
        NEW.search := OLD.search;  -- only the triggers write it
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER drafts_3_search BEFORE INSERT OR UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION drafts_search();

-- Editing a network's own version is editing the draft. SECURITY DEFINER: it writes columns
-- (and, from 0003, the approval) a writer may not write by hand.
CREATE FUNCTION network_text_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.draft_id, NEW.network, NEW.text) IS NOT DISTINCT FROM
                            (OLD.draft_id, OLD.network, OLD.text) THEN
        RETURN NULL;
    END IF;
    UPDATE composer.drafts SET updated_by = session_user
        WHERE id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.draft_id END,
                     CASE WHEN TG_OP <> 'DELETE' THEN NEW.draft_id END);
    RETURN NULL;
END $$;
CREATE TRIGGER network_texts_changed AFTER INSERT OR UPDATE OR DELETE ON network_texts
    FOR EACH ROW EXECUTE FUNCTION network_text_changed();

-- Deleting for good only what is in the trash (the trash empties itself after 30 days).
CREATE FUNCTION drafts_delete_from_trash() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF OLD.deleted_at IS NULL THEN
        RAISE EXCEPTION 'draft % is not in the trash: a draft is deleted for good only from the trash', OLD.id
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'drafts_delete_from_trash';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER drafts_delete_from_trash BEFORE DELETE ON drafts
    FOR EACH ROW EXECUTE FUNCTION drafts_delete_from_trash();
"""

_0002_HISTORY = f"""
CREATE TABLE draft_history (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    draft_id bigint NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    saved_at text COLLATE "C" NOT NULL,
    saved_by text COLLATE "C" NOT NULL,
    content text COLLATE "C" NOT NULL
);
CREATE INDEX draft_history_draft ON draft_history(draft_id, saved_at);
CREATE INDEX drafts_recent ON drafts(deleted_at, updated_at);
-- PostgreSQL only: the drafts list's first page read from an index in its order (no sort of every draft).
CREATE INDEX drafts_list ON drafts(updated_at DESC, id DESC) WHERE deleted_at IS NULL;

-- A snapshot keeps the version being replaced: its author is the draft's last editor as stored now. A client
-- may also keep a text of its own (a conflict's other side) under its own login; any other name is replaced.
CREATE FUNCTION draft_history_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
DECLARE
    last_editor text := (SELECT d.updated_by FROM composer.drafts d WHERE d.id = NEW.draft_id);
BEGIN
    IF NEW.saved_by IS DISTINCT FROM session_user::text AND NEW.saved_by IS DISTINCT FROM last_editor THEN
        NEW.saved_by := coalesce(last_editor, session_user);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER draft_history_author BEFORE INSERT ON draft_history
    FOR EACH ROW EXECUTE FUNCTION draft_history_author();
"""

_0003_APPROVAL = f"""
ALTER TABLE drafts ADD COLUMN approved_by text COLLATE "C",
                   ADD COLUMN approved_at text COLLATE "C",
                   ADD COLUMN approved_hash text COLLATE "C";

-- Approving: only an approver, never on a draft they created or last edited, as the login, now.
-- An edit of the text or the networks voids the approval (its hash goes; who and when stay, so the
-- checklist can say "changed since X approved it", as on SQLite).
CREATE FUNCTION drafts_approval() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
DECLARE
    edited boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN  -- a new draft is never approved (that would be approving one's own)
        NEW.approved_by := NULL;
        NEW.approved_at := NULL;
        NEW.approved_hash := NULL;
        RETURN NEW;
    END IF;
    edited := (NEW.text, NEW.networks) IS DISTINCT FROM (OLD.text, OLD.networks);
    IF (NEW.approved_by, NEW.approved_at, NEW.approved_hash)
            IS NOT DISTINCT FROM (OLD.approved_by, OLD.approved_at, OLD.approved_hash) THEN
        IF edited THEN
            NEW.approved_hash := NULL;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.approved_hash IS NULL THEN  -- an approval withdrawn or voided
        NEW.approved_by := OLD.approved_by;
        NEW.approved_at := OLD.approved_at;
        RETURN NEW;
    END IF;
    IF edited THEN
        RAISE EXCEPTION 'a draft is approved as it is stored, not in the statement that changes it'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'approval_not_with_edit';
    END IF;
    IF NOT pg_has_role(session_user, 'composer_approver', 'MEMBER') THEN
        RAISE EXCEPTION '% may not approve drafts: only colleagues with the approver role do', session_user
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'approval_by_approver';
    END IF;
    IF session_user::text IN (OLD.created_by, OLD.updated_by) THEN
        RAISE EXCEPTION '% created or last edited draft %: another approver approves it', session_user, OLD.id
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'approval_not_own_draft';
    END IF;
    NEW.approved_by := session_user;
    NEW.approved_at := composer.iso_now();
    RETURN NEW;
END $$;
CREATE TRIGGER drafts_2_approval BEFORE INSERT OR UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION drafts_approval();

CREATE OR REPLACE FUNCTION network_text_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.draft_id, NEW.network, NEW.text) IS NOT DISTINCT FROM
                            (OLD.draft_id, OLD.network, OLD.text) THEN
        RETURN NULL;
    END IF;
    UPDATE composer.drafts SET updated_by = session_user, approved_hash = NULL
        WHERE id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.draft_id END,
                     CASE WHEN TG_OP <> 'DELETE' THEN NEW.draft_id END);
    RETURN NULL;
END $$;
"""

_0004_PHOTOS_CONSENT = f"""
CREATE TABLE photos (
    hash text COLLATE "C" PRIMARY KEY,         -- sha256 of the original file's bytes
    ext text COLLATE "C" NOT NULL,
    format text COLLATE "C" NOT NULL,          -- JPEG, PNG, WEBP, GIF, HEIF
    width integer NOT NULL,
    height integer NOT NULL,
    original_name text COLLATE "C" NOT NULL DEFAULT '',
    imported_at text COLLATE "C" NOT NULL,
    imported_by text COLLATE "C" NOT NULL DEFAULT '',
    data bytea NOT NULL                        -- the file itself, stored once (every workstation exports it)
);
CREATE TABLE draft_photos (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    draft_id bigint NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    photo_hash text COLLATE "C" NOT NULL REFERENCES photos(hash),
    position integer NOT NULL,
    alt_text text COLLATE "C" NOT NULL DEFAULT '',
    presence text COLLATE "C" CHECK (presence IN ('nobody', 'atmosphere', 'people'))
);
CREATE INDEX draft_photos_draft ON draft_photos(draft_id, position);
CREATE TABLE people (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text COLLATE "C" NOT NULL,
    contact text COLLATE "C" NOT NULL DEFAULT '',
    birth_date text COLLATE "C",
    created_at text COLLATE "C" NOT NULL,
    created_by text COLLATE "C" NOT NULL DEFAULT '',
    erased_at text COLLATE "C"
);
CREATE TABLE photo_people (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    draft_photo_id bigint NOT NULL REFERENCES draft_photos(id) ON DELETE CASCADE,
    person_id bigint NOT NULL REFERENCES people(id),
    description text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE evidence (
    hash text COLLATE "C" PRIMARY KEY,         -- sha256 of the scan or PDF
    ext text COLLATE "C" NOT NULL,
    original_name text COLLATE "C" NOT NULL DEFAULT '',
    stored_at text COLLATE "C" NOT NULL,
    data bytea NOT NULL                        -- the scan itself: register keepers only
);
CREATE TABLE consent_records (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES people(id),
    created_at text COLLATE "C" NOT NULL,
    created_by text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE consent_events (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    record_id bigint NOT NULL REFERENCES consent_records(id),
    kind text COLLATE "C" NOT NULL CHECK (kind IN ('granted', 'refused', 'amended', 'withdrawn', 'refreshed')),
    effective_at text COLLATE "C" NOT NULL,
    recorded_at text COLLATE "C" NOT NULL,
    recorded_by text COLLATE "C" NOT NULL,
    terms text COLLATE "C" NOT NULL            -- JSON: every field of the record as of this event
);
CREATE INDEX consent_events_record ON consent_events(record_id, effective_at);
CREATE INDEX consent_records_person ON consent_records(person_id);

-- Content addressing, checked where the bytes arrive (not on every update of the row).
CREATE FUNCTION content_address() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF NEW.hash IS DISTINCT FROM encode(sha256(NEW.data), 'hex') THEN
        RAISE EXCEPTION 'the hash % is not the sha256 of the bytes stored with it', NEW.hash
            USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_content_address';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER photos_content_address BEFORE INSERT OR UPDATE OF hash, data ON photos
    FOR EACH ROW EXECUTE FUNCTION content_address();
CREATE TRIGGER evidence_content_address BEFORE INSERT OR UPDATE OF hash, data ON evidence
    FOR EACH ROW EXECUTE FUNCTION content_address();

-- Who imported a photo, added a person, opened a record, recorded an event: the login, whatever is sent.
CREATE FUNCTION photos_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.imported_by := CASE WHEN TG_OP = 'INSERT' THEN session_user ELSE OLD.imported_by END;
    RETURN NEW;
END $$;
CREATE TRIGGER photos_author BEFORE INSERT OR UPDATE ON photos FOR EACH ROW EXECUTE FUNCTION photos_author();

CREATE FUNCTION people_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.created_by := CASE WHEN TG_OP = 'INSERT' THEN session_user ELSE OLD.created_by END;
    IF (NEW.contact <> '' OR NEW.birth_date IS NOT NULL)
            AND (TG_OP = 'INSERT' OR (NEW.contact, NEW.birth_date) IS DISTINCT FROM (OLD.contact, OLD.birth_date))
            AND NOT pg_has_role(session_user, 'composer_register', 'MEMBER') THEN
        RAISE EXCEPTION 'only register keepers record contact details and dates of birth'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'people_contact_by_register_keeper',
                  HINT = 'Add the person by name; a register keeper completes the record.';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER people_author BEFORE INSERT OR UPDATE ON people FOR EACH ROW EXECUTE FUNCTION people_author();

CREATE FUNCTION consent_records_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.created_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER consent_records_author BEFORE INSERT ON consent_records
    FOR EACH ROW EXECUTE FUNCTION consent_records_author();

CREATE FUNCTION consent_events_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.recorded_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER consent_events_author BEFORE INSERT ON consent_events
    FOR EACH ROW EXECUTE FUNCTION consent_events_author();

-- Append-only for everyone, the owner and the register keepers included (no grant allows it either).
CREATE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    RAISE EXCEPTION 'consent history is append-only: % of a consent event refused', lower(TG_OP)
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'consent_events_append_only',
              HINT = 'Record a new event (amended, refreshed, withdrawn) instead.';
END $$;
CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
    FOR EACH ROW EXECUTE FUNCTION consent_events_append_only();
CREATE TRIGGER consent_events_append_only_truncate BEFORE TRUNCATE ON consent_events
    FOR EACH STATEMENT EXECUTE FUNCTION consent_events_append_only();
"""

_0005_EXPORT = f"""
CREATE TABLE crops (
    draft_photo_id bigint NOT NULL REFERENCES draft_photos(id) ON DELETE CASCADE,
    network text COLLATE "C" NOT NULL,
    x double precision NOT NULL, y double precision NOT NULL,
    width double precision NOT NULL, height double precision NOT NULL,
    PRIMARY KEY (draft_photo_id, network)
);
CREATE TABLE publications (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    draft_id bigint NOT NULL REFERENCES drafts(id),
    network text COLLATE "C" NOT NULL,
    published_at text COLLATE "C" NOT NULL,
    link text COLLATE "C" NOT NULL DEFAULT '',
    recorded_at text COLLATE "C" NOT NULL,
    recorded_by text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE publication_photos (
    publication_id bigint NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    photo_hash text COLLATE "C" NOT NULL,
    position integer NOT NULL
);
CREATE INDEX publications_network ON publications(network, published_at);
CREATE INDEX publications_draft ON publications(draft_id);
CREATE INDEX publication_photos_publication ON publication_photos(publication_id);

CREATE FUNCTION publications_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.recorded_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER publications_author BEFORE INSERT ON publications
    FOR EACH ROW EXECUTE FUNCTION publications_author();

-- The log is what a withdrawal turns into takedowns: a mark leaves it only by its author or a register keeper.
CREATE FUNCTION may_unmark(author text) RETURNS boolean LANGUAGE sql STABLE {_PATH}
    RETURN author IS NULL OR author = session_user::text OR pg_has_role(session_user, 'composer_register', 'MEMBER');

CREATE FUNCTION publications_unmark() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
DECLARE
    author text := CASE WHEN TG_TABLE_NAME = 'publications' THEN to_jsonb(OLD) ->> 'recorded_by'
                        ELSE (SELECT p.recorded_by FROM composer.publications p
                              WHERE p.id = (to_jsonb(OLD) ->> 'publication_id')::bigint) END;
BEGIN
    IF NOT composer.may_unmark(author) THEN  -- (a publication_photos row whose publication is gone: its cascade)
        RAISE EXCEPTION '% recorded this publication: only they or a register keeper take it out of the log', author
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'publications_unmark_own';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER publications_unmark BEFORE DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION publications_unmark();
CREATE TRIGGER publication_photos_unmark BEFORE DELETE ON publication_photos
    FOR EACH ROW EXECUTE FUNCTION publications_unmark();
"""

_0006_PEOPLE_OF_STORED_PHOTOS = """
ALTER TABLE photos ADD COLUMN presence text COLLATE "C" CHECK (presence IN ('nobody', 'atmosphere', 'people'));

-- The most cautious answer any use gave: recognisable people, then atmosphere, then nobody.
UPDATE photos p SET presence = answer.presence
FROM (SELECT photo_hash,
             (ARRAY['nobody', 'atmosphere', 'people'])[max(array_position(ARRAY['nobody', 'atmosphere', 'people'],
                                                                          presence::text))] AS presence
      FROM draft_photos WHERE presence IS NOT NULL GROUP BY photo_hash) AS answer
WHERE p.hash = answer.photo_hash;

-- Every use's people, once per (photo, person), in the order first linked; their distinct descriptions joined.
ALTER TABLE photo_people RENAME TO photo_people_0005;
ALTER INDEX photo_people_pkey RENAME TO photo_people_0005_pkey;
CREATE TABLE photo_people (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,   -- the order people were linked in
    photo_hash text COLLATE "C" NOT NULL REFERENCES photos(hash) ON DELETE CASCADE,
    person_id bigint NOT NULL REFERENCES people(id),
    description text COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (photo_hash, person_id)
);
CREATE INDEX photo_people_person ON photo_people(person_id);
INSERT INTO photo_people (photo_hash, person_id, description)
WITH links AS (
    SELECT dp.photo_hash, pp.person_id, pp.id, pp.description
    FROM photo_people_0005 pp JOIN draft_photos dp ON dp.id = pp.draft_photo_id
), described AS (
    SELECT photo_hash, person_id, description, min(id) AS first_id FROM links
    WHERE btrim(description, E' \\t\\n\\r\\f') <> '' GROUP BY photo_hash, person_id, description
)
SELECT l.photo_hash, l.person_id,
       coalesce((SELECT string_agg(d.description, '; ' ORDER BY d.first_id) FROM described d
                 WHERE d.photo_hash = l.photo_hash AND d.person_id = l.person_id), '')
FROM links l GROUP BY l.photo_hash, l.person_id ORDER BY min(l.id);
DROP TABLE photo_people_0005;
ALTER TABLE draft_photos DROP COLUMN presence;
"""

_0007_SEARCH_VERSIONS = f"""
-- Search finds a word that is only in a network's own version: the document is the text and every version.
CREATE OR REPLACE FUNCTION draft_document(draft bigint, body text) RETURNS tsvector LANGUAGE sql STABLE {_PATH}
    RETURN composer.search_document(body)
           || composer.search_document((SELECT string_agg(n.text, E'\\n' ORDER BY n.network)
                                        FROM composer.network_texts n WHERE n.draft_id = draft));

CREATE OR REPLACE FUNCTION network_text_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {_PATH} AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.draft_id, NEW.network, NEW.text) IS NOT DISTINCT FROM
                            (OLD.draft_id, OLD.network, OLD.text) THEN
        RETURN NULL;
    END IF;
    UPDATE composer.drafts SET updated_by = session_user, approved_hash = NULL, search = NULL
        WHERE id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.draft_id END,
                     CASE WHEN TG_OP <> 'DELETE' THEN NEW.draft_id END);
    RETURN NULL;
END $$;

UPDATE drafts SET search = NULL;  -- the trigger drafts_3_search computes it anew
"""

_0008_CROP_MATS = """
ALTER TABLE crops ADD COLUMN mat text COLLATE "C" CHECK (mat IS NULL OR mat ~ '^#[0-9a-f]{6}$');
"""

_0009_DRAFT_REVISIONS = f"""
-- A draft's revision moves on with every change of what its author wrote (the text, the networks, the purpose,
-- the audience, the moment of the last edit, a network's own version: network_text_changed sets search to
-- NULL); an approval, a status, the trash do not move it. Nobody writes it by hand (no grant).
ALTER TABLE drafts ADD COLUMN revision bigint NOT NULL DEFAULT 1;

CREATE FUNCTION drafts_revision() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.revision := 1;
    ELSIF (NEW.text, NEW.networks, NEW.purpose, NEW.audience, NEW.updated_at)
            IS DISTINCT FROM (OLD.text, OLD.networks, OLD.purpose, OLD.audience, OLD.updated_at)
          OR (NEW.search IS NULL AND OLD.search IS NOT NULL) THEN
        NEW.revision := OLD.revision + 1;
    ELSE
        NEW.revision := OLD.revision;
    END IF;
    RETURN NEW;
END $$;
-- After drafts_2_approval, before drafts_3_search (which fills search in again): triggers run in name order.
CREATE TRIGGER drafts_2_revision BEFORE INSERT OR UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION drafts_revision();
"""

_0010_LIVE = f"""
-- Live (issue 12, point 6): every change a colleague's window must show is told on the channel 'composer' as a
-- small JSON object: {{"table": ..., "op": "insert|update|delete", "id": ..., "draft_id": ..., "by": login}}
-- (id: the row's key, a photo's hash or a setting's key as text; draft_id where the row belongs to a draft).
-- A notification is sent when the transaction commits, never for one rolled back; identical ones in one
-- transaction arrive once.
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
DECLARE
    row_ record;
    key text;
    draft bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_ := OLD;
    ELSE
        row_ := NEW;
    END IF;
    IF TG_TABLE_NAME = 'drafts' THEN
        key := row_.id::text; draft := row_.id;
    ELSIF TG_TABLE_NAME IN ('draft_photos', 'publications') THEN
        key := row_.id::text; draft := row_.draft_id;
    ELSIF TG_TABLE_NAME = 'photos' THEN
        key := row_.hash;
    ELSIF TG_TABLE_NAME = 'photo_people' THEN
        key := row_.photo_hash;
    ELSIF TG_TABLE_NAME = 'crops' THEN
        key := row_.draft_photo_id::text;
        draft := (SELECT dp.draft_id FROM composer.draft_photos dp WHERE dp.id = row_.draft_photo_id);
    ELSIF TG_TABLE_NAME = 'consent_events' THEN
        key := row_.record_id::text;
    ELSIF TG_TABLE_NAME = 'settings' THEN
        key := row_.key;
    ELSIF TG_TABLE_NAME = 'presence' THEN
        key := row_.login; draft := row_.draft_id;
    ELSE
        key := row_.id::text;
    END IF;
    PERFORM pg_notify('composer', json_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP), 'id', key,
                                                    'draft_id', draft, 'by', session_user::text)::text);
    RETURN NULL;
END $$;

CREATE TRIGGER drafts_notify AFTER INSERT OR UPDATE OR DELETE ON drafts
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER draft_photos_notify AFTER INSERT OR UPDATE OR DELETE ON draft_photos
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER crops_notify AFTER INSERT OR UPDATE OR DELETE ON crops
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER photos_notify AFTER INSERT OR UPDATE OR DELETE ON photos
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER photo_people_notify AFTER INSERT OR UPDATE OR DELETE ON photo_people
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER people_notify AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER consent_records_notify AFTER INSERT ON consent_records
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER consent_events_notify AFTER INSERT ON consent_events
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER publications_notify AFTER INSERT OR UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER settings_notify AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION notify_change();

-- Who has which draft open (issue 12, point 7): a window writes its row every 30 seconds while a draft is open
-- and deletes it on closing; a row not seen for 90 seconds is a window that went away. The login and the moment
-- are the server's, whatever the client sends; nobody touches a colleague's row.
CREATE TABLE presence (
    login text COLLATE "C" NOT NULL DEFAULT session_user,
    draft_id bigint NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    seen_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (draft_id, login)
);

CREATE FUNCTION presence_own() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.login <> session_user::text THEN
            RETURN NULL;  -- a colleague's row stays (it goes by itself once not seen for a while)
        END IF;
        RETURN OLD;
    END IF;
    NEW.login := session_user;
    NEW.seen_at := clock_timestamp();
    RETURN NEW;
END $$;
CREATE TRIGGER presence_own BEFORE INSERT OR UPDATE OR DELETE ON presence
    FOR EACH ROW EXECUTE FUNCTION presence_own();
-- Told when someone opens or closes a draft, not at every sign of life (an update).
CREATE TRIGGER presence_notify AFTER INSERT OR DELETE ON presence
    FOR EACH ROW EXECUTE FUNCTION notify_change();
"""

_0011_PLANNING = f"""
-- Planning and return (issue 13). As on SQLite; who planned, wrote, recorded feedback or did a takedown is the
-- login, and a colleague's measured writing time is theirs alone to change.
ALTER TABLE drafts ADD COLUMN review_requested_at text COLLATE "C",
                   ADD COLUMN archived_at text COLLATE "C";

CREATE TABLE plans (
    draft_id bigint NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    network text COLLATE "C" NOT NULL,
    planned_for text COLLATE "C" NOT NULL,
    planned_by text COLLATE "C" NOT NULL DEFAULT '',
    planned_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (draft_id, network)
);
CREATE INDEX plans_when ON plans(planned_for);

CREATE TABLE effort (
    draft_id bigint NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    author text COLLATE "C" NOT NULL DEFAULT session_user,
    writing_seconds integer NOT NULL DEFAULT 0 CHECK (writing_seconds >= 0),
    extra_seconds integer NOT NULL DEFAULT 0,
    note text COLLATE "C" NOT NULL DEFAULT '',
    updated_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (draft_id, author)
);

CREATE TABLE feedback (
    publication_id bigint PRIMARY KEY REFERENCES publications(id) ON DELETE CASCADE,
    comments integer NOT NULL DEFAULT 0 CHECK (comments >= 0),
    questions integer NOT NULL DEFAULT 0 CHECK (questions >= 0),
    suggestions integer NOT NULL DEFAULT 0 CHECK (suggestions >= 0),
    shares integer NOT NULL DEFAULT 0 CHECK (shares >= 0),
    likes integer NOT NULL DEFAULT 0 CHECK (likes >= 0),
    reach integer CHECK (reach IS NULL OR reach >= 0),
    note text COLLATE "C" NOT NULL DEFAULT '',
    recorded_at text COLLATE "C" NOT NULL,
    recorded_by text COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE takedowns (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    publication_id bigint NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    person_id bigint NOT NULL REFERENCES people(id),
    created_at text COLLATE "C" NOT NULL,
    done_at text COLLATE "C",
    done_by text COLLATE "C",
    UNIQUE (publication_id, person_id)
);

CREATE FUNCTION plans_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.planned_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER plans_author BEFORE INSERT OR UPDATE ON plans FOR EACH ROW EXECUTE FUNCTION plans_author();

CREATE FUNCTION feedback_author() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    NEW.recorded_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER feedback_author BEFORE INSERT OR UPDATE ON feedback FOR EACH ROW EXECUTE FUNCTION feedback_author();

-- One's own writing time only: the row is the login's, whatever the client names. A draft deleted for good (from
-- the trash) takes everyone's time with it: the cascade finds the draft gone.
CREATE FUNCTION effort_own() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.author := session_user;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM composer.drafts d WHERE d.id = OLD.draft_id) THEN
        RETURN OLD;
    END IF;
    IF OLD.author <> session_user::text THEN
        RAISE EXCEPTION '% may not change the time % spent on a draft', session_user, OLD.author
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'effort_own';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.author := OLD.author;
    RETURN NEW;
END $$;
CREATE TRIGGER effort_own BEFORE INSERT OR UPDATE OR DELETE ON effort FOR EACH ROW EXECUTE FUNCTION effort_own();

-- A takedown is done by the login, now; once done it stays done (the library's proof that it acted). A new
-- takedown is open (register keepers insert them, with a withdrawal), except one a register keeper inserts
-- already done: it keeps the moment and the name it was recorded with. That is how a local library's proof
-- moves into the team (team move-local): the least bad of the choices, since resetting it would lose the
-- proof and stamping the mover's login and today would falsify it; a register keeper is trusted with the
-- register already. Who did it is then required.
CREATE FUNCTION takedowns_done() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.done_at IS NOT NULL THEN
        RAISE EXCEPTION 'a takedown once done stays done'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'takedowns_done_stays';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.done_at IS NULL OR (TG_OP = 'INSERT' AND NOT pg_has_role(session_user, 'composer_register', 'MEMBER'))
    THEN
        NEW.done_at := NULL;
        NEW.done_by := NULL;
    ELSIF TG_OP = 'INSERT' THEN
        IF coalesce(NEW.done_by, '') = '' THEN
            RAISE EXCEPTION 'a takedown recorded as done says who did it' USING ERRCODE = 'check_violation';
        END IF;
    ELSE
        NEW.done_by := session_user;
        NEW.done_at := composer.iso_now();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER takedowns_done BEFORE INSERT OR UPDATE OR DELETE ON takedowns
    FOR EACH ROW EXECUTE FUNCTION takedowns_done();

CREATE OR REPLACE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql {_PATH} AS $$
DECLARE
    row_ record;
    key text;
    draft bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_ := OLD;
    ELSE
        row_ := NEW;
    END IF;
    IF TG_TABLE_NAME = 'drafts' THEN
        key := row_.id::text; draft := row_.id;
    ELSIF TG_TABLE_NAME IN ('draft_photos', 'publications') THEN
        key := row_.id::text; draft := row_.draft_id;
    ELSIF TG_TABLE_NAME = 'photos' THEN
        key := row_.hash;
    ELSIF TG_TABLE_NAME = 'photo_people' THEN
        key := row_.photo_hash;
    ELSIF TG_TABLE_NAME = 'crops' THEN
        key := row_.draft_photo_id::text;
        draft := (SELECT dp.draft_id FROM composer.draft_photos dp WHERE dp.id = row_.draft_photo_id);
    ELSIF TG_TABLE_NAME = 'consent_events' THEN
        key := row_.record_id::text;
    ELSIF TG_TABLE_NAME = 'settings' THEN
        key := row_.key;
    ELSIF TG_TABLE_NAME = 'presence' THEN
        key := row_.login; draft := row_.draft_id;
    ELSIF TG_TABLE_NAME = 'plans' THEN
        key := row_.network; draft := row_.draft_id;
    ELSIF TG_TABLE_NAME IN ('feedback', 'takedowns') THEN
        key := row_.publication_id::text;
        draft := (SELECT p.draft_id FROM composer.publications p WHERE p.id = row_.publication_id);
    ELSE
        key := row_.id::text;
    END IF;
    PERFORM pg_notify('composer', json_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP), 'id', key,
                                                    'draft_id', draft, 'by', session_user::text)::text);
    RETURN NULL;
END $$;
CREATE TRIGGER plans_notify AFTER INSERT OR UPDATE OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER feedback_notify AFTER INSERT OR UPDATE OR DELETE ON feedback
    FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER takedowns_notify AFTER INSERT OR UPDATE OR DELETE ON takedowns
    FOR EACH ROW EXECUTE FUNCTION notify_change();
"""

#: The SQL of every migration, by the name the SQLite list gives it (``schema.MIGRATIONS``), in order.
MIGRATIONS: dict[str, str] = dict(zip(NAMES, (
    _0001_INITIAL, _0002_HISTORY, _0003_APPROVAL, _0004_PHOTOS_CONSENT, _0005_EXPORT,
    _0006_PEOPLE_OF_STORED_PHOTOS, _0007_SEARCH_VERSIONS, _0008_CROP_MATS, _0009_DRAFT_REVISIONS,
    _0010_LIVE, _0011_PLANNING), strict=True))

#: The schema's version once every migration is applied; ``schema_migrations`` holds one row per version.
SCHEMA_VERSION = len(MIGRATIONS)

_VERSIONS = f"""
CREATE TABLE IF NOT EXISTS {SCHEMA}.{VERSIONS_TABLE} (
    version integer PRIMARY KEY,
    name text COLLATE "C" NOT NULL UNIQUE,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text COLLATE "C" NOT NULL DEFAULT session_user
)"""


class SchemaMismatchError(RuntimeError):
    """The database records migrations this code does not know (a newer Post Composer made it), or
    this code's list of migrations does not match SQLite's."""


def applied_migrations(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """The names of the migrations applied to the database, in order ([] before the first)."""
    found = conn.execute("SELECT to_regclass(%s)", [f"{SCHEMA}.{VERSIONS_TABLE}"]).fetchone()
    if found is None or found[0] is None:
        return []
    return [str(name) for (name,) in conn.execute(f"SELECT name FROM {SCHEMA}.{VERSIONS_TABLE} ORDER BY version")]


def schema_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """How many migrations the database has (0: none): below :data:`SCHEMA_VERSION` it is old, above it newer."""
    return len(applied_migrations(conn))


def pending(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """The migrations still to apply; :class:`SchemaMismatchError` when the database is newer or different."""
    if tuple(MIGRATIONS) != NAMES:
        raise SchemaMismatchError(f"the PostgreSQL migrations {tuple(MIGRATIONS)} are not SQLite's {NAMES}")
    done = applied_migrations(conn)
    if done != list(NAMES[:len(done)]):
        raise SchemaMismatchError(f"the database has migrations this version does not know: {done}")
    return list(NAMES[len(done):])


def migrate(conn: psycopg.Connection[tuple[object, ...]], target: str | None = None) -> list[str]:
    """Apply every pending migration (up to and with ``target``), each in its own transaction as
    :data:`OWNER`; the names applied.

    ``conn`` is an administrator's connection in autocommit mode, a member of
    :data:`OWNER` (or a superuser), with the schema and the ``unaccent``
    extension in place (``team.create_team`` does all of that). Two
    administrators migrating at once take turns: the second finds nothing to do.
    """
    if not conn.autocommit:
        raise ValueError("migrate() needs a connection in autocommit mode: each migration is its own transaction")
    with conn.transaction():
        conn.execute(f"SET LOCAL ROLE {OWNER}")
        conn.execute(_VERSIONS)
    if target is not None and target not in NAMES:
        raise ValueError(f"no migration is called {target!r}")
    wanted = pending(conn)
    if target is not None:
        wanted = [name for name in wanted if NAMES.index(name) <= NAMES.index(target)]
    applied = []
    for name in wanted:
        with conn.transaction():
            conn.execute(f"SET LOCAL ROLE {OWNER}")
            conn.execute(f"SET LOCAL search_path = {SCHEMA}, pg_catalog, pg_temp")
            conn.execute(f"LOCK TABLE {SCHEMA}.{VERSIONS_TABLE} IN EXCLUSIVE MODE")
            if name in applied_migrations(conn):  # another administrator was quicker
                continue
            conn.execute(MIGRATIONS[name])  # no parameters: sent as one script
            conn.execute(f"INSERT INTO {SCHEMA}.{VERSIONS_TABLE} (version, name) VALUES (%s, %s)",
                         [NAMES.index(name) + 1, name])
        applied.append(name)
    return applied
