"""The calendar's days, painted: a row of seven days per week, each day's posts, the rhythm's flags.

One widget paints the whole grid (a month of 2,000 posts is ~250 lines of
text, not 2,000 child widgets) and answers where a point falls: which day,
which post. Nothing is told by colour alone: every network carries its short
name beside its colour, a published post a ✓ and a filled box, a planned one
its time and a dashed outline, a planned moment gone by a ⚠, a crowded day
or a gap the word itself.

Keys: the arrows move the selected day (a week up or down), Page Up / Page Down
the period, Home goes to today, Enter opens the selected day's first post.
A planned post is dragged to another day to re-plan it there at the same time
of day; a published one stays where it was posted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from composer.core.i18n import _, locale_name, ngettext
from composer.core.networks.facts import network
from composer.core.planning.calendar import MONTH, Calendar, Day, Entry
from composer.core.planning.plans import is_past

#: What a dragged planned post carries: ``"<draft id> <network>"``.
PLAN_MIME = "application/x-post-composer-plan"

#: Per network: a colour (never alone) and the short name printed beside it.
COLOURS: dict[str, str] = {
    "facebook": "#1565c0", "instagram": "#c2185b", "x": "#212121", "linkedin": "#00796b",
    "mastodon": "#5e35b1", "bluesky": "#ef6c00", "threads": "#6d4c41",
}
SHORT: dict[str, str] = {
    "facebook": "FB", "instagram": "IG", "x": "X", "linkedin": "LI", "mastodon": "MA", "bluesky": "BS",
    "threads": "TH",
}
CROWDED_TINT, GAP_TINT, OUTSIDE_TINT = "#fff3e0", "#eeeeee", "#f7f7f7"
CROWDED_INK, GAP_INK, TODAY_INK = "#b34700", "#616161", "#1565c0"
GUTTER_CHARS = 16  # the week column: "Week 53", "FB 12/10 over"


def short(key: str) -> str:
    return SHORT.get(key, key[:2].upper())


def colour(key: str) -> QColor:
    return QColor(COLOURS.get(key, "#757575"))


@lru_cache(maxsize=512)
def day_label(on: date, language: str, long: bool) -> str:
    """"12" or "12 Mar" as the UI language writes it (Babel, asked once per day and language)."""
    from babel.dates import format_date

    return format_date(on, "d MMM" if long else "d", locale=locale_name(language))


@lru_cache(maxsize=32)
def weekday_names(language: str) -> tuple[str, ...]:
    from babel.dates import format_date

    monday = date(2024, 1, 1)
    return tuple(format_date(monday + timedelta(days=n), "EEEE", locale=locale_name(language)) for n in range(7))


def describe(entry: Entry, now: datetime) -> str:
    """One post in words, for its tooltip and the day's list."""
    name = network(entry.network).name
    if not entry.planned:
        return _("Published on {network} on {date}: {text}").format(network=name, date=entry.day.isoformat(),
                                                                    text=entry.first_line or _("(empty draft)"))
    when = f"{entry.day.isoformat()} {entry.moment:%H:%M}"
    if is_past(entry.moment, now):
        return _("Planned on {network} for {when}, a moment that has passed (not marked as published): {text}"
                 ).format(network=name, when=when, text=entry.first_line or _("(empty draft)"))
    return _("Planned on {network} for {when}: {text}").format(network=name, when=when,
                                                               text=entry.first_line or _("(empty draft)"))


def line_mark(entry: Entry, now: datetime) -> str:
    """✓ for a published post, the time for a planned one, ⚠ before it once that moment has passed."""
    if not entry.planned:
        return "✓"
    mark = f"{entry.moment:%H:%M}"
    return "⚠ " + mark if is_past(entry.moment, now) else mark


def line_text(entry: Entry, now: datetime) -> str:
    """How a post reads in its day: "✓ FB Voorleesuurtje", "09:30 IG Voorleesuurtje", "⚠ 09:30 …"."""
    return f"{line_mark(entry, now)} {short(entry.network)} {entry.first_line or _('(empty draft)')}"


def _halves(rect: QRect) -> tuple[QRect, QRect]:
    half = rect.height() // 2
    return QRect(rect.left(), rect.top(), rect.width(), half), QRect(rect.left(), rect.top() + half, rect.width(),
                                                                      rect.height() - half)


@dataclass(frozen=True)
class _Placed:
    """Where one post was painted (for the mouse)."""

    rect: QRect
    entry: Entry


