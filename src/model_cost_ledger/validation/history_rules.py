"""History rules: a released row never changes, and every release rebuilds to its hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from ..history import canonical
from ..history.releases import held_in
from ..problems import Problem
from ..store.cache import ContentCache, ContentKey
from .table import Table

RELEASED_LINES: ContentCache[dict[str, str]] = ContentCache(max_entries=16, max_bytes=64 << 20)


def _released_lines(figures: Table) -> dict[str, str]:
    """Canonical first-release lines of the released rows, computed once per validation and
    reused across validations while the released rows' text and the schema are unchanged (a
    new, unreleased row changes nothing here)."""
    if "released_lines" not in figures.cache:
        released = figures.typed["added_in"].notna()
        text = figures.raw.frame[released]
        payload = json.dumps(
            [repr(figures.resource.fields), [text[c].tolist() for c in text.columns]],
            ensure_ascii=False,
        ).encode("utf-8")
        key = ContentKey("released-lines", hashlib.sha256(payload).hexdigest(), len(payload))
        lines = RELEASED_LINES.get(key)
        if lines is None:
            lines = canonical.first_release_lines(figures.typed[released], figures.resource.fields)
            RELEASED_LINES.put(key, lines)
        figures.cache["released_lines"] = lines
    return figures.cache["released_lines"]


def released_rows_unchanged(tables: dict[str, Table]) -> Iterator[Problem]:
    """A released row never changes, except for gaining retracted_in and superseded_by."""
    figures, recorded = tables["figures"], tables["release_rows"]
    if not figures.has(*figures.resource.field_names) or not recorded.has(
        "figure_id", "version", "sha256", "field_hashes"
    ):
        return
    records = recorded.typed.drop_duplicates("figure_id")
    ids = records["figure_id"].tolist()
    hashes = dict(zip(ids, records["sha256"].tolist(), strict=True))
    fingerprints = dict(zip(ids, records["field_hashes"].tolist(), strict=True))
    versions = dict(zip(ids, records["version"].tolist(), strict=True))
    fields = figures.resource.fields
    added_in = fields.index(figures.resource.field("added_in"))
    for figure_id, line in _released_lines(figures).items():
        if figure_id not in hashes:
            yield Problem(
                "figures",
                figure_id,
                "added_in",
                "released-row-unrecorded",
                f"added_in says {json.loads(line)[added_in]} but release_rows.csv has no record of this row; only the release command stamps added_in",
            )
        elif hashlib.sha256(line.encode("utf-8")).hexdigest() != hashes[figure_id]:
            for name in canonical.changed_fields(
                json.loads(line), fingerprints[figure_id], fields
            ) or ["figure_id"]:
                yield Problem(
                    "figures",
                    figure_id,
                    name,
                    "released-row-changed",
                    f"differs from the row released in {versions[figure_id]}; released rows never change: restore it, then add a correction (a new row, and retracted_in plus superseded_by on this one)",
                )


def releases_rebuild_to_their_hash(tables: dict[str, Table]) -> Iterator[Problem]:
    """Every release, rebuilt from today's tables, still has the content hash it was released with."""
    figures, releases = tables["figures"], tables["releases"]
    if not figures.has(*figures.resource.field_names) or not releases.has("version", "sha256"):
        return
    lines = _released_lines(figures)
    header = canonical.to_json(figures.resource.field_names)
    for version, expected in zip(
        releases.typed["version"].tolist(), releases.typed["sha256"].tolist(), strict=True
    ):
        if not isinstance(version, str) or not isinstance(expected, str):
            continue
        held = sorted(figures.typed.loc[held_in(figures.typed, version), "figure_id"].tolist())
        actual = canonical.content_hash([header] + [lines[figure_id] for figure_id in held])
        if actual != expected:
            yield Problem(
                "releases",
                version,
                "sha256",
                "release-hash-mismatch",
                f"release {version} rebuilt from today's tables hashes to {actual[:12]}..., not {expected[:12]}...; a released row was edited, deleted or retracted retroactively",
            )


RULES = (
    released_rows_unchanged,
    releases_rebuild_to_their_hash,
)
