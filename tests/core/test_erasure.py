"""Erasing a person (GDPR art. 17), withdrawals and evidence: what the register says is what it does.

Issue 8, item 17: the confirmation said the photos stay in the drafts while
erasing removes them and deletes their files, and the files were deleted inside
the transaction, so a rollback could not bring them back. Around it: a photo
Undo that would link an erased person again, a withdrawn refusal that asked
for takedowns, a scan left behind by a record that was refused, and a
person's file without the publication log. The same in the register window:
``tests/ui/test_erasure_ui.py``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from composer.core import consent as c
from composer.core.consent import ConsentError, Scope
from composer.core.consent.person_file import export_person, person_file
from composer.core.photos import library as p
from composer.core.photos import people as who
from composer.core.photos import removal
from tests.helpers.consent import AUTHOR, PDF, Library, refusal, terms


@pytest.fixture
def lib(store, tmp_path):
    folder = tmp_path / "camera"
    folder.mkdir()
    return Library(store, folder)


def hashes_in(store, draft_id: int) -> list[str]:
    return [photo.photo.hash for photo in p.draft_photos(store, draft_id)]


# --- one plan: what the confirmation says is what erasing does ------------------------------------------


def test_the_plan_names_every_draft_and_file_and_erasing_does_exactly_that(store, lib):
    an = c.add_person(store, "An Peeters", AUTHOR, "an@example.be", birth_date=date(2001, 5, 4)).id
    bert = c.add_person(store, "Bert", AUTHOR).id
    record = c.grant_consent(store, an, terms(evidence_hash=c.store_evidence(store, PDF, "form.pdf")), AUTHOR)
    c.amend(store, record, terms(channels=("facebook",)), AUTHOR)
    story, party, other = lib.draft("Voorleesuurtje\nin de bib"), lib.draft("Zomerfeest"), lib.draft("Iets anders")
    only_an, group, background = lib.photo("an.jpg"), lib.photo("groep.jpg"), lib.photo()
    orphan, empty_room, bert_alone = lib.photo("weg.jpg"), lib.photo("zaal.jpg"), lib.photo("bert.jpg")
    lib.use(story, only_an, an)
    lib.use(story, background)
    lib.use(party, group, an)
    lib.use(party, only_an, an)
    lib.use(other, group)  # the same file: An is in it here too
    store.trash(party)
    p.detach_photo(store, lib.use(other, orphan).id)  # taken out of its draft unanswered: who is in it is unknown
    nobody = lib.use(other, empty_room)
    who.set_presence(store, nobody.id, "nobody")
    p.detach_photo(store, nobody.id)  # unused, and known to show nobody
    p.detach_photo(store, lib.use(other, bert_alone, bert).id)  # unused, and known to show Bert only

    plan = c.erasure_plan(store, an)
    assert (plan.name, plan.pseudonym) == ("An Peeters", f"Erased person #{an}")
    assert [(d.draft_id, d.first_line, d.in_trash, d.removed, d.total) for d in plan.drafts] == [
        (story, "Voorleesuurtje", False, 1, 2), (party, "Zomerfeest", True, 2, 2), (other, "Iets anders", False, 1, 1)]
    assert [photo.original_name for photo in plan.photos.deleted] == ["an.jpg", "groep.jpg"]
    assert [photo.original_name for photo in plan.photos.unused] == ["weg.jpg"]
    assert (plan.records, plan.events, plan.evidence, plan.birth_date) == (1, 2, 1, True)
    assert c.get_person(store, an).name == "An Peeters"  # a plan changes nothing
    every = (only_an, group, background, orphan, empty_room, bert_alone)
    assert all(lib.file(photo).exists() for photo in every)

    result = c.erase_person(store, an, AUTHOR, confirm=True, expected=plan)
    assert result.plan == plan and result.drafts == plan.drafts
    assert hashes_in(store, story) == [background.hash]
    assert hashes_in(store, party) == hashes_in(store, other) == []
    assert sorted(result.files_deleted) == sorted(lib.file(photo) for photo in (only_an, group, orphan))
    assert result.files_left == ()
    assert [lib.file(photo).exists() for photo in every] == [False, False, True, False, True, True]
    assert {photo.hash for photo in removal.unused_photos(store)} == {empty_room.hash, bert_alone.hash}
    assert who.photo_people(store, bert_alone) == ("people", (who.PhotoPerson(bert, "rode jas"),))
    with pytest.raises(KeyError):
        p.get_photo(store, only_an.hash)
    assert c.state_at(store, record).status == "granted"  # the proof stays, with its evidence
    assert store.db.value("SELECT count(*) FROM evidence") == 1


def test_nothing_is_erased_when_the_register_changed_since_the_plan_was_shown(store, lib):
    an = c.add_person(store, "An Peeters", AUTHOR).id
    draft = lib.draft("Voorleesuurtje")
    lib.use(draft, lib.photo(), an)
    shown = c.erasure_plan(store, an)
    later = lib.use(draft, lib.photo(), an)  # linked in another photo while the confirmation was open
    with pytest.raises(ConsentError, match="changed since you were asked"):
        c.erase_person(store, an, AUTHOR, confirm=True, expected=shown)
    assert c.get_person(store, an).erased_at is None
    assert len(p.draft_photos(store, draft)) == 2 and lib.file(later.photo).exists()
    both = tuple(used.id for used in p.draft_photos(store, draft))
    done = c.erase_person(store, an, AUTHOR, confirm=True, expected=c.erasure_plan(store, an))
    assert done.plan.photos.draft_photo_ids == both
    assert p.draft_photos(store, draft) == []


# --- files are deleted only after the commit -------------------------------------------------------------


@pytest.mark.sqlite_only("an SQLite temporary trigger stands in for a full disk")
def test_a_failure_after_the_first_file_would_go_rolls_back_and_keeps_every_file(store, lib):
    """The disk fills up half-way: the transaction rolls back, and every photo is still there, file and all."""
    an = c.add_person(store, "An Peeters", AUTHOR).id
    draft = lib.draft("Voorleesuurtje")
    first, second = lib.photo(), lib.photo()
    lib.use(draft, first, an)
    lib.use(draft, second, an)
    # the second photo row to be deleted fails, as SQLite does on a full disk
    store.db.execute("CREATE TEMP TRIGGER full_disk AFTER DELETE ON photos WHEN (SELECT count(*) FROM photos) < 1"
                  " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    with pytest.raises(sqlite3.DatabaseError, match="disk is full"):
        c.erase_person(store, an, AUTHOR, confirm=True)
    store.db.execute("DROP TRIGGER full_disk")
    assert c.get_person(store, an).erased_at is None
    assert [photo.photo.hash for photo in p.draft_photos(store, draft)] == [first.hash, second.hash]
    for photo in (first, second):
        assert lib.file(photo).exists(), "a rolled-back erasure deleted a stored file"


def test_erasing_inside_a_transaction_that_rolls_back_deletes_no_file(store, lib):
    an = c.add_person(store, "An Peeters", AUTHOR).id
    photo = lib.photo()
    lib.use(lib.draft("Voorleesuurtje"), photo, an)
    with pytest.raises(RuntimeError), store.atomic():
        c.erase_person(store, an, AUTHOR, confirm=True)
        raise RuntimeError("a later step of the caller fails")
    assert c.get_person(store, an).erased_at is None
    assert lib.file(photo).exists()


def test_a_file_that_cannot_be_deleted_is_reported_not_hidden(store, lib, monkeypatch):
    an = c.add_person(store, "An Peeters", AUTHOR).id
    photo = lib.photo()
    lib.use(lib.draft("Voorleesuurtje"), photo, an)
    stuck = lib.file(photo)
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self == stuck:
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    result = c.erase_person(store, an, AUTHOR, confirm=True)
    assert result.files_left == (stuck,) and result.files_deleted == ()
    assert c.get_person(store, an).erased_at  # the erasure itself stands


def test_unused_photos_are_forgotten_rows_first_then_files(store, lib):
    draft = lib.draft("Voorleesuurtje")
    kept, gone = lib.photo(), lib.photo()
    lib.use(draft, kept)
    p.detach_photo(store, lib.use(draft, gone).id)
    assert removal.unused_photos(store) == (p.get_photo(store, gone.hash),)
    with pytest.raises(RuntimeError), store.atomic():
        removal.forget_unused_photos(store)
    assert lib.file(gone).exists()
    assert removal.forget_unused_photos(store) == ()
    assert not lib.file(gone).exists() and lib.file(kept).exists()
    with pytest.raises(RuntimeError), store.atomic():  # files go only after a commit
        removal.delete_stored_files(store, [lib.file(kept)])


# --- an erased person comes back through no door --------------------------------------------------------


def test_undo_of_a_removed_photo_does_not_link_an_erased_person_again(store, lib):
    """Take a photo out (Undo offered), erase the person in it, press Undo: they must not come back."""
    an = c.add_person(store, "An Peeters", AUTHOR).id
    draft = lib.draft("Voorleesuurtje")
    taken = p.take_out(store, lib.use(draft, lib.photo(), an).id)
    erasure = c.erase_person(store, an, AUTHOR, confirm=True)
    with pytest.raises(KeyError):  # what the photo strip's Undo does
        p.put_back(store, taken)
    assert p.draft_photos(store, draft) == []
    assert store.db.value("SELECT count(*) FROM photo_people WHERE person_id = ?", [an]) == 0
    assert not lib.file(taken.use.photo).exists()  # An is in it: it went, although no draft used it
    assert erasure.plan.photos.deleted == (taken.use.photo,)


def test_undo_of_an_unrelated_removed_photo_still_works_when_nobody_was_erased(store, lib):
    """The photo strip's Undo needs the stored file: removing a photo from a draft keeps it."""
    draft = lib.draft("Voorleesuurtje")
    removed = lib.use(draft, lib.photo())
    p.set_alt_text(store, removed.id, "Kinderen luisteren")
    taken = p.take_out(store, removed.id)
    assert lib.file(taken.use.photo).exists()
    back = p.put_back(store, taken)
    assert p.get_draft_photo(store, back.id).alt_text == "Kinderen luisteren"


