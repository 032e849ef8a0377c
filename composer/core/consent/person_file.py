"""A person's file (GDPR art. 15): everything the register holds about one person, in one folder.

``person.json`` for machines and ``person.html`` for people (every value
escaped), with copies of the evidence scans and of the photos they are in,
and where those photos were published (the publication log).
This register keeps proof of consent and is not legal advice: the library's
data protection officer has the last word.
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.core.consent import clock
from composer.core.consent.clock import iso_moment
from composer.core.consent.events import histories, replay
from composer.core.consent.people import get_person
from composer.core.consent.terms import (
    DPO_NOTE,
    LEGAL_BASES,
    METHODS,
    RECEIVED_HOW,
    ROLES,
    SCOPES,
    ConsentError,
    channel_label,
)
from composer.core.consent.withdrawal import affected_drafts
from composer.core.i18n import _, current_language

if TYPE_CHECKING:
    from composer.core.storage.store import Store


# --- gathering --------------------------------------------------------------------------------


def person_file(store: Store, person_id: int) -> dict[str, Any]:
    """Everything held about ``person_id``, as plain JSON data."""
    person = get_person(store, person_id)
    records = _records(store, person_id)
    scoped = {e["terms"]["scope"]["photo_hash"] for r in records for e in r["events"]} - {""}
    drafts = [d.draft_id for d in affected_drafts(store, person_id)]
    return {
        "exported_at": iso_moment(clock.now()),
        "notice": _(DPO_NOTE),
        "person": {"id": person.id, "name": person.display_name, "contact": person.contact,
                   "birth_date": person.birth_date.isoformat() if person.birth_date else None,
                   "created_at": person.created_at, "created_by": person.created_by, "erased_at": person.erased_at},
        "records": records,
        "evidence": _evidence(store, {e["terms"]["evidence_hash"] for r in records for e in r["events"]} - {""}),
        "photos": _photos(store, person_id, scoped),
        "drafts": _drafts(store, drafts),
        "publications": _publications(store, person_id),
    }


def _records(store: Store, person_id: int) -> list[dict[str, Any]]:
    created = {id_: (at, by) for id_, at, by in store.db.all(
        "SELECT id, created_at, created_by FROM consent_records WHERE person_id = ?", [person_id])}
    out = []
    now = clock.now()
    for record_id, events in histories(store, person_id).items():
        state = replay(record_id, person_id, events, now)
        out.append({"id": record_id, "created_at": created[record_id][0], "created_by": created[record_id][1],
                    "kind": state.kind, "status_now": state.status,
                    "events": [{"id": e.id, "kind": e.kind, "effective_at": iso_moment(e.effective_at),
                                "recorded_at": iso_moment(e.recorded_at), "recorded_by": e.recorded_by,
                                "received_how": e.received_how, "note": e.note, "terms": e.terms.to_json()}
                               for e in events]})
    return out


def _evidence(store: Store, hashes: Iterable[str]) -> list[dict[str, Any]]:
    wanted, params = store.db.in_list(sorted(hashes), "text")
    rows = store.db.all(f"SELECT hash, ext, original_name, stored_at FROM evidence WHERE hash IN {wanted}"
                        " ORDER BY stored_at", params)
    return [{"hash": h, "ext": ext, "original_name": name, "stored_at": at, "file": f"evidence/{h}.{ext}"}
            for h, ext, name, at in rows]


def _photos(store: Store, person_id: int, scoped: set[str]) -> list[dict[str, Any]]:
    """The photos they are linked to (with where in which draft), and any photo a consent names by hash."""
    appearances: dict[str, list[dict[str, Any]]] = {}
    for hash_, draft_id, position, presence, description, alt in store.db.all(
            "SELECT pp.photo_hash, dp.draft_id, dp.position, p.presence, pp.description, dp.alt_text"
            " FROM photo_people pp JOIN photos p ON p.hash = pp.photo_hash"
            " LEFT JOIN draft_photos dp ON dp.photo_hash = pp.photo_hash"
            " WHERE pp.person_id = ? ORDER BY dp.draft_id, dp.position", [person_id]):
        uses = appearances.setdefault(hash_, [])  # a stored photo no draft uses is held about them too
        if draft_id is not None:
            uses.append({"draft_id": draft_id, "position": position, "presence": presence,
                         "description": description, "alt_text": alt})
    wanted = sorted(set(appearances) | scoped)
    chosen, params = store.db.in_list(wanted, "text")
    rows = store.db.all(f"SELECT hash, ext, format, width, height, original_name FROM photos WHERE hash IN {chosen}",
                        params)
    known = {row[0]: row for row in rows}
    out = []
    for hash_ in wanted:
        _h, ext, fmt, width, height, name = known.get(hash_, (hash_, None, None, None, None, ""))
        out.append({"hash": hash_, "format": fmt, "width": width, "height": height, "original_name": name,
                    "file": f"photos/{hash_}.{ext}" if ext else None, "appearances": appearances.get(hash_, [])})
    return out


def _drafts(store: Store, draft_ids: list[int]) -> list[dict[str, Any]]:
    chosen, params = store.db.in_list(draft_ids, "bigint")
    rows = store.db.all("SELECT id, text, networks, status, created_at, updated_at, deleted_at FROM drafts"
                        f" WHERE id IN {chosen} ORDER BY id", params)
    return [{"id": id_, "text": text, "networks": json.loads(nets), "status": status, "created_at": created,
             "updated_at": updated, "in_trash": deleted is not None}
            for id_, text, nets, status, created, updated, deleted in rows]


def _publications(store: Store, person_id: int) -> list[dict[str, Any]]:
    """Where photos they are linked in went, from the publication log: to whom their data was disclosed."""
    rows = store.db.all(
        "SELECT DISTINCT p.id, p.draft_id, p.network, p.published_at, p.link FROM publications p"
        " JOIN publication_photos pp ON pp.publication_id = p.id"
        " WHERE pp.photo_hash IN (SELECT photo_hash FROM photo_people WHERE person_id = ?)"
        " ORDER BY p.published_at, p.id", [person_id])
    return [{"id": id_, "draft_id": draft_id, "network": network, "published_at": day, "link": link}
            for id_, draft_id, network, day, link in rows]


# --- writing ----------------------------------------------------------------------------------


def export_person(store: Store, person_id: int, folder: Path) -> Path:
    """Write the person's file to a new ``folder`` (never an existing one); the folder.

    Raises :class:`ConsentError` when ``folder`` exists; a failure half-way
    removes the folder this call created, so no partial file is handed out.
    """
    data = person_file(store, person_id)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        raise ConsentError(_("{folder} already exists; choose a new folder so nothing is overwritten.").format(
            folder=folder)) from None
    except OSError as error:
        raise ConsentError(_("Cannot create {folder}: {reason}").format(
            folder=folder, reason=error.strerror)) from error
    try:
        _copy_files(store, data, folder)
        (folder / "person.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
        (folder / "person.html").write_text(render_html(data), "utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _copy_files(store: Store, data: dict[str, Any], folder: Path) -> None:
    """Copies of the evidence and photos, where the data folder still has them; ``file`` is ``None`` where not."""
    base = store.path.parent
    for entry in data["evidence"]:
        if not _copy(base / "evidence" / entry["hash"][:2] / f"{entry['hash']}.{entry['ext']}", folder / entry["file"]):
            entry["file"] = None
    for entry in data["photos"]:
        if entry["file"] and not _copy(base / "photos" / entry["hash"][:2] / Path(entry["file"]).name,
                                       folder / entry["file"]):
            entry["file"] = None


def _copy(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` if it exists; whether it did (the file list never names a missing copy)."""
    if not source.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


