"""Shared fixtures: a writable copy of the shipped dataset (helpers to break it: helpers.py), and
one build of the shipped dataset per test process."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.store.location import dataset_dir

ROOT = Path(__file__).resolve().parents[1]
DATASET = dataset_dir()
CHECKOUT_FILES = ("README.md", "sources.md", "CHANGELOG.md", "pyproject.toml")


@pytest.fixture(scope="session", autouse=True)
def validation_stamps(tmp_path_factory) -> Iterator[Path]:
    """Validation stamps of this test session in its own folder, never in the user's cache."""
    folder = tmp_path_factory.mktemp("stamps")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MODEL_COST_LEDGER_CACHE", str(folder))
        yield folder


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A copy of the shipped dataset in a temporary checkout (with pyproject.toml beside it)."""
    target = tmp_path / "checkout" / "dataset"
    shutil.copytree(DATASET, target)
    shutil.copy(ROOT / "pyproject.toml", target.parent / "pyproject.toml")
    return target


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A temporary copy of the checkout, read and written by the CLI instead of the repository."""
    shutil.copytree(ROOT / "dataset", tmp_path / "dataset")
    for name in CHECKOUT_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(tmp_path / "dataset"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> mcl.Build:
    """The release artifacts of the shipped dataset, built once (read them, never write them)."""
    return mcl.build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The web explorer of the shipped dataset, built once for the whole run by its documented
    example (``model-cost-ledger site --out DIR``): the first test process that needs it builds
    it under a lock, the others read that build."""
    import fcntl
    import os

    from model_cost_ledger.cli import main

    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent  # this run's folder, the same for every xdist worker
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "site" / "index.html").is_file():
            assert main(["site", "--out", str(shared / "site")]) == 0
    return shared / "site"
