"""The description a build embeds in each Parquet file (key-value metadata ``model_cost_ledger``):
what it holds, its own hash, and a defensive reader that turns anything malformed (not JSON,
nested too deeply, ``NaN``/``Infinity``, duplicate keys, a missing key or one of the wrong type,
a vocabulary that is not a list of distinct texts) into a ``LedgerError`` saying what is wrong."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from ..problems import LedgerError

METADATA_KEY = b"model_cost_ledger"
MAX_METADATA_BYTES = 1 << 20  # a build writes a few KB: the vocabularies are the largest part
HEX64 = re.compile(r"[0-9a-f]{64}")
VERSION = re.compile(r"[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}")


def metadata_hash(metadata: dict[str, Any]) -> str:
    """sha256 of the embedded metadata without its own hash, so that the metadata (categories,
    version, content hash) is as tamper-evident as the data pages."""
    payload = {key: value for key, value in metadata.items() if key != "metadata_sha256"}
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _rows(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _hex64(value: Any) -> bool:
    return isinstance(value, str) and HEX64.fullmatch(value) is not None


def _version(value: Any) -> bool:
    return isinstance(value, str) and VERSION.fullmatch(value) is not None


def _categories(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(items, list)
        and all(isinstance(item, str) for item in items)
        and len(set(items)) == len(items)
        for items in value.values()
    )


KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {  # key -> (check, what it must be)
    "name": (_text, "text"),
    "table": (_text, "a table name"),
    "version": (_version, "a version X.Y.Z"),
    "license": (_text, "text"),
    "rows": (_rows, "a row count (a whole number >= 0)"),
    "content_sha256": (_hex64, "64 lowercase hex digits"),
    "metadata_sha256": (_hex64, "64 lowercase hex digits"),
}
FIGURES_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    **KEYS,
    "released": (_text, "a date"),
    "citation": (_text, "text"),
    "release_sha256": (_hex64, "64 lowercase hex digits"),
    "schema": (_text, "text"),
    "categories": (_categories, "an object of column -> list of distinct texts"),
}


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise ValueError(f"duplicate key {duplicated[0]!r}")
    return dict(pairs)


def parse_metadata(raw: bytes | None, path: object) -> dict[str, Any]:
    """The embedded metadata of a file, checked key by key; ``LedgerError`` says what is wrong."""
    if raw is None:
        raise LedgerError("not a model-cost-ledger file (no model_cost_ledger metadata)", path=path)
    if len(raw) > MAX_METADATA_BYTES:
        raise LedgerError(
            f"the embedded metadata is {len(raw):,} bytes, at most {MAX_METADATA_BYTES:,} allowed",
            path=path,
        )
    try:
        metadata = json.loads(
            raw.decode("utf-8"), parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates
        )
    except RecursionError:
        raise LedgerError("the embedded metadata is nested too deeply", path=path) from None
    except ValueError as error:  # includes JSONDecodeError and UnicodeDecodeError
        raise LedgerError(f"the embedded metadata is not valid JSON: {error}", path=path) from None
    if not isinstance(metadata, dict):
        raise LedgerError("the embedded metadata is not a JSON object", path=path)
    try:
        _check_keys(metadata, path)
    except RecursionError:
        raise LedgerError("the embedded metadata is nested too deeply", path=path) from None
    return metadata


def _check_keys(metadata: dict[str, Any], path: object) -> None:
    keys = FIGURES_KEYS if metadata.get("table", "figures") == "figures" else KEYS
    for key, (check, allowed) in keys.items():
        if key not in metadata:
            raise LedgerError(f"the embedded metadata has no {key!r}", path=path)
        if not check(metadata[key]):
            shown = json.dumps(metadata[key], ensure_ascii=False)[:80]
            raise LedgerError(
                f"the embedded metadata's {key!r} is {shown}, expected {allowed}", path=path
            )
    if metadata["metadata_sha256"] != metadata_hash(metadata):
        raise LedgerError(
            "the embedded metadata does not match its own hash: the file was altered", path=path
        )
