"""Packaging promises: one version everywhere, a light import, the dataset shipped, no unsafe calls."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import model_cost_ledger as mcl
from model_cost_ledger.store.location import dataset_dir

ROOT = Path(__file__).resolve().parents[1]


def test_one_version_everywhere():
    descriptor = json.loads((dataset_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert mcl.__version__ == descriptor["version"] == version("model-cost-ledger")
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_last_release_is_the_current_version():
    releases = mcl.tables()["releases"]
    assert releases["version"].iloc[-1] == mcl.__version__


def test_import_is_light():
    code = "import sys, model_cost_ledger; print(sorted(m for m in ('pandas', 'pyarrow', 'matplotlib', 'duckdb', 'polars') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


PUBLIC_NAMES = [
    "Build",
    "Chain",
    "Comparison",
    "Glossary",
    "LedgerError",
    "Plot",
    "Price",
    "Problem",
    "Ranking",
    "Release",
    "Reported",
    "ReportedNumberError",
    "Summary",
    "Verified",
    "__version__",
    "build",
    "chain",
    "compare",
    "diff",
    "figures",
    "glossary",
    "load",
    "parse_reported",
    "plot",
    "price",
    "release",
    "search",
    "stats",
    "summary",
    "tables",
    "top",
    "validate",
    "verify",
]

# dataclasses whose only docstring is the one @dataclass generates ("Name(field: type, ...)")
GENERATED_DOCSTRINGS: set[str] = set()


def test_public_api_is_small_and_documented():
    assert mcl.__all__ == PUBLIC_NAMES
    assert sorted(dir(mcl)) == sorted(PUBLIC_NAMES)
    callables = [name for name in PUBLIC_NAMES if callable(getattr(mcl, name))]
    assert callables == [name for name in PUBLIC_NAMES if name != "__version__"]
    for name in callables:
        assert (getattr(mcl, name).__doc__ or "").strip(), name
    generated = {name for name in callables if getattr(mcl, name).__doc__.startswith(f"{name}(")}
    assert generated == GENERATED_DOCSTRINGS


def test_no_unsafe_calls_in_the_package():
    pattern = re.compile(r"\beval\(|\bexec\(|pickle|yaml\.load\(|read_pickle")
    offenders = [
        f"{path.name}:{n}"
        for path in (ROOT / "src").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_dataset_csv_files_use_lf_and_no_bom():
    for path in dataset_dir().glob("*.csv"):
        data = path.read_bytes()
        assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf"), path.name
