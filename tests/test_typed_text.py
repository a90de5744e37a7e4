"""Typed text columns: an empty cell is missing, every other cell is the raw text, and the typed
column holds no second copy of the characters (at a million figures that copy was half the
memory of reading the table)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_typed
from model_cost_ledger.store.types import TEXT


def _chunks(column) -> list[pa.Array]:
    return column.array.__arrow_array__().chunks


def test_text_columns_share_the_raw_characters_and_miss_the_empty_cells(dataset):
    table = read_typed(dataset, Descriptor.read(dataset).resource("figures"))
    assert set(table.raw.frame.dtypes) == {TEXT}  # the type map's text, not pandas' own default
    for name in ("claim", "notes", "traces_to"):
        raw, typed = table.raw.frame[name], table.typed[name]
        assert typed.isna().tolist() == (raw == "").tolist(), name
        assert typed.dropna().tolist() == raw[raw != ""].tolist(), name
        shared = [
            r.buffers()[2].address == t.buffers()[2].address
            for r, t in zip(_chunks(raw), _chunks(typed), strict=True)
        ]
        assert shared and all(shared), name


CELLS = ["plain", None, 'a "quote"', "", "tab\there", "café", "back\\slash", "end"]


def test_a_byte_screen_names_the_cells_that_hold_such_a_byte_in_any_layout():
    """Chunks, an offset into the buffers, small and large offsets, missing cells: the cells
    found are the ones that hold a byte of the kind, as Python reads them cell by cell."""
    from model_cost_ledger.store.text_bytes import (
        cells_holding,
        edge_bytes,
        json_escaped,
        outside_printable_ascii,
    )

    def by_python(test):
        return [v is not None and any(test(c) for c in v.encode()) for v in CELLS]

    escaped = by_python(lambda c: c < 0x20 or c in b'"\\')
    unusual = by_python(lambda c: not 0x20 <= c <= 0x7E)
    first = [v.encode()[0] if v else 0 for v in CELLS]
    last = [v.encode()[-1] if v else 0 for v in CELLS]
    assert escaped == [False, False, True, False, True, False, True, False]
    assert unusual == [False, False, False, False, True, True, False, False]
    for kind in (pa.string(), pa.large_string()):
        whole = pa.array(CELLS, kind)
        layouts = [
            whole,
            pa.chunked_array([whole[:3], whole[3:]]),
            pa.array(["x", *CELLS], kind)[1:],
        ]
        for strings in layouts:
            assert cells_holding(strings, json_escaped).tolist() == escaped, (kind, strings)
            assert cells_holding(strings, outside_printable_ascii).tolist() == unusual
            assert [e.tolist() for e in edge_bytes(strings)] == [first, last]


def test_rows_taken_chunk_by_chunk_are_arrows_own_take():
    from model_cost_ledger.history.digests import take_rows

    column = pa.array(CELLS, pa.large_string())
    table = pa.table(
        {"text": pa.chunked_array([column[:2], column[2:5], column[5:]]), "n": list(range(8))}
    )
    rows = pa.array([7, 0, 3, 3, 5, 1, 6]).to_numpy()
    assert take_rows(table, rows).to_pylist() == table.take(rows).to_pylist()
    assert take_rows(table, rows[:0]).num_rows == 0
    for following in ([1, 2, 3, 4, 5], [6], [0, 1, 3]):  # a slice across chunks, one row, a gap
        rows = np.array(following)
        assert take_rows(table, rows).to_pylist() == table.take(rows).to_pylist(), following


def test_a_pattern_is_matched_on_every_cell_whether_or_not_values_repeat():
    import re

    import pandas as pd

    from model_cost_ledger.validation.schema_rules import SAMPLE, _fits_pattern

    pattern = "^[a-z0-9][a-z0-9.-]*$"
    distinct = [f"row-{i}" for i in range(SAMPLE + 1000)]  # matched cell by cell
    repeating = ["gpu-hours", "training-cost"] * (SAMPLE // 2 + 500)  # once per distinct value
    for cells in (distinct, repeating):
        cells[SAMPLE + 10] = "Bad Id"  # past the sample that chose the way
        cells[SAMPLE + 20] = None
        text = pd.Series(cells, dtype="string")
        expected = [isinstance(c, str) and bool(re.fullmatch(pattern, c)) for c in cells]
        assert _fits_pattern(text, pattern).tolist() == expected
