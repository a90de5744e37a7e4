"""The canonical text of figure rows, and the hashes that prove a release never changed.

Defined once, independent of the pandas and pyarrow versions: one JSON array per row, values in
schema column order, text as is, numbers as the shortest decimal that round-trips, integers as
integers, dates as YYYY-MM-DD, missing values as ``null``; rows sorted by ``figure_id``, the
column names as the first line, UTF-8, every line ending in LF. A release's hash is the sha256
of that text; a row's hash is the sha256 of its line.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from ..store.descriptor import Field
from ..store.types import field_type, is_missing

CORRECTION_FIELDS = ("retracted_in", "superseded_by")  # the only cells a released row may gain
FIELD_FINGERPRINT_HEX = 4  # hex digits per field in a row's fingerprint, enough to locate an edit


def canonical_value(kind: str, value: Any) -> Any:
    """One cell's canonical value: ``None`` when missing, else the type map's Python value."""
    return None if is_missing(value) else field_type(kind).python(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_encode_text = json.encoder.encode_basestring  # what _ENCODER.encode does with a str


def to_json(values: list) -> str:
    """One canonical line: compact JSON, no ASCII escaping, no NaN (one encoder, made once)."""
    return _ENCODER.encode(values)


def canonical_column(kind: str, column: pd.Series) -> list:
    """One column's canonical values, converted column-wise (fast) but defined as ``canonical_value``."""
    missing = column.isna().to_numpy()
    if kind == "number":
        values = column.astype("float64").tolist()
    elif kind == "integer":
        values = column.astype(field_type("integer").pandas).astype(object).tolist()
    elif kind in ("string", "list"):
        values = column.astype(object).tolist()
    else:
        return [canonical_value(kind, value) for value in column.astype(object)]
    return [None if gone else value for value, gone in zip(values, missing, strict=True)]


def canonical_rows(
    figures: pd.DataFrame, fields: tuple[Field, ...], key: str = "figure_id"
) -> list[list]:
    """Every row as a list of canonical values, sorted by ``key`` (a table's first column)."""
    ordered = figures.sort_values(key, kind="stable")
    columns = [canonical_column(field.type, ordered[field.name]) for field in fields]
    return [list(row) for row in zip(*columns, strict=True)]


def canonical_lines(
    figures: pd.DataFrame, fields: tuple[Field, ...], key: str = "figure_id"
) -> list[str]:
    """The canonical text of a figures table (or of any table, sorted by its ``key``) as lines
    (header first)."""
    ordered = figures.sort_values(key, kind="stable")
    cells = [json_cells(field.type, ordered[field.name]) for field in fields]
    return [to_json([field.name for field in fields]), *joined_lines(cells)]


def json_cells(kind: str, column: pd.Series) -> np.ndarray:
    """Each cell of ``column`` as its canonical JSON text, ``to_json([value])[1:-1]`` for its
    ``canonical_value``: encoded once per distinct value (numbers one by one, since -0.0 and
    0.0 are equal but print differently)."""
    if kind == "number":
        values = column.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
        missing = np.isnan(values)
        if not np.isfinite(values[~missing]).all():
            to_json([float(values[~missing & ~np.isfinite(values)][0])])  # raises, as to_json does
        text = np.full(len(values), "null", dtype=object)
        text[~missing] = list(map(float.__repr__, values[~missing].tolist()))
        return text
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    values = canonical_column(kind, pd.Series(distinct, dtype=column.dtype))
    # text: the encoder's own string function, without its per-call dispatch
    encode = _encode_text if kind in ("string", "list") else _ENCODER.encode
    return np.array([*map(encode, values), "null"], dtype=object)[codes]


def joined_lines(cells: list[np.ndarray]) -> list[str]:
    """Rows of JSON cells as canonical lines: ``to_json(row)`` without encoding a value again."""
    return ["[" + ",".join(row) + "]" for row in zip(*cells, strict=True)]


HASHED_LINES = 4096  # lines joined and encoded at a time: a few MB, never the whole text


def content_hash(lines: list[str]) -> str:
    """sha256 of the lines, each ending in LF, in UTF-8, fed to hashlib a block of lines at a
    time (as fast as one buffer, without holding the whole text twice)."""
    digest = hashlib.sha256()
    for start in range(0, len(lines), HASHED_LINES):
        digest.update("".join(line + "\n" for line in lines[start : start + HASHED_LINES]).encode())
    return digest.hexdigest()


def first_release_row(values: list, fields: tuple[Field, ...]) -> list:
    """A row as it was first released: the correction cells are always empty then."""
    names = [field.name for field in fields]
    return [
        None if name in CORRECTION_FIELDS else value
        for name, value in zip(names, values, strict=True)
    ]


def first_release_lines(figures: pd.DataFrame, fields: tuple[Field, ...]) -> list[str]:
    """Each row's canonical line as first released, in the order of ``figures``. A row's line in
    any release that holds it is this line: a release shows a later retraction as empty cells,
    and omits the row once it is retracted."""
    empty = np.full(len(figures), "null", dtype=object)
    cells = [
        empty if field.name in CORRECTION_FIELDS else json_cells(field.type, figures[field.name])
        for field in fields
    ]
    return joined_lines(cells)


def row_hash(values: list) -> str:
    return hashlib.sha256(to_json(values).encode("utf-8")).hexdigest()


def field_fingerprint(values: list) -> str:
    """A short hash per cell, concatenated, so that a changed released row names its field."""
    return "".join(
        hashlib.sha256(to_json([value]).encode("utf-8")).hexdigest()[:FIELD_FINGERPRINT_HEX]
        for value in values
    )


def changed_fields(values: list, fingerprint: str, fields: tuple[Field, ...]) -> list[str]:
    width = FIELD_FINGERPRINT_HEX
    now = field_fingerprint(values)
    if len(fingerprint) != len(now):
        return [field.name for field in fields]
    return [
        field.name
        for index, field in enumerate(fields)
        if now[index * width : (index + 1) * width]
        != fingerprint[index * width : (index + 1) * width]
    ]
