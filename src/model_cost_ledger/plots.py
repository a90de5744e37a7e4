"""A picture of the ledger: reported values against publication date, on a log scale.

Needs the optional extra ``plot`` (matplotlib), imported only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .comparison.subjects import resolve
from .store.descriptor import Descriptor
from .store.reading import read_tables
from .views import load

MARKERS = {"self_reported": "o", "third_party_estimate": "s", "media_report": "D"}


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
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "plotting needs matplotlib: pip install 'model-cost-ledger[plot]'"
        ) from None
    figures = load(path)
    figures = figures[(figures["metric"] == metric) & (figures["basis"] != "derived")]
    if figures.empty:
        raise ValueError(f"no figures for metric {metric!r}")
    aliases = Descriptor.read(path).resource("subjects").field("aliases")
    subjects = {resolve(name, read_tables(path)["subjects"], aliases) for name in highlight}
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
    fig, axis = plt.subplots(figsize=(10, 6), dpi=100)
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
    for row in points.itertuples(index=False):
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
        if row.subject_id in subjects:
            axis.annotate(
                f"{row.subject_name}: {row.reported_as}",
                (row.date, float(row.value)),
                fontsize=7,
                xytext=(4, 4),
                textcoords="offset points",
            )
    axis.set_yscale("log")
    axis.set_xlabel("source publication date")
    axis.set_ylabel(f"{metric} ({', '.join(sorted(set(points['unit'].dropna())))}, as reported)")
    axis.set_title(f"{metric}: {len(points)} reported figures")
    axis.legend(title="basis")
    axis.grid(True, which="both", alpha=0.3)
    out = Path(out)
    fig.tight_layout()
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)
    return Plot(
        points[["figure_id", "subject_id", "date", "value", "qualifier", "basis"]].reset_index(
            drop=True
        ),
        out,
        skipped,
    )
