"""The report's charts, drawn with matplotlib on a figure the caller owns (issue 13, point 5).

Bar charts per purpose, audience and network: responses per post in a strong
colour, likes per post apart, in a panel of their own, lighter and hatched
(the blue thumb is never the headline); and a time line of posts (bars) and
responses (a line with dots) per month. Every bar carries its value and every
series a legend or a title, so nothing is said by colour alone; the colours
are from the Okabe–Ito palette, told apart with any colour vision.

matplotlib is only imported here, and this module only when a report is
shown or written (start-up never pays for it; :func:`warm_up` loads it ahead
of need, off the UI thread). Figures are made with
:class:`matplotlib.figure.Figure`, never through pyplot's global state: the
window puts one on its Qt canvas, the PDF on its pages (``report_files.py``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Literal

import matplotlib
from matplotlib.figure import Figure, FigureBase

from composer.core.i18n import _, number
from composer.core.planning.report import decimal, dimension_title, group_label, month_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer

    from composer.core.planning.figures import Group
    from composer.core.planning.report import Report

# Okabe & Ito (2008), "Color Universal Design": distinct for every kind of colour vision
RESPONSES = "#0072B2"  # blue: the dialogue, the headline
LIKES = "#D9D9D9"  # light grey, hatched: likes, apart and lighter
LIKES_EDGE = "#8C8C8C"
POSTS = "#56B4E9"  # sky blue bars
RESPONSES_LINE = "#D55E00"  # vermillion line with dots
TEXT = "#222222"
# Labels are the library's own words (a house style's audience, a colleague's name): drawn as written, never
# read as mathtext (two "$" in a label made matplotlib parse it as TeX and fail the whole report)
matplotlib.rcParams["text.parse_math"] = False
MOST_BARS = 12  # a chart shows at most this many groups (the most posts); the table shows them all
LABEL_WIDTH = 24  # characters per line of a group's name beside its bar


def new_figure(width: float = 8.0, height: float = 4.5, dpi: float = 100,
               layout: Literal["constrained"] | None = "constrained") -> Figure:
    """A figure (inches); its charts laid out by matplotlib's constrained layout, so no label is cut off."""
    return Figure(figsize=(width, height), dpi=dpi, layout=layout)


def draw(figure: FigureBase, report: Report, dimension: str, titled: bool = True) -> None:
    """Draw ``dimension``'s chart on ``figure`` (cleared first): bars, or the time line for ``month``.

    Without ``titled`` the chart has no title of its own (a window's tab names it). Where the axes go is left
    to the figure's layout engine (the PDF's pages) or to :func:`fit`.
    """
    figure.clear()
    if dimension == "month":
        time_line(figure, report.rows("month"), titled)
    else:
        bars(figure, report.rows(dimension), dimension_title(dimension) if titled else "")


#: Room around a chart's axes, in inches (left, right, top, bottom): the group names on the left of the bars,
#: the titles above, the month names below the time line.
MARGINS = {"bars": (1.95, 0.2, 0.85, 0.1), "month": (0.65, 0.25, 0.8, 0.7)}
TITLE = 0.35  # inches the chart's own title takes


def fit(figure: Figure, dimension: str, titled: bool = True) -> None:
    """Place the axes by fixed margins in inches, for the figure's present size.

    Cheaper than a layout engine, which measures every label on every draw (a third of the time on a window's
    canvas); call again when the figure is resized.
    """
    width, height = figure.get_size_inches()
    left, right, top, bottom = MARGINS["month" if dimension == "month" else "bars"]
    top -= 0 if titled else TITLE
    figure.subplots_adjust(left=min(0.45, left / width), right=1 - right / width, top=1 - min(0.4, top / height),
                           bottom=min(0.4, bottom / height), wspace=0.06)


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LABEL_WIDTH, max_lines=3, placeholder="…")) or text


