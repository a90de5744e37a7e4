"""The command line is a thin layer: each command runs, prints readable output, exits right."""

from __future__ import annotations

import hashlib
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import CHECKOUT_FILES
from helpers import append, edit

from model_cost_ledger.cli import COMMANDS, main
from model_cost_ledger.store.location import dataset_dir

ROOT = Path(__file__).resolve().parents[1]

LAST = ("build", "verify", "release")  # verify checks what build wrote; release changes the version


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_shipped_dataset(capsys):
    code, out, err = run(capsys, "validate")
    assert (code, out.splitlines()[-1], err) == (0, "no problems found", "")
    assert out.startswith("checked ") and "\nrows: figures " in out


def test_validate_skips_the_rules_only_for_bytes_that_passed_them(capsys, dataset):
    passed = "every rule passed on these bytes before"
    code, out, _ = run(capsys, "validate", "--again", str(dataset))
    assert code == 0 and passed not in out and out.endswith("no problems found\n")
    code, out, _ = run(capsys, "validate", str(dataset))
    assert code == 0 and passed in out and out.endswith("no problems found\n")
    edit(dataset, "subjects", "openai", name=" OpenAI")
    code, out, _ = run(capsys, "validate", str(dataset))
    assert code == 1 and passed not in out and "[surrounding-whitespace]" in out


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
    code, _out, err = run(capsys, "show", "no-such-figure")
    assert (
        code == 2 and err.startswith("error: no figure 'no-such-figure'") and "Traceback" not in err
    )


def test_help_has_an_example_per_command(capsys):
    for name in COMMANDS:
        with pytest.raises(SystemExit):
            main([name, "--help"])
        assert "example: model-cost-ledger" in capsys.readouterr().out


def test_every_argument_has_help():
    missing = [
        (name, flags)
        for name, spec in COMMANDS.items()
        for flags, options in spec.arguments
        if not options.get("help")
    ]
    assert missing == []


def documented_examples(capsys) -> dict[str, list[str]]:
    """Each command's example, read from its ``--help`` as printed, split as a shell would."""
    examples = {}
    for name in COMMANDS:
        with pytest.raises(SystemExit):
            main([name, "--help"])
        lines = capsys.readouterr().out.splitlines()
        found = [line.removeprefix("example: ") for line in lines if line.startswith("example: ")]
        assert len(found) == 1, f"{name} --help shows {len(found)} examples"
        examples[name] = shlex.split(found[0])
    return examples


def fingerprint(root: Path) -> dict[str, str]:
    """The repository files an example could write: the dataset, the documents, the top level."""
    files = [*sorted((root / "dataset").iterdir()), *(root / name for name in CHECKOUT_FILES)]
    hashes = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    return {**hashes, "top level": " ".join(sorted(path.name for path in root.iterdir()))}


@pytest.mark.slow
def test_every_documented_example_runs(capsys, checkout):
    before = fingerprint(ROOT)
    examples = documented_examples(capsys)
    outputs = {}
    for name in [*(name for name in examples if name not in LAST), *LAST]:
        if name == "site":  # run once per session, by the site fixture (tests/test_site.py)
            continue
        program, *argv = examples[name]
        assert program == "model-cost-ledger"
        if name == "release":  # something to release: one new, unreleased figure
            template = "deepseek-v3-training-cost"
            append(checkout / "dataset", "figures", template, figure_id="cli-example-figure")
        code = main(argv)
        out, err = capsys.readouterr()
        assert (code, err) == (0, ""), f"`{shlex.join(examples[name])}` failed: {err}"
        outputs[name] = out
    assert f"wrote {checkout.resolve() / 'sources.md'}" in outputs["sources"]
    assert str(checkout.resolve() / "README.md") in outputs["docs"]
    assert (checkout / "costs.png").stat().st_size > 0
    assert outputs["verify"] and outputs["release"].startswith(f"released {examples['release'][2]}")
    assert fingerprint(ROOT) == before


def test_write_refuses_an_installed_dataset(capsys, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "dataset", tmp_path / "dataset")  # no pyproject.toml beside it
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(tmp_path / "dataset"))
    monkeypatch.chdir(tmp_path)
    for name in ("sources", "docs"):
        code, out, err = run(capsys, name, "--write")
        assert (code, out) == (2, "") and err.startswith("error: ") and err.count("\n") == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["dataset"]


def test_dataset_dir_honours_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(tmp_path))
    assert dataset_dir() == tmp_path
    assert dataset_dir("elsewhere") == Path("elsewhere")
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", "")
    assert dataset_dir() != tmp_path
