"""Forged or damaged artifacts never load or verify as genuine: edits with every embedded hash
recomputed (no key is needed for that), hostile embedded metadata, a small file that would
inflate to gigabytes, and time travel through edited history. ``verify`` and ``load`` agree on
every file; each case names what is wrong."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from helpers import edit

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.history import canonical, releases
from model_cost_ledger.publish import parquet
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_tables
from model_cost_ledger.store.types import pandas_types_mapper

FIGURE = "deepseek-v3-training-cost"
VERSION = mcl.__version__  # the shipped release, the one a build writes
ROWS = int(mcl.tables()["releases"].set_index("version").at[VERSION, "figures"])
KNOWN = ", ".join(mcl.tables()["releases"]["version"])
Change = Callable[[pa.Table], pa.Table]


@pytest.fixture(scope="module")
def figures_file(bundle) -> Path:
    return next(p for p in bundle.files if p.name == f"model-cost-ledger-{bundle.version}.parquet")


def original(path: Path) -> tuple[pa.Table, dict[str, Any]]:
    handle = pq.ParquetFile(path)
    return handle.read(), json.loads(handle.metadata.metadata[b"model_cost_ledger"])


def recomputed(table: pa.Table, metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata a forger writes for ``table``: rows and both content hashes recomputed (the
    writer adds the metadata's own hash)."""
    descriptor = Descriptor.read()
    frame = table.to_pandas(types_mapper=pandas_types_mapper())
    if metadata["table"] != "figures":
        fields = descriptor.resource(metadata["table"]).fields
        lines = canonical.canonical_lines(frame, fields, fields[0].name)
        return {**metadata, "rows": table.num_rows, "content_sha256": canonical.content_hash(lines)}
    everything = canonical.canonical_lines(frame, descriptor.published.fields)
    figures = canonical.canonical_lines(frame, descriptor.resource("figures").fields)
    return {
        **metadata,
        "rows": table.num_rows,
        "content_sha256": canonical.content_hash(everything),
        "release_sha256": canonical.content_hash(figures),
    }


def forge(source: Path, target: Path, change: Change, recompute: bool = True, **meta: Any) -> Path:
    table, metadata = original(source)
    table = change(table)
    metadata = {**metadata, **meta}
    parquet.write_parquet(table, target, recomputed(table, metadata) if recompute else metadata)
    return target


def with_raw_metadata(source: Path, target: Path, raw: str) -> Path:
    table, _ = original(source)
    with pq.ParquetWriter(target, table.schema, **parquet.WRITER_OPTIONS) as writer:
        writer.write_table(table)
        writer.add_key_value_metadata({"model_cost_ledger": raw})
    return target


def cell(table: pa.Table, column: str, figure_id: str, value: Any) -> pa.Table:
    """``table`` with one cell of the row ``figure_id`` replaced."""
    ids = table.column("figure_id").to_pylist()
    values = table.column(column).to_pylist()
    values[ids.index(figure_id)] = value
    field = table.schema.field(column)
    return table.set_column(
        table.schema.get_field_index(column), field, pa.array(values, field.type)
    )


def without(table: pa.Table, figure_id: str) -> pa.Table:
    return table.filter(pc.not_equal(table.column("figure_id"), figure_id))


def null_id(table: pa.Table) -> pa.Table:
    ids = table.column("figure_id").to_pylist()
    ids[0] = None
    index = table.schema.get_field_index("figure_id")
    return table.set_column(index, pa.field("figure_id", pa.string()), pa.array(ids))


def refused_alike(path: Path, message: str) -> None:
    """``verify`` and ``load`` both refuse ``path`` with a LedgerError matching ``message``."""
    with pytest.raises(mcl.LedgerError, match=message) as by_verify:
        mcl.verify(path)
    with pytest.raises(mcl.LedgerError, match=message) as by_load:
        mcl.load(path)
    assert str(by_verify.value) == str(by_load.value) and str(path) in str(by_load.value)


