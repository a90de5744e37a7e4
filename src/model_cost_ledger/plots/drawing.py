"""Drawing the points: one panel per scope family on shared log axes, one colour per basis, the
x origin and the dollars in the marker's shape and fill, ranges as bars, bounds as arrows,
repeats as ``+N``, a few labels placed where they do not overlap, and a legend and caption."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import pandas as pd

from ..comparison.dollars import money
from ..text.display import printable
from .families import LABEL_SCOPES, family_order, title_of
from .labels import place_labels, quantity

BASIS_COLOURS = {
    "self_reported": "#1f5fa8",
    "third_party_estimate": "#d95f02",
    "media_report": "#1b9e77",
}
BASIS_WORDS = {
    "self_reported": "said by the model's maker",
    "third_party_estimate": "an analyst's estimate",
    "media_report": "a media report",
}
DATE_MARKERS = {"release": "o", "source": "^"}
PANEL_HEIGHT, LINE = 3.4, 0.16  # inches: a panel, a line of 8-point text
BOUND_FACTOR = {"at_least": 2.5, "at_most": 1 / 2.5}  # an arrow's length on the log axis


def draw(
    plt: Any,
    points: pd.DataFrame,
    axis_label: str,
    money_axis: bool,
    text: tuple[str, str],
    labelled: set[str],
) -> Any:
    """A figure titled ``text[0]`` with one panel per family in ``points`` (shared axes), a
    legend (in the empty cell, if any, else below) and the caption ``text[1]`` at the foot."""
    families = sorted(points["family"].unique(), key=lambda f: (family_order(f), f))
    columns = 1 if len(families) == 1 else 2
    rows = math.ceil(len(families) / columns)
    spare = rows * columns > len(families)  # an empty cell: the legend goes there
    width = 6.2 * columns + 0.6
    handles = _legend_keys(points)
    caption = _wrapped(text[1], width)
    heights = [PANEL_HEIGHT] * rows
    if not spare:
        heights.append(LINE * math.ceil(len(handles) / (2 * columns)) + 0.15)
    heights.append(LINE * len(caption.splitlines()) + 0.1)
    figure = plt.figure(figsize=(width, sum(heights) + 0.5), dpi=100, layout="constrained")
    grid = figure.add_gridspec(len(heights), columns, height_ratios=heights)
    panels: list[Any] = []
    for number, family in enumerate(families):
        axis = figure.add_subplot(grid[number // columns, number % columns])
        if panels:
            axis.sharex(panels[0])
            axis.sharey(panels[0])
        _panel(axis, points[points["family"] == family], family, money_axis)
        axis.set_xlabel("model release date" if number >= len(families) - columns else "")
        axis.set_ylabel(axis_label if number % columns == 0 else "", fontsize=9)
        panels.append(axis)
    cells = (grid[rows - 1, -1] if spare else grid[rows, :], grid[-1, :])
    _foot(figure, cells, handles, 2 if spare else 2 * columns, caption)
    title = textwrap.fill(printable(text[0]), int(width * 10))
    figure.suptitle(title, fontsize=12, x=0.01, ha="left", parse_math=False)
    figure.get_layout_engine().execute(figure)  # lay the panels out once, then freeze them
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        figure.set_layout_engine(None)  # none at all: saving a figure that has one draws it twice
    _freeze_ticks(panels)
    for axis, family in zip(panels, families, strict=True):
        place_labels(axis, points[points["family"] == family], labelled, family in LABEL_SCOPES)
    return figure


def _freeze_ticks(panels: list[Any]) -> None:
    """Keep the ticks and tick labels the layout found: the date and log locators would work
    them out again at every later draw (a fifth of a chart's time), to the same places."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    for axis in panels:
        for ruler in (axis.xaxis, axis.yaxis):
            ticks = ruler.get_majorticklocs()
            labels = ruler.get_major_formatter().format_ticks(ticks)
            ruler.set_major_locator(FixedLocator(ticks))
            ruler.set_major_formatter(FixedFormatter(labels))


def _foot(figure: Any, cells: tuple[Any, Any], keys: list[Any], columns: int, caption: str) -> None:
    """The legend in ``cells[0]`` (``columns`` wide) and the caption in ``cells[1]``."""
    legend, footer = figure.add_subplot(cells[0]), figure.add_subplot(cells[1])
    for box in (legend, footer):
        box.axis("off")
    legend.legend(
        handles=keys, loc="upper left", ncol=columns, fontsize=8, frameon=False, borderaxespad=0
    )
    footer.text(0, 1, caption, transform=footer.transAxes, fontsize=8, va="top", parse_math=False)


def _panel(axis: Any, points: pd.DataFrame, family: str, money_axis: bool) -> None:
    """The points of one family: markers, range bars, bound arrows, repeat counts, axes."""
    from matplotlib.ticker import LogLocator, NullLocator

    for (basis, date_from, dollars), group in points.groupby(
        ["basis", "date_from", "dollars"], sort=True
    ):
        colour = BASIS_COLOURS.get(str(basis), "grey")
        ranges = group[group["qualifier"] == "range"]
        axis.vlines(
            ranges["date"],
            ranges["value_low"],
            ranges["value_high"],
            colors=colour,
            linewidth=2,
            alpha=0.45,
            zorder=2,
        )
        axis.scatter(
            group["date"],
            group["value"],
            marker=DATE_MARKERS[str(date_from)],
            s=28,
            facecolors="none" if dollars == "nominal" else colour,
            edgecolors=colour,
            linewidths=1.1,
            zorder=3,
        )
    for row in points.itertuples(index=False):
        _extras(axis, row)
    count = f"{len(points)} figure{'s' if len(points) != 1 else ''}"
    axis.set_title(f"{title_of(family)}: {count}", fontsize=10, loc="left")
    axis.set_yscale("log")
    axis.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
    axis.yaxis.set_minor_locator(NullLocator())  # decades only: faster, and enough to read
    axis.yaxis.set_major_formatter(_formatter(money_axis))
    axis.grid(True, which="major", alpha=0.3)
    axis.tick_params(labelsize=8)


def _extras(axis: Any, row: Any) -> None:
    """A bound's arrow, and a repeated figure's ``+N``."""
    if row.qualifier in BOUND_FACTOR:
        axis.annotate(
            "",
            xy=(row.date, row.value * BOUND_FACTOR[row.qualifier]),
            xytext=(row.date, row.value),
            arrowprops={"arrowstyle": "->", "color": "dimgrey", "linewidth": 0.9},
            zorder=2,
        )
    if row.repeats:
        axis.annotate(
            f"+{row.repeats}",
            (row.date, row.value),
            xytext=(4, -9),
            textcoords="offset points",
            fontsize=7,
            color="dimgrey",
        )


def _formatter(money_axis: bool) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: (money(v) if money_axis else quantity(v)) if v > 0 else "")


