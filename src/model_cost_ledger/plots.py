"""A picture of the ledger: reported values against publication date, on a log scale.

Needs the optional extra ``plot`` (matplotlib), imported only here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .comparison.subjects import resolve
from .store.descriptor import Descriptor
from .store.writing import write_atomic
from .validation.runner import valid_tables
from .views import load

MARKERS = {"self_reported": "o", "third_party_estimate": "s", "media_report": "D"}
POINT_COLUMNS = ("figure_id", "subject_id", "date", "value", "qualifier", "basis")


@dataclass
class Plot:
    """What was drawn: the points (one per dated figure) and the file written."""

    points: pd.DataFrame
    path: Path
    skipped: list[str]  # figure ids left out because their source shows no date


def plot(
    metric: str = "training_cost",
    out: str | Path = "costs.png",
    highlight: tuple[str, ...] = (),
    path: str | Path | None = None,
) -> Plot:
    """Draw every current figure of ``metric`` against its source's publication date (log y).

    One marker shape per basis; ranges as vertical bars from low to high; lower and upper bounds
    as arrows; the subjects in ``highlight`` (ids, names or aliases) labelled.

    Parameters
    ----------
    metric : str
        The metric to draw; derived figures are left out.
    out : str or Path
        The image file to write.
    highlight : tuple of str
        Subjects to label, by id, name or alias.
    path : str or Path, optional
        The dataset folder; the packaged or checkout dataset by default.

    Returns
    -------
    Plot
        The points drawn, the file written and the figures skipped for want of a date.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    ValueError
        If ``metric`` has no figures (KeyError for an unknown subject in ``highlight``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = plot("training_cost", Path(folder) / "costs.png", highlight=("R1",))
    ...     print(result.path.stat().st_size > 0, list(result.points.columns[:2]))
    True ['figure_id', 'subject_id']
    """
    plt = _pyplot()
    figures = _figures_of(metric, path)
    aliases = Descriptor.read(path).resource("subjects").field("aliases")
    subjects = {resolve(name, valid_tables(path)["subjects"], aliases) for name in highlight}
    points, skipped = _dated(figures)
    out = _draw(plt, points, subjects, metric, Path(out))
    return Plot(points[list(POINT_COLUMNS)].reset_index(drop=True), out, skipped)


def _figures_of(metric: str, path: str | Path | None) -> pd.DataFrame:
    """The current, not derived, figures of ``metric``."""
    figures = load(path)
    figures = figures[(figures["metric"] == metric) & (figures["basis"] != "derived")]
    if figures.empty:
        raise ValueError(f"no figures for metric {metric!r}")
    return figures


def _draw(plt: Any, points: pd.DataFrame, subjects: set[str], metric: str, out: Path) -> Path:
    """Draw ``points`` (labelling ``subjects``) and write the picture to ``out``."""
    fig, axis = plt.subplots(figsize=(10, 6), dpi=100)
    _draw_points(axis, points)
    for row in points.itertuples(index=False):
        _draw_extent(axis, row)
        if row.subject_id in subjects:
            _draw_label(axis, row)
    _finish_axes(axis, metric, points)
    fig.tight_layout()
    picture = io.BytesIO()
    fig.savefig(picture, format=out.suffix.lstrip(".") or "png", metadata={"Software": None})
    plt.close(fig)
    return write_atomic(out, picture.getvalue())


def _pyplot() -> Any:
    """``matplotlib.pyplot`` on the headless Agg backend."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "plotting needs matplotlib: pip install 'model-cost-ledger[plot]'"
        ) from None
    return plt


def _dated(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The figures whose source shows a date (a month counts as its first day), and the ids of
    those left out."""
    published = (
        figures["source_published"]
        .astype(object)
        .map(
            lambda v: (
                v
                if isinstance(v, str) and len(v) == 10
                else (f"{v}-01" if isinstance(v, str) else None)
            )
        )
    )
    points = figures.assign(date=pd.to_datetime(published, format="%Y-%m-%d")).dropna(
        subset=["date"]
    )
    skipped = sorted(set(figures["figure_id"]) - set(points["figure_id"]))
    return points, skipped


def _draw_points(axis: Any, points: pd.DataFrame) -> None:
    """One scatter per basis, each with its marker."""
    for basis, marker in MARKERS.items():
        group = points[points["basis"] == basis]
        if group.empty:
            continue
        axis.scatter(
            group["date"],
            group["value"].astype(float),
            marker=marker,
            s=36,
            label=basis.replace("_", " "),
            alpha=0.8,
        )


def _draw_extent(axis: Any, row: Any) -> None:
    """A range as a vertical bar from low to high; a bound as an arrow up or down."""
    if row.qualifier == "range":
        axis.vlines(
            row.date, float(row.value_low), float(row.value_high), color="grey", linewidth=1
        )
    elif row.qualifier in ("at_least", "at_most"):
        factor = 1.6 if row.qualifier == "at_least" else 1 / 1.6
        axis.annotate(
            "",
            xy=(row.date, float(row.value) * factor),
            xytext=(row.date, float(row.value)),
            arrowprops={"arrowstyle": "->", "color": "grey"},
        )


def _draw_label(axis: Any, row: Any) -> None:
    axis.annotate(
        f"{row.subject_name}: {row.reported_as}",
        (row.date, float(row.value)),
        fontsize=7,
        xytext=(4, 4),
        textcoords="offset points",
    )


def _finish_axes(axis: Any, metric: str, points: pd.DataFrame) -> None:
    """Log y scale, axis labels, title, legend and grid."""
    axis.set_yscale("log")
    axis.set_xlabel("source publication date")
    axis.set_ylabel(f"{metric} ({', '.join(sorted(set(points['unit'].dropna())))}, as reported)")
    axis.set_title(f"{metric}: {len(points)} reported figures")
    axis.legend(title="basis")
    axis.grid(True, which="both", alpha=0.3)
