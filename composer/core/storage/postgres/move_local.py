"""Moving a librarian's local library into the team database: ``post-composer team move-local``.

:func:`move_local` copies everything the local SQLite file holds (drafts with
their own versions, history and trash; photos with their files, crops, alt
texts and who is in them; the consent register with people, records, events
and evidence files; the publication log; the house style; planning and the
return: plans, writing time, feedback, takedowns) into the team database, as
the login of the team store, in **one transaction**, and checks the copy
before it commits: the number of rows per table and a sha256 of their content
(ids translated), and the sha256 of every photo's and evidence file's bytes.
Anything that does not match rolls everything back: nothing is ever
half-moved. The local file is only read (open it with ``opening.read_only``)
and its files in the data folder are only read too.

Ids change on the server: drafts, photos in drafts, people, consent records
and publications get new ids, and every reference to them is translated with
the same map. Photos and evidence files are content-addressed: one the team
already holds (a colleague imported the same file) is not stored twice.

What is kept and what cannot be (the server writes who did what from the
login, issue 12 point 3): creation, edit, trash, import, history, consent and
publication **moments** are kept; **who** created or edited a draft, saved a
history version, imported a photo, added a person, opened a record or
recorded an event or a publication, planned a post or recorded its feedback
becomes the login that moves the library. The name typed in each consent's
terms ("recorded by") is inside the terms and so kept. **Approvals** are not
kept: on the team database only an approver approves, as their own login, so
a moved draft waits for approval again. A draft's review request and archive
moments are kept (set after the insert, as a person's erasure is).

**Writing time** (``effort``) is one row per draft and author; the local file
may hold several for one draft (the librarian renamed themselves), but on the
team database a row's author is the login, so they would collide: each draft's
time moves as **one row of the mover's**, the sums of the measured and the
corrected seconds, the latest moment, and the notes joined (each after its
name when there were several). The copy is verified on those sums.

**Takedowns** need the register keeper's role. Open ones move as they are;
done ones keep their moment and who did them (the library's proof that it
acted): the team database lets a register keeper insert a takedown already
done, and nobody change it afterwards (``takedowns_done`` in
``migrations.py``).

A second move of the same library is **refused**: when a draft, a person or a
consent record of the local library is already in the team library (the same
creation moment, to the microsecond), nothing is written and
:class:`AlreadyMoved` says how many.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.i18n import _, ngettext
from composer.core.storage.access import APPROVER, REGISTER, WRITER

if TYPE_CHECKING:
    from composer.core.storage.store import Store

#: The key of the shared house style in ``settings`` (``core/house_style.SETTING``).
HOUSE_STYLE = "house_style"


class MoveRefused(Exception):
    """The library cannot be moved as things are; the message (translated) says why and what to do."""


class MissingRoles(MoveRefused):
    """The login lacks a role the local library's data needs (``missing``: keys of ``access.ROLES``)."""

    def __init__(self, message: str, missing: tuple[str, ...]):
        super().__init__(message)
        self.missing = missing


class AlreadyMoved(MoveRefused):
    """Part of the local library is in the team library already: a second move is refused."""


class NotVerified(MoveRefused):
    """The copy did not match the local library; it was rolled back."""


@dataclass(frozen=True)
class _Table:
    """One table to copy: its columns (as both schemas name them), how its rows are found and translated.

    ``key``: the id column that changes on the server (``None``: no own id).
    ``refs``: columns that hold another table's id, and that table.
    ``owner``: for a table without its own id, the column whose translated ids find its rows on the server.
    """

    name: str
    columns: tuple[str, ...]
    key: str | None = "id"
    refs: dict[str, str] = field(default_factory=dict)
    owner: str | None = None
    order: str = "id"


