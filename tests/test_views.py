"""load(), tables() and chain() on the real data."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import edit

import model_cost_ledger as mcl
from model_cost_ledger.store.descriptor import Descriptor


def test_load_is_denormalized_with_documented_dtypes():
    figures = mcl.load()
    schema_columns = Descriptor.read().resource("figures").field_names
    assert list(figures.columns[: len(schema_columns)]) == schema_columns
    assert list(figures.columns[len(schema_columns) :]) == [
        "subject_name",
        "subject_kind",
        "subject_released",
        "organization_id",
        "organization_name",
        "source_title",
        "source_publisher",
        "source_url",
        "source_published",
        "source_published_date",
        "source_published_precision",
        "source_kind",
        "source_tier",
        "source_language",
        "as_of_date",
        "as_of_precision",
        "value_constant_usd",
        "constant_usd_year",
        "constant_usd_note",
    ]
    assert figures["value"].dtype == "Float64"
    assert figures["currency_year"].dtype == "Int64"
    assert isinstance(figures["metric"].dtype, pd.CategoricalDtype)
    assert isinstance(figures["basis"].dtype, pd.CategoricalDtype)
    assert figures["figure_id"].dtype == pd.StringDtype("pyarrow")
    assert figures["as_of"].dtype == pd.StringDtype("pyarrow")  # YYYY-MM-DD or YYYY-MM
    assert figures["figure_id"].is_monotonic_increasing


def test_load_joins_subject_and_source():
    row = mcl.load().set_index("figure_id").loc["deepseek-v3-training-cost"]
    assert (row["subject_name"], row["organization_name"], row["source_publisher"]) == (
        "DeepSeek-V3",
        "DeepSeek",
        "DeepSeek-AI (arXiv)",
    )
    assert row["value"] == 5576000 and row["reported_as"] == "$5.576M"


@pytest.mark.parametrize("literal", ["NA", "N/A", "None", "null", "nan", "007"])
def test_literal_text_survives_loading(dataset, literal):
    edit(dataset, "subjects", "openai", notes=literal)
    subjects = mcl.tables(dataset)["subjects"].set_index("subject_id")
    assert subjects.at["openai", "notes"] == literal


def test_tables_raise_the_package_error_on_bad_data(dataset):
    edit(dataset, "subjects", "openai", released="2024-02-30")
    with pytest.raises(mcl.LedgerError, match="subjects:openai:released"):
        mcl.tables(dataset)


@pytest.mark.parametrize(
    "figure_id",
    [
        "seed-vi-r1-training-cost",
        "seed-en-r1-training-cost",
        "deepseek-r1-training-cost-tomshardware",
    ],
)
def test_r1_five_million_chain_reaches_the_v3_report(figure_id):
    chain = mcl.chain(figure_id)
    assert "deepseek-v3-report-2024" in set(chain.sources["source_id"])
    assert list(chain.traces["figure_id"]) == ["deepseek-v3-training-cost"]
    assert "deepseek-v3-report-2024" in str(chain)


def test_gpt_4o_hundred_million_chain_reaches_wired_on_gpt_4():
    chain = mcl.chain("seed-vi-gpt-4o-training-cost")
    assert list(chain.traces["figure_id"]) == ["gpt-4-training-cost-wired"]
    assert "wired-altman-giant-models-2023" in set(chain.sources["source_id"])


def test_chain_of_unknown_figure_suggests_close_ids():
    with pytest.raises(KeyError, match="deepseek-v3-training-cost"):
        mcl.chain("deepseek-v3-training-cots")
