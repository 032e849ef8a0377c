"""The SQLite store: drafts, search, trash, history, settings, migrations and opening safely."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from composer.core.storage.migrations import migrations
from composer.core.storage.store import DatabaseDamaged, DatabaseLocked, Store
from tests.helpers.drafts import USES_AT_0005

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def ids(rows) -> list[int]:
    return [row.id for row in rows]


# --- drafts ------------------------------------------------------------------------

def test_create_get_save_round_trip(store):
    text = "Nieuwe aanwinst: een brief van James Ensor aan zijn zuster 🖋️✉️\nMeer in de leeszaal."
    draft = store.create("Anneleen", text=text, networks=("x", "bluesky"), purpose="acquisition",
                         audience="researchers")
    assert draft.id is not None
    loaded = store.get(draft.id)
    assert loaded.text == text
    assert loaded.networks == ("x", "bluesky")
    assert (loaded.purpose, loaded.audience) == ("acquisition", "researchers")
    assert loaded.created_by == loaded.updated_by == store.author("Anneleen")  # the login, on a team

    edited = replace(loaded, text=text + " Tot zaterdag in het café! 🇧🇪")
    saved = store.save(edited, "Bram")
    assert saved.updated_by == store.author("Bram")
    again = store.get(draft.id)
    assert again.text.endswith("Tot zaterdag in het café! 🇧🇪")
    assert again.updated_by == store.author("Bram")
    assert again.created_by == store.author("Anneleen")


def test_get_unknown_draft_raises_key_error(store):
    with pytest.raises(KeyError):
        store.get(12345)


def test_network_texts_saved_and_removed(store):
    draft = store.create("An", text="Gedeelde tekst", networks=("x", "mastodon"),
                         network_texts={"x": "Kort voor X ✂️", "mastodon": "Langer voor Mastodon, met uitleg."})
    assert store.get(draft.id).network_texts == {"x": "Kort voor X ✂️",
                                                 "mastodon": "Langer voor Mastodon, met uitleg."}
    store.save(replace(store.get(draft.id), network_texts={"mastodon": "Alleen Mastodon nog"}), "An")
    assert store.get(draft.id).network_texts == {"mastodon": "Alleen Mastodon nog"}
    store.save(replace(store.get(draft.id), network_texts={}), "An")
    loaded = store.get(draft.id)
    assert loaded.network_texts == {}
    assert loaded.text_for("mastodon") == "Gedeelde tekst"


def test_text_with_nul_and_rtl_round_trips(store):
    text = "voor\x00na — שלום مرحبا e\u0301"
    draft = store.create("An", text=text)
    # PostgreSQL's text holds no NUL: the team database keeps U+FFFD in its place (dialect.storable)
    assert store.get(draft.id).text == (text if store.db.dialect == "sqlite" else text.replace("\x00", "\ufffd"))


def test_list_drafts_newest_edit_first(store):
    first = store.create("An", text="Eerste")
    second = store.create("An", text="Tweede")
    third = store.create("An", text="Derde")
    assert ids(store.list_drafts()) == [third.id, second.id, first.id]
    store.save(replace(store.get(first.id), text="Eerste, herwerkt"), "An")
    rows = store.list_drafts()
    assert ids(rows) == [first.id, third.id, second.id]
    assert rows[0].first_line == "Eerste, herwerkt"


def test_list_row_shows_first_nonblank_line(store):
    store.create("An", text="\n\n  Titel van het bericht  \nTweede regel", networks=("bluesky",))
    (row,) = store.list_drafts()
    assert row.first_line == "Titel van het bericht"
    assert row.networks == ("bluesky",)
    assert row.author == store.author("An")


# --- search as you type ----------------------------------------------------------------

@pytest.fixture
def searchable(store):
    a = store.create("An", text="Nieuwe aanwinst in de collectie: een brief van Ensor")
    b = store.create("Bo", text="Koffie in het café van de bibliotheek ☕")
    c = store.create("Cas", text="Lezing over Ensor in het café, zaterdag")
    return store, a.id, b.id, c.id


def test_search_prefix(searchable):
    store, a, b, c = searchable
    assert ids(store.list_drafts("aanw")) == [a]
    assert set(ids(store.list_drafts("bibl"))) == {b}


def test_search_ignores_diacritics_and_case(searchable):
    store, a, b, c = searchable
    assert set(ids(store.list_drafts("cafe"))) == {b, c}
    assert set(ids(store.list_drafts("CAFÉ"))) == {b, c}


def test_search_needs_every_word(searchable):
    store, a, b, c = searchable
    assert set(ids(store.list_drafts("ensor"))) == {a, c}
    assert ids(store.list_drafts("ensor café")) == [c]
    assert ids(store.list_drafts("ensor koffie")) == []


def test_empty_search_lists_everything(searchable):
    store, a, b, c = searchable
    assert set(ids(store.list_drafts(""))) == set(ids(store.list_drafts("   "))) == {a, b, c}


def test_search_finds_words_only_in_a_networks_own_version(searchable):
    """Issue 9 point 20: a word only in the X version (a shorter text) was not found."""
    store, a, b, c = searchable
    versions = {"x": "Kort: brief van Ensor 🖋️ #erfgoed", "mastodon": "Expo-tip voor de fediverse"}
    store.save(replace(store.get(a), networks=("x", "mastodon"), network_texts=versions), "An")
    assert ids(store.list_drafts("erfgoed")) == [a]
    assert ids(store.list_drafts("fedi")) == [a]
    assert ids(store.list_drafts("aanwinst erfgoed")) == [a]  # one word in the shared text, one in a version
    assert ids(store.list_drafts("koffie erfgoed")) == []
    store.save(replace(store.get(a), network_texts={"x": "Nu zonder hashtag"}), "An")
    assert ids(store.list_drafts("erfgoed")) == ids(store.list_drafts("fedi")) == []
    assert ids(store.list_drafts("hashtag")) == [a]


def search_index_is_whole(store) -> bool:
    """FTS5's own check that the index holds exactly the drafts and versions (raises when it does not); on
    PostgreSQL, that every draft's search column is what its text and versions give now."""
    if store.db.dialect == "postgresql":
        return store.db.value("SELECT count(*) FROM drafts WHERE search IS DISTINCT FROM draft_document(id, text)") == 0
    store.db.execute("INSERT INTO drafts_fts (drafts_fts, rank) VALUES ('integrity-check', 1)")
    return True


