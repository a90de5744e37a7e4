"""The Parquet files of a build, written deterministically (``verification`` reads them back,
refusing anything that is not exactly what a build writes).

Determinism: an explicit Arrow schema from the descriptor (the ``pandas`` metadata written from
the type map, never by pandas), zstd level 3
without dictionaries, one row group, page checksums on, no timestamps. The bytes are identical for
the same pyarrow version (the ``build`` extra pins it); the content hash in the metadata is the
same for every version of pandas and pyarrow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..store.types import PANDAS_KEY, pandas_dtype, pandas_metadata
from .embedded import METADATA_KEY, metadata_hash

WRITER_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": False,
    "version": "2.6",
    "data_page_version": "1.0",
    "write_page_checksum": True,
    "store_schema": False,
}


def arrow_table(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """The frame as an Arrow table of exactly ``schema`` (vectorized; no pandas metadata)."""
    columns = []
    for field in schema:
        column = frame[field.name]
        if pa.types.is_date32(field.type):
            dates = pd.to_datetime(column).dt.date.astype(object).where(column.notna(), None)
            columns.append(pa.array(dates.tolist(), type=field.type))
        else:
            dtype = pandas_dtype(field.type)
            columns.append(pa.array(column.astype(dtype), type=field.type, from_pandas=True))
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet(table: pa.Table, path: Path, metadata: dict[str, Any]) -> None:
    """Write with the deterministic settings of the module docstring; ``metadata`` goes into the
    file's key-value metadata under ``model_cost_ledger`` as JSON, with its own hash added, beside
    the type map's ``pandas`` metadata of the table's schema."""
    metadata = {**metadata, "metadata_sha256": metadata_hash(metadata)}
    with pq.ParquetWriter(path, table.schema, **WRITER_OPTIONS) as writer:
        writer.write_table(table, row_group_size=max(1, table.num_rows))
        writer.add_key_value_metadata(
            {
                METADATA_KEY.decode(): json.dumps(metadata, sort_keys=True, ensure_ascii=False),
                PANDAS_KEY.decode(): pandas_metadata(table.schema).decode("utf-8"),
            }
        )
