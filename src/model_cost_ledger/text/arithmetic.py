"""Arithmetic over figure ids, for derived figures, without ``eval``.

Grammar: numbers, figure ids, ``+ - * /`` and parentheses. Figure ids may contain ``-`` and
``.``, so an operator next to an id needs spaces around it: ``a-b`` is one id, ``a - b`` is a
subtraction.

Any text gives an expression or an ``ExpressionError``: nesting is bounded (``MAX_DEPTH``), a
chain of terms is one flat node however long, and every number and every result must be finite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

TOKEN = re.compile(r"\s*(?:(?P<word>[a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])|(?P<operator>[-+*/()]))")
END = re.compile(r"\s*\Z")  # only white space left
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?")
MAX_DEPTH = 50  # parentheses and signs nested deeper than this are refused
# A number, ("id", name), ("neg", tree) or ("+", first, ((operator, tree), ...)) for a chain of
# "+ -" terms, ("*", first, ((operator, tree), ...)) for a chain of "* /" factors.
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
        If the text is empty or cannot be read, nests deeper than ``MAX_DEPTH`` or holds a
        number that is not finite; the message says where.

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
        raise ExpressionError(f"unexpected {tokens[position]!r} in {text[:60]!r}")
    return Expression(text, tree)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while not END.match(text, position):
        match = TOKEN.match(text, position)
        if not match:
            raise ExpressionError(
                f"cannot read {text[position:].strip()[:20]!r} in {text[:60]!r}; "
                "use figure ids, numbers, + - * / and parentheses"
            )
        tokens.append(match.group("word") or match.group("operator"))
        position = match.end()
    if not tokens:
        raise ExpressionError("the derivation is empty")
    return tokens


def _sum(tokens: list[str], position: int, text: str, depth: int = 0) -> tuple[Tree, int]:
    first, position = _product(tokens, position, text, depth)
    rest: list[tuple[str, Tree]] = []
    while position < len(tokens) and tokens[position] in "+-":
        operator = tokens[position]
        term, position = _product(tokens, position + 1, text, depth)
        rest.append((operator, term))
    return (("+", first, tuple(rest)) if rest else first), position


def _product(tokens: list[str], position: int, text: str, depth: int) -> tuple[Tree, int]:
    first, position = _factor(tokens, position, text, depth)
    rest: list[tuple[str, Tree]] = []
    while position < len(tokens) and tokens[position] in "*/":
        operator = tokens[position]
        factor, position = _factor(tokens, position + 1, text, depth)
        rest.append((operator, factor))
    return (("*", first, tuple(rest)) if rest else first), position


def _factor(tokens: list[str], position: int, text: str, depth: int) -> tuple[Tree, int]:
    if position >= len(tokens):
        raise ExpressionError(f"{text[:60]!r} ends where a number or figure id is expected")
    token = tokens[position]
    if token in "+-(" and depth >= MAX_DEPTH:
        raise ExpressionError(
            f"{text[:60]!r} nests parentheses or signs more than {MAX_DEPTH} deep"
        )
    if token in "+-":
        operand, position = _factor(tokens, position + 1, text, depth + 1)
        return ("neg", operand) if token == "-" else operand, position
    if token == "(":
        inner, position = _sum(tokens, position + 1, text, depth + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise ExpressionError(f"unclosed parenthesis in {text[:60]!r}")
        return inner, position + 1
    if token in "*/)":
        raise ExpressionError(f"unexpected {token!r} in {text[:60]!r}")
    if NUMBER.fullmatch(token):
        number = float(token)
        if not math.isfinite(number):
            raise ExpressionError(f"{token!r} is not a finite number (in {text[:60]!r})")
        return number, position + 1
    return ("id", token), position + 1


def _names(tree: Tree) -> Iterator[str]:
    if not isinstance(tree, tuple):
        return
    if tree[0] == "id":
        yield tree[1]
    elif tree[0] == "neg":
        yield from _names(tree[1])
    else:
        yield from _names(tree[1])
        for _, part in tree[2]:
            yield from _names(part)


def _evaluate(tree: Tree, values: Mapping[str, float]) -> float:
    result = _value(tree, values)
    if not math.isfinite(result):
        raise ExpressionError(f"the result is {result}, not a finite number")
    return result


def _value(tree: Tree, values: Mapping[str, float]) -> float:
    if isinstance(tree, float):
        return tree
    kind = tree[0]
    if kind == "id":
        try:
            value = float(values[tree[1]])
        except KeyError:
            raise ExpressionError(f"unknown figure {tree[1]!r}") from None
        except (TypeError, ValueError):  # a missing value (pandas' NA) or not a number
            raise ExpressionError(f"figure {tree[1]!r} has no value") from None
        if not math.isfinite(value):
            raise ExpressionError(f"figure {tree[1]!r} has the value {value}, not a finite number")
        return value
    if kind == "neg":
        return -_value(tree[1], values)
    result = _value(tree[1], values)
    for operator, part in tree[2]:
        operand = _value(part, values)
        if operator == "/" and operand == 0:
            raise ExpressionError("division by zero")
        result = (
            result + operand
            if operator == "+"
            else result - operand
            if operator == "-"
            else result * operand
            if operator == "*"
            else result / operand
        )
        if not math.isfinite(result):
            raise ExpressionError(f"the result overflows at {operator!r}: not a finite number")
    return result
