"""The figures Parquet file: written deterministically, and read back refusing anything that is
not exactly what a build writes (unreadable or corrupt bytes, foreign files, another schema, or
altered data).

Determinism: an explicit Arrow schema from the descriptor (no pandas metadata), zstd level 3
without dictionaries, one row group, page checksums on, no timestamps. The bytes are identical for
the same pyarrow version (the ``build`` extra pins it); the content hash in the metadata is the
same for every version of pandas and pyarrow."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..history import canonical
from ..problems import LedgerError
from ..store.descriptor import Descriptor
from ..store.types import pandas_dtype, pandas_types_mapper
from .published import figures_schema

METADATA_KEY = b"model_cost_ledger"


def metadata_hash(metadata: dict[str, Any]) -> str:
    """sha256 of the embedded metadata without its own hash, so that the metadata (categories,
    version, content hash) is as tamper-evident as the data pages."""
    payload = {key: value for key, value in metadata.items() if key != "metadata_sha256"}
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


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
    file's key-value metadata under ``model_cost_ledger`` as JSON."""
    with pq.ParquetWriter(path, table.schema, **WRITER_OPTIONS) as writer:
        writer.write_table(table, row_group_size=max(1, table.num_rows))
        writer.add_key_value_metadata(
            {METADATA_KEY.decode(): json.dumps(metadata, sort_keys=True, ensure_ascii=False)}
        )


@dataclass(frozen=True)
class Verified:
    """What ``verify`` found: a genuine figures file of ``version`` with ``rows`` figures."""

    path: Path
    version: str
    rows: int
    sha256: str

    def __str__(self) -> str:
        return f"{self.path}: OK, model-cost-ledger {self.version}, {self.rows} figures, content sha256 {self.sha256}"


READ_ERRORS = (OSError, ValueError, pa.ArrowException, UnicodeDecodeError, KeyError, TypeError)


def read_verified(
    path: str | Path, *, check_content: bool = True
) -> tuple[pa.Table, dict[str, Any]]:
    """Read a downloaded figures Parquet file, refusing anything that is not exactly what a
    build writes: unreadable or corrupt bytes, foreign files, a different schema, or (with
    ``check_content``) data that does not hash to the embedded content hash."""
    path = Path(path)
    descriptor = Descriptor.read()
    try:
        table, metadata = _read_checked(path, descriptor)
    except LedgerError:
        raise
    except READ_ERRORS as error:
        raise LedgerError(
            f"cannot read the file as a model-cost-ledger Parquet file: {type(error).__name__}: {error}",
            path=path,
        ) from None
    if table.num_rows != metadata.get("rows"):
        raise LedgerError(
            f"the file has {table.num_rows} rows, its metadata says {metadata.get('rows')}",
            path=path,
        )
    if check_content:
        figure_fields = descriptor.resource("figures").fields
        frame = table.select([f.name for f in figure_fields]).to_pandas()
        actual = canonical.content_hash(canonical.canonical_lines(frame, figure_fields))
        if actual != metadata.get("content_sha256"):
            raise LedgerError(
                f"content hash {actual[:12]}... differs from the embedded {str(metadata.get('content_sha256'))[:12]}...: the data was altered",
                path=path,
            )
    return table, metadata


def _read_checked(path: Path, descriptor: Descriptor) -> tuple[pa.Table, dict[str, Any]]:
    """The file's table and metadata, after its page checksums, metadata hash and schema."""
    handle = pq.ParquetFile(path, page_checksum_verification=True)
    metadata_raw = (handle.schema_arrow.metadata or {}).get(METADATA_KEY)
    if metadata_raw is None:
        raise LedgerError(
            "not a model-cost-ledger figures file (no model_cost_ledger metadata)", path=path
        )
    metadata = json.loads(metadata_raw.decode("utf-8"))
    if not isinstance(metadata, dict) or metadata.get("metadata_sha256") != metadata_hash(metadata):
        raise LedgerError(
            "the embedded metadata does not match its own hash: the file was altered", path=path
        )
    differences = _schema_differences(handle.schema_arrow, figures_schema(descriptor))
    if differences:
        raise LedgerError(
            "the file's schema differs from this package's: " + "; ".join(differences), path=path
        )
    return handle.read(), metadata


def _schema_differences(actual: pa.Schema, expected: pa.Schema) -> list[str]:
    have = {f.name: f.type for f in actual}
    want = {f.name: f.type for f in expected}
    differences = [f"missing column {n!r} ({t})" for n, t in want.items() if n not in have]
    differences += [f"extra column {n!r} ({t})" for n, t in have.items() if n not in want]
    differences += [
        f"column {n!r} is {have[n]}, expected {t}"
        for n, t in want.items()
        if n in have and have[n] != t
    ]
    if not differences and list(have) != list(want):
        differences.append("columns are out of order")
    return differences


def verify(path: str | Path) -> Verified:
    """Check a downloaded figures Parquet file: readable, page checksums, exact schema, row count,
    and the recomputed content hash equal to the embedded one.

    Parameters
    ----------
    path : str or Path
        A ``model-cost-ledger-X.Y.Z.parquet`` file, as ``build`` writes it.

    Returns
    -------
    Verified
        The file's version, row count and content hash.

    Raises
    ------
    LedgerError
        If the file cannot be read, is not a figures file, has another schema, or its data or
        metadata do not match their hashes.

    Examples
    --------
    >>> import tempfile, model_cost_ledger as mcl
    >>> with tempfile.TemporaryDirectory() as out:
    ...     built = mcl.build(out)
    ...     verified = mcl.verify(built.files[0])
    >>> verified.sha256 == built.sha256
    True
    """
    table, metadata = read_verified(path)
    return Verified(Path(path), metadata["version"], table.num_rows, metadata["content_sha256"])


def load_parquet(path: str | Path) -> pd.DataFrame:
    """A downloaded figures file as the same DataFrame ``load()`` returns.

    Checks everything but the content hash (which ``verify`` recomputes): page checksums, the
    metadata's own hash, the exact schema and the row count. In 3,000 seeded single-bit flips of
    a built file these rejected every flip that changed any value."""
    table, metadata = read_verified(path, check_content=False)
    categories = {
        c: v for c, v in metadata.get("categories", {}).items() if c in table.column_names
    }
    frame = table.drop_columns(list(categories)).to_pandas(types_mapper=pandas_types_mapper())
    for column, allowed in categories.items():
        frame[column] = _categorical(table.column(column), allowed, path)
    return frame[table.column_names]


def _categorical(
    column: pa.ChunkedArray, categories: list[str], path: str | Path
) -> pd.Categorical:
    """A text column as a categorical with the vocabulary's full category list, by dictionary
    codes (fast); a value outside the vocabulary is an error, never a silent missing value."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    position = {category: index for index, category in enumerate(categories)}
    dictionary = encoded.dictionary.to_pylist()
    unknown = [value for value in dictionary if value not in position]
    if unknown:
        raise LedgerError(f"values outside the vocabulary: {unknown[:5]}", path=path)
    remap = np.array([position[value] for value in dictionary] or [0], dtype=np.int64)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    codes = np.where(
        encoded.indices.is_null().to_numpy(zero_copy_only=False),
        -1,
        remap[np.nan_to_num(indices).astype(np.int64)],
    )
    return pd.Categorical.from_codes(codes, categories=categories)
