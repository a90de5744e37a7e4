"""What changed between two releases: figures added, superseded and retracted."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..store.reading import read_tables
from .releases import held_in
from .versions import known_versions, version_key

CHANGES = ("added", "superseded", "retracted")
DETAIL = [
    "figure_id",
    "superseded_by",
    "subject_id",
    "metric",
    "value",
    "unit",
    "reported_as",
    "source_id",
]


def diff(a: str, b: str, path: str | Path | None = None) -> pd.DataFrame:
    """Figures added, superseded and retracted between releases ``a`` and ``b`` (a before b).

    Parameters
    ----------
    a, b : str
        Released versions, ``a`` not after ``b``.
    path : str or Path, optional
        The dataset folder; the packaged or checkout dataset by default.

    Returns
    -------
    pandas.DataFrame
        One row per changed figure: ``change`` (added, superseded or retracted), then the
        figure's id, ``superseded_by``, subject, metric, value, unit, ``reported_as`` and source.

    Raises
    ------
    KeyError
        If ``a`` or ``b`` is not a released version.
    ValueError
        If ``a`` is after ``b``.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> changes = mcl.diff("0.1.0", "0.1.0")
    >>> list(changes.columns)[:3]
    ['change', 'figure_id', 'superseded_by']
    """
    frames = read_tables(path)
    return changes_between(frames, a, b)


def changes_between(frames: dict[str, pd.DataFrame], a: str, b: str) -> pd.DataFrame:
    """``diff`` on tables already read.

    Parameters
    ----------
    frames : dict of str to pandas.DataFrame
        The dataset's tables, as ``read_tables`` returns them.
    a, b : str
        Released versions, ``a`` not after ``b``.

    Returns
    -------
    pandas.DataFrame
        The changed figures, as ``diff`` describes.

    Raises
    ------
    KeyError
        If ``a`` or ``b`` is not a released version.
    ValueError
        If ``a`` is after ``b``.

    Examples
    --------
    >>> changes = changes_between(read_tables(), "0.1.0", "0.1.0")
    >>> len(changes)
    0
    """
    _check_versions(known_versions(frames["releases"]), a, b)
    ids = frames["figures"]["figure_id"]
    before = set(ids[held_in(frames["figures"], a)])
    after = set(ids[held_in(frames["figures"], b)])
    figures = frames["figures"].set_index("figure_id", drop=False)
    rows = changed(before, after, figures["superseded_by"].to_dict())
    detail = (
        figures.loc[[figure_id for _, figure_id in rows], DETAIL].reset_index(drop=True)
        if rows
        else figures.iloc[0:0][DETAIL].reset_index(drop=True)
    )
    detail.insert(0, "change", pd.Categorical([change for change, _ in rows], categories=CHANGES))
    return detail.sort_values(["change", "figure_id"], kind="stable").reset_index(drop=True)


def changed(
    before: set[str], after: set[str], superseded_by: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """``(change, figure_id)`` of each figure added, superseded or retracted from the ids one
    release holds (``before``) to a later one's (``after``), each change's ids sorted, in the
    order of ``CHANGES``; a figure gone is superseded when it names the figure replacing it.

    >>> changed({"a", "b"}, {"b", "c"}, {"a": None})
    [('added', 'c'), ('retracted', 'a')]
    """
    gone = sorted(before - after)
    return [
        *(("added", figure_id) for figure_id in sorted(after - before)),
        *(("superseded", f) for f in gone if pd.notna(superseded_by[f])),
        *(("retracted", f) for f in gone if pd.isna(superseded_by[f])),
    ]


def _check_versions(versions: list[str], a: str, b: str) -> None:
    for version in (a, b):
        if version not in versions:
            raise KeyError(
                f"unknown version {version!r}; "
                f"released versions: {', '.join(versions) or 'none yet'}"
            )
    if version_key(a) > version_key(b):
        raise ValueError(f"diff goes from the older release to the newer one: {a} is after {b}")