# --- the readable page ------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _rows(pairs: Iterable[tuple[str, Any]]) -> str:
    return "".join(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in pairs)


def _label(choices: dict[str, str], key: str) -> str:
    return _(choices[key]) if key in choices else key


def _scope_text(scope: dict[str, Any]) -> str:
    kind = _label(SCOPES, scope["kind"])
    if scope["kind"] == "this_photo":
        return f"{kind}: {scope['photo_hash'][:12]}…"
    if scope["kind"] == "this_event":
        return f"{kind}: {scope['event_name']} ({scope['event_date']})"
    return f"{kind}: {scope['start']} – {scope['end']}"


def _terms_rows(terms: dict[str, Any]) -> str:
    parties = "; ".join(f"{p['name']} ({_label(ROLES, p['role'])})" for p in terms["parties"])
    basis = _label(LEGAL_BASES, terms["legal_basis"]) + (f": {terms['legal_note']}" if terms["legal_note"] else "")
    return _rows([
        (_("Who consents"), parties), (_("Given at"), terms["given_at"]), (_("Recorded by"), terms["recorded_by"]),
        (_("How"), _label(METHODS, terms["method"])), (_("Witness"), terms["witness"]),
        (_("Evidence"), terms["evidence_hash"]),
        (_("Form version and language"), f"{terms['form_version']} ({terms['form_language']})"),
        (_("Told they may withdraw"), _yes(terms["informed_of_withdrawal"])),
        (_("May be photographed"), _yes(terms["photographed"])), (_("May be published"), _yes(terms["publish"])),
        (_("Which photos"), _scope_text(terms["scope"])),
        (_("Channels"), ", ".join(channel_label(c) for c in terms["channels"])),
        (_("Purpose"), terms["purpose"]), (_("Name in the caption"), _yes(terms["name_in_caption"])),
        (_("Valid from"), terms["valid_from"]), (_("Valid until"), terms["valid_until"] or "—"),
        (_("Refresh due"), terms["refresh_due"] or "—"), (_("Legal basis"), basis)])


