"""The checks on a downloaded Parquet file, refusing anything that is not exactly what a build
writes; ``verify`` and ``load(path)`` (``verification``) run them, in this order:

1. the bytes are a Parquet file, with page checksums that match (pyarrow checks them on read);
2. its embedded metadata is well formed and matches its own hash (``embedded``);
3. its schema is exactly the package's (names, order, types, required columns, pandas metadata);
4. the footer's row count and column sizes are within bounds (``bounds``), before any data page
   is decompressed;
5. the rows: as many as the metadata says, sorted by key with each key once, vocabulary columns
   within their vocabularies;
6. for the figures of a release this package knows, the figure columns hash to the release's
   recorded content hash (``releases.csv``), and otherwise which figure and field differ;
7. every published column (context columns too) hashes to the embedded content hash.

A figures file of a version this package does not know passes 1-5 and 7 only: ``verify`` says so
plainly and ``load`` refuses it (embedded hashes can be recomputed by anyone)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..history import canonical
from ..history.releases import recorded_hash, release_mismatch
from ..history.versions import known_versions
from ..problems import LedgerError
from ..store.descriptor import Descriptor, Field
from ..store.reading import read_tables, read_typed
from ..store.types import arrow_schema, typed_frame
from .bounds import check_sizes
from .embedded import METADATA_KEY, parse_metadata
from .frames import (
    categorical,
    check_categories,
    check_keys,
    check_pandas_metadata,
    schema_differences,
)
from .published import category_columns

READ_ERRORS = (OSError, ValueError, pa.ArrowException, UnicodeDecodeError)


@dataclass(frozen=True)
class ReleaseVerdict:
    """What check 6 found for a figures file (for a relational table: nothing to find)."""

    known_release: bool  # figures of a release this package knows, checked against its record
    known_versions: tuple[str, ...]  # the releases the record holds, oldest first


@dataclass(frozen=True)
class Checked:
    """A file that passed every check: its table, metadata, rows as a frame, and whether its
    figures were checked against this package's record of the release."""

    table: str
    metadata: dict[str, Any]
    frame: pd.DataFrame
    release: ReleaseVerdict


def published_fields(descriptor: Descriptor, table: str, path: object) -> tuple[Field, ...]:
    """The columns a build writes for ``table``: the published figures, or a relational table."""
    if table == "figures":
        return descriptor.published.fields
    resource = descriptor.resources.get(table)
    if resource is None or not resource.is_published:
        raise LedgerError(
            f"the file claims to hold table {table[:80]!r}, which no build writes", path=path
        )
    return resource.fields


def checked_file(
    source: Path | pa.BufferReader,
    path: Path,
    descriptor: Descriptor,
    stamped: ReleaseVerdict | None = None,
) -> Checked:
    """The module docstring's checks on the file at ``path``, read from ``source`` (the path,
    or its bytes); ``LedgerError`` or a ``READ_ERRORS`` exception for a file that fails one.
    ``stamped``: these exact bytes passed checks 6 and 7 before under this code and this release
    record (a verification stamp), with this verdict on the release, so neither the hashes nor
    the release record are computed or read again; every other check runs."""
    handle = pq.ParquetFile(source, page_checksum_verification=True)
    metadata = parse_metadata((handle.schema_arrow.metadata or {}).get(METADATA_KEY), path)
    fields = published_fields(descriptor, metadata["table"], path)
    differences = schema_differences(handle.schema_arrow, arrow_schema(fields))
    if differences:
        raise LedgerError(
            "the file's schema differs from this package's: " + "; ".join(differences), path=path
        )
    check_pandas_metadata(handle.schema_arrow, path)
    _check_rows(handle.metadata.num_rows, metadata["rows"], path)
    check_sizes(handle, fields, descriptor, path)
    table = _rows(source, handle, metadata, descriptor)
    _check_rows(table.num_rows, metadata["rows"], path)
    check_keys(table, fields[0].name, path)
    frame = _frame(table, metadata, descriptor, path)
    if stamped is not None:
        return Checked(metadata["table"], metadata, frame, stamped)
    verdict, expected = ReleaseVerdict(False, ()), None
    if metadata["table"] == "figures":
        releases = read_typed(None, descriptor.resource("releases")).typed
        expected = recorded_hash(releases, metadata["version"])
        verdict = ReleaseVerdict(expected is not None, tuple(known_versions(releases)))
        figure_fields = descriptor.resource("figures").fields
        lines = canonical.canonical_lines(frame, figure_fields)[1:]
        _check_release(frame, lines, metadata, expected, figure_fields, path)
        context = canonical.canonical_lines(frame, fields[len(figure_fields) :])[1:]
        lines = [f"{a[:-1]},{b[1:]}" for a, b in zip(lines, context, strict=True)]
    else:
        lines = canonical.canonical_lines(frame, fields, fields[0].name)[1:]
    _check_hash(lines, fields, metadata["content_sha256"], "every column", path)
    return Checked(metadata["table"], metadata, frame, verdict)


