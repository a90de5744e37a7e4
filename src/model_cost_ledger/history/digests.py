"""The hashes that prove released rows unchanged, computed without keeping their text: the sha256
of each released row's first-release line, and each release's content hash rebuilt from those
lines, in one pass over the rows in id order, a block of rows at a time."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..store.descriptor import Field
from . import canonical
from .releases import held_in

ROWS_AT_ONCE = 8192  # rows turned into lines together: a few MB of text, never the whole table


@dataclass(frozen=True)
class Digests:
    """``lines``: each released figure id's line sha256 (a later duplicate id wins, as in a
    release); ``releases``: each version's content sha256 rebuilt from today's rows."""

    lines: dict[str, str]
    releases: dict[str, str]


def released_digests(
    figures: pd.DataFrame, fields: tuple[Field, ...], versions: tuple[str, ...]
) -> Digests:
    """The ``Digests`` of the released rows of ``figures`` (``added_in`` set) and of the releases
    ``versions``: the same hashes as ``canonical.content_hash`` of each release's lines, with
    a row held twice (a duplicate id) counted twice, as a release would list it."""
    released = figures[figures["added_in"].notna().to_numpy(dtype=bool)]
    ids = released["figure_id"].tolist()
    last = {figure_id: position for position, figure_id in enumerate(ids)}  # later one wins
    ordered = sorted(last)
    rank = {figure_id: k for k, figure_id in enumerate(ordered)}
    codes = np.fromiter((rank[i] for i in ids), dtype=np.int64, count=len(ids))
    times = {  # how often each id, in id order, appears in each release
        version: np.bincount(
            codes, weights=held_in(released, version).to_numpy(dtype=float), minlength=len(ordered)
        )
        for version in versions
    }
    header = canonical.to_json([field.name for field in fields]) + "\n"
    hashers = {version: hashlib.sha256(header.encode()) for version in versions}
    line_hashes: dict[str, str] = {}
    rows = np.fromiter((last[i] for i in ordered), dtype=np.int64, count=len(ordered))
    for start in range(0, len(ordered), ROWS_AT_ONCE):
        block = released.iloc[rows[start : start + ROWS_AT_ONCE]]
        lines = canonical.first_release_lines(block, fields)
        for figure_id, line in zip(ordered[start : start + ROWS_AT_ONCE], lines, strict=True):
            line_hashes[figure_id] = hashlib.sha256(line.encode()).hexdigest()
        for version, hasher in hashers.items():
            held = times[version][start : start + ROWS_AT_ONCE].astype(int).tolist()
            text = "".join((line + "\n") * n for line, n in zip(lines, held, strict=True) if n)
            hasher.update(text.encode())
    return Digests(line_hashes, {v: hasher.hexdigest() for v, hasher in hashers.items()})
