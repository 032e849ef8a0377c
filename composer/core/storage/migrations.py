"""Numbered schema migrations. Never edit an applied one: add the next number (and its name in schema.py)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from composer.core.storage.schema import MIGRATION_SET, MIGRATIONS

migrations = Migrations(MIGRATION_SET)


@migrations(name=MIGRATIONS[0])
def initial(db: Database) -> None:
    """Drafts, their per-network versions, settings, and full-text search."""
    db.execute("""
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL DEFAULT '',
            networks TEXT NOT NULL DEFAULT '[]',
            purpose TEXT,
            audience TEXT,
            status TEXT NOT NULL DEFAULT 'draft',
            created_by TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    db.execute("""
        CREATE TABLE network_texts (
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            network TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (draft_id, network)
        )""")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.table("drafts").enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@migrations(name=MIGRATIONS[1])
def history(db: Database) -> None:
    """Earlier versions of each draft, so no edit overwrites what cannot be recovered."""
    db.execute("""
        CREATE TABLE draft_history (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            saved_at TEXT NOT NULL,
            saved_by TEXT NOT NULL,
            content TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX draft_history_draft ON draft_history(draft_id, saved_at)")
    db.execute("CREATE INDEX drafts_recent ON drafts(deleted_at, updated_at)")


@migrations(name=MIGRATIONS[2])
def approval(db: Database) -> None:
    """Who approved a draft for the communications service, when, and which content."""
    for column in ("approved_by", "approved_at", "approved_hash"):
        db.execute(f"ALTER TABLE drafts ADD COLUMN {column} TEXT")


@migrations(name=MIGRATIONS[3])
def photos_consent(db: Database) -> None:
    """Photos in drafts, the people in them, and the consent register (consent.md).

    Photos and evidence files live in the data folder by content hash; the
    database keeps what they are. Consent events are append-only: triggers
    refuse to change or delete them, so the state at any moment can be shown.
    """
    db.execute("""
        CREATE TABLE photos (
            hash TEXT PRIMARY KEY,            -- sha256 of the original file's bytes
            ext TEXT NOT NULL,                -- stored as photos/<hash[:2]>/<hash>.<ext>
            format TEXT NOT NULL,             -- JPEG, PNG, WEBP, GIF, HEIF
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            original_name TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE draft_photos (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            photo_hash TEXT NOT NULL REFERENCES photos(hash),
            position INTEGER NOT NULL,
            alt_text TEXT NOT NULL DEFAULT '',
            presence TEXT CHECK (presence IN ('nobody', 'atmosphere', 'people'))  -- NULL: not answered
        )""")
    db.execute("CREATE INDEX draft_photos_draft ON draft_photos(draft_id, position)")
    db.execute("""
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,                 -- or a pseudonym
            contact TEXT NOT NULL DEFAULT '',   -- for withdrawal; optional
            birth_date TEXT,                    -- ISO date, for minors
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            erased_at TEXT                      -- GDPR art. 17: name and contact removed, proof kept
        )""")
    db.execute("""
        CREATE TABLE photo_people (
            id INTEGER PRIMARY KEY,
            draft_photo_id INTEGER NOT NULL REFERENCES draft_photos(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id),
            description TEXT NOT NULL DEFAULT ''   -- "red coat, second from left"
        )""")
    db.execute("""
        CREATE TABLE evidence (
            hash TEXT PRIMARY KEY,              -- sha256 of the scan or PDF
            ext TEXT NOT NULL,                  -- stored as evidence/<hash[:2]>/<hash>.<ext>
            original_name TEXT NOT NULL DEFAULT '',
            stored_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE consent_records (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE consent_events (
            id INTEGER PRIMARY KEY,
            record_id INTEGER NOT NULL REFERENCES consent_records(id),
            kind TEXT NOT NULL CHECK (kind IN ('granted', 'refused', 'amended', 'withdrawn', 'refreshed')),
            effective_at TEXT NOT NULL,         -- when it happened (given, withdrawn, ...)
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            terms TEXT NOT NULL                 -- JSON: every field of the record as of this event
        )""")
    db.execute("CREATE INDEX consent_events_record ON consent_events(record_id, effective_at)")
    db.execute("CREATE INDEX consent_records_person ON consent_records(person_id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER consent_events_append_only_{action.lower()} BEFORE {action} ON consent_events
            BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END""")


@migrations(name=MIGRATIONS[4])
def export(db: Database) -> None:
    """Crops per network kept as rectangles on the original, and the publication log.

    A crop is never a cropped copy, so it can be redone. The publication log
    says which post (and so which photos) went to which network when: what a
    consent withdrawal needs to list takedowns, and what the cadence check counts.
    """
    db.execute("""
        CREATE TABLE crops (
            draft_photo_id INTEGER NOT NULL REFERENCES draft_photos(id) ON DELETE CASCADE,
            network TEXT NOT NULL,
            x REAL NOT NULL, y REAL NOT NULL,      -- fractions of the upright original, 0..1
            width REAL NOT NULL, height REAL NOT NULL,
            PRIMARY KEY (draft_photo_id, network)
        )""")
    db.execute("""
        CREATE TABLE publications (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id),
            network TEXT NOT NULL,
            published_at TEXT NOT NULL,
            link TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE publication_photos (
            publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
            photo_hash TEXT NOT NULL,
            position INTEGER NOT NULL
        )""")
    db.execute("CREATE INDEX publications_network ON publications(network, published_at)")
    db.execute("CREATE INDEX publications_draft ON publications(draft_id)")


#: "Who is in it?" from least to most cautious: with two uses of one file disagreeing, the last one wins.
_CAUTION = ("nobody", "atmosphere", "people")


@migrations(name=MIGRATIONS[5])
def people_of_stored_photos(db: Database) -> None:
    """Who is in a photo belongs to the stored photo (its content hash), not to one draft's use of it.

    Until 0005 each use of a file in a draft had its own answer to "who is in
    it?" and its own linked people, so taking a photo out of a draft and adding
    the same file to another started at "not answered". From here
    ``photos.presence`` and ``photo_people`` (by ``photo_hash``) hold them once
    for every use; alt text and crops stay per use.

    When uses of one file disagreed, nothing is dropped: the people are the
    union of every use's people (in the order first linked), a person linked in
    several uses with different descriptions keeps them all (joined with "; "),
    and the answer is the most cautious one given — recognisable people before
    an atmosphere shot before nobody recognisable; "not answered" only when no
    use answered. Photos no draft used any more kept no answer in 0005 (their
    links went with their last use): they stay "not answered".
    """
    db.execute("ALTER TABLE photos ADD COLUMN presence TEXT"
               " CHECK (presence IN ('nobody', 'atmosphere', 'people'))")  # NULL: not answered
    answers: dict[str, str] = {}
    for photo_hash, presence in db.execute(
            "SELECT photo_hash, presence FROM draft_photos WHERE presence IS NOT NULL ORDER BY id").fetchall():
        if _CAUTION.index(presence) >= _CAUTION.index(answers.get(photo_hash, "nobody")):
            answers[photo_hash] = presence
    for photo_hash, presence in answers.items():
        db.execute("UPDATE photos SET presence = ? WHERE hash = ?", [presence, photo_hash])
    links: dict[tuple[str, int], list[str]] = {}
    for photo_hash, person_id, description in db.execute(
            "SELECT dp.photo_hash, pp.person_id, pp.description FROM photo_people pp"
            " JOIN draft_photos dp ON dp.id = pp.draft_photo_id ORDER BY pp.id").fetchall():
        seen = links.setdefault((photo_hash, person_id), [])
        if description.strip() and description not in seen:
            seen.append(description)
    db.execute("DROP TABLE photo_people")
    db.execute("""
        CREATE TABLE photo_people (
            id INTEGER PRIMARY KEY,                -- the order people were linked in
            photo_hash TEXT NOT NULL REFERENCES photos(hash) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id),
            description TEXT NOT NULL DEFAULT '',  -- "red coat, second from left"
            UNIQUE (photo_hash, person_id)
        )""")
    db.execute("CREATE INDEX photo_people_person ON photo_people(person_id)")
    for (photo_hash, person_id), descriptions in links.items():
        db.execute("INSERT INTO photo_people (photo_hash, person_id, description) VALUES (?, ?, ?)",
                   [photo_hash, person_id, "; ".join(descriptions)])
    db.execute("ALTER TABLE draft_photos DROP COLUMN presence")


@migrations(name=MIGRATIONS[6])
def search_versions(db: Database) -> None:
    """Search finds a word that is only in a network's own version (a shorter text for X, say).

    The full-text index gets a second column, ``versions``: every own version
    of the draft, from the view ``draft_search``. The index keeps its own copy
    of the words it indexes, so after any change of a draft or a version a
    trigger can simply take the draft's row out and put it back as the view
    now has it: right whatever way a row is written (an upsert, a replace, a
    cascade), where an index reading its text from the view would need the old
    text and be damaged by a write it did not expect.
    """
    for trigger in ("drafts_ai", "drafts_ad", "drafts_au"):  # sqlite-utils' triggers for the old index
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS drafts_fts")
    db.execute("""
        CREATE VIEW draft_search AS
        SELECT d.id AS id, d.text AS text,
               coalesce((SELECT group_concat(n.text, char(10)) FROM network_texts n WHERE n.draft_id = d.id), '')
                   AS versions
        FROM drafts d""")
    db.execute("CREATE VIRTUAL TABLE drafts_fts USING fts5(text, versions,"
               " tokenize='unicode61 remove_diacritics 2')")
    again = ("DELETE FROM drafts_fts WHERE rowid = {key};"
             " INSERT INTO drafts_fts (rowid, text, versions) SELECT id, text, versions FROM draft_search"
             " WHERE id = {key};")
    triggers = {  # name: (when, which draft)
        "drafts_search_insert": ("AFTER INSERT ON drafts", "new.id"),
        "drafts_search_update": ("AFTER UPDATE OF text ON drafts", "new.id"),
        "drafts_search_delete": ("AFTER DELETE ON drafts", "old.id"),
        "versions_search_insert": ("AFTER INSERT ON network_texts", "new.draft_id"),
        "versions_search_update": ("AFTER UPDATE ON network_texts", "new.draft_id"),
        "versions_search_delete": ("AFTER DELETE ON network_texts", "old.draft_id"),
    }
    for name, (when, key) in triggers.items():
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN {again.format(key=key)} END")
    db.execute("INSERT INTO drafts_fts (rowid, text, versions) SELECT id, text, versions FROM draft_search")


@migrations(name=MIGRATIONS[7])
def crop_mats(db: Database) -> None:
    """A crop may put the whole picture on a mat: a poster is padded to the network's shape, never cut.

    Such a crop's rectangle reaches past the photo's edges (it contains the
    whole photo); ``mat`` is the colour of what lies outside, ``#rrggbb``
    (NULL: white). A rectangle inside the photo is cut as before.
    """
    hex_colour = "'#" + "[0-9a-f]" * 6 + "'"
    db.execute(f"ALTER TABLE crops ADD COLUMN mat TEXT CHECK (mat IS NULL OR mat GLOB {hex_colour})")


@migrations(name=MIGRATIONS[8])
def draft_revisions(db: Database) -> None:
    """A draft's revision: a number that moves on with every change of what its author wrote.

    A save is conditional on the revision it started from (``Store.save(...,
    expected_revision=...)``), so that it never overwrites a newer text. Any
    change of the text, the networks, the purpose, the audience, the moment
    of the last edit or a network's own version moves it on; an approval, a
    status or the trash do not. (The team database's trigger does the same.)
    """
    db.execute("ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
    bump = "UPDATE drafts SET revision = revision + 1 WHERE id = {key};"
    db.execute(f"""
        CREATE TRIGGER drafts_revision AFTER UPDATE OF text, networks, purpose, audience, updated_at ON drafts
        WHEN (new.text, new.networks, new.purpose, new.audience, new.updated_at)
             IS NOT (old.text, old.networks, old.purpose, old.audience, old.updated_at)
        BEGIN {bump.format(key="new.id")} END""")
    for name, (when, key) in {"versions_revision_insert": ("AFTER INSERT ON network_texts", "new.draft_id"),
                              "versions_revision_update": ("AFTER UPDATE ON network_texts", "new.draft_id"),
                              "versions_revision_delete": ("AFTER DELETE ON network_texts", "old.draft_id")}.items():
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN {bump.format(key=key)} END")


@migrations(name=MIGRATIONS[9])
def live(db: Database) -> None:
    """Telling open windows what colleagues change, and who else has a draft open: the team database's alone.

    One workstation works on the local file: there is nobody to tell, and
    nobody else to have a draft open. The table ``presence`` is made all
    the same, empty, so that both back ends keep one schema and one numbered list.
    """
    db.execute("""
        CREATE TABLE presence (
            login TEXT NOT NULL,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (draft_id, login)
        )""")


@migrations(name=MIGRATIONS[10])
def planning(db: Database) -> None:
    """The week planned and the return weighed (issue 13): a draft's way from writing to the archive, a planned
    moment per network, the time spent writing, what each publication brought, and the takedowns a consent
    withdrawal asks for (the library's proof that it acted).

    A draft's stage is not stored but read from these facts (``core/planning/flow.py``), so it can never say
    "draft" for a post that was published. A takedown once done stays: it is evidence.
    """
    for column in ("review_requested_at", "archived_at"):
        db.execute(f"ALTER TABLE drafts ADD COLUMN {column} TEXT")
    db.execute("""
        CREATE TABLE plans (
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            network TEXT NOT NULL,
            planned_for TEXT NOT NULL,          -- local date and time, 'YYYY-MM-DDTHH:MM'
            planned_by TEXT NOT NULL DEFAULT '',
            planned_at TEXT NOT NULL,
            PRIMARY KEY (draft_id, network)
        )""")
    db.execute("CREATE INDEX plans_when ON plans(planned_for)")
    db.execute("""
        CREATE TABLE effort (
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            writing_seconds INTEGER NOT NULL DEFAULT 0 CHECK (writing_seconds >= 0),  -- measured while typing
            extra_seconds INTEGER NOT NULL DEFAULT 0,  -- corrected by hand (photos taken, time not spent)
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (draft_id, author)
        )""")
    counts = ", ".join(f"{name} INTEGER NOT NULL DEFAULT 0 CHECK ({name} >= 0)"
                       for name in ("comments", "questions", "suggestions", "shares", "likes"))
    db.execute(f"""
        CREATE TABLE feedback (
            publication_id INTEGER PRIMARY KEY REFERENCES publications(id) ON DELETE CASCADE,
            {counts},
            reach INTEGER CHECK (reach IS NULL OR reach >= 0),
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE takedowns (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id),
            created_at TEXT NOT NULL,
            done_at TEXT,
            done_by TEXT,
            UNIQUE (publication_id, person_id)
        )""")
    db.execute("""
        CREATE TRIGGER takedowns_done_stays_update BEFORE UPDATE ON takedowns WHEN old.done_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a takedown once done stays done'); END""")
    db.execute("""
        CREATE TRIGGER takedowns_done_stays_delete BEFORE DELETE ON takedowns WHEN old.done_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a takedown once done stays done'); END""")
