"""Read one ``dataset/`` CSV file as text columns, collecting every file-level problem
(encoding, byte-order mark, line endings, header, broken rows) instead of raising."""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..problems import Problem
from .descriptor import Resource
from .files import UnsafeFile, read_dataset_file
from .location import dataset_dir
from .types import TEXT

ProblemSink = Callable[[Problem], None]  # collects problems as they are found
# the longest header cell read: the csv module's default, set for each read because the limit is
# one for the whole process and a library imported beside this one may raise it (frictionless does)
HEADER_CELL_LIMIT = 131_072


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
    keys = [name for name in resource.primary_key if name in frame.columns]
    if not keys:
        return pd.Series([f"line {n}" for n in range(2, len(frame) + 2)], index=frame.index)
    ids = frame[keys[0]].astype(object)
    for name in keys[1:]:
        ids = ids + ":" + frame[name].astype(object)
    blank = frame[keys].eq("").any(axis=1).to_numpy(dtype=bool)
    if blank.any():  # lines only where a key is missing
        ids = ids.copy()
        ids[blank] = [f"line {n + 2}" for n in np.flatnonzero(blank)]
    return ids.astype(str)


def _file_problem(resource: Resource, code: str, message: str) -> Problem:
    return Problem(resource.name, "", "", code, message)


def table_bytes(directory: str | Path | None, resource: Resource) -> tuple[Path, bytes]:
    """The path and bytes of a table's file, read only inside the dataset directory and only
    if it is a regular file under the size cap (``store.files``); raise ``OSError`` or
    ``UnsafeFile``."""
    folder = dataset_dir(directory)
    return folder / str(resource.path), read_dataset_file(folder, resource.path)


def _empty_frame(resource: Resource) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=TEXT) for name in resource.field_names})


def unreadable(resource: Resource, path: Path, error: OSError | UnsafeFile) -> RawTable:
    """The empty table of a file that was not read, with the reason as its problem."""
    if isinstance(error, UnsafeFile):
        problem = _file_problem(resource, error.code, f"not read: {error}")
    else:
        problem = _file_problem(resource, "file-missing", f"cannot read {path}: {error.strerror}")
    return RawTable(resource, path, _empty_frame(resource), [problem])


def raw_from_bytes(resource: Resource, path: Path, data: bytes) -> RawTable:
    """A table as text, from the bytes of its file, with every file-level problem."""
    problems: list[Problem] = []
    frame = _frame_from_bytes(resource, data, problems.append)
    return RawTable(resource, path, _empty_frame(resource) if frame is None else frame, problems)


def _frame_from_bytes(resource: Resource, data: bytes, problem: ProblemSink) -> pd.DataFrame | None:
    """The schema columns present in the file, or None when the file gives no rows to check."""
    names = resource.field_names
    text = _decoded(resource, data, problem)
    if text is None:
        return None
    if not text or text.isspace():  # (no stripped copy of the whole file)
        problem(
            _file_problem(
                resource,
                "empty-file",
                f"file is empty; it needs at least the header: {','.join(names)}",
            )
        )
        return None
    if text.startswith("\n"):
        problem(
            _file_problem(resource, "malformed-csv", "line 1 is empty; the header must be line 1")
        )
        return None
    try:
        header = _header(text)
    except csv.Error as error:
        problem(_file_problem(resource, "malformed-csv", f"the header cannot be read: {error}"))
        return None
    _check_header(resource, header, problem)
    if len(set(header)) != len(header):
        return None
    # the bytes as decoded, or the text again where the decoding changed it (BOM, CR)
    encoded = None if data.startswith(b"\xef\xbb\xbf") or b"\r" in data else data
    frame = _parse(resource, text, header, problem, encoded)
    return frame[[name for name in names if name in frame.columns]]


def _header(text: str) -> list[str]:
    """The first record of ``text``, each cell at most ``HEADER_CELL_LIMIT`` characters."""
    before = csv.field_size_limit(HEADER_CELL_LIMIT)
    try:
        return next(csv.reader(_lines(text)))
    finally:
        csv.field_size_limit(before)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, each with its LF, one at a time as the reader asks for them (a
    ``StringIO`` would copy the whole file first to read its header)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _decoded(resource: Resource, data: bytes, problem: ProblemSink) -> str | None:
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


def _parse(
    resource: Resource,
    text: str,
    header: list[str],
    problem: ProblemSink,
    encoded: bytes | None = None,
) -> pd.DataFrame:
    invalid: list[Any] = []  # pyarrow's InvalidRow of each row it skips, in the order it met them

    def invalid_row(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8") if encoded is None else encoded),
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
        _malformed_rows(resource, text, invalid, problem)
        problem(_file_problem(resource, "malformed-csv", f"cannot parse the CSV: {error}"))
        return pd.DataFrame({name: pd.Series([], dtype=TEXT) for name in header})
    _malformed_rows(resource, text, invalid, problem)
    return table.to_pandas(types_mapper={pa.string(): TEXT}.get)


def _malformed_rows(resource: Resource, text: str, rows: list[Any], problem: ProblemSink) -> None:
    """A ``malformed-row`` problem for each row pyarrow skipped, located by its line."""
    lines = _start_lines([row.text for row in rows], text)
    for row, line in zip(rows, lines, strict=True):
        hint = " (an unclosed quote?)" if row.text.count('"') % 2 else ""
        snippet = row.text if len(row.text) <= 60 else row.text[:57] + "..."
        problem(
            Problem(
                resource.name,
                f"line {row.number if row.number is not None else line}",
                "",
                "malformed-row",
                f"row has {row.actual_columns} fields, the header has {row.expected_columns}{hint}: {snippet!r}",
            )
        )


def _start_lines(rows: list[str], text: str) -> list[int]:
    """The line each of ``rows`` (texts of whole rows of ``text``, in file order; a row may span
    lines) starts on: the first line after the previous equal row's that begins the row's text.
    One pass over the lines, however many rows (a search per row would cost quadratic time)."""
    waiting: dict[str, deque[int]] = {}  # a row's first line -> its indexes in ``rows``
    for index, row in enumerate(rows):
        waiting.setdefault(row.split("\n", 1)[0], deque()).append(index)
    found = [0] * len(rows)
    start, number = text.find("\n") + 1, 2  # the header is line 1
    while waiting and 0 < start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        queue = waiting.get(text[start:end])
        if queue is not None and text.startswith(rows[queue[0]], start):
            found[queue.popleft()] = number
            if not queue:
                del waiting[text[start:end]]
        start, number = end + 1, number + 1
    for queue in waiting.values():  # not at a line start: where the text first occurs
        for index in queue:
            found[index] = text[: max(text.find(rows[index]), 0)].count("\n") + 1
    return found
