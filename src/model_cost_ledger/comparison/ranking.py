"""Rankings: the largest figures of one metric, money in constant dollars, each with the scope
it covers and who claimed it; repeats of another figure are left out (their primary ranks)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..text.display import printable_lines
from ..text.layout import display_width, pad, wrap
from ..validation.gate import valid_tables
from .amounts import quantity
from .dollars import constant, money, price_index
from .finding import metric_named, scopes_named
from .verdicts import BASIS_WORDS

MARKS = {"approximately": "~", "at_least": "≥", "at_most": "≤", "range": "±"}

RANKING_COLUMNS = [
    "rank",
    "figure_id",
    "subject_id",
    "subject_name",
    "reported_as",
    "value",
    "unit",
    "currency_year",
    "qualifier",
    "constant",
    "nominal",
    "scope",
    "scope_name",
    "basis",
    "claimant",
]


@dataclass(frozen=True)
class Ranking:
    """The result of ``top``: ``rows`` in rank order (``RANKING_COLUMNS``), the money note,
    and the figures left out (repeats, derived figures, other currencies) with why."""

    metric: str
    is_money: bool
    year: int | None
    index_note: str
    rows: pd.DataFrame
    left_out: dict[str, int]  # why -> how many figures
    scopes: tuple[str, ...] = ()  # the scopes asked for (all when empty)
    per: str = ""  # what one value is for (metrics.per: ``million tokens``), if anything

    @property
    def unit(self) -> str:
        """The units the ranked figures are in (quantities: as the vocabulary allows them)."""
        return ", ".join(sorted(set(self.rows["unit"].dropna().astype(str)))) or "-"

    def to_json(self) -> str:
        rows = self.rows.astype(object).where(self.rows.notna(), None)
        payload = {
            "metric": self.metric,
            "year": self.year,
            "index": self.index_note,
            "left_out": self.left_out,
            "rows": rows.to_dict(orient="records"),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, default=str)

    def shown(self, row: pd.Series) -> str:
        """One row's value as ranked, with its qualifier (``~`` about, ``≥`` at least, ``≤`` at
        most, ``±`` a range's middle): constant dollars, nominal marked ``*``, or a quantity."""
        mark = MARKS.get(str(row["qualifier"]), "")
        if not self.is_money:
            return mark + quantity(float(row["value"]), "")
        if pd.notna(row["constant"]):
            return mark + money(float(row["constant"]))
        return mark + money(float(row["value"]), str(row["unit"])) + "*"

    def _about(self, row: pd.Series) -> str:
        about = f"{row['subject_name']} ({row['subject_id']}); {row['scope_name']};"
        about += f" {row['claimant']}, {BASIS_WORDS[str(row['basis'])]}"
        if self.is_money and pd.isna(row["constant"]):
            year = row["currency_year"]
            about += f"; nominal {'undated' if pd.isna(year) else int(year)} dollars"
        return about + f"; as printed: {row['reported_as']}"

    def lines(self, width: int = 80) -> list[str]:
        """The ranking as lines of at most ``width`` columns: rank, value and the whole figure
        id, then the subject, scope and claimant beneath."""
        unit = self.index_note if self.is_money else f"in {self.unit}"
        per = f", per {self.per}" if self.per else ""
        lines = wrap(f"Largest {self.metric} figures, {unit}{per}; ranked by value.", width)
        values = [self.shown(row) for _, row in self.rows.iterrows()]
        column = max([display_width(v) for v in values] + [5])
        for (_, row), value in zip(self.rows.iterrows(), values, strict=True):
            head = f"{row['rank']:>3}. {pad(value, column)}  "
            lines += wrap(row["figure_id"], width, head, " " * len(head))
            lines += wrap(self._about(row), width, " " * len(head))
        if self.rows.empty:
            within = f" in {', '.join(self.scopes)}" if self.scopes else ""
            lines += wrap(f"No {self.metric} figure{within} to rank.", width)
        if self.is_money and self.rows["constant"].isna().any():
            lines += wrap(
                "* nominal: the dollar year has no price index value, so the figure is ranked"
                " as printed",
                width,
            )
        if self.left_out:
            said = ", ".join(f"{why}: {n}" for why, n in self.left_out.items())
            lines += wrap(f"Left out: {said}.", width)
        return lines

    def __str__(self) -> str:
        return printable_lines(self.lines())


