"""The published table is analysis-ready: integer dollar years, partial dates also as typed dates
with their precision, the subject's release date and constant dollars, typed alike by load(),
pandas and pyarrow, and declared in the descriptor (x-derive) like every other context column."""

from __future__ import annotations

import json
import math

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import model_cost_ledger as mcl
from model_cost_ledger.publish import parquet
from model_cost_ledger.publish.derived import constant_usd, partial_date
from model_cost_ledger.store.derivations import Derive
from model_cost_ledger.store.descriptor import Descriptor

MONTH_DATED = "glm-130b-training-cost-thudm"  # its source is dated 2022-08
DATES = ("subject_released", "source_published_date", "as_of_date")


@pytest.fixture(scope="module")
def parquet_file(bundle):
    return next(p for p in bundle.files if p.name == f"model-cost-ledger-{bundle.version}.parquet")


@pytest.fixture(scope="module")
def published(bundle):
    return mcl.load(version=bundle.version).set_index("figure_id", drop=False)


def test_load_types_the_analysis_columns(published):
    dtypes = published.dtypes.astype(str)
    assert dtypes[["currency_year", "constant_usd_year"]].tolist() == ["Int64", "Int64"]
    assert dtypes["value_constant_usd"] == "Float64"
    assert dtypes[list(DATES)].tolist() == ["datetime64[s]"] * 3
    assert list(published["source_published_precision"].cat.categories) == ["day", "month", "year"]
    row = published.loc[MONTH_DATED]
    assert (row["source_published"], row["source_published_precision"]) == ("2022-08", "month")
    assert row["source_published_date"] == pd.Timestamp("2022-08-01")
    assert row["subject_released"] == pd.Timestamp(
        mcl.tables()["subjects"].set_index("subject_id").at["glm-130b", "released"]
    )
    undated = published["source_published"].isna()
    assert undated.any() and published.loc[undated, "source_published_date"].isna().all()
    assert published.loc[undated, "source_published_precision"].isna().all()


def test_parquet_types_survive_pandas_and_pyarrow(parquet_file, published):
    schema = pq.read_schema(parquet_file)
    assert schema.field("currency_year").type == pa.int64()
    assert schema.field("constant_usd_year").type == pa.int64()
    assert {schema.field(name).type for name in DATES} == {pa.date32()}
    frame = pd.read_parquet(parquet_file).set_index("figure_id", drop=False)
    assert str(frame["currency_year"].dtype) == "Int64"  # was float64 before
    assert frame["currency_year"].equals(published["currency_year"])
    assert frame.at[MONTH_DATED, "source_published_date"] == pd.Timestamp("2022-08-01").date()
    assert (
        frame["value_constant_usd"]
        .astype("float64")
        .equals(published["value_constant_usd"].astype("float64"))
    )


def test_constant_dollars_are_compares(published):
    # GPT-4's current list price is in 2026 dollars, which the index cannot convert yet
    comparison = mcl.compare("gpt-4", "gpt-4o", metric="api_price_input")
    figures = comparison.figures.set_index("figure_id")
    converted = figures["constant"].notna()
    assert converted.sum() >= 3 and (~converted).any()  # some of each, so both sides are checked
    ours = published.loc[figures.index]
    assert ours.loc[converted, "value_constant_usd"].astype(float).tolist() == pytest.approx(
        figures.loc[converted, "constant"].tolist(), rel=1e-12
    )
    assert (ours.loc[converted, "constant_usd_year"] == comparison.year).all()
    assert ours.loc[converted, "constant_usd_note"].isna().all()
    assert ours.loc[~converted, "value_constant_usd"].isna().all()
    assert ours.loc[~converted, "constant_usd_note"].notna().all()


