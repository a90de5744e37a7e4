"""Shared fixtures: a writable copy of the shipped dataset (helpers to break it: helpers.py), and
one build of the shipped dataset per test process."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.store.location import dataset_dir

ROOT = Path(__file__).resolve().parents[1]
DATASET = dataset_dir()
CHECKOUT_FILES = ("README.md", "sources.md", "CHANGELOG.md", "pyproject.toml")


# The suite allocates millions of short-lived objects beside large long-lived ones (the tables
# and caches each test process keeps): collecting the young generation less often, and leaving
# what was loaded before the first test out of every collection, takes 7 to 14 % off the run.
gc.set_threshold(50_000, 50, 100)


RAM_DISK = Path("/dev/shm")
RAM_DISK_ROOM = 2 << 30  # bytes free there before the run's folders go there (a run: ~0.1 GB)


def pytest_configure(config: pytest.Config) -> None:
    """The run's temporary folders on the machine's RAM disk, where it has one with room and
    nobody chose another place (``--basetemp``, ``TMPDIR``). The suite creates and removes
    thousands of files (a copy of the dataset per test, two web explorers of 2,600 pages);
    on this machine's disk that cost 10.5 s of system time in a run, 5.0 s in memory (wall
    time 8 % less)."""
    chosen = config.option.basetemp or {"TMPDIR", "PYTEST_DEBUG_TEMPROOT"} & set(os.environ)
    if chosen or not RAM_DISK.is_dir() or not os.access(RAM_DISK, os.W_OK):
        return
    free = os.statvfs(RAM_DISK)
    if free.f_bavail * free.f_frsize >= RAM_DISK_ROOM:
        tempfile.tempdir = str(RAM_DISK)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow first, the others in their order: the test processes share out the
    rest as they go, so that a run ends on short tests instead of one process finishing a long
    test while the others wait."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything imported and collected so far out of the garbage collector's sight."""
    gc.collect()
    gc.freeze()


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, the same for every xdist worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


@pytest.fixture(scope="session", autouse=True)
def validation_stamps(tmp_path_factory) -> Iterator[Path]:
    """Validation stamps of this test run in its own folder, never in the user's cache; shared by
    the test processes, as by two commands run at once, so that one validates the shipped
    dataset and the others read its stamp."""
    folder = run_folder(tmp_path_factory) / "stamps"
    folder.mkdir(exist_ok=True)
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

    from model_cost_ledger.cli import main

    shared = run_folder(tmp_path_factory)
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "site" / "index.html").is_file():
            assert main(["site", "--out", str(shared / "site")]) == 0
    return shared / "site"