class CalendarGrid(QWidget):
    """The days of a :class:`~composer.core.planning.calendar.Calendar`, painted, with the selected day.

    Signals:
        selected(object): the selected day changed (a ``date``).
        open_requested(int): a post was double-clicked (or Enter pressed): open its draft.
        moved(int, str, object): a planned post was dropped on another day (draft id, network, ``date``).
        period_wanted(object): the selection left the grid, or Page Up/Down or Home: show the period
            holding this ``date`` (the window moves there and selects it).
        refused(str): something asked that cannot be done (a published post dragged).
    """

    selected = Signal(object)
    open_requested = Signal(int)
    moved = Signal(int, str, object)
    period_wanted = Signal(object)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calendar-grid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(False)
        self.setAutoFillBackground(True)
        self.setMinimumSize(640, 360)
        self.model: Calendar | None = None
        self.today = date.today()
        self.now = datetime.now()
        self.current: date | None = None
        self.drop_day: date | None = None
        self._placed: list[_Placed] = []
        self._cells: dict[date, QRect] = {}
        self._more: dict[date, int] = {}
        self._press: tuple[QPoint, Entry] | None = None
        self.setAccessibleName(_("Calendar"))
        self.setAccessibleDescription(_("Arrows move the day, Page Up and Page Down the period, Home goes to "
                                        "today, Enter opens the day's first post; the day's posts are listed "
                                        "beside the calendar."))

    # --- what is shown ------------------------------------------------------------------------------

    def show_calendar(self, model: Calendar, today: date, now: datetime, current: date | None = None) -> None:
        """Show ``model``; ``current`` (default: kept if still shown, else today or the period's first day)."""
        self.model, self.today, self.now = model, today, now
        shown = {day.day for day in model.days}
        wanted = current if current is not None else self.current
        if wanted not in shown:
            wanted = today if model.first <= today <= model.last else model.first
        self.current = wanted
        self._layout()
        self.update()
        self.selected.emit(self.current)

    def day(self, on: date | None = None) -> Day | None:
        """The shown day ``on`` (default: the selected one)."""
        on = on or self.current
        return self.model.day(on) if self.model is not None and on is not None else None

    def hidden_count(self, on: date) -> int:
        """How many of the day's posts did not fit ("+ 12 more")."""
        return self._more.get(on, 0)

    # --- geometry ------------------------------------------------------------------------------------

    def _metrics(self) -> tuple[int, int, int]:
        metrics = QFontMetrics(self.font())
        line = metrics.height() + 3
        return line, line + 6, metrics.averageCharWidth() * GUTTER_CHARS

    def cell_rect(self, on: date) -> QRect:
        return self._cells.get(on, QRect())

    def _layout(self) -> None:
        """Where each day and each post goes (kept for painting and for the mouse)."""
        self._placed, self._cells, self._more = [], {}, {}
        if self.model is None:
            return
        line, header, gutter = self._metrics()
        rows = len(self.model.weeks)
        width = max(1, (self.width() - gutter - 1) // 7)
        height = max(1, (self.height() - header - 1) // max(1, rows))
        for r, week in enumerate(self.model.weeks):
            for c, day in enumerate(week):
                cell = QRect(gutter + c * width, header + r * height, width, height)
                self._cells[day.day] = cell
                self._place_entries(day, cell, line)

    @property
    def tall(self) -> bool:
        """Each post on two lines (the week: room enough to read the text), else on one."""
        return self.model is not None and self.model.view != MONTH

    def _place_entries(self, day: Day, cell: QRect, line: int) -> None:
        flags = (1 if day.crowded else 0) + (1 if day.gaps else 0)
        top = cell.top() + line * (1 + flags) + 2
        height = line * 2 if self.tall else line
        room = max(0, (cell.bottom() - 2 - top) // height)
        entries = day.entries
        fits = len(entries) if len(entries) <= room else max(0, (cell.bottom() - 2 - top - line) // height)
        for n, entry in enumerate(entries[:fits]):
            rect = QRect(cell.left() + 3, top + n * height, cell.width() - 6, height - 2)
            self._placed.append(_Placed(rect, entry))
        if fits < len(entries):
            self._more[day.day] = len(entries) - fits

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()

    def day_at(self, pos: QPoint) -> date | None:
        return next((on for on, rect in self._cells.items() if rect.contains(pos)), None)

    def entry_at(self, pos: QPoint) -> Entry | None:
        return next((placed.entry for placed in self._placed if placed.rect.contains(pos)), None)

    def entry_rect(self, entry: Entry) -> QRect:
        """Where ``entry`` is painted (an empty rectangle when it did not fit)."""
        return next((placed.rect for placed in self._placed if placed.entry == entry), QRect())

    # --- painting ------------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        if self.model is None:
            return
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        assert self.model is not None
        palette = self.palette()
        line, header, gutter = self._metrics()
        text_ink = palette.color(QPalette.ColorRole.Text)
        language = _language()
        names = weekday_names(language)
        painter.setPen(text_ink)
        bold = QFont(self.font())
        bold.setBold(True)
        for c in range(7):
            first = self.model.weeks[0][c].day
            rect = self._cells[first]
            painter.setFont(bold)
            painter.drawText(QRect(rect.left(), 0, rect.width(), header), Qt.AlignmentFlag.AlignCenter,
                             painter.fontMetrics().elidedText(names[c], Qt.TextElideMode.ElideRight, rect.width() - 4))
        painter.setFont(self.font())
        for r, week in enumerate(self.model.weeks):
            self._paint_tally(painter, r, QRect(0, self._cells[week[0].day].top(), gutter - 4,
                                                self._cells[week[0].day].height()), line)
            for day in week:
                self._paint_day(painter, day, self._cells[day.day], line, language)
        for placed in self._placed:
            self._paint_entry(painter, placed)
        for on, hidden in self._more.items():
            cell = self._cells[on]
            rect = QRect(cell.left() + 6, cell.bottom() - line, cell.width() - 12, line - 1)
            painter.setPen(text_ink)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             ngettext("+ {n} more", "+ {n} more", hidden).format(n=hidden))

    def _paint_tally(self, painter: QPainter, row: int, rect: QRect, line: int) -> None:
        assert self.model is not None
        tally = self.model.tallies[row]
        painter.save()
        small = QFont(self.font())
        small.setBold(True)
        painter.setFont(small)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        y = rect.top() + 2
        painter.drawText(QRect(rect.left() + 4, y, rect.width() - 4, line), Qt.AlignmentFlag.AlignLeft,
                         _("Week {number}").format(number=tally.monday.isocalendar().week))
        painter.setFont(self.font())
        keys = [key for key in self.model.rhythm if key not in tally.counts] + list(tally.counts)
        for key in sorted(set(keys), key=lambda key: list(COLOURS).index(key) if key in COLOURS else 99):
            y += line
            if y + line > rect.bottom():
                break
            count, limit = tally.counts.get(key, 0), self.model.rhythm.get(key)
            text = f"{short(key)} {count}" if limit is None else f"{short(key)} {count}/{limit}"
            if key in tally.over:
                text += " " + _("over")
            painter.fillRect(QRect(rect.left() + 4, y + 2, 4, line - 5), colour(key))
            painter.setPen(QColor(CROWDED_INK) if key in tally.over else self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QRect(rect.left() + 12, y, rect.width() - 12, line), Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()

    def _paint_day(self, painter: QPainter, day: Day, cell: QRect, line: int, language: str) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if not day.in_period:
            base = QColor(OUTSIDE_TINT)
        elif day.crowded:
            base = QColor(CROWDED_TINT)
        painter.fillRect(cell, base)
        if day.gaps and day.in_period:
            painter.fillRect(cell, QBrush(QColor(GAP_TINT), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(cell)
        if day.day == self.drop_day:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
            painter.drawRect(cell.adjusted(2, 2, -2, -2))
        if day.day == self.current:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3 if self.hasFocus() else 2))
            painter.drawRect(cell.adjusted(1, 1, -1, -1))
        long = self.model is not None and self.model.view != MONTH or day.day.day == 1
        label = day_label(day.day, language, long)
        font = QFont(self.font())
        ink = palette.color(QPalette.ColorRole.Text) if day.in_period else palette.color(
            QPalette.ColorRole.PlaceholderText)
        if day.day == self.today:
            font.setBold(True)
            ink = QColor(TODAY_INK)
            label = _("{day} · today").format(day=label)
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(QRect(cell.left() + 6, cell.top() + 2, cell.width() - 12, line), Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, cell.width() - 12))
        painter.setFont(self.font())
        y = cell.top() + 2 + line
        for words, ink_name, keys in ((_("Crowded: {networks}"), CROWDED_INK, day.crowded),
                                      (_("Gap: {networks}"), GAP_INK, day.gaps)):
            if not keys:
                continue
            flag = QFont(self.font())
            flag.setItalic(True)
            flag.setBold(ink_name == CROWDED_INK)
            painter.setFont(flag)
            painter.setPen(QColor(ink_name))
            text = words.format(networks=", ".join(short(key) for key in keys))
            painter.drawText(QRect(cell.left() + 6, y, cell.width() - 12, line), Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, cell.width() - 12))
            y += line
        painter.setFont(self.font())

    def _paint_entry(self, painter: QPainter, placed: _Placed) -> None:
        rect, entry = placed.rect, placed.entry
        ink = colour(entry.network)
        if entry.planned:
            painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Base))
            painter.setPen(QPen(ink, 1, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            tint = QColor(ink)
            tint.setAlpha(45)
            painter.fillRect(rect, tint)
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), ink)
        font = QFont(self.font())
        font.setItalic(entry.planned and is_past(entry.moment, self.now))
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        inner = rect.adjusted(7, 0, -3, 0)
        metrics = painter.fontMetrics()
        if self.tall:  # "09:30 Instagram" over the post's first line
            top, bottom = _halves(inner)
            head = f"{line_mark(entry, self.now)} {network(entry.network).name}"
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(head, Qt.TextElideMode.ElideRight, top.width()))
            painter.setFont(font)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(
                entry.first_line or _("(empty draft)"), Qt.TextElideMode.ElideRight, bottom.width()))
            return
        text = metrics.elidedText(line_text(entry, self.now), Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    # --- the mouse -----------------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        pos = event.position().toPoint()
        on = self.day_at(pos)
        if on is not None:
            self.select(on)
        entry = self.entry_at(pos)
        self._press = (pos, entry) if entry is not None and event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        start, entry = self._press
        if (event.position().toPoint() - start).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        if not entry.planned:
            self.refused.emit(_("A published post stays on the day it was posted: only planned posts move."))
            return
        drag = QDrag(self)
        drag.setMimeData(self.mime_for(entry))
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        entry = self.entry_at(event.position().toPoint())
        if entry is not None:
            self.open_requested.emit(entry.draft_id)

    @staticmethod
    def mime_for(entry: Entry) -> QMimeData:
        """What dragging a planned post carries."""
        mime = QMimeData()
        mime.setData(PLAN_MIME, QByteArray(f"{entry.draft_id} {entry.network}".encode("ascii")))
        return mime

    @staticmethod
    def plan_in(mime: QMimeData) -> tuple[int, str] | None:
        """The (draft id, network) a drop carries, or ``None`` for anything else."""
        if not mime.hasFormat(PLAN_MIME):
            return None
        try:
            draft_id, key = bytes(mime.data(PLAN_MIME).data()).decode("ascii").split()
            return int(draft_id), key
        except (UnicodeDecodeError, ValueError):
            return None

    def dragEnterEvent(self, event) -> None:
        if self.plan_in(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        on = self.day_at(event.position().toPoint())
        if on != self.drop_day:
            self.drop_day = on
            self.update()
        if on is not None and self.plan_in(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, _event) -> None:
        self.drop_day = None
        self.update()

    def dropEvent(self, event) -> None:
        self.drop_day = None
        self.update()
        self.drop(event.mimeData(), self.day_at(event.position().toPoint()))
        event.acceptProposedAction()

    def drop(self, mime: QMimeData, on: date | None) -> bool:
        """A planned post dropped on day ``on``: ask to re-plan it there (:attr:`moved`)."""
        plan = self.plan_in(mime)
        if plan is None or on is None:
            return False
        self.moved.emit(plan[0], plan[1], on)
        return True

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            entry = self.entry_at(event.pos())
            on = self.day_at(event.pos())
            if entry is not None:
                QToolTip.showText(event.globalPos(), describe(entry, self.now), self)
            elif on is not None and self.hidden_count(on):
                QToolTip.showText(event.globalPos(), _("More posts on this day: see the list beside the calendar."),
                                  self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # --- the keyboard ----------------------------------------------------------------------------------

    def select(self, on: date) -> None:
        """Select day ``on``: here if shown, else the window moves to its period."""
        if on not in self._cells:
            self.period_wanted.emit(on)
            return
        if on != self.current:
            self.current = on
            self.update()
            self.selected.emit(on)

    def keyPressEvent(self, event) -> None:
        key, on = event.key(), self.current or self.today
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        if key in steps:
            self.select(on + timedelta(days=steps[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.period_wanted.emit(self._page(on, -1 if key == Qt.Key.Key_PageUp else 1))
        elif key == Qt.Key.Key_Home:
            self.period_wanted.emit(self.today)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            day = self.day(on)
            if day is not None and day.entries:
                self.open_requested.emit(day.entries[0].draft_id)
        else:
            super().keyPressEvent(event)

    def _page(self, on: date, steps: int) -> date:
        from composer.core.planning.calendar import shift

        return shift(self.model.view if self.model is not None else MONTH, on, steps)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()


def _language() -> str:
    from composer.core.i18n import current_language

    return current_language()
