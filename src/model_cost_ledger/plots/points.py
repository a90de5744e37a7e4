"""Which figures a chart draws, where, and which it leaves out and why.

x is the model's release date (``subjects.released``); where the ledger has none, the source's
publication date, marked as such (``date_from = "source"``), unless the source is a database
snapshot (kind ``dataset``), whose date says nothing about the model. Money is in constant US
dollars where its year is in the price index, else as reported (``dollars = "nominal"``). A
figure that repeats another (``traces_to``) is no point of its own: the figure it ultimately
repeats counts it (``repeats``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..comparison.dollars import price_index
from ..publish.published import denormalize
from ..store.descriptor import Descriptor
from .families import family_of

POINT_COLUMNS = (
    "figure_id",
    "subject_id",
    "subject_name",
    "scope",
    "family",
    "date",
    "date_from",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "basis",
    "dollars",
    "currency_year",
    "repeats",
    "reported_as",
)
LEFT_OUT_COLUMNS = ("figure_id", "reason", "detail")
SNAPSHOT_KIND = "dataset"  # a database's date is its snapshot's, not the model's


@dataclass(frozen=True)
class Selection:
    """The points to draw, the figures left out (with a reason code and a sentence), and what
    the values are in (``constant 2025 US dollars ...``, or the quantity's unit)."""

    points: pd.DataFrame
    left_out: pd.DataFrame
    measure: str
    money: bool


def select(
    frames: dict[str, pd.DataFrame],
    descriptor: Descriptor,
    metric: str,
    families: tuple[str, ...],
    year: int | None,
) -> Selection:
    """The current figures of ``metric`` split into points and figures left out; ``families``
    (empty: all) picks the panels."""
    figures = _current(frames, descriptor, metric)
    money = _kind(frames["metrics"], metric) == "money"
    figures = _placed(figures, frames["subjects"])
    if money:
        index, year, measure = price_index(frames["price_index"], year)
        figures, measure = _in_dollars(figures, index, year), measure
    else:
        figures = figures.assign(dollars="", factor=1.0)
        measure = str(figures["unit"].mode().iloc[0])
    reasons = _reasons(figures, families, "USD" if money else measure)
    drawn = figures[~figures["figure_id"].isin(reasons["figure_id"]) & figures["traces_to"].isna()]
    unclaimed = figures[~figures["figure_id"].isin(reasons["figure_id"])]
    repeats = _repeats(frames["figures"], unclaimed, set(drawn["figure_id"]))
    left_out = pd.concat([reasons, repeats], ignore_index=True)
    points = _points(drawn, left_out)
    return Selection(points, left_out.sort_values("figure_id", ignore_index=True), measure, money)


def _current(frames: dict[str, pd.DataFrame], descriptor: Descriptor, metric: str) -> pd.DataFrame:
    figures = frames["figures"]
    figures = figures[(figures["metric"] == metric) & figures["retracted_in"].isna()]
    if figures.empty:
        known = ", ".join(sorted(frames["metrics"]["metric"].astype(str)))
        raise ValueError(f"no figures for metric {metric!r}; metrics: {known}")
    return denormalize(figures, frames, descriptor)


def _kind(metrics: pd.DataFrame, metric: str) -> str:
    kinds = metrics.set_index("metric")["kind"].astype(str)
    return str(kinds.get(metric, ""))


def _placed(figures: pd.DataFrame, subjects: pd.DataFrame) -> pd.DataFrame:
    """Each figure's family and x: the release date, else a usable source date."""
    table = subjects.set_index("subject_id")
    kinds = table["kind"].astype(object)
    parents = table["parent"].astype(object).reindex(figures["subject_id"])
    fine_tuned = parents.map(lambda p: isinstance(p, str) and kinds.get(p) == "model")
    families = [
        family_of(str(s), bool(f)) for s, f in zip(figures["scope"], fine_tuned, strict=True)
    ]
    released = table["released"].reindex(figures["subject_id"]).to_numpy()
    published = figures["source_published"].astype(object).map(_source_date)
    snapshot = (figures["source_kind"].astype(object) == SNAPSHOT_KIND).to_numpy()
    source = pd.to_datetime(published.where(~snapshot, None), format="%Y-%m-%d")
    release = pd.Series(released, index=figures.index, dtype="datetime64[s]")
    return figures.assign(
        family=families,
        date=release.fillna(source.astype("datetime64[s]")),
        date_from=release.notna().map({True: "release", False: "source"}),
        snapshot=snapshot,
    )


def _source_date(published: object) -> str | None:
    """``2025-09-17`` as is, ``2025-09`` as its first day; a bare year is too vague to place."""
    if not isinstance(published, str):
        return None
    return published if len(published) == 10 else f"{published}-01" if len(published) == 7 else None


def _in_dollars(figures: pd.DataFrame, index: dict[int, float], year: int | None) -> pd.DataFrame:
    """The factor to constant dollars of ``year`` (1.0 and ``nominal`` where the figure's year is
    not in the index)."""
    factors = [
        None if pd.isna(y) or year is None or int(y) not in index else index[year] / index[int(y)]
        for y in figures["currency_year"].astype(object)
    ]
    return figures.assign(
        factor=[1.0 if f is None else f for f in factors],
        dollars=["nominal" if f is None else "constant" for f in factors],
    )


def _reasons(figures: pd.DataFrame, families: tuple[str, ...], unit: str) -> pd.DataFrame:
    """The first reason (in this order) each figure is left out for, with a sentence."""
    rows = figures.astype(object).where(figures.notna(), None)
    rules = (
        ("derived", rows["basis"] == "derived", "computed here from other figures ({derivation})"),
        (
            "scope-not-picked",
            ~rows["family"].isin(families) if families else rows["family"].isna(),
            "scope family {family} not picked (--scope)",
        ),
        ("repeat", rows["traces_to"].notna(), ""),  # the sentence comes from _repeats
        ("other-unit", rows["unit"] != unit, f"in {{unit}}; the chart draws {unit} only"),
        ("no-date", rows["date"].isna(), ""),
    )
    out: list[tuple[str, str, str]] = []
    taken: set[str] = set()
    for code, mask, sentence in rules:
        for row in rows[mask & ~rows["figure_id"].isin(taken)].itertuples(index=False):
            detail = _no_date(row) if code == "no-date" else sentence.format(**row._asdict())
            out.append((row.figure_id, code, detail))
            taken.add(row.figure_id)
    found = pd.DataFrame(out, columns=list(LEFT_OUT_COLUMNS))
    return found[found["reason"] != "repeat"]


def _no_date(row: Any) -> str:
    why = (
        f"its source {row.source_id} is a database snapshot"
        if row.snapshot
        else f"its source {row.source_id} shows no day or month"
    )
    return f"no release date for {row.subject_id} and {why}"


def primaries(figures: pd.DataFrame) -> dict[str, str]:
    """Figure id -> the figure it ultimately repeats: ``traces_to`` followed to its end, through
    ``superseded_by`` where a traced figure was corrected (a cycle stops where it closes).

    >>> rows = pd.DataFrame({"figure_id": ["a", "b", "c", "d"],
    ...     "traces_to": [None, "a", "b", "x"], "superseded_by": [None, None, None, None]})
    >>> primaries(rows)
    {'b': 'a', 'c': 'a', 'd': 'x'}
    """
    ids = figures["figure_id"].astype(object)
    traces = dict(zip(ids, figures["traces_to"].astype(object), strict=True))
    successors = dict(zip(ids, figures["superseded_by"].astype(object), strict=True))
    roots = {}
    for figure_id, target in traces.items():
        if not isinstance(target, str):
            continue
        seen = {figure_id}
        while target not in seen:
            seen.add(target)
            step = successors.get(target)
            step = step if isinstance(step, str) else traces.get(target)
            if not isinstance(step, str):
                break
            target = step
        roots[figure_id] = target
    return roots


def _repeats(every: pd.DataFrame, figures: pd.DataFrame, drawn: set[str]) -> pd.DataFrame:
    """The repeats among ``figures``, each with the figure it is drawn on, or why it is not."""
    roots = primaries(every)
    rows = []
    for figure_id in figures.loc[figures["traces_to"].notna(), "figure_id"]:
        root = roots[figure_id]
        detail = (
            f"drawn once, on {root}"
            if root in drawn
            else f"repeats {root}, which this chart does not draw as a point"
        )
        rows.append((figure_id, "repeat", detail))
    return pd.DataFrame(rows, columns=list(LEFT_OUT_COLUMNS))


def _points(drawn: pd.DataFrame, left_out: pd.DataFrame) -> pd.DataFrame:
    """The drawn figures as points, values scaled by their dollar factor, repeats counted."""
    on = left_out["detail"].str.extract(r"^drawn once, on (\S+)$")[0].dropna()
    counts = Counter(on)
    points = drawn.assign(
        value=drawn["value"].astype(float) * drawn["factor"],
        value_low=drawn["value_low"].astype(float) * drawn["factor"],
        value_high=drawn["value_high"].astype(float) * drawn["factor"],
        repeats=drawn["figure_id"].map(lambda f: counts.get(f, 0)).astype(int),
    )
    return points[list(POINT_COLUMNS)].reset_index(drop=True)
