"""Where the dataset is: the copy installed with the package, or the checkout's ``dataset/``."""

from __future__ import annotations

import json
import os
from pathlib import Path

PACKAGE = Path(__file__).parents[1]
PACKAGED_DATASET = PACKAGE / "dataset"  # where the wheel puts the dataset
SOURCE_DATASET = PACKAGE.resolve().parents[1] / "dataset"  # src/model_cost_ledger -> the checkout
DATASET_VARIABLE = "MODEL_COST_LEDGER_DATASET"  # an environment variable naming a dataset directory


def shipped_dataset() -> Path:
    """The dataset that came with the package: the installed copy, else the checkout's."""
    if (PACKAGED_DATASET / "datapackage.json").is_file():
        return PACKAGED_DATASET
    return SOURCE_DATASET


def dataset_dir(path: str | Path | None = None) -> Path:
    """The dataset directory: ``path`` if given, else the directory named by the environment
    variable ``MODEL_COST_LEDGER_DATASET`` (when set and not empty), else the shipped one."""
    if path is not None:
        return Path(path)
    if os.environ.get(DATASET_VARIABLE):
        return Path(os.environ[DATASET_VARIABLE])
    return shipped_dataset()


def working_dataset(start: str | Path | None = None) -> Path | None:
    """The ``dataset/`` a contributor is editing: in ``start`` (the current directory by
    default) or the nearest directory above it, when it holds a ``datapackage.json``; None
    outside a checkout."""
    here = Path.cwd() if start is None else Path(start)
    for directory in [here, *here.resolve().parents]:
        candidate = directory if directory.name == "dataset" else directory / "dataset"
        if (candidate / "datapackage.json").is_file():
            return candidate
    return None


def edited_dataset(path: str | Path | None = None) -> tuple[Path, str]:
    """The directory ``validate`` checks and why: ``path`` if given, else
    ``MODEL_COST_LEDGER_DATASET``, else the checkout's ``dataset/`` at or above the current
    directory, else the shipped dataset."""
    if path is not None:
        return Path(path), "given"
    if os.environ.get(DATASET_VARIABLE):
        return Path(os.environ[DATASET_VARIABLE]), f"from ${DATASET_VARIABLE}"
    working = working_dataset()
    if working is not None:
        return working, "the checkout's dataset/ at or above the current directory"
    return shipped_dataset(), "the dataset installed with the package"


def project_root(dataset: Path) -> Path | None:
    """The checkout that holds ``dataset`` (None for an installed copy)."""
    root = dataset.resolve().parent
    return root if (root / "pyproject.toml").is_file() else None


def dataset_version(dataset: Path) -> str:
    """The version in ``dataset``'s descriptor; ``0+unknown`` when it cannot be read, so that a
    damaged descriptor in a checkout never breaks ``import model_cost_ledger``."""
    try:
        raw = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return "0+unknown"
    version = raw.get("version") if isinstance(raw, dict) else None
    return version if isinstance(version, str) else "0+unknown"
