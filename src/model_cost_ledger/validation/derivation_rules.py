"""Derived figures recompute from the figures their derivation names."""

from __future__ import annotations

import pandas as pd

from ..problems import Problem
from ..text import arithmetic
from .table import cycles

DERIVED_TOLERANCE = 1e-6  # relative difference allowed between a derived value and its derivation


def derivations_recompute(tables):
    figures = tables["figures"]
    if not figures.has("figure_id", "derivation", "value", "retracted_in"):
        return
    f = figures.typed
    derived = f[f["derivation"].notna()]
    if derived.empty:
        return
    values = dict(zip(f["figure_id"], f["value"], strict=True))
    retracted = set(f["figure_id"][f["retracted_in"].notna()])
    expressions = {}
    ids = figures.ids
    for figure_id, expression in zip(derived["figure_id"], derived["derivation"], strict=True):
        row_id = ids[derived.index[derived["figure_id"] == figure_id][0]]
        try:
            expressions[figure_id] = arithmetic.parse(expression)
        except arithmetic.ExpressionError as error:
            yield Problem("figures", row_id, "derivation", "derivation-unreadable", str(error))
    edges = {k: sorted(e.names & set(expressions)) for k, e in expressions.items()}
    cyclic = cycles(edges)
    for figure_id, expression in expressions.items():
        row_id = figure_id
        if figure_id in cyclic:
            yield Problem(
                "figures",
                row_id,
                "derivation",
                "derivation-cycle",
                f"{figure_id!r} depends on itself through its derivation",
            )
            continue
        unknown = sorted(name for name in expression.names if name not in values)
        gone = sorted(name for name in expression.names if name in retracted)
        if unknown:
            yield Problem(
                "figures",
                row_id,
                "derivation",
                "derivation-unknown-figure",
                f"refers to figures that do not exist: {', '.join(unknown)}",
            )
            continue
        if gone:
            yield Problem(
                "figures",
                row_id,
                "derivation",
                "derivation-retracted-figure",
                f"refers to retracted figures: {', '.join(gone)}; derive from their successors",
            )
            continue
        try:
            result = expression.evaluate(values)
        except arithmetic.ExpressionError as error:
            yield Problem("figures", row_id, "derivation", "derivation-unreadable", str(error))
            continue
        value = values[figure_id]
        if pd.isna(value) or abs(result - value) > DERIVED_TOLERANCE * max(abs(value), abs(result)):
            yield Problem(
                "figures",
                row_id,
                "value",
                "derivation-mismatch",
                f"value {value:g} differs from its derivation {expression.text} = {result:g} (relative tolerance {DERIVED_TOLERANCE:g})",
            )


RULES = (derivations_recompute,)
