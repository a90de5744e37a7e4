"""The hashes that prove released rows unchanged, computed without keeping their text: the sha256
of each released row's first-release line, and each release's content hash rebuilt from those
lines, in one pass over the rows in id order, a block of rows at a time."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..store.descriptor import Field
from ..store.text_bytes import text_of
from ..store.types import TEXT
from . import canonical
from .releases import held_in_each

ROWS_AT_ONCE = 16384  # rows turned into lines together: a few MB of text, never the whole table


@dataclass(frozen=True)
class Digests:
    """``lines``: each released figure id's line sha256, indexed by id in id order (a later
    duplicate id wins, as in a release); ``releases``: each version's content sha256 rebuilt
    from today's rows."""

    lines: pd.Series
    releases: dict[str, str]


def released_digests(
    figures: pd.DataFrame, fields: tuple[Field, ...], versions: tuple[str, ...]
) -> Digests:
    """The ``Digests`` of the released rows of ``figures`` (``added_in`` set) and of the releases
    ``versions``: the same hashes as ``canonical.content_hash`` of each release's lines, with
    a row held twice (a duplicate id) counted twice, as a release would list it. Ids are
    numbered in id order by Arrow (UTF-8 order is code point order, Python's), not held in
    Python dictionaries: at a million rows those took more memory than the rows' text."""
    released = np.flatnonzero(figures["added_in"].notna().to_numpy(dtype=bool))  # positions
    codes, ordered = pd.factorize(figures["figure_id"].iloc[released], sort=True)
    last = np.full(len(ordered), -1, dtype=np.int64)  # each id's last row: a later one wins
    np.maximum.at(last, codes, np.arange(len(codes), dtype=np.int64))
    last = released[last]  # as positions in ``figures``
    times = {  # how often each id, in id order, appears in each release
        version: np.bincount(codes, weights=held[released].astype(float), minlength=len(ordered))
        for version, held in held_in_each(figures, versions).items()
    }
    header = canonical.to_json([field.name for field in fields]) + "\n"
    hashers = {version: hashlib.sha256(header.encode()) for version in versions}
    line_hashes: list[str] = []
    table = canonical.arrow_table(figures, fields)
    for start in range(0, len(ordered), ROWS_AT_ONCE):
        block = take_rows(table, last[start : start + ROWS_AT_ONCE])
        lines = canonical.arrow_lines(block, fields, first_release=True, end="\n")
        line_hashes += canonical.line_hashes(lines, end=1)
        for version, hasher in hashers.items():
            held = times[version][start : start + ROWS_AT_ONCE].astype(np.int64)
            if held.any():  # each line as often as the release holds its row
                repeated = lines.take(np.repeat(np.arange(len(held)), held))
                hasher.update(text_of(repeated))
    hashes = pd.Series(line_hashes, index=pd.Index(ordered, name="figure_id"), dtype=TEXT)
    return Digests(hashes, {v: hasher.hexdigest() for v, hasher in hashers.items()})


def take_rows(table: pa.Table, rows: np.ndarray) -> pa.Table:
    """``table.take(rows)``, taken chunk by chunk: Arrow's own take from a column of many
    chunks joins them first, a copy of the whole column for every block of rows. Rows that
    follow each other in the table (a file kept in id order) are a slice: no copy at all."""
    if len(rows) and rows[-1] - rows[0] == len(rows) - 1 and (np.diff(rows) == 1).all():
        return table.slice(int(rows[0]), len(rows))
    columns = {}
    for name in table.column_names:
        column = table[name]
        starts = np.cumsum([0] + [len(chunk) for chunk in column.chunks])
        chunk_of = np.searchsorted(starts, rows, side="right") - 1
        order = np.argsort(chunk_of, kind="stable")  # the rows grouped by chunk
        grouped, chunks = rows[order], chunk_of[order]
        parts = [
            column.chunk(number).take(grouped[chunks == number] - starts[number])
            for number in np.unique(chunks).tolist()
        ]
        gathered = pa.concat_arrays(parts) if parts else column.take(rows)
        columns[name] = gathered.take(np.argsort(order))  # back in the order of ``rows``
    return pa.table(columns)
