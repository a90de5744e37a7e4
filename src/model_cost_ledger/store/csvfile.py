"""Read one ``dataset/`` CSV file as text columns, collecting every file-level problem
(encoding, byte-order mark, line endings, header, broken rows) instead of raising."""

from __future__ import annotations

import csv
import io
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..problems import Problem
from .descriptor import Resource
from .file_text import ProblemSink, decoded, file_problem, header_of, is_blank, plain_utf8
from .files import UnsafeFile, read_dataset_file
from .location import dataset_dir
from .types import TEXT, pandas_types_mapper


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
        problem = file_problem(resource, error.code, f"not read: {error}")
    else:
        problem = file_problem(resource, "file-missing", f"cannot read {path}: {error.strerror}")
    return RawTable(resource, path, _empty_frame(resource), [problem])


def raw_from_bytes(resource: Resource, path: Path, data: bytes) -> RawTable:
    """A table as text, from the bytes of its file, with every file-level problem."""
    problems: list[Problem] = []
    frame = _frame_from_bytes(resource, data, problems.append)
    return RawTable(resource, path, _empty_frame(resource) if frame is None else frame, problems)


def _frame_from_bytes(resource: Resource, data: bytes, problem: ProblemSink) -> pd.DataFrame | None:
    """The schema columns present in the file, or None when the file gives no rows to check."""
    names = resource.field_names
    text = data if plain_utf8(data) else decoded(resource, data, problem)
    if text is None:
        return None
    if is_blank(text):
        problem(
            file_problem(
                resource,
                "empty-file",
                f"file is empty; it needs at least the header: {','.join(names)}",
            )
        )
        return None
    if text[:1] in ("\n", b"\n"):  # line 1 is empty
        problem(
            file_problem(resource, "malformed-csv", "line 1 is empty; the header must be line 1")
        )
        return None
    try:
        header = header_of(text)
    except csv.Error as error:
        problem(file_problem(resource, "malformed-csv", f"the header cannot be read: {error}"))
        return None
    _check_header(resource, header, problem)
    if len(set(header)) != len(header):
        return None
    frame = _parse(resource, text, header, problem)
    columns = [name for name in names if name in frame.columns]
    return frame if list(frame.columns) == columns else frame[columns]  # a copy only if needed


def _check_header(resource: Resource, header: list[str], problem: ProblemSink) -> None:
    names = resource.field_names
    for name in sorted({n for n in header if header.count(n) > 1}):
        problem(
            file_problem(
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
            file_problem(
                resource,
                "column-order",
                f"columns are out of order: {','.join(known)}; the schema order is {','.join(names)}",
            )
        )


def _parse(
    resource: Resource, text: str | bytes, header: list[str], problem: ProblemSink
) -> pd.DataFrame:
    """The rows of the file whose text (or UTF-8 bytes) is ``text``, every cell as text."""
    invalid: list[Any] = []  # pyarrow's InvalidRow of each row it skips, in the order it met them

    def invalid_row(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pa_csv.read_csv(
            io.BytesIO(text if isinstance(text, bytes) else text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(use_threads=True),  # 1 MB blocks, parsed in parallel
            parse_options=pa_csv.ParseOptions(
                newlines_in_values=True, invalid_row_handler=invalid_row
            ),
            convert_options=pa_csv.ConvertOptions(
                # large strings: the storage of pandas' string dtype, so no column is copied
                column_types={name: pa.large_string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, ValueError) as error:
        _malformed_rows(resource, text, invalid, problem)
        problem(file_problem(resource, "malformed-csv", f"cannot parse the CSV: {error}"))
        return pd.DataFrame({name: pd.Series([], dtype=TEXT) for name in header})
    _malformed_rows(resource, text, invalid, problem)
    return table.to_pandas(types_mapper=pandas_types_mapper())


def _malformed_rows(
    resource: Resource, text: str | bytes, rows: list[Any], problem: ProblemSink
) -> None:
    """A ``malformed-row`` problem for each row pyarrow skipped, located by its line."""
    if not rows:
        return
    if isinstance(text, bytes):
        text = text.decode("utf-8")
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
