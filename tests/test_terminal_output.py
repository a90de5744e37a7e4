"""Text from the data reaches a terminal escaped: no ANSI or OSC escape sequence, no bidi
control and no newline of a cell, id or header name is printed raw, so data can neither
restyle the screen nor forge a line of output (such as "no problems found")."""

from __future__ import annotations

import csv

import pytest
from helpers import NEW, new_money_figure, read_rows

from model_cost_ledger.cli import main
from model_cost_ledger.problems import LedgerError, Problem
from model_cost_ledger.text.display import printable, printable_lines

FORGED = "FORGED"
HOSTILE = f"\x1b[2J\x1b]0;owned\x07\n{FORGED} no problems found\u202e\u2028\x85 end"


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_shown_escaped(output: str) -> None:
    """Every character printable (newlines apart), no line forged, and the text was shown."""
    assert all(c.isprintable() or c == "\n" for c in output), repr(output)
    assert not any(line.startswith(FORGED) for line in output.splitlines())
    assert "Traceback" not in output
    assert "\\x1b" in output or "\\u001b" in output  # shown, as Python or JSON escapes it


def test_printable_escapes_what_a_terminal_would_run():
    assert printable(HOSTILE) == (
        "\\x1b[2J\\x1b]0;owned\\x07\\nFORGED no problems found\\u202e\\u2028\\u0085 end"
    )
    assert printable("Mô hình 671 tỷ 参数 😀") == "Mô hình 671 tỷ 参数 😀"
    assert printable("\U000e0041") == "\\udb40\\udc41"  # a tag character, as JSON writes it
    assert printable_lines(["a\nb", "c"]) == "a\\nb\nc"


def test_a_problem_and_an_error_are_one_line_each():
    problem = Problem("figures", "x\ny", HOSTILE, "extra-column", HOSTILE)
    assert "\n" not in str(problem) and "\x1b" not in str(problem)
    error = LedgerError(HOSTILE, path=f"/tmp/{HOSTILE}", problems=(problem, problem))
    assert len(str(error).splitlines()) == 3


def test_a_header_name_cannot_forge_no_problems_found(capsys, dataset):
    path = dataset / "price_index.csv"
    rows = read_rows(path)
    header = [*rows[0], HOSTILE]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([*row.values(), ""] for row in rows)
    code, output = run(capsys, "validate", str(dataset))
    assert code == 1 and "[extra-column]" in output
    assert_shown_escaped(output)


@pytest.fixture
def hostile(dataset, monkeypatch):
    """A dataset (the one the commands read) with a figure whose cells hold escape sequences."""
    new_money_figure(reported_as=f"$5.576M {HOSTILE}", claim=HOSTILE, notes=HOSTILE)(dataset)
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(dataset))
    return dataset


@pytest.mark.parametrize(
    "argv",
    [
        ("show", NEW),
        ("list", "--subject", "deepseek-v3"),
        ("list", "--subject", "deepseek-v3", "--format", "json"),
        ("summary", "deepseek-v3"),
        ("top", "--limit", "1000"),
        ("compare", "deepseek-v3", "gpt-4o"),
        ("compare", "deepseek-v3", "gpt-4o", "--format", "csv"),
        ("compare", "deepseek-v3", "gpt-4o", "--format", "json"),
        ("validate",),
    ],
    ids=lambda argv: " ".join(argv),
)
def test_data_cells_are_shown_escaped(capsys, hostile, argv):
    code, output = run(capsys, *argv)
    assert code in (0, 1, 2)
    assert_shown_escaped(output)