def _rows(
    source: Path | pa.BufferReader,
    handle: pq.ParquetFile,
    metadata: dict[str, Any],
    descriptor: Descriptor,
) -> pa.Table:
    """The file's rows, each column read once: text as large strings, which pandas' string
    dtype holds (read as strings, ``to_pandas`` would copy every text column into large
    strings); the figures' vocabulary columns as dictionaries (as they are stored), so that
    making them categoricals does not encode every row again."""
    names = handle.schema_arrow.names
    vocabularies = list(category_columns(descriptor)) if metadata["table"] == "figures" else []
    others = [name for name in names if name not in vocabularies]
    columns = dict(zip(others, _read(source, others).columns, strict=True))
    if vocabularies:
        read = _read(source, vocabularies, dictionaries=True).columns
        columns.update(zip(vocabularies, read, strict=True))
    return pa.table({name: columns[name] for name in names})


def _read(
    source: Path | pa.BufferReader, columns: list[str], dictionaries: bool = False
) -> pa.Table:
    """``columns`` of the file, page checksums verified; as dictionaries, or text as large
    strings (pyarrow reads one or the other)."""
    if dictionaries:
        options: dict[str, Any] = {"read_dictionary": columns}
    else:
        options = {"binary_type": pa.large_binary()}
    return pq.ParquetFile(source, page_checksum_verification=True, **options).read(columns)


def _check_rows(actual: int, declared: int, path: object) -> None:
    if actual != declared:
        raise LedgerError(f"the file has {actual} rows, its metadata says {declared}", path=path)


def _check_hash(
    lines: list[str], fields: tuple[Field, ...], embedded: str, what: str, path: object
) -> None:
    """``lines`` (canonical rows of ``fields``, sorted) hash to the ``embedded`` hash."""
    header = canonical.to_json([field.name for field in fields])
    actual = canonical.content_hash([header, *lines])
    if actual != embedded:
        raise LedgerError(
            f"the content hash of {what} {actual[:12]}... differs from the embedded {embedded[:12]}...: the data was altered",
            path=path,
        )


def _frame(
    table: pa.Table, metadata: dict[str, Any], descriptor: Descriptor, path: object
) -> pd.DataFrame:
    """The rows as ``load()`` types them; vocabulary columns of the figures as categoricals."""
    categories: dict[str, list[str]] = {}
    if metadata["table"] == "figures":
        categories = check_categories(metadata["categories"], descriptor, path)
    frame = typed_frame(table.drop_columns(list(categories)))
    for column, allowed in categories.items():
        frame[column] = categorical(table.column(column), allowed, column, path)
    return frame[table.column_names]


def _check_release(
    frame: pd.DataFrame,
    lines: list[str],
    metadata: dict[str, Any],
    expected: str | None,
    fields: tuple[Field, ...],
    path: object,
) -> None:
    """Refuse figure columns that do not hash to the release record's hash ``expected`` (None:
    a release this package does not know), naming what differs, or to the file's own."""
    version = metadata["version"]
    header = canonical.to_json([field.name for field in fields])
    actual = canonical.content_hash([header, *lines])
    if expected is not None and actual != expected:
        rows = canonical.canonical_rows(frame, fields)
        raise LedgerError(
            f"the data was altered: {_located(rows, fields, version, actual, expected)}",
            path=path,
        )
    _check_hash(lines, fields, metadata["release_sha256"], "the figure columns", path)


def _located(
    rows: list[list], fields: tuple[Field, ...], version: str, actual: str, expected: str
) -> str:
    """``release_mismatch`` with this package's tables, naming each figure that differs."""
    try:
        return release_mismatch(rows, fields, version, read_tables())
    except LedgerError:  # the installed tables cannot be read: say what is known
        return f"the figures hash to {actual[:12]}..., release {version} is recorded as {expected[:12]}..."
