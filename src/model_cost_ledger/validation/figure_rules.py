"""Rules on one figure row against the vocabularies: units, plausible values, ranges, currency
years, dates of prices, provenance, traces_to; and sources published before they were read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..problems import Problem
from .table import Table, arrow_strings, flagged, isin, looked_up, mask_of, vocabulary


def unit_allowed_by_metric(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("metric", "unit") or not tables["metrics"].has("metric", "units"):
        return
    units = tables["metrics"].resource.field("units")
    allowed = vocabulary(tables, "metrics", "metric")["units"].dropna().map(units.items)
    pairs = {f"{metric}\t{unit}" for metric, units in allowed.items() for unit in units}
    metric, unit = figures.typed["metric"], figures.typed["unit"]
    pair = metric + "\t" + unit  # missing where either is
    bad = metric.isin(list(allowed.index)) & pair.notna() & ~pair.isin(list(pairs))
    yield from figures.problems(
        bad,
        "unit",
        "unit-not-allowed",
        (
            pair,
            lambda key: (
                f"{key.split(chr(9))[1]!r} is not a unit of {key.split(chr(9))[0]}; allowed: {', '.join(allowed[key.split(chr(9))[0]])}"
            ),
        ),
    )


def value_plausible_for_metric(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("metric", "value") or not tables["metrics"].has(
        "metric", "minimum", "maximum"
    ):
        return
    metrics, metric = tables["metrics"].typed, figures.typed["metric"]
    low, high = (
        looked_up(metric, metrics, "metric", end).to_numpy(dtype=float, na_value=np.nan)
        for end in ("minimum", "maximum")
    )
    for column in ("value", "value_low", "value_high"):
        if not figures.has(column):
            continue
        value = figures.typed[column]
        number = value.to_numpy(dtype=float, na_value=np.nan)
        bad = (number < low) | (number > high)  # NaN compares false: a missing end is not flagged
        if not bad.any():
            continue
        bad = pd.Series(bad, index=value.index)
        flagged = pd.DataFrame({"v": value, "m": metric, "lo": low, "hi": high}, index=value.index)[
            bad
        ]
        messages = pd.Series("", index=value.index, dtype=object)
        messages[bad] = [
            f"{v:g} is outside the plausible range of {m} ({lo:g} to {hi:g}); check the unit and the scale"
            for v, m, lo, hi in flagged.itertuples(index=False)
        ]
        yield from figures.problems(bad, column, "implausible-value", messages)


def range_consistent_with_qualifier(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("qualifier", "value", "value_low", "value_high"):
        return
    f = figures.typed
    is_range = f["qualifier"].eq("range").fillna(False)
    has_low, has_high = f["value_low"].notna(), f["value_high"].notna()
    yield from figures.problems(
        is_range & ~has_low,
        "value_low",
        "range-incomplete",
        "qualifier is 'range' but value_low is empty; give both ends",
    )
    yield from figures.problems(
        is_range & ~has_high,
        "value_high",
        "range-incomplete",
        "qualifier is 'range' but value_high is empty; give both ends",
    )
    yield from figures.problems(
        ~is_range & (has_low | has_high),
        "qualifier",
        "range-unexpected",
        "value_low/value_high are set but qualifier is not 'range'; set qualifier to 'range' or clear them",
    )
    yield from _range_order(figures, is_range & has_low & has_high)


def _range_order(figures: Table, complete: pd.Series) -> Iterator[Problem]:
    """A complete range's ends are in order and around the value."""
    f = figures.typed
    order = complete & ~(
        (f["value_low"] <= f["value"])
        & (f["value"] <= f["value_high"])
        & (f["value_low"] < f["value_high"])
    ).fillna(False)
    wrong = f.loc[order, ["value_low", "value", "value_high"]]  # messages for these rows only
    ends = pd.Series(
        list(wrong.itertuples(index=False, name=None)), index=wrong.index, dtype=object
    ).reindex(f.index)
    yield from figures.problems(
        order,
        "value",
        "range-order",
        (
            ends,
            lambda end: (
                "need value_low < value_high and value_low <= value <= value_high;"
                f" got {end[0]} <= {end[1]} <= {end[2]}"
            ),
        ),
    )


