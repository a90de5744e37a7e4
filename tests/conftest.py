"""Shared fixtures: a writable copy of the shipped dataset (helpers to break it: helpers.py)."""

from __future__ import annotations

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