FORGERIES: dict[str, tuple[Change, bool, str]] = {  # id -> (change, hashes recomputed, message)
    "context-column-edited": (
        lambda t: cell(t, "source_url", FIGURE, "https://evil.example/report"),
        False,
        r"content hash of every column [0-9a-f]{12}\.\.\. differs from the embedded [0-9a-f]{12}\.\.\.: the data was altered",
    ),
    "subject-name-edited": (
        lambda t: cell(t, "subject_name", FIGURE, "GPT-5"),
        False,
        "content hash of every column .* the data was altered",
    ),
    "value-times-ten-hashes-recomputed": (
        lambda t: cell(t, "value", FIGURE, 55760000.0),
        True,
        rf"the data was altered: the figures hash to .* release {re.escape(VERSION)} is recorded as .*: figure '{FIGURE}' was changed in value",
    ),
    "row-deleted-count-and-hashes-recomputed": (
        lambda t: without(t, FIGURE),
        True,
        rf"the data was altered: .*figure '{FIGURE}' is missing; {ROWS - 1} figures where the release has {ROWS}",
    ),
    "null-figure-id": (
        null_id,
        True,
        "schema differs from this package's: column 'figure_id' may hold missing values, but it is required",
    ),
    "rows-reordered": (
        lambda t: t.take(list(range(t.num_rows))[::-1]),
        True,
        "row 2: figure_id '.*' comes after '.*'; rows are sorted by figure_id, each once",
    ),
    "row-duplicated": (
        lambda t: pa.concat_tables([t.slice(0, 1), t]),
        True,
        "row 2: figure_id '.*' appears twice; rows are sorted by figure_id, each once",
    ),
    "column-twice": (
        lambda t: t.append_column(t.schema.field("notes"), t.column("notes")),
        False,
        "schema differs from this package's: column 'notes' appears twice",
    ),
}


@pytest.mark.parametrize("name", FORGERIES)
def test_a_forged_figures_file_is_refused_by_verify_and_load_alike(figures_file, tmp_path, name):
    change, recompute, message = FORGERIES[name]
    refused_alike(forge(figures_file, tmp_path / "forged.parquet", change, recompute), message)


