"""Small helpers to break a copy of the dataset and to compare problems (fixtures: conftest.py)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from model_cost_ledger.problems import Problem

Mutation = Callable[[Path], None]
NewFigure = Callable[..., None]  # (dataset, figure_id=NEW): appends one figure


PARSED: dict[bytes, list[list[str]]] = {}  # sha256 of a file's bytes -> its CSV rows
LINES: dict[tuple[str, ...], str] = {}  # a row's cells -> its CSV line
KEPT = 50_000  # rows and lines each of the two caches holds before it starts again


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts by header (files read before, byte for byte, are parsed
    once: most tests edit a copy of the same shipped tables)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).digest()
    if digest not in PARSED:
        if sum(len(rows) for rows in PARSED.values()) > KEPT:
            PARSED.clear()
        PARSED[digest] = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, *rows = PARSED[digest]
    return [dict(zip(header, row, strict=True)) for row in rows]


def write_rows(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    """``rows`` as CSV, as the csv module writes them, with LF line endings."""
    header = header or list(rows[0])
    columns = set(header)
    assert all(row.keys() <= columns for row in rows), "a row has a column the header lacks"
    lines = [
        _line(tuple(header)),
        *(_line(tuple(row.get(name, "") for name in header)) for row in rows),
    ]
    path.write_text("".join(lines), encoding="utf-8", newline="")


def _line(cells: tuple[str, ...]) -> str:
    line = LINES.get(cells)
    if line is None:
        if len(LINES) > KEPT:
            LINES.clear()
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        line = LINES[cells] = out.getvalue()
    return line


def edit(dataset: Path, table: str, key: str, **cells: str) -> None:
    """Set cells of the row whose first column is ``key`` in ``table``."""
    path = dataset / f"{table}.csv"
    rows = read_rows(path)
    first = next(iter(rows[0]))
    matches = [row for row in rows if row[first] == key]
    assert matches, f"no row {key!r} in {table}"
    for row in matches:
        row.update(cells)
    write_rows(path, rows)


def append(dataset: Path, table: str, like: str, **cells: str) -> None:
    """Append a copy of row ``like`` with ``cells`` changed (and, for figures, unreleased)."""
    path = dataset / f"{table}.csv"
    rows = read_rows(path)
    first = next(iter(rows[0]))
    template = dict(next(row for row in rows if row[first] == like))
    if table == "figures":
        template.update(added_in="", retracted_in="", superseded_by="")
    template.update(cells)
    rows.append(template)
    write_rows(path, rows)


def located(problems: Iterable[Problem]) -> set[tuple[str, str, str, str]]:
    return {(p.code, p.table, p.row_id, p.field) for p in problems}


def assert_same_frame(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    """The same index, columns, dtypes (categories in their order) and values, missing where
    missing, floats exact: as strict as ``pandas.testing.assert_frame_equal(check_exact=True)``
    and about fifty times faster on the 45 published columns."""
    assert list(actual.columns) == list(expected.columns)
    assert actual.dtypes.tolist() == expected.dtypes.tolist()
    assert actual.index.dtype == expected.index.dtype
    for column in actual.select_dtypes("category"):
        assert actual[column].cat.categories.tolist() == expected[column].cat.categories.tolist()
    assert actual.equals(expected)


NEW = "test-figure"  # the id of a figure a test appends (unreleased, so release rules stay quiet)


def new_figure(**cells: str) -> NewFigure:
    """A mutation appending a copy of a released parameter-count figure with ``cells`` changed,
    as ``figure_id`` (NEW unless given)."""
    return _appended_copy("deepseek-v3-parameters", cells)


def new_money_figure(**cells: str) -> NewFigure:
    """A mutation appending a copy of a released training-cost figure with ``cells`` changed,
    as ``figure_id`` (NEW unless given)."""
    return _appended_copy("deepseek-v3-training-cost", cells)


def _appended_copy(like: str, cells: dict[str, str]) -> NewFigure:
    def mutate(dataset: Path, figure_id: str = NEW) -> None:
        append(dataset, "figures", like, **{"figure_id": figure_id, **cells})

    return mutate