def test_the_search_index_follows_every_change(searchable):
    store, a, b, c = searchable
    copy = store.duplicate(a, "Bo")
    store.save(replace(store.get(copy.id), text="Kopie", network_texts={"x": "versie voor X"}), "Bo")
    store.save(replace(store.get(b), network_texts={"bluesky": "Lucht", "threads": "Draad"}), "Bo")
    store.save(replace(store.get(b), network_texts={"threads": "Draad"}), "Bo")
    for draft_id in (copy.id, c):
        store.trash(draft_id)
    store.empty_trash(older_than_days=-1)
    assert search_index_is_whole(store)
    assert ids(store.list_drafts("versie")) == ids(store.list_drafts("lucht")) == []
    assert ids(store.list_drafts("draad")) == [b]


@pytest.mark.parametrize("typed", [
    '"', '""', '"café', 'café"', "*", "caf*", "AND", "OR", "NOT", "ensor AND", "NEAR(", "NEAR(ensor café)",
    "(", ")", "(ensor", "-", "-ensor", "ensor -café", "^ensor", "text:ensor", "col:", "+", "{a b}",
    "'", "\\", ".", ":", "a\"b\"c",
])
def test_search_syntax_characters_never_raise(searchable, typed):
    store, a, b, c = searchable
    rows = store.list_drafts(typed)
    assert set(ids(rows)) <= {a, b, c}
    store.list_drafts(typed, trash=True)


@pytest.mark.parametrize("typed", ["\x00", "ensor\x00", "a\x00b"])
def test_search_with_nul_character_never_raises(searchable, typed):
    """A NUL can arrive by pasting; search as you type must not crash on it."""
    store, a, b, c = searchable
    assert set(ids(store.list_drafts(typed))) <= {a, b, c}