def test_each_unconvertible_figure_says_why():
    frames = {
        "price_index": pd.DataFrame({"year": [2023, 2024], "value": [300.0, 330.0]}),
        "metrics": pd.DataFrame({"metric": ["cost", "flop"], "kind": ["money", "quantity"]}),
    }
    table = pd.DataFrame(
        {
            "metric": ["cost", "cost", "cost", "cost", "flop"],
            "value": [100.0, 100.0, 100.0, 100.0, 1e24],
            "unit": ["USD", "CNY", "USD", "USD", "FLOP"],
            "currency_year": pd.array([2023, 2023, None, 2019, None], dtype="Int64"),
        }
    )

    def part(name: str) -> list:
        return constant_usd(Derive("constant-usd", name), table, frames)

    assert part("note") == [None, "not-usd", "no-dollar-year", "year-not-indexed", "not-money"]
    assert part("year") == [2024, None, None, None, None]
    value = part("value")
    assert math.isclose(value[0], 110.0) and value[1:] == [None] * 4


def test_partial_dates_of_each_precision():
    table = pd.DataFrame({"published": ["2022", "2022-08", "2022-08-24", None]})

    def part(name: str) -> list:
        return partial_date(Derive("partial-date", name, "published"), table, {})

    assert part("date") == ["2022-01-01", "2022-08-01", "2022-08-24", None]
    assert part("precision") == ["year", "month", "day", None]


def _declare(dataset, change) -> None:
    path = dataset / "datapackage.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    fields = {field["name"]: field for field in raw["x-published"]["fields"]}
    change(fields)
    path.write_text(json.dumps(raw), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda f: f["as_of_date"]["x-derive"].update(kind="day"),
            "x-published.fields[14] ('as_of_date'): x-derive kind 'day' is unknown; kinds: partial-date, constant-usd",
        ),
        (
            lambda f: f["constant_usd_note"]["x-derive"].update(part="reason"),
            "('constant_usd_note'): x-derive part 'reason' is not a part of constant-usd; parts: value, year, note",
        ),
        (
            lambda f: f["source_published_date"]["x-derive"].update({"from": "as_of_date"}),
            "('source_published_date'): x-derive from 'as_of_date' names no column before it",
        ),
        (
            lambda f: f["subject_released"].update({"x-derive": {"kind": "constant-usd"}}),
            "('subject_released'): declare exactly one of x-join and x-derive",
        ),
    ],
    ids=["unknown-kind", "unknown-part", "from-a-later-column", "join-and-derive"],
)
def test_a_wrong_derivation_is_refused_when_the_descriptor_is_read(dataset, change, message):
    _declare(dataset, change)
    with pytest.raises(mcl.LedgerError) as refused:
        Descriptor.read(dataset)
    assert "the dataset descriptor is not well formed: x-published.fields[" in str(refused.value)
    assert message in str(refused.value)


def test_edited_pandas_metadata_is_refused_by_verify_and_load_alike(parquet_file, tmp_path):
    handle = pq.ParquetFile(parquet_file)
    pairs = {key.decode(): value.decode() for key, value in handle.metadata.metadata.items()}
    pairs["pandas"] = pairs["pandas"].replace('"numpy_type":"Int64"', '"numpy_type":"float64"')
    target = tmp_path / "edited.parquet"
    with pq.ParquetWriter(target, handle.schema_arrow, **parquet.WRITER_OPTIONS) as writer:
        writer.write_table(handle.read())
        writer.add_key_value_metadata(pairs)
    message = "the file's pandas metadata is not the one a build writes for its columns"
    for read in (mcl.verify, mcl.load):
        with pytest.raises(mcl.LedgerError, match=message):
            read(target)


def test_the_built_descriptors_describe_the_new_columns(bundle):
    package = json.loads((bundle.directory / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    types = {f["name"]: f["type"] for f in figures["schema"]["fields"]}
    croissant = json.loads((bundle.directory / "croissant.json").read_text(encoding="utf-8"))
    data_types = {f["name"]: f["dataType"] for f in croissant["recordSet"][0]["field"]}
    expected = {
        "subject_released": ("date", "sc:Date"),
        "source_published_date": ("date", "sc:Date"),
        "as_of_precision": ("string", "sc:Text"),
        "value_constant_usd": ("number", "sc:Float"),
        "constant_usd_year": ("integer", "sc:Integer"),
        "constant_usd_note": ("string", "sc:Text"),
    }
    assert {name: (types[name], data_types[name]) for name in expected} == expected
    assert all(f.get("description") for f in figures["schema"]["fields"])
