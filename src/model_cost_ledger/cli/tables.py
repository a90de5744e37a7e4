"""Plain-text tables for the terminal: fixed column widths, long cells cut with an ellipsis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd


def _cell(value: Any, width: int) -> str:
    text = "" if pd.isna(value) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def table(frame: pd.DataFrame, columns: Sequence[str], widths: Sequence[int]) -> str:
    """``columns`` of ``frame`` as a header, a rule and one line per row."""
    head = "  ".join(f"{c:<{w}}" for c, w in zip(columns, widths, strict=True)).rstrip()
    rows = [
        "  ".join(f"{_cell(v, w):<{w}}" for v, w in zip(row, widths, strict=True)).rstrip()
        for row in frame[list(columns)].astype(object).itertuples(index=False)
    ]
    return "\n".join([head, "  ".join("-" * w for w in widths), *rows])
