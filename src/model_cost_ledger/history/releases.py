"""Versions: which figures each release holds, rebuilt from today's tables.

A release ``V`` holds the rows with ``added_in <= V`` that were not retracted at or before ``V``;
on those rows a retraction made after ``V`` is not yet visible (``retracted_in`` and
``superseded_by`` read as empty).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..problems import LedgerError
from ..store.descriptor import Field
from . import canonical
from .canonical import CORRECTION_FIELDS
from .versions import is_version, known_versions, sort_key, version_key

SHOWN_DIFFERENCES = 5  # differences a mismatch message names before "and N more"


def figures_in(
    tables: dict[str, pd.DataFrame], version: str, fields: tuple[Field, ...]
) -> pd.DataFrame:
    """The figures exactly as released in ``version``, after checking that they still hash to
    the release's recorded content hash (``LedgerError`` names what changed); ``KeyError``
    lists the known versions."""
    known = known_versions(tables["releases"])
    if version not in known:
        listing = ", ".join(known) or "none yet"
        raise KeyError(f"unknown version {version!r}; released versions: {listing}")
    view = release_view(tables["figures"], version)
    if canonical.content_hash(canonical.canonical_lines(view, fields)) == recorded_hash(
        tables["releases"], version
    ):
        return view
    mismatch = release_mismatch(canonical.canonical_rows(view, fields), fields, version, tables)
    if mismatch:
        raise LedgerError(
            f"today's tables no longer rebuild release {version}: {mismatch}; "
            "run `model-cost-ledger validate`"
        )
    return view


def recorded_hash(releases: pd.DataFrame, version: str) -> str | None:
    """The content sha256 ``releases.csv`` records for ``version`` (None: not a release)."""
    match = releases.loc[releases["version"] == version, "sha256"].dropna()
    return str(match.iloc[0]) if len(match) else None


def rows_hash(rows: list[list], fields: tuple[Field, ...]) -> str:
    """The content hash of canonical ``rows`` (sorted by key) of ``fields``."""
    header = canonical.to_json([field.name for field in fields])
    return canonical.content_hash([header] + [canonical.to_json(row) for row in rows])


def release_mismatch(
    rows: list[list], fields: tuple[Field, ...], version: str, tables: dict[str, pd.DataFrame]
) -> str:
    """Empty when ``rows`` (canonical figure rows, sorted by id) hash to the recorded hash of
    ``version``; else what differs, in words: each changed figure and field (from the row
    fingerprints in ``release_rows``), each figure not in the release, each missing one."""
    expected = recorded_hash(tables["releases"], version)
    actual = rows_hash(rows, fields)
    if actual == expected:
        return ""
    found = release_differences(rows, fields, version, tables)
    shown = "; ".join(found[:SHOWN_DIFFERENCES])
    more = len(found) - SHOWN_DIFFERENCES
    return (
        f"the figures hash to {actual[:12]}..., release {version} is recorded as "
        f"{str(expected)[:12]}...{': ' + shown if shown else ''}"
        f"{f'; and {more} more' if more > 0 else ''}"
    )


def release_differences(
    rows: list[list], fields: tuple[Field, ...], version: str, tables: dict[str, pd.DataFrame]
) -> list[str]:
    """Each way ``rows`` differ from release ``version`` as this dataset records it."""
    records = tables["release_rows"].drop_duplicates("figure_id").set_index("figure_id")
    target, found = version_key(version), []
    for values in rows:
        figure_id = values[0]
        if figure_id not in records.index or sort_key(records.at[figure_id, "version"]) > target:
            found.append(f"figure {figure_id!r} is not in release {version}")
            continue
        first = canonical.first_release_row(values, fields)
        if canonical.row_hash(first) != records.at[figure_id, "sha256"]:
            changed = canonical.changed_fields(
                first, str(records.at[figure_id, "field_hashes"]), fields
            )
            found.append(f"figure {figure_id!r} was changed in {', '.join(changed)}")
    held = set(release_view(tables["figures"], version)["figure_id"])
    found += [f"figure {i!r} is missing" for i in sorted(held - {row[0] for row in rows})]
    count = tables["releases"].loc[tables["releases"]["version"] == version, "figures"]
    if len(count) and len(rows) != count.iloc[0]:
        found.append(f"{len(rows)} figures where the release has {count.iloc[0]}")
    return found


def _at_or_before(
    column: pd.Series, targets: dict[str, tuple[int, int, int]]
) -> dict[str, np.ndarray]:
    """For each target version, the cells holding a version at or before it (each distinct
    version parsed once for all targets; a malformed one is in no release, and the pattern rule
    reports it)."""
    codes, distinct = pd.factorize(column)  # a missing cell: code -1, the last entry below
    keys = [version_key(v) if is_version(v) else None for v in distinct.tolist()]
    return {
        version: np.array([key is not None and key <= target for key in keys] + [False])[codes]
        for version, target in targets.items()
    }


def held_in_each(figures: pd.DataFrame, versions: Iterable[str]) -> dict[str, np.ndarray]:
    """Which rows of ``figures`` each release of ``versions`` holds: added at or before it, and
    not retracted by then."""
    targets = {version: version_key(version) for version in versions}
    added = _at_or_before(figures["added_in"], targets)
    retracted = _at_or_before(figures["retracted_in"], targets)
    return {version: added[version] & ~retracted[version] for version in targets}


def held_in(figures: pd.DataFrame, version: str) -> pd.Series:
    """Which rows of ``figures`` release ``version`` holds (``held_in_each``)."""
    return pd.Series(held_in_each(figures, [version])[version], index=figures.index)


def release_view(figures: pd.DataFrame, version: str) -> pd.DataFrame:
    """Rows of ``figures`` as they stood in ``version`` (see the module docstring)."""
    view = figures[held_in(figures, version)].copy()
    retracted_later = view["retracted_in"].notna()
    for column in CORRECTION_FIELDS:
        view.loc[retracted_later, column] = pd.NA
    return view.sort_values("figure_id", kind="stable").reset_index(drop=True)
