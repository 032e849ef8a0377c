"""Crops per network, the publication log, the weekly rhythm (``cadence``) and takedowns after a withdrawal."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta

import pytest

from composer.core import consent as c
from composer.core.checklist import CheckContext, Status, run_checks
from composer.core.consent import Scope
from composer.core.drafts.draft import Draft
from composer.core.export import publications as p
from composer.core.house_style import HouseStyle, HouseStyleError
from composer.core.photos import crops as cr
from tests.helpers.consent import AUTHOR, add_photo, photo_hash, terms

WEDNESDAY = date(2025, 3, 12)  # ISO week 11: Monday 10 March to Sunday 16 March


def draft(store, networks=("facebook", "instagram"), photos=()) -> Draft:
    made = store.create(AUTHOR, text="Voorleesuurtje in de bib!", networks=networks)
    for n in photos:
        add_photo(store, made.id, n, presence=None, alt="", file=n, size=(4000, 3000))
    return made


def rows(store, table: str) -> int:
    return store.db.value(f"SELECT count(*) FROM {table}")


# --- crops ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width, height, ratio, expected", [
    (4000, 3000, "1:1", (0.125, 0.0, 0.75, 1.0)),          # landscape to square: cut the sides
    (4000, 3000, "4:5", (0.2, 0.0, 0.6, 1.0)),
    (3000, 4000, "1:1", (0.0, 0.125, 1.0, 0.75)),          # portrait to square: cut top and bottom
    (4000, 3000, "16:9", (0.0, 0.125, 1.0, 0.75)),
    (1910, 1000, "1.91:1", (0.0, 0.0, 1.0, 1.0)),          # already the shape: the whole photo
    (4000, 3000, "free", (0.0, 0.0, 1.0, 1.0)),
])
def test_the_default_crop_is_the_largest_centred_rectangle_of_the_shape(width, height, ratio, expected):
    crop = cr.default_crop(width, height, ratio)
    assert (crop.x, crop.y, crop.width, crop.height) == pytest.approx(expected)
    left, top, right, bottom = crop.pixels(width, height)
    wanted = cr.parse_ratio(ratio)
    if wanted:
        assert (right - left) / (bottom - top) == pytest.approx(wanted, rel=0.01)
    assert left - 0 == pytest.approx(width - right, abs=1) and top == pytest.approx(height - bottom, abs=1)


def test_a_1_91_crop_of_a_portrait_keeps_the_full_width():
    crop = cr.default_crop(3000, 4000, "1.91:1")
    assert crop.width == 1.0 and crop.height == pytest.approx(3000 / 1.91 / 4000)
    assert crop.y == pytest.approx((1 - crop.height) / 2)


@pytest.mark.parametrize("ratio", ["", "square", "0:1", "1:0", "4/5", "-1:1"])
def test_a_shape_that_makes_no_sense_is_refused(ratio):
    if ratio == "":
        assert cr.parse_ratio(ratio) is None
        return
    with pytest.raises(cr.CropError, match="shape"):
        cr.default_crop(100, 100, ratio)


def test_a_crop_is_stored_as_a_rectangle_and_can_be_redone(store):
    made = draft(store, photos=[1, 2])
    first, second = (dp.id for dp in _draft_photos(store, made.id))
    cr.set_crop(store, first, "instagram", 0.1, 0.2, 0.5, 0.5)
    cr.set_crop(store, first, "facebook", 0, 0, 1, 0.52)
    cr.set_crop(store, first, "instagram", 0.2, 0.2, 0.6, 0.6)  # redone: replaced, not added
    assert cr.get_crop(store, first, "instagram") == cr.Crop(0.2, 0.2, 0.6, 0.6)
    assert cr.get_crop(store, second, "instagram") is None
    assert cr.crops_for(store, made.id) == {(first, "instagram"): cr.Crop(0.2, 0.2, 0.6, 0.6),
                                            (first, "facebook"): cr.Crop(0, 0, 1, 0.52)}
    cr.clear_crop(store, first, "instagram")
    assert set(cr.crops_for(store, made.id)) == {(first, "facebook")}
    cr.clear_crop(store, first)
    assert cr.crops_for(store, made.id) == {}


@pytest.mark.parametrize("rect, message", [
    ((-0.1, 0, 0.5, 0.5), "outside the photo"),
    ((0.6, 0, 0.5, 0.5), "outside the photo"),
    ((0, 0.5, 1, 0.6), "outside the photo"),
    ((0, 0, 0, 0.5), "greater than zero"),
    ((0, 0, 0.5, -1), "greater than zero"),
    ((0, 0, float("nan"), 0.5), "four numbers"),
    ((0, 0, "1", 0.5), "four numbers"),
    ((True, 0, 0.5, 0.5), "four numbers"),
])
def test_a_crop_outside_the_photo_is_refused_and_nothing_is_written(store, rect, message):
    made = draft(store, photos=[1])
    (photo,) = _draft_photos(store, made.id)
    with pytest.raises(cr.CropError, match=message):
        cr.set_crop(store, photo.id, "instagram", *rect)
    assert rows(store, "crops") == 0


def test_a_crop_for_an_unknown_network_or_photo_is_refused(store):
    made = draft(store, photos=[1])
    (photo,) = _draft_photos(store, made.id)
    with pytest.raises(cr.CropError, match="Unknown network"):
        cr.set_crop(store, photo.id, "myspace", 0, 0, 1, 1)
    with pytest.raises(cr.CropError, match="no longer in the draft"):
        cr.set_crop(store, photo.id + 99, "instagram", 0, 0, 1, 1)
    assert rows(store, "crops") == 0


def test_edges_within_rounding_are_accepted_and_clamped(store):
    made = draft(store, photos=[1])
    (photo,) = _draft_photos(store, made.id)
    crop = cr.set_crop(store, photo.id, "x", 0.3, 0.0, 0.7000000000000001, 1.0)
    assert crop.x + crop.width <= 1.0


def test_a_crop_goes_when_its_photo_leaves_the_draft(store):
    from composer.core.photos.library import detach_photo

    made = draft(store, photos=[1])
    (photo,) = _draft_photos(store, made.id)
    cr.set_crop(store, photo.id, "instagram", 0, 0, 1, 1)
    detach_photo(store, photo.id)
    assert rows(store, "crops") == 0


def _draft_photos(store, draft_id):
    from composer.core.photos.library import draft_photos

    return draft_photos(store, draft_id)


# --- marking as published -----------------------------------------------------------------------------


def test_marking_records_the_post_and_the_photos_that_went_with_it(store):
    made = draft(store, photos=[2, 1])
    record = p.mark_published(store, made.id, "facebook", WEDNESDAY, "https://www.facebook.com/bib/posts/1",
                              author=AUTHOR, today=WEDNESDAY)
    assert record.photos == (p.PublishedPhoto(photo_hash(1), 0), p.PublishedPhoto(photo_hash(2), 1))
    assert p.publications_of(store, made.id) == [record]
    assert record.recorded_by == store.author(AUTHOR) and record.published_at == WEDNESDAY
    # the consent register reads the same log
    assert c.publications(store, [made.id]) == (
        c.Publication(made.id, "facebook", "2025-03-12", "https://www.facebook.com/bib/posts/1"),)


@pytest.mark.parametrize("network, day, link, author, message", [
    ("myspace", WEDNESDAY, "", AUTHOR, "Unknown network"),
    ("facebook", WEDNESDAY + timedelta(days=1), "", AUTHOR, "in the future"),
    ("facebook", "12/03/2025", "", AUTHOR, "not a date"),
    ("facebook", date(1999, 12, 31), "", AUTHOR, "makes no sense"),
    ("facebook", WEDNESDAY, "www.facebook.com/bib", AUTHOR, "web address"),
    ("facebook", WEDNESDAY, "javascript:alert(1)", AUTHOR, "web address"),
    ("facebook", WEDNESDAY, "https://face book.com/x", AUTHOR, "web address"),
    ("facebook", WEDNESDAY, "", "  ", "who records"),
])
def test_a_publication_that_makes_no_sense_is_refused_and_nothing_is_written(store, network, day, link, author,
                                                                             message):
    made = draft(store, photos=[1])
    with pytest.raises(p.PublicationError, match=message):
        p.mark_published(store, made.id, network, day, link, author=author, today=WEDNESDAY)
    assert rows(store, "publications") == rows(store, "publication_photos") == 0


def test_an_unknown_draft_and_a_double_mark_are_refused(store):
    made = draft(store)
    with pytest.raises(p.PublicationError, match="does not exist"):
        p.mark_published(store, made.id + 1, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    p.mark_published(store, made.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    with pytest.raises(p.PublicationError, match="already marked"):
        p.mark_published(store, made.id, "facebook", "2025-03-12", author=AUTHOR, today=WEDNESDAY)
    p.mark_published(store, made.id, "instagram", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    assert rows(store, "publications") == 2


def test_a_local_datetime_counts_as_its_local_date(store):
    made = draft(store)
    moment = datetime(2025, 3, 12, 23, 30).astimezone()
    record = p.mark_published(store, made.id, "x", moment.astimezone(UTC), author=AUTHOR, today=WEDNESDAY)
    assert record.published_at == WEDNESDAY


def test_a_mistaken_mark_can_be_undone_with_its_photos(store):
    made = draft(store, photos=[1, 2])
    record = p.mark_published(store, made.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    assert p.unmark_published(store, record.id) == record
    assert rows(store, "publications") == rows(store, "publication_photos") == 0
    with pytest.raises(p.PublicationError, match="not in the log"):
        p.unmark_published(store, record.id)


def test_the_photos_are_kept_as_they_went_out(store):
    from composer.core.photos.library import detach_photo

    made = draft(store, photos=[1, 2])
    record = p.mark_published(store, made.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    detach_photo(store, _draft_photos(store, made.id)[0].id)
    assert p.publications_of(store, made.id)[0].photos == record.photos


# --- statistics per ISO week ---------------------------------------------------------------------------


def test_stats_count_the_current_iso_week_across_a_week_boundary(store):
    made = [draft(store) for _ in range(5)]
    sunday_before, monday, sunday = date(2025, 3, 9), date(2025, 3, 10), date(2025, 3, 16)
    for d, day in zip(made, (sunday_before, monday, WEDNESDAY, sunday, date(2025, 3, 17)), strict=True):
        p.mark_published(store, d.id, "facebook", day, author=AUTHOR, today=date(2025, 3, 17))
    p.mark_published(store, made[0].id, "instagram", date(2025, 1, 31), author=AUTHOR, today=WEDNESDAY)
    stats = p.publication_stats(store, on=WEDNESDAY)
    assert stats.week_start == monday
    assert stats.this_week == {"facebook": 3}  # Monday, Wednesday and Sunday; not the Sunday before
    assert stats.latest == {"facebook": WEDNESDAY, "instagram": date(2025, 1, 31)}
    assert stats.days_since("instagram") == 40 and stats.days_since("x") is None
    next_monday = p.publication_stats(store, on=date(2025, 3, 17))
    assert next_monday.this_week == {"facebook": 1} and next_monday.latest["facebook"] == date(2025, 3, 17)
    assert p.publication_stats(store, on=sunday_before).this_week == {"facebook": 1}
    assert pickle.loads(pickle.dumps(stats)) == stats  # it travels to the checker process


def test_stats_know_where_the_draft_itself_already_went(store):
    mine, other = draft(store), draft(store)
    p.mark_published(store, mine.id, "facebook", WEDNESDAY, author=AUTHOR, today=WEDNESDAY)
    assert p.publication_stats(store, on=WEDNESDAY, draft_id=mine.id).published == {"facebook": WEDNESDAY}
    assert p.publication_stats(store, on=WEDNESDAY, draft_id=other.id).published == {}
    assert p.publication_stats(store, on=WEDNESDAY).published == {}


def test_stats_of_an_empty_log(store):
    stats = p.publication_stats(store)
    assert stats.empty and stats.on == c.today()


# --- house style: the rhythm ----------------------------------------------------------------------------


def test_the_rhythm_is_a_house_style_setting_that_travels_in_the_file():
    style = HouseStyle.from_dict({"cadence": {"instagram": 3, "facebook": 5}})
    assert style.cadence == {"facebook": 5, "instagram": 3}
    assert HouseStyle.from_json(style.to_json()) == style
    assert HouseStyle().cadence == {} and HouseStyle.from_dict({}).cadence == {}


@pytest.mark.parametrize("value, message", [
    ({"myspace": 3}, "unknown network"),
    ({"facebook": 0}, "from 1 to 100"),
    ({"facebook": 101}, "from 1 to 100"),
    ({"facebook": "5"}, "from 1 to 100"),
    ({"facebook": True}, "from 1 to 100"),
    ({"facebook": 2.5}, "from 1 to 100"),
    ([5], "most posts a week"),
])
def test_a_rhythm_that_makes_no_sense_is_refused(value, message):
    with pytest.raises(HouseStyleError, match=message):
        HouseStyle.from_dict({"cadence": value})


# --- the cadence check ------------------------------------------------------------------------------


def cadence_checks(networks, stats, cadence=None):
    post = Draft(text="Nieuw in de bib!", networks=tuple(networks))
    context = CheckContext(HouseStyle(cadence=cadence or {}), publications=stats)
    return [check for check in run_checks(post, context) if check.id == "cadence"]


def stats_with(week=None, latest=None, published=None, on=WEDNESDAY):
    return p.PublicationStats(on, dict(week or {}), dict(latest or {}), dict(published or {}))


def test_cadence_warns_when_the_post_would_pass_the_weekly_rhythm():
    stats = stats_with(week={"facebook": 5, "instagram": 2}, latest={"facebook": WEDNESDAY, "instagram": WEDNESDAY})
    found = cadence_checks(["facebook", "instagram"], stats, {"facebook": 5, "instagram": 3})
    warn = [ch for ch in found if ch.status is Status.WARN]
    assert [ch.network for ch in warn] == ["facebook"]
    assert warn[0].message == ("Facebook: this would be post 6 this week; the library's rhythm is at most 5 a week.")
    assert not warn[0].blocks_export and warn[0].guideline == "3"
    (fine,) = [ch for ch in found if ch.status is Status.PASS]
    assert "Instagram: post 3 this week (at most 3)" in fine.message


def test_cadence_at_the_limit_is_fine():
    stats = stats_with(week={"facebook": 4}, latest={"facebook": WEDNESDAY})
    (check,) = cadence_checks(["facebook"], stats, {"facebook": 5})
    assert check.status is Status.PASS and "post 5 this week" in check.message


def test_a_long_silence_is_a_gentle_hint_not_a_warning():
    stats = stats_with(latest={"instagram": WEDNESDAY - timedelta(days=42)})
    (check,) = cadence_checks(["instagram"], stats)
    assert check.status is Status.PASS
    assert check.message == "Nothing on Instagram for 42 days: welcome back!"
    (recent,) = cadence_checks(["instagram"], stats_with(latest={"instagram": WEDNESDAY - timedelta(days=29)}))
    assert "welcome back" not in recent.message


def test_cadence_is_not_applicable_without_a_rhythm_or_any_post():
    (check,) = cadence_checks(["facebook"], stats_with())
    assert check.status is Status.NA
    (check,) = cadence_checks(["facebook"], None)
    assert check.status is Status.NA
    (check,) = cadence_checks(["facebook"], stats_with(latest={"x": WEDNESDAY}))  # posts elsewhere only
    assert check.status is Status.NA
    (check,) = cadence_checks(["facebook"], None, {"facebook": 5})  # a rhythm, but the log was not read
    assert check.status is Status.NA and "not consulted" in check.message


def test_a_network_this_draft_already_went_to_is_not_counted_again():
    stats = stats_with(week={"facebook": 5}, latest={"facebook": WEDNESDAY}, published={"facebook": WEDNESDAY})
    (check,) = cadence_checks(["facebook"], stats, {"facebook": 5})
    assert check.status is Status.PASS and "published there on 2025-03-12" in check.message


def test_cadence_from_the_log_end_to_end(store):
    style = HouseStyle(cadence={"facebook": 2})
    earlier = [draft(store) for _ in range(2)]
    today = c.today()
    for d in earlier:
        p.mark_published(store, d.id, "facebook", today, author=AUTHOR)
    new = draft(store, networks=("facebook",))
    stats = p.publication_stats(store, draft_id=new.id)
    found = [ch for ch in run_checks(new, CheckContext(style, publications=stats)) if ch.id == "cadence"]
    assert [ch.status for ch in found] == [Status.WARN]
    assert "post 3 this week" in found[0].message


def test_the_cadence_quote_is_the_roundtables():
    from composer.core.checklist import quote
    from composer.core.checklist.why import statement

    assert statement("cadence") == "3"
    assert "overspoeld" in quote("cadence", "nl") and "flooded" in quote("cadence", "en")


# --- withdrawal lists the takedowns ------------------------------------------------------------------


def test_a_withdrawal_after_a_publication_lists_it_for_takedown(store):
    pid = c.add_person(store, "An Peeters", AUTHOR).id
    now = datetime.now(UTC)
    given = terms(given_at=now - timedelta(days=10), channels=("facebook", "instagram"),
                  scope=Scope.period(c.today() - timedelta(days=10), c.today() + timedelta(days=300)),
                  purpose="Library activities", valid_until=c.today() + timedelta(days=300))
    record = c.grant_consent(store, pid, given, AUTHOR)
    made = draft(store, photos=[1])
    from composer.core.photos.library import link_person

    link_person(store, _draft_photos(store, made.id)[0].id, pid)
    p.mark_published(store, made.id, "instagram", c.today() - timedelta(days=2),
                     "https://www.instagram.com/p/abc", author=AUTHOR)
    withdrawal = c.withdraw(store, record_id=record, received_how="email", author=AUTHOR)
    assert withdrawal.publications == (c.Publication(made.id, "instagram",
                                                     (c.today() - timedelta(days=2)).isoformat(),
                                                     "https://www.instagram.com/p/abc"),)
