"""Money in constant US dollars (US CPI-U annual averages from ``price_index.csv``): the one
conversion that the published table, comparisons, rankings and charts all use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

CONVERTIBLE = "USD"  # the only currency the index converts; other currencies are never converted


def price_index(
    index_table: pd.DataFrame, year: int | None
) -> tuple[dict[int, float], int | None, str]:
    """The index as ``{year: value}``, the year to convert into (the latest by default) and what
    the converted values are in, in words; ``ValueError`` names the years available.

    Examples
    --------
    >>> table = pd.DataFrame({"year": [2023, 2024], "value": [304.7, 313.7]})
    >>> price_index(table, None)[1:]
    (2024, 'constant 2024 US dollars (US CPI-U annual average)')
    """
    index = dict(
        zip(index_table["year"].astype(int), index_table["value"].astype(float), strict=True)
    )
    if not index:
        return {}, None, "nominal dollars (no price index shipped)"
    if year is None:
        year = max(index)
    if year not in index:
        raise ValueError(f"no price index value for {year}; years available: {index_years(index)}")
    return index, year, f"constant {year} US dollars (US CPI-U annual average)"


def index_years(years: Iterable[int]) -> str:
    """The years of a price index as runs, so that a hole shows.

    Examples
    --------
    >>> index_years([2019, 2015, 2016, 2017, 2021, 2022])
    '2015-2017, 2019, 2021-2022'
    """
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def unconvertible(unit: Any, currency_year: Any, index: dict[int, float], year: int | None) -> str:
    """Why a value cannot be put in constant dollars of ``year`` (a kebab-case reason), or ``""``
    when it can: ``not-usd``, ``no-dollar-year``, ``year-not-indexed`` or ``no-price-index``.

    Examples
    --------
    >>> unconvertible("CNY", 2024, {2024: 313.7}, 2024)
    'not-usd'
    >>> unconvertible("USD", 2019, {2024: 313.7}, 2024)
    'year-not-indexed'
    """
    if unit != CONVERTIBLE:
        return "not-usd"
    if pd.isna(currency_year):
        return "no-dollar-year"
    if year is None:
        return "no-price-index"
    return "" if int(currency_year) in index else "year-not-indexed"


def constant(
    value: float, unit: str, currency_year: Any, index: dict[int, float], year: int | None
) -> float:
    """``value`` in constant dollars of ``year``; NaN when it is not USD or its year is not indexed.

    Examples
    --------
    >>> constant(100.0, "USD", 2023, {2023: 300.0, 2024: 330.0}, 2024)
    110.0
    """
    if unconvertible(unit, currency_year, index, year) or year is None:
        return float("nan")
    return float(value) * index[year] / index[int(currency_year)]
