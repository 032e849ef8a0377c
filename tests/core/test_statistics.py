"""The anonymised statistics file for research: its documented format, and nothing in it that says who or what
(issue 13, point 8)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from composer.core.drafts.draft import AUDIENCES, PURPOSES
from composer.core.export.publications import mark_published
from composer.core.networks.facts import NETWORKS
from composer.core.planning import statistics as st
from composer.core.planning.statistics import FIGURES, KEYS, Months, StatisticsError
from composer.core.storage.store import now
from tests.helpers.drafts import described_photo
from tests.helpers.images import flat_jpeg
from tests.helpers.planning import feedback, new_draft, post, publish, spend

SPRING = Months("2025-03", "2025-05")
DOC = Path(__file__).resolve().parents[2] / "docs" / "statistics-format.md"


def rows_of(store, months=SPRING):
    return st.statistics(store, months, date(2025, 6, 2))["rows"]


def test_the_file_says_its_format_version_and_period(store):
    content = st.statistics(store, SPRING, date(2025, 6, 2))
    assert (content["format"], content["version"]) == ("post-composer-statistics", 1)
    assert content["period"] == {"first_month": "2025-03", "last_month": "2025-05"}
    assert content["created"] == "2025-06"
    assert content["fields"] == [*KEYS, *FIGURES]
    assert content["codes"]["network"] == [*NETWORKS, "other"]
    assert content["rows"] == []
    assert json.loads(st.statistics_text(content)) == content


def test_a_row_per_month_purpose_audience_and_network_with_counts_time_and_feedback(store):
    draft = new_draft(store, purpose="event", audience="students")
    spend(store, draft, 40)
    feedback(store, publish(store, draft, "instagram", "2025-03-04"), comments=3, questions=2, suggestions=1,
             shares=4, likes=20, reach=900)
    publish(store, draft, "facebook", "2025-03-05")  # no feedback recorded
    post(store, "instagram", "2025-04-09", 1, purpose=None, audience=None)
    post(store, "instagram", "2025-06-01", 5)  # after the period
    rows = rows_of(store)
    assert [(r["month"], r["purpose"], r["audience"], r["network"]) for r in rows] == [
        ("2025-03", "event", "students", "facebook"), ("2025-03", "event", "students", "instagram"),
        ("2025-04", None, None, "instagram")]
    facebook, instagram, unsaid = rows
    assert instagram == {"month": "2025-03", "purpose": "event", "audience": "students", "network": "instagram",
                         "posts": 1, "posts_with_feedback": 1, "posts_with_time": 1, "minutes": 20.0,
                         "minutes_with_feedback": 20.0, "comments": 3, "questions": 2, "suggestions": 1, "shares": 4,
                         "likes": 20, "posts_with_reach": 1, "reach": 900}
    assert (facebook["posts"], facebook["posts_with_feedback"], facebook["minutes"], facebook["likes"]) == (1, 0, 20, 0)
    assert (unsaid["posts_with_time"], unsaid["minutes"], unsaid["comments"]) == (0, 0.0, 1)


def test_nothing_in_the_file_says_who_or_what(store, tmp_path):
    """Distinctive texts, names, links, notes and hashes in every table the file is made from: none comes out."""
    secrets = ["Zorgvuldig-geheime-tekst", "Xanthippe Vercruysse", "https://example.org/geheim-bericht-4711",
               "Notitie-over-mevrouw-Quast", "Eigen-doelgroep-Erasmusclub", "Correctie-foto's-Jozefien"]
    draft = store.create(secrets[1], text=secrets[0] + " met een prachtig boek", networks=("instagram",),
                         purpose="dialogue", audience=secrets[4])
    described_photo(store, draft.id, flat_jpeg((320, 200), (10, 120, 200)))
    record = mark_published(store, draft.id, "instagram", "2025-04-02", secrets[2], author=secrets[1],
                            today=date(2025, 6, 1))
    spend(store, draft.id, 25, author=secrets[1], note=secrets[5])
    feedback(store, record.id, comments=2, note=secrets[3])
    store.db.execute("UPDATE drafts SET purpose = ? WHERE id = ?", ["Eigen-doel-Bibliotheek-Zwijndrecht", draft.id])
    secrets += ["Eigen-doel-Bibliotheek-Zwijndrecht", store.author(secrets[1]), *(p.photo_hash for p in record.photos)]
    assert record.photos  # the publication's photo, kept by its hash
    text = st.statistics_text(st.statistics(store, SPRING))
    for secret in secrets:
        assert secret.lower() not in text.lower()
    (row,) = json.loads(text)["rows"]
    assert (row["purpose"], row["audience"], row["network"]) == ("other", "other", "instagram")
    assert set(row) == {*KEYS, *FIGURES}
    assert all(isinstance(row[name], int | float) for name in FIGURES)
    stamp = now()[:10]
    assert stamp not in text  # not even when things were recorded


def test_every_code_is_one_of_the_formats_lists(store):
    for purpose, audience in (("event", "artists"), (None, "researchers"), ("heritage", None)):
        post(store, "bluesky", "2025-05-05", 2, purpose=purpose, audience=audience)
    for row in rows_of(store):
        assert row["purpose"] in (*PURPOSES, "other", None) and row["audience"] in (*AUDIENCES, "other", None)


def test_the_months_chosen_and_the_history_in_the_log(store):
    assert st.history_months(store) is None
    post(store, "x", "2024-11-30", 1)
    post(store, "x", "2025-02-01", 1)
    assert st.history_months(store) == Months("2024-11", "2025-02")
    assert st.months(date(2025, 2, 14), date(2025, 2, 1)) == Months("2025-02", "2025-02")
    assert Months("2024-02", "2024-02").end == date(2024, 2, 29)
    with pytest.raises(StatisticsError, match="ends"):
        st.months(date(2025, 3, 1), date(2025, 2, 28))


def test_the_file_written_is_the_text_shown(store, tmp_path):
    post(store, "mastodon", "2025-03-03", 4, minutes=12)
    shown = st.statistics_text(st.statistics(store, SPRING))
    path = st.write_statistics(tmp_path / "statistics.json", shown)
    assert path.read_text("utf-8") == shown


def test_every_field_is_documented():
    doc = DOC.read_text("utf-8")
    for name in ("format", "version", "generator", "created", "period", "first_month", "last_month", "codes",
                 "fields", "rows", *KEYS, *FIGURES, *PURPOSES, *AUDIENCES, *NETWORKS):
        assert f"`{name}`" in doc, name
