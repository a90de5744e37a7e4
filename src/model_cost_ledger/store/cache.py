"""A small content-addressed cache: values computed from a table's file, reused while the
table's resource definition and the file's bytes are unchanged."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

from .descriptor import Resource

V = TypeVar("V")


class ContentCache(Generic[V]):
    """A small least-recently-used store of values computed from a file, keyed by what they were
    computed from (a ``ContentKey``: the resource definition and the sha256 of the file's bytes).

    Bounded by the number of entries and by the bytes of the files behind them; a file larger
    than ``max_bytes`` is never kept. Values are shared: callers must hand out copies."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[ContentKey, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ContentKey) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: ContentKey, value: V) -> None:
        if key.size > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries or self._bytes() > self.max_bytes:
                self._entries.popitem(last=False)

    def _bytes(self) -> int:
        return sum(key.size for key in self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class ContentKey:
    """What a table's reading depends on: its resource definition and its file's bytes."""

    resource: str  # repr of the Resource: every field, constraint and key
    sha256: str
    size: int

    @classmethod
    def of(cls, resource: Resource, data: bytes) -> ContentKey:
        return cls(repr(resource), hashlib.sha256(data).hexdigest(), len(data))
