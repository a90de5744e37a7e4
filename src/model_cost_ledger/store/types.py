"""The one type map: for each Table Schema type of ``datapackage.json``, its pandas dtype, Arrow
type, the names Frictionless and Croissant give it, its canonical Python value and the words an
error uses for it. Every reader and writer of the package takes its types from here.

``list`` cells (``delimiter`` in the descriptor) stay delimited text in every file format; the
delimiter is read from the field, never written in code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from .descriptor import Field


@dataclass(frozen=True)
class FieldType:
    """How one Table Schema type is held in each place the package puts it."""

    name: str
    pandas: Any  # the pandas dtype of a typed column
    arrow: pa.DataType
    frictionless: str  # the type in a built (Parquet/CSV) datapackage.json
    croissant: str
    python: Callable[[Any], Any]  # a present value -> its canonical Python value
    words: str  # what a cell of this type must look like, for error messages
    pattern: str | None = None  # the text form a cell must match (None: any text)


def _date_text(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


TEXT = pd.StringDtype("pyarrow")
TYPES: dict[str, FieldType] = {
    field_type.name: field_type
    for field_type in (
        FieldType("string", TEXT, pa.string(), "string", "sc:Text", str, "text"),
        FieldType("list", TEXT, pa.string(), "string", "sc:Text", str, "delimited text"),
        FieldType(
            "number",
            pd.Float64Dtype(),
            pa.float64(),
            "number",
            "sc:Float",
            float,
            "a finite decimal number such as 5576000 or 4.05e25 (ASCII digits, '.' for decimals)",
            r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?",
        ),
        FieldType(
            "integer",
            pd.Int64Dtype(),
            pa.int64(),
            "integer",
            "sc:Integer",
            int,
            "a whole number such as 2024 (ASCII digits, no separators)",
            r"[+-]?[0-9]{1,18}",
        ),
        FieldType(
            "date",
            "datetime64[s]",
            pa.date32(),
            "date",
            "sc:Date",
            _date_text,
            "an ISO 8601 date YYYY-MM-DD that exists on the calendar",
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
        ),
        FieldType(
            "boolean", pd.BooleanDtype(), pa.bool_(), "boolean", "sc:Boolean", bool, "true or false"
        ),
    )
}


def field_type(name: str) -> FieldType:
    """The ``FieldType`` of a Table Schema type name; ``ValueError`` names the supported ones."""
    try:
        return TYPES[name]
    except KeyError:
        raise ValueError(
            f"unsupported field type {name!r}; supported: {', '.join(TYPES)}"
        ) from None


def is_missing(value: Any) -> bool:
    """Whether a cell value read from pandas or Arrow is missing (None, NA, NaT or NaN)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def arrow_schema(fields: tuple[Field, ...]) -> pa.Schema:
    """The Arrow schema of a table of descriptor ``fields``: types from the map, required -> not null."""
    return pa.schema(
        [pa.field(f.name, field_type(f.type).arrow, nullable=not f.required) for f in fields]
    )


def pandas_types_mapper() -> Callable[[pa.DataType], Any]:
    """``to_pandas(types_mapper=...)`` giving each Arrow type its pandas dtype from the map
    (dates stay as Arrow converts them)."""
    mapping = {t.arrow: t.pandas for t in TYPES.values() if t.name != "date"}
    return mapping.get


def pandas_dtype(arrow: pa.DataType) -> Any:
    """The pandas dtype the map gives an Arrow type (to convert a column before writing it)."""
    return next(t.pandas for t in TYPES.values() if t.arrow == arrow)
