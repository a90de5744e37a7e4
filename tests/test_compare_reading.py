"""compare as a reader gets it: the answer first in plain words, the headline pairs explained,
a table with headers, every line within the terminal's width, every metric comparable, the
dataset a contributor edits (``--dataset``, ``validate`` without an argument)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.comparison.verdicts import PAIR_COLUMNS
from model_cost_ledger.comparison.words import times
from model_cost_ledger.store.location import shipped_dataset
from model_cost_ledger.text.layout import display_width, grid_row, wrap

ROOT = Path(__file__).resolve().parents[1]
RAW_FLOAT = re.compile(r"\d\.\d{4,}|\d{7,}")  # 36122927.06009203, 6770000.0
SEED = ("deepseek-r1", "gpt-4o")


@pytest.fixture(scope="module")
def seed():
    return mcl.compare(*SEED)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_first_paragraph_names_the_fairest_pair_and_its_ratio(seed):
    best = seed.best
    first = flat(str(seed).split("\n\n")[1])
    assert first.startswith(
        "The fairest comparison is pair 1, deepseek-r1-training-cost-epoch-db against"
        " gpt-4o-training-cost-epoch-2024-dollars (comparable with caveats):"
    )
    ratio = times(best["b_constant"] / best["a_constant"])  # worked out from the data
    assert ratio == "5.2"
    assert f"GPT-4o's estimate is {ratio} times DeepSeek-R1's ($37.1M against $7.15M)" in first
    assert "its parent" not in first  # R1's own figure, not V3's


def test_when_no_pair_compares_the_first_paragraph_names_the_closest():
    result = mcl.compare("claude-opus-4", "gpt-4")  # Anthropic's own figures, not the model's
    assert result.best["verdict"] == "not_comparable"
    first = flat(str(result).split("\n\n")[1])
    assert first.startswith(
        f"No pair compares; the closest is pair 1, {result.best['a_figure_id']} against"
        f" {result.best['b_figure_id']} (not comparable):"
    )


def test_the_values_follow_the_sentence_when_a_is_the_larger():
    result = mcl.compare("gpt-4", "gpt-4o", metric="api_price_input")
    assert result.best["a_constant"] > result.best["b_constant"]
    first = flat(str(result).split("\n\n")[1])
    assert "GPT-4's own figure is 12 times GPT-4o's ($31.7 against $2.57)." in first


def test_the_headline_pairs_are_explained_side_by_side(seed):
    headline = flat(str(seed).split("\n\n")[2])
    assert headline.startswith(
        "The headline pair(s), which one document put side by side, are not comparable"
    )
    assert (
        "A (DeepSeek-R1), “$5 million” (seed-en-r1-training-cost) and “5 triệu đô la (R1)”"
        " (seed-vi-r1-training-cost): The number is DeepSeek-V3's final run at rental prices"
        " (“$5.576M”, deepseek-v3-training-cost), not DeepSeek-R1's." in headline
    )
    assert (
        "DeepSeek reports $294K for its post-training stage only (deepseek-r1-rl-cost-nature)"
        in headline
    )
    assert (
        "The number was said of GPT-4, not GPT-4o, and as a lower bound (“over $100 million”,"
        " gpt-4-training-cost-wired)" in headline
    )
    assert "- Neither source says what its figure covers." in headline


@pytest.mark.parametrize("width", [60, 80, 200])
def test_every_line_fits_ids_stay_whole_no_raw_float(seed, width):
    text = seed.render(width=width)
    assert max(display_width(line) for line in text.splitlines()) <= width
    assert RAW_FLOAT.findall(text) == []
    words = set(text.replace("(", " ").replace(")", " ").replace(",", " ").split())
    shown = seed.pairs.head(10)
    assert set(shown["a_figure_id"]) | set(shown["b_figure_id"]) <= words
    numbers = [int(m) for m in re.findall(r"^(\d+)A ", text, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10


def test_the_table_has_column_headers(seed):
    text = str(seed)
    assert re.search(r"^    claimant\s+as printed\s+2025 US\$\s+scope\s+verdict$", text, re.M)
    wide = seed.render(width=200)
    assert re.search(
        r"^#\s+figure id\s+claimant\s+as printed\s+2025 US\$\s+scope\s+verdict$", wide, re.M
    )
    assert "$36.1M (data cell)" in wide


def test_a_figure_the_index_cannot_convert_is_shown_nominal():
    result = mcl.compare("gpt-4", "gpt-4o", metric="api_price_input")
    text = result.render(width=200)  # GPT-4's current list price is in 2026 dollars
    assert re.search(r"^\d+A\s+gpt-4-api-price-input-openai\s.*\$30 nominal", text, re.M)
    assert "nominal: in the dollars of the figure's own year, which the price index lacks" in text


def test_the_command_reads_the_width_and_keeps_every_machine_field(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["compare", *SEED]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(map(display_width, lines)) <= 120 < max(map(display_width, lines)) + 40
    assert main(["compare", *SEED, "--format", "csv"]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert rows[0] == PAIR_COLUMNS and "36122927.06009203" in {c for r in rows for c in r}
    assert main(["compare", *SEED, "--format", "json"]) == 0
    assert list(json.loads(capsys.readouterr().out)["pairs"][0]) == PAIR_COLUMNS


def test_a_subject_compared_with_itself_is_refused(capsys):
    assert main(["compare", "R1", "DeepSeek R1"]) == 2
    assert capsys.readouterr().err == (
        "error: 'R1' and 'DeepSeek R1' both name the subject deepseek-r1:"
        " compare needs two different subjects\n"
    )


def metric_cases() -> list[tuple[str, str, str]]:
    """Each metric of the vocabulary with the two subjects that have most figures of it (the
    second may have none: then compare says so)."""
    with open(shipped_dataset() / "figures.csv", encoding="utf-8", newline="") as table:
        figures = list(csv.DictReader(table))
    with open(shipped_dataset() / "metrics.csv", encoding="utf-8", newline="") as table:
        metrics = [row["metric"] for row in csv.DictReader(table)]
    cases = []
    for metric in metrics:
        counts: dict[str, int] = {}
        for row in figures:
            if row["metric"] == metric and not row["retracted_in"]:
                counts[row["subject_id"]] = counts.get(row["subject_id"], 0) + 1
        ranked = sorted(counts, key=lambda s: (-counts[s], s))
        cases.append((metric, *([*ranked, "gpt-4o", "deepseek-v3"][:2])))
    return cases


@pytest.fixture(scope="module")
def valid_shipped_tables():
    """The shipped tables, validated once: the per-metric comparisons below then skip the
    validation ``compare`` runs first (it does not depend on the metric)."""
    return mcl.tables()


@pytest.mark.parametrize(("metric", "a", "b"), metric_cases(), ids=lambda v: str(v))
def test_every_metric_compares(metric, a, b, valid_shipped_tables, monkeypatch):
    from model_cost_ledger.comparison import result as comparison

    tables = {name: frame.copy() for name, frame in valid_shipped_tables.items()}
    monkeypatch.setattr(comparison, "valid_tables", lambda path: tables)
    result = mcl.compare(a, b, metric=metric)
    text = result.render(width=80)
    assert max(display_width(line) for line in text.splitlines()) <= 80
    assert RAW_FLOAT.findall(text) == []
    assert text.count("\n") > 2 and (
        "The fairest" in text or "No pair" in text or "Nothing" in text
    )


def test_cjk_cells_align_by_display_width():
    lines = grid_row(["一千万美元的训练成本", "$10M"], [8, 4])
    assert lines == ["一千万美  $10M", "元的训练", "成本"]
    assert [display_width(line[:4]) for line in lines] == [8, 8, 4]
    assert (
        wrap("deepseek-v3-training-cost-epoch-db is whole", 10)[0]
        == "deepseek-v3-training-cost-epoch-db"
    )


def test_validate_checks_the_dataset_being_edited(checkout, capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("MODEL_COST_LEDGER_DATASET")
    (checkout / "dataset" / "notes").mkdir()
    monkeypatch.chdir(checkout / "dataset" / "notes")
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    head, rows = out.split("\nrows: ", 1)  # wrapped at COLUMNS=80, the path kept whole
    assert all(len(line) <= 80 or "/" in line for line in out.splitlines())
    assert " ".join(head.split()) == (
        f"checked {checkout / 'dataset'} (the checkout's dataset/ at or above the current directory)"
    )
    assert re.match(r"figures \d+, sources \d+, subjects \d+, metrics \d+, ", rows)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(checkout / "dataset"))
    assert main(["validate"]) == 0
    head = capsys.readouterr().out.split("\nrows: ")[0]
    assert (
        " ".join(head.split())
        == f"checked {checkout / 'dataset'} (from $MODEL_COST_LEDGER_DATASET)"
    )


def test_list_show_and_compare_read_the_dataset_given(dataset, capsys):
    from helpers import append

    append(
        dataset, "figures", "deepseek-v3-training-cost", figure_id="deepseek-v3-training-cost-new"
    )
    assert main(["show", "deepseek-v3-training-cost-new", "--dataset", str(dataset)]) == 0
    assert capsys.readouterr().out.startswith("deepseek-v3-training-cost-new: $5.576M")
    assert main(["list", "--subject", "deepseek-v3", "--dataset", str(dataset)]) == 0
    assert "deepseek-v3-training-cost-new" in capsys.readouterr().out
    assert (
        main(["compare", "deepseek-v3", "gpt-4o", "--dataset", str(dataset), "--format", "csv"])
        == 0
    )
    assert "deepseek-v3-training-cost-new," in capsys.readouterr().out


def test_the_readme_shows_the_real_first_screen(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ model-cost-ledger compare deepseek-r1 gpt-4o\n", 1)[1]
    shown = block.split("\n...\n", 1)[0].splitlines()
    assert main(["compare", *SEED]) == 0
    assert shown == capsys.readouterr().out.splitlines()[: len(shown)] and len(shown) >= 20
    section = readme.split("## Reading an answer", 1)[1].split("\n## ", 1)[0]
    assert all(
        word in section for word in ("like for like", "comparable with caveats", "not comparable")
    )
