"""``validate()``: read every table, run every rule, return every problem at once."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from ..store.cache import ContentCache, ContentKey
from ..store.descriptor import Descriptor
from ..store.reading import read_typed
from . import derivation_rules, figure_rules, graph_rules, history_rules, reported_rules
from .schema_rules import foreign_key_problems, schema_problems
from .table import LedgerRule, Table


def validate(path: str | Path | None = None) -> list[Problem]:
    """Check a dataset directory (the shipped one by default) and return every problem, sorted.

    Every rule runs on every table: schema rules (types, constraints, keys, clean text), rules on
    figure rows, on the relations between rows, on numbers as printed, on derivations and on
    released history. Each problem names its table, row id, field and a kebab-case code (see
    ``model_cost_ledger.problems.CODES``).

    Parameters
    ----------
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    list of Problem
        Every problem found, sorted by table, row id, field and code; empty when the dataset is
        valid.

    Raises
    ------
    LedgerError
        If the dataset descriptor (``datapackage.json``) cannot be read.

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
    """Every table read and typed, with the problems of the files and of the schema rules.

    A table whose resource definition and file bytes are unchanged since an earlier call reuses
    that call's reading and its own schema problems (see ``store.cache.ContentCache``); each
    call still gets fresh ``Table`` objects, and the checks across tables are not cached."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for resource in Descriptor.read(path).resources.values():
        read = read_typed(path, resource)
        table = Table(resource, read.raw, read.typed, read.row_ids)
        tables[resource.name] = table
        problems += read.raw.problems + read.type_problems + _own_schema_problems(table, read.key)
    return tables, problems


SCHEMA_PROBLEMS: ContentCache[tuple[Problem, ...]] = ContentCache(
    max_entries=64, max_bytes=32 << 20
)


def _own_schema_problems(table: Table, key: ContentKey | None) -> list[Problem]:
    """``schema_problems(table)``, reused while the table's resource and bytes are unchanged."""
    if key is None:
        return schema_problems(table)
    found = SCHEMA_PROBLEMS.get(key)
    if found is None:
        found = tuple(schema_problems(table))
        SCHEMA_PROBLEMS.put(key, found)
    return list(found)


LEDGER_RULES: tuple[LedgerRule, ...] = (
    *figure_rules.RULES,
    *graph_rules.RULES,
    *reported_rules.RULES,
    *derivation_rules.RULES,
    *history_rules.RULES,
)
