"""Rules on where a figure's number comes from: the tier of its source (a report or an aggregator
repeats others' numbers; a primary document makes them), the primary figure a repeat traces to,
the dollar year its source states, and a price index value for that year.

Scope. A released row never changes, and whether a report has a primary figure to trace to can
become true after the report was released (a primary figure added later). So the two tier rules
judge the rows not yet released (empty ``added_in``): a row is checked when it is added, the
released backlog is counted by ``stats`` instead. The dollar-year rule is a fact about one row
and its own source: it applies to every current row (a released row that disagrees is corrected
the ledger's way, by a new row that supersedes it); no shipped source states a year yet."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from decimal import Decimal

import pandas as pd

from ..problems import Problem
from ..store.constant_dollars import CONVERTIBLE, index_years
from .table import Table, isin, source_column

REPEATING_BASES = ("media_report", "derived")  # what a figure of a report or aggregator may be
ORIGINAL_BASES = ("self_reported", "third_party_estimate")  # what a primary figure is


def primary_figures(figures: pd.DataFrame, sources: pd.DataFrame) -> dict[str, list[str]]:
    """``subject_id<TAB>metric`` -> the current figures of it that a primary source made itself
    (basis self_reported or third_party_estimate), sorted."""
    tier = source_column(figures, sources, "tier")
    made = (
        figures["retracted_in"].isna()
        & tier.eq("primary").fillna(False)
        & figures["basis"].astype(object).isin(ORIGINAL_BASES)
    )
    found: dict[str, list[str]] = {}
    rows = figures[made]
    for key, figure_id in zip(_keys(rows).tolist(), rows["figure_id"].tolist(), strict=True):
        found.setdefault(key, []).append(figure_id)
    return {key: sorted(ids) for key, ids in found.items()}


def untraced_repeats(
    figures: pd.DataFrame,
    sources: pd.DataFrame,
    among: pd.Series | None = None,
    primary: dict[str, list[str]] | None = None,
) -> pd.Series:
    """True for each current media report without ``traces_to`` (of the rows ``among`` marks,
    every row by default) whose number a primary figure of the same subject and metric prints
    too, up to the report's own rounding (``rounds_to``): the ledger holds the figure it repeats.
    (A report that distorts a figure cannot be matched by its number, nor can a different
    estimate of the same thing.) ``primary``: ``primary_figures`` of
    these tables, when the caller has it already."""
    untraced = (
        figures["basis"].eq("media_report").fillna(False).astype(bool)
        & figures["traces_to"].isna()
        & figures["retracted_in"].isna()
    )
    if among is not None:
        untraced &= among
    if not untraced.any():  # the usual case for a validation: no new report left untraced
        return pd.Series(False, index=figures.index)
    primary = primary_figures(figures, sources) if primary is None else primary
    keys = _keys(figures[untraced])
    wanted = {i for key in set(keys.tolist()) for i in primary.get(key, ())}
    rows = figures[isin(figures["figure_id"], wanted)]
    values = dict(
        zip(rows["figure_id"].tolist(), rows["value"].astype(float).tolist(), strict=True)
    )

    def repeats(key: str, value: float) -> bool:
        primaries = (values[i] for i in primary.get(key, ()))
        return any(rounds_to(value, v) for v in primaries)

    own = figures.loc[untraced, "value"].astype(float).tolist()
    found = [i for i, k, v in zip(keys.index, keys.tolist(), own, strict=True) if repeats(k, v)]
    return pd.Series(figures.index.isin(found), index=figures.index)


def rounds_to(printed: float, precise: float) -> bool:
    """Whether ``precise`` rounds to ``printed`` at the precision ``printed`` is written with:
    within half a unit of its last digit, the number read in thousands, millions, billions...
    ("$78 million" is 78,352,034 rounded, not 81,392,749; "$100 million" is 100 million to the
    million; "2.56e24" is not 2.5272e24)."""
    if printed <= 0:
        return False
    scale = 1000.0 ** math.floor(math.log(printed, 1000))
    last_digit = min(0, int(Decimal(f"{printed / scale:.12g}").normalize().as_tuple().exponent))
    return abs(printed - precise) <= 0.5 * 10.0**last_digit * scale * (1 + 1e-9)


def _keys(figures: pd.DataFrame) -> pd.Series:
    return figures["subject_id"].astype(object) + "\t" + figures["metric"].astype(object)


def _ready(tables: Mapping[str, Table], *columns: str) -> bool:
    figure_columns = ("figure_id", "source_id", "basis", "added_in", "retracted_in", *columns)
    return tables["figures"].has(*figure_columns) and tables["sources"].has("source_id", "tier")


def basis_fits_source_tier(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """A figure from a report or an aggregator repeats a claim: basis media_report or derived."""
    if not _ready(tables):
        return
    figures, sources = tables["figures"].typed, tables["sources"].typed
    tier = source_column(figures, sources, "tier")
    basis = figures["basis"]
    bad = (
        figures["added_in"].isna()
        & tier.isin(["report", "aggregator"])
        & basis.notna()
        & ~basis.isin(REPEATING_BASES)
    )
    if not bad.any():
        return
    cells = figures["source_id"] + "\t" + tier.fillna("") + "\t" + basis.fillna("")

    def message(cell: str) -> str:
        source_id, tier, basis = cell.split("\t")
        return (
            f"source {source_id!r} is a {tier} (sources.tier): it repeats others' numbers, so"
            f" basis is media_report (naming the figure it repeats in traces_to) or derived,"
            f" not {basis!r}; if the document made the figure itself, its tier is primary"
        )

    yield from tables["figures"].problems(bad, "basis", "basis-tier-mismatch", (cells, message))


def repeats_trace_to_primary(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """A new media report names the figure it repeats when the ledger holds a primary one."""
    if not _ready(tables, "subject_id", "metric", "traces_to"):
        return
    figures, sources = tables["figures"].typed, tables["sources"].typed
    bad = untraced_repeats(figures, sources, figures["added_in"].isna())
    if not bad.any():
        return
    candidates = primary_figures(figures, sources)

    def message(key: str) -> str:
        subject, metric = key.split("\t")
        ids = candidates[key]
        listing = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
        return (
            f"a media report of {subject} {metric} with no traces_to, but the ledger holds"
            f" {listing} from a primary source; name the figure this report repeats or distorts"
            " in traces_to"
        )

    yield from tables["figures"].problems(
        bad, "traces_to", "traces-to-missing", (_keys(figures[bad]).reindex(figures.index), message)
    )


def currency_year_as_source_states(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """A current figure's currency_year is the dollar year its source states, where it states one."""
    if not _ready(tables, "currency_year") or not tables["sources"].has("currency_year"):
        return
    figures, sources = tables["figures"].typed, tables["sources"].typed
    stated = source_column(figures, sources, "currency_year")  # both typed integer years
    year = figures["currency_year"]
    bad = (figures["retracted_in"].isna() & year.ne(stated)).fillna(False)  # missing: no verdict
    if not bad.any():
        return
    cells = (
        figures["source_id"].astype(object) + "\t" + year.astype(str) + "\t" + stated.astype(str)
    )

    def message(cell: str) -> str:
        source_id, year, stated = cell.split("\t")
        return (
            f"currency_year {int(float(year))} disagrees with source {source_id!r}, whose"
            f" figures are in {int(float(stated))} dollars (sources.currency_year); use the"
            " source's year (a released row: a correction that supersedes it)"
        )

    yield from tables["figures"].problems(
        bad, "currency_year", "currency-year-disagrees", (cells, message)
    )


