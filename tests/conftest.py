"""Shared fixtures: a writable copy of the shipped dataset (helpers to break it: helpers.py), and
one build of the shipped dataset per test process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import model_cost_ledger as mcl
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


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> mcl.Build:
    """The release artifacts of the shipped dataset, built once (read them, never write them)."""
    return mcl.build(tmp_path_factory.mktemp("dist"))
