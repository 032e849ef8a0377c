"""The report of return against effort for a period (issue 13, point 5): the figures, their labels, its sentences.

:func:`build_report` asks the database for everything at once (``figures.py``:
one query for the groups and the period before, one per colleague) and
answers the roundtable's questions in sentences (``answers.py``). The window
(``composer/ui/planning/report_window.py``), the PDF and the CSV
(``report_files.py``) show the same :class:`Report`; the charts are drawn
from it by ``charts.py``, which alone loads matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from composer.core.drafts.draft import AUDIENCES, PURPOSES, label
from composer.core.i18n import N_, _, locale_name, number
from composer.core.networks.facts import NETWORKS, network
from composer.core.planning import figures as sums
from composer.core.planning.figures import Figures, Group
from composer.core.planning.periods import Period

if TYPE_CHECKING:
    from composer.core.storage.store import Store

#: The order the window's tabs, the PDF's pages and the CSV's rows show the dimensions in.
ORDER = ("purpose", "audience", "network", "month", "colleague")
#: The dimensions the report shows a chart and a table of, with their titles.
DIMENSION_TITLES = {
    "purpose": N_("By purpose"),
    "audience": N_("By audience"),
    "network": N_("By network"),
    "colleague": N_("By colleague"),
    "month": N_("Per month"),
}

#: The first column of a dimension's table.
DIMENSION_NAMES = {
    "purpose": N_("Purpose"),
    "audience": N_("Audience"),
    "network": N_("Network"),
    "colleague": N_("Colleague"),
    "month": N_("Month"),
}
#: The other columns of every table (the CSV has its own, machine-readable ones: ``report_files.py``).
TABLE_COLUMNS = (N_("Posts"), N_("With feedback"), N_("Time"), N_("Responses"), N_("Per post"), N_("Per hour"),
                 N_("Likes"), N_("Shares"))


@dataclass(frozen=True)
class Report:
    """What the posts of :attr:`period` brought for the time they took.

    ``groups`` per dimension of :data:`ORDER` (the colleagues only once read), each in the order shown
    (months in time order, every month of the period even without posts; the others most posts first);
    ``cross``: per audience and network; ``previous``: the totals of the period before.
    """

    period: Period
    total: Figures
    previous: Figures
    groups: dict[str, tuple[Group, ...]] = field(default_factory=dict)
    cross: tuple[Group, ...] = ()
    sentences: tuple[str, ...] = ()

    def rows(self, dimension: str) -> tuple[Group, ...]:
        return self.groups.get(dimension, ())


def build_report(store: Store, period: Period, colleagues: bool = True) -> Report:
    """The report of ``period``: two queries, whatever the number of posts.

    Without ``colleagues`` the second query waits (:func:`with_colleagues`): a window reads the colleagues'
    figures only when their tab is shown.
    """
    from composer.core.planning.answers import sentences

    start, end = period.start.isoformat(), period.end.isoformat()
    found = sums.grouped(store, start, end, period.before().start.isoformat())
    total, previous = found.total, found.previous
    groups: dict[str, tuple[Group, ...]] = {}
    for dimension in ("purpose", "audience", "network"):
        groups[dimension] = _by_size([g for g in found.groups if g.dimension == dimension])
    if colleagues:
        groups["colleague"] = _by_size(sums.by_colleague(store, start, end))
    months = {g.key: g for g in found.groups if g.dimension == "month"}
    groups["month"] = tuple(months.get(month) or Group("month", month, Figures()) for month in period.months())
    cross = tuple(g for g in found.groups if g.dimension == "audience_network")
    report = Report(period, total, previous, groups, cross)
    return Report(period, total, previous, groups, cross, tuple(sentences(report)))


def with_colleagues(store: Store, report: Report) -> Report:
    """``report`` with the colleagues' figures (read now if :func:`build_report` was told to wait)."""
    if "colleague" in report.groups:
        return report
    found = sums.by_colleague(store, report.period.start.isoformat(), report.period.end.isoformat())
    return replace(report, groups={**report.groups, "colleague": _by_size(found)})


def _by_size(groups: list[Group]) -> tuple[Group, ...]:
    """Most posts first, then by label (a stable order for equal counts)."""
    return tuple(sorted(groups, key=lambda g: (-g.figures.posts, group_label(g))))


def group_label(group: Group) -> str:
    """How a group is named in the report, the charts and the CSV's label column."""
    return value_label(group.dimension, group.key)


def value_label(dimension: str, key: str | None) -> str:
    """The translated name of a purpose, an audience, a network, a colleague or a month (``YYYY-MM``)."""
    if dimension == "purpose":
        return label(PURPOSES, key) if key else _("No purpose given")
    if dimension in ("audience", "audience_network"):
        return label(AUDIENCES, key) if key else _("No audience given")
    if dimension == "network":
        return network(key).name if key in NETWORKS else str(key)
    if dimension == "month" and key:
        return month_label(key)
    return key or _("Unknown colleague")


def month_label(month: str) -> str:
    """``2025-03`` as the language writes a month: "Mar 2025", "mrt 2025"."""
    from babel.dates import format_date

    return format_date(date.fromisoformat(month + "-01"), "MMM yyyy", locale=locale_name())


def decimal(value: float | None, places: int = 1) -> str:
    """A figure as the language writes it (3.2 in English, 3,2 in Dutch); "–" when there is nothing to show."""
    if value is None:
        return "–"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(round(value, places), format=pattern, locale=locale_name()))


def hours(minutes: float) -> str:
    """Minutes as the report says a time: "45 min" under an hour, else "3.5 h"."""
    if minutes < 60:
        return _("{n} min").format(n=decimal(minutes, 0))
    return _("{n} h").format(n=decimal(minutes / 60))


def period_label(period: Period) -> str:
    """"1 April 2025 – 30 June 2025"."""
    from composer.core.i18n import date as long_date

    return f"{long_date(period.start)} – {long_date(period.end)}"


def dimension_title(dimension: str) -> str:
    return _(DIMENSION_TITLES[dimension])


def table_header(dimension: str) -> list[str]:
    return [_(DIMENSION_NAMES[dimension]), *(_(column) for column in TABLE_COLUMNS)]


def table_row(group: Group) -> list[str]:
    """A group as a table shows it: its name, then the figures of :data:`TABLE_COLUMNS`, as the language writes them."""
    f = group.figures
    return [group_label(group), number(f.posts), number(round(f.with_feedback)), hours(f.minutes) if f.minutes else "–",
            number(round(f.responses)), decimal(f.per_post), decimal(f.per_hour), number(round(f.likes)),
            number(round(f.shares))]


def total_row(report: Report) -> list[str]:
    return table_row(Group("total", _("All posts"), report.total))
