"""Money in constant US dollars (US CPI-U), and money written for reading."""

from __future__ import annotations

from typing import Any

import pandas as pd


def money(value: float, unit: str = "USD") -> str:
    """``5576000`` -> ``$5.58M``; ``1.6e9`` -> ``$1.6B``."""
    if value != value:
        return "-"
    sign = "$" if unit == "USD" else f"{unit} " if unit else ""
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= factor:
            return f"{sign}{value / factor:.3g}{suffix}"
    return f"{sign}{value:.3g}"


def is_currency(unit: str) -> bool:
    """Whether ``unit`` is money: an ISO 4217 code such as ``USD``."""
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def amount(value: float, unit: str) -> str:
    """A value for reading: money as ``money``; FLOP in powers of ten (``3.8e25``); other
    quantities with thousands separators below a million (``2,048``), else ``2.79M``."""
    if value != value:
        return "-"
    if is_currency(unit):
        return money(value, unit)
    if unit == "FLOP":
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{float(mantissa):g}e{int(exponent)}"
    if abs(value) < 1e6:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"
    return money(value, "")


def price_index(
    index_table: pd.DataFrame, year: int | None
) -> tuple[dict[int, float], int | None, str]:
    index = dict(
        zip(index_table["year"].astype(int), index_table["value"].astype(float), strict=True)
    )
    if not index:
        return {}, None, "nominal dollars (no price index shipped)"
    if year is None:
        year = max(index)
    if year not in index:
        raise ValueError(
            f"no price index value for {year}; years available: {min(index)}-{max(index)}"
        )
    return index, year, f"constant {year} US dollars (US CPI-U annual average)"


def constant(
    value: float, unit: str, currency_year: Any, index: dict[int, float], year: int | None
) -> float:
    """``value`` in constant dollars of ``year``; NaN when it is not USD or its year is not indexed."""
    if unit != "USD" or pd.isna(currency_year) or int(currency_year) not in index or year is None:
        return float("nan")
    return float(value) * index[year] / index[int(currency_year)]
