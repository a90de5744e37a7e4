"""Honest comparisons: two subjects' figures side by side, each pairing with a verdict and its
reasons, in constant dollars.

Verdicts: ``like_for_like`` (same scope, basis, period and currency, both values),
``caveats`` (comparable once the reasons are read: related scopes such as rental vs amortized
pricing of the same final run, different basis, bounds, media repetition, a related subject),
``not_comparable`` (different or unspecified scope, a figure that traces to another subject,
different periods or currencies).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ..store.descriptor import Descriptor
from ..validation.gate import valid_tables
from .dollars import constant, price_index
from .render import render
from .subjects import related, resolve
from .verdicts import PAIR_COLUMNS, Others, Vocabulary, figure_reasons, pair
from .words import Words


@dataclass
class Comparison:
    """The result of ``compare``: every pairing, the most comparable one, and what is missing."""

    a: str
    b: str
    metric: str
    year: int | None
    pairs: pd.DataFrame
    figures: pd.DataFrame  # every figure considered, with per-figure reasons
    missing: dict[str, list[str]] = field(default_factory=dict)  # subject -> metrics it does have
    index_note: str = ""
    catalog: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # current figures by id
    words: Words = field(default_factory=Words, repr=False)  # names for the text form

    @cached_property
    def side_rows(self) -> dict[tuple[str, str], Any]:
        """Each figure considered as a row (attributes named as ``figures``' columns), by
        (``side_subject``, ``figure_id``): the text form reads each pair's two rows."""
        return {
            (row.side_subject, row.figure_id): row for row in self.figures.itertuples(index=False)
        }

    @property
    def best(self) -> pd.Series | None:
        return None if self.pairs.empty else self.pairs.iloc[0]

    def to_frame(self) -> pd.DataFrame:
        return self.pairs

    def to_json(self) -> str:
        pairs = self.pairs.assign(reasons=self.pairs["reasons"].map(list)).astype(object)
        payload = {
            "a": self.a,
            "b": self.b,
            "metric": self.metric,
            "year": self.year,
            "index": self.index_note,
            "missing": self.missing,
            "best": None
            if self.best is None
            else {
                "a_figure_id": self.best["a_figure_id"],
                "b_figure_id": self.best["b_figure_id"],
                "verdict": self.best["verdict"],
            },
            "pairs": pairs.where(pairs.notna(), None).to_dict(orient="records"),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, default=str)

    def render(self, width: int = 80) -> str:
        """The text form within ``width`` columns: the answer first, then the table of pairs."""
        return render(self, width=width)

    def __str__(self) -> str:
        return render(self)


def compare(
    a: str,
    b: str,
    metric: str = "training_cost",
    year: int | None = None,
    path: str | Path | None = None,
) -> Comparison:
    """Put two subjects' figures for ``metric`` side by side.

    ``a`` and ``b`` are subject ids, names or aliases (``DeepSeek R1``, ``R1``, ``ChatGPT-4o``),
    matched ignoring case, spaces, hyphens and dots. Figures about a subject's base model or
    organization are included and flagged ``related-subject``. Money is converted to constant
    dollars of ``year`` (default: the latest year of the shipped US CPI-U index).

    Every pairing gets a verdict and reason codes (see ``REASONS``). Pairs are sorted so that the
    first is the most comparable: by verdict, then same scope before related scopes before
    different ones, then primary figures (the developer's own or an analyst's) before media
    repetitions and direct subjects before related ones, then higher confidence, then the more
    recent source.

    Parameters
    ----------
    a, b : str
        The two subjects: ids, names or aliases.
    metric : str
        A metric of the vocabulary (``metrics.csv``), ``training_cost`` by default.
    year : int, optional
        The dollar year to convert money to; the latest year of the price index by default.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Comparison
        Every pair with its verdict and reasons (``pairs``), the figures considered, the subjects
        without a figure of their own, and the text form as ``str(result)``.

    Raises
    ------
    LedgerError
        If the dataset does not validate (the message lists the problems).
    KeyError
        If a subject is unknown (the message lists the closest names).
    ValueError
        If the metric is unknown, the price index has no value for ``year``, or ``a`` and
        ``b`` name the same subject.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> result = mcl.compare("DeepSeek R1", "ChatGPT-4o")
    >>> headline = result.pairs.set_index(["a_figure_id", "b_figure_id"]).loc[("seed-vi-r1-training-cost", "seed-vi-gpt-4o-training-cost")]
    >>> headline["verdict"]
    'not_comparable'
    >>> "a:misattributed" in headline["reasons"] and "b:misattributed" in headline["reasons"]
    True
    """
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    subjects = frames["subjects"]
    aliases = descriptor.resource("subjects").field("aliases")
    a_id, b_id = resolve(a, subjects, aliases), resolve(b, subjects, aliases)
    if a_id == b_id:
        raise ValueError(
            f"{a!r} and {b!r} both name the subject {a_id}: compare needs two different subjects"
        )
    metrics = frames["metrics"].set_index("metric")
    if metric not in metrics.index:
        raise ValueError(f"unknown metric {metric!r}; metrics: {', '.join(sorted(metrics.index))}")
    figures = frames["figures"]
    current = figures[figures["retracted_in"].isna() & (figures["basis"] != "derived")]
    index, year, index_note = price_index(frames["price_index"], year)
    table, missing = _considered(current, subjects, (a_id, b_id), metric)
    sources = frames["sources"].set_index("source_id")
    table["published"] = table["source_id"].map(sources["published"])
    table["constant"] = [
        constant(v, u, y, index, year)
        for v, u, y in zip(table["value"], table["unit"], table["currency_year"], strict=True)
    ]
    others = Others.of(figures, current)
    is_money = metrics.at[metric, "kind"] == "money"
    table["figure_reasons"] = [
        tuple(figure_reasons(row, others, is_money)) for row in table.itertuples(index=False)
    ]
    vocabulary = Vocabulary(
        frames["scopes"].set_index("scope"),
        descriptor.resource("scopes").field("comparable_with"),
        descriptor.resource("figures").field("confidence").enum or [],
    )
    pairs = _ranked_pairs(table, (a_id, b_id), vocabulary)
    catalog = figures[figures["retracted_in"].isna()].set_index("figure_id", drop=False)
    words = _words(frames, metrics.loc[metric], catalog, figures.set_index("figure_id", drop=False))
    return Comparison(a_id, b_id, metric, year, pairs, table, missing, index_note, catalog, words)


def _words(
    frames: dict[str, pd.DataFrame], metric: pd.Series, catalog: pd.DataFrame, every: pd.DataFrame
) -> Words:
    """What the text form needs: subject and scope names, the metric's name, kind and ``per``."""
    subjects, scopes = frames["subjects"], frames["scopes"]
    return Words(
        dict(zip(subjects["subject_id"], subjects["name"], strict=True)),
        dict(zip(scopes["scope"], scopes["name"], strict=True)),
        str(metric["name"]),
        metric["kind"] == "money",
        "" if pd.isna(metric["per"]) else str(metric["per"]),
        catalog,
        every,
    )


def _considered(
    current: pd.DataFrame, subjects: pd.DataFrame, sides: tuple[str, str], metric: str
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Each side's figures of ``metric`` (its own and its related subjects'), and for a side with
    none of its own, the metrics it does have."""
    considered = []
    missing = {}
    for subject_id in sides:
        relations = related(subject_id, subjects)
        own = current[
            (current["metric"] == metric) & current["subject_id"].isin(list(relations))
        ].copy()
        own.insert(0, "side_subject", subject_id)
        own["relation"] = own["subject_id"].map(relations)
        if (own["relation"] == "self").sum() == 0:
            missing[subject_id] = sorted(
                set(current.loc[current["subject_id"] == subject_id, "metric"].astype(str))
            )
        considered.append(own)
    return plain(pd.concat(considered, ignore_index=True)), missing


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every nullable column as Python objects, a missing cell as ``None``: the
    verdict rules compare cells (``x.currency_year == y.currency_year``), and ``pd.NA`` has no
    truth value, while ``None == None`` is True and ``None == 2024`` is False."""
    nullable = [c for c, dtype in frame.dtypes.items() if not pd.api.types.is_float_dtype(dtype)]
    nullable += [c for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.Float64Dtype)]
    return frame.assign(**{c: _objects(frame[c]) for c in nullable})


def _objects(column: pd.Series) -> pd.Series:
    """``column`` as Python objects, each missing cell ``None``."""
    values, missing = column.astype(object).tolist(), column.isna().tolist()
    return pd.Series(
        [None if gone else value for value, gone in zip(values, missing, strict=True)],
        index=column.index,
        dtype=object,
    )


def _ranked_pairs(
    table: pd.DataFrame, sides: tuple[str, str], vocabulary: Vocabulary
) -> pd.DataFrame:
    """Every pairing of the two sides' figures, the most comparable first."""
    left, right = (
        list(table[table["side_subject"] == side].itertuples(index=False)) for side in sides
    )
    rows = [pair(x, y, vocabulary) for x in left for y in right]
    pairs = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    if pairs.empty:
        return pairs
    return pairs.sort_values(
        [
            "verdict_rank",
            "unconverted",
            "scope_rank",
            "secondary",
            "indirect",
            "confidence_rank",
            "recency",
        ],
        ascending=[True, True, True, True, True, True, False],
        kind="stable",
    ).reset_index(drop=True)
