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
import pyarrow as pa
import pyarrow.compute as pc

from ..store.descriptor import Field
from ..store.text_bytes import cell_bounds, cells_holding, json_escaped, text_of
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
    return [to_json([field.name for field in fields]), *line_array(ordered, fields).to_pylist()]


def first_release_lines(figures: pd.DataFrame, fields: tuple[Field, ...]) -> list[str]:
    """Each row's canonical line as first released, in the order of ``figures``. A row's line in
    any release that holds it is this line: a release shows a later retraction as empty cells,
    and omits the row once it is retracted."""
    return line_array(figures, fields, first_release=True).to_pylist()


_LINE = pa.large_string()  # the type of every cell's and line's text (pandas' own text type)


def line_array(
    frame: pd.DataFrame,
    fields: tuple[Field, ...],
    first_release: bool = False,
    end: str = "",
) -> pa.Array:
    """Each row of ``frame`` as its canonical line followed by ``end``, in the order of
    ``frame``, as one Arrow text array (``arrow_lines``)."""
    return arrow_lines(arrow_table(frame, fields), fields, first_release, end)


def arrow_table(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pa.Table:
    """The columns ``fields`` of ``frame`` as Arrow (text columns without a copy)."""
    return pa.table({f.name: pa.array(frame[f.name], from_pandas=True) for f in fields})


def arrow_lines(
    table: pa.Table, fields: tuple[Field, ...], first_release: bool = False, end: str = ""
) -> pa.Array:
    """Each row of ``table`` as its canonical line followed by ``end``: ``to_json`` of the row's
    canonical values, joined by Arrow in one pass. A text column with no missing cell and
    nothing to escape goes in as it is, its quotes joined to the brackets and commas around
    it; any other column as its JSON text (``json_text``). ``first_release``: the correction
    cells empty, as when the row was first released."""
    pieces: list[pa.Array | pa.Scalar] = []
    between = "["  # the characters due before the next column
    for number, field in enumerate(fields):
        between += "," if number else ""
        if first_release and field.name in CORRECTION_FIELDS:
            between += "null"
            continue
        column = _one_chunk(table[field.name])
        plain = _plain_text(field.type, column)
        if plain is not None:
            pieces += [pa.scalar(between + '"', _LINE), plain]
            between = '"'
        else:
            pieces += [pa.scalar(between, _LINE), json_text(field.type, column)]
            between = ""
    pieces.append(pa.scalar(between + "]" + end, _LINE))
    if len(pieces) == 1:  # no column: every line is the same
        return pa.array([between + "]" + end] * table.num_rows, _LINE)
    return _one_chunk(pc.binary_join_element_wise(*pieces, pa.scalar("", _LINE)))


def _plain_text(kind: str, column: pa.Array) -> pa.Array | None:
    """A text column's cells as they are, where its JSON text is each of them in quotes (none
    missing, no byte that JSON escapes); else None."""
    if kind not in ("string", "list") or column.null_count:
        return None
    text = column.cast(_LINE)
    return None if cells_holding(text, json_escaped).any() else text


def json_text(kind: str, column: pa.Array) -> pa.Array:
    """Each cell of ``column`` as its canonical JSON text, ``to_json([value])[1:-1]`` for its
    ``canonical_value`` (``null`` when missing), as an Arrow text array."""
    if kind in ("string", "list"):
        return _json_strings(column.cast(_LINE))
    if kind == "number":
        return _json_numbers(column.cast(pa.float64()).to_numpy(zero_copy_only=False))
    if kind == "integer":
        return column.cast(_LINE).fill_null("null")
    encoded = column.dictionary_encode()  # dates, booleans: few distinct values
    distinct = [canonical_value(kind, value) for value in encoded.dictionary.to_pylist()]
    return (
        pa.array(list(map(_ENCODER.encode, distinct)), _LINE)
        .take(encoded.indices)
        .fill_null("null")
    )


def _json_strings(text: pa.Array) -> pa.Array:
    """JSON strings: each cell in quotes; a cell holding a byte that JSON escapes (found in
    the column's bytes at once) is encoded by the encoder's own string function instead."""
    quote = pa.scalar('"', _LINE)
    quoted = pc.binary_join_element_wise(quote, text, quote, pa.scalar("", _LINE))
    escaped = cells_holding(text, json_escaped)
    if escaped.any():
        mask = pa.array(escaped)
        values = map(_encode_text, text.filter(mask).to_pylist())
        quoted = pc.replace_with_mask(quoted, mask, pa.array(list(values), _LINE))
    return quoted.fill_null("null")


def _json_numbers(values: np.ndarray) -> pa.Array:
    """JSON numbers as Python prints a float (``float.__repr__``): whole values below 1e16 as
    the integer and ``.0``, computed by Arrow; any other (fractions, -0.0, huge) by Python."""
    missing = np.isnan(values)
    with np.errstate(invalid="ignore"):
        whole = (np.abs(values) < 1e16) & (values == np.trunc(values))
    whole &= ~((values == 0) & np.signbit(values))  # -0.0 prints as "-0.0", not "0.0"
    other = ~missing & ~whole
    text = pa.nulls(len(values), _LINE).fill_null("null")
    if whole.any():
        digits = pa.array(values[whole].astype(np.int64)).cast(_LINE)
        printed = pc.binary_join_element_wise(digits, pa.scalar(".0", _LINE), pa.scalar("", _LINE))
        text = pc.replace_with_mask(text, pa.array(whole), printed)
    if other.any():
        odd = values[other]
        if not np.isfinite(odd).all():
            to_json([float(odd[~np.isfinite(odd)][0])])  # raises, as to_json does
        text = pc.replace_with_mask(
            text, pa.array(other), pa.array(list(map(float.__repr__, odd.tolist())), _LINE)
        )
    return text


def _one_chunk(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(array, pa.ChunkedArray):
        return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return array


def line_hashes(lines: pa.Array, end: int = 0) -> list[str]:
    """The sha256 of each line of ``lines`` (an Arrow text array), less its last ``end`` bytes,
    read in place from the array's buffer."""
    bounds = cell_bounds(lines)
    text, bounds = text_of(lines), bounds - bounds[0]
    sha256 = hashlib.sha256
    return [
        sha256(text[a:b]).hexdigest()
        for a, b in zip(bounds[:-1].tolist(), (bounds[1:] - end).tolist(), strict=True)
    ]


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