#: In the order they are written (every table after those it refers to).
_TABLES = (
    _Table("people", ("name", "contact", "birth_date", "created_at", "erased_at")),
    _Table("consent_records", ("person_id", "created_at"), refs={"person_id": "people"}),
    _Table("consent_events", ("record_id", "kind", "effective_at", "recorded_at", "terms"),
           refs={"record_id": "consent_records"}),
    _Table("drafts", ("text", "networks", "purpose", "audience", "status", "created_at", "updated_at",
                      "deleted_at", "review_requested_at", "archived_at")),
    _Table("network_texts", ("draft_id", "network", "text"), key=None, refs={"draft_id": "drafts"},
           owner="draft_id", order="draft_id, network"),
    _Table("draft_history", ("draft_id", "saved_at", "content"), refs={"draft_id": "drafts"}),
    _Table("draft_photos", ("draft_id", "photo_hash", "position", "alt_text"), refs={"draft_id": "drafts"}),
    _Table("crops", ("draft_photo_id", "network", "x", "y", "width", "height", "mat"), key=None,
           refs={"draft_photo_id": "draft_photos"}, owner="draft_photo_id", order="draft_photo_id, network"),
    _Table("photo_people", ("photo_hash", "person_id", "description"), refs={"person_id": "people"}),
    _Table("publications", ("draft_id", "network", "published_at", "link", "recorded_at"),
           refs={"draft_id": "drafts"}),
    _Table("publication_photos", ("publication_id", "photo_hash", "position"), key=None,
           refs={"publication_id": "publications"}, owner="publication_id", order="publication_id, position"),
    _Table("plans", ("draft_id", "network", "planned_for", "planned_at"), key=None, refs={"draft_id": "drafts"},
           owner="draft_id", order="draft_id, network"),
    _Table("feedback", ("publication_id", "comments", "questions", "suggestions", "shares", "likes", "reach", "note",
                        "recorded_at"), key=None, refs={"publication_id": "publications"}, owner="publication_id",
           order="publication_id"),
    _Table("takedowns", ("publication_id", "person_id", "created_at", "done_at", "done_by"),
           refs={"publication_id": "publications", "person_id": "people"}),
)
#: Content-addressed: the bytes live in the data folder locally (``<folder>/<hash[:2]>/<hash>.<ext>``) and in the
#: row's ``data`` on the team database.
_FILES = {"photos": ("photos", ("hash", "ext", "format", "width", "height", "original_name", "imported_at",
                                "presence")),
          "evidence": ("evidence", ("hash", "ext", "original_name", "stored_at"))}
#: Set after the insert (a writer's or register keeper's INSERT grant leaves them out).
_SET_AFTER = {"people": ("erased_at",), "drafts": ("review_requested_at", "archived_at")}
#: Tables whose rows need the register keeper's role on the team database.
_REGISTER_TABLES = ("people", "consent_records", "consent_events", "evidence", "takedowns")
#: Every table of the local file whose content moves, for the summary (in this order).
TABLES = ("drafts", "network_texts", "draft_history", "photos", "draft_photos", "crops", "photo_people",
          "people", "consent_records", "consent_events", "evidence", "publications", "publication_photos",
          "plans", "effort", "feedback", "takedowns", "settings")


@dataclass
class MoveReport:
    """What was moved: per table, the rows in the local library and the rows now in the team library for them.

    ``effort`` counts drafts (one row each in the team: the sums of the local rows, see the module);
    ``effort_merged``: the local rows that were added up into another (0: one name per draft).
    ``already_there``: photos and evidence files the team held already (stored once, not twice).
    ``hashes``: per table, the sha256 of its content as compared (local = team).
    ``notes``: what the mover should know, translated, one sentence each (who became the login, sums).
    """

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    already_there: dict[str, int] = field(default_factory=dict)
    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    approvals_dropped: int = 0
    effort_merged: int = 0
    house_style: str = "none"  # none | moved | same | team_kept
    notes: list[str] = field(default_factory=list)


def needed_roles(local: Store) -> tuple[str, ...]:
    """The team roles the local library's data needs (keys of ``access.ROLES``), in the usual order."""
    needs = {WRITER}
    db = local.db
    if any(db.value(f"SELECT count(*) FROM {table}") for table in _REGISTER_TABLES):
        needs.add(REGISTER)
    if db.value("SELECT count(*) FROM settings WHERE key = ?", [HOUSE_STYLE]):
        needs.add(APPROVER)
    return tuple(role for role in (WRITER, APPROVER, REGISTER) if role in needs)


