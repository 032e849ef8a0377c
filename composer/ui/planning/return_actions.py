"""The Plan menu's actions for weighing the return: the report of return on effort and the statistics for research.

Both open beside the main window, one of each: asking again brings the open one forward. Their modules (and
matplotlib, for the report's charts) are loaded only when first asked for; matplotlib starts loading off the
UI thread as soon as the Plan menu opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from composer.core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from composer.ui.planning.report_window import ReportWindow
    from composer.ui.planning.statistics_dialog import StatisticsDialog
    from composer.ui.window.main_window import MainWindow


def add_actions(window: MainWindow, menu: QMenu) -> None:
    """This part's actions in the Plan menu."""
    window.report_action = QAction(_("&Return on effort…"), window)
    window.report_action.setToolTip(_("What the posts of a period brought for the time they took."))
    window.report_action.triggered.connect(lambda: open_report(window))
    window.statistics_action = QAction(_("&Statistics for research…"), window)
    window.statistics_action.setToolTip(_("An anonymised statistics file a sector body can pool across libraries."))
    window.statistics_action.triggered.connect(lambda: open_statistics(window))
    menu.addAction(window.report_action)
    menu.addAction(window.statistics_action)
    menu.aboutToShow.connect(_warm_up)


_warmed = False


def _warm_up() -> None:
    """The Plan menu opens: load the charts' library off the UI thread meanwhile, once (the first report then
    opens without waiting for it)."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    from composer.ui import background

    background.run(_load_charts)


def _load_charts() -> None:
    from composer.core.planning.charts import warm_up

    warm_up()


def _title(window: MainWindow) -> str:
    """The PDF's title: "Return on effort", with the library's name from the house style."""
    name = window.context.house_style.library_name.strip()
    return _("Return on effort — {library}").format(library=name) if name else _("Return on effort")


def open_report(window: MainWindow) -> ReportWindow:
    """The report's window (one beside the main window), showing the period chosen in it, read again."""
    from composer.ui.planning.report_window import ReportWindow

    report = window.findChild(ReportWindow, "return-report")
    if report is None:
        report = ReportWindow(window.store, _title(window), window)
    else:
        report.title = _title(window)
        report.refresh()
    report.show()
    report.raise_()
    report.activateWindow()
    return report


def open_statistics(window: MainWindow) -> StatisticsDialog:
    """The statistics dialog (one at a time, never modal), read again."""
    from composer.ui.planning.statistics_dialog import StatisticsDialog

    dialog = window.findChild(StatisticsDialog, "research-statistics")
    if dialog is None:
        dialog = StatisticsDialog(window.store, window)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
    else:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
