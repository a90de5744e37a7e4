"""The command line is a thin layer: each command runs, prints readable output, exits right."""

from __future__ import annotations

import pytest

from model_cost_ledger.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_shipped_dataset(capsys):
    assert run(capsys, "validate") == (0, "no problems found\n", "")


def test_validate_reports_problems_and_exits_1(capsys, dataset):
    (dataset / "price_index.csv").write_text("year,value\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(dataset))
    assert code == 1 and "[missing-column]" in out and "problem(s)" in out


def test_show_prints_the_chain(capsys):
    code, out, _ = run(capsys, "show", "seed-vi-r1-training-cost")
    assert code == 0 and "5 triệu đô la (R1)" in out and "https://arxiv.org/abs/2412.19437" in out


def test_list_filters(capsys):
    code, out, _ = run(capsys, "list", "--subject", "deepseek-v3", "--metric", "gpu_hours")
    assert code == 0 and "2788K" in out and "4 figure(s)" in out


def test_errors_are_one_line_and_exit_2(capsys):
    code, out, err = run(capsys, "show", "no-such-figure")
    assert (
        code == 2 and err.startswith("error: no figure 'no-such-figure'") and "Traceback" not in err
    )


def test_help_has_an_example_per_command(capsys):
    from model_cost_ledger.cli import COMMANDS

    for name in COMMANDS:
        with pytest.raises(SystemExit):
            main([name, "--help"])
        assert "example: model-cost-ledger" in capsys.readouterr().out
