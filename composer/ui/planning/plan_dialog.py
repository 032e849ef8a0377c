"""Plan → Plan… (Ctrl+Shift+P): when the open draft goes out on each of its networks.

A small dialog beside the window, never modal. One row per network of the
draft: tick it to plan it, a date and time, a sentence saying when that is
("in 3 days", "in the past: 2 days ago" — a moment gone by is allowed, and
said in words), and *Clear* to take the plan away at once. A plan on a network
the draft no longer has can only be cleared. Writing goes through
:mod:`composer.core.planning.plans`; a refusal is shown and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.checklist import Status
from composer.core.drafts.draft import first_line
from composer.core.i18n import _, ngettext
from composer.core.networks.facts import NETWORKS, network
from composer.core.planning.plans import (
    FIRST_YEAR,
    YEARS_AHEAD,
    PlanError,
    clear_plan,
    is_past,
    local_now,
    plans_of,
    set_plan,
)
from composer.core.storage.errors import DatabaseError, StoreError, classify
from composer.core.storage.errors import describe as describe_problem
from composer.core.storage.store import Store
from composer.ui import accessibility
from composer.ui.look import STATUS_COLOURS, as_written, colour_text
from composer.ui.message import Message

DEFAULT_HOUR = 10  # a new plan: tomorrow at ten


def in_words(when: datetime, now: datetime) -> str:
    """When a planned moment is, seen from ``now``: "today at 14:00", "in 3 days", "in the past: 2 days ago"."""
    days = (when.date() - now.date()).days
    if is_past(when, now):
        if days == 0:
            return _("In the past: earlier today, at {time}.").format(time=f"{when:%H:%M}")
        return ngettext("In the past: {n} day ago.", "In the past: {n} days ago.", -days).format(n=-days)
    if days == 0:
        return _("Today at {time}.").format(time=f"{when:%H:%M}")
    if days == 1:
        return _("Tomorrow at {time}.").format(time=f"{when:%H:%M}")
    return ngettext("In {n} day.", "In {n} days.", days).format(n=days)


@dataclass
class PlanRow:
    """The widgets of one network's row."""

    key: str
    chosen: QCheckBox
    when: QDateTimeEdit
    words: QLabel
    clear: QPushButton
    on_draft: bool  # False: the draft no longer has this network (its plan can only be cleared)


