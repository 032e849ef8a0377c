"""Plan → Return on effort… and Plan → Statistics for research…: the windows, their charts and their files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt

from composer.core.planning import periods, statistics
from composer.core.storage.store import Store
from composer.ui import background
from composer.ui.planning import report_window, return_actions, save_as
from composer.ui.planning.report_window import ReportWindow
from composer.ui.planning.statistics_dialog import StatisticsDialog
from tests.helpers.planning import post

TODAY = date.today()


def library(data_dir, days: int = 6) -> None:
    """A few posts this month, with time and feedback, before the window opens the folder."""
    store = Store.open(data_dir)
    try:
        for n in range(days):
            day = TODAY - timedelta(days=n % max(1, TODAY.day))
            post(store, "instagram", day, 4, purpose="dialogue", minutes=20, likes=12)
            post(store, "facebook", day, 1, purpose="event", minutes=20, likes=30)
    finally:
        store.close()


def saving_to(monkeypatch, path) -> list[str]:
    """The file dialog answers ``path`` at once; the titles it was opened with."""
    asked: list[str] = []

    def choose(parent, title, name_filter, suffix, suggested, done):
        asked.append(title)
        done(str(path))

    monkeypatch.setattr(save_as, "choose_file", choose)
    return asked


def test_the_report_opens_beside_the_window_and_draws_only_the_chart_in_view(qtbot, start, data_dir):
    library(data_dir)
    window = start().window
    assert window.report_action in window.plan_menu.actions()
    report = return_actions.open_report(window)
    assert report.isVisible() and not report.isModal() and report.isWindow()
    assert report.kind.currentData() == "quarter"
    assert report.sentences.text().startswith("<p style='margin:2px 0'>12 posts, 4.0 h of work.")
    assert "Likes, counted apart: 252" in report.sentences.text()
    purpose, network = report.pages["purpose"], report.pages["network"]
    assert purpose.drawn is report.report and purpose.canvas is not None
    assert network.drawn is None and network.filled is None  # not shown yet: nothing done for it
    assert purpose.table.rowCount() == 3  # dialogue, event, all posts
    assert purpose.table.item(2, 0).text() == "All posts"
    report.tabs.setCurrentWidget(network)
    assert network.drawn is report.report and network.table.item(0, 0).text() in ("Instagram", "Facebook")
    assert return_actions.open_report(window) is report
    assert len(window.findChildren(ReportWindow)) == 1


def test_the_colleagues_are_read_when_their_tab_is_shown(qtbot, start, data_dir):
    library(data_dir, days=2)
    report = return_actions.open_report(start().window)
    assert "colleague" not in report.report.groups
    report.tabs.setCurrentWidget(report.pages["colleague"])
    assert report.pages["colleague"].table.item(0, 0).text() == "An Peeters"
    assert report.pages["colleague"].canvas is None  # a table, no chart


def test_a_period_of_ones_own_and_a_clear_message_for_one_that_ends_before_it_starts(qtbot, start, data_dir):
    library(data_dir, days=1)
    report = return_actions.open_report(start().window)
    report.kind.setCurrentIndex(report.kind.findData("custom"))
    assert report.start_date.isEnabled()
    report.end_date.setDate(QDate(2001, 1, 1))
    qtbot.waitUntil(lambda: report.message.isVisible())
    assert report.message.text().startswith("The period ends (2001-01-01) before it starts")
    report.start_date.setDate(QDate(2000, 6, 1))
    qtbot.waitUntil(lambda: report.report.period == periods.custom(date(2000, 6, 1), date(2001, 1, 1)))
    assert not report.message.isVisible()
    assert report.sentences.text() == "<p style='margin:2px 0'>No post was marked as published in this period.</p>"


def test_the_report_exported_as_csv_and_a_clear_message_when_the_folder_cannot_be_written(qtbot, start, data_dir,
                                                                                           tmp_path, monkeypatch):
    library(data_dir, days=2)
    report = return_actions.open_report(start().window)
    target = tmp_path / "out" / "return.csv"
    target.parent.mkdir()
    asked = saving_to(monkeypatch, target)
    qtbot.mouseClick(report.csv_button, Qt.MouseButton.LeftButton)
    assert asked == ["Export the report as CSV"]
    assert target.read_text("utf-8").startswith("dimension,value,label,posts")
    assert "colleague,An Peeters" in target.read_text("utf-8")
    assert report.message.text() == f"The report was written to {target}."
    saving_to(monkeypatch, tmp_path / "gone" / "return.csv")
    qtbot.mouseClick(report.csv_button, Qt.MouseButton.LeftButton)
    assert "could not be written: No such file or directory" in report.message.text()


def test_the_pdf_is_written_off_the_windows_thread(qtbot, start, data_dir, tmp_path, monkeypatch):
    library(data_dir, days=2)
    report = return_actions.open_report(start().window)
    target = tmp_path / "return.pdf"
    saving_to(monkeypatch, target)
    qtbot.mouseClick(report.pdf_button, Qt.MouseButton.LeftButton)
    assert not report.pdf_button.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: report.message.text() == f"The report was written to {target}.", timeout=30_000)
    assert target.read_bytes().startswith(b"%PDF") and report.pdf_button.isEnabled()


def test_the_statistics_file_is_shown_in_full_before_it_is_saved(qtbot, start, data_dir, tmp_path, monkeypatch):
    library(data_dir, days=2)
    window = start().window
    dialog = return_actions.open_statistics(window)
    assert isinstance(dialog, StatisticsDialog) and dialog.isVisible() and not dialog.isModal()
    assert dialog.preview.isReadOnly()
    months = statistics.Months(TODAY.strftime("%Y-%m"), TODAY.strftime("%Y-%m"))  # all the log holds
    expected = statistics.statistics_text(statistics.statistics(window.store, months, TODAY))
    assert dialog.preview.toPlainText() == expected == dialog.text
    target = tmp_path / "statistics.json"
    saving_to(monkeypatch, target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_text("utf-8") == dialog.preview.toPlainText()
    assert dialog.message.text() == f"The statistics were written to {target}."
    dialog.first_month.setDate(QDate(TODAY.year + 1, 1, 1))
    assert not dialog.save_button.isEnabled() and "before it starts" in dialog.message.text()


def test_matplotlib_is_loaded_only_when_a_chart_is_drawn():
    """Start-up never pays for the charts' library: neither the window nor the report's modules load it."""
    code = ("import sys; import composer.ui.window.main_window, composer.ui.planning.report_window, "
            "composer.ui.planning.statistics_dialog, composer.core.planning.report_files; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False"


def test_a_database_that_cannot_be_read_is_said_and_what_was_shown_stays(qtbot, start, data_dir, monkeypatch):
    library(data_dir, days=1)
    report = return_actions.open_report(start().window)
    shown = report.report

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(report_window, "build_report", locked)
    monkeypatch.setattr(report_window, "with_colleagues", locked)
    report.kind.setCurrentIndex(report.kind.findData("year"))
    assert report.message.text().startswith("The figures could not be read: ")
    assert report.report is shown
    report.tabs.setCurrentWidget(report.pages["colleague"])
    assert report.pages["colleague"].filled is None


def test_opening_the_plan_menu_loads_the_charts_library_off_the_windows_thread(qtbot, start):
    window = start().window
    window.plan_menu.aboutToShow.emit()
    assert background.wait_idle()
    assert "matplotlib.backends.backend_agg" in sys.modules
