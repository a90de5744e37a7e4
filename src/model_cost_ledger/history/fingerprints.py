"""What decides a major release: hashes of the figures schema and of the vocabularies' meaning."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from ..store.descriptor import Descriptor, Field


def schema_hash(descriptor_raw: dict) -> str:
    """sha256 of the figures table's schema: a change to it is a major change."""
    figures_schema = next(
        r["schema"] for r in descriptor_raw["resources"] if r["name"] == "figures"
    )
    return hashlib.sha256(
        json.dumps(figures_schema, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def vocabulary_fingerprint(
    descriptor: Descriptor, frames: dict[str, pd.DataFrame]
) -> dict[str, str]:
    """``table/key`` -> 8 hex digits of sha256 of the entry's meaning columns (``x-meaning`` in the
    descriptor), for every vocabulary table; display names, descriptions, plausible ranges and
    comparability hints may change freely."""
    entries = {}
    for resource in descriptor.resources.values():
        if not resource.is_vocabulary:
            continue
        frame = frames[resource.name][resource.meaning]
        for values in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            payload = json.dumps(list(values), ensure_ascii=False, default=str)
            digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
            entries[f"{resource.name}/{values[0]}"] = digest[:8]
    return dict(sorted(entries.items()))


def fingerprint_cell(fingerprint: dict[str, str], field: Field) -> str:
    """A vocabulary fingerprint as the ``releases.vocabulary`` cell records it (``key:hash`` items)."""
    return field.cell([f"{key}:{value}" for key, value in fingerprint.items()])


def recorded_fingerprint(cell: str, field: Field) -> dict[str, str]:
    """The vocabulary fingerprint a ``releases.vocabulary`` cell records."""
    return dict(item.split(":", 1) for item in field.items(cell))
