"""History rules: a released row never changes, and every release rebuilds to its hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping

from ..history import canonical
from ..history.releases import held_in
from ..problems import Problem
from ..store.cache import ContentCache, ContentKey
from .table import Table


def _released_lines(figures: Table) -> dict[str, str]:
    """Canonical first-release lines of the released rows by id, computed once per validation
    (column-wise: about 10 µs a row); a later duplicate id wins, as in a release."""
    if "released_lines" not in figures.cache:
        typed = figures.typed
        mask = typed["added_in"].notna().to_numpy(dtype=bool)
        released = typed if mask.all() else typed[mask]  # no copy when every row is released
        lines = canonical.first_release_lines(released, figures.resource.fields)
        figures.cache["released_lines"] = dict(
            zip(released["figure_id"].tolist(), lines, strict=True)
        )
    return figures.cache["released_lines"]


def released_rows_unchanged(tables: Mapping[str, Table]) -> tuple[Problem, ...]:
    """A released row never changes, except for gaining retracted_in and superseded_by."""
    figures, recorded = tables["figures"], tables["release_rows"]
    if not figures.has(*figures.resource.field_names) or not recorded.has(
        "figure_id", "version", "sha256", "field_hashes"
    ):
        return ()
    return _remembered(_changed_rows, figures, recorded)


def _changed_rows(figures: Table, recorded: Table) -> Iterator[Problem]:
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


def releases_rebuild_to_their_hash(tables: Mapping[str, Table]) -> tuple[Problem, ...]:
    """Every release, rebuilt from today's tables, still has the content hash it was released with."""
    figures, releases = tables["figures"], tables["releases"]
    if not figures.has(*figures.resource.field_names) or not releases.has("version", "sha256"):
        return ()
    return _remembered(_rebuilt_hashes, figures, releases)


def _rebuilt_hashes(figures: Table, releases: Table) -> Iterator[Problem]:
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


HISTORY_PROBLEMS: ContentCache[tuple[Problem, ...]] = ContentCache(
    max_entries=32, max_bytes=256 << 20
)


def _remembered(
    check: Callable[[Table, Table], Iterable[Problem]], figures: Table, other: Table
) -> tuple[Problem, ...]:
    """``check(figures, other)``'s problems, reused while the released rows of ``figures`` and
    the file of ``other`` are unchanged: they depend on nothing else (an unreleased row is in
    no release), so adding or editing an unreleased figure does not run the check again."""
    if "released_key" not in figures.cache:
        released = figures.typed["added_in"].notna().to_numpy(dtype=bool)
        figures.cache["released_key"] = figures.rows_key(released)
    rows: ContentKey | None = figures.cache["released_key"]
    key = None
    if rows is not None and other.key is not None:
        against = f"{check.__name__} of {rows.resource} against {other.key!r}"
        key = ContentKey(against, rows.sha256, rows.size + other.key.size)
    found = None if key is None else HISTORY_PROBLEMS.get(key)
    if found is None:
        found = tuple(check(figures, other))
        if key is not None:
            HISTORY_PROBLEMS.put(key, found)
    return found


RULES = (
    released_rows_unchanged,
    releases_rebuild_to_their_hash,
)