def test_undo_after_the_photo_was_deleted_says_so(store, lib):
    """An Undo offered before the unused photo was deleted: it says why it cannot put it back."""
    draft = lib.draft("Voorleesuurtje")
    taken = p.take_out(store, lib.use(draft, lib.photo()).id)
    assert removal.forget_unused_photos(store) == ()
    with pytest.raises(KeyError) as raised:  # what the photo strip catches
        p.put_back(store, taken)
    assert str(raised.value) == ("This photo is no longer in the data folder: it was deleted once no draft used it "
                                 "any more.")
    assert p.draft_photos(store, draft) == []


def test_an_erased_person_is_linked_to_no_photo(store, lib):
    an = c.add_person(store, "An Peeters", AUTHOR).id
    c.erase_person(store, an, AUTHOR, confirm=True)
    used = lib.use(lib.draft("Voorleesuurtje"), lib.photo())
    with pytest.raises(KeyError) as raised:  # what the photo strip catches
        who.link_person(store, used.id, an, "rode jas")
    assert p.get_draft_photo(store, used.id).people == ()
    assert isinstance(raised.value, who.ErasedPerson)
    assert str(raised.value) == f"Person #{an} was erased from the register: they can be linked to no photo."


# --- withdrawals: a refusal withdrawn takes nothing down ------------------------------------------------


