"""``plot``: the chart of one metric, written as PNG or SVG, and what it left out and why."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..comparison.subjects import resolve
from ..store.descriptor import Descriptor
from ..store.writing import check_writable, write_atomic
from ..validation.gate import valid_tables
from .families import FAMILIES
from .points import Selection, select

FORMATS = ("png", "svg")
SALT = "model-cost-ledger"  # SVG element ids hash from this, not from random numbers
REASON_WORDS = {  # reason code -> the caption's words for that many figures
    "repeat": "repeating another figure (each drawn once, on the figure it repeats: +N)",
    "repeat-undrawn": "repeating a figure this chart does not draw",
    "no-date": "with no model release date and no usable source date",
    "derived": "computed here from other figures",
    "other-unit": "in another unit or currency",
    "scope-not-picked": "of scope families not picked (--scope)",
}


@dataclass
class Plot:
    """What was drawn: the points, the figures left out (``figure_id``, ``reason``, ``detail``),
    the caption printed under the chart and the file written."""

    points: pd.DataFrame
    left_out: pd.DataFrame
    caption: str
    path: Path


def plot(
    metric: str = "training_cost",
    out: str | Path = "costs.png",
    highlight: tuple[str, ...] = (),
    path: str | Path | None = None,
    scope: tuple[str, ...] = (),
    year: int | None = None,
) -> Plot:
    """Draw the current figures of ``metric`` against their model's release date, one panel per
    scope family, in constant dollars on a log scale; write PNG or SVG by ``out``'s suffix.

    x is the release date of the model (``subjects.released``); where the ledger has none, the
    source's publication date, drawn as a triangle. Each scope family (final run, stage,
    fine-tune, programme, unspecified...; see ``plots.families``) gets its own panel, on shared
    axes. Money is in constant dollars of ``year``; a figure whose dollar year is not in the
    price index is drawn hollow, as reported. A figure that repeats another (``traces_to``) is
    not drawn: the figure it repeats shows ``+N``. Bounds are arrows, ranges bars. The caption
    says what was left out and why, the dataset version and where the sources are.

    Parameters
    ----------
    metric : str
        The metric to draw.
    out : str or Path
        The image file to write, ``.png`` or ``.svg``.
    highlight : tuple of str
        Subjects to label (ids, names or aliases), besides the three highest of each panel.
    path : str or Path, optional
        The dataset folder; the packaged or checkout dataset by default.
    scope : tuple of str
        Scope families to draw (e.g. ``("final-run", "fine-tune")``); all by default.
    year : int, optional
        The constant-dollar year; the price index's latest by default.

    Returns
    -------
    Plot
        The points drawn, the figures left out and why, the caption and the file written.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    ValueError
        If ``metric`` has no figures, ``scope`` names an unknown family, nothing is left to
        draw, ``year`` is not in the price index or ``out`` is neither PNG nor SVG.
    KeyError
        If a subject in ``highlight`` is unknown (the message suggests the closest).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = plot("training_cost", Path(folder) / "costs.svg", scope=("fine-tune",))
    ...     print(result.path.suffix, sorted(set(result.points["family"])))
    .svg ['fine-tune']
    """
    kind = _format(Path(out))
    check_writable(Path(out))
    plt = _pyplot()
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    families = _families(scope, frames["scopes"])
    aliases = descriptor.resource("subjects").field("aliases")
    labelled = {resolve(name, frames["subjects"], aliases) for name in highlight}
    selection = select(frames, descriptor, metric, families, year)
    if selection.points.empty:
        raise ValueError(f"nothing to draw for {metric} in scope families {', '.join(scope)}")
    caption = caption_of(selection, metric, descriptor.version)
    name = frames["metrics"].set_index("metric").at[metric, "name"]
    measure = selection.measure if selection.money else f"in {selection.measure}"
    title = f"{name}, {measure}, by model release date"
    figure = _draw(plt, selection, title, caption, labelled)
    data = _render(plt, figure, kind, descriptor.version)
    return Plot(selection.points, selection.left_out, caption, write_atomic(out, data))


def _draw(plt: Any, selection: Selection, title: str, caption: str, labelled: set[str]) -> Any:
    from .drawing import draw

    axis_label = selection.measure.split(" (")[0]
    return draw(plt, selection.points, axis_label, selection.money, (title, caption), labelled)


def _format(out: Path) -> str:
    kind = out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(f"cannot write {out.name!r}: the chart is written as .png or .svg")
    return kind


def _families(scope: tuple[str, ...], scopes: pd.DataFrame) -> tuple[str, ...]:
    """``scope`` checked against the families (and the scopes outside the family table)."""
    known = [family.family for family in FAMILIES]
    named = {s for family in FAMILIES for s in family.scopes}
    known += sorted(set(scopes["scope"].astype(str)) - named)
    unknown = [name for name in scope if name not in known]
    if unknown:
        raise ValueError(
            f"unknown scope family {unknown[0]!r}; families: {', '.join(known)}"
            " (a family groups scopes: final-run holds final_run_rental and final_run_amortized)"
        )
    return tuple(scope)


def caption_of(selection: Selection, metric: str, version: str) -> str:
    """What the chart shows and what it left out, in counts and reasons; the version and credit.

    Parameters
    ----------
    selection : Selection
        The points and the figures left out.
    metric : str
        The metric drawn.
    version : str
        The dataset version.

    Returns
    -------
    str
        The caption, one line per statement.
    """
    points, left = selection.points, selection.left_out
    undrawn = (left["reason"] == "repeat") & ~left["detail"].str.startswith("drawn once")
    reasons = left["reason"].where(~undrawn, "repeat-undrawn").value_counts()
    lines = [
        f"{len(points)} figures of {metric} drawn, one panel per scope family, on shared axes."
    ]
    dated = int((points["date_from"] == "source").sum())
    if dated:
        lines.append(f"{dated} placed at their source's date (triangles): no release date.")
    nominal = points[points["dollars"] == "nominal"]
    if len(nominal):
        years = ", ".join(sorted({str(y) for y in nominal["currency_year"].dropna()})) or "?"
        lines.append(
            f"{len(nominal)} drawn hollow, in nominal dollars as reported: their dollar year"
            f" ({years}) is not in the price index (README, Constant dollars)."
        )
    if len(left):
        parts = [
            f"{reasons[code]} {words}" for code, words in REASON_WORDS.items() if code in reasons
        ]
        lines.append(f"Left out: {'; '.join(parts)}.")
    lines.append(f"model-cost-ledger {version}; sources in sources.md")
    return "\n".join(lines)


def _render(plt: Any, figure: Any, kind: str, version: str) -> bytes:
    """The figure's bytes, the same on every run: no date, a fixed SVG id salt."""
    picture = io.BytesIO()
    creator = f"model-cost-ledger {version}"
    metadata = {"Software": None} if kind == "png" else {"Date": None, "Creator": creator}
    with plt.rc_context({"svg.hashsalt": SALT, "svg.fonttype": "path"}):
        figure.savefig(picture, format=kind, metadata=metadata)
    plt.close(figure)
    return picture.getvalue()


def _pyplot() -> Any:
    """``matplotlib.pyplot`` on the headless Agg backend."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "plotting needs matplotlib: pip install matplotlib (from a checkout: pip install '.[plot]')"
        ) from None
    return plt
