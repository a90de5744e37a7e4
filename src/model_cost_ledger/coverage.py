"""``stats``: what the current figures cover and how well they are sourced (the figures per source
tier, the media reports that trace to the figure they repeat, the figures whose source is dated,
and the money figures whose dollar year the price index holds)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .publish.published import denormalize
from .store.descriptor import Descriptor
from .validation.gate import valid_tables
from .validation.provenance_rules import untraced_repeats


def _share(count: int, total: int) -> float:
    return count / total if total else float("nan")


def tiers(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures and subjects per source tier (primary, report, aggregator), with each tier's share
    of the figures.

    ``figures`` are the current figures as ``load()`` returns them (with ``source_tier``).
    """
    grouped = figures.groupby("source_tier", observed=True, dropna=False).agg(
        figures=("figure_id", "size"), subjects=("subject_id", "nunique")
    )
    grouped["share"] = grouped["figures"] / max(len(figures), 1)
    return grouped.sort_values("figures", ascending=False)


def provenance(figures: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The shares of the current ``figures`` (as ``load()`` returns them) that are traced, dated
    and convertible to constant dollars: one row per measure with ``figures`` (how many
    qualify), ``of`` (out of how many) and ``share``.

    "media reports untraced though a primary figure exists" counts the reports that
    ``traces-to-missing`` would flag if they were new (the rule judges unreleased rows only).
    """
    media = figures["basis"].eq("media_report").fillna(False).astype(bool)
    money = _is_money(figures, frames)
    indexed = figures["currency_year"].isin(set(frames["price_index"]["year"].dropna()))
    rows = {
        "media reports naming traces_to": (
            int((media & figures["traces_to"].notna()).sum()),
            int(media.sum()),
        ),
        "media reports untraced though a primary figure exists": (
            int(untraced_repeats(figures, frames["sources"]).sum()),
            int(media.sum()),
        ),
        "figures whose source is dated": (
            int(figures["source_published"].notna().sum()),
            len(figures),
        ),
        "money figures whose dollar year the index holds": (
            int((money & indexed).sum()),
            int(money.sum()),
        ),
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["figures", "of"])
    table["share"] = [_share(count, total) for count, total in rows.values()]
    return table


def unindexed_years(figures: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The dollar years of current money figures that the price index lacks, with how many
    figures each: those figures are compared in nominal dollars (``no-constant-dollars``).

    Not a validation problem: a figure in 2023 dollars is right as its document states it; the
    gap is the index's, filled by adding the year's value with its source to price_index.csv.
    """
    money = _is_money(figures, frames)
    year = figures["currency_year"]
    missing = money & year.notna() & ~year.isin(set(frames["price_index"]["year"].dropna()))
    counts = year[missing].astype(int).value_counts().sort_index()
    return pd.DataFrame({"figures": counts.astype(int)}).rename_axis("year")


def _is_money(figures: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.Series:
    kinds = frames["metrics"].set_index("metric")["kind"].astype(object)
    return figures["metric"].astype(object).map(kinds).eq("money").fillna(False).astype(bool)


def stats(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Coverage of the current figures: counts by organization, metric, basis, source year,
    confidence and source tier, the subjects whose figures all rest on one kind of basis, and the
    shares that are traced, dated and convertible to constant dollars.

    Parameters
    ----------
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    dict of str to DataFrame
        ``organization``, ``metric``, ``basis``, ``year``, ``confidence`` and ``tier``: figures
        and subjects per value (``tier`` with each tier's share); ``single_basis_subjects``:
        subjects whose figures share one basis; ``provenance``: shares of media reports that
        name ``traces_to``, of figures whose source is dated and of money figures whose dollar
        year the price index holds (``figures``, ``of``, ``share``); ``unindexed_years``: the
        dollar years the price index lacks, with their money figures.

    Raises
    ------
    LedgerError
        If the dataset cannot be read as its schema says.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> int(mcl.stats()["basis"].loc["self_reported", "figures"]) > 0
    True
    """
    frames = valid_tables(path)
    current = frames["figures"][frames["figures"]["retracted_in"].isna()]
    figures = denormalize(current, frames, Descriptor.read(path))
    figures = figures.assign(year=figures["source_published"].str.slice(0, 4).fillna("undated"))
    counts = {}
    for name, column in (
        ("organization", "organization_id"),
        ("metric", "metric"),
        ("basis", "basis"),
        ("year", "year"),
        ("confidence", "confidence"),
    ):
        grouped = figures.groupby(column, observed=True, dropna=False).agg(
            figures=("figure_id", "size"), subjects=("subject_id", "nunique")
        )
        counts[name] = (
            grouped.sort_values("figures", ascending=False)
            if name != "year"
            else grouped.sort_index()
        )
    per_subject = figures.groupby("subject_id", observed=True)["basis"].agg(
        lambda b: sorted(set(b.astype(str)))
    )
    single = per_subject[per_subject.map(len) == 1]
    counts["single_basis_subjects"] = pd.DataFrame(
        {
            "basis": single.map(lambda b: b[0]),
            "figures": figures["subject_id"].value_counts().reindex(single.index),
        }
    )
    counts["tier"] = tiers(figures)
    counts["provenance"] = provenance(figures, frames)
    counts["unindexed_years"] = unindexed_years(figures, frames)
    return counts
