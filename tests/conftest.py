"""Shared fixtures: a writable copy of the shipped dataset and small helpers to break it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from model_cost_ledger.store.location import dataset_dir

ROOT = Path(__file__).resolve().parents[1]
DATASET = dataset_dir()


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A copy of the shipped dataset in a temporary checkout (with pyproject.toml beside it)."""
    target = tmp_path / "checkout" / "dataset"
    shutil.copytree(DATASET, target)
    shutil.copy(ROOT / "pyproject.toml", target.parent / "pyproject.toml")
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def write_rows(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


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


def located(problems) -> set[tuple[str, str, str, str]]:
    return {(p.code, p.table, p.row_id, p.field) for p in problems}


NEW = "test-figure"  # the id of a figure a test appends (unreleased, so release rules stay quiet)


def new_figure(**cells):
    """A mutation appending a copy of a released parameter-count figure with ``cells`` changed."""
    return lambda d: append(d, "figures", "deepseek-v3-parameters", figure_id=NEW, **cells)


def new_money_figure(**cells):
    """A mutation appending a copy of a released training-cost figure with ``cells`` changed."""
    return lambda d: append(d, "figures", "deepseek-v3-training-cost", figure_id=NEW, **cells)
