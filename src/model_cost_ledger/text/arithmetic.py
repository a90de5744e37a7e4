"""Arithmetic over figure ids, for derived figures, without ``eval``.

Grammar: numbers, figure ids, ``+ - * /`` and parentheses. Figure ids may contain ``-`` and
``.``, so an operator next to an id needs spaces around it: ``a-b`` is one id, ``a - b`` is a
subtraction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

TOKEN = re.compile(r"\s*(?:(?P<word>[a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])|(?P<operator>[-+*/()]))")
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?")
# A number, ("id", name), ("neg", tree) or (operator, left, right).
Tree: TypeAlias = float | tuple[Any, ...]


class ExpressionError(ValueError):
    """A derivation that cannot be read or evaluated; the message says where."""


@dataclass(frozen=True)
class Expression:
    """A parsed derivation: its text and its syntax tree."""

    text: str
    tree: Tree

    @property
    def names(self) -> frozenset[str]:
        """The figure ids the expression uses."""
        return frozenset(_names(self.tree))

    def evaluate(self, values: Mapping[str, float]) -> float:
        """The expression's value, given a value for each figure id it uses.

        Parameters
        ----------
        values : Mapping[str, float]
            A value for each of ``names``.

        Returns
        -------
        float
            The value.

        Raises
        ------
        ExpressionError
            If a figure id has no value, or on division by zero.

        Examples
        --------
        >>> parse("a * (b - 1)").evaluate({"a": 2.0, "b": 4.0})
        6.0
        """
        return _evaluate(self.tree, values)


def parse(text: str) -> Expression:
    """Parse a derivation such as ``deepseek-v3-gpu-hours * deepseek-v3-rental-rate``.

    Parameters
    ----------
    text : str
        Numbers, figure ids, ``+ - * /`` and parentheses.

    Returns
    -------
    Expression
        The parsed expression.

    Raises
    ------
    ExpressionError
        If the text is empty or cannot be read; the message says where.

    Examples
    --------
    >>> expression = parse("gpu-hours * rate")
    >>> sorted(expression.names)
    ['gpu-hours', 'rate']
    >>> expression.evaluate({"gpu-hours": 2.0e6, "rate": 2.0})
    4000000.0
    """
    tokens = _tokens(text)
    tree, position = _sum(tokens, 0, text)
    if position != len(tokens):
        raise ExpressionError(f"unexpected {tokens[position]!r} in {text!r}")
    return Expression(text, tree)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if not match:
            raise ExpressionError(
                f"cannot read {text[position:].strip()[:20]!r} in {text!r}; "
                "use figure ids, numbers, + - * / and parentheses"
            )
        tokens.append(match.group("word") or match.group("operator"))
        position = match.end()
    if not tokens:
        raise ExpressionError("the derivation is empty")
    return tokens


def _sum(tokens: list[str], position: int, text: str) -> tuple[Tree, int]:
    left, position = _product(tokens, position, text)
    while position < len(tokens) and tokens[position] in "+-":
        operator = tokens[position]
        right, position = _product(tokens, position + 1, text)
        left = (operator, left, right)
    return left, position


def _product(tokens: list[str], position: int, text: str) -> tuple[Tree, int]:
    left, position = _factor(tokens, position, text)
    while position < len(tokens) and tokens[position] in "*/":
        operator = tokens[position]
        right, position = _factor(tokens, position + 1, text)
        left = (operator, left, right)
    return left, position


def _factor(tokens: list[str], position: int, text: str) -> tuple[Tree, int]:
    if position >= len(tokens):
        raise ExpressionError(f"{text!r} ends where a number or figure id is expected")
    token = tokens[position]
    if token in "+-":
        operand, position = _factor(tokens, position + 1, text)
        return ("neg", operand) if token == "-" else operand, position
    if token == "(":
        inner, position = _sum(tokens, position + 1, text)
        if position >= len(tokens) or tokens[position] != ")":
            raise ExpressionError(f"unclosed parenthesis in {text!r}")
        return inner, position + 1
    if token in "*/)":
        raise ExpressionError(f"unexpected {token!r} in {text!r}")
    if NUMBER.fullmatch(token):
        return float(token), position + 1
    return ("id", token), position + 1


def _names(tree: Tree) -> Iterator[str]:
    if isinstance(tree, tuple):
        if tree[0] == "id":
            yield tree[1]
        else:
            for part in tree[1:]:
                yield from _names(part)


def _evaluate(tree: Tree, values: Mapping[str, float]) -> float:
    if isinstance(tree, float):
        return tree
    kind = tree[0]
    if kind == "id":
        try:
            value = values[tree[1]]
        except KeyError:
            raise ExpressionError(f"unknown figure {tree[1]!r}") from None
        return float(value)
    if kind == "neg":
        return -_evaluate(tree[1], values)
    left, right = _evaluate(tree[1], values), _evaluate(tree[2], values)
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    if right == 0:
        raise ExpressionError("division by zero")
    return left / right