def move_local(local: Store, team: Store) -> MoveReport:
    """Copy the library of ``local`` (read-only) into ``team`` as its login, verify it, commit it (see the module).

    Raises :class:`MissingRoles`, :class:`AlreadyMoved`, :class:`NotVerified` or another
    :class:`MoveRefused` with a translated message, before anything is committed.
    """
    _check_schema(local)
    missing = [role for role in needed_roles(local) if role not in team.access.roles]
    house_style = local.setting(HOUSE_STYLE)
    if APPROVER in missing and team.setting(HOUSE_STYLE) is not None:
        missing.remove(APPROVER)  # the team's own house style stays: nothing to write there
    if missing:
        raise MissingRoles(_missing_message(team, missing), tuple(missing))
    _check_not_moved(local, team)
    files = {kind: _read_files(local, kind) for kind in _FILES}
    report = MoveReport()
    with team.atomic():
        for kind in _FILES:
            _copy_files(team, kind, files[kind], report)
        for table in _TABLES:
            _copy_table(local, team, table, report.ids)
        copy_effort(local, team, report)
        report.house_style = _copy_house_style(team, house_style)
        _verify(local, team, files, report)
    report.approvals_dropped = int(local.db.value("SELECT count(*) FROM drafts WHERE approved_hash IS NOT NULL"))
    report.notes = _notes(local, team, report)
    return report


def content_digest(rows: Iterable[Iterable[Any]]) -> str:
    """The sha256 of rows as JSON, one row a line (floats and texts as JSON writes them)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([_plain(value) for value in row], ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


# --- before -----------------------------------------------------------------------------------------


def _check_schema(local: Store) -> None:
    from composer.core.storage.schema import MIGRATION_SET, MIGRATIONS
    from composer.core.storage.sqlite import SqliteConnection

    db = local.db
    if not isinstance(db, SqliteConnection):
        raise MoveRefused(_("Only a local library (the file in a data folder) can be moved."))
    if db.applied_migrations(MIGRATION_SET) != list(MIGRATIONS):
        raise MoveRefused(_("The local library {path} is from another version of Post Composer: open it once "
                            "with this version (without the team library) and move it then.").format(path=local.path))


def _missing_message(team: Store, missing: list[str]) -> str:
    words = {WRITER: _("writer"), APPROVER: _("approver"), REGISTER: _("register keeper")}
    why = {WRITER: _("drafts, photos and the publication log"),
           APPROVER: _("the house style (the team library has none yet)"),
           REGISTER: _("the consent register: people, consent records, evidence files and takedowns")}
    lines = [_("{user} lacks a role this library needs; nothing was moved:").format(user=team.access.user)]
    lines += [_("- {role}, for {what}").format(role=words[role], what=why[role]) for role in missing]
    lines.append(_("Ask your IT department for the role (post-composer team add gives a login several roles), "
                   "or let a colleague who has them move the library with --data-dir."))
    return "\n".join(lines)


def _check_not_moved(local: Store, team: Store) -> None:
    """:class:`AlreadyMoved` when a draft, person or consent record of ``local`` is in ``team`` already."""
    found = {}
    for table in ("drafts", "people", "consent_records"):
        moments = [at for (at,) in local.db.all(f"SELECT created_at FROM {table}")]
        if not moments:
            continue
        sql, params = team.db.in_list(moments, "text")
        found[table] = int(team.db.value(f"SELECT count(*) FROM {table} WHERE created_at IN {sql}", params))
    if any(found.values()):
        raise AlreadyMoved(_("This library was moved into the team library already ({drafts} drafts, {people} "
                             "people and {records} consent records are there): nothing was moved again.").format(
            drafts=found.get("drafts", 0), people=found.get("people", 0), records=found.get("consent_records", 0)))


def _read_files(local: Store, kind: str) -> list[tuple[tuple[Any, ...], bytes]]:
    """Every row of ``photos`` or ``evidence`` with its file's bytes, each checked against its hash."""
    folder, columns = _FILES[kind]
    rows = local.db.all(f"SELECT {', '.join(columns)} FROM {kind} ORDER BY hash")
    found = []
    for row in rows:
        digest, ext = row[0], row[1]
        path = local.data_dir / folder / digest[:2] / f"{digest}.{ext}"
        try:
            data = path.read_bytes()
        except OSError as error:
            raise MoveRefused(_("The file {path} of the local library cannot be read ({error}): nothing was "
                                "moved.").format(path=path, error=error.strerror or error)) from error
        if hashlib.sha256(data).hexdigest() != digest:
            raise MoveRefused(_("The file {path} of the local library is damaged (its content no longer matches "
                                "its name): nothing was moved.").format(path=path))
        found.append((tuple(row), data))
    return found


# --- copying ---------------------------------------------------------------------------------------------


