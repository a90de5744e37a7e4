"""Finding things: subjects by name (``search``), and figures by subject, metric and scope
(``figures``), every name resolved the one way ``subjects.resolve`` does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..publish.published import denormalize
from ..store.descriptor import Descriptor
from ..validation.gate import valid_tables
from ..views import figure_rows
from .subjects import matches, resolve

SEARCH_COLUMNS = ["subject_id", "name", "kind", "organization", "figures", "score", "matched"]


def search(text: str, path: str | Path | None = None) -> pd.DataFrame:
    """The subjects whose id, name or an alias matches ``text``, best match first.

    Matching ignores case, spaces, dots, hyphens and underscores (``llama 3`` finds
    ``llama-3-70b``); a name that starts with ``text``, or has each of its words, ranks above
    one that only holds it, and a near spelling (a typo) ranks last. Equal matches rank by
    number of figures.

    Parameters
    ----------
    text : str
        What to look for: part of an id, a name or an alias.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    DataFrame
        One row per matching subject: ``subject_id``, ``name``, ``kind``, ``organization``,
        ``figures`` (its current figures), ``score`` (1 = the same name) and ``matched`` (the
        id, name or alias that matched); empty when nothing matches.

    Raises
    ------
    LedgerError
        If the dataset does not validate (the message lists the problems).

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> found = mcl.search("llama 3")
    >>> "llama-3-70b" in set(found["subject_id"]), found["subject_id"].iloc[0]
    (True, 'llama-3')
    """
    frames = valid_tables(path)
    subjects = frames["subjects"].set_index("subject_id", drop=False)
    aliases = Descriptor.read(path).resource("subjects").field("aliases")
    found = matches(text, frames["subjects"], aliases)
    figures = frames["figures"]
    counts = figures[figures["retracted_in"].isna()]["subject_id"].value_counts()
    found = found.assign(
        name=found["subject_id"].map(subjects["name"]),
        kind=found["subject_id"].map(subjects["kind"].astype(object)),
        organization=found["subject_id"].map(subjects["organization"]),
        figures=found["subject_id"].map(counts).fillna(0).astype(int),
    )
    order = found.sort_values(
        ["score", "figures", "subject_id"], ascending=[False, False, True], kind="stable"
    )
    return order[SEARCH_COLUMNS].reset_index(drop=True)


def scopes_named(names: Sequence[str], scopes: pd.DataFrame) -> list[str]:
    """The scopes ``names`` mean: a scope id, or a family, every scope whose id starts with it
    and ``_`` (``final_run``: ``final_run``, ``final_run_rental``, ``final_run_amortized``);
    ``ValueError`` lists the scopes for a name that means none."""
    known = list(scopes["scope"])
    chosen: list[str] = []
    for name in names:
        found = [s for s in known if s == name or s.startswith(f"{name}_")]
        if not found:
            raise ValueError(f"unknown scope {name!r}; scopes: {', '.join(known)}")
        chosen += [s for s in found if s not in chosen]
    return chosen


def metric_named(metric: str, metrics: pd.DataFrame) -> str:
    """``metric`` if the vocabulary has it; ``ValueError`` listing the metrics otherwise."""
    if metric not in set(metrics["metric"]):
        raise ValueError(f"unknown metric {metric!r}; metrics: {', '.join(metrics['metric'])}")
    return metric


def figures(
    subject: str | None = None,
    metric: str | None = None,
    scope: Sequence[str] = (),
    sort: str = "figure_id",
    version: str | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """The figures of one subject, metric or scope (each optional), as ``load`` returns them.

    Parameters
    ----------
    subject : str, optional
        A subject id, name or alias, resolved as ``compare`` resolves it (``Gemini Ultra``).
    metric : str, optional
        A metric of the vocabulary, e.g. ``training_cost``.
    scope : sequence of str
        Scopes, or scope families (``final_run`` for every ``final_run_*`` scope).
    sort : str
        The column to sort by; ``-column`` sorts it largest first.
    version : str, optional
        A released version: its figures as released.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    DataFrame
        The figures that match, with every column of ``load``.

    Raises
    ------
    KeyError
        If the subject is unknown (the message lists the closest subjects).
    ValueError
        If the metric, a scope or the sort column is unknown (the message lists the choices).

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> found = mcl.figures("Gemini Ultra", metric="training_cost")
    >>> set(found["subject_id"])
    {'gemini-1.0-ultra'}
    """
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    chosen = figure_rows(frames, descriptor, version)
    column, columns = sort.removeprefix("-"), [f.name for f in descriptor.published.fields]
    if column not in columns:
        raise ValueError(f"cannot sort by {column!r}; columns: {', '.join(columns)}")
    if subject is not None:
        aliases = descriptor.resource("subjects").field("aliases")
        chosen = chosen[chosen["subject_id"] == resolve(subject, frames["subjects"], aliases)]
    if metric is not None:
        chosen = chosen[chosen["metric"] == metric_named(metric, frames["metrics"])]
    if scope:
        chosen = chosen[chosen["scope"].isin(scopes_named(scope, frames["scopes"]))]
    chosen = denormalize(chosen, frames, descriptor)  # the context of the chosen rows only
    ascending = not sort.startswith("-")
    return chosen.sort_values(
        [column, "figure_id"], ascending=[ascending, True], kind="stable", na_position="last"
    ).reset_index(drop=True)


def subject_hint(name: str, path: str | Path | None = None) -> str:
    """For a figure id that is not one: ``; 'gpt-4' is a subject: ...`` when ``name`` names a
    subject (the command that lists its figures), else nothing."""
    aliases = Descriptor.read(path).resource("subjects").field("aliases")
    try:
        subject_id = resolve(name, valid_tables(path)["subjects"], aliases)
    except (KeyError, ValueError):
        return ""
    return f"; {name!r} names the subject {subject_id}: `model-cost-ledger summary {subject_id}` lists its figures"
