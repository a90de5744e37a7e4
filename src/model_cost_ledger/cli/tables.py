"""Plain-text tables for the terminal: fixed column widths, long cells cut with an ellipsis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..text.display import printable


def _cell(value: Any, width: int) -> str:
    """A cell escaped (``text.display.printable``), then cut to ``width``."""
    text = "" if pd.isna(value) else printable(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def table(frame: pd.DataFrame, columns: Sequence[str], widths: Sequence[int]) -> str:
    """``columns`` of ``frame`` as a header, a rule and one line per row; every cell on its
    line, escaped."""
    head = "  ".join(f"{_cell(c, w):<{w}}" for c, w in zip(columns, widths, strict=True)).rstrip()
    rows = [
        "  ".join(f"{_cell(v, w):<{w}}" for v, w in zip(row, widths, strict=True)).rstrip()
        for row in frame[list(columns)].astype(object).itertuples(index=False)
    ]
    return "\n".join([head, "  ".join("-" * w for w in widths), *rows])


def printable_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell escaped (``text.display.printable``), for CSV on a
    terminal: a newline inside a quoted cell would otherwise start a line of its own."""
    text = frame.select_dtypes(exclude=["number", "bool", "datetime"]).columns
    return frame.assign(**{c: frame[c].map(printable, na_action="ignore") for c in text})