def _copy_files(team: Store, kind: str, rows: list[tuple[tuple[Any, ...], bytes]], report: MoveReport) -> None:
    _, columns = _FILES[kind]
    there = 0
    for row, data in rows:
        if team.db.one(f"SELECT 1 FROM {kind} WHERE hash = ?", [row[0]]) is not None:
            there += 1
            continue
        team.db.execute(f"INSERT INTO {kind} ({', '.join(columns)}, data) VALUES ({', '.join('?' * len(row))}, ?)",
                        [*row, data])
    report.already_there[kind] = there


def _copy_table(local: Store, team: Store, table: _Table, ids: dict[str, dict[int, int]]) -> None:
    selected = ((table.key,) if table.key else ()) + table.columns
    rows = local.db.all(f"SELECT {', '.join(selected)} FROM {table.name} ORDER BY {table.order}")
    later = _SET_AFTER.get(table.name, ())
    written = [column for column in table.columns if column not in later]
    insert = f"INSERT INTO {table.name} ({', '.join(written)}) VALUES ({', '.join('?' * len(written))})"
    mapped = ids.setdefault(table.name, {})
    for row in rows:
        values = dict(zip(table.columns, row[1:] if table.key else row, strict=True))
        for column, other in table.refs.items():
            values[column] = ids[other][values[column]]
        params = [values[column] for column in written]
        if table.key:
            new_id = team.db.insert(insert, params)
            mapped[row[0]] = new_id
            for column in later:
                if values[column] is not None:
                    team.db.execute(f"UPDATE {table.name} SET {column} = ? WHERE id = ?", [values[column], new_id])
        else:
            team.db.execute(insert, params)


def _local_effort(local: Store, report: MoveReport, login: str) -> list[tuple[Any, ...]]:
    """The local writing time as the team will hold it: one row per draft (ids translated), as ``login``.

    The sums of the measured and corrected seconds, the latest moment, the notes joined (each after its
    author's name when the draft has several rows); ``report.effort_merged`` counts the rows added up.
    """
    per_draft: dict[int, list[tuple[Any, ...]]] = {}
    for row in local.db.all("SELECT draft_id, author, writing_seconds, extra_seconds, note, updated_at"
                            " FROM effort ORDER BY draft_id, author"):
        per_draft.setdefault(row[0], []).append(tuple(row))
    drafts = report.ids["drafts"]
    merged = []
    for draft_id, rows in per_draft.items():
        notes = [(author, note) for _d, author, _w, _x, note, _at in rows if note]
        note = notes[0][1] if len(rows) == 1 and notes else "; ".join(f"{author}: {text}" for author, text in notes)
        merged.append((drafts[draft_id], login, sum(int(row[2]) for row in rows), sum(int(row[3]) for row in rows),
                       note, max(row[5] for row in rows)))
        report.effort_merged += len(rows) - 1
    return merged


_EFFORT = ("draft_id", "author", "writing_seconds", "extra_seconds", "note", "updated_at")


def copy_effort(local: Store, team: Store, report: MoveReport) -> None:
    """Each draft's writing time as one row of the mover's (the server writes the login as its author)."""
    team.db.executemany(f"INSERT INTO effort ({', '.join(_EFFORT)}) VALUES ({', '.join('?' * len(_EFFORT))})",
                        [list(row) for row in _local_effort(local, report, _login(team))])


def _login(team: Store) -> str:
    return team.access.user or ""


def _copy_house_style(team: Store, style: Any) -> str:
    """Move the house style into a team library that has none; a team's own house style is never replaced."""
    if style is None:
        return "none"
    theirs = team.setting(HOUSE_STYLE)
    if theirs is None:
        team.set_setting(HOUSE_STYLE, style)
        return "moved"
    return "same" if theirs == style else "team_kept"


# --- verifying ---------------------------------------------------------------------------------------------


