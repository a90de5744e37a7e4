"""``reported_as`` reads back, in the source's language, as the row's value, qualifier and unit."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import Problem
from ..text.reported import Reported, ReportedNumberError, parse_reported
from ..text.scales import scales_of
from .table import Table, arrow_strings, mask_of, source_column

Disagreement = tuple[str, str, str]  # (field, code, message)
NEEDED = (
    "reported_as",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "metric",
    "source_id",
)


class FigureRow(Protocol):
    """The cells of a figure row that ``reported_as`` is compared with (read only)."""

    @property
    def reported_as(self) -> str: ...
    @property
    def value(self) -> Any: ...
    @property
    def value_low(self) -> Any: ...
    @property
    def value_high(self) -> Any: ...
    @property
    def qualifier(self) -> Any: ...
    @property
    def unit(self) -> Any: ...


def reported_numbers_agree(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """``reported_as`` parses in the source's language and agrees with value, qualifier and unit.

    Parameters
    ----------
    tables : Mapping[str, Table]
        The dataset's tables by name; ``figures``, ``sources`` and ``metrics`` are read.

    Returns
    -------
    Iterator[Problem]
        One problem per disagreement; none when a needed column is missing.

    Examples
    --------
    >>> from model_cost_ledger.validation.runner import validate
    >>> [p for p in validate() if p.code.startswith("reported-as")]
    []
    """
    figures, sources = tables["figures"], tables["sources"]
    if not figures.has(*NEEDED) or not sources.has("source_id", "language"):
        return
    metrics = tables["metrics"]
    pers = (
        metrics.typed.set_index("metric")["per"].dropna().to_dict()
        if metrics.has("metric", "kind", "per")
        else {}
    )
    f = figures.typed
    language = source_column(f, sources.typed, "language")
    present = f["reported_as"].notna() & ~plainly_agree(f, language)
    columns = [f.loc[present, name].astype(object).tolist() for name in Cells._fields]
    metric_of = f.loc[present, "metric"].astype(object).tolist()
    language_of = language[present].tolist()
    for row_id, metric, language, *cells in zip(
        figures.ids[present], metric_of, language_of, *columns, strict=True
    ):
        language_code = language if isinstance(language, str) else "en"
        for field, code, message in _row_disagreements(
            Cells(*cells), language_code, pers.get(metric)
        ):
            yield Problem("figures", row_id, field, code, message)


# An English number printed plainly: "$5.576M", "2,788K", "1.0T", "8.08e+21", "1,234": an
# optional dollar sign, digits (grouped by commas in threes), decimals, then a one-letter scale
# or a power of ten (never both: parse_reported reads "1e3K" otherwise). Each part reads as
# parse_reported reads it; tests/test_numbers.py checks the two agree.
PLAIN_LETTERS = "KMBT"  # scale letters, read as the English vocabulary reads them
PLAIN = (
    r"^(?P<dollar>\$?)(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4}|0|[1-9][0-9]{0,14})"
    rf"(?P<decimals>\.[0-9]{{1,17}})?(?P<tail>[eE][+-]?[0-9]{{1,2}}|[{PLAIN_LETTERS}]?)$"
)
PLAIN_SCALES = {"": 1.0, **{letter: scales_of("en")[letter] for letter in PLAIN_LETTERS}}
PLAIN_SLACK = 1e-12  # far inside the full check's floating-point slack (1e-9)


def plainly_agree(figures: pd.DataFrame, language: pd.Series) -> pd.Series:
    """True where ``reported_as`` is a plain English number (``PLAIN``) equal to a positive value,
    with a qualifier it allows and, for a dollar sign, unit USD: the rows ``disagreements``
    would clear, found column-wise so that only the others are read one by one."""
    text = arrow_strings(figures["reported_as"])
    parts = pc.extract_regex(text, PLAIN)
    tail = pc.struct_field(parts, "tail")
    power = pc.starts_with(pc.ascii_lower(tail), "e")  # a power of ten, else a scale letter
    empty = pa.scalar("", type=text.type)  # the column's own string type (string or large_string)
    digits = pc.binary_join_element_wise(
        pc.replace_substring(pc.struct_field(parts, "whole"), ",", ""),
        pc.struct_field(parts, "decimals"),
        pc.if_else(power, tail, empty),
        empty,
    )
    matched = pc.fill_null(pc.is_valid(parts), False)
    number = pc.cast(pc.if_else(matched, digits, "0"), pa.float64())  # 0: never agrees
    letter = pc.if_else(power, empty, tail)
    scale = pc.index_in(letter, value_set=pa.array(list(PLAIN_SCALES), type=text.type))
    factor = pc.take(pa.array(list(PLAIN_SCALES.values()), type=pa.float64()), scale)
    printed = pc.multiply(number, factor).to_numpy(zero_copy_only=False)  # NaN: no number
    value = figures["value"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):  # NaN compares false: never agrees
        same = (printed > 0) & (np.abs(value - printed) <= PLAIN_SLACK * printed)
    dollar = mask_of(pc.not_equal(pc.struct_field(parts, "dollar"), ""))
    agree = (
        same
        & figures["qualifier"].isin(COMPATIBLE_QUALIFIERS["exact"]).to_numpy(dtype=bool)
        & (~dollar | figures["unit"].eq("USD").fillna(False).to_numpy(dtype=bool))
        & (language.isna() | language.eq("en")).fillna(False).to_numpy(dtype=bool)
    )
    return pd.Series(agree, index=figures.index)


class Cells(NamedTuple):
    """A ``FigureRow`` that hashes (its missing cells are ``pd.NA``), so equal rows share one
    check."""

    reported_as: str
    value: Any
    value_low: Any
    value_high: Any
    qualifier: Any
    unit: Any


@lru_cache(maxsize=65536)
def _row_disagreements(
    cells: Cells, language: str, metric_per: str | None
) -> tuple[Disagreement, ...]:
    """``disagreements`` of one row's cells, computed once per distinct row (a dataset validated
    again after one edit reads the other rows from here)."""
    return tuple(disagreements(cells, language, metric_per))


RULES = (reported_numbers_agree,)
COMPATIBLE_QUALIFIERS = {  # printed qualifier -> qualifiers a row may state for it
    "exact": {"exact", "approximately"},
    "approximately": {"approximately"},
    "at_least": {"at_least"},
    "at_most": {"at_most"},
    "range": {"range"},
}


def clear_caches() -> None:
    """Forget the numbers read and the rows checked (``validation.runner.clear_caches``)."""
    for cached in (_denominator, _parse_cached, _row_disagreements):
        cached.cache_clear()


@lru_cache(maxsize=256)
def _denominator(per: str | None) -> float | None:
    """The amount a metric's denominator counts: ``million tokens`` -> 1e6; None when it is not
    a counted amount (``accelerator-hour``). The vocabulary is written in English."""
    first = per.split()[0].lower() if per else ""
    return next((factor for word, factor in scales_of("en").items() if word.lower() == first), None)


@lru_cache(maxsize=65536)
def _parse_cached(text: str, language: str) -> Reported:
    return parse_reported(text, language)


def disagreements(
    row: FigureRow, language: str, metric_per: str | None = None
) -> list[Disagreement]:
    """Where a figure row disagrees with its ``reported_as``: ``(field, code, message)`` triples.

    A printed denominator (``/ 1K tokens``) is converted to the metric's (``million tokens``)
    before comparing.

    Parameters
    ----------
    row : FigureRow
        Has ``reported_as``, ``value``, ``value_low``, ``value_high``, ``qualifier``, ``unit``.
    language : str
        The source's language, in which ``reported_as`` is read.
    metric_per : str, optional
        The metric's denominator (``million tokens``), if it has one.

    Returns
    -------
    list of (str, str, str)
        ``(field, code, message)`` for each disagreement; empty when all agree.

    Examples
    --------
    >>> from types import SimpleNamespace as Row
    >>> row = Row(reported_as="about $6M", value=5.6e6, value_low=None, value_high=None,
    ...           qualifier="exact", unit="USD")
    >>> [(field, code) for field, code, _ in disagreements(row, "en")]
    [('value', 'reported-as-mismatch'), ('qualifier', 'reported-as-qualifier-mismatch')]
    """
    try:
        printed = _parse_cached(row.reported_as, language)
    except ReportedNumberError as error:
        return [("reported_as", "reported-as-unreadable", str(error))]
    metric_amount = _denominator(metric_per)
    factor = metric_amount / printed.per if printed.per and metric_amount else 1.0
    where = f"{row.reported_as!r} read in language {language!r}"
    found = _value_disagreements(row, printed, factor, where)
    qualifier = str(row.qualifier)
    if qualifier not in COMPATIBLE_QUALIFIERS[printed.qualifier]:
        message = f"{where} is stated as {printed.qualifier}; the row says {qualifier}"
        found.append(("qualifier", "reported-as-qualifier-mismatch", message))
    if printed.currency and not pd_missing(row.unit) and printed.currency != row.unit:
        message = f"{where} is in {printed.currency}; the row's unit is {row.unit}"
        found.append(("unit", "reported-as-currency-mismatch", message))
    return found


def _value_disagreements(
    row: FigureRow, printed: Reported, factor: float, where: str
) -> list[Disagreement]:
    """The value (or, for a printed range, both ends) against the printed number."""
    found: list[Disagreement] = []
    if printed.qualifier == "range":
        for field, printed_end, stated in (
            ("value_low", printed.low, row.value_low),
            ("value_high", printed.high, row.value_high),
        ):
            assert printed_end is not None  # a printed range has both ends
            if pd_missing(stated) or not printed.agrees_with(stated, printed_end * factor):
                message = (
                    f"{where} gives {printed_end * factor:g} for {field}; the row says {stated}"
                )
                found.append((field, "reported-as-mismatch", message))
    elif not pd_missing(row.value) and not printed.agrees_with(
        row.value, printed.value * factor, exact=str(row.qualifier) == "exact"
    ):
        message = (
            f"{where} is {printed.value * factor:g} (printed to ±{printed.precision * factor:g});"
            f" the row's value is {row.value:g}"
        )
        found.append(("value", "reported-as-mismatch", message))
    return found


def pd_missing(value: object) -> bool:
    """Whether a cell is missing (None, NaN, ``<NA>``, ``NaT``).

    Parameters
    ----------
    value : object
        A cell, as read.

    Returns
    -------
    bool
        True for a missing cell.

    Examples
    --------
    >>> pd_missing(None), pd_missing(float("nan")), pd_missing(0.0)
    (True, True, False)
    """
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "nan", "NaT")
    )