def _kind(kind: str) -> str:
    labels = {"granted": _("Granted"), "refused": _("Refused"), "amended": _("Amended"), "withdrawn": _("Withdrawn"),
              "refreshed": _("Refreshed"), "none": _("Not yet given")}
    return labels.get(kind, kind)


def _tag(name: str, text: str) -> str:
    """``<name>text</name>``, escaped. Translated text stays outside f-strings, where Babel finds it."""
    return f"<{name}>{_e(text)}</{name}>"


def _record_html(record: dict[str, Any]) -> str:
    title = _("Record #{id}").format(id=record["id"])
    parts = [_tag("h3", f"{title} — {_kind(record['status_now'])}")]
    for event in record["events"]:
        how = _label(RECEIVED_HOW, event["received_how"]) if event["received_how"] else ""
        by = _("recorded by {name}").format(name=event["recorded_by"])
        parts.append(_tag("h4", f"{_kind(event['kind'])}: {event['effective_at']} ({by})"))
        if event["kind"] == "withdrawn":  # the terms are those just above, now ended
            received = _("Received: {how}").format(how=how)
            parts.append(_tag("p", received + (f" — {event['note']}" if event["note"] else "")))
        else:
            parts.append(f"<table>{_terms_rows(event['terms'])}</table>")
    return "\n".join(parts)


def _list(items: Iterable[str]) -> str:
    inner = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul>{inner}</ul>" if inner else _tag("p", _("None."))


def _photo_item(photo: dict[str, Any]) -> str:
    where = ", ".join(_("draft {id}, photo {n}").format(id=a["draft_id"], n=a["position"] + 1)  # as the strip counts
                      for a in photo["appearances"])
    copy = _("copy")
    link = f" — <a href=\"{_e(photo['file'])}\">{_e(copy)}</a>" if photo["file"] else ""
    return f"{_e(photo['hash'])} — {_e(where)}{link}"


def _publication_item(publication: dict[str, Any]) -> str:
    where = _("{network}, {date}, draft {id}").format(network=channel_label(publication["network"]),
                                                      date=publication["published_at"], id=publication["draft_id"])
    link = publication["link"]
    return _e(where) + (f" — <a href=\"{_e(link)}\">{_e(link)}</a>" if link else "")


def _person_rows(person: dict[str, Any]) -> str:
    return "<table>" + _rows([
        (_("Name"), person["name"]), (_("Contact"), person["contact"]), (_("Date of birth"), person["birth_date"]),
        (_("In the register since"), person["created_at"]),
        (_("Erased at"), person["erased_at"] or "—")]) + "</table>"


STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
         "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
         ".notice{background:#fff4d6;padding:.5em}")


def render_html(data: dict[str, Any]) -> str:
    """The person's file as one self-contained, escaped HTML page."""
    person = data["person"]
    title = _("Personal data held about {name}").format(name=person["name"])
    photos = (_photo_item(p) for p in data["photos"])
    drafts = (f"#{d['id']}: {_e(d['text'][:200])}" for d in data["drafts"])
    published = (_publication_item(pub) for pub in data.get("publications", ()))
    records = [_record_html(r) for r in data["records"]] or [_list([])]
    evidence = (f"<a href=\"{_e(e['file'])}\">{_e(e['original_name'] or e['hash'])}</a>" if e["file"]
                else _e(e["original_name"] or e["hash"]) for e in data["evidence"])
    body = [
        _tag("h1", title), f"<p class=\"notice\">{_e(data['notice'])}</p>",
        _tag("p", _("Exported at {moment}").format(moment=data["exported_at"])),
        _tag("h2", _("Person")), _person_rows(person),
        _tag("h2", _("Consent records")), *records,
        _tag("h2", _("Evidence")), _list(evidence),
        _tag("h2", _("Photos")), _list(photos),
        _tag("h2", _("Drafts")), _list(drafts),
        _tag("h2", _("Publications")), _list(published),
    ]
    head = f"<meta charset=\"utf-8\">{_tag('title', title)}<style>{STYLE}</style>"
    return (f"<!DOCTYPE html>\n<html lang=\"{_e(current_language())}\"><head>{head}</head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
