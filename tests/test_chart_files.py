"""The chart's files: SVG byte-identical from run to run, only PNG and SVG, and the scope
families checked with the list of valid ones."""

from __future__ import annotations

import pytest

import model_cost_ledger as mcl

pytest.importorskip("matplotlib")


def test_an_svg_chart_is_the_same_bytes_on_every_run(tmp_path):
    first = mcl.plot("training_cost", tmp_path / "a.svg", scope=("programme",))
    second = mcl.plot("training_cost", tmp_path / "b.svg", scope=("programme",))
    data = first.path.read_bytes()
    assert data == second.path.read_bytes()
    assert b"<dc:date>" not in data and f"model-cost-ledger {mcl.__version__}".encode() in data
    assert set(first.points["family"]) == {"programme"}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"out": "costs.jpg"}, "cannot write 'costs.jpg': the chart is written as .png or .svg"),
        (
            {"out": "costs.png", "scope": ("final_run_rental",)},
            "unknown scope family 'final_run_rental'; families: final-run, stage, fine-tune,",
        ),
    ],
    ids=["jpeg", "a scope, not a family"],
)
def test_a_bad_file_name_or_family_is_refused(kwargs, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as error:
        mcl.plot("training_cost", **kwargs)
    assert str(error.value).startswith(message)
    assert not (tmp_path / kwargs["out"]).exists()
