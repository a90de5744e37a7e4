"""History rules: a released row never changes, and every release rebuilds to its hash."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping

from ..history import canonical
from ..history.releases import held_in
from ..problems import Problem
from .table import Table

RELEASED_LINES: OrderedDict[tuple[str, tuple[str, ...]], str] = OrderedDict()
MAX_RELEASED_LINES = 8192  # about 8 MB: several versions of every released row


def _released_lines(figures: Table) -> dict[str, str]:
    """Canonical first-release lines of the released rows, computed once per validation. A
    row's line depends only on its text and the schema, so each is kept across validations
    (``RELEASED_LINES``): after one edit, only the edited row is converted again."""
    if "released_lines" not in figures.cache:
        typed, raw = figures.typed, figures.raw.frame
        released = typed["added_in"].notna().to_numpy(dtype=bool)
        ids = typed["figure_id"][released].tolist()
        schema = hashlib.sha256(
            repr((figures.resource.fields, tuple(raw.columns))).encode("utf-8")
        ).hexdigest()
        cells = zip(*(raw[c][released].tolist() for c in raw.columns), strict=True)
        keys = [(schema, row) for row in cells]
        missing = [i for i, key in enumerate(keys) if key not in RELEASED_LINES]
        if missing:
            rows = typed[released].iloc[missing]
            for i, line in zip(
                missing, canonical.first_release_lines(rows, figures.resource.fields), strict=True
            ):
                RELEASED_LINES[keys[i]] = line
        lines = {}
        for i in sorted(range(len(ids)), key=lambda i: (not isinstance(ids[i], str), str(ids[i]))):
            lines[ids[i]] = RELEASED_LINES[keys[i]]  # a later duplicate id wins, as in a release
            RELEASED_LINES.move_to_end(keys[i])
        while len(RELEASED_LINES) > MAX_RELEASED_LINES:
            RELEASED_LINES.popitem(last=False)
        figures.cache["released_lines"] = lines
    return figures.cache["released_lines"]


def released_rows_unchanged(tables: Mapping[str, Table]) -> Iterator[Problem]:
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


def releases_rebuild_to_their_hash(tables: Mapping[str, Table]) -> Iterator[Problem]:
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
