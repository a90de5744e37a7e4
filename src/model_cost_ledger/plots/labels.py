"""Labels on the chart: the highlighted subjects and the few highest of each panel, each placed
in the first spot near its point where it covers no other label and (almost) no marker."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..comparison.dollars import money
from ..text.display import printable

LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
TOP_LABELS = 3  # the highest subjects labelled in each panel, besides those highlighted
MARKERS_COVERED = 1  # at most this many markers under a label that is not highlighted
# where a label may go, tried in order: (dx, dy) in points, horizontal alignment
LABEL_SPOTS = (
    (6, 3, "left"),
    (6, -10, "left"),
    (-6, 3, "right"),
    (-6, -10, "right"),
    (0, 9, "center"),
    (0, -17, "center"),
    (12, 12, "left"),
    (-12, 12, "right"),
    (25, 22, "left"),
    (-25, 22, "right"),
    (25, -25, "left"),
    (-25, -25, "right"),
    (40, 40, "left"),
    (-40, 40, "right"),
    (40, -40, "left"),
    (-40, -40, "right"),
)


def quantity(value: float) -> str:
    """A count for an axis: ``2.5e6`` -> ``2.5M``; beyond trillions in powers of ten.

    >>> quantity(2.5e6), quantity(1e24), quantity(30)
    ('2.5M', '1e24', '30')
    """
    if value >= 1e15:
        exponent = math.floor(math.log10(value))
        mantissa = value / 10**exponent
        return f"{mantissa:.2g}e{exponent}" if round(mantissa, 2) != 1 else f"1e{exponent}"
    return money(value, "").strip()


def place_labels(axis: Any, points: pd.DataFrame, labelled: set[str], by_scope: bool) -> None:
    """Label each highlighted subject and the ``TOP_LABELS`` highest others, once per panel (once
    per scope where ``by_scope``) at the highest point, in the first spot where the label
    overlaps no other label, ``+N`` or marker; a highlighted one with no free spot goes where it
    overlaps least, another is dropped."""
    renderer = axis.figure.canvas.get_renderer()
    keys = ["subject_id", "scope"] if by_scope else ["subject_id"]
    highest = points.sort_values(["value", "figure_id"], ascending=[False, True])
    highest = highest.drop_duplicates(keys)
    wanted = highest[highest["subject_id"].isin(labelled)]
    others = highest[~highest["subject_id"].isin(labelled)].head(TOP_LABELS)
    markers = axis.transData.transform(
        list(zip(_day_numbers(points["date"]), points["value"], strict=True))
    )
    placed = [t.get_window_extent(renderer).padded(2) for t in axis.texts if t.get_text()]  # +N
    frame = axis.get_window_extent(renderer)
    for row in [*wanted.itertuples(index=False), *others.itertuples(index=False)]:
        must = row.subject_id in labelled
        crowding = []  # per spot: (outside the panel, labels overlapped, markers covered)
        for spot in LABEL_SPOTS:
            label = _label(axis, row, by_scope, must, spot)
            box = _text_box(label, renderer)
            label.remove()
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            crowding.append(
                (
                    int(not inside),
                    sum(box.overlaps(other) for other in placed),
                    sum(box.contains(x, y) for x, y in markers),
                )
            )
            if crowding[-1] == (0, 0, 0):
                break
        best = crowding.index(min(crowding))
        if must or crowding[best] <= (0, 0, MARKERS_COVERED):
            label = _label(axis, row, by_scope, must, LABEL_SPOTS[best])
            placed.append(_text_box(label, renderer))


def _text_box(label: Any, renderer: Any) -> Any:
    """The label's text with a margin, without its leader line."""
    from matplotlib.text import Text

    label.update_positions(renderer)
    return Text.get_window_extent(label, renderer).padded(4)


def _label(axis: Any, row: Any, by_scope: bool, must: bool, spot: tuple[int, int, str]) -> Any:
    """A label for ``row`` at ``spot`` (points from the marker), with a leader line if far."""
    dx, dy, align = spot
    far = abs(dx) + abs(dy) > 20
    return axis.annotate(
        _label_text(row, by_scope),
        (row.date, row.value),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=align,
        va="center" if far else "baseline",
        fontsize=7.5,
        parse_math=False,
        zorder=4,
        fontweight="bold" if must else "normal",
        bbox=LABEL_BOX,
        arrowprops={"arrowstyle": "-", "color": "grey", "linewidth": 0.5} if far else None,
    )


def _day_numbers(dates: pd.Series) -> list[float]:
    from matplotlib.dates import date2num

    return [float(date2num(d)) for d in dates]


def _label_text(row: Any, by_scope: bool) -> str:
    scope = f" {str(row.scope).removesuffix('_stage').replace('_', '-')}" if by_scope else ""
    return f"{printable(row.subject_name)}{printable(scope)} {_amount(row)}"


def _amount(row: Any) -> str:
    """A point's value for its label; nominal money marked."""
    if row.dollars == "":
        return quantity(row.value)
    return money(row.value) + (" nominal" if row.dollars == "nominal" else "")