def currency_year_in_price_index(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """A US-dollar figure's currency_year has a price_index value, or is later than the index's
    last year (its annual average is not out yet): a hole would leave it in nominal dollars."""
    figures, index = tables["figures"], tables["price_index"]
    if not figures.has("unit", "currency_year") or not index.has("year"):
        return
    years = index.typed["year"].dropna().astype(int)
    if years.empty:
        return
    last, held = int(years.max()), set(years)
    year = pd.to_numeric(figures.typed["currency_year"].astype(object), errors="coerce")
    usd = figures.typed["unit"].astype(object).eq(CONVERTIBLE)
    lowest = figures.resource.field("currency_year").constraints.get("minimum", 0)
    # a year below the schema's minimum is that rule's problem, not the index's
    bad = usd & year.ge(lowest) & year.lt(last) & ~year.isin(held)
    yield from figures.problems(
        bad,
        "currency_year",
        "currency-year-not-in-index",
        (
            year.astype(str),
            lambda cell: (
                f"currency_year {int(float(cell))} is missing from price_index, so this"
                " figure cannot be put in constant dollars; allowed: a year the index holds"
                f" ({index_years(held)}) or one after {last}; else add the year's CPI-U"
                " annual average to price_index.csv"
            ),
        ),
    )


RULES = (
    basis_fits_source_tier,
    repeats_trace_to_primary,
    currency_year_as_source_states,
    currency_year_in_price_index,
)
