"""Derivations are read by a small parser, never by eval."""

from __future__ import annotations

import pytest

from model_cost_ledger.text.arithmetic import ExpressionError, parse


def test_ids_with_hyphens_and_operator_precedence():
    expression = parse("deepseek-v3-gpu-hours * deepseek-v3-rental-rate + 2 * (a - b) / 4")
    assert expression.names == {"deepseek-v3-gpu-hours", "deepseek-v3-rental-rate", "a", "b"}
    values = {"deepseek-v3-gpu-hours": 2788000, "deepseek-v3-rental-rate": 2, "a": 10, "b": 6}
    assert expression.evaluate(values) == 5576000 + 2


def test_unary_minus_and_numbers_in_e_notation():
    assert parse("-x + 1e3").evaluate({"x": 1}) == 999


@pytest.mark.parametrize(
    "text", ["", "a **", "a +", "(a", "a )", "__import__('os')", "a; b", "1 / 0"]
)
def test_bad_expressions_raise_expression_error(text):
    with pytest.raises(ExpressionError):
        parse(text).evaluate({"a": 1, "b": 2})