def _verify(local: Store, team: Store, files: dict[str, list[tuple[tuple[Any, ...], bytes]]],
            report: MoveReport) -> None:
    """Counts and content hashes of the copy, table by table; :class:`NotVerified` for the first that differs."""
    wrong = []
    for kind, rows in files.items():
        mine = [(row[0], hashlib.sha256(data).hexdigest()) for row, data in rows]
        hashes = [row[0] for row, _data in rows]
        sql, params = team.db.in_list(hashes, "text")
        theirs = team.db.all(f"SELECT hash, encode(sha256(data), 'hex') FROM {kind} WHERE hash IN {sql}"
                             " ORDER BY hash", params)
        wrong += _compare(report, kind, mine, theirs)
    for table in _TABLES:
        mine_rows = local.db.all(f"SELECT {', '.join(((table.key,) if table.key else ()) + table.columns)}"
                                 f" FROM {table.name} ORDER BY {table.order}")
        translated = []
        for row in mine_rows:
            values = dict(zip(table.columns, row[1:] if table.key else row, strict=True))
            for column, other in table.refs.items():
                values[column] = report.ids[other][values[column]]
            new_key = (report.ids[table.name][row[0]],) if table.key else ()
            translated.append(new_key + tuple(values[column] for column in table.columns))
        mine = sorted(translated, key=_sort_key)
        if table.key:
            sql, params = team.db.in_list(report.ids[table.name].values(), "bigint")
            where = f"{table.key} IN {sql}"
        else:
            assert table.owner is not None
            sql, params = team.db.in_list(report.ids[table.refs[table.owner]].values(), "bigint")
            where = f"{table.owner} IN {sql}"
        columns = ((table.key,) if table.key else ()) + table.columns
        theirs = sorted(team.db.all(f"SELECT {', '.join(columns)} FROM {table.name} WHERE {where}", params),
                        key=_sort_key)
        wrong += _compare(report, table.name, mine, theirs)
    wrong += _verify_effort(local, team, report)
    if report.house_style != "none":
        style = local.setting(HOUSE_STYLE)
        kept = team.setting(HOUSE_STYLE)
        same = report.house_style == "team_kept" or kept == style
        report.counts["settings"] = (1, 1 if same else 0)
        report.hashes["settings"] = content_digest([[json.dumps(kept, sort_keys=True)]])
        if not same:
            wrong.append("settings")
    if wrong:
        raise NotVerified(_("The copy in the team library did not match the local library ({tables}); it was "
                            "undone and nothing was moved.").format(tables=", ".join(wrong)))


def _verify_effort(local: Store, team: Store, report: MoveReport) -> list[str]:
    """The team's writing time of the moved drafts against the local sums per draft (see :func:`_local_effort`)."""
    counted = MoveReport(ids=report.ids)  # not to count the merged rows twice
    mine = sorted(_local_effort(local, counted, _login(team)), key=_sort_key)
    sql, params = team.db.in_list(report.ids["drafts"].values(), "bigint")
    theirs = sorted(team.db.all(f"SELECT {', '.join(_EFFORT)} FROM effort WHERE draft_id IN {sql}", params),
                    key=_sort_key)
    return _compare(report, "effort", mine, theirs)


def _notes(local: Store, team: Store, report: MoveReport) -> list[str]:
    """What changed on the way, in words (the summary shows them)."""
    login = _login(team)
    notes = []
    if report.counts.get("plans", (0, 0))[0] or report.counts.get("feedback", (0, 0))[0]:
        notes.append(_("Who planned a post and who recorded its feedback is now {login}; the moments were "
                       "kept.").format(login=login))
    if report.effort_merged:
        notes.append(ngettext(
            "The writing time of each draft is now {login}'s: {count} row recorded under another name was added "
            "up with it, the notes kept with their names.",
            "The writing time of each draft is now {login}'s: {count} rows recorded under other names were added "
            "up with them, the notes kept with their names.", report.effort_merged).format(
                login=login, count=report.effort_merged))
    elif report.counts.get("effort", (0, 0))[0]:
        notes.append(_("The writing time of each draft is now {login}'s; the notes were kept.").format(login=login))
    if local.db.value("SELECT count(*) FROM takedowns WHERE done_at IS NOT NULL"):
        notes.append(_("Takedowns done keep their date and who did them: the library's proof that it acted."))
    return notes


def _compare(report: MoveReport, table: str, mine: list[Any], theirs: list[Any]) -> list[str]:
    mine_digest, their_digest = content_digest(mine), content_digest(theirs)
    report.counts[table] = (len(mine), len(theirs))
    report.hashes[table] = their_digest
    return [] if (len(mine), mine_digest) == (len(theirs), their_digest) else [table]


def _sort_key(row: Iterable[Any]) -> str:
    return json.dumps([_plain(value) for value in row], ensure_ascii=False)


def _plain(value: Any) -> Any:
    """A value as JSON holds it the same from either back end (bytes as hex, a whole float as a float)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    return value


def local_file_digest(path: Path) -> str:
    """The sha256 of a file (the local library before and after a move: it never changes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
