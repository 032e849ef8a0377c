"""Plan → Return on effort…: what the posts of a period brought for the time they took (issue 13, point 5).

A window beside the main one (never modal): the period on top (this month,
quarter or year, or any days from–to), the report's sentences, then one tab
per purpose, audience, network, month and colleague with its chart and its
table; the report exported as PDF or CSV. Everything shown comes from
:func:`composer.core.planning.report.build_report`; the charts are drawn by
:mod:`composer.core.planning.charts` on a matplotlib canvas, which is only
loaded when this window first opens, and only the visible tab's chart is
drawn (each tab keeps its figure and draws it again when its report changed).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.i18n import N_, _
from composer.core.planning import periods
from composer.core.planning.periods import Period, PeriodError
from composer.core.planning.report import (
    ORDER,
    Report,
    build_report,
    dimension_title,
    period_label,
    table_header,
    table_row,
    total_row,
    with_colleagues,
)
from composer.core.storage.errors import DatabaseError
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.message import Message
from composer.ui.planning import save_as

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

#: The periods offered, in order.
KINDS = {"month": N_("This month"), "quarter": N_("This quarter"), "year": N_("This year"), "custom": N_("From – to")}
DATE_DELAY_MS = 400  # a date typed by hand: the report follows once typing pauses


class ReportTab(QWidget):
    """One dimension of the report: its chart (none for colleagues: they are not ranked in pictures) and table."""

    def __init__(self, dimension: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.dimension = dimension
        self.setObjectName(f"report-{dimension}")
        self.report: Report | None = None
        self.canvas: FigureCanvasQTAgg | None = None
        self.filled: Report | None = None  # the report the table shows
        self.drawn: Report | None = None  # the report the chart shows
        self.table = QTableWidget(self)
        self.table.setObjectName("table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        accessibility.name(self.table, _("Table: {title}").format(title=dimension_title(dimension)))
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        if dimension == "colleague":
            note = QLabel(_("A post written together counts for each colleague who worked on it; its time, "
                            "responses, likes and shares are shared by the time each one spent, so they add up to "
                            "all posts."), self)
            note.setWordWrap(True)
            layout.addWidget(note)

    @property
    def charted(self) -> bool:
        return self.dimension != "colleague"

    def bring_up(self) -> None:
        """Fill the table and draw the chart of :attr:`report`, unless they show it already (a tab is brought up
        when it is shown: a hidden one waits)."""
        if self.report is None:
            return
        if self.filled is not self.report:
            self.fill(self.report)
        self.draw()

    def fill(self, report: Report) -> None:
        """The table: one row per group, then all posts."""
        self.filled = report
        rows = report.rows(self.dimension)
        header = table_header(self.dimension)
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(rows) + 1)
        for row, group in enumerate(rows):
            self._put(row, table_row(group))
        self._put(len(rows), total_row(report), bold=True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(header)):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _put(self, row: int, values: list[str], bold: bool = False) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def draw(self) -> None:
        """Draw the chart of the report shown, unless it shows it already (the figure is reused)."""
        if not self.charted or self.report is None or self.drawn is self.report:
            return
        from composer.core.planning.charts import draw, fit

        canvas = self._canvas()
        draw(canvas.figure, self.report, self.dimension, titled=False)  # the tab names it
        fit(canvas.figure, self.dimension, titled=False)
        canvas.draw_idle()
        self.drawn = self.report

    def _canvas(self) -> FigureCanvasQTAgg:
        if self.canvas is None:
            from composer.core.planning.charts import fit, new_figure

            self.canvas = _canvas_class()(new_figure(layout=None))  # placed by charts.fit: see there
            self.canvas.mpl_connect("resize_event", lambda _event: fit(self.canvas.figure, self.dimension, False))
            self.canvas.setObjectName("chart")
            self.canvas.setMinimumHeight(260)
            accessibility.name(self.canvas, _("Chart: {title}").format(title=dimension_title(self.dimension)),
                               _("The table under the chart holds the same figures."))
            self.splitter.insertWidget(0, self.canvas)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([600, 400])  # shared in this proportion, whatever the window's height
        return self.canvas


@cache
def _canvas_class() -> type[FigureCanvasQTAgg]:
    """matplotlib's Qt canvas, drawing with the settings for the screen (``charts.on_screen``)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    from composer.core.planning.charts import on_screen

    class ChartCanvas(FigureCanvasQTAgg):
        def draw(self) -> None:
            with on_screen():
                super().draw()

    return ChartCanvas


