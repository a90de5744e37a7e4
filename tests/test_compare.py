"""compare(): the seed example end to end, name matching, verdict rules, output."""

from __future__ import annotations

import json

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.comparison.dollars import money
from model_cost_ledger.comparison.subjects import resolve
from model_cost_ledger.comparison.verdicts import REASONS

HEADLINE = ("seed-vi-r1-training-cost", "seed-vi-gpt-4o-training-cost")


@pytest.fixture(scope="module")
def subject_table():
    """What ``resolve`` reads: the subjects and the aliases field (read once, not per name)."""
    from model_cost_ledger.store.descriptor import Descriptor

    return mcl.tables()["subjects"], Descriptor.read().resource("subjects").field("aliases")


@pytest.fixture(scope="module")
def seed_example():
    return mcl.compare("deepseek-r1", "gpt-4o")


def pair(result, a, b):
    return result.pairs.set_index(["a_figure_id", "b_figure_id"]).loc[(a, b)]


def test_headline_pair_is_not_comparable_for_the_traced_reasons(seed_example):
    headline = pair(seed_example, *HEADLINE)
    assert headline["verdict"] == "not_comparable"
    reasons = set(headline["reasons"])
    # the $5M traces to DeepSeek-V3's final run at rental prices, not R1
    assert {"a:media-report", "a:misattributed", "a:own-figure-differs"} <= reasons
    # the $100M was said of GPT-4, not GPT-4o, and as a lower bound
    assert {"b:media-report", "b:misattributed", "b:bound-dropped"} <= reasons
    assert "unspecified-scope" in reasons


def test_traced_figures_are_the_primary_ones(seed_example):
    catalog = seed_example.catalog
    assert catalog.at["seed-vi-r1-training-cost", "traces_to"] == "deepseek-v3-training-cost"
    assert catalog.at["deepseek-v3-training-cost", "scope"] == "final_run_rental"
    assert catalog.at["seed-vi-gpt-4o-training-cost", "traces_to"] == "gpt-4-training-cost-wired"
    assert catalog.at["gpt-4-training-cost-wired", "qualifier"] == "at_least"


def test_the_most_comparable_pair_is_what_can_honestly_be_compared(seed_example):
    best = seed_example.best
    # R1's own figure (an Epoch estimate, 2023 dollars) beats V3's $5.576M (a related subject)
    assert (best["a_figure_id"], best["b_figure_id"]) == (
        "deepseek-r1-training-cost-epoch-db",
        "gpt-4o-training-cost-epoch-2024-dollars",
    )
    assert best["verdict"] == "caveats"
    # both years are in the shipped price index, so neither side lacks constant dollars
    assert set(best["reasons"]) == {"related-scope"}


def test_every_media_pairing_of_the_two_is_not_comparable(seed_example):
    media = seed_example.pairs[
        (seed_example.pairs["a_basis"] == "media_report")
        & (seed_example.pairs["b_basis"] == "media_report")
    ]
    assert len(media) >= 9 and set(media["verdict"]) == {"not_comparable"}


def test_r1_own_figure_is_a_different_scope(seed_example):
    own = pair(
        seed_example, "deepseek-r1-rl-cost-nature", "gpt-4o-training-cost-epoch-2024-dollars"
    )
    assert own["verdict"] == "not_comparable" and "different-scope" in own["reasons"]


def test_like_for_like_needs_same_scope_basis_and_period(dataset):
    from helpers import append

    append(
        dataset,
        "figures",
        "gpt-4-training-cost-cloud-epoch-db",
        figure_id="deepseek-v3-training-cost-epoch-style",
        subject_id="deepseek-v3",
        value="5000000",
        reported_as="5000000",
    )
    result = mcl.compare("gpt-4", "deepseek-v3", path=dataset)
    assert (
        pair(result, "gpt-4-training-cost-cloud-epoch-db", "deepseek-v3-training-cost-epoch-style")[
            "verdict"
        ]
        == "like_for_like"
    )
    assert result.best["verdict"] == "like_for_like"


@pytest.mark.parametrize("name", ["DeepSeek R1", "deepseek-r1", "R1", "deepseek.r1", "DEEPSEEK_R1"])
def test_names_and_aliases_resolve(name, subject_table):
    assert resolve(name, *subject_table) == "deepseek-r1"


