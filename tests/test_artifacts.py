"""The Parquet download: deterministic, self-describing, verified before use."""

from __future__ import annotations

import hashlib
import importlib
import json
import random
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import assert_same_frame

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.publish import bundle, parquet

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(bundle):
    return bundle


@pytest.fixture(scope="module")
def parquet_file(built):
    return next(p for p in built.files if p.name == f"model-cost-ledger-{built.version}.parquet")


def test_build_writes_every_artifact(built):
    names = {p.name for p in built.files}
    stem = f"model-cost-ledger-{built.version}"
    assert {
        f"{stem}.parquet",
        f"{stem}.csv",
        "datapackage.json",
        "croissant.json",
        "SHA256SUMS",
    } <= names
    assert {
        f"{stem}-{t}.parquet" for t in ("sources", "subjects", "metrics", "scopes", "price_index")
    } <= names


def test_sha256sums_is_checkable_by_sha256sum(built):
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=built.directory, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(built.files) - 1


def test_parquet_is_self_describing(parquet_file, built):
    handle = pq.ParquetFile(parquet_file)
    metadata = json.loads(handle.metadata.metadata[b"model_cost_ledger"])
    assert metadata["version"] == built.version == mcl.__version__
    assert metadata["rows"] == handle.metadata.num_rows == built.figures
    assert (
        metadata["release_sha256"]
        == mcl.tables()["releases"].set_index("version").at[built.version, "sha256"]
    )
    assert metadata["license"] == "CC-BY-4.0" and "figure FIGURE_ID" in metadata["citation"]
    assert b"ARROW:schema" not in handle.metadata.metadata
    pandas_metadata = json.loads(handle.metadata.metadata[b"pandas"])  # from the type map alone:
    assert pandas_metadata["creator"] == {"library": "model-cost-ledger"}  # no library versions
    assert "pandas_version" not in pandas_metadata
    assert handle.metadata.row_group(0).column(0).compression == "ZSTD"
    ids = handle.read(columns=["figure_id"]).column(0).to_pylist()
    assert ids == sorted(ids)


def test_load_of_the_parquet_equals_load(parquet_file, built):
    # the build holds the release; rows added since it are not in it
    pd.testing.assert_frame_equal(mcl.load(parquet_file), mcl.load(version=built.version))


def test_failed_build_leaves_no_partial_output(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bundle, "croissant", broken)
    with pytest.raises(RuntimeError):
        mcl.build(tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_csv_is_safe_in_a_spreadsheet(built):
    csv_file = next(p for p in built.files if p.suffix == ".csv")
    frame = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
    text = frame.drop(columns=["value", "value_low", "value_high", "currency_year"])
    starts = text.apply(lambda column: column.str.match(r"^[=+\-@\t\r]")).to_numpy()
    assert not starts.any()
    assert bundle.spreadsheet_safe("=1+1") == "'=1+1" and bundle.spreadsheet_safe("-5") == "'-5"


def test_verify_cli(parquet_file, capsys):
    assert main(["verify", str(parquet_file)]) == 0
    assert ": OK, model-cost-ledger" in capsys.readouterr().out


def _rewrite(parquet_file: Path, target: Path, change) -> Path:
    handle = pq.ParquetFile(parquet_file)
    table = change(handle.read())
    metadata = json.loads(handle.metadata.metadata[b"model_cost_ledger"])
    parquet.write_parquet(table, target, metadata)
    return target


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.drop_columns(["notes"]), "missing column 'notes'"),
        (lambda t: t.append_column("extra", pa.array(["x"] * t.num_rows)), "extra column 'extra'"),
        (
            lambda t: t.set_column(
                t.schema.get_field_index("value"), "value", t.column("value").cast(pa.string())
            ),
            "column 'value' is string, expected double",
        ),
        (lambda t: t.slice(1), "rows, its metadata says"),
        (
            lambda t: t.set_column(
                t.schema.get_field_index("value"),
                t.schema.field("value"),
                pa.compute.multiply(t.column("value"), 2.0),
            ),
            "the data was altered",
        ),
    ],
    ids=["missing-column", "extra-column", "retyped-column", "row-removed", "values-altered"],
)
def test_a_file_that_differs_is_refused_with_the_reason(parquet_file, tmp_path, change, message):
    bad = _rewrite(parquet_file, tmp_path / "bad.parquet", change)
    with pytest.raises(mcl.LedgerError, match=message) as caught:
        mcl.verify(bad)
    assert str(bad) in str(caught.value)
    with pytest.raises(mcl.LedgerError, match=message):  # load() makes every check verify makes
        mcl.load(bad)


@pytest.mark.parametrize(
    "content",
    [b"", b"PAR1", b"not parquet at all", b"PAR1" + b"\0" * 100 + b"PAR1"],
    ids=["empty", "magic-only", "text", "garbage"],
)
def test_foreign_or_truncated_files_give_the_package_error(tmp_path, content):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(content)
    with pytest.raises(mcl.LedgerError, match=r"bad\.parquet"):
        mcl.verify(bad)


def test_a_truncated_download_is_refused(parquet_file, tmp_path):
    data = parquet_file.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 10):
        bad = tmp_path / f"cut{cut}.parquet"
        bad.write_bytes(data[:cut])
        with pytest.raises(mcl.LedgerError):
            mcl.load(bad)


