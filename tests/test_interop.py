"""Other engines read the Parquet file as load() does (optional extra 'interop'; skipped without it)."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

import model_cost_ledger as mcl


@pytest.fixture(scope="module")
def parquet_file(bundle):
    return next(p for p in bundle.files if p.name == f"model-cost-ledger-{bundle.version}.parquet")


@pytest.fixture(scope="module")
def reference(bundle):
    """The figures of the built release, as ``load`` gives them (unreleased rows are not built)."""
    return mcl.load(version=bundle.version)


def test_duckdb_sees_the_same_rows_and_columns(parquet_file, reference):
    duckdb = pytest.importorskip("duckdb")
    relation = duckdb.sql(f"select * from '{parquet_file}' order by figure_id")
    assert relation.columns == list(reference.columns)
    assert relation.shape[0] == len(reference)
    assert dict(zip(relation.columns, map(str, relation.types), strict=True))["value"] == "DOUBLE"


def test_polars_sees_the_same_rows_and_columns(parquet_file, reference):
    polars = pytest.importorskip("polars")
    frame = polars.read_parquet(parquet_file)
    assert frame.columns == list(reference.columns)
    assert frame["figure_id"].to_list() == reference["figure_id"].tolist()
    assert frame["value"].to_list() == reference["value"].astype(float).tolist()


@pytest.mark.slow
def test_frictionless_accepts_the_built_package(parquet_file):
    frictionless = pytest.importorskip("frictionless")
    descriptor = parquet_file.parents[1] / "datapackage.json"
    # frictionless measures bytes and hashes of text files only (it reads Parquet through pandas),
    # so those two checks are left to SHA256SUMS for the Parquet resources. It reads a row's cells
    # one by one; text held as Python strings instead of Arrow's halves that time, same values.
    with pd.option_context("mode.string_storage", "python"):
        report = frictionless.validate(str(descriptor), skip_errors=["byte-count", "hash-count"])
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = frictionless.Package(str(descriptor))
    csv_report = frictionless.validate(package.get_resource("figures-csv"))
    assert csv_report.valid, csv_report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_croissant_file_validates(parquet_file):
    mlcroissant = pytest.importorskip("mlcroissant")
    dataset = mlcroissant.Dataset(jsonld=str(parquet_file.parents[1] / "croissant.json"))
    assert dataset.metadata.name == "model-cost-ledger"


@pytest.mark.slow
def test_the_hugging_face_datasets_library_reads_the_card_and_its_configs(
    bundle, reference, tmp_path, monkeypatch
):
    datasets = pytest.importorskip("datasets")
    yaml = pytest.importorskip("yaml")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    card = (bundle.directory / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(card.split("---\n")[1])
    assert header["license"] == "cc-by-4.0"
    configs = {config["config_name"]: config for config in header["configs"]}
    assert configs["figures"]["default"] is True
    assert set(configs) == {"figures", "sources", "subjects", "metrics", "scopes", "price_index"}
    for name, config in configs.items():
        rows = datasets.load_dataset(
            "parquet",
            data_files=str(bundle.directory / config["data_files"]),
            split="train",
            cache_dir=str(tmp_path / "cache"),
        )
        expected = reference if name == "figures" else mcl.tables()[name]
        assert rows.num_rows == len(expected), name
        assert rows.column_names == list(expected.columns), name
    figures = datasets.load_dataset(
        "parquet",
        data_files=str(bundle.directory / configs["figures"]["data_files"]),
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    assert figures["figure_id"] == reference["figure_id"].tolist()


def test_duckdb_reads_partial_dates_as_dates_and_dollar_years_as_integers(parquet_file):
    duckdb = pytest.importorskip("duckdb")
    described = duckdb.sql(f"describe select * from '{parquet_file}'").fetchall()
    types = {row[0]: row[1] for row in described}
    assert [types[c] for c in ("source_published_date", "as_of_date", "subject_released")] == [
        "DATE"
    ] * 3
    assert types["currency_year"] == types["constant_usd_year"] == "BIGINT"
    month = duckdb.sql(
        f"select source_published, source_published_date from '{parquet_file}'"
        " where source_published_precision = 'month'"
    ).fetchall()
    assert month and all(text == f"{day:%Y-%m}" and day.day == 1 for text, day in month)
    assert ("2022-08", datetime.date(2022, 8, 1)) in month
