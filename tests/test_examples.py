"""The scripts in examples/ run as a reader runs them (a fresh interpreter, this checkout's
package) and print what their docstrings promise."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import model_cost_ledger as mcl

ROOT = Path(__file__).resolve().parents[1]


def run_example(name: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()


@pytest.mark.slow
def test_median_cost_by_year_prints_one_row_per_year_and_family():
    lines = run_example("median_cost_by_year.py")
    assert re.fullmatch(r"Median training cost .* scope family, in 20\d\d US dollars", lines[0])
    assert lines[2].split() == ["year", "family", "figures", "nominal", "median"]
    rows = [line.split() for line in lines[3:-1]]
    assert {row[1] for row in rows} >= {"final-run", "fine-tune", "unspecified"}
    assert all(re.fullmatch(r"\$[\d.]+[KMB]?", row[4]) for row in rows)
    assert all(0 <= int(row[3]) <= int(row[2]) for row in rows)  # nominal counts are a part
    years = [int(row[0]) for row in rows]
    assert years == sorted(years) and len({(r[0], r[1]) for r in rows}) == len(rows)
    figures = sum(int(row[2]) for row in rows)
    assert lines[-1] == f"{figures} figures, dataset {mcl.__version__}"


@pytest.mark.slow
def test_seed_comparison_reads_the_parquet_with_duckdb():
    pytest.importorskip("duckdb")
    lines = run_example("seed_comparison_duckdb.py")
    version = mcl.__version__
    assert (
        lines[0]
        == f"Training cost figures in data/model-cost-ledger-{version}.parquet, read with DuckDB"
    )
    assert lines[1].split() == ["scope", "DeepSeek-R1", "GPT-4o"]
    rows = {line.split()[0]: line for line in reversed(lines[2:-2])}  # first row of each scope
    assert "DeepSeek: $294,000" in rows["post_training_stage"]
    assert rows["post_training_stage"].endswith("  -")  # GPT-4o has no figure of that scope
    assert "Epoch AI: 36122927" in rows["final_run_amortized"]
    unspecified = [line for line in lines if line.startswith("unspecified")]
    assert any("$5 million" in line and "$100 million" in line for line in unspecified)
    assert lines[-1] == "Verdicts per pair: model-cost-ledger compare deepseek-r1 gpt-4o"