class ReportWindow(QWidget):
    """The report of return against effort, beside the main window.

    ``title`` heads the PDF (the library's name in it, when the house style gives one); ``period``: the one
    shown first (default: this quarter); ``today`` gives the local date (tests give their own).
    """

    def __init__(self, store: Store, title: str, parent: QWidget | None = None, period: Period | None = None,
                 today: Callable[[], date] = date.today):
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.title, self._today = store, title, today
        self.report: Report | None = None
        self.exporting = False
        self.setObjectName("return-report")
        self.setWindowTitle(_("Return on effort"))
        self.kind = QComboBox(self)
        for key, text in KINDS.items():
            self.kind.addItem(_(text), key)
        self.start_date, self.end_date = self._date_edit(), self._date_edit()
        self.pdf_button = QPushButton(_("Export PDF…"), self)
        self.csv_button = QPushButton(_("Export CSV…"), self)
        self.period_text = QLabel(self)
        self.sentences = QLabel(self)
        self.sentences.setObjectName("sentences")
        self.sentences.setWordWrap(True)
        self.sentences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self.pages = {dimension: ReportTab(dimension, self.tabs) for dimension in ORDER}
        for dimension, page in self.pages.items():
            self.tabs.addTab(page, dimension_title(dimension))
        self.message = Message(self)
        self._date_timer = QTimer(self, singleShot=True, interval=DATE_DELAY_MS)
        self._lay_out()
        self._connect()
        self.show_period(period or periods.quarter_of(today()))

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(periods.FIRST_YEAR, 1, 1))
        return edit

    def _lay_out(self) -> None:
        choice = QHBoxLayout()
        period = QLabel(_("&Period:"), self)
        accessibility.label_for(period, self.kind)
        accessibility.name(self.start_date, _("Period from"))
        accessibility.name(self.end_date, _("Period until"))
        accessibility.name(self.tabs, _("Parts of the report"), _("Each tab: a chart and a table of the figures."))
        choice.addWidget(period)
        choice.addWidget(self.kind)
        choice.addWidget(self.start_date)
        choice.addWidget(QLabel("–", self))
        choice.addWidget(self.end_date)
        choice.addWidget(self.period_text, 1)
        choice.addWidget(self.pdf_button)
        choice.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addWidget(self.sentences)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.resize(1040, 820)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._period_chosen)
        self.start_date.dateChanged.connect(self._date_timer.start)
        self.end_date.dateChanged.connect(self._date_timer.start)
        self._date_timer.timeout.connect(self.refresh)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.csv_button.clicked.connect(self.export_csv)
        closing = QShortcut(self)
        closing.setContext(Qt.ShortcutContext.WindowShortcut)
        closing.setKeys([QKeySequence(Qt.Key.Key_Escape), *QKeySequence.keyBindings(QKeySequence.StandardKey.Close)])
        closing.activated.connect(self.close)

    # --- the period ------------------------------------------------------------------------------

    def show_period(self, period: Period) -> None:
        """Choose ``period`` (its kind in the list, its days in the date fields) and show its report."""
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(list(KINDS).index(period.kind if period.kind in KINDS else "custom"))
        self.kind.blockSignals(False)
        self._set_days(period)
        self._period_chosen()

    def _set_days(self, period: Period) -> None:
        for edit, day in ((self.start_date, period.start), (self.end_date, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _period_chosen(self) -> None:
        """A period from the list: this month, quarter or year shows its days; "from – to" lets them be typed."""
        kind = self.kind.currentData()
        custom = kind == "custom"
        self.start_date.setEnabled(custom)
        self.end_date.setEnabled(custom)
        if not custom:
            self._set_days(periods.chosen(kind, self._today()))
        self.refresh()

    def period(self) -> Period:
        """The period chosen; raises :class:`PeriodError` for days that make no period."""
        start, end = self.start_date.date(), self.end_date.date()
        return periods.chosen(self.kind.currentData(), self._today(), date(start.year(), start.month(), start.day()),
                              date(end.year(), end.month(), end.day()))

    def refresh(self) -> None:
        """Read the report of the chosen period again and show it."""
        self._date_timer.stop()
        try:
            period = self.period()
        except PeriodError as error:
            self.message.error(str(error))
            return
        try:
            report = build_report(self.store, period, colleagues=False)
        except DatabaseError as error:  # the team library's server away: what is shown stays
            self.message.error(save_as.unreadable(error, self.store.path))
            return
        self.message.setVisible(False)
        self.show_report(report)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.period_text.setText(period_label(report.period))
        self.sentences.setText("".join(f"<p style='margin:2px 0'>{html.escape(s)}</p>" for s in report.sentences))
        self._tab_shown()

    def _tab_shown(self, *_index: Any) -> None:
        """Give the visible tab the report: the others get it when they are shown (only one chart is drawn)."""
        page = self.tabs.currentWidget()
        if not isinstance(page, ReportTab) or self.report is None:
            return
        if page.dimension == "colleague" and not self._colleagues():
            return
        page.report = self.report
        page.bring_up()

    def _colleagues(self) -> bool:
        """Read the colleagues' figures, when first needed (their tab, an export); ``False`` if they cannot be."""
        assert self.report is not None
        try:
            self.report = with_colleagues(self.store, self.report)
        except DatabaseError as error:
            self.message.error(save_as.unreadable(error, self.store.path))
            return False
        return True

    # --- exports ---------------------------------------------------------------------------------

    def _file_name(self, suffix: str) -> str:
        assert self.report is not None
        period = self.report.period
        return f"return-on-effort-{period.start.isoformat()}-{period.end.isoformat()}.{suffix}"

    def export_pdf(self) -> None:
        if self.report is None or self.exporting:
            return
        save_as.choose_file(self, _("Export the report as PDF"), _("PDF documents (*.pdf)"), "pdf",
                            self._file_name("pdf"), self.write_pdf)

    def export_csv(self) -> None:
        if self.report is None:
            return
        save_as.choose_file(self, _("Export the report as CSV"), _("CSV tables (*.csv)"), "csv",
                            self._file_name("csv"), self.write_csv)

    def write_pdf(self, path: str) -> None:
        """Write the PDF off the window's thread (drawing every chart takes a second); say how it went."""
        from composer.core.planning.report_files import write_pdf
        from composer.ui import background

        if self.report is None or not path or not self._colleagues():
            return
        self._exporting(True)
        self.message.note(_("Writing {path}…").format(path=path))
        background.run(write_pdf, self.report, path, self.title,
                       done=lambda written: self._written(str(written)),
                       failed=lambda error: self._not_written(error, path), receiver=self)

    def write_csv(self, path: str) -> None:
        from composer.core.planning.report_files import write_csv

        if self.report is None or not path or not self._colleagues():
            return
        try:
            written = write_csv(self.report, path)
        except OSError as error:
            self.message.error(save_as.failure(error, path))
        else:
            self.message.note(_("The report was written to {path}.").format(path=written))

    def _exporting(self, busy: bool) -> None:
        self.exporting = busy
        self.pdf_button.setEnabled(not busy)

    def _written(self, path: str) -> None:
        self._exporting(False)
        self.message.note(_("The report was written to {path}.").format(path=path))

    def _not_written(self, error: Exception, path: str) -> None:
        self._exporting(False)
        if isinstance(error, OSError):
            self.message.error(save_as.failure(error, path))
        else:
            self.message.error(_("The PDF could not be made: {reason}").format(reason=error))
