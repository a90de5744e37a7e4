"""Figures laid out for a terminal (``list``): each figure's whole id on a line, then its
metric, value for reading, scope, basis and the number as printed, wrapped to the width."""

from __future__ import annotations

import json

import pandas as pd

from ..comparison.amounts import amount
from ..text.layout import wrap


def figure_blocks(figures: pd.DataFrame, metrics: pd.DataFrame, width: int) -> list[str]:
    """Two or more lines per figure: its id, whole, then what it is; ``metrics`` is the
    metric vocabulary indexed by metric."""
    lines: list[str] = []
    for row in figures.itertuples(index=False):
        metric = metrics.loc[str(row.metric)]
        value = amount(row, metric["kind"] == "money", metric["per"])
        printed = row.reported_as if pd.notna(row.reported_as) else f"= {row.derivation}"
        about = f"{row.metric}: {value}; {row.scope}; {row.basis}, {row.claimant};"
        lines += wrap(row.figure_id, width)
        lines += wrap(f"{about} as printed: {printed}", width, "    ")
    return lines


def figures_json(figures: pd.DataFrame) -> str:
    """Every column of every figure, as a JSON list of records (missing cells as null)."""
    records = figures.astype(object).where(figures.notna(), None).to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=2, default=str)