def test_withdrawing_a_refusal_flags_no_draft_and_asks_for_no_takedown(store, lib):
    jef = c.add_person(store, "Jef Vermeulen", AUTHOR).id
    no = c.record_refusal(store, jef, refusal(), AUTHOR)
    draft = lib.draft("Sfeerbeeld")
    lib.use(draft, lib.photo(), jef)
    result = c.withdraw(store, record_id=no, received_how="in_person", author=AUTHOR)
    assert store.get(draft).status == "draft"
    assert result.drafts == () and result.publications == ()
    assert not result.consent_ended


def test_a_withdrawal_says_which_channels_another_consent_still_allows(store, lib):
    an = c.add_person(store, "An Peeters", AUTHOR).id
    first = c.grant_consent(store, an, terms(channels=("facebook",)), AUTHOR)
    c.grant_consent(store, an, terms(channels=("website",)), AUTHOR)
    draft = lib.draft("Voorleesuurtje")
    lib.use(draft, lib.photo(), an)
    result = c.withdraw(store, record_id=first, received_how="email", author=AUTHOR)
    assert result.consent_ended and result.still_allowed == ("website",)
    assert [d.draft_id for d in result.drafts] == [draft]
    assert store.get(draft).status == "consent_withdrawn"


# --- evidence: a record that is refused leaves no scan behind ------------------------------------------


