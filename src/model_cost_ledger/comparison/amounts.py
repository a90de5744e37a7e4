"""Values written for reading: money as ``$36.1M``, quantities as ``1.8T parameters`` or
``2.1e25 FLOP``, with the figure's qualifier (about, at least, a range) in words."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .dollars import money, whole_or_short

QUALIFIER_MARKS = {"approximately": "about ", "at_least": "at least ", "at_most": "at most "}


def quantity(value: float, unit: str) -> str:
    """``1.8e12`` parameters -> ``1.8T parameters``; ``2.1e25`` FLOP -> ``2.1e25 FLOP``; below a
    million, whole numbers in full, as ``dollars.amount`` writes them: ``1,024 accelerators``."""
    number = float(value)
    if abs(number) >= 1e15:
        mantissa, exponent = f"{number:.3g}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    elif abs(number) < 1e6:
        text = whole_or_short(number)
    else:
        text = money(number, "")  # 2.79M, 1.8T: the scale letters money uses, with no currency
    return f"{text} {unit}".rstrip()


def amount(row: Any, is_money: bool, per: object = None) -> str:
    """A figure's value for reading, with its qualifier, what it is ``per`` (a price) and,
    for money, its dollar year (``about $78M (2023 USD)``); ``row`` has ``value``,
    ``value_low``, ``value_high``, ``qualifier``, ``unit`` and ``currency_year``."""

    def one(value: Any) -> str:
        return money(float(value), str(row.unit)) if is_money else quantity(value, str(row.unit))

    if row.qualifier == "range" and pd.notna(row.value_low) and pd.notna(row.value_high):
        text = f"{one(row.value_low)} to {one(row.value_high)}"
    else:
        text = QUALIFIER_MARKS.get(str(row.qualifier), "") + one(row.value)
    if isinstance(per, str) and per:
        text += f" per {per}"
    if is_money:
        year = "undated" if pd.isna(row.currency_year) else str(int(row.currency_year))
        text += f" ({year} {row.unit})"
    return text
