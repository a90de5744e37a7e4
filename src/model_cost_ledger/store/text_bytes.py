"""Screens over the bytes of Arrow text columns: which cells hold a byte of some kind, found in
one vectorized pass over each chunk's characters instead of cell by cell. A check that only a
few kinds of byte can fail (a JSON escape, a control character) runs on those cells alone."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

ByteTest = Callable[[np.ndarray], np.ndarray]  # the bytes of a chunk -> a boolean per byte


def outside_printable_ascii(characters: np.ndarray) -> np.ndarray:
    """Bytes other than 0x20-0x7e: ASCII controls, DEL and every byte of a non-ASCII character."""
    return (characters - np.uint8(0x20)) > np.uint8(0x5E)  # below 0x20 wraps round to 0xe0 up


def json_escaped(characters: np.ndarray) -> np.ndarray:
    """Bytes that JSON writes as an escape: control characters, the quote and the backslash."""
    return (characters < 0x20) | (characters == 0x22) | (characters == 0x5C)


def cells_holding(strings: pa.Array | pa.ChunkedArray, test: ByteTest) -> np.ndarray:
    """A boolean per cell of ``strings`` (Arrow text): does the cell hold a byte that ``test``
    picks? A missing cell holds none."""
    chunks = strings.chunks if isinstance(strings, pa.ChunkedArray) else [strings]
    return np.concatenate([_chunk_cells(chunk, test) for chunk in chunks] or [np.zeros(0, bool)])


def _chunk_cells(chunk: pa.Array, test: ByteTest) -> np.ndarray:
    found = np.zeros(len(chunk), dtype=bool)
    bounds, data = cell_bounds(chunk), chunk.buffers()[2]
    if not len(chunk) or data is None:
        return found
    characters = np.frombuffer(data, dtype=np.uint8)[bounds[0] : bounds[-1]]
    at = np.flatnonzero(test(characters)) + bounds[0]
    found[np.searchsorted(bounds, at, side="right") - 1] = True
    return found


def cell_bounds(strings: pa.Array) -> np.ndarray:
    """Where each cell of ``strings`` (Arrow text, one chunk) starts in its character buffer,
    and where the last one ends: ``len(strings) + 1`` offsets, read in place."""
    width = np.int64 if pa.types.is_large_string(strings.type) else np.int32
    offsets = strings.buffers()[1]
    return np.frombuffer(offsets, dtype=width)[strings.offset : strings.offset + len(strings) + 1]


def text_of(strings: pa.Array) -> memoryview:
    """The characters of every cell of ``strings`` (one chunk) one after the other, in place."""
    bounds, data = cell_bounds(strings), strings.buffers()[2]
    return (memoryview(data) if data else memoryview(b""))[int(bounds[0]) : int(bounds[-1])]


def edge_bytes(strings: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The first and the last byte of each cell of ``strings``; 0 for an empty or missing cell."""
    chunks = strings.chunks if isinstance(strings, pa.ChunkedArray) else [strings]
    edges = [_chunk_edges(chunk) for chunk in chunks] or [(np.zeros(0, np.uint8),) * 2]
    return np.concatenate([e[0] for e in edges]), np.concatenate([e[1] for e in edges])


def _chunk_edges(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    first, last = np.zeros(len(chunk), np.uint8), np.zeros(len(chunk), np.uint8)
    bounds, data = cell_bounds(chunk), chunk.buffers()[2]
    if not len(chunk) or data is None:
        return first, last
    characters = np.frombuffer(data, dtype=np.uint8)
    filled = bounds[1:] > bounds[:-1]
    first[filled] = characters[bounds[:-1][filled]]
    last[filled] = characters[bounds[1:][filled] - 1]
    return first, last