class PlanDialog(QDialog):
    """Plans draft ``draft_id`` on its networks.

    ``now()`` is the local time (tests give their own).

    Signals:
        changed(str): plans were written or cleared; the text says what happened.
    """

    changed = Signal(str)

    def __init__(self, store: Store, draft_id: int, networks: Iterable[str], author: Callable[[], str],
                 parent: QWidget | None = None, now: Callable[[], datetime] = local_now):
        super().__init__(parent)
        self.setObjectName("plan-dialog")
        self.setWindowTitle(_("Plan"))
        self.setModal(False)
        self.store, self.draft_id, self._author, self._now = store, draft_id, author, now
        self.networks = tuple(networks)
        text = store.get(draft_id).text
        self.post = as_written(QLabel(first_line(text)[:80], self))
        self.post.setObjectName("post")
        self.post.setStyleSheet("font-style: italic")
        self.rows: dict[str, PlanRow] = {}
        self.grid = QGridLayout()
        self.hint = QLabel(_("Tick the networks to plan, each at its own date and time (local time)."), self)
        self.hint.setWordWrap(True)
        self.message = Message(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.addButton(_("&Save plan"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.post)
        layout.addWidget(self.hint)
        layout.addLayout(self.grid)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        """Rows for the draft's networks (and any network still planned that it no longer has), as stored."""
        planned = plans_of(self.store, self.draft_id)
        keys = [key for key in NETWORKS if key in self.networks or key in planned]
        for key in keys:
            row = self.rows.get(key) or self._add_row(key, key in self.networks)
            when = planned.get(key)
            row.chosen.setChecked(when is not None)
            row.when.setDateTime(_qt(when or self._default_moment()))
            row.clear.setEnabled(when is not None)
            self._update_row(row)
        if not keys:
            self.hint.setText(_("This draft has no network yet: tick one in the editor first."))
            self.save_button.setEnabled(False)
        accessibility.follow_the_eye(self)  # each network's row, then Save plan and Close

    def _default_moment(self) -> datetime:
        tomorrow = self._now() + timedelta(days=1)
        return tomorrow.replace(hour=DEFAULT_HOUR, minute=0, second=0, microsecond=0)

    def _add_row(self, key: str, on_draft: bool) -> PlanRow:
        n = len(self.rows)
        chosen = QCheckBox(network(key).name, self)
        when = QDateTimeEdit(self)
        when.setCalendarPopup(True)
        when.setDisplayFormat("yyyy-MM-dd HH:mm")
        when.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        when.setMaximumDate(QDate(self._now().year + YEARS_AHEAD, 12, 31))
        when.setAccessibleName(_("Date and time for {network}").format(network=network(key).name))
        words = QLabel(self)
        words.setObjectName(f"words-{key}")
        clear = QPushButton(_("Clear"), self)
        clear.setToolTip(_("No longer planned on {network}").format(network=network(key).name))
        accessibility.name(clear, _("Clear the plan for {network}").format(network=network(key).name))
        row = PlanRow(key, chosen, when, words, clear, on_draft)
        if not on_draft:
            chosen.setEnabled(False)
            when.setEnabled(False)
        for column, widget in enumerate((chosen, when, words, clear)):
            self.grid.addWidget(widget, n, column)
        self.grid.setColumnStretch(2, 1)
        chosen.toggled.connect(lambda _on: self._update_row(row))
        when.dateTimeChanged.connect(lambda _value: self._update_row(row))
        clear.clicked.connect(lambda: self.clear(key))
        self.rows[key] = row
        return row

    def _update_row(self, row: PlanRow) -> None:
        if not row.on_draft:
            text, status = _("No longer one of this draft's networks: clear this plan."), Status.WARN
        elif not row.chosen.isChecked():
            text, status = _("Not planned."), Status.NA
        else:
            when = moment_of(row.when)
            text = in_words(when, self._now())
            status = Status.WARN if is_past(when, self._now()) else Status.PASS
        row.words.setText(text)
        colour_text(row.words, STATUS_COLOURS[status], bold=status is Status.WARN)
        row.when.setEnabled(row.on_draft and row.chosen.isChecked())

    def save(self) -> bool:
        """Write what the rows say: a plan for each ticked network, none for the others; say what happened."""
        planned = plans_of(self.store, self.draft_id)
        done: list[str] = []
        try:
            for key, row in self.rows.items():
                if row.on_draft and row.chosen.isChecked():
                    plan = set_plan(self.store, self.draft_id, key, moment_of(row.when), self._author(), self._now())
                    if planned.get(key) != plan.when:
                        done.append(_("{network} on {when}").format(network=network(key).name,
                                                                    when=f"{plan.when:%Y-%m-%d %H:%M}"))
                elif row.on_draft and key in planned:
                    clear_plan(self.store, self.draft_id, key)
                    done.append(_("{network} no longer planned").format(network=network(key).name))
        except PlanError as error:
            self._show(str(error), Status.FAIL)
            return False
        except (*DatabaseError, StoreError) as error:
            problem = classify(error, self.store.path)
            self._show(_("The plan was not saved: {reason}").format(
                reason=describe_problem(problem) if problem is not None else str(error)), Status.FAIL)
            return False
        finally:
            if done:
                self.refresh()
        text = (_("Planned: {what}.").format(what="; ".join(done)) if done else _("Nothing changed in the plan."))
        self._show(text, Status.PASS)
        if done:
            self.changed.emit(text)
        return True

    def clear(self, key: str) -> bool:
        """Take the plan on ``key`` away at once."""
        try:
            cleared = clear_plan(self.store, self.draft_id, key)
        except (*DatabaseError, StoreError) as error:
            problem = classify(error, self.store.path)
            self._show(_("The plan was not cleared: {reason}").format(
                reason=describe_problem(problem) if problem is not None else str(error)), Status.FAIL)
            return False
        row = self.rows[key]
        row.chosen.setChecked(False)
        row.clear.setEnabled(False)
        if not row.on_draft:
            for widget in (row.chosen, row.when, row.words, row.clear):
                widget.setVisible(False)
        if cleared:
            text = _("{network}: no longer planned.").format(network=network(key).name)
            self._show(text, Status.PASS)
            self.changed.emit(text)
        return cleared

    def _show(self, text: str, status: Status) -> None:
        self.message.say(text, status)


def moment_of(edit: QDateTimeEdit) -> datetime:
    """What a date-time field says, as a local naive moment to the minute."""
    value = edit.dateTime()
    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


def _qt(when: datetime) -> QDateTime:
    return QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute))