def test_a_foreign_parquet_file_is_refused(tmp_path):
    foreign = tmp_path / "foreign.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), foreign)
    with pytest.raises(mcl.LedgerError, match="not a model-cost-ledger file"):
        mcl.load(foreign)


@pytest.mark.slow
def test_300_single_bit_flips_are_rejected_or_harmless(parquet_file, tmp_path):
    original = parquet_file.read_bytes()
    reference = mcl.load(parquet_file)
    generator = random.Random(20261128)
    outcomes = {"rejected": 0, "identical": 0}
    target = tmp_path / "flipped.parquet"
    for _ in range(300):
        data = bytearray(original)
        bit = generator.randrange(len(data) * 8)
        data[bit // 8] ^= 1 << (bit % 8)
        target.write_bytes(bytes(data))
        try:
            loaded = mcl.load(target)
        except mcl.LedgerError:
            outcomes["rejected"] += 1
            continue
        assert_same_frame(loaded, reference)
        outcomes["identical"] += 1
    assert sum(outcomes.values()) == 300 and outcomes["rejected"] > 0


@pytest.mark.slow
def test_the_wheel_carries_the_dataset_and_works_elsewhere(tmp_path, monkeypatch):
    # the wheel pip would build: pyproject.toml's build backend (hatchling, in the test extra)
    # called in the checkout through its PEP 517 hook, as `pip wheel --no-build-isolation` does
    system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    backend = importlib.import_module(system["build-backend"])
    monkeypatch.chdir(ROOT)
    wheel = tmp_path / "wheels" / backend.build_wheel(str(tmp_path / "wheels"))
    names = zipfile.ZipFile(wheel).namelist()
    assert (
        "model_cost_ledger/dataset/figures.csv" in names
        and "model_cost_ledger/dataset/datapackage.json" in names
    )
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import model_cost_ledger as m; "
        f"assert m.__file__.startswith({str(target)!r}), m.__file__; "
        "assert m.validate() == []; "
        "print(len(m.load()), m.compare('R1', 'ChatGPT-4o').best['verdict'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(len(mcl.load())), "caveats"]


def test_sha256_of_files_matches_descriptor(built):
    package = json.loads((built.directory / "datapackage.json").read_text())
    for resource in package["resources"]:
        path = built.directory / resource["path"]
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_verified_before_is_not_hashed_again(parquet_file, tmp_path, monkeypatch):
    """A verification stamp spares a later process the hashes, for these bytes wherever they
    are; with stamps off they are hashed in full (altered bytes: tests/test_forgery.py)."""
    from model_cost_ledger.history import canonical
    from model_cost_ledger.publish import verification

    monkeypatch.setenv("MODEL_COST_LEDGER_CACHE", str(tmp_path / "stamps"))
    verification.CHECKED.clear()
    first = mcl.load(parquet_file)
    assert len(list((tmp_path / "stamps").glob("verified-*"))) == 1
    verification.CHECKED.clear()  # as in a new process

    def refuse(*args, **kwargs):
        raise AssertionError("hashed again")

    with monkeypatch.context() as patch:
        patch.setattr(canonical, "canonical_lines", refuse)
        assert_same_frame(mcl.load(parquet_file), first)
        verification.CHECKED.clear()
        patch.setenv("MODEL_COST_LEDGER_CACHE", "off")
        with pytest.raises(AssertionError, match="hashed again"):
            mcl.load(parquet_file)
    copy = tmp_path / "copy.parquet"
    copy.write_bytes(parquet_file.read_bytes())  # the same bytes elsewhere: trusted too
    verification.CHECKED.clear()
    with monkeypatch.context() as patch:
        patch.setattr(canonical, "canonical_lines", refuse)
        assert_same_frame(mcl.load(copy), first)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[]",
        b'{"known_release": "yes", "known_versions": []}',
        b'{"known_release": true, "known_versions": [1]}',
    ],
    ids=["empty", "truncated", "not-an-object", "flag-not-bool", "version-not-text"],
)
def test_a_stamp_without_a_verdict_is_no_stamp(parquet_file, tmp_path, monkeypatch, content):
    """A verification stamp this code did not write (an older empty one, a damaged one) is not
    trusted: the file's hashes are computed again and the stamp is written anew."""
    from model_cost_ledger.history import canonical
    from model_cost_ledger.history.versions import known_versions
    from model_cost_ledger.publish import verification

    monkeypatch.setenv("MODEL_COST_LEDGER_CACHE", str(tmp_path / "stamps"))
    verification.CHECKED.clear()
    first = mcl.load(parquet_file)
    (stamp,) = (tmp_path / "stamps").glob("verified-*")
    written = json.loads(stamp.read_bytes())
    releases = known_versions(mcl.tables()["releases"])
    assert written == {"known_release": True, "known_versions": releases}
    stamp.write_bytes(content)
    verification.CHECKED.clear()
    hashed = []
    original = canonical.canonical_lines
    monkeypatch.setattr(
        canonical, "canonical_lines", lambda *a, **k: hashed.append(1) or original(*a, **k)
    )
    assert_same_frame(mcl.load(parquet_file), first)
    assert hashed, "the file was trusted on a stamp that holds no verdict"
    assert json.loads(stamp.read_bytes()) == written
