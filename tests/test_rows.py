"""Every row of every shipped table passes every rule; a failure names the row and the field."""

from __future__ import annotations

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_typed

# the tables and their row ids are read at collection: each row is its own test, named by its id
DESCRIPTOR = Descriptor.read()


@pytest.fixture(scope="module")
def problems_by_row() -> dict[tuple[str, str], list[str]]:
    """Every problem of the shipped dataset (one validate() for the module), by table and row."""
    found: dict[tuple[str, str], list[str]] = {}
    for problem in mcl.validate():
        found.setdefault((problem.table, problem.row_id), []).append(
            f"{problem.field}: [{problem.code}] {problem.message}"
        )
    return found


def rows(table: str) -> list[str]:
    """The row ids of a shipped table, read once per table at collection."""
    raw = read_typed(None, DESCRIPTOR.resource(table)).raw
    return list(raw.row_ids)


@pytest.mark.parametrize("table", list(DESCRIPTOR.resources))
def test_table_file_is_clean(table, problems_by_row):
    assert problems_by_row.get((table, ""), []) == []


@pytest.mark.parametrize("figure_id", rows("figures"))
def test_figure_row(figure_id, problems_by_row):
    assert problems_by_row.get(("figures", figure_id), []) == []


@pytest.mark.parametrize("source_id", rows("sources"))
def test_source_row(source_id, problems_by_row):
    assert problems_by_row.get(("sources", source_id), []) == []


@pytest.mark.parametrize("subject_id", rows("subjects"))
def test_subject_row(subject_id, problems_by_row):
    assert problems_by_row.get(("subjects", subject_id), []) == []


@pytest.mark.parametrize("table", ["metrics", "scopes", "releases", "release_rows", "price_index"])
def test_vocabulary_and_history_rows(table, problems_by_row):
    bad = {key: value for key, value in problems_by_row.items() if key[0] == table}
    assert bad == {}


def test_rows_were_checked():
    assert len(rows("figures")) >= 40
    assert len(rows("sources")) >= 8
    assert len(rows("subjects")) >= 8
    assert len(rows("metrics")) >= 14
    assert len(rows("scopes")) >= 10


def test_no_problem_anywhere():
    assert mcl.validate() == []
