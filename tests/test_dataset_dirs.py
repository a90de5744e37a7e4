"""Reading a dataset directory is safe: no file outside it is read, no special file blocks or
floods memory, a damaged descriptor is a located problem, one rule's failure hides no other, and
an invalid dataset is never loaded as if it were valid."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import threading

import pytest
from helpers import edit, located

import model_cost_ledger as mcl
from model_cost_ledger.store.location import dataset_version
from model_cost_ledger.validation import gate, runner


def problems_of(dataset) -> set[tuple[str, str, str, str]]:
    return located(mcl.validate(dataset))


def test_a_table_linked_to_the_environment_is_not_read(dataset, monkeypatch):
    monkeypatch.setenv("A_SECRET", "do-not-print-me")
    (dataset / "scopes.csv").unlink()
    (dataset / "scopes.csv").symlink_to("/proc/self/environ")
    problems = mcl.validate(dataset)
    assert ("path-outside-dataset", "scopes", "", "") in located(problems)
    assert "do-not-print-me" not in "".join(map(str, problems))


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.csv", "", "sub/../../x.csv"])
def test_a_descriptor_path_outside_the_dataset_is_refused(path, dataset):
    (dataset.parent / "outside.csv").write_text("secret,line\n", encoding="utf-8")
    descriptor = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == "scopes")["path"] = path
    (dataset / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems = mcl.validate(dataset)
    assert ("path-outside-dataset", "scopes", "", "") in located(problems)
    assert "secret" not in "".join(map(str, problems))


def test_a_fifo_never_blocks_and_a_device_is_never_read(dataset):
    os.mkfifo(dataset / "fifo.csv")
    descriptor = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == "scopes")["path"] = "fifo.csv"
    (dataset / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (dataset / "price_index.csv").unlink()
    (dataset / "price_index.csv").symlink_to("/dev/zero")
    found: list = []
    worker = threading.Thread(target=lambda: found.extend(mcl.validate(dataset)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "validate blocked on a FIFO"
    assert {
        ("not-a-regular-file", "scopes", "", ""),
        ("path-outside-dataset", "price_index", "", ""),
    } <= located(found)


@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK), reason="no writable /dev/shm")
def test_a_dataset_in_a_memory_folder_under_dev_is_read(dataset):
    """Only device files are refused under /dev: /dev/shm holds ordinary files."""
    with tempfile.TemporaryDirectory(dir="/dev/shm") as folder:
        copy = shutil.copytree(dataset.parent, os.path.join(folder, "checkout"))
        assert mcl.validate(os.path.join(copy, "dataset")) == []


@pytest.mark.parametrize(
    "text, where",
    [
        ("[]", "the descriptor must be an object, not list"),
        ('{"name": "x", "version": "1.0.0"}', "the descriptor has no 'resources'"),
        (
            '{"name": "x", "version": "1.0.0", "resources": [{"name": "a", "path": "a.csv",'
            ' "schema": {"fields": {}, "primaryKey": []}}]}',
            "the descriptor.resources[0].schema.fields must be a list, not dict",
        ),
        ("[" * 100_000, "nested too deeply"),
        ('{"name": "x" "version": "1.0.0"}', "Expecting ',' delimiter: line 1 column 14"),
    ],
)
def test_a_damaged_descriptor_is_one_located_problem(text, where, dataset):
    (dataset / "datapackage.json").write_text(text, encoding="utf-8")
    (problem,) = mcl.validate(dataset)
    assert (problem.table, problem.code) == ("datapackage", "descriptor-unreadable")
    assert where in problem.message
    with pytest.raises(mcl.LedgerError, match=r"datapackage\.json"):
        mcl.load(dataset)


def test_the_package_version_survives_a_damaged_descriptor(tmp_path):
    (tmp_path / "datapackage.json").write_text('{"version": "1.0.0" oops', encoding="utf-8")
    assert dataset_version(tmp_path) == "0+unknown"
    (tmp_path / "datapackage.json").write_text('{"version": "1.2.3"}', encoding="utf-8")
    assert dataset_version(tmp_path) == "1.2.3"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\n", "line 1 is empty; the header must be line 1"),
        (",x" * 70_000 + "y" * 140_000 + "\n", "the header cannot be read: field larger than"),
    ],
)
def test_a_header_that_cannot_be_read_is_located(text, expected, dataset):
    """The same problem when another library raised the process's CSV field limit (frictionless
    does on import; the test once failed only when such a test ran first in its process)."""
    path = dataset / "scopes.csv"
    header = path.read_text(encoding="utf-8").split("\n", 1)[0] if text != "\n" else ""
    path.write_text(text + path.read_text(encoding="utf-8") if not header else header + text)
    before = csv.field_size_limit(2**31 - 1)
    try:
        problems = [p for p in mcl.validate(dataset) if p.table == "scopes"]
    finally:
        csv.field_size_limit(before)
    assert csv.field_size_limit() == before
    assert [(p.code, p.row_id, p.field) for p in problems] == [("malformed-csv", "", "")]
    assert expected in problems[0].message


def test_a_malformed_added_in_is_reported_not_crashed_on(dataset):
    edit(dataset, "figures", "deepseek-v3-parameters", added_in="0.1.x")
    found = problems_of(dataset)
    assert ("pattern-mismatch", "figures", "deepseek-v3-parameters", "added_in") in found
    assert not {item for item in found if item[0] == "internal-error"}


def test_a_failing_rule_is_located_and_the_others_still_run(dataset, monkeypatch):
    def broken(tables):
        raise RecursionError("maximum recursion depth exceeded")

    broken.__name__ = "citation_chains"
    rules = tuple(broken if r.__name__ == "citation_chains" else r for r in runner.LEDGER_RULES)
    monkeypatch.setattr(runner, "LEDGER_RULES", rules)
    edit(dataset, "figures", "deepseek-v3-parameters", unit="tokens")
    (internal,) = [p for p in mcl.validate(dataset) if p.code == "internal-error"]
    assert (internal.table, internal.row_id) == ("sources", "")
    assert "rule citation_chains stopped: RecursionError" in internal.message
    assert ("unit-not-allowed", "figures", "deepseek-v3-parameters", "unit") in problems_of(dataset)


def test_an_invalid_dataset_is_never_loaded_silently(dataset):
    edit(dataset, "figures", "deepseek-v3-parameters", basis="rumour")
    for read in (mcl.load, mcl.tables, lambda d: mcl.chain("deepseek-v3-parameters", d)):
        with pytest.raises(mcl.LedgerError, match=r"does not validate \([0-9]+ problem") as raised:
            read(dataset)
        assert "figures:deepseek-v3-parameters:basis: [not-in-enum]" in str(raised.value)
    with pytest.raises(mcl.LedgerError, match="does not validate"):
        mcl.compare("deepseek-v3", "gpt-4", path=dataset)


def test_verifying_a_fifo_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "figures.parquet")
    with pytest.raises(mcl.LedgerError, match=r"figures\.parquet: not a regular file"):
        mcl.verify(tmp_path / "figures.parquet")


def test_a_dataset_found_valid_is_not_checked_again_until_a_byte_changes(dataset, monkeypatch):
    assert not runner.validate(dataset)
    gate.valid_tables(dataset)  # valid: stamped
    calls = []
    monkeypatch.setattr(runner, "validate", lambda path: calls.append(path) or [])
    gate.valid_tables(dataset)
    assert calls == []
    edit(dataset, "figures", "deepseek-v3-parameters", notes="an edit")
    gate.valid_tables(dataset)
    assert calls == [dataset]
    monkeypatch.setenv("MODEL_COST_LEDGER_CACHE", "off")
    gate.valid_tables(dataset)
    assert calls == [dataset, dataset]
