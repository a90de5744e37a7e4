"""History rules: a released row never changes, and every release rebuilds to its hash."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping

from ..history import canonical
from ..history.digests import Digests, released_digests
from ..problems import Problem
from ..store.cache import ContentCache, ContentKey
from .table import Table


def _digests(figures: Table, releases: Table) -> Digests:
    """The line hashes of the released rows and the rebuilt hash of every release listed in
    ``releases``, computed once per validation for both rules (``history.digests``)."""
    listed = releases.typed["version"].tolist() if releases.has("version", "sha256") else []
    versions = tuple(v for v in listed if isinstance(v, str))
    key = ("released_digests", versions)
    if key not in figures.cache:
        figures.cache[key] = released_digests(figures.typed, figures.resource.fields, versions)
    return figures.cache[key]


def _lines_of(figures: Table, figure_ids: set[str]) -> dict[str, list]:
    """The first-release rows (canonical values) of the released figures ``figure_ids``, read
    back from their lines; a later duplicate id wins, as in a release."""
    typed = figures.typed
    rows = typed[
        typed["added_in"].notna().to_numpy(dtype=bool) & typed["figure_id"].isin(figure_ids)
    ]
    lines = canonical.first_release_lines(rows, figures.resource.fields)
    return {i: json.loads(line) for i, line in zip(rows["figure_id"].tolist(), lines, strict=True)}


def released_rows_unchanged(tables: Mapping[str, Table]) -> tuple[Problem, ...]:
    """A released row never changes, except for gaining retracted_in and superseded_by."""
    figures, recorded, releases = tables["figures"], tables["release_rows"], tables["releases"]
    if not figures.has(*figures.resource.field_names) or not recorded.has(
        "figure_id", "version", "sha256", "field_hashes"
    ):
        return ()
    return _remembered(_changed_rows, figures, recorded, releases)


def _changed_rows(figures: Table, recorded: Table, releases: Table) -> Iterator[Problem]:
    ours = _digests(figures, releases).lines
    records = recorded.typed.drop_duplicates("figure_id").set_index("figure_id")
    theirs = records["sha256"].reindex(ours.index)
    wrong = set(ours.index[theirs.ne(ours).fillna(True).to_numpy(dtype=bool)])  # NA: unrecorded
    fields = figures.resource.fields
    added_in = fields.index(figures.resource.field("added_in"))
    rows = _lines_of(figures, wrong) if wrong else {}
    records = records.loc[records.index.isin(wrong)]
    hashes, fingerprints, versions = (
        records[column].to_dict() for column in ("sha256", "field_hashes", "version")
    )
    for figure_id in sorted(wrong):
        if figure_id not in hashes:
            yield Problem(
                "figures",
                figure_id,
                "added_in",
                "released-row-unrecorded",
                f"added_in says {rows[figure_id][added_in]} but release_rows.csv has no record of this row; only the release command stamps added_in",
            )
            continue
        for name in canonical.changed_fields(rows[figure_id], fingerprints[figure_id], fields) or [
            "figure_id"
        ]:
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
    rebuilt = _digests(figures, releases).releases
    for version, expected in zip(
        releases.typed["version"].tolist(), releases.typed["sha256"].tolist(), strict=True
    ):
        if not isinstance(version, str) or not isinstance(expected, str):
            continue
        actual = rebuilt[version]
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
    check: Callable[..., Iterable[Problem]], figures: Table, *others: Table
) -> tuple[Problem, ...]:
    """``check(figures, *others)``'s problems, reused while the released rows of ``figures`` and
    the files of ``others`` are unchanged: they depend on nothing else (an unreleased row is in
    no release), so adding or editing an unreleased figure does not run the check again."""
    if "released_key" not in figures.cache:
        released = figures.typed["added_in"].notna().to_numpy(dtype=bool)
        figures.cache["released_key"] = figures.rows_key(released)
    rows: ContentKey | None = figures.cache["released_key"]
    key = None
    if rows is not None and all(other.key is not None for other in others):
        against = f"{check.__name__} of {rows.resource} against {[o.key for o in others]!r}"
        size = rows.size + sum(o.key.size for o in others if o.key is not None)
        key = ContentKey(against, rows.sha256, size)
    found = None if key is None else HISTORY_PROBLEMS.get(key)
    if found is None:
        found = tuple(check(figures, *others))
        if key is not None:
            HISTORY_PROBLEMS.put(key, found)
    return found


RULES = (
    released_rows_unchanged,
    releases_rebuild_to_their_hash,
)
