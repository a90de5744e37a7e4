"""Typed tables: each column of a ``csvfile.RawTable`` converted to its schema type, with the
cells that do not fit as ``type-error`` problems, reused while a file is unchanged; and
``read_tables``, every table of a dataset typed, or ``LedgerError``. No other validation logic
lives here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import LedgerError, Problem
from .cache import ContentCache, ContentKey
from .csvfile import RawTable, raw_from_bytes, table_bytes, unreadable
from .descriptor import Descriptor, Field, Resource
from .files import UnsafeFile
from .location import dataset_dir
from .types import field_type


def type_column(column: Field, text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Convert one text column to its schema type; return the typed column and a mask of cells
    that are present but do not fit the type (those become missing in the typed column)."""
    arrow = text.array.__arrow_array__()
    if column.type in ("string", "list"):
        typed = pd.Series(pd.arrays.ArrowStringArray(_empty_as_missing(arrow)), index=text.index)
        return typed, pd.Series(False, index=text.index)
    present = pc.not_equal(arrow, "")
    kind = field_type(column.type)
    if column.type in ("integer", "number"):
        fits = pc.and_(present, pc.match_substring_regex(arrow, f"^(?:{kind.pattern})$"))
        values = pc.cast(pc.if_else(fits, arrow, pa.scalar(None, pa.string())), kind.arrow)
        if column.type == "number":  # 1e400 reads as inf: not a finite number
            fits = pc.and_(fits, pc.is_finite(values).fill_null(False))
            values = pc.if_else(fits, values, pa.scalar(None, kind.arrow))
        typed = pd.Series(kind.pandas.__from_arrow__(values), index=text.index)
        bad = pc.and_(present, pc.invert(fits)).fill_null(True)
        return typed, pd.Series(bad.to_numpy(zero_copy_only=False), index=text.index)
    return _type_other(column, text)


