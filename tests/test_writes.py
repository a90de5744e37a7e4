"""Writes are atomic, locked and never destroy data: releases, builds and regenerated files."""

from __future__ import annotations

import json

import pytest
from helpers import append, read_rows

import model_cost_ledger as mcl
from model_cost_ledger import releasing
from model_cost_ledger.cli import main
from model_cost_ledger.history.versions import next_version
from model_cost_ledger.problems import LedgerError
from model_cost_ledger.publish import bundle
from model_cost_ledger.store import writing


def pending_release(dataset) -> str:
    """Add one unreleased row to the copy; return the version that releases it."""
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="deepseek-v3-parameters-again")
    return next_version(mcl.tables(dataset)["releases"]["version"].iloc[-1], "minor")


def test_a_release_killed_while_moving_files_is_completed_by_the_next(dataset, monkeypatch):
    version = pending_release(dataset)
    moved = []

    def killed_after_two(source, target):
        if len(moved) == 2:
            raise KeyboardInterrupt  # the process dies between two renames
        moved.append(target)
        writing.os.rename(source, target)

    with monkeypatch.context() as patched:
        patched.setattr(writing.os, "replace", killed_after_two)
        with pytest.raises(KeyboardInterrupt):
            mcl.release(version, dataset, date="2026-12-01")
    assert len(moved) == 2 and (dataset.parent / releasing.STAGING / "manifest.json").is_file()
    assert mcl.validate(dataset) != []  # half released
    result = mcl.release(version, dataset, date="2026-12-01")
    assert result.version == version and "deepseek-v3-parameters-again" in result.added
    assert mcl.validate(dataset) == []
    assert not (dataset.parent / releasing.STAGING).exists()


def test_a_release_killed_while_staging_is_discarded_by_the_next(dataset):
    version = pending_release(dataset)
    leftover = dataset.parent / releasing.STAGING / "dataset"
    leftover.mkdir(parents=True)
    (leftover / "figures.csv").write_text("half a file", encoding="utf-8")
    assert mcl.release(version, dataset, date="2026-12-01").version == version
    assert not (dataset.parent / releasing.STAGING).exists() and mcl.validate(dataset) == []


def test_a_second_release_while_one_runs_is_refused(dataset):
    version = pending_release(dataset)
    with (
        writing.exclusive_lock(dataset.parent / releasing.LOCK, "release"),
        pytest.raises(LedgerError, match="another release is running"),
    ):
        mcl.release(version, dataset, date="2026-12-01")
    assert mcl.release(version, dataset, date="2026-12-01").version == version


def test_a_row_saved_during_a_release_is_kept_and_the_release_refused(dataset, monkeypatch):
    version = pending_release(dataset)
    check_staged = releasing._check_staged

    def editor_saves_meanwhile(plan, stage):
        append(dataset, "figures", "deepseek-v3-parameters", figure_id="saved-by-an-editor")
        check_staged(plan, stage)

    monkeypatch.setattr(releasing, "_check_staged", editor_saves_meanwhile)
    with pytest.raises(LedgerError, match=r"figures\.csv: the file changed while this command ran"):
        mcl.release(version, dataset, date="2026-12-01")
    ids = {row["figure_id"]: row["added_in"] for row in read_rows(dataset / "figures.csv")}
    assert ids["saved-by-an-editor"] == "" and ids["deepseek-v3-parameters-again"] == ""
    assert not (dataset.parent / releasing.STAGING).exists()


def test_a_compact_descriptor_gets_the_new_version(dataset):
    version = pending_release(dataset)
    descriptor = dataset / "datapackage.json"
    descriptor.write_text(json.dumps(json.loads(descriptor.read_text("utf-8"))), "utf-8")
    mcl.release(version, dataset, date="2026-12-01")
    assert json.loads(descriptor.read_text("utf-8"))["version"] == version


def test_build_refuses_the_dataset_and_a_folder_of_other_files(dataset, tmp_path):
    before = (dataset / "datapackage.json").read_bytes()
    with pytest.raises(LedgerError, match="refusing to write the build into the dataset"):
        mcl.build(dataset, dataset)
    assert (dataset / "datapackage.json").read_bytes() == before
    other = tmp_path / "notes"
    other.mkdir()
    (other / "datapackage.json").write_text("mine", encoding="utf-8")
    with pytest.raises(LedgerError, match="holds other files"):
        mcl.build(other, dataset)
    assert (other / "datapackage.json").read_text(encoding="utf-8") == "mine"


def test_a_build_killed_midway_leaves_no_checksums_and_can_be_rerun(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    mcl.build(out)
    with monkeypatch.context() as patched:

        def killed(source, target):
            raise KeyboardInterrupt

        patched.setattr(bundle.os, "replace", killed)
        with pytest.raises(KeyboardInterrupt):
            mcl.build(out)
    assert not (out / bundle.SUMS).exists()
    assert (out / bundle.SUMS) in mcl.build(out).files


@pytest.mark.parametrize(
    "argv, target",
    [(["sources", "--write"], "sources.md"), (["plot", "-o", "costs.png"], "costs.png")],
)
def test_writing_commands_never_follow_a_symbolic_link(argv, target, checkout, capsys):
    pytest.importorskip("matplotlib")
    victim = checkout / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (checkout / target).unlink(missing_ok=True)
    (checkout / target).symlink_to(victim)
    assert main(argv) == 2
    assert "refusing to write through a symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_write_into_a_missing_folder_is_one_line_naming_the_file(checkout, capsys):
    pytest.importorskip("matplotlib")
    assert main(["plot", "-o", "missing/costs.png"]) == 2
    assert capsys.readouterr().err == (
        "error: missing/costs.png: cannot write the file: No such file or directory\n"
    )
