"""The one type map: for each Table Schema type of ``datapackage.json``, its pandas dtype, Arrow
type, the names Frictionless and Croissant give it, its canonical Python value and the words an
error uses for it. Every reader and writer of the package takes its types from here.

``list`` cells (``delimiter`` in the descriptor) stay delimited text in every file format; the
delimiter is read from the field, never written in code.
"""

from __future__ import annotations

import json
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
    pandas_name: str = "unicode"  # the pandas_type pandas' own Parquet metadata gives it


def _date_text(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


TEXT = pd.StringDtype("pyarrow")
PANDAS_KEY = b"pandas"  # the key-value metadata key pandas reads its column types from
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
            "float64",
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
            "int64",
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
            "date",
        ),
        FieldType(
            "boolean",
            pd.BooleanDtype(),
            pa.bool_(),
            "boolean",
            "sc:Boolean",
            bool,
            "true or false",
            None,
            "bool",
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
    (dates stay as Arrow converts them; large strings are text)."""
    mapping = {t.arrow: t.pandas for t in TYPES.values() if t.name != "date"}
    mapping[pa.large_string()] = TEXT  # text read as large strings, as this dtype holds it
    return mapping.get


def typed_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as pandas with the map's dtypes (dates too), whatever pandas metadata the
    table carries."""
    frame = table.to_pandas(
        types_mapper=pandas_types_mapper(), date_as_object=False, ignore_metadata=True
    )
    for field in table.schema:
        if pa.types.is_date32(field.type):  # Arrow gives datetime64[ms]: the map's unit instead
            frame[field.name] = frame[field.name].astype(field_type("date").pandas)
    return frame


def pandas_dtype(arrow: pa.DataType) -> Any:
    """The pandas dtype the map gives an Arrow type (to convert a column before writing it)."""
    return next(t.pandas for t in TYPES.values() if t.arrow == arrow)


def pandas_metadata(schema: pa.Schema) -> bytes:
    """The ``pandas`` schema metadata that makes ``pandas.read_parquet`` type each column as the
    map does (``currency_year`` as nullable ``Int64``, not float64), written from the map alone:
    no library versions, so the bytes depend on the schema only. Dates stay as Arrow converts
    them (``datetime.date``)."""
    columns = []
    for field in schema:
        kind = next(t for t in TYPES.values() if t.arrow == field.type)
        columns.append(
            {
                "name": field.name,
                "field_name": field.name,
                "pandas_type": kind.pandas_name,
                "numpy_type": "object" if kind.name == "date" else str(kind.pandas),
                "metadata": None,
            }
        )
    payload = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "model-cost-ledger"},
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")