def test_a_scan_stored_for_a_record_that_is_then_refused_is_deleted_again(store, tmp_path):
    kid = c.add_person(store, "Lotte Peeters", AUTHOR, birth_date=c.today() - timedelta(days=365 * 8)).id
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(PDF)
    before_birth = datetime.now(UTC) - timedelta(days=365 * 9)
    late = terms(given_at=before_birth, valid_until=None,
                 scope=Scope.period(c.local_date(before_birth), c.today() + timedelta(days=30)))
    with pytest.raises(ConsentError, match="before the person was born"):
        c.record_with_evidence(store, scan, scan.name, lambda digest: c.grant_consent(
            store, kid, replace(late, evidence_hash=digest), AUTHOR))
    assert store.db.value("SELECT count(*) FROM evidence") == 0
    assert not [f for f in (store.path.parent / "evidence").rglob("*") if f.is_file()]
    # the same scan already kept for another record stays when a second record is refused
    adult = c.add_person(store, "An Peeters", AUTHOR).id
    kept = c.record_with_evidence(store, scan, scan.name, lambda digest: c.grant_consent(
        store, adult, terms(evidence_hash=digest), AUTHOR))
    with pytest.raises(ConsentError):
        c.record_with_evidence(store, scan, scan.name, lambda digest: c.grant_consent(
            store, kid, replace(late, evidence_hash=digest), AUTHOR))
    (stored,) = [f for f in (store.path.parent / "evidence").rglob("*") if f.is_file()]
    assert stored.read_bytes() == PDF and c.state_at(store, kept).terms.evidence_hash == stored.stem


# --- a person's file: where their photos were published -------------------------------------------------


def test_a_persons_file_says_where_their_photos_were_published(store, lib, tmp_path):
    from composer.core.export.publications import mark_published

    an = c.add_person(store, "An Peeters", AUTHOR).id
    c.grant_consent(store, an, terms(), AUTHOR)
    shown, without = lib.draft("Voorleesuurtje"), lib.draft("Zonder An")
    lib.use(shown, lib.photo(), an)
    lib.use(without, lib.photo())
    mark_published(store, shown, "facebook", c.today(), "https://facebook.example/post/1", author=AUTHOR)
    mark_published(store, without, "facebook", c.today(), "https://facebook.example/post/2", author=AUTHOR)
    data = person_file(store, an)
    assert [(pub["draft_id"], pub["network"], pub["published_at"], pub["link"]) for pub in data["publications"]] \
        == [(shown, "facebook", c.today().isoformat(), "https://facebook.example/post/1")]
    folder = export_person(store, an, tmp_path / "file")
    assert json.loads((folder / "person.json").read_text("utf-8"))["publications"][0]["network"] == "facebook"
    page = (folder / "person.html").read_text("utf-8")
    assert "Publications" in page and "https://facebook.example/post/1" in page
    assert "https://facebook.example/post/2" not in page


def test_a_persons_file_links_only_the_copies_it_holds_and_counts_photos_from_one(store, lib, tmp_path):
    an = c.add_person(store, "An Peeters", AUTHOR).id
    c.grant_consent(store, an, terms(evidence_hash=c.store_evidence(store, PDF, "form.pdf")), AUTHOR)
    draft = lib.draft("Voorleesuurtje")
    lib.use(draft, lib.photo("zaal.jpg"))
    kept, lost = lib.photo("an.jpg"), lib.photo("kwijt.jpg")
    lib.use(draft, kept, an)
    lib.use(draft, lost, an)
    lib.file(lost).unlink()  # gone from the data folder (a disk problem, a sync tool)
    folder = export_person(store, an, tmp_path / "file")
    data = json.loads((folder / "person.json").read_text("utf-8"))
    files = {photo["original_name"]: photo["file"] for photo in data["photos"]}
    assert files["kwijt.jpg"] is None and (folder / files["an.jpg"]).is_file()
    assert (folder / data["evidence"][0]["file"]).read_bytes() == PDF
    page = (folder / "person.html").read_text("utf-8")
    assert page.count(">copy</a>") == 1
    assert f"draft {draft}, photo 2" in page and f"draft {draft}, photo 3" in page  # as the photo strip counts