def _empty_as_missing(text: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray:
    """``text`` with each empty cell missing. A chunk with no missing cell and no offset gets
    a validity bitmap over its own offsets and characters (no copy of the text: the typed
    table shares it with the raw one); any other chunk is copied."""
    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    kept = []
    for chunk in chunks:
        present = pc.not_equal(chunk, "")
        if chunk.offset or chunk.null_count or not _text_type(chunk.type):
            kept.append(pc.if_else(present, chunk, pa.scalar(None, chunk.type)))
            continue
        missing = present.false_count
        _, offsets, characters = chunk.buffers()
        validity = present.buffers()[1] if missing else None
        kept.append(
            pa.Array.from_buffers(
                chunk.type, len(chunk), [validity, offsets, characters], null_count=missing
            )
        )
    return pa.chunked_array(kept, type=text.type)


def _text_type(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _type_other(column: Field, text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates and booleans, through pandas (few columns, and pandas checks real calendar dates)."""
    present = text.ne("")
    kind = field_type(column.type)
    if column.type == "date":
        shaped = present & text.str.fullmatch(kind.pattern)
        typed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce").astype(
            kind.pandas
        )
        fits = shaped & typed.notna()
    elif column.type == "boolean":
        true_values = column.properties.get("trueValues", ["true"])
        false_values = column.properties.get("falseValues", ["false"])
        fits = present & text.isin(true_values + false_values)
        typed = text.isin(true_values).astype(kind.pandas).where(fits)
    else:
        raise ValueError(f"field {column.name!r} has unsupported type {column.type!r}")
    return typed, (present & ~fits).fillna(True).astype(bool)


def type_error_message(column: Field, value: str) -> str:
    return f"{value!r} is not {field_type(column.type).words}"


def typed_frame(raw: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed version of a raw table, plus a ``type-error`` problem per cell that does not fit."""
    problems = []
    columns = {}
    ids = None
    for column in raw.resource.fields:
        if column.name not in raw.frame.columns:
            continue
        typed, bad = type_column(column, raw.frame[column.name])
        columns[column.name] = typed
        if bad.any():
            ids = raw.row_ids if ids is None else ids
            for row_id, value in zip(ids[bad], raw.frame[column.name][bad], strict=True):
                problems.append(
                    Problem(
                        raw.resource.name,
                        row_id,
                        column.name,
                        "type-error",
                        type_error_message(column, value),
                    )
                )
    frame = pd.DataFrame(columns, index=raw.frame.index)
    return frame, problems


@dataclass(frozen=True)
class _TypedParts:
    """``raw_from_bytes`` + ``typed_frame`` of one file's bytes, as the cache keeps them (never handed
    out: ``TypedTable`` gets shallow copies, which copy-on-write keeps apart from these)."""

    frame: pd.DataFrame
    file_problems: tuple[Problem, ...]
    typed: pd.DataFrame
    type_problems: tuple[Problem, ...]
    row_ids: pd.Series


@dataclass
class TypedTable:
    """One table read and typed: its text, typed values, type errors and row ids, all the
    caller's own, plus the key of the content they came from (None if the file is unreadable)."""

    raw: RawTable
    typed: pd.DataFrame
    type_problems: list[Problem]
    row_ids: pd.Series
    key: ContentKey | None


TYPED_TABLES: ContentCache[_TypedParts] = ContentCache(max_entries=64, max_bytes=32 << 20)


def read_typed(directory: str | Path | None, resource: Resource) -> TypedTable:
    """A table's file read (``csvfile.table_bytes``) and typed (``typed_frame``), reused while
    the resource definition and the file's bytes are unchanged; a file that cannot be read is
    never cached."""
    try:
        path, data = table_bytes(directory, resource)
    except (OSError, UnsafeFile) as error:
        raw = unreadable(resource, dataset_dir(directory) / str(resource.path), error)
        typed, type_problems = typed_frame(raw)
        return TypedTable(raw, typed, type_problems, raw.row_ids, None)
    key = ContentKey.of(resource, data)
    parts = TYPED_TABLES.get(key)
    if parts is None:
        raw = raw_from_bytes(resource, path, data)
        typed, type_problems = typed_frame(raw)
        parts = _TypedParts(
            raw.frame, tuple(raw.problems), typed, tuple(type_problems), raw.row_ids
        )
        TYPED_TABLES.put(key, parts)
    raw = RawTable(resource, path, parts.frame.copy(deep=False), list(parts.file_problems))
    typed = parts.typed.copy(deep=False)
    return TypedTable(raw, typed, list(parts.type_problems), parts.row_ids.copy(deep=False), key)


CATEGORIZED: ContentCache[dict[str, pd.DataFrame]] = ContentCache(
    max_entries=8, max_bytes=32 << 20
)  # every table of a dataset, typed and categorized, by the contents of all of them


def read_tables(directory: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset as a typed DataFrame; raise ``LedgerError`` if any file cannot
    be read as its schema says (run ``validate()`` for the full list of problems). The tables
    of a dataset read before, byte for byte, are that reading's (each call gets its own
    frames)."""
    descriptor = Descriptor.read(directory)
    frames = {}
    keys = []
    problems: list[Problem] = []
    for resource in descriptor.resources.values():
        table = read_typed(directory, resource)
        problems += table.raw.problems + table.type_problems
        frames[resource.name] = table.typed
        keys.append(table.key)
    if problems:
        raise LedgerError(
            "the dataset does not match its schema; run `model-cost-ledger validate`",
            path=dataset_dir(directory),
            problems=tuple(problems),
        )
    every = repr(keys).encode("utf-8")  # each table read without problems has its key
    key = ContentKey("tables", hashlib.sha256(every).hexdigest(), sum(k.size for k in keys if k))
    categorized = CATEGORIZED.get(key)
    if categorized is None:
        categorized = _with_categories(descriptor, frames)
        CATEGORIZED.put(key, categorized)
    return {name: frame.copy(deep=False) for name, frame in categorized.items()}


def _with_categories(
    descriptor: Descriptor, frames: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Vocabulary columns become categoricals: enums in schema order, vocabulary keys sorted."""
    for resource in descriptor.resources.values():
        frame = frames[resource.name]
        for column in resource.fields:
            if column.enum:
                frame[column.name] = pd.Categorical(frame[column.name], categories=column.enum)
        for key in resource.foreign_keys:
            target = descriptor.resource(key.resource)
            if target.is_vocabulary and len(key.fields) == 1:
                categories = sorted(frames[target.name][key.reference_fields[0]].dropna().unique())
                frame[key.fields[0]] = pd.Categorical(frame[key.fields[0]], categories=categories)
    return frames
