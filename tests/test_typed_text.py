"""Typed text columns: an empty cell is missing, every other cell is the raw text, and the typed
column holds no second copy of the characters (at a million figures that copy was half the
memory of reading the table)."""

from __future__ import annotations

import pyarrow as pa

from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_typed


def _chunks(column) -> list[pa.Array]:
    return column.array.__arrow_array__().chunks


def test_text_columns_share_the_raw_characters_and_miss_the_empty_cells(dataset):
    table = read_typed(dataset, Descriptor.read(dataset).resource("figures"))
    for name in ("claim", "notes", "traces_to"):
        raw, typed = table.raw.frame[name], table.typed[name]
        assert typed.isna().tolist() == (raw == "").tolist(), name
        assert typed.dropna().tolist() == raw[raw != ""].tolist(), name
        shared = [
            r.buffers()[2].address == t.buffers()[2].address
            for r, t in zip(_chunks(raw), _chunks(typed), strict=True)
        ]
        assert shared and all(shared), name