def _legend_keys(points: pd.DataFrame) -> list[Any]:
    """What colour, shape, fill, bar, arrow and ``+N`` mean (only what the chart uses)."""
    from matplotlib.lines import Line2D

    def key(label: str, **style: Any) -> Any:
        style = {"marker": "o", "color": "dimgrey", "linestyle": "none", **style}
        return Line2D([], [], label=label, **style)

    handles = [
        key(BASIS_WORDS.get(b, b), color=c)
        for b, c in BASIS_COLOURS.items()
        if (points["basis"] == b).any()
    ]
    handles.append(key("x: the model's release date"))
    if (points["date_from"] == "source").any():
        handles.append(key("x: the source's date (release date unknown)", marker="^"))
    if (points["dollars"] == "nominal").any():
        handles += [key("constant dollars"), key("nominal dollars", markerfacecolor="none")]
    if (points["qualifier"] == "range").any():
        handles.append(key("a range, low to high", marker="|", markersize=12, alpha=0.6))
    for qualifier, arrow, words in (
        ("at_least", r"$\uparrow$", "at least"),
        ("at_most", r"$\downarrow$", "at most"),
    ):
        if (points["qualifier"] == qualifier).any():
            handles.append(key(f"a bound: {words}", marker=arrow, markersize=10))
    if (points["repeats"] > 0).any():
        handles.append(key("+N: repeated by N other figures", marker=r"$+N$", markersize=14))
    return handles


def _wrapped(caption: str, width: float) -> str:
    """``caption`` made printable and wrapped to the figure's ``width`` in inches."""
    characters = int(width * 15)  # of 8 points
    lines = [textwrap.fill(printable(line), characters) for line in caption.splitlines()]
    return "\n".join(lines)
