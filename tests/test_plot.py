"""The chart of training costs: x is the model's release date, one panel per scope family,
constant dollars, each media repeat drawn once on its primary, and every figure either drawn
or left out with its reason. One plot, drawn once in one test (a session fixture would be
drawn again in each test worker)."""

from __future__ import annotations

import csv
import struct

import pandas as pd
import pytest
from conftest import DATASET
from helpers import append

import model_cost_ledger as mcl
from model_cost_ledger.plots.chart import caption_of
from model_cost_ledger.plots.families import FAMILY_OF_SCOPE, family_of
from model_cost_ledger.plots.points import select
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.validation.gate import valid_tables

V3 = "deepseek-v3-training-cost"

pytest.importorskip("matplotlib")


@pytest.mark.slow
def test_the_chart_of_training_costs(tmp_path):
    """One chart, drawn once (each check below is one property of it)."""
    chart = mcl.plot("training_cost", tmp_path / "costs.png", highlight=("R1", "ChatGPT-4o"))
    tables = mcl.tables()
    is_a_png_of_several_panels(chart)
    every_current_figure_is_drawn_or_left_out_with_its_reason(chart, tables)
    points_are_placed_at_the_model_release_date(chart, tables)
    no_repeat_is_a_point_and_its_primary_counts_it(chart, tables)
    panels_never_mix_scope_families(chart)
    money_is_in_constant_dollars_or_marked_nominal(chart, tables)


def is_a_png_of_several_panels(chart):
    data = chart.path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1200 and height >= 1000  # two columns of panels, legend and caption
    assert set(chart.points["family"]) == {
        "final-run",
        "stage",
        "fine-tune",
        "programme",
        "unspecified",
    }


def every_current_figure_is_drawn_or_left_out_with_its_reason(chart, tables):
    figures = tables["figures"]
    current = figures[(figures["metric"] == "training_cost") & figures["retracted_in"].isna()]
    drawn, left = set(chart.points["figure_id"]), set(chart.left_out["figure_id"])
    assert drawn.isdisjoint(left) and drawn | left == set(current["figure_id"])
    reasons = chart.left_out.set_index("figure_id")
    assert reasons.loc["deepseek-v3-training-cost-stage-sum", "reason"] == "derived"
    assert tuple(reasons.loc["bloom-176b-compute-grant-bigscience-blog"]) == (
        "other-unit",
        "in EUR; the chart draws USD only",
    )
    assert tuple(reasons.loc["gpt-2-training-cost-epoch-db"]) == (
        "no-date",
        "no release date for gpt-2 and its source epoch-notable-ai-models-2026-05 is a"
        " database snapshot",
    )
    current = tables["figures"][tables["figures"]["retracted_in"].isna()]
    repeats = (current["metric"] == "training_cost") & current["traces_to"].notna()
    assert f"Left out: {repeats.sum()} repeating another figure" in chart.caption
    assert chart.caption.endswith(f"model-cost-ledger {mcl.__version__}; sources in sources.md")


def points_are_placed_at_the_model_release_date(chart, tables):
    released = tables["subjects"].set_index("subject_id")["released"]
    points = chart.points.set_index("figure_id")
    by_release = points[points["date_from"] == "release"]
    assert (by_release["date"] == released.reindex(by_release["subject_id"]).to_numpy()).all()
    # R1's RL cost was published in September 2025; R1 came out in January
    assert points.at["deepseek-r1-rl-cost-nature", "date"] == pd.Timestamp("2025-01-20")
    # Epoch's database estimates are drawn at their model's release, not the snapshot's date
    assert points.at["a.x-k1-training-cost-epoch-db", "date"] == pd.Timestamp("2025-12-30")
    # no release date in the ledger: the source's date, marked
    assert tuple(points.loc["s1-32b-cost-kellogg", ["date", "date_from"]]) == (
        pd.Timestamp("2025-02-03"),
        "source",
    )
    assert points["date"].notna().all()


def no_repeat_is_a_point_and_its_primary_counts_it(chart, tables):
    figures = tables["figures"][tables["figures"]["retracted_in"].isna()]
    traced = figures.loc[
        (figures["metric"] == "training_cost") & figures["traces_to"].notna(), "figure_id"
    ]
    assert len(traced) >= 16 and not set(traced) & set(chart.points["figure_id"])
    reasons = chart.left_out.set_index("figure_id")
    assert (reasons.loc[list(traced), "reason"] == "repeat").all()
    # the seed article's "$5M (R1)" repeats V3's final run
    assert reasons.at["seed-en-r1-training-cost", "detail"] == (
        "drawn once, on deepseek-v3-training-cost"
    )
    # a repeat of a corrected figure is counted on the figure that superseded it
    assert reasons.at["llama-3.1-405b-cost-aiindex2025-kenpriore", "detail"] == (
        "drawn once, on llama-3.1-405b-training-cost-cloud-epoch-db"
    )
    repeats = chart.points.set_index("figure_id")["repeats"]
    assert repeats["deepseek-v3-training-cost"] >= 7 and repeats.sum() == len(traced)


def panels_never_mix_scope_families(chart):
    points = chart.points.set_index("figure_id")
    assert points.at["alpaca-7b-finetune-cost-crfm", "family"] == "fine-tune"
    assert points.at["deepseek-r1-rl-cost-nature", "family"] == "fine-tune"  # R1 from V3
    assert points.at["deepseek-v3-post-training-cost", "family"] == "stage"
    assert points.at["deepseek-v3-training-cost", "family"] == "final-run"
    fine_tuned = points["family"] == "fine-tune"
    expected = [family_of(s, f) for s, f in zip(points["scope"], fine_tuned, strict=True)]
    assert list(points["family"]) == expected


def money_is_in_constant_dollars_or_marked_nominal(chart, tables):
    index = tables["price_index"].set_index("year")["value"].astype(float)
    points = chart.points.set_index("figure_id")
    # 2024 dollars to 2025 dollars by the CPI-U
    assert points.at["deepseek-v3-training-cost", "value"] == pytest.approx(
        5.576e6 * index[2025] / index[2024]
    )
    assert points.at["deepseek-v3-training-cost", "dollars"] == "constant"
    # every shipped training cost has an indexed dollar year, so the caption marks none
    assert set(points["dollars"]) == {"constant"} and "hollow" not in chart.caption


def test_a_dollar_year_the_index_lacks_is_drawn_as_reported_and_said(dataset):
    """The points and caption without drawing: a figure in 2026 dollars (no annual average)."""
    append(dataset, "figures", V3, figure_id="v3-in-2026-dollars", currency_year="2026")
    descriptor = Descriptor.read(dataset)
    selection = select(valid_tables(dataset), descriptor, "training_cost", (), None)
    points = selection.points.set_index("figure_id")
    assert tuple(points.loc["v3-in-2026-dollars", ["value", "dollars"]]) == (5.576e6, "nominal")
    assert (points.drop("v3-in-2026-dollars")["dollars"] == "constant").all()
    caption = caption_of(selection, "training_cost", descriptor.version)
    assert "1 drawn hollow, in nominal dollars as reported: their dollar year" in caption


def test_every_shipped_scope_has_a_family():
    with open(DATASET / "scopes.csv", encoding="utf-8", newline="") as handle:
        scopes = {row["scope"] for row in csv.DictReader(handle)}
    assert scopes - set(FAMILY_OF_SCOPE) == set()
