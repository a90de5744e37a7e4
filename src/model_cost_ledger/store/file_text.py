"""The text of a table file before it is parsed: UTF-8 without a byte-order mark, LF line
endings, and its header record; a file that is plain UTF-8 is read in place, never decoded
into a second copy."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa

from ..problems import Problem
from .descriptor import Resource

ProblemSink = Callable[[Problem], None]  # collects problems as they are found
# the longest header cell read: the csv module's default, set for each read because the limit is
# one for the whole process and a library imported beside this one may raise it (frictionless does)
HEADER_CELL_LIMIT = 131_072


def file_problem(resource: Resource, code: str, message: str) -> Problem:
    return Problem(resource.name, "", "", code, message)


def is_blank(text: str | bytes) -> bool:
    """True when ``text`` (or UTF-8 bytes) is empty or only white space, as ``str.isspace``
    reads it; bytes are decoded for that only when they hold no printable ASCII character."""
    if isinstance(text, str):
        return not text or text.isspace()
    return not re.search(rb"[\x21-\x7e]", text) and (not text or text.decode("utf-8").isspace())


def header_of(text: str | bytes) -> list[str]:
    """The first record of ``text``, each cell at most ``HEADER_CELL_LIMIT`` characters."""
    before = csv.field_size_limit(HEADER_CELL_LIMIT)
    try:
        return next(csv.reader(_lines(text)))
    finally:
        csv.field_size_limit(before)


def _lines(text: str | bytes) -> Iterator[str]:
    """The lines of ``text`` (or of UTF-8 bytes), each with its LF, one at a time as the reader
    asks for them (a ``StringIO`` would copy the whole file first to read its header)."""
    start = 0
    while start < len(text):
        if isinstance(text, bytes):
            end = text.find(b"\n", start) + 1 or len(text)
            yield text[start:end].decode("utf-8")
        else:
            end = text.find("\n", start) + 1 or len(text)
            yield text[start:end]
        start = end


def plain_utf8(data: bytes) -> bool:
    """True when the file's bytes are its text as is: UTF-8 (checked by Arrow, without decoding
    the file into a second copy), no byte-order mark, no carriage return."""
    if data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
        return False
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def decoded(resource: Resource, data: bytes, problem: ProblemSink) -> str | None:
    """The file's text with LF line endings, or None if it is not UTF-8; reports a BOM, bytes
    that are not UTF-8 and carriage returns."""
    if data.startswith(b"\xef\xbb\xbf"):
        problem(
            file_problem(
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
            file_problem(
                resource,
                "not-utf8",
                f"byte {error.start} (line {line}) is not UTF-8: {data[error.start : error.start + 1]!r}; save the file as UTF-8",
            )
        )
        return None
    if "\r" in text:
        problem(
            file_problem(
                resource,
                "crlf-line-endings",
                "file has carriage returns (CRLF or CR line endings); use LF only",
            )
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
