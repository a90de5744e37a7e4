"""Every row of every shipped table passes every rule; a failure names each failing row, with the
field and the problem. One test per table: as one test per row (2,700 of them), the rows cost
more to report than to check."""

from __future__ import annotations

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_typed

DESCRIPTOR = Descriptor.read()


@pytest.fixture(scope="module")
def problems_by_row() -> dict[tuple[str, str], list[str]]:
    """Every problem of the shipped dataset (one validate() for the module), by table and row
    (the row ``""`` for a problem of the whole file)."""
    found: dict[tuple[str, str], list[str]] = {}
    for problem in mcl.validate():
        found.setdefault((problem.table, problem.row_id), []).append(
            f"{problem.field}: [{problem.code}] {problem.message}"
        )
    return found


def rows(table: str) -> list[str]:
    """The row ids of a shipped table."""
    return list(read_typed(None, DESCRIPTOR.resource(table)).raw.row_ids)


@pytest.mark.parametrize("table", list(DESCRIPTOR.resources))
def test_every_row_of_the_table_passes(table, problems_by_row):
    failing = {row: found for (name, row), found in problems_by_row.items() if name == table}
    assert failing == {}  # row id ("" for the file) -> "field: [code] message" of each problem


def test_rows_were_checked():
    assert len(rows("figures")) >= 40
    assert len(rows("sources")) >= 8
    assert len(rows("subjects")) >= 8
    assert len(rows("metrics")) >= 14
    assert len(rows("scopes")) >= 10


def test_no_problem_anywhere():
    assert mcl.validate() == []
