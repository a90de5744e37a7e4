"""``validate()``: read every table, run every rule, return every problem at once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from ..problems import LedgerError, Problem
from ..store import reading, shape
from ..store.cache import ContentCache, ContentKey
from ..store.descriptor import Descriptor, Resource
from ..store.reading import read_typed
from . import (
    derivation_rules,
    figure_rules,
    graph_rules,
    history_rules,
    provenance_rules,
    reported_rules,
    saved,
)
from .schema_rules import foreign_key_problems, schema_problems
from .table import LedgerRule, Reads, Table


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
    Nothing for a bad dataset
        An unreadable descriptor is a ``descriptor-unreadable`` problem, a file that is not read
        safely (outside the directory, a FIFO, too large) a file problem, and a rule that fails
        unexpectedly an ``internal-error`` problem naming the table and the rule.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> mcl.validate()
    []
    """
    try:
        descriptor = Descriptor.read(path)
    except LedgerError as error:
        return [Problem("datapackage", "", "", "descriptor-unreadable", str(error))]
    tables, problems = schema_checked_tables(path, descriptor.resources.values())
    return sorted(set(problems + _ledger_problems(tables)))


RuleKey = tuple[tuple[str, ContentKey], ...]  # (table, its content key) of each table read
RULE_PROBLEMS: dict[LedgerRule, OrderedDict[RuleKey, tuple[Problem, ...]]] = {}
RESULTS_PER_RULE = 16  # the last datasets' results of each rule


def _ledger_problems(tables: Mapping[str, Table]) -> list[Problem]:
    """The problems of the checks across rows and tables, each rule's reused while the tables
    it read are unchanged (see ``_rule_problems``)."""
    return [
        p for rule in (foreign_key_problems, *LEDGER_RULES) for p in _rule_problems(rule, tables)
    ]


def _rule_problems(rule: LedgerRule, tables: Mapping[str, Table]) -> tuple[Problem, ...]:
    """``rule``'s problems (``isolated``). They depend only on the tables it reads, which
    ``table.Reads`` notes, so they are reused while those tables' resources and bytes are
    unchanged: after an edit of sources.csv, a rule that reads only figures is not run again."""
    results = RULE_PROBLEMS.setdefault(rule, OrderedDict())
    for key in results:
        if all(name in tables and tables[name].key == k for name, k in key):
            results.move_to_end(key)
            return results[key]
    reads = Reads(tables)
    problems = tuple(isolated(RULE_TABLES.get(rule.__name__, "figures"), rule, reads))
    keys = {name: tables[name].key for name in reads.read if name in tables}
    if len(keys) == len(reads.read) and None not in keys.values():  # every table read is known
        results[cast(RuleKey, tuple(sorted(keys.items())))] = problems
        while len(results) > RESULTS_PER_RULE:
            results.popitem(last=False)
    return problems


def clear_caches() -> None:
    """Forget every reading, check and result kept in this process, so that the next
    ``validate()`` costs what it costs in a fresh process (the benchmark's cold runs)."""
    for cache in (
        reading.TYPED_TABLES,
        reading.CATEGORIZED,
        SCHEMA_PROBLEMS,
        history_rules.HISTORY_PROBLEMS,
    ):
        cache.clear()
    for kept in (RULE_PROBLEMS, shape.WELL_FORMED, saved.IN_MEMORY):
        kept.clear()
    reported_rules.clear_caches()


RULE_TABLES = {  # the table a ledger rule's problems are about, where it is not figures
    "citation_chains": "sources",
    "subject_hierarchy": "subjects",
    "releases_rebuild_to_their_hash": "releases",
}


def isolated(table: str, rule: Callable[..., Iterable[Problem]], *args: Any) -> list[Problem]:
    """``rule(*args)``'s problems; an unexpected exception becomes one ``internal-error``
    problem naming the table and the rule, so that one failing rule never hides the others."""
    try:
        return list(rule(*args))
    except Exception as error:  # a rule's defect or an input it does not expect
        message = f"rule {rule.__name__} stopped: {type(error).__name__}: {error}"
        return [Problem(table, "", "", "internal-error", message[:500])]


def schema_checked_tables(
    path: str | Path | None, resources: Iterable[Resource] | None = None
) -> tuple[dict[str, Table], list[Problem]]:
    """Every table read and typed, with the problems of the files and of the schema rules (each
    table's checks isolated: see ``isolated``).

    A table whose resource definition and file bytes are unchanged since an earlier call reuses
    that call's reading and its own schema problems (see ``store.cache.ContentCache``); each
    call still gets fresh ``Table`` objects, and the checks across tables are not cached."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    if resources is None:
        resources = Descriptor.read(path).resources.values()
    for resource in resources:
        problems += isolated(resource.name, _read_and_check, path, resource, tables)
    return tables, problems


def _read_and_check(
    path: str | Path | None, resource: Resource, tables: dict[str, Table]
) -> list[Problem]:
    """Read and type one table into ``tables``; return its file, type and schema problems."""
    read = read_typed(path, resource)
    table = Table(resource, read.raw, read.typed, read.row_ids, read.key)
    tables[resource.name] = table
    return read.raw.problems + read.type_problems + _own_schema_problems(table, read.key)


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
    *provenance_rules.RULES,
    *reported_rules.RULES,
    *derivation_rules.RULES,
    *history_rules.RULES,
)