def test_search_finds_edited_text_and_not_the_old(searchable):
    store, a, b, c = searchable
    store.save(replace(store.get(b), text="Thee in de leeszaal"), "Bo")
    assert ids(store.list_drafts("koffie")) == []
    assert ids(store.list_drafts("thee")) == [b]


# --- duplicate, trash -------------------------------------------------------------------

def test_duplicate(store):
    source = store.create("An", text="Origineel 📚", networks=("x", "threads"), network_texts={"x": "Voor X"},
                          purpose="event", audience="students")
    copy = store.duplicate(source.id, "Bo")
    assert copy.id != source.id
    loaded = store.get(copy.id)
    assert loaded.same_content(store.get(source.id))
    assert loaded.created_by == store.author("Bo")
    assert set(ids(store.list_drafts())) == {source.id, copy.id}


def test_trash_and_restore(store):
    keep = store.create("An", text="Blijft")
    gone = store.create("An", text="Naar de prullenbak")
    store.trash(gone.id)
    assert ids(store.list_drafts()) == [keep.id]
    trashed = store.list_drafts(trash=True)
    assert ids(trashed) == [gone.id]
    assert trashed[0].deleted_at
    assert store.get(gone.id).deleted_at  # still readable while in the trash
    assert ids(store.list_drafts("prullenbak")) == []
    assert ids(store.list_drafts("prullenbak", trash=True)) == [gone.id]
    assert store.count_drafts() == 1
    store.restore(gone.id)
    assert set(ids(store.list_drafts())) == {keep.id, gone.id}
    assert store.list_drafts(trash=True) == []
    assert store.get(gone.id).deleted_at is None


def test_empty_trash_only_after_30_days(store):
    keep = store.create("An", text="Niet weggegooid")
    trashed = store.create("An", text="Weggegooid", networks=("x",), network_texts={"x": "X-versie"})
    store.trash(trashed.id)
    now = datetime.now(UTC)

    assert store.empty_trash(at=now + timedelta(days=29)) == 0
    assert ids(store.list_drafts(trash=True)) == [trashed.id]

    assert store.empty_trash(at=now + timedelta(days=31)) == 1
    with pytest.raises(KeyError):
        store.get(trashed.id)
    assert store.list_drafts(trash=True) == []
    assert ids(store.list_drafts()) == [keep.id]
    assert store.db.value("SELECT count(*) FROM network_texts WHERE draft_id = ?", [trashed.id]) == 0


def test_empty_trash_keeps_recently_trashed(store):
    old = store.create("An", text="Lang geleden weggegooid")
    recent = store.create("An", text="Net weggegooid")
    store.trash(old.id)
    store.trash(recent.id)
    long_ago = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="microseconds")
    store.db.execute("UPDATE drafts SET deleted_at = ? WHERE id = ?", [long_ago, old.id])
    assert store.empty_trash() == 1
    assert ids(store.list_drafts(trash=True)) == [recent.id]


# --- history and settings ---------------------------------------------------------------

def test_history_keeps_previous_version(store):
    draft = store.create("An", text="Versie één", networks=("x",), network_texts={"x": "X één"})
    assert store.history(draft.id) == []
    store.save(replace(store.get(draft.id), text="Versie twee", network_texts={"x": "X twee"}), "Bo")
    history = store.history(draft.id)
    assert len(history) >= 1
    assert history[0]["text"] == "Versie één"
    assert history[0]["network_texts"] == {"x": "X één"}
    assert history[0]["saved_by"] == store.author("An")
    assert store.get(draft.id).text == "Versie twee"


def test_saving_unchanged_draft_changes_nothing(store):
    draft = store.create("An", text="Zelfde")
    before = store.get(draft.id)
    store.save(before, "Bo")
    after = store.get(draft.id)
    assert after.updated_by == store.author("An")
    assert after.updated_at == before.updated_at
    assert store.history(draft.id) == []