@pytest.mark.parametrize("name", ["ChatGPT-4o", "GPT4o", "gpt 4o"])
def test_gpt_4o_aliases_resolve(name, subject_table):
    assert resolve(name, *subject_table) == "gpt-4o"


def test_compare_resolves_names_as_resolve_does():
    result = mcl.compare("DeepSeek R1", "ChatGPT-4o")
    assert (result.a, result.b) == ("deepseek-r1", "gpt-4o")


def test_unknown_subject_suggests_the_closest():
    with pytest.raises(KeyError, match="deepseek-r1"):
        mcl.compare("deepsek r1", "gpt-4o")


def test_unknown_metric_lists_the_metrics():
    with pytest.raises(ValueError, match="training_cost"):
        mcl.compare("deepseek-r1", "gpt-4o", metric="cost")


def test_missing_metric_is_said_not_silently_empty():
    result = mcl.compare("deepseek-r1", "gpt-4o", metric="gpu_hours")
    assert {"accelerator_count", "training_cost"} <= set(result.missing["deepseek-r1"])
    assert "gpu_hours" not in result.missing["deepseek-r1"]
    assert "gpt-4o" in result.missing
    assert "(deepseek-r1) has no gpu_hours figure of its own" in str(result)


def test_terminal_output_fits_80_columns_and_starts_with_the_answer(seed_example):
    text = str(seed_example)
    assert max(len(line) for line in text.splitlines()) <= 80
    answer = text.split("\n\n")[1]
    assert answer.startswith("The fairest comparison is pair 1, deepseek-r1-training-cost-epoch-db")
    # Epoch's $6.77M in 2023 dollars and $36.1M in 2024 dollars, both in 2025 dollars
    assert "$7.15M" in text and "$37.1M" in text


def test_constant_dollars_use_the_shipped_cpi(seed_example):
    index = mcl.tables()["price_index"].set_index("year")["value"]
    best = seed_example.best
    assert seed_example.year == int(index.index.max())
    assert best["a_constant"] == pytest.approx(6770000 * index[2025] / index[2023])
    assert best["b_constant"] == pytest.approx(36122927.06009203 * index[2025] / index[2024])
    assert "CPI-U" in seed_example.index_note and "2025" in seed_example.index_note


def test_a_year_missing_from_the_index_is_flagged_not_guessed():
    result = mcl.compare("llama-65b", "gpt-4")
    pairs = result.pairs.set_index(["a_figure_id", "b_figure_id"])
    # 2026 dollars (no annual average yet) against 2023 dollars
    pair = pairs.loc[
        ("llama-65b-training-cost-worldmetrics-2026-dollars-retraced", "gpt-4-training-cost-wired")
    ]
    assert "a:no-constant-dollars" in pair["reasons"] and pair["a_constant"] != pair["a_constant"]
    assert pair["ratio"] != pair["ratio"]  # no ratio across dollar years it cannot convert
    assert pair["unconverted"] == 1


def test_unknown_constant_dollar_year_lists_the_years():
    with pytest.raises(ValueError, match="years available"):
        mcl.compare("gpt-4", "deepseek-v3", year=1999)


def test_reason_codes_are_documented(seed_example):
    codes = {r.split(":")[-1] for reasons in seed_example.pairs["reasons"] for r in reasons}
    assert codes <= set(REASONS)


def test_money_format():
    assert [money(5576000), money(1.6e9), money(294000), money(2)] == [
        "$5.58M",
        "$1.6B",
        "$294K",
        "$2",
    ]


def test_cli_formats(capsys):
    assert main(["compare", "deepseek-r1", "gpt-4o", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["best"]["a_figure_id"] == "deepseek-r1-training-cost-epoch-db"
    assert main(["compare", "R1", "ChatGPT-4o", "--format", "csv"]) == 0
    assert "seed-vi-r1-training-cost,seed-vi-gpt-4o-training-cost" in capsys.readouterr().out
    assert main(["compare", "deepseek-r1", "gpt-4o"]) == 0
    assert "The fairest comparison is pair 1" in capsys.readouterr().out


def test_prices_in_two_currencies_are_not_comparable():
    result = mcl.compare("mistral-large-2402", "gpt-4o", metric="api_price_input")
    euro = result.pairs[result.pairs["a_figure_id"] == "mistral-large-2402-api-price-input-mistral"]
    assert len(euro) and set(euro["verdict"]) == {"not_comparable"}
    assert all("different-currency" in reasons for reasons in euro["reasons"])
