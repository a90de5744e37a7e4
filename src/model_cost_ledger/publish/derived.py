"""Published context columns computed from the row (``x-derive`` in ``datapackage.json``): a
partial date as a typed date with its precision, and money in constant US dollars.

Each kind is a function of the table built so far, the dataset's frames and the part asked for;
a new kind is one entry of ``KINDS`` and a declaration in the descriptor."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..store.constant_dollars import constant, price_index, unconvertible
from ..store.derivations import Derive
from ..store.descriptor import Field
from ..store.types import field_type

PRECISION = {4: "year", 7: "month", 10: "day"}  # a partial date's length -> its precision
FIRST_DAY = "-01-01"  # what completes YYYY or YYYY-MM to the first day of its period


def partial_date(derive: Derive, table: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the first day of that period (``date``) or its
    precision (``precision``: year, month or day); missing stays missing."""
    assert derive.source is not None
    cells = table[derive.source].astype(object)
    present = [isinstance(cell, str) and len(cell) in PRECISION for cell in cells]
    if derive.part == "precision":
        return [PRECISION[len(c)] if p else None for c, p in zip(cells, present, strict=True)]
    return [c + FIRST_DAY[len(c) - 4 :] if p else None for c, p in zip(cells, present, strict=True)]


def constant_usd(derive: Derive, table: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list:
    """The value in constant US dollars of the latest price index year (``value``), that year
    (``year``), or why a figure has none (``note``: not-money, not-usd, no-dollar-year,
    year-not-indexed, no-price-index); value and year are missing where the note is not."""
    index, year, _ = price_index(frames["price_index"], None)
    kinds = frames["metrics"].set_index("metric")["kind"].astype(object)
    is_money = table["metric"].astype(object).map(kinds) == "money"
    rows = zip(is_money, table["unit"], table["currency_year"], strict=True)
    notes = [unconvertible(u, y, index, year) if m else "not-money" for m, u, y in rows]
    if derive.part == "note":
        return [note or None for note in notes]
    if derive.part == "year":
        return [None if note else year for note in notes]
    values = zip(table["value"], table["unit"], table["currency_year"], notes, strict=True)
    return [None if n else constant(v, u, y, index, year) for v, u, y, n in values]


KINDS: dict[str, Callable[[Derive, pd.DataFrame, dict[str, pd.DataFrame]], list]] = {
    "partial-date": partial_date,
    "constant-usd": constant_usd,
}


def derived_column(
    field: Field, table: pd.DataFrame, frames: dict[str, pd.DataFrame]
) -> pd.Series | pd.Categorical:
    """The column ``field`` declares, typed as ``load()`` types it (an enum as a categorical)."""
    derive = field.derive  # its kind and part were checked when the descriptor was read
    assert derive is not None
    values = KINDS[derive.kind](derive, table, frames)
    if field.enum:
        return pd.Categorical(values, categories=field.enum)
    column = pd.Series(values, index=table.index, dtype=object)
    if field.type == "date":
        return pd.to_datetime(column, format="%Y-%m-%d").astype(field_type("date").pandas)
    return column.astype(field_type(field.type).pandas)
