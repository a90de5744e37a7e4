"""The descriptor drives the code: the type map, list delimiters, list foreign keys, item
patterns, the published columns and the meaning columns come from dataset/datapackage.json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa

import model_cost_ledger as mcl
from model_cost_ledger.history.fingerprints import vocabulary_fingerprint
from model_cost_ledger.publish.published import figures_schema
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.types import TYPES


def set_cell(dataset: Path, table: str, key: str, column: str, value: str) -> None:
    path = dataset / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    first = next(iter(rows[0]))
    (row,) = [row for row in rows if row[first] == key]
    row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def located(problems: list[mcl.Problem]) -> set[tuple[str, str, str, str]]:
    return {(p.code, p.table, p.row_id, p.field) for p in problems}


def test_every_declared_type_is_in_the_type_map():
    descriptor = Descriptor.read()
    used = {f.type for r in descriptor.resources.values() for f in r.fields}
    used |= {f.type for f in descriptor.published.fields}
    assert used <= set(TYPES)


def test_published_columns_are_declared_with_types_and_descriptions():
    descriptor = Descriptor.read()
    declared = [f.name for f in descriptor.published.fields]
    assert list(mcl.load().columns) == declared
    assert all(f.description for f in descriptor.context_fields)
    schema = figures_schema(descriptor)
    assert schema.names == declared
    assert schema.field("currency_year").type == pa.int64()
    assert schema.field("source_title").type == pa.string()


def test_each_cited_item_is_a_foreign_key(dataset):
    set_cell(
        dataset,
        "sources",
        "deepseek-v3-report-2024",
        "cites",
        "wired-altman-giant-models-2023;no-such-source",
    )
    assert located(mcl.validate(dataset)) == {
        ("foreign-key", "sources", "deepseek-v3-report-2024", "cites")
    }


def test_each_cited_item_matches_the_item_pattern(dataset):
    set_cell(
        dataset,
        "sources",
        "deepseek-v3-report-2024",
        "cites",
        "wired-altman-giant-models-2023;Bad Id",
    )
    problems = mcl.validate(dataset)
    assert located(problems) == {
        ("pattern-mismatch", "sources", "deepseek-v3-report-2024", "cites"),
        ("foreign-key", "sources", "deepseek-v3-report-2024", "cites"),
    }
    (pattern,) = [p for p in problems if p.code == "pattern-mismatch"]
    assert pattern.message.startswith("'Bad Id' in ")


def test_list_delimiter_is_read_from_the_descriptor(dataset):
    """With '|' declared as the aliases delimiter, an alias after a '|' resolves; no code assumes ';'."""
    path = dataset / "datapackage.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    subjects = next(r for r in raw["resources"] if r["name"] == "subjects")
    next(f for f in subjects["schema"]["fields"] if f["name"] == "aliases")["delimiter"] = "|"
    path.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    set_cell(dataset, "subjects", "deepseek-r1", "aliases", "R1|Whale Reasoner")
    assert mcl.compare("Whale Reasoner", "gpt-4o", path=dataset).a == "deepseek-r1"


def test_only_meaning_columns_change_a_vocabulary_fingerprint(dataset):
    descriptor = Descriptor.read(dataset)
    before = vocabulary_fingerprint(descriptor, mcl.tables(dataset))
    set_cell(dataset, "metrics", "training_cost", "name", "Cost of training")
    assert vocabulary_fingerprint(descriptor, mcl.tables(dataset)) == before
    set_cell(dataset, "metrics", "training_cost", "units", "USD;EUR;CNY")
    after = vocabulary_fingerprint(descriptor, mcl.tables(dataset))
    assert {k for k in before if before[k] != after[k]} == {"metrics/training_cost"}


def test_a_join_may_take_the_rows_own_key():
    """organization_id's x-join says an organization is its own organization (ownKeyWhen)."""
    figures = mcl.load()
    organizations = figures[figures["subject_kind"] == "organization"]
    assert len(organizations) > 0
    assert organizations["organization_id"].tolist() == organizations["subject_id"].tolist()
    assert organizations["organization_name"].tolist() == organizations["subject_name"].tolist()
