"""The report of return against effort: its figures, its sentences, its CSV and PDF (issue 13, point 5)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from composer.core import i18n
from composer.core.planning import periods
from composer.core.planning.periods import Period, PeriodError
from composer.core.planning.report import build_report, decimal, with_colleagues
from composer.core.planning.report_files import CSV_COLUMNS, csv_text, pdf_bytes, write_csv, write_pdf
from tests.helpers.planning import feedback, new_draft, post, publish, spend

Q2 = periods.quarter_of(date(2025, 5, 1))  # April–June 2025
Q1_DAY, Q2_DAY = date(2025, 2, 10), date(2025, 4, 10)


def group(report, dimension, key):
    return next(g for g in report.rows(dimension) if g.key == key).figures


def test_a_draft_on_three_networks_counts_its_time_once_shared_equally(store):
    draft = new_draft(store)
    spend(store, draft, 30)
    for network in ("instagram", "facebook", "x"):
        feedback(store, publish(store, draft, network, Q2_DAY), comments=3)
    report = build_report(store, Q2)
    assert report.total.posts == 3
    assert report.total.minutes == pytest.approx(30)
    assert [round(group(report, "network", n).minutes, 6) for n in ("instagram", "facebook", "x")] == [10, 10, 10]
    assert report.total.per_hour == pytest.approx(9 / 0.5)


def test_a_share_of_time_stays_with_its_period(store):
    draft = new_draft(store)
    spend(store, draft, 40)
    publish(store, draft, "instagram", Q1_DAY)
    publish(store, draft, "facebook", Q2_DAY)
    assert build_report(store, Q2).total.minutes == pytest.approx(20)
    assert build_report(store, Q2).previous.minutes == pytest.approx(20)


def test_responses_are_comments_questions_and_suggestions_with_likes_apart(store):
    draft = new_draft(store)
    feedback(store, publish(store, draft, "instagram", Q2_DAY), comments=2, questions=1, suggestions=1, likes=50,
             shares=7)
    total = build_report(store, Q2).total
    assert (total.responses, total.likes, total.shares) == (4, 50, 7)
    assert total.per_post == 4 and total.likes_per_post == 50


def test_per_post_counts_the_posts_with_feedback_and_per_hour_those_with_time(store):
    post(store, "instagram", Q2_DAY, 6, minutes=30)
    post(store, "instagram", Q2_DAY, None, minutes=30)  # no feedback recorded: not a post without response
    post(store, "instagram", Q2_DAY, 4)  # written before time was measured: not free
    total = build_report(store, Q2).total
    assert (total.posts, total.with_feedback, total.timed) == (3, 2, 1)
    assert total.per_post == 5
    assert total.per_hour == 12  # 6 responses in half an hour


def test_a_negative_correction_never_makes_time_negative(store):
    draft = new_draft(store)
    spend(store, draft, 10, extra_minutes=-25)
    feedback(store, publish(store, draft, "instagram", Q2_DAY), comments=1)
    total = build_report(store, Q2).total
    assert total.minutes == 0 and total.per_hour is None


def test_groups_per_purpose_audience_network_and_every_month_of_the_period(store):
    post(store, "instagram", date(2025, 4, 2), 3, purpose="dialogue", audience="students", minutes=10)
    post(store, "facebook", date(2025, 6, 30), 1, purpose="event", audience=None, minutes=20)
    post(store, "facebook", date(2025, 7, 1), 9, purpose="event")  # the next quarter
    report = build_report(store, Q2)
    assert {g.key for g in report.rows("purpose")} == {"dialogue", "event"}
    assert {g.key for g in report.rows("audience")} == {"students", None}
    assert group(report, "network", "facebook").responses == 1
    assert [(g.key, g.figures.posts) for g in report.rows("month")] == [("2025-04", 1), ("2025-05", 0),
                                                                         ("2025-06", 1)]
    assert {(g.key, g.network) for g in report.cross} == {("students", "instagram"), (None, "facebook")}


def test_the_report_answers_the_roundtables_questions_in_words(store):
    for day in range(1, 6):
        post(store, "instagram", date(2025, 4, day), 4, purpose="dialogue", minutes=30)
        post(store, "facebook", date(2025, 4, day), 1, purpose="event", minutes=30)
        post(store, "facebook", date(2025, 1, day), 1, purpose="event", minutes=60)
    said = build_report(store, Q2).sentences
    assert said[0] == ("10 posts, 5.0 h of work. Feedback recorded for 10 of them: 25 responses (comments, "
                       "questions, suggestions), 2.5 per post.")
    assert ("Most dialogue came from “Dialogue: a question to the public” posts: 4.0 responses per post; least "
            "from “Event” posts: 1.0.") in said
    assert "Posts for students bring most dialogue on Instagram: 4.0 responses per post (Facebook: 1.0)." in said
    assert "Is the effort paying off? 5.0 responses per hour of work this quarter, 1.0 the quarter before." in said
    assert said[-1] == "Likes, counted apart: 0 (0.0 per post)."


def test_without_enough_data_the_report_says_so_rather_than_guess(store):
    post(store, "instagram", Q2_DAY, 4, minutes=30)
    post(store, "facebook", Q2_DAY, 1, purpose="event", minutes=30)
    said = build_report(store, Q2).sentences
    assert any(s.startswith("Not enough feedback yet to say which kinds of posts bring dialogue") for s in said)
    assert any(s.startswith("Not enough feedback yet to say which network suits which audience") for s in said)
    assert any(s.startswith("Not enough feedback on posts with recorded writing time") for s in said)


def test_a_period_without_posts_says_nothing_else(store):
    assert build_report(store, Q2).sentences == ("No post was marked as published in this period.",)


@pytest.mark.sqlite_only("on the team database the server writes the login as the author of the time")
def test_colleagues_share_a_post_by_the_time_each_spent(store):
    draft = new_draft(store, author="An")
    spend(store, draft, 30, author="An")
    spend(store, draft, 10, author="Bo")
    feedback(store, publish(store, draft, "instagram", Q2_DAY), comments=8, likes=4)
    alone = new_draft(store, author="Cas")  # nobody's time recorded: its creator's post
    feedback(store, publish(store, alone, "x", Q2_DAY), comments=1)
    report = build_report(store, Q2)
    an, bo, cas = (group(report, "colleague", name) for name in ("An", "Bo", "Cas"))
    assert (an.posts, an.minutes, an.responses, an.likes) == (1, 30, 6, 3)
    assert (bo.posts, bo.minutes, bo.responses, bo.likes) == (1, 10, 2, 1)
    assert an.per_hour == bo.per_hour == 12
    assert (cas.posts, cas.minutes, cas.responses, cas.per_hour) == (1, 0, 1, None)
    assert sum(g.figures.responses for g in report.rows("colleague")) == report.total.responses


def test_the_colleagues_are_named_as_the_database_records_them(store):
    draft = new_draft(store)
    spend(store, draft, 12)
    feedback(store, publish(store, draft, "instagram", Q2_DAY), comments=2)
    report = build_report(store, Q2, colleagues=False)
    assert "colleague" not in report.groups
    (only,) = with_colleagues(store, report).rows("colleague")
    assert only.key == store.author("An Peeters") and only.figures.minutes == 12


def test_periods_and_the_period_before_them():
    assert Period(date(2025, 4, 1), date(2025, 6, 30), "quarter") == Q2
    assert Q2.before() == Period(date(2025, 1, 1), date(2025, 3, 31), "quarter")
    assert periods.month_of(date(2024, 3, 5)).before() == Period(date(2024, 2, 1), date(2024, 2, 29), "month")
    assert periods.year_of(date(2025, 1, 1)).before().start == date(2024, 1, 1)
    chosen = periods.custom(date(2025, 3, 1), date(2025, 3, 10))
    assert chosen.before() == Period(date(2025, 2, 19), date(2025, 2, 28))
    assert periods.month_of(date(2025, 11, 30)).months() == ["2025-11"]
    assert Period(date(2024, 11, 5), date(2025, 2, 1)).months() == ["2024-11", "2024-12", "2025-01", "2025-02"]
    with pytest.raises(PeriodError, match="ends"):
        periods.custom(date(2025, 3, 2), date(2025, 3, 1))
    with pytest.raises(PeriodError, match="first and the last day"):
        periods.chosen("custom", date(2025, 3, 1))


def test_figures_are_written_as_the_language_writes_them():
    assert (decimal(3.24), decimal(2), decimal(12.0, 0)) == ("3.2", "2.0", "12")
    assert decimal(None) == "–"
    i18n.set_language("nl")
    assert decimal(1234.56) == "1.234,6"


def test_the_csv_has_one_row_per_group_with_stable_machine_readable_columns(store, tmp_path):
    post(store, "instagram", Q2_DAY, 3, purpose="dialogue", minutes=20, likes=9)
    post(store, "facebook", Q2_DAY, None, purpose="event", minutes=10)
    report = with_colleagues(store, build_report(store, Q2))
    path = write_csv(report, tmp_path / "report.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    by = {(r["dimension"], r["value"]): r for r in rows}
    assert by["total", ""]["posts"] == "2" and by["total", ""]["minutes"] == "30"
    dialogue = by["purpose", "dialogue"]
    assert (dialogue["label"], dialogue["responses"], dialogue["responses_per_post"], dialogue["responses_per_hour"],
            dialogue["likes"]) == ("Dialogue: a question to the public", "3", "3", "9", "9")
    assert by["purpose", "event"]["responses_per_post"] == ""  # no feedback: nothing to divide by
    assert [r["value"] for r in rows if r["dimension"] == "month"] == ["2025-04", "2025-05", "2025-06"]
    assert {r["dimension"] for r in rows} == {"total", "purpose", "audience", "network", "colleague", "month"}


def test_exports_are_written_whole_or_not_at_all(store, tmp_path, monkeypatch):
    from composer.core.storage import files

    post(store, "instagram", Q2_DAY, 3)
    report = build_report(store, Q2)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.csv"
    target.write_text("the old report", "utf-8")

    def full_disk(self, _target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.AtomicFile, "commit", full_disk)
    with pytest.raises(OSError):
        write_csv(report, target)
    with pytest.raises(OSError):
        write_pdf(report, out / "report.pdf", "Return on effort")
    assert target.read_text("utf-8") == "the old report"
    assert sorted(p.name for p in out.iterdir()) == ["report.csv"]  # no half-written file left behind
    with pytest.raises(OSError):
        write_csv(report, out / "no such folder" / "report.csv")
    assert csv_text(report).startswith("dimension,value,label")


def test_the_pdf_holds_the_sentences_page_then_a_page_per_part(store):
    for day in range(1, 29):
        post(store, "instagram", date(2025, 4, day), day % 4, minutes=15, likes=day)
    data = pdf_bytes(build_report(store, Q2), "Return on effort — Bibliotheek Gent")
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    assert pages == 6  # sentences and totals; purpose, audience, network, colleague, month


def test_a_five_year_pdf_continues_a_long_table_on_further_pages(store):
    post(store, "instagram", date(2021, 1, 5), 1)
    data = pdf_bytes(build_report(store, periods.custom(date(2021, 1, 1), date(2025, 12, 31))), "Report")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 8  # 60 months: two more pages of months


def test_a_label_with_dollar_signs_is_drawn_as_written_not_as_mathtext(store):
    for day in range(1, 12):
        post(store, "instagram", date(2025, 4, day), 2, audience="Gezinnen: $5 \\frac tot $10", minutes=10)

    data = pdf_bytes(build_report(store, Q2), "Return on effort — Bibliotheek Gent")

    assert data.startswith(b"%PDF")
