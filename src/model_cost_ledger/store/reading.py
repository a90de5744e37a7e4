"""Read ``dataset/`` CSV files with the schema from the descriptor and return typed DataFrames.

Two steps, kept apart so that validation can see everything that is wrong: ``read_raw`` turns a
file into text columns plus file-level problems (encoding, BOM, line endings, header, broken
rows); ``type_column`` turns one text column into its schema type plus the cells that do not fit.
No other validation logic lives here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..problems import LedgerError, Problem
from .descriptor import Descriptor, Field, Resource
from .location import dataset_dir
from .types import TEXT, field_type


@dataclass
class RawTable:
    """A table as text: every schema column present in the file, '' for an empty cell."""

    resource: Resource
    path: Path
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_ids(self) -> pd.Series:
        return row_ids(self.resource, self.frame)


def row_ids(resource: Resource, frame: pd.DataFrame) -> pd.Series:
    """Each row's key (parts joined by ':'), or ``line N`` where the key is empty or absent."""
    lines = pd.Series([f"line {n}" for n in range(2, len(frame) + 2)], index=frame.index)
    keys = [name for name in resource.primary_key if name in frame.columns]
    if not keys:
        return lines
    ids = frame[keys[0]].astype(object)
    for name in keys[1:]:
        ids = ids + ":" + frame[name].astype(object)
    blank = frame[keys].eq("").any(axis=1)
    return ids.where(~blank, lines).astype(str)


def _file_problem(resource: Resource, code: str, message: str) -> Problem:
    return Problem(resource.name, "", "", code, message)


def read_raw(directory: str | Path | None, resource: Resource) -> RawTable:
    """Read one CSV file as text columns, collecting every file-level problem instead of raising."""
    path = dataset_dir(directory) / resource.path
    try:
        data = path.read_bytes()
    except OSError as error:
        return _unreadable(resource, path, error)
    return _raw_from_bytes(resource, path, data)


def _empty_raw(resource: Resource, path: Path) -> RawTable:
    names = resource.field_names
    return RawTable(
        resource, path, pd.DataFrame({name: pd.Series([], dtype=TEXT) for name in names})
    )


def _unreadable(resource: Resource, path: Path, error: OSError) -> RawTable:
    raw = _empty_raw(resource, path)
    message = f"cannot read {path}: {error.strerror}"
    raw.problems.append(_file_problem(resource, "file-missing", message))
    return raw


def _raw_from_bytes(resource: Resource, path: Path, data: bytes) -> RawTable:
    """``read_raw`` on the bytes of a file that could be read."""
    names = resource.field_names
    raw = _empty_raw(resource, path)
    problem = raw.problems.append
    text = _decoded(resource, data, problem)
    if text is None:
        return raw
    if not text.strip():
        problem(
            _file_problem(
                resource,
                "empty-file",
                f"file is empty; it needs at least the header: {','.join(names)}",
            )
        )
        return raw
    header = next(csv.reader(io.StringIO(text)))
    _check_header(resource, header, problem)
    if len(set(header)) != len(header):
        return raw
    frame = _parse(resource, text, header, problem)
    present = [name for name in names if name in frame.columns]
    raw.frame = frame[present]
    return raw


