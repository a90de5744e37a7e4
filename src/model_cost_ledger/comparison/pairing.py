"""The work of ``compare`` that does not depend on the pair: each subject's figures considered
(its side, with per-figure reasons and constant dollars) and the ranked pairs of two sides. One
``Pairing`` serves every pair of a dataset, metric and dollar year: ``compare`` asks it for one
pair, the web explorer for every pair of subjects."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import pandas as pd

from ..store.descriptor import Descriptor
from .dollars import constant, price_index
from .subjects import Kin
from .verdicts import PAIR_COLUMNS, Others, Vocabulary, figure_reasons, pair

RANK_KEYS = tuple(  # the columns a pair is ranked by, most comparable first (then recency)
    PAIR_COLUMNS.index(c)
    for c in (
        "verdict_rank",
        "unconverted",
        "scope_rank",
        "secondary",
        "indirect",
        "confidence_rank",
    )
)
RECENCY = PAIR_COLUMNS.index("recency")  # the more recent source first, among equals
SOURCED = ("published", "constant")  # what a figure row gets from its source and the index


class Pairing:
    """The figures of ``metric`` that ``compare`` considers, in constant dollars of ``year``
    (the price index's latest by default), and what their reasons need to know.

    Raises ``ValueError`` for a metric the vocabulary lacks or a year the index lacks."""

    def __init__(
        self,
        frames: dict[str, pd.DataFrame],
        descriptor: Descriptor,
        metric: str,
        year: int | None = None,
    ) -> None:
        metrics = frames["metrics"].set_index("metric")
        if metric not in metrics.index:
            known = ", ".join(sorted(metrics.index))
            raise ValueError(f"unknown metric {metric!r}; metrics: {known}")
        figures = frames["figures"]
        self.current = figures[figures["retracted_in"].isna() & (figures["basis"] != "derived")]
        self.index, self.year, self.index_note = price_index(frames["price_index"], year)
        self.metric = metric
        self.is_money = metrics.at[metric, "kind"] == "money"
        self.others = Others.of(figures, self.current)
        self.vocabulary = Vocabulary(
            frames["scopes"].set_index("scope"),
            descriptor.resource("scopes").field("comparable_with"),
            descriptor.resource("figures").field("confidence").enum or [],
        )
        self.kin = Kin.of(frames["subjects"])
        table = self._of_metric(frames["sources"])
        figure_columns = list(table.columns[: -len(SOURCED)])
        self.columns = ["side_subject", *figure_columns, "relation", *SOURCED, "figure_reasons"]
        self.dtypes = {c: table[c].dtype for c in table.columns}
        self.Row = _record(self.columns)
        self._values = list(zip(*(table[c].tolist() for c in table.columns), strict=True))
        self._figure_columns = len(figure_columns)  # then SOURCED, in each of _values
        self._subject_at = figure_columns.index("subject_id")

    def _of_metric(self, sources: pd.DataFrame) -> pd.DataFrame:
        """The current figures of the metric as Python objects, with their source's date and
        their value in constant dollars (``SOURCED``, the last columns)."""
        table = plain(self.current[self.current["metric"] == self.metric])
        table["published"] = table["source_id"].map(sources.set_index("source_id")["published"])
        table["constant"] = [
            constant(v, u, y, self.index, self.year)
            for v, u, y in zip(table["value"], table["unit"], table["currency_year"], strict=True)
        ]
        return table.reset_index(drop=True)

    def side_rows(self, subject_id: str) -> list[Any]:
        """The figures considered for ``subject_id``: its own and its related subjects' (each
        row's ``relation``), each with its own reasons (``figure_reasons``); named tuples with
        the fields ``columns``."""
        relations = self.kin.related(subject_id)
        split = self._figure_columns
        rows = []
        for values in self._values:
            relation = relations.get(values[self._subject_at])
            if relation is None:
                continue
            row = self.Row(subject_id, *values[:split], relation, *values[split:], ())
            reasons = tuple(figure_reasons(row, self.others, self.is_money))
            rows.append(row._replace(figure_reasons=reasons))
        return rows

    def frame(self, rows: list[Any]) -> pd.DataFrame:
        """``side_rows`` as a table, each column in its type (``compare``'s ``figures``)."""
        return pd.DataFrame(
            {
                column: pd.Series([row[i] for row in rows], dtype=self.dtypes.get(column, object))
                for i, column in enumerate(self.columns)
            }
        )

    def missing(self, subject_id: str, side: list[Any]) -> list[str] | None:
        """The metrics ``subject_id`` has figures of, when none of its ``side_rows`` is its own."""
        if any(row.relation == "self" for row in side):
            return None
        current = self.current
        return sorted(set(current.loc[current["subject_id"] == subject_id, "metric"].astype(str)))

    def ranked(self, left: Sequence[Any], right: Sequence[Any]) -> list[list[Any]]:
        """Every pairing of figure rows ``left`` (side a) with ``right`` (side b), as rows of
        ``PAIR_COLUMNS``, the most comparable first (see ``compare``)."""
        rows = [pair(x, y, self.vocabulary) for x in left for y in right]
        rows.sort(key=itemgetter(RECENCY), reverse=True)  # stable, as is the next sort
        rows.sort(key=itemgetter(*RANK_KEYS))
        return rows


def _record(fields: list[str]) -> Any:
    """A named-tuple type with ``fields``, as ``DataFrame.itertuples`` makes rows."""
    return namedtuple("Row", fields)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every nullable column as Python objects, a missing cell as ``None``: the
    verdict rules compare cells (``x.currency_year == y.currency_year``), and ``pd.NA`` has no
    truth value, while ``None == None`` is True and ``None == 2024`` is False."""
    nullable = [c for c, dtype in frame.dtypes.items() if not pd.api.types.is_float_dtype(dtype)]
    nullable += [c for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.Float64Dtype)]
    return frame.assign(**{c: _objects(frame[c]) for c in nullable})


def _objects(column: pd.Series) -> pd.Series:
    """``column`` as Python objects, each missing cell ``None``."""
    return pd.Series(column.to_numpy(dtype=object, na_value=None), index=column.index, dtype=object)
