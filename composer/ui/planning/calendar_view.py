"""Plan → Calendar: the week or month of planned and published posts, beside the main window (never modal).

Week / Month, Previous / Today / Next above the grid (:mod:`calendar_grid`);
the legend under it says what each colour and mark means, and the library's
rhythm as the house style sets it. Beside the grid, the selected day's posts
in full, a list the keyboard reaches (also the posts a crowded day had no
room for). Double-clicking a post opens its draft in the main window;
dragging a planned post to another day re-plans it there. What the calendar
shows is read by :func:`composer.core.planning.calendar.calendar` (one query).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist import Status
from composer.core.i18n import _, current_language, locale_name, ngettext
from composer.core.networks.facts import NETWORKS, network
from composer.core.planning import calendar as cal
from composer.core.planning.plans import PlanError, local_now, move_to_day
from composer.core.storage.errors import DatabaseError, StoreError, classify
from composer.core.storage.errors import describe as describe_problem
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.message import Message
from composer.ui.planning.calendar_grid import COLOURS, CalendarGrid, describe, short

ENTRY_ROLE = Qt.ItemDataRole.UserRole


class CalendarWindow(QWidget):
    """The calendar, beside the main window.

    ``rhythm()`` is the house style's rhythm (most posts a week per network),
    ``author()`` who re-plans, ``open_draft(id)`` shows a draft in the main window;
    ``today()`` and ``now()`` are the local date and time (tests give their own); ``view`` the one shown first.

    Signals:
        changed(str): a plan moved here (the text says so): the list and the checks are read again.
    """

    changed = Signal(str)

    def __init__(self, store: Store, rhythm: Callable[[], Mapping[str, int]], author: Callable[[], str],
                 open_draft: Callable[[int], None], parent: QWidget | None = None,
                 today: Callable[[], date] = date.today, now: Callable[[], datetime] = local_now,
                 view: str = cal.WEEK):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("calendar")
        self.setWindowTitle(_("Calendar"))
        self.store, self._rhythm, self._author, self._open_draft = store, rhythm, author, open_draft
        self._today, self._now = today, now
        self.view = view
        self.anchor = today()
        self.model: cal.Calendar | None = None
        self.grid = CalendarGrid(self)
        self._build()
        self._connect()
        self._fit_screen()
        self.refresh()
        accessibility.follow_the_eye(self)  # the buttons above, the days, the day's posts beside them

    def _fit_screen(self) -> None:
        """1,180 × 760, or less where the screen is smaller."""
        screen = (self.parentWidget() or self).screen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1180, 760
        if room is not None:
            width, height = min(width, room.width() * 9 // 10), min(height, room.height() * 9 // 10)
        self.resize(width, height)

    def _build(self) -> None:
        self.week_button = QPushButton(_("&Week"), self)
        self.month_button = QPushButton(_("&Month"), self)
        self.views = QButtonGroup(self)
        for button in (self.week_button, self.month_button):
            button.setCheckable(True)
            self.views.addButton(button)
        (self.week_button if self.view == cal.WEEK else self.month_button).setChecked(True)
        self.previous_button = QPushButton(_("◀ &Previous"), self)
        self.today_button = QPushButton(_("&Today"), self)
        self.next_button = QPushButton(_("&Next ▶"), self)
        for button, tip in ((self.previous_button, _("The period before (Page Up)")),
                            (self.next_button, _("The period after (Page Down)")),
                            (self.today_button, _("Back to today (Home)"))):
            button.setToolTip(tip)
        self.title = QLabel(self)
        self.title.setObjectName("period")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        bar = QHBoxLayout()
        for widget in (self.week_button, self.month_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        bar.addWidget(self.title, 1)
        self.day_title = QLabel(self)
        self.day_title.setObjectName("day-title")
        self.day_title.setWordWrap(True)
        self.day_list = QListWidget(self)
        self.day_list.setObjectName("day-posts")
        self.day_list.setWordWrap(True)
        self.day_list.setAlternatingRowColors(True)
        self.day_list.setSpacing(2)
        self.day_list.setAccessibleName(_("Posts of the selected day"))
        side = QWidget(self)
        side.setMinimumWidth(180)
        side.setMaximumWidth(360)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.day_title)
        side_layout.addWidget(self.day_list, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.grid)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([900, 240])
        split.setChildrenCollapsible(False)
        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.message = Message(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)

    def _connect(self) -> None:
        self.week_button.clicked.connect(lambda: self.set_view(cal.WEEK))
        self.month_button.clicked.connect(lambda: self.set_view(cal.MONTH))
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.today_button.clicked.connect(self.go_today)
        self.grid.selected.connect(self._show_day)
        self.grid.open_requested.connect(self.open_draft)
        self.grid.moved.connect(self.replan)
        self.grid.period_wanted.connect(self.go_to)
        self.grid.refused.connect(lambda text: self._say(text, Status.WARN))
        self.day_list.itemActivated.connect(self._open_item)

    # --- which period --------------------------------------------------------------------------------

    def set_view(self, view: str) -> None:
        """Week or month, around the selected day."""
        self.view = view
        (self.week_button if view == cal.WEEK else self.month_button).setChecked(True)
        self.anchor = self.grid.current or self.anchor
        self.refresh()

    def go(self, steps: int) -> None:
        """``steps`` weeks or months on (back when negative); the selected day moves along."""
        self.go_to(cal.shift(self.view, self.grid.current or self.anchor, steps))

    def go_today(self) -> None:
        self.go_to(self._today())

    def go_to(self, on: date) -> None:
        """Show the period holding ``on`` and select it."""
        self.anchor = on
        self.refresh(current=on)

    def refresh(self, current: date | None = None) -> None:
        """Read the period again (after a change here, in the main window, or by a colleague)."""
        try:
            rhythm = dict(self._rhythm())
            self.model = cal.calendar(self.store, self.view, self.anchor, rhythm)
        except (*DatabaseError, StoreError) as error:
            problem = classify(error, self.store.path)
            self._say(_("The calendar could not be read: {reason}").format(
                reason=describe_problem(problem) if problem is not None else str(error)), Status.FAIL)
            return
        self.grid.show_calendar(self.model, self._today(), self._now(), current)
        self.title.setText(self._period_title())
        self.legend.setText(self._legend(rhythm))

    def _period_title(self) -> str:
        from babel.dates import format_date

        assert self.model is not None
        locale = locale_name(current_language())
        if self.view == cal.MONTH:
            return format_date(self.model.first, "LLLL y", locale=locale).capitalize()
        return _("Week {number} · {first} – {last}").format(
            number=self.model.first.isocalendar().week, first=format_date(self.model.first, "d MMM", locale=locale),
            last=format_date(self.model.last, "d MMM y", locale=locale))

    def _legend(self, rhythm: Mapping[str, int]) -> str:
        swatches = " &nbsp; ".join(
            f'<span style="color:{COLOURS[key]}">■</span> <b>{short(key)}</b> {network(key).name}' for key in NETWORKS)
        marks = _("✓ published (filled) · 09:30 planned (dashed outline; drag it to another day) · "
                  "⚠ planned moment passed, not marked as published")
        if rhythm:
            said = ", ".join(_("{network} at most {n} a week").format(network=network(key).name, n=n)
                             for key, n in rhythm.items())
            pace = _("Rhythm (house style): {rhythm}. <b>Crowded</b>: more than the rhythm allows; "
                     "<b>Gap</b>: silent for longer than the rhythm spaces posts.").format(rhythm=said)
        else:
            pace = _("No rhythm set: Settings → House style… → Rhythm marks crowded days and gaps.")
        return f"{swatches}<br>{marks}<br>{pace}"

    # --- the selected day ----------------------------------------------------------------------------

    def _show_day(self, on: date) -> None:
        from babel.dates import format_date

        self.day_list.clear()
        day = self.grid.day(on)
        title = format_date(on, "full", locale=locale_name(current_language()))
        if day is not None:
            flags = []
            if day.crowded:
                flags.append(_("crowded on {networks}").format(networks=_names(day.crowded)))
            if day.gaps:
                flags.append(_("a gap on {networks}").format(networks=_names(day.gaps)))
            if flags:
                title += " — " + "; ".join(flags)
            now = self._now()
            for entry in day.entries:
                item = QListWidgetItem(describe(entry, now))
                item.setData(ENTRY_ROLE, entry.draft_id)
                self.day_list.addItem(item)
            if not day.entries:
                self.day_list.addItem(QListWidgetItem(_("Nothing planned or published on this day.")))
        self.day_title.setText(title)
        self._say_day(title, len(day.entries) if day is not None else 0)

    def _say_day(self, title: str, posts: int) -> None:
        """The grid is painted: a screen reader hears the selected day and its posts as the arrows move."""
        spoken = title + ": " + ngettext("{n} post", "{n} posts", posts).format(n=posts)
        if self.grid.hasFocus():
            accessibility.announce(self.grid, spoken)

    def _open_item(self, item: QListWidgetItem) -> None:
        draft_id = item.data(ENTRY_ROLE)
        if isinstance(draft_id, int):
            self.open_draft(draft_id)

    def open_draft(self, draft_id: int) -> None:
        """Show the draft in the main window (brought to the front)."""
        self._open_draft(draft_id)

    # --- re-planning ---------------------------------------------------------------------------------

    def replan(self, draft_id: int, key: str, on: date) -> bool:
        """Move the plan of ``draft_id`` on ``key`` to day ``on``, at the same time of day; say what happened."""
        try:
            plan = move_to_day(self.store, draft_id, key, on, self._author(), self._now())
        except PlanError as error:
            self._say(str(error), Status.FAIL)
            return False
        except (*DatabaseError, StoreError) as error:
            problem = classify(error, self.store.path)
            self._say(_("The plan was not moved: {reason}").format(
                reason=describe_problem(problem) if problem is not None else str(error)), Status.FAIL)
            return False
        text = _("Planned on {network} for {when}.").format(network=network(key).name,
                                                            when=f"{plan.when:%Y-%m-%d %H:%M}")
        if plan.when < self._now():
            text += " " + _("That moment has already passed.")
        self.refresh(current=on)
        self._say(text, Status.WARN if plan.when < self._now() else Status.PASS)
        self.changed.emit(text)
        return True

    def _say(self, text: str, status: Status) -> None:
        self.message.say(text, status)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.ActivationChange and self.isActiveWindow() and self.model is not None:
            self.refresh()  # what changed in the main window, or a colleague's plan, shows on coming back


def _names(keys: tuple[str, ...]) -> str:
    return ", ".join(network(key).name for key in keys)