def test_settings_round_trip_with_unicode(data_dir):
    store = Store.open(data_dir)
    store.set_setting("handtekening", "Groetjes uit Brussel 🇧🇪 — KBR")
    store.set_setting("hashtags", {"nl": ["#erfgoed", "#bibliotheek"], "fr": ["#patrimoine", "#bibliothèque"]})
    store.set_setting("handtekening", "Tot ziens in de leeszaal 📚")
    store.close()
    store = Store.open(data_dir)
    try:
        assert store.setting("handtekening") == "Tot ziens in de leeszaal 📚"
        assert store.setting("hashtags") == {"nl": ["#erfgoed", "#bibliotheek"],
                                             "fr": ["#patrimoine", "#bibliothèque"]}
        assert store.setting("ontbreekt", "standaard") == "standaard"
    finally:
        store.close()


def test_data_survives_reopening(data_dir):
    store = Store.open(data_dir)
    draft = store.create("An", text="Blijft bewaard ✅")
    store.close()
    store = Store.open(data_dir)
    try:
        assert store.get(draft.id).text == "Blijft bewaard ✅"
        assert store.repaired is None
    finally:
        store.close()


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_pragmas_are_set(store):
    assert store.db.value("PRAGMA journal_mode").lower() == "wal"
    assert store.db.value("PRAGMA synchronous") == 2  # FULL
    assert store.db.value("PRAGMA foreign_keys") == 1


# --- migrations ---------------------------------------------------------------------------

def test_migration_from_first_version_keeps_data_and_backs_up(data_dir):
    data_dir.mkdir(parents=True)
    db = Database(data_dir / "composer.db")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db, stop_before="0002_history")
    assert "draft_history" not in db.table_names()
    stamp = "2026-01-15T10:00:00.000000+00:00"
    for text in ("Oude aanwinst 📜", "Oud café-bericht"):
        db.execute("INSERT INTO drafts (text, networks, purpose, created_by, updated_by, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)", [text, '["x"]', "acquisition", "An", "An", stamp, stamp])
    db.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (1, 'x', 'Oud voor X')")
    db.execute("INSERT INTO settings (key, value) VALUES ('taal', '\"nl\"')")
    db.close()

    store = Store.open(data_dir)
    try:
        assert "draft_history" in store.db.tables()
        assert [store.get(i).text for i in (1, 2)] == ["Oude aanwinst 📜", "Oud café-bericht"]
        assert store.get(1).network_texts == {"x": "Oud voor X"}
        assert store.get(1).purpose == "acquisition"
        assert store.setting("taal") == "nl"
        assert ids(store.list_drafts("cafe")) == [2]
        # the new table works
        store.save(replace(store.get(1), text="Nieuw"), "Bo")
        assert store.history(1)[0]["text"] == "Oude aanwinst 📜"
    finally:
        store.close()

    backups = list((data_dir / "backups").glob("*.db"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    try:
        assert sorted(r[0] for r in conn.execute("SELECT text FROM drafts")) == ["Oud café-bericht",
                                                                                "Oude aanwinst 📜"]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "draft_history" not in tables
    finally:
        conn.close()


def database_at(data_dir: Path, last: str) -> Database:
    """A database made by the Post Composer whose newest migration was ``last``."""
    from composer.core.storage.schema import MIGRATIONS

    data_dir.mkdir(parents=True)
    db = Database(data_dir / "composer.db")
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db, stop_before=MIGRATIONS[MIGRATIONS.index(last) + 1])
    db.execute(f"PRAGMA user_version = {MIGRATIONS.index(last) + 1}")
    return db


def test_upgrading_from_0005_moves_who_is_in_a_photo_to_the_stored_photo(data_dir):
    """Issue 9 point 8: people and "who is in it?" move from each use to the stored photo, nothing lost."""
    db = database_at(data_dir, "0005_export")
    stamp = "2026-01-15T10:00:00.000000+00:00"
    for n in (1, 2, 3):
        db.execute("INSERT INTO drafts (text, networks, created_at, updated_at) VALUES (?, '[\"x\"]', ?, ?)",
                   [f"Concept {n}", stamp, stamp])
    db.execute("INSERT INTO network_texts (draft_id, network, text) VALUES (1, 'x', 'Korter: xylofoonkwartet')")
    for name in ("group", "plain", "room", "unused"):
        db.execute("INSERT INTO photos (hash, ext, format, width, height, original_name, imported_at)"
                   " VALUES (?, 'jpg', 'JPEG', 10, 10, ?, ?)", [name, f"{name}.jpg", stamp])
    for name in ("An", "Bert"):
        db.execute("INSERT INTO people (name, created_at) VALUES (?, ?)", [name, stamp])
    for position, (draft, photo, alt, presence, linked) in enumerate(USES_AT_0005):
        use = db.execute("INSERT INTO draft_photos (draft_id, photo_hash, position, alt_text, presence)"
                         " VALUES (?, ?, ?, ?, ?)", [draft, photo, position, alt, presence]).lastrowid
        for person, description in linked:
            db.execute("INSERT INTO photo_people (draft_photo_id, person_id, description) VALUES (?, ?, ?)",
                       [use, person, description])
    db.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height) VALUES (1, 'x', 0, 0, 1, 0.5)")
    db.close()

    from composer.core.consent import check_inputs
    from composer.core.photos.crops import get_crop
    from composer.core.photos.library import PhotoPerson, draft_photos
    from composer.core.photos.people import photo_people
    from composer.core.storage.schema import SCHEMA_VERSION

    store = Store.open(data_dir)
    try:
        assert store.db.value("PRAGMA user_version") == SCHEMA_VERSION
        an_both = PhotoPerson(1, "rode jas; links")  # two descriptions of one person in two uses: both kept
        assert photo_people(store, "group") == ("people", (an_both, PhotoPerson(2, "")))  # union, most cautious
        assert photo_people(store, "plain") == (None, ())
        assert photo_people(store, "room") == ("nobody", ())  # an answer beats "not answered"
        assert photo_people(store, "unused") == (None, ())
        first = draft_photos(store, 1)
        assert [(p.photo.hash, p.alt_text, p.presence) for p in first] == [
            ("group", "Groep in de zaal", "people"), ("plain", "Affiche", None), ("room", "Lege zaal", "nobody")]
        assert [p.alt_text for p in draft_photos(store, 2)] == ["Voorlezen", ""]
        assert get_crop(store, first[0].id, "x") is not None
        photos, index = check_inputs(store, 1)
        assert [(f.presence, f.people) for f in photos] == [("people", (1, 2)), (None, ()), ("nobody", ())]
        assert ids(store.list_drafts("xylofoon")) == [1]  # 0007: versions are searched
        assert search_index_is_whole(store)
        assert store.db.all("PRAGMA foreign_key_check") == []
        assert store.db.value("PRAGMA integrity_check") == "ok"
    finally:
        store.close()
    (backup,) = (data_dir / "backups").glob("*.db")
    assert "0006" in backup.name


