"""Size limits checked in a Parquet file's footer before any data page is decompressed, so that a
small file that would inflate to gigabytes (a zstd page of one huge cell) is refused without
allocating it. The limit comes from the descriptor: the longest cell each field allows
(``maxLength``, the longest enum value, or ``DEFAULT_TEXT_CHARS``), summed over the columns,
times the rows."""

from __future__ import annotations

import pyarrow.parquet as pq

from ..problems import LedgerError
from ..store.descriptor import Descriptor, Field

MAX_ROWS = 10_000_000  # ten times the largest ledger the benchmarks measure
DEFAULT_TEXT_CHARS = 1_000  # a text field that declares no maxLength (ids, versions, dates)
FIXED_WIDTH = {"number": 8, "integer": 8, "date": 4, "boolean": 1}
VALUE_OVERHEAD = 5  # bytes per value beyond its cell: the length prefix and its levels
CHUNK_OVERHEAD = 64 << 10  # page headers and statistics of one column chunk


def longest_cell(field: Field, descriptor: Descriptor) -> int:
    """The most bytes one cell of ``field`` may take (UTF-8: at most 4 bytes per character)."""
    if field.type in FIXED_WIDTH:
        return FIXED_WIDTH[field.type]
    origin = field
    if field.join is not None:
        origin = descriptor.resource(field.join.resource).field(field.join.field)
    characters = field.constraints.get("maxLength") or origin.constraints.get("maxLength")
    if characters is None and origin.enum:
        characters = max(len(value) for value in origin.enum)
    return 4 * int(characters or DEFAULT_TEXT_CHARS)


def check_sizes(
    handle: pq.ParquetFile, fields: tuple[Field, ...], descriptor: Descriptor, path: object
) -> None:
    """Refuse a file whose footer declares more rows than ``MAX_ROWS``, or a row group larger
    uncompressed than its rows' longest cells allow. (Row groups, not column chunks: pyarrow
    aborts the process on some corrupt column-chunk statistics, never on row-group sizes.)"""
    footer = handle.metadata
    if footer.num_rows > MAX_ROWS:
        raise LedgerError(
            f"the file declares {footer.num_rows:,} rows, at most {MAX_ROWS:,} allowed", path=path
        )
    row_bytes = sum(longest_cell(field, descriptor) + VALUE_OVERHEAD for field in fields)
    for index in range(footer.num_row_groups):
        group = footer.row_group(index)
        limit = group.num_rows * row_bytes + len(fields) * CHUNK_OVERHEAD
        if group.total_byte_size > limit:
            raise LedgerError(
                f"row group {index} would take {group.total_byte_size:,} bytes uncompressed, at"
                f" most {limit:,} allowed for {group.num_rows:,} rows of at most {row_bytes:,}"
                " bytes each: refused before reading it",
                path=path,
            )
