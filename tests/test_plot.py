"""The plot renders headless and draws the figures it says it draws."""

from __future__ import annotations

import struct

import pytest

import model_cost_ledger as mcl

pytest.importorskip("matplotlib")


def test_plot_renders_every_dated_figure(tmp_path):
    result = mcl.plot("training_cost", tmp_path / "costs.png", highlight=("R1", "ChatGPT-4o"))
    data = result.path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1000, 600)
    figures = mcl.load()
    expected = figures[(figures["metric"] == "training_cost") & (figures["basis"] != "derived")]
    assert len(result.points) + len(result.skipped) == len(expected)
    drawn = result.points.set_index("figure_id")
    assert drawn.at["deepseek-r1-rl-cost-nature", "value"] == 294000
    assert (
        "gpt-4-training-cost-wired" in drawn.index
        and drawn.at["gpt-4-training-cost-wired", "qualifier"] == "at_least"
    )


def test_plot_unknown_metric_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no figures"):
        mcl.plot("no_such_metric", tmp_path / "x.png")
