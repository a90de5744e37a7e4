"""The ledger covers the figures people argue about (issue: coverage), and says how well."""

from __future__ import annotations

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.store.reading import read_tables

REQUIRED_ORGANIZATIONS = [
    "openai",
    "google-deepmind",
    "anthropic",
    "meta",
    "xai",
    "mistral-ai",
    "microsoft",
    "nvidia",
    "deepseek",
    "alibaba",
    "moonshot-ai",
    "minimax",
    "zhipu-ai",
    "01-ai",
    "tii",
    "bigscience",
    "ai2",
]
REPLICATIONS = ["alpaca-7b", "vicuna-13b", "sky-t1-32b-preview", "s1-32b"]


@pytest.fixture(scope="module")
def figures():
    return mcl.load()


def test_size_of_the_ledger(figures):
    models = figures.loc[figures["subject_kind"] == "model", "subject_id"].nunique()
    assert len(figures) >= 200
    assert models >= 50
    assert figures["organization_id"].nunique() >= 20


@pytest.mark.parametrize(
    "organization", [*REQUIRED_ORGANIZATIONS, "stanford", "uc-berkeley", "lmsys"]
)
def test_frontier_and_challengers_are_covered(figures, organization):
    assert (figures["organization_id"] == organization).sum() >= 1


@pytest.mark.parametrize("subject", REPLICATIONS)
def test_low_cost_replications_are_covered(figures, subject):
    assert (figures["subject_id"] == subject).any()


@pytest.mark.parametrize(
    "metric",
    [
        "training_cost",
        "gpu_hours",
        "accelerator_count",
        "training_compute",
        "parameters",
        "active_parameters",
        "training_tokens",
        "api_price_input",
        "api_price_output",
    ],
)
def test_each_core_metric_has_figures(figures, metric):
    assert (figures["metric"] == metric).sum() >= 5


def test_publication_years_span_2019_to_2025(figures):
    years = set(figures["source_published"].dropna().str.slice(0, 4))
    assert {"2019", "2022", "2023", "2024", "2025"} <= years
    assert min(years) >= "2019"


def test_api_prices_say_when_they_applied(figures):
    prices = figures[figures["metric"].isin(["api_price_input", "api_price_output"])]
    assert len(prices) >= 20 and prices["as_of"].notna().all()


def test_disagreement_is_visible_where_both_kinds_exist(figures):
    both = figures.groupby("subject_id", observed=True)["basis"].agg(
        lambda b: {"self_reported", "third_party_estimate"} <= set(b.astype(str))
    )
    assert both.sum() >= 5


def test_famous_conflations_have_their_own_media_rows(figures):
    media = figures[(figures["basis"] == "media_report") & figures["traces_to"].notna()]
    every = mcl.load(include_retracted=True).set_index("figure_id")  # a repeat may trace to a
    traced = every.loc[media["traces_to"], "subject_id"].to_numpy()  # since-corrected figure
    misattributed = media[media["subject_id"].to_numpy() != traced]
    assert {"deepseek-r1", "gpt-4o"} <= set(misattributed["subject_id"])


def test_stats_counts_everything(capsys, figures):
    tables = mcl.stats()
    assert tables["basis"]["figures"].sum() == len(figures)
    media = figures[figures["basis"] == "media_report"]
    shares = tables["provenance"]
    traced = shares.loc["media reports naming traces_to", ["figures", "of"]].astype(int)
    assert (traced["figures"], traced["of"]) == (media["traces_to"].notna().sum(), len(media))
    dated = shares.loc["figures whose source is dated", ["figures", "of"]].astype(int)
    assert (dated["figures"], dated["of"]) == (
        figures["source_published"].notna().sum(),
        len(figures),
    )
    assert shares["share"].between(0, 1).all()
    tiers = tables["tier"]
    assert set(tiers.index) == {"primary", "report", "aggregator"}
    assert tiers["figures"].sum() == len(figures) and tiers["share"].sum() == pytest.approx(1)
    lacking = set(tables["unindexed_years"].index)
    assert lacking and not lacking & set(read_tables()["price_index"]["year"])
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "by organization:" in out and "rest on one kind of basis only" in out
    assert "by tier:" in out and f"{traced['figures']:>4} of {traced['of']:<4}" in out
    counts = [line for line in out.splitlines() if line.endswith(" subjects")]
    by_section = out.split("\nby organization:\n")[1].split("\n\n")[0].splitlines()
    assert len({line.index(" figures ") for line in by_section}) == 1  # the longest name too
    assert counts and max(map(len, counts)) <= 80
    assert str(min(lacking)) in out.split("money figures in years the price index lacks:")[1]