def test_fresh_database_makes_no_backup(data_dir):
    Store.open(data_dir).close()
    Store.open(data_dir).close()  # nothing pending the second time either
    assert not list((data_dir / "backups").glob("*.db"))


# --- opening safely ---------------------------------------------------------------------------

GARBAGE = b"Dit is geen SQLite-bestand \x00\xff\xfe" * 300


def open_damaged(data_dir) -> DatabaseDamaged:
    """Open a file that cannot be repaired: the error says where it was moved; the next open starts afresh."""
    with pytest.raises(DatabaseDamaged) as caught:
        Store.open(data_dir)
    return caught.value


def test_corrupt_file_is_moved_aside_and_a_new_database_works(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "composer.db").write_bytes(GARBAGE)
    damage = open_damaged(data_dir)
    assert damage.moved_to is not None and damage.moved_to.parent == data_dir
    assert damage.moved_to != data_dir / "composer.db"
    assert damage.moved_to.read_bytes() == GARBAGE
    store = Store.open(data_dir)
    try:
        draft = store.create("An", text="Opnieuw beginnen")
        assert ids(store.list_drafts("opnieuw")) == [draft.id]
    finally:
        store.close()


def test_damaged_pages_behind_a_valid_header_are_kept_as_they_were(data_dir):
    store = Store.open(data_dir)
    for i in range(40):
        store.create("An", text=f"Bericht {i} " * 40)
    store.close()
    path = data_dir / "composer.db"
    raw = bytearray(path.read_bytes())
    raw[4096:] = bytes((i * 37 + 11) % 256 for i in range(len(raw) - 4096))
    path.write_bytes(bytes(raw))
    damage = open_damaged(data_dir)
    originals = [p for p in data_dir.glob("composer-*.db") if p.read_bytes() == bytes(raw)]
    assert originals, "the file as it was is kept"
    assert damage.moved_to.exists()
    store = Store.open(data_dir)
    try:
        assert store.count_drafts() == 0
    finally:
        store.close()


