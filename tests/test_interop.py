"""Other engines read the Parquet file as load() does (optional extra 'interop'; skipped without it)."""

from __future__ import annotations

import pytest

import model_cost_ledger as mcl


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory):
    built = mcl.build(tmp_path_factory.mktemp("dist"))
    return next(p for p in built.files if p.name == f"model-cost-ledger-{built.version}.parquet")


def test_duckdb_sees_the_same_rows_and_columns(parquet_file):
    duckdb = pytest.importorskip("duckdb")
    relation = duckdb.sql(f"select * from '{parquet_file}' order by figure_id")
    reference = mcl.load(version=mcl.__version__)  # the release the build publishes
    assert relation.columns == list(reference.columns)
    assert relation.shape[0] == len(reference)
    assert dict(zip(relation.columns, map(str, relation.types), strict=True))["value"] == "DOUBLE"


def test_polars_sees_the_same_rows_and_columns(parquet_file):
    polars = pytest.importorskip("polars")
    frame = polars.read_parquet(parquet_file)
    reference = mcl.load(version=mcl.__version__)  # the release the build publishes
    assert frame.columns == list(reference.columns)
    assert frame["figure_id"].to_list() == reference["figure_id"].tolist()
    assert frame["value"].to_list() == reference["value"].astype(float).tolist()


def test_frictionless_accepts_the_built_package(parquet_file):
    frictionless = pytest.importorskip("frictionless")
    # frictionless measures bytes and hashes of text files only (it reads Parquet through pandas),
    # so those two checks are left to SHA256SUMS for the Parquet resources
    report = frictionless.validate(
        str(parquet_file.parent / "datapackage.json"), skip_errors=["byte-count", "hash-count"]
    )
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = frictionless.Package(str(parquet_file.parent / "datapackage.json"))
    csv_report = frictionless.validate(package.get_resource("figures-csv"))
    assert csv_report.valid, csv_report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_croissant_file_validates(parquet_file):
    mlcroissant = pytest.importorskip("mlcroissant")
    dataset = mlcroissant.Dataset(jsonld=str(parquet_file.parent / "croissant.json"))
    assert dataset.metadata.name == "model-cost-ledger"
