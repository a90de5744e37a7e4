"""Checks on a Parquet file's schema and rows that need no hashing: the exact columns, the pandas
metadata, keys sorted and unique, vocabulary columns within their vocabularies (as categoricals)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import LedgerError
from ..store.descriptor import Descriptor
from ..store.types import PANDAS_KEY, pandas_metadata
from .published import category_columns


def schema_differences(actual: pa.Schema, expected: pa.Schema) -> list[str]:
    """How ``actual`` differs from ``expected``: columns twice, missing, extra, of another type,
    optional where required, or out of order (empty: the same)."""
    names = [field.name for field in actual]
    differences = [
        f"column {n!r} appears twice" for n in sorted({n for n in names if names.count(n) > 1})
    ]
    have = {field.name: field for field in actual}
    want = {field.name: field for field in expected}
    differences += [f"missing column {n!r} ({f.type})" for n, f in want.items() if n not in have]
    differences += [f"extra column {n!r} ({f.type})" for n, f in have.items() if n not in want]
    for name, field in want.items():
        if name not in have:
            continue
        if have[name].type != field.type:
            differences.append(f"column {name!r} is {have[name].type}, expected {field.type}")
        elif have[name].nullable and not field.nullable:
            differences.append(f"column {name!r} may hold missing values, but it is required")
    if not differences and names != list(want):
        differences.append("columns are out of order")
    return differences


def check_pandas_metadata(schema: pa.Schema, path: object) -> None:
    """A file's ``pandas`` metadata, if it has one, is exactly what a build writes for its schema
    (it decides how pandas types the columns, and no hash covers it)."""
    pandas = (schema.metadata or {}).get(PANDAS_KEY)
    if pandas is not None and pandas != pandas_metadata(schema):
        raise LedgerError(
            "the file's pandas metadata is not the one a build writes for its columns: the file"
            " was altered",
            path=path,
        )


def check_keys(table: pa.Table, key: str, path: object) -> None:
    """Rows sorted by ``key`` with each key once, as a build writes them."""
    column = table.column(key).combine_chunks()
    if column.null_count:
        raise LedgerError(f"column {key!r} is missing in {column.null_count} rows", path=path)
    if len(column) < 2:
        return
    out_of_order = pc.greater_equal(column.slice(0, len(column) - 1), column.slice(1))
    if pc.any(out_of_order).as_py():
        index = pc.index(out_of_order, True).as_py()
        before, after = column[index].as_py(), column[index + 1].as_py()
        problem = "appears twice" if before == after else f"comes after {before!r}"
        raise LedgerError(
            f"row {index + 2}: {key} {after!r} {problem}; rows are sorted by {key}, each once",
            path=path,
        )


def check_categories(
    embedded: dict[str, list[str]], descriptor: Descriptor, path: object
) -> dict[str, list[str]]:
    """The embedded vocabularies, if they are those of this package's columns (enums exactly)."""
    expected = category_columns(descriptor)
    if set(embedded) != set(expected):
        raise LedgerError(
            f"the embedded vocabularies are for columns {sorted(embedded)[:20]}, expected {sorted(expected)}",
            path=path,
        )
    for column, enum in expected.items():
        if enum is not None and embedded[column] != enum:
            raise LedgerError(
                f"the embedded vocabulary of {column!r} is {embedded[column][:20]}, expected {enum}",
                path=path,
            )
    return {column: embedded[column] for column in expected}


def categorical(
    column: pa.ChunkedArray, categories: list[str], name: str, path: object
) -> pd.Categorical:
    """A text column as a categorical with the vocabulary's full category list, by dictionary
    codes (fast); a value outside the vocabulary is an error, never a silent missing value."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    position = {category: index for index, category in enumerate(categories)}
    dictionary: list[Any] = encoded.dictionary.to_pylist()
    unknown = [value for value in dictionary if value not in position]
    if unknown:
        raise LedgerError(
            f"column {name!r} holds values outside its vocabulary: {unknown[:5]}", path=path
        )
    remap = np.array([position[value] for value in dictionary] or [0], dtype=np.int64)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    codes = np.where(
        encoded.indices.is_null().to_numpy(zero_copy_only=False),
        -1,
        remap[np.nan_to_num(indices).astype(np.int64)],
    )
    return pd.Categorical.from_codes(codes, categories=categories)
