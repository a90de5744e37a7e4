"""``validate()``: read every table, run every rule, return every problem at once."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from ..store.descriptor import Descriptor
from ..store.reading import read_raw, typed_frame
from . import derivation_rules, figure_rules, graph_rules, history_rules, reported_rules
from .schema_rules import foreign_key_problems, schema_problems
from .table import LedgerRule, Table


def validate(path: str | Path | None = None) -> list[Problem]:
    """Check a dataset directory (the shipped one by default) and return every problem, sorted.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> mcl.validate()
    []
    """
    tables, problems = schema_checked_tables(path)
    problems += foreign_key_problems(tables)
    for rule in LEDGER_RULES:
        problems += rule(tables)
    return sorted(set(problems))


def schema_checked_tables(path: str | Path | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Every table read and typed, with the problems of the files and of the schema rules."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for resource in Descriptor.read(path).resources.values():
        raw = read_raw(path, resource)
        typed, type_problems = typed_frame(raw)
        table = Table(resource, raw, typed, raw.row_ids)
        tables[resource.name] = table
        problems += raw.problems + type_problems + schema_problems(table)
    return tables, problems


LEDGER_RULES: tuple[LedgerRule, ...] = (
    *figure_rules.RULES,
    *graph_rules.RULES,
    *reported_rules.RULES,
    *derivation_rules.RULES,
    *history_rules.RULES,
)
