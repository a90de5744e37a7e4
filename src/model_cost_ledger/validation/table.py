"""A table under validation, and the helpers every family of rules shares."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import Problem
from ..store.cache import ContentKey
from ..store.csvfile import RawTable
from ..store.descriptor import Resource

# a problem's message: one text for all rows, one per row, or (values, a function of the value)
Messages: TypeAlias = str | pd.Series | tuple[pd.Series, Callable[[Any], str]]


@dataclass
class Table:
    """A table under validation: its raw text, typed values and row ids."""

    resource: Resource
    raw: RawTable
    typed: pd.DataFrame
    ids: pd.Series
    key: ContentKey | None = None  # what the table was read from (None: an unreadable file)
    cache: dict = dataclass_field(
        default_factory=dict
    )  # values several rules derive from this table

    @property
    def name(self) -> str:
        return self.resource.name

    def has(self, *columns: str) -> bool:
        return all(column in self.typed.columns for column in columns)

    def text(self, column: str) -> pd.Series:
        return self.raw.frame[column]

    def problems(
        self, mask: pd.Series, field: str, code: str, messages: Messages
    ) -> Iterator[Problem]:
        """One problem per row where ``mask`` is true. ``messages`` is one string, a Series with
        one per row, or a pair ``(values, function)``: the function makes the message from the
        row's value, and runs only on the rows that have a problem."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        if isinstance(messages, str):
            texts = [messages] * int(mask.sum())
        elif isinstance(messages, tuple):
            values, function = messages
            texts = [function(value) for value in values[mask].astype(object)]
        else:
            texts = list(messages[mask])
        for row_id, message in zip(self.ids[mask], texts, strict=True):
            yield Problem(self.name, row_id, field, code, message)


def isin(column: pd.Series, values: Iterable[object]) -> pd.Series:
    """``column.isin(values)`` through pyarrow's hash kernel (pandas falls back to Python for
    pyarrow-backed text)."""
    import pyarrow as pa

    array = pa.array(
        column.astype(object).where(column.notna(), None).tolist()
        if column.dtype == object
        else column,
        type=pa.string(),
        from_pandas=True,
    )
    found = pc.is_in(array, value_set=pa.array(sorted(str(v) for v in values), type=pa.string()))
    return (
        pd.Series(found.to_numpy(zero_copy_only=False), index=column.index)
        .fillna(False)
        .astype(bool)
    )


def text_mask(column: pd.Series, predicate: Callable[[str], object]) -> pd.Series:
    """A boolean mask: ``predicate`` on every present text cell, False on missing ones."""
    return pd.Series(
        [isinstance(v, str) and bool(predicate(v)) for v in column.astype(object)],
        index=column.index,
        dtype=bool,
    )


def cycles(edges: dict[str, list[str]]) -> set[str]:
    """Nodes that lie on a cycle of the directed graph ``edges``."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in edges:
        if start in state:
            continue
        stack = [(start, iter(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                on_cycle.update(path[path.index(child) :])
            elif child not in state and child in edges:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    return on_cycle


def unknown_message(value: str, known: set[str], what: str) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3)
    hint = f"; closest: {', '.join(close)}" if close else ""
    listing = f"; known: {', '.join(sorted(known))}" if len(known) <= 15 else ""
    return f"{value!r} is not {what}{hint or listing}"


def vocabulary(tables: dict[str, Table], name: str, key: str) -> pd.DataFrame:
    return tables[name].typed.set_index(key)


LedgerRule = Callable[[dict[str, Table]], Iterable[Problem]]


def arrow_strings(text: pd.Series) -> pa.ChunkedArray:
    """The Arrow strings behind a text column (no copy)."""
    return text.array.__arrow_array__()


def mask_of(mask: pa.ChunkedArray) -> np.ndarray:
    return mask.fill_null(False).to_numpy(zero_copy_only=False)


def flagged(
    table: Table, bad: np.ndarray, field: str, code: str, messages: Messages
) -> Iterator[Problem]:
    """``table.problems`` for a numpy mask, at no pandas cost when nothing is flagged."""
    if bad.any():
        yield from table.problems(
            pd.Series(bad, index=table.raw.frame.index), field, code, messages
        )
