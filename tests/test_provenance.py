"""Where a number comes from (issue 14): a figure from a report or an aggregator repeats a claim
and traces to the primary figure it repeats; a money figure is in the dollars its source states.
The tier rules judge rows when they are added: released rows never change, so none of them is
flagged, not even when a primary figure arrives later."""

from __future__ import annotations

from helpers import NEW, append, edit, located

import model_cost_ledger as mcl
from model_cost_ledger.store.reading import read_tables
from model_cost_ledger.validation.provenance_rules import rounds_to

REPORTED_AS_SELF_REPORTED = "deepseek-r1-rl-cost-nature"  # released: news source, self_reported
UNTRACED_REPORT = "gpt-4-training-cost-wired"  # released: a media report without traces_to
EPOCH_GPT_4 = "gpt-4-training-cost-cloud-epoch-db"  # primary: 81,392,748.68 (2023 USD)
REPORT_WITHOUT_PRIMARY = "yi-lightning-training-cost-kai-fu-lee-36kr"  # released, no primary yet


def test_tier_rules_judge_new_rows_and_never_released_ones(dataset):
    append(dataset, "figures", REPORTED_AS_SELF_REPORTED, figure_id=NEW)
    append(dataset, "figures", UNTRACED_REPORT, figure_id="test-different")  # over $100M
    append(
        dataset,
        "figures",
        UNTRACED_REPORT,
        figure_id="test-untraced",
        value="81400000",
        qualifier="approximately",
        reported_as="about $81.4 million",
    )
    append(dataset, "figures", "deepseek-v3-training-cost", figure_id="test-traced")
    edit(dataset, "figures", "test-traced", basis="media_report", traces_to=UNTRACED_REPORT)
    # a primary figure arrives after the report was released: the released report stays valid
    append(
        dataset,
        "figures",
        REPORT_WITHOUT_PRIMARY,
        figure_id="test-primary",
        source_id="yi-paper-2024",
        basis="self_reported",
    )
    assert located(mcl.validate(dataset)) == {
        ("basis-tier-mismatch", "figures", NEW, "basis"),
        ("traces-to-missing", "figures", "test-untraced", "traces_to"),
    }


def test_a_report_repeats_a_primary_figure_only_up_to_its_own_rounding():
    # $81.4 million rounds Epoch's 81,392,748.68; over $100 million (Wired) and $78 million
    # (the AI Index's estimate, repeated) are other figures, though within a quarter of it
    assert rounds_to(81.4e6, 81_392_748.68) and rounds_to(81e6, 81_392_748.68)
    assert not rounds_to(100e6, 81_392_748.68) and not rounds_to(78e6, 81_392_748.68)
    assert rounds_to(6e6, 5.576e6) and rounds_to(5.6e6, 5.576e6)  # DeepSeek's $5.576M
    assert rounds_to(2.56e24, 2.56e24) and not rounds_to(2.56e24, 2.5272e24)
    assert rounds_to(0.075, 0.075) and not rounds_to(0.075, 0.08)  # a price per 1M tokens
    assert not rounds_to(0.0, 0.0)


def test_an_aggregator_figure_that_repeats_is_a_media_report(dataset):
    append(
        dataset,
        "figures",
        "llama-65b-training-compute-aiportalx",
        figure_id=NEW,
        basis="media_report",
        traces_to="",
    )
    problems = mcl.validate(dataset)
    assert located(problems) == {("traces-to-missing", "figures", NEW, "traces_to")}
    assert "llama-65b" in problems[0].message and "training_compute" in problems[0].message


def test_a_stated_dollar_year_holds_for_every_current_figure_of_its_source(dataset):
    edit(dataset, "sources", "deepseek-v3-report-2024", currency_year="2023")
    figures = read_tables(dataset)["figures"]
    money = figures[(figures["source_id"] == "deepseek-v3-report-2024")]
    money = money[money["currency_year"].notna() & money["retracted_in"].isna()]
    assert len(money) >= 5
    assert located(mcl.validate(dataset)) == {
        ("currency-year-disagrees", "figures", figure_id, "currency_year")
        for figure_id in money["figure_id"]
    }
    edit(dataset, "sources", "deepseek-v3-report-2024", currency_year="2024")
    assert mcl.validate(dataset) == []


def test_a_source_names_its_tier(dataset):
    edit(dataset, "sources", "wired-altman-giant-models-2023", tier="secondary")
    edit(dataset, "sources", "deepseek-v3-report-2024", tier="")
    assert located(mcl.validate(dataset)) == {
        ("not-in-enum", "sources", "wired-altman-giant-models-2023", "tier"),
        ("missing-value", "sources", "deepseek-v3-report-2024", "tier"),
    }