def test_a_forged_file_is_one_error_line_from_the_cli(figures_file, tmp_path, capsys):
    forged = forge(
        figures_file, tmp_path / "forged.parquet", FORGERIES["value-times-ten-hashes-recomputed"][0]
    )
    assert main(["verify", str(forged)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {forged}: the data was altered")


def test_a_version_this_package_does_not_know_is_said_plainly(figures_file, tmp_path, capsys):
    forged = forge(
        figures_file,
        tmp_path / "future.parquet",
        lambda t: cell(t, "value", FIGURE, 1.0),
        version="9.9.9",
    )
    verified = mcl.verify(forged)
    assert not verified.known_release and not verified.complete
    assert (
        f"NOT VERIFIED: version 9.9.9 is not a release this package knows (it knows {KNOWN}"
        in str(verified)
    )
    assert main(["verify", str(forged)]) == 1 and "NOT VERIFIED" in capsys.readouterr().out
    with pytest.raises(
        mcl.LedgerError, match=r"version 9\.9\.9 is not a release this package knows"
    ):
        mcl.load(forged)


def test_a_huge_cell_is_refused_before_it_is_decompressed(figures_file, tmp_path, monkeypatch):
    def bomb(table: pa.Table) -> pa.Table:  # 20 rows, one of them with a 4 MiB cell
        ids = table.column("figure_id").to_pylist()
        keep = sorted({ids.index(FIGURE), *range(19)})[:20]
        return cell(table.take(keep), "notes", FIGURE, "a" * (4 << 20))

    forged = forge(figures_file, tmp_path / "bomb.parquet", bomb)
    assert forged.stat().st_size < figures_file.stat().st_size  # small on disk, 4 MiB inflated

    def no_reading(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the data was read")

    monkeypatch.setattr(pq.ParquetFile, "read", no_reading)
    refused_alike(
        forged,
        r"row group 0 would take 4,\d{3},\d{3} bytes uncompressed, at most [\d,]+ allowed for 20"
        r" rows of at most [\d,]+ bytes each: refused before reading it",
    )


def metadata_of(figures_file: Path, **changes: Any) -> str:
    """The genuine embedded metadata with ``changes`` (a value of None removes the key), its own
    hash recomputed, so that only the change is wrong."""
    _, metadata = original(figures_file)
    metadata.update(changes)
    metadata = {k: v for k, v in metadata.items() if v is not None}
    metadata["metadata_sha256"] = parquet.metadata_hash(metadata)
    return json.dumps(metadata)


HOSTILE_METADATA: dict[str, tuple[Callable[[Path], str], str]] = {
    "not-json": (lambda f: "{", "the embedded metadata is not valid JSON: Expecting property name"),
    "a-list": (lambda f: "[]", "the embedded metadata is not a JSON object"),
    "deeply-nested": (
        lambda f: '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "the embedded metadata is nested too deeply",
    ),
    "infinity": (
        lambda f: metadata_of(f).replace(f'"rows": {ROWS}', '"rows": Infinity'),
        "not valid JSON: Infinity is not a JSON number",
    ),
    "nan": (
        lambda f: metadata_of(f).replace(f'"rows": {ROWS}', '"rows": NaN'),
        "not valid JSON: NaN is not a JSON number",
    ),
    "duplicate-key": (
        lambda f: metadata_of(f).replace('{"', '{"version": "9.9.9", "', 1),
        "not valid JSON: duplicate key 'version'",
    ),
    "missing-version": (
        lambda f: metadata_of(f, version=None),
        "the embedded metadata has no 'version'",
    ),
    "version-not-x-y-z": (
        lambda f: metadata_of(f, version="0.2"),
        "the embedded metadata's 'version' is \"0.2\", expected a version X.Y.Z",
    ),
    "rows-as-text": (
        lambda f: metadata_of(f, rows=str(ROWS)),
        f"'rows' is \"{ROWS}\", expected a row count",
    ),
    "rows-true": (lambda f: metadata_of(f, rows=True), "'rows' is true, expected a row count"),
    "categories-not-lists": (
        lambda f: metadata_of(f, categories={"basis": "derived"}),
        "'categories' is .*, expected an object of column -> list of distinct texts",
    ),
    "categories-of-numbers": (
        lambda f: metadata_of(f, categories={"basis": [1, 2]}),
        "'categories' is .*, expected an object of column -> list",
    ),
    "enum-changed": (
        lambda f: metadata_of(f, categories={**original(f)[1]["categories"], "basis": ["rumour"]}),
        r"the embedded vocabulary of 'basis' is \['rumour'\], expected \['self_reported'",
    ),
    "vocabulary-missing": (
        lambda f: metadata_of(f, categories={"basis": original(f)[1]["categories"]["basis"]}),
        r"the embedded vocabularies are for columns \['basis'\], expected \['as_of_precision', 'basis', 'confidence'",
    ),
    "unknown-table": (
        lambda f: metadata_of(f, table="secrets"),
        "the file claims to hold table 'secrets', which no build writes",
    ),
    "own-hash-wrong": (
        lambda f: metadata_of(f).replace(f'"rows": {ROWS}', f'"rows": {ROWS - 1}'),
        "does not match its own hash: the file was altered",
    ),
}


@pytest.mark.parametrize("name", HOSTILE_METADATA)
def test_hostile_metadata_is_a_clear_error_from_verify_and_load_alike(figures_file, tmp_path, name):
    raw, message = HOSTILE_METADATA[name]
    refused_alike(
        with_raw_metadata(figures_file, tmp_path / "hostile.parquet", raw(figures_file)), message
    )


def test_verify_accepts_every_parquet_file_build_writes(bundle, capsys):
    files = [p for p in bundle.files if p.suffix == ".parquet"]
    assert len(files) == 6
    for path in files:
        verified = mcl.verify(path)
        assert verified.complete and verified.version == bundle.version
        assert (
            main(["verify", str(path)]) == 0
            and ": OK, model-cost-ledger" in capsys.readouterr().out
        )


def test_a_relational_table_is_checked_and_never_loaded_as_the_figures(bundle, tmp_path):
    sources = next(p for p in bundle.files if p.name.endswith("-sources.parquet"))
    assert mcl.verify(sources).table == "sources"
    with pytest.raises(mcl.LedgerError, match="this is the sources table; load"):
        mcl.load(sources)
    retitled = forge(
        sources,
        tmp_path / "sources.parquet",
        lambda t: t.set_column(1, t.schema.field(1), pa.array(["x"] * t.num_rows)),
        recompute=False,
    )
    with pytest.raises(
        mcl.LedgerError, match=r"content hash of every column .* the data was altered"
    ):
        mcl.verify(retitled)


def test_time_travel_refuses_an_edited_release(dataset):
    edit(dataset, "figures", "deepseek-v3-gpu-hours", value="2789000", reported_as="2789K")
    message = (
        r"today's tables no longer rebuild release 0\.1\.0: the figures hash to [0-9a-f]{12}\.\.\., release 0\.1\.0 is recorded as "
        r"720646522696\.\.\.: figure 'deepseek-v3-gpu-hours' was changed in value, reported_as; run `model-cost-ledger validate`"
    )
    with pytest.raises(mcl.LedgerError, match=message):  # the check time travel itself makes
        releases.figures_in(
            read_tables(dataset), "0.1.0", Descriptor.read(dataset).resource("figures").fields
        )
    with pytest.raises(
        mcl.LedgerError, match=r"releases:0\.1\.0:sha256: \[release-hash-mismatch\]"
    ):
        mcl.load(dataset, version="0.1.0")  # refused earlier still: the dataset does not validate
