"""Median training cost per year of model release, by scope family.

Reads the current figures with ``mcl.load()`` and the subjects' release dates from
``mcl.tables()``, converts each US-dollar figure to constant dollars of the price index's latest
year where its dollar year is in the index (the others stay nominal and are counted), and
prints one row per release year and scope family (the chart's panels: a fine-tune is never a
frontier run). A figure that repeats another (``traces_to``) is left out, so that a number
quoted by ten articles counts once.

Run it from a checkout or wherever the package is installed::

    python examples/median_cost_by_year.py
"""

from __future__ import annotations

import pandas as pd

import model_cost_ledger as mcl
from model_cost_ledger.plots.families import family_of


def constant_dollars(figures: pd.DataFrame, index: pd.DataFrame) -> tuple[pd.Series, int]:
    """Each figure's value in constant dollars of the index's latest year (nominal where its
    dollar year is not in the index), and that year."""
    values = dict(zip(index["year"].astype(int), index["value"].astype(float), strict=True))
    year = max(values)
    factor = figures["currency_year"].map(lambda y: values[year] / values[y] if y in values else 1)
    return figures["value"].astype(float) * factor.astype(float), year


def money(value: float) -> str:
    """``5576000.0`` -> ``$5.58M``."""
    for factor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= factor:
            return f"${value / factor:.3g}{suffix}"
    return f"${value:.3g}"


def main() -> None:
    tables = mcl.tables()
    subjects = tables["subjects"].set_index("subject_id")
    kinds = subjects["kind"].astype(str)
    figures = mcl.load()
    figures = figures[
        (figures["metric"] == "training_cost")
        & (figures["unit"] == "USD")
        & figures["traces_to"].isna()
        & figures["value"].notna()
    ].copy()
    figures["released"] = subjects["released"].reindex(figures["subject_id"]).to_numpy()
    figures = figures[figures["released"].notna()]
    parents = subjects["parent"].reindex(figures["subject_id"]).astype(object)
    fine_tuned = [isinstance(p, str) and kinds.get(p) == "model" for p in parents]
    figures["family"] = [
        family_of(str(s), f) for s, f in zip(figures["scope"], fine_tuned, strict=True)
    ]
    figures["usd"], year = constant_dollars(figures, tables["price_index"])
    index_years = set(tables["price_index"]["year"].astype(int))
    figures["nominal"] = ~figures["currency_year"].isin(index_years)
    figures["year"] = pd.DatetimeIndex(figures["released"]).year
    table = figures.groupby(["year", "family"]).agg(
        figures=("usd", "size"), nominal=("nominal", "sum"), median=("usd", "median")
    )
    table["median"] = table["median"].map(money)
    print(f"Median training cost by model release year and scope family, in {year} US dollars")
    print("(nominal: figures whose dollar year the price index lacks, left as reported)")
    print(table.reset_index().to_string(index=False))
    print(f"{len(figures)} figures, dataset {mcl.__version__}")


if __name__ == "__main__":
    main()