@pytest.mark.parametrize("folder", ["100%20echt", "wat?", "nummer #1"])
def test_corrupt_file_recovered_in_folder_with_uri_characters(tmp_path, folder):
    """Folder names are free text: '%', '?' and '#' must not change which file is checked."""
    data_dir = tmp_path / folder / "data"
    data_dir.mkdir(parents=True)
    (data_dir / "composer.db").write_bytes(GARBAGE)
    damage = open_damaged(data_dir)
    assert damage.moved_to.read_bytes() == GARBAGE
    assert [p.name for p in tmp_path.iterdir()] == [folder]  # no stray file created elsewhere


@pytest.mark.parametrize("folder", ["100%20echt", "wat?", "nummer #1", "café 📚"])
def test_reopen_in_folder_with_uri_characters(tmp_path, folder):
    data_dir = tmp_path / folder / "data"
    store = Store.open(data_dir)
    draft = store.create("An", text="Hallo")
    store.close()
    store = Store.open(data_dir)
    try:
        assert store.get(draft.id).text == "Hallo"
    finally:
        store.close()
    assert [p.name for p in tmp_path.iterdir()] == [folder]  # no stray file created elsewhere


def test_locked_database_raises_database_locked(data_dir):
    Store.open(data_dir).close()
    holder = sqlite3.connect(data_dir / "composer.db", isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseLocked) as caught:
            Store.open(data_dir, busy_timeout_ms=100)
        assert caught.value.path == data_dir / "composer.db"
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    # once the other program lets go, the file opens normally and was not treated as corrupt
    store = Store.open(data_dir)
    try:
        assert store.repaired is None
    finally:
        store.close()


@pytest.fixture
def shared_tmp():
    """A temporary folder that the 'nobody' user can traverse (pytest's own is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="composer-ro-"))
    os.chmod(base, 0o755)
    yield base
    for root, _dirs, files in os.walk(base):
        os.chmod(root, 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    shutil.rmtree(base)


OPEN_AS_NOBODY = f"""
import os, sys
from pathlib import Path
from composer.core.storage.store import Store
os.setgroups([])
os.setgid({NOBODY})
os.setuid({NOBODY})
try:
    Store.open(Path(sys.argv[1])).close()
except Exception as error:
    print(type(error).__name__)
else:
    print("opened")
