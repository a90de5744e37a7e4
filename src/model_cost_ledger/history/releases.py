"""Versions: which figures each release holds, rebuilt from today's tables.

A release ``V`` holds the rows with ``added_in <= V`` that were not retracted at or before ``V``;
on those rows a retraction made after ``V`` is not yet visible (``retracted_in`` and
``superseded_by`` read as empty).
"""

from __future__ import annotations

import pandas as pd

from .canonical import CORRECTION_FIELDS
from .versions import is_version, known_versions, version_key


def figures_in(tables: dict[str, pd.DataFrame], version: str) -> pd.DataFrame:
    """The figures exactly as released in ``version``; ``KeyError`` lists the known versions."""
    known = known_versions(tables["releases"])
    if version not in known:
        listing = ", ".join(known) or "none yet"
        raise KeyError(f"unknown version {version!r}; released versions: {listing}")
    return release_view(tables["figures"], version)


def _at_or_before(column: pd.Series, target: tuple[int, int, int]) -> pd.Series:
    """Cells holding a version at or before ``target`` (each distinct version parsed once; a
    malformed one is in no release, and the pattern rule reports it)."""
    distinct = [v for v in column.dropna().unique().tolist() if is_version(v)]
    earlier = [v for v in distinct if version_key(v) <= target]
    return column.isin(earlier).fillna(False).astype(bool)


def held_in(figures: pd.DataFrame, version: str) -> pd.Series:
    """Which rows of ``figures`` release ``version`` holds: added at or before it, and not
    retracted by then."""
    target = version_key(version)
    added = _at_or_before(figures["added_in"], target)
    return added & ~_at_or_before(figures["retracted_in"], target)


def release_view(figures: pd.DataFrame, version: str) -> pd.DataFrame:
    """Rows of ``figures`` as they stood in ``version`` (see the module docstring)."""
    view = figures[held_in(figures, version)].copy()
    retracted_later = view["retracted_in"].notna()
    for column in CORRECTION_FIELDS:
        view.loc[retracted_later, column] = pd.NA
    return view.sort_values("figure_id", kind="stable").reset_index(drop=True)