def top(
    metric: str = "training_cost",
    scope: Sequence[str] = (),
    limit: int = 10,
    year: int | None = None,
    path: str | Path | None = None,
) -> Ranking:
    """The ``limit`` largest current figures of ``metric``: money ranked in constant dollars of
    ``year`` (a figure whose dollar year has no price index value ranks by its nominal value,
    marked), quantities as reported. A figure that repeats another (``traces_to``) and a
    figure derived here are left out, so that one claim ranks once, as its primary; money in
    another currency than US dollars is left out too (never converted).

    Parameters
    ----------
    metric : str
        A metric of the vocabulary, ``training_cost`` by default.
    scope : sequence of str
        Only these scopes, or scope families (``final_run``: every ``final_run_*`` scope).
    limit : int
        How many figures to rank (at least 1).
    year : int, optional
        The dollar year; the price index's latest by default.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Ranking
        The ranked rows, the dollar note and what was left out; ``str()`` gives the text
        ``model-cost-ledger top`` prints.

    Raises
    ------
    ValueError
        If the metric or a scope is unknown, ``limit`` is below 1, or the price index has no
        value for ``year``.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> ranking = mcl.top("training_cost", scope=["final_run"], limit=3)
    >>> len(ranking.rows), bool(ranking.rows["scope"].str.startswith("final_run").all())
    (3, True)
    """
    if limit < 1:
        raise ValueError(f"limit must be 1 or more, not {limit}")
    frames = valid_tables(path)
    metrics = frames["metrics"].set_index("metric", drop=False)
    entry = metrics.loc[metric_named(metric, frames["metrics"])]
    is_money = entry["kind"] == "money"
    index, year, note = price_index(frames["price_index"], year) if is_money else ({}, None, "")
    figures = frames["figures"]
    chosen = figures[figures["retracted_in"].isna() & (figures["metric"] == metric)]
    scopes = tuple(scopes_named(scope, frames["scopes"])) if scope else ()
    if scopes:
        chosen = chosen[chosen["scope"].isin(scopes)]
    left_out = {
        "repeats of another figure": int(chosen["traces_to"].notna().sum()),
        "figures derived here": int((chosen["basis"] == "derived").sum()),
    }
    chosen = chosen[chosen["traces_to"].isna() & (chosen["basis"] != "derived")]
    if is_money:
        left_out["figures in other currencies"] = int((chosen["unit"] != "USD").sum())
        chosen = chosen[chosen["unit"] == "USD"]
    rows = _ranked(chosen, frames, index, year).head(limit)
    kept = {why: n for why, n in left_out.items() if n}
    per = entry["per"] if isinstance(entry["per"], str) else ""
    return Ranking(metric, bool(is_money), year, note, rows, kept, scopes, per)


def _ranked(
    chosen: pd.DataFrame, frames: dict[str, pd.DataFrame], index: dict[int, float], year: int | None
) -> pd.DataFrame:
    """``chosen`` with its constant dollars, subject and scope names, largest first."""
    subjects = frames["subjects"].set_index("subject_id")
    scopes = frames["scopes"].set_index("scope")
    rows = chosen.assign(
        constant=[
            constant(v, u, y, index, year)
            for v, u, y in zip(
                chosen["value"], chosen["unit"], chosen["currency_year"], strict=True
            )
        ],
        subject_name=chosen["subject_id"].map(subjects["name"]),
        scope_name=chosen["scope"].astype(object).map(scopes["name"]),
    )
    rows["nominal"] = rows["constant"].isna() & bool(index)
    rows["_key"] = rows["constant"].where(rows["constant"].notna(), rows["value"].astype(float))
    rows = rows.sort_values(["_key", "figure_id"], ascending=[False, True], kind="stable")
    rows.insert(0, "rank", range(1, len(rows) + 1))
    return rows[RANKING_COLUMNS].reset_index(drop=True)
