"""A table under validation, and the helpers every family of rules shares."""

from __future__ import annotations

import bisect
import difflib
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
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

    def rows_key(self, rows: np.ndarray) -> ContentKey | None:
        """A key of the text of ``rows`` (a boolean mask), every column, under this table's
        resource definition: equal keys, equal rows (None for a table not read from a file)."""
        if self.key is None:
            return None
        digest = hashlib.sha256(self.key.resource.encode("utf-8"))
        selected, size = pa.array(rows, type=pa.bool_()), 0
        for name in self.raw.frame.columns:
            digest.update(f"{name}\0".encode())
            for chunk in arrow_strings(self.text(name)).filter(selected).chunks:
                digest.update(f"{chunk.offset},{len(chunk)};".encode())
                for buffer in filter(None, chunk.buffers()):
                    digest.update(buffer)
                    size += buffer.size
        return ContentKey(self.key.resource, digest.hexdigest(), size)

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
    pyarrow-backed text); a missing cell is never in ``values``."""
    array = pa.array(
        column.astype(object).where(column.notna(), None).tolist()
        if column.dtype == object
        else column,
        type=pa.string(),
        from_pandas=True,
    )
    if isinstance(values, (pd.Series, pd.Index)) and values.dtype != object:
        value_set = pa.array(values.array, type=pa.string(), from_pandas=True)
    else:
        value_set = pa.array([str(v) for v in values], type=pa.string())
    found = pc.is_in(array, value_set=pc.drop_null(value_set))
    return (
        pd.Series(found.to_numpy(zero_copy_only=False), index=column.index)
        .fillna(False)
        .astype(bool)
    )


def looked_up(keys: pd.Series, table: pd.DataFrame, key: str, column: str) -> pd.Series:
    """The ``column`` of the row of ``table`` whose ``key`` is each of ``keys`` (text), aligned
    with ``keys``: missing for an unknown key, the first row of a duplicated one. Found by
    Arrow's hash kernel, in the column's own type."""
    first = table[[key, column]].drop_duplicates(key)
    known = arrow_strings(first[key]).combine_chunks()
    position = pc.index_in(arrow_strings(keys), value_set=known).fill_null(-1).to_numpy()
    values = first[column].array.take(position, allow_fill=True)  # -1 picks a missing value
    return pd.Series(values, index=keys.index)


def source_column(figures: pd.DataFrame, sources: pd.DataFrame, column: str) -> pd.Series:
    """Each figure's source's ``column`` (``looked_up``)."""
    return looked_up(figures["source_id"], sources, "source_id", column)


def text_mask(column: pd.Series, predicate: Callable[[str], object]) -> pd.Series:
    """A boolean mask: ``predicate`` on every present text cell, False on missing ones; run
    once per distinct value (``predicate`` depends on the value alone)."""
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    hits = [isinstance(v, str) and bool(predicate(v)) for v in distinct]
    return pd.Series(np.array([*hits, False], dtype=bool)[codes], index=column.index)


def cycles(edges: dict[str, list[str]]) -> set[str]:
    """Nodes that lie on a cycle of the directed graph ``edges``: those of a strongly connected
    component with more than one node or an edge to itself (Tarjan's algorithm, without
    recursion; linear in nodes and edges)."""
    search = _Components(edges)
    for start in edges:
        if start not in search.order:
            search.run(start)
    return search.on_cycle


class _Components:
    """Tarjan's search for strongly connected components, one depth-first walk at a time."""

    def __init__(self, edges: dict[str, list[str]]) -> None:
        self.edges = edges
        self.order: dict[str, int] = {}  # when each node was reached
        self.low: dict[str, int] = {}  # the earliest open node reachable from it
        self.open_nodes: list[str] = []  # reached, component not yet closed
        self.is_open: set[str] = set()
        self.on_cycle: set[str] = set()

    def run(self, start: str) -> None:
        stack = [self._enter(start)]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                self._leave(node, stack[-1][0] if stack else None)
            elif child == node:
                self.on_cycle.add(node)
            elif child in self.is_open:
                self.low[node] = min(self.low[node], self.order[child])
            elif child not in self.order and child in self.edges:
                stack.append(self._enter(child))

    def _enter(self, node: str) -> tuple[str, Iterator[str]]:
        self.order[node] = self.low[node] = len(self.order)
        self.open_nodes.append(node)
        self.is_open.add(node)
        return node, iter(self.edges[node])

    def _leave(self, node: str, parent: str | None) -> None:
        if parent is not None:
            self.low[parent] = min(self.low[parent], self.low[node])
        if self.low[node] != self.order[node]:
            return
        component = [self.open_nodes.pop()]  # the open nodes from ``node`` on
        while component[-1] != node:
            component.append(self.open_nodes.pop())
        self.is_open.difference_update(component)
        if len(component) > 1:
            self.on_cycle.update(component)


SEARCHED = 20  # distinct unknown values per field whose hint compares them with every known id
CLOSE = 0.6  # how similar a known id must be to be a hint (difflib's default cutoff)


class UnknownMessages:
    """The message for a value that is not among ``known``, with the closest known ids as a hint.

    The first ``searched`` distinct values are compared with every known id (``difflib``); later
    ones (a full search each would make many bad rows cost quadratic time) only with the few
    known ids next to them in sorted order: enough for a typo at either end. A value seen before
    reuses its message."""

    def __init__(self, known: set[str], what: str, searched: int = SEARCHED) -> None:
        self.known = sorted(known)
        self.known_set = set(known)
        self.backwards = sorted(k[::-1] for k in known)
        self.what = what
        self.searched = searched
        self.messages: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        message = self.messages.get(value)
        if message is None:
            message = self.messages[value] = self._message(value)
        return message

    def _message(self, value: str) -> str:
        if len(self.messages) < self.searched:
            close = difflib.get_close_matches(value, self.known, n=3, cutoff=CLOSE)
        else:
            close = self._neighbours(value)
        hint = f"; closest: {', '.join(close)}" if close else ""
        listing = f"; known: {', '.join(self.known)}" if len(self.known) <= 15 else ""
        return f"{value!r} is not {self.what}{hint or listing}"

    def _neighbours(self, value: str) -> list[str]:
        """The known ids closest to ``value`` among those next to it in sorted order, forwards
        and backwards (a typo at either end), and those it begins with (a character added)."""
        candidates = {value[:end] for end in range(1, len(value))} & self.known_set
        for ordered, text, turn in ((self.known, value, 1), (self.backwards, value[::-1], -1)):
            at = bisect.bisect_left(ordered, text)
            candidates.update(other[::turn] for other in ordered[max(at - 3, 0) : at + 3])
        return difflib.get_close_matches(value, sorted(candidates), n=3, cutoff=CLOSE)


def vocabulary(tables: Mapping[str, Table], name: str, key: str) -> pd.DataFrame:
    return tables[name].typed.set_index(key)


LedgerRule = Callable[[Mapping[str, Table]], Iterable[Problem]]


class Reads(Mapping[str, Table]):
    """The tables of one validation, noting every table a rule reads (by name, by ``in`` or by
    going through them all): what its problems depend on."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self._tables = tables
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> Table:
        self.read.add(name)
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        self.read.update(self._tables)
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


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