def _decoded(resource: Resource, data: bytes, problem: Callable[[Problem], None]) -> str | None:
    """The file's text with LF line endings, or None if it is not UTF-8; reports a BOM, bytes
    that are not UTF-8 and carriage returns."""
    if data.startswith(b"\xef\xbb\xbf"):
        problem(
            _file_problem(
                resource,
                "utf8-bom",
                "file starts with a UTF-8 byte-order mark; save as UTF-8 without BOM",
            )
        )
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem(
            _file_problem(
                resource,
                "not-utf8",
                f"byte {error.start} (line {line}) is not UTF-8: {data[error.start : error.start + 1]!r}; save the file as UTF-8",
            )
        )
        return None
    if "\r" in text:
        problem(
            _file_problem(
                resource,
                "crlf-line-endings",
                "file has carriage returns (CRLF or CR line endings); use LF only",
            )
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


ProblemSink = Callable[[Problem], None]  # collects problems as they are found


def _check_header(resource: Resource, header: list[str], problem: ProblemSink) -> None:
    names = resource.field_names
    for name in sorted({n for n in header if header.count(n) > 1}):
        problem(
            _file_problem(
                resource,
                "duplicate-column",
                f"column {name!r} appears {header.count(name)} times in the header",
            )
        )
    for name in names:
        if name not in header:
            problem(
                Problem(
                    resource.name,
                    "",
                    name,
                    "missing-column",
                    f"column {name!r} is missing; the header must be: {','.join(names)}",
                )
            )
    for name in header:
        if name not in names:
            problem(
                Problem(
                    resource.name,
                    "",
                    name,
                    "extra-column",
                    f"column {name!r} is not in the schema; allowed columns: {','.join(names)}",
                )
            )
    known = [name for name in header if name in names]
    if len(set(known)) == len(known) and known != [name for name in names if name in known]:
        problem(
            _file_problem(
                resource,
                "column-order",
                f"columns are out of order: {','.join(known)}; the schema order is {','.join(names)}",
            )
        )


def _parse(resource: Resource, text: str, header: list[str], problem: ProblemSink) -> pd.DataFrame:
    def invalid_row(row: Any) -> str:  # pyarrow's InvalidRow
        hint = " (an unclosed quote?)" if row.text.count('"') % 2 else ""
        snippet = row.text if len(row.text) <= 60 else row.text[:57] + "..."
        line = (
            row.number
            if row.number is not None
            else text[: max(text.find(row.text), 0)].count("\n") + 1
        )
        problem(
            Problem(
                resource.name,
                f"line {line}",
                "",
                "malformed-row",
                f"row has {row.actual_columns} fields, the header has {row.expected_columns}{hint}: {snippet!r}",
            )
        )
        return "skip"

    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(use_threads=True, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                newlines_in_values=True, invalid_row_handler=invalid_row
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, ValueError) as error:
        problem(_file_problem(resource, "malformed-csv", f"cannot parse the CSV: {error}"))
        return pd.DataFrame({name: pd.Series([], dtype=TEXT) for name in header})
    return table.to_pandas(types_mapper={pa.string(): TEXT}.get)


def type_column(column: Field, text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Convert one text column to its schema type; return the typed column and a mask of cells
    that are present but do not fit the type (those become missing in the typed column)."""
    present = text.ne("")
    if column.type in ("string", "list"):
        return text.where(present), pd.Series(False, index=text.index)
    kind = field_type(column.type)
    if column.type == "integer":
        fits = present & text.str.fullmatch(kind.pattern)
        typed = text.where(fits).astype("int64[pyarrow]").astype(kind.pandas)
    elif column.type == "number":
        fits = present & text.str.fullmatch(kind.pattern)
        values = text.where(fits).astype("float64[pyarrow]").astype(kind.pandas)
        finite = pd.Series(
            np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan)), index=text.index
        )
        fits = fits & finite
        typed = values.where(fits)
    elif column.type == "date":
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


V = TypeVar("V")


class ContentCache(Generic[V]):
    """A small least-recently-used store of values computed from a file, keyed by what they were
    computed from (a ``ContentKey``: the resource definition and the sha256 of the file's bytes).

    Bounded by the number of entries and by the bytes of the files behind them; a file larger
    than ``max_bytes`` is never kept. Values are shared: callers must hand out copies."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[ContentKey, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ContentKey) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: ContentKey, value: V) -> None:
        if key.size > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries or self._bytes() > self.max_bytes:
                self._entries.popitem(last=False)

    def _bytes(self) -> int:
        return sum(key.size for key in self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class ContentKey:
    """What a table's reading depends on: its resource definition and its file's bytes."""

    resource: str  # repr of the Resource: every field, constraint and key
    sha256: str
    size: int

    @classmethod
    def of(cls, resource: Resource, data: bytes) -> ContentKey:
        return cls(repr(resource), hashlib.sha256(data).hexdigest(), len(data))


@dataclass(frozen=True)
class _TypedParts:
    """``read_raw`` + ``typed_frame`` of one file's bytes, as the cache keeps them (never handed
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
    """``read_raw`` and ``typed_frame`` of one table, reused while the resource definition and
    the file's bytes are unchanged; a file that cannot be read is never cached."""
    path = dataset_dir(directory) / resource.path
    try:
        data = path.read_bytes()
    except OSError as error:
        raw = _unreadable(resource, path, error)
        typed, type_problems = typed_frame(raw)
        return TypedTable(raw, typed, type_problems, raw.row_ids, None)
    key = ContentKey.of(resource, data)
    parts = TYPED_TABLES.get(key)
    if parts is None:
        raw = _raw_from_bytes(resource, path, data)
        typed, type_problems = typed_frame(raw)
        parts = _TypedParts(
            raw.frame, tuple(raw.problems), typed, tuple(type_problems), raw.row_ids
        )
        TYPED_TABLES.put(key, parts)
    raw = RawTable(resource, path, parts.frame.copy(deep=False), list(parts.file_problems))
    typed = parts.typed.copy(deep=False)
    return TypedTable(raw, typed, list(parts.type_problems), parts.row_ids.copy(deep=False), key)


def read_tables(directory: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset as a typed DataFrame; raise ``LedgerError`` if any file cannot
    be read as its schema says (run ``validate()`` for the full list of problems)."""
    descriptor = Descriptor.read(directory)
    frames = {}
    problems: list[Problem] = []
    for resource in descriptor.resources.values():
        table = read_typed(directory, resource)
        problems += table.raw.problems + table.type_problems
        frames[resource.name] = table.typed
    if problems:
        raise LedgerError(
            "the dataset does not match its schema; run `model-cost-ledger validate`",
            path=dataset_dir(directory),
            problems=tuple(problems),
        )
    return _with_categories(descriptor, frames)


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
