"""Derived figures recompute from the figures their derivation names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from ..problems import Problem
from ..text import arithmetic
from .table import Table, cycles

DERIVED_TOLERANCE = 1e-6  # relative difference allowed between a derived value and its derivation


def derivations_recompute(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """Every derivation parses, names existing current figures, has no cycle and equals the value."""
    figures = tables["figures"]
    if not figures.has("figure_id", "derivation", "value", "retracted_in"):
        return
    f = figures.typed
    present = f["derivation"].notna()
    if not present.any():
        return
    values = dict(zip(f["figure_id"].tolist(), f["value"].tolist(), strict=True))
    retracted = set(f["figure_id"][f["retracted_in"].notna()])
    expressions: dict[str, arithmetic.Expression] = {}
    for row_id, figure_id, text in zip(
        figures.ids[present], f.loc[present, "figure_id"], f.loc[present, "derivation"], strict=True
    ):
        try:
            expressions[figure_id] = arithmetic.parse(text)
        except arithmetic.ExpressionError as error:
            yield Problem("figures", row_id, "derivation", "derivation-unreadable", str(error))
    derived = expressions.keys()
    cyclic = cycles({k: sorted(e.names & derived) for k, e in expressions.items()})
    for figure_id, expression in expressions.items():
        found = _derivation_problem(figure_id, expression, values, retracted, cyclic)
        if found is not None:
            yield Problem("figures", figure_id, *found)


def _derivation_problem(
    figure_id: str,
    expression: arithmetic.Expression,
    values: dict[str, float],
    retracted: set[str],
    cyclic: set[str],
) -> tuple[str, str, str] | None:
    """``(field, code, message)`` for what is wrong with one parsed derivation, or None."""
    if figure_id in cyclic:
        return (
            "derivation",
            "derivation-cycle",
            f"{figure_id!r} depends on itself through its derivation",
        )
    unknown = sorted(name for name in expression.names if name not in values)
    if unknown:
        return (
            "derivation",
            "derivation-unknown-figure",
            f"refers to figures that do not exist: {', '.join(unknown)}",
        )
    gone = sorted(name for name in expression.names if name in retracted)
    if gone:
        return (
            "derivation",
            "derivation-retracted-figure",
            f"refers to retracted figures: {', '.join(gone)}; derive from their successors",
        )
    try:
        result = expression.evaluate(values)
    except arithmetic.ExpressionError as error:
        return ("derivation", "derivation-unreadable", str(error))
    value = values[figure_id]
    if pd.isna(value) or abs(result - value) > DERIVED_TOLERANCE * max(abs(value), abs(result)):
        return (
            "value",
            "derivation-mismatch",
            f"value {value:g} differs from its derivation {expression.text} = {result:g} (relative tolerance {DERIVED_TOLERANCE:g})",
        )
    return None


RULES = (derivations_recompute,)
