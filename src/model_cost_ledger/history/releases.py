"""Versions: which figures each release holds, rebuilt from today's tables.

A release ``V`` holds the rows with ``added_in <= V`` that were not retracted at or before ``V``;
on those rows a retraction made after ``V`` is not yet visible (``retracted_in`` and
``superseded_by`` read as empty).
"""

from __future__ import annotations

import pandas as pd

from .canonical import CORRECTION_FIELDS
from .versions import known_versions, version_key


def figures_in(tables: dict[str, pd.DataFrame], version: str) -> pd.DataFrame:
    """The figures exactly as released in ``version``; ``KeyError`` lists the known versions."""
    known = known_versions(tables["releases"])
    if version not in known:
        listing = ", ".join(known) or "none yet"
        raise KeyError(f"unknown version {version!r}; released versions: {listing}")
    return release_view(tables["figures"], version)


def _at_or_before(column: pd.Series, target: tuple[int, int, int]) -> pd.Series:
    return pd.Series(
        [isinstance(v, str) and version_key(v) <= target for v in column.astype(object)],
        index=column.index,
        dtype=bool,
    )


def release_view(figures: pd.DataFrame, version: str) -> pd.DataFrame:
    """Rows of ``figures`` as they stood in ``version`` (see the module docstring)."""
    target = version_key(version)
    view = figures[
        _at_or_before(figures["added_in"], target) & ~_at_or_before(figures["retracted_in"], target)
    ].copy()
    retracted_later = view["retracted_in"].notna()
    for column in CORRECTION_FIELDS:
        view.loc[retracted_later, column] = pd.NA
    return view.sort_values("figure_id", kind="stable").reset_index(drop=True)