def currency_year_for_money(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("metric", "currency_year") or not tables["metrics"].has("metric", "kind"):
        return
    kind = figures.typed["metric"].map(vocabulary(tables, "metrics", "metric")["kind"])
    year = figures.typed["currency_year"]
    yield from figures.problems(
        kind.eq("money") & year.isna(),
        "currency_year",
        "currency-year-missing",
        "money figures need currency_year, the year of the money",
    )
    yield from figures.problems(
        kind.eq("quantity") & year.notna(),
        "currency_year",
        "currency-year-unexpected",
        "currency_year is only for money metrics; clear it",
    )


def dated_metrics_have_as_of(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("metric", "as_of") or not tables["metrics"].has("metric", "dated"):
        return
    dated = (
        figures.typed["metric"]
        .map(vocabulary(tables, "metrics", "metric")["dated"])
        .fillna(False)
        .astype(bool)
    )
    yield from figures.problems(
        dated & figures.typed["as_of"].isna(),
        "as_of",
        "as-of-missing",
        "this metric changes over time (e.g. prices): give as_of, the date the figure took effect",
    )


def provenance_present(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("basis", "reported_as", "locator", "derivation"):
        return
    f = figures.typed
    derived = f["basis"].eq("derived").fillna(False)
    yield from figures.problems(
        ~derived & f["reported_as"].isna(),
        "reported_as",
        "reported-as-missing",
        "give the number exactly as printed in the source",
    )
    yield from figures.problems(
        ~derived & f["locator"].isna(),
        "locator",
        "locator-missing",
        "say where in the source the number is printed (table, section, page, paragraph)",
    )
    yield from figures.problems(
        derived & f["derivation"].isna(),
        "derivation",
        "derivation-missing",
        "basis is 'derived' but no derivation is given",
    )
    yield from figures.problems(
        ~derived & f["derivation"].notna(),
        "derivation",
        "derivation-unexpected",
        "a derivation is only for basis 'derived'",
    )


def traces_to_primary(tables: Mapping[str, Table]) -> Iterator[Problem]:
    figures = tables["figures"]
    if not figures.has("figure_id", "traces_to", "basis", "metric"):
        return
    f = figures.typed
    traces_to = arrow_strings(f["traces_to"])
    traced = mask_of(pc.is_valid(traces_to))
    itself = mask_of(pc.equal(traces_to, arrow_strings(f["figure_id"])))
    yield from flagged(
        figures, itself, "traces_to", "traces-to-itself", "a figure cannot trace to itself"
    )
    media = mask_of(pc.equal(arrow_strings(f["basis"]), "media_report"))  # missing: not media
    yield from flagged(
        figures,
        traced & ~media,
        "traces_to",
        "traces-to-unexpected",
        "traces_to is for media reports (basis 'media_report') that repeat another figure",
    )
    if figures.has("retracted_in", "superseded_by"):
        yield from _traces_to_retracted(figures)


def _traces_to_retracted(figures: Table) -> Iterator[Problem]:
    """A repeat of a figure corrected without a change of number (the same value, range,
    qualifier and unit) follows the correction: it traces to the figure that supersedes it. A
    repeat of a number that was corrected keeps its trace to the figure it repeats."""
    f = figures.typed
    successors = _corrected_alike(f)
    if not successors:
        return

    def message(target: str) -> str:
        return (
            f"traces to {target!r}, retracted for {successors[target]!r}, which states the same"
            " number; add a row that supersedes this one and traces to that figure"
        )

    stale = f["retracted_in"].isna() & isin(f["traces_to"], successors)
    yield from figures.problems(
        stale, "traces_to", "traces-to-retracted", (f["traces_to"], message)
    )


NUMBER = ["value", "value_low", "value_high", "qualifier", "unit"]  # what a figure states


def _corrected_alike(f: pd.DataFrame) -> dict[str, str]:
    """Each figure retracted for one that states the same number -> that figure (of an id
    given twice, which the key rules report, the first row retracted, and the first row of the
    figure it names)."""
    gone = (f["retracted_in"].notna() & f["superseded_by"].notna()).to_numpy(dtype=bool)
    if not gone.any():
        return {}
    first: dict[str, int] = {}  # each id's first row
    for position, figure_id in enumerate(f["figure_id"].tolist()):
        first.setdefault(figure_id, position)
    retracted: dict[str, int] = {}  # each retracted id's first row retracted (a few rows)
    for position in np.flatnonzero(gone).tolist():
        retracted.setdefault(f["figure_id"].iat[position], position)
    pairs = {  # the retracted row and the first row of the figure it was retracted for
        figure_id: (position, first[successor])
        for figure_id, position in retracted.items()
        if (successor := f["superseded_by"].iat[position]) in first
    }
    rows = sorted({p for pair in pairs.values() for p in pair})
    numbers = f[NUMBER].iloc[rows].astype(object).fillna("")
    stated = dict(zip(rows, numbers.itertuples(index=False, name=None), strict=True))
    return {
        figure_id: f["superseded_by"].iat[old]
        for figure_id, (old, new) in pairs.items()
        if stated[old] == stated[new]
    }


def published_before_accessed(tables: Mapping[str, Table]) -> Iterator[Problem]:
    sources = tables["sources"]
    if not sources.has("published", "accessed"):
        return
    published = pd.to_datetime(
        sources.typed["published"].str.slice(0, 7) + "-01", format="%Y-%m-%d", errors="coerce"
    )
    full = pd.to_datetime(sources.typed["published"], format="%Y-%m-%d", errors="coerce")
    published = full.fillna(published)
    accessed = sources.typed["accessed"]
    bad = (published > accessed).fillna(False)
    messages = (
        sources.typed["published"].astype(object)
        + " is after accessed "
        + accessed.dt.strftime("%Y-%m-%d").astype(object)
    )
    yield from sources.problems(bad, "published", "published-after-accessed", messages.fillna(""))


RULES = (
    unit_allowed_by_metric,
    value_plausible_for_metric,
    range_consistent_with_qualifier,
    currency_year_for_money,
    dated_metrics_have_as_of,
    provenance_present,
    traces_to_primary,
    published_before_accessed,
)