def bars(figure: FigureBase, groups: Sequence[Group], title: str) -> None:
    """Responses per post (left, strong) and likes per post (right, lighter and apart), one row per group.

    The groups with most posts (at most :data:`MOST_BARS`), most responses per post on top.
    """
    shown = sorted(list(groups)[:MOST_BARS], key=lambda g: (g.figures.per_post is None, -(g.figures.per_post or 0)))
    responses_axes, likes_axes = figure.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    if title:
        figure.suptitle(_("{title}: what a post brought").format(title=title), color=TEXT, fontsize=12)
    if not shown:
        responses_axes.text(0.5, 0.5, _("No posts in this period."), ha="center", va="center",
                            transform=responses_axes.transAxes)
        likes_axes.set_axis_off()
        responses_axes.set_yticks([])
        return
    names = [_wrapped(group_label(g)) for g in shown]
    places = list(range(len(shown)))
    responses = [g.figures.per_post or 0.0 for g in shown]
    likes = [g.figures.likes_per_post or 0.0 for g in shown]
    made = responses_axes.barh(places, responses, color=RESPONSES, height=0.6)
    _values(responses_axes, made, [g.figures.per_post for g in shown])
    responses_axes.set_yticks(places, names)
    responses_axes.invert_yaxis()
    responses_axes.set_title(_("Responses per post with feedback\n(comments, questions, suggestions)"),
                             fontsize=10, color=TEXT)
    made = likes_axes.barh(places, likes, color=LIKES, edgecolor=LIKES_EDGE, hatch="///", height=0.6)
    _values(likes_axes, made, [g.figures.likes_per_post for g in shown], colour="#555555")
    likes_axes.tick_params(left=False)
    likes_axes.set_title(_("Likes per post with feedback\n(counted apart)"), fontsize=10, color="#555555")
    for axes in (responses_axes, likes_axes):
        _plain(axes)
        axes.set_xticks([])  # the values are on the bars: no scale to read them from
        axes.spines["bottom"].set_visible(False)
        axes.margins(x=0.2)  # room for the values at the bars' ends


def _values(axes: Axes, made: BarContainer, values: Sequence[float | None], colour: str = TEXT) -> None:
    """Each bar's value at its end; "no feedback" where nothing was recorded."""
    axes.bar_label(made, labels=[decimal(v) if v is not None else _("no feedback") for v in values],
                   padding=3, fontsize=9, color=colour)


def _plain(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=TEXT, labelsize=9)


def time_line(figure: FigureBase, months: Sequence[Group], titled: bool = True) -> None:
    """Posts per month as bars, responses per month as a line with dots, on one axis (both are counts)."""
    axes = figure.subplots()
    if titled:
        figure.suptitle(_("Posts and responses per month"), color=TEXT, fontsize=12)
    places = list(range(len(months)))
    posts = [g.figures.posts for g in months]
    responses = [g.figures.responses for g in months]
    made = axes.bar(places, posts, color=POSTS, label=_("Posts"), width=0.7)
    axes.plot(places, responses, color=RESPONSES_LINE, marker="o", markersize=4, linewidth=2,
              label=_("Responses (comments, questions, suggestions)"))
    if len(months) <= 18:  # values on the bars while they stay readable
        axes.bar_label(made, labels=[number(p) if p else "" for p in posts], padding=2, fontsize=8, color=TEXT)
    step = max(1, -(-len(months) // 12))  # at most a dozen month names under the axis
    slanted = len(months) > 6
    axes.set_xticks(places[::step], [month_label(str(g.key)) for g in months[::step]],
                    rotation=40 if slanted else 0, ha="right" if slanted else "center")
    axes.set_ylabel(_("Number per month"))
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=9)
    axes.set_ylim(bottom=0)
    _plain(axes)


def on_screen() -> AbstractContextManager[None]:
    """Settings for drawing a chart on the screen: text without font hinting, which takes a quarter of a
    window's drawing time (matplotlib 3.11 renders text glyph by glyph) for no difference a person sees at
    screen size. For the duration of one draw only (matplotlib's own ``rc_context``)."""
    from matplotlib import rc_context

    return rc_context({"text.hinting": "no_hinting"})


def warm_up() -> None:
    """Load matplotlib's figure and Agg back end (≈1 s on a slow machine) ahead of the first report; any thread."""
    from matplotlib.backends import backend_agg  # noqa: F401
