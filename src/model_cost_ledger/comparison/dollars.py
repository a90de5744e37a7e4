"""Money in constant US dollars (US CPI-U), and money written for reading."""

from __future__ import annotations

from ..store.constant_dollars import constant, price_index

__all__ = ["amount", "constant", "is_currency", "money", "price_index"]


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
        return whole_or_short(value)
    return money(value, "")


def whole_or_short(value: float) -> str:
    """A number below a million for reading: a whole number, or any from a thousand up, with
    thousands separators (``2,048``, ``258,048``); a smaller fraction to three digits (``0.075``)."""
    if float(value).is_integer() or abs(value) >= 1e3:
        return f"{value:,.0f}"
    return f"{value:.3g}"