"""


def open_error_name(data_dir: Path) -> str:
    """The class name of the error Store.open raises, as an unprivileged user."""
    if os.geteuid() != 0:
        try:
            Store.open(data_dir).close()
        except Exception as error:
            return type(error).__name__
        return "opened"
    result = subprocess.run([sys.executable, "-c", OPEN_AS_NOBODY, str(data_dir)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("dir_mode", [0o555, 0o777], ids=["folder and file read-only", "file read-only"])
def test_read_only_database_raises_database_read_only(shared_tmp, dir_mode):
    data_dir = shared_tmp / "data"
    store = Store.open(data_dir)
    store.create("An", text="Alleen lezen")
    store.close()
    for side in data_dir.iterdir():
        os.chmod(side, 0o444)
    os.chmod(data_dir, dir_mode)
    assert open_error_name(data_dir) == "DatabaseReadOnly"


def test_read_only_parent_folder_raises_database_read_only(shared_tmp):
    parent = shared_tmp / "parent"
    parent.mkdir()
    os.chmod(parent, 0o555)
    assert open_error_name(parent / "data") == "DatabaseReadOnly"


def test_lone_surrogates_are_saved_as_replacement_characters(tmp_path):
    """Broken UTF-16 from a paste must not make a draft unsavable."""
    store = Store.open(tmp_path / "data")
    try:
        draft = store.create("An", text="kapot \ud800 plakwerk")
        saved = store.save(replace(draft, text="nog \udfff kapot", network_texts={"x": "\ud83d"}), "An")
        stored = store.get(draft.id)
        assert stored.text == "nog \ufffd kapot" == saved.text
        assert stored.network_texts == {"x": "\ufffd"}
    finally:
        store.close()


def test_list_drafts_pages_newest_first(tmp_path):
    store = Store.open(tmp_path / "data")
    try:
        for i in range(5):
            store.create("An", text=f"nummer {i}")
        pages = [store.list_drafts(limit=2, offset=offset) for offset in (0, 2, 4)]
        assert [[row.first_line for row in page] for page in pages] == [
            ["nummer 4", "nummer 3"], ["nummer 2", "nummer 1"], ["nummer 0"]]
        assert [r.first_line for r in store.list_drafts("nummer", limit=1, offset=1)] == ["nummer 3"]
    finally:
        store.close()


@pytest.mark.sqlite_only("sqlite-utils' record of migrations and user_version (the team's: tests/pg/test_pg_schema.py)")
def test_a_new_database_records_every_migration_named_in_the_schema(store):
    from composer.core.storage.schema import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION

    assert sorted(store.db.applied_migrations(MIGRATION_SET)) == list(MIGRATIONS)
    assert store.db.user_version() == SCHEMA_VERSION


def test_opening_an_up_to_date_database_does_not_load_sqlite_utils(tmp_path):
    Store.open(tmp_path / "data").close()
    code = ("import sys; from pathlib import Path; from composer.core.storage.store import Store\n"
            "Store.open(Path(sys.argv[1])).close()\n"
            "assert 'sqlite_utils' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")]).returncode == 0


def test_a_duplicate_keeps_the_photos_their_alt_text_crops_and_the_people_in_them(tmp_path):
    from composer.core.photos.crops import get_crop, set_crop
    from composer.core.photos.library import PhotoPerson, attach_photo, draft_photos, set_alt_text
    from composer.core.photos.people import link_person, set_presence

    store = Store.open(tmp_path / "data")
    try:
        draft = store.create("An", text="Met foto")
        store.db.execute("INSERT INTO photos (hash, ext, format, width, height, imported_at) VALUES"
                         " ('abc', 'jpg', 'JPEG', 10, 10, '2026-01-01')")
        store.db.execute("INSERT INTO people (name, created_at) VALUES ('An Peeters', '2026-01-01')")
        used = attach_photo(store, draft.id, "abc")
        set_alt_text(store, used.id, "Een lezer in de leeszaal")
        set_presence(store, used.id, "people")
        link_person(store, used.id, 1, "rode jas")
        set_crop(store, used.id, "instagram", 0.1, 0.0, 0.8, 1.0)
        copy = store.duplicate(draft.id, "Jan")
        (copied,) = draft_photos(store, copy.id)
        assert (copied.alt_text, copied.presence, copied.people) == (
            "Een lezer in de leeszaal", "people", (PhotoPerson(1, "rode jas"),))
        assert copied.id != used.id and get_crop(store, copied.id, "instagram") == get_crop(store, used.id,
                                                                                               "instagram")
    finally:
        store.close()


def test_a_published_draft_stays_when_the_trash_is_emptied(tmp_path):
    store = Store.open(tmp_path / "data")
    try:
        published, plain = store.create("An", text="Gepost"), store.create("An", text="Niet gepost")
        store.db.execute("INSERT INTO publications (draft_id, network, published_at, recorded_at)"
                         " VALUES (?, 'facebook', '2026-01-01', '2026-01-01')", [published.id])
        for draft in (published, plain):
            store.trash(draft.id)
        assert store.empty_trash(at=datetime.now(UTC) + timedelta(days=31)) == 1
        assert store.get(published.id).deleted_at is not None  # still there, in the trash
        with pytest.raises(KeyError):
            store.get(plain.id)
    finally:
        store.close()
