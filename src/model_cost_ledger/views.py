"""What users read: the typed tables, the denormalized figures, and one figure's chain of sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .history import releases
from .publish.published import denormalize
from .store.descriptor import Descriptor, Field
from .text.layout import wrap
from .validation.gate import valid_tables


def tables(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset as a typed DataFrame, keyed by table name.

    Parameters
    ----------
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    dict of str to DataFrame
        One frame per table of ``datapackage.json``, typed by its schema (vocabulary columns as
        categoricals).

    Raises
    ------
    LedgerError
        If the dataset does not validate (the message lists the problems).

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> sorted(mcl.tables())[:3]
    ['figures', 'metrics', 'price_index']
    """
    return valid_tables(path)


def load(
    path: str | Path | None = None, *, version: str | None = None, include_retracted: bool = False
) -> pd.DataFrame:
    """The figures as one denormalized DataFrame: every figure column, then the subject's name,
    kind, release date and organization, the source's title, publisher, URL, date, kind and
    language, each partial date as a date with its precision, and the value in constant dollars.

    ``version="X.Y.Z"`` returns the figures exactly as released in that version; without it, the
    current figures (retracted rows only with ``include_retracted=True``). ``path`` may also be a
    downloaded ``.parquet`` file, checked first exactly as ``verify`` checks it (README,
    "Download the Parquet"); a file of a version this package does not know is refused.

    Parameters
    ----------
    path : str or Path, optional
        The dataset directory (the shipped dataset by default), or a downloaded ``.parquet`` file.
    version : str, optional
        A released version ``X.Y.Z``: the figures exactly as released then.
    include_retracted : bool
        Also return retracted (withdrawn or corrected) rows.

    Returns
    -------
    DataFrame
        One row per figure, sorted by ``figure_id``; the columns of the published table in the
        README's data dictionary.

    Raises
    ------
    LedgerError
        If the dataset does not validate (the message lists the problems), today's tables no
        longer rebuild ``version``, or the Parquet file cannot be read, was altered or is of a
        version this package does not know.
    KeyError
        If ``version`` is not a released version (the message lists them).
    ValueError
        If ``version`` or ``include_retracted`` is given with a Parquet file.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> figures = mcl.load()
    >>> figures.set_index("figure_id").at["deepseek-v3-training-cost", "reported_as"]
    '$5.576M'
    """
    if path is not None and Path(path).suffix == ".parquet":
        if version is not None or include_retracted:
            raise ValueError(
                "a downloaded Parquet file holds one version's current figures; version and include_retracted do not apply"
            )
        from .publish.verification import load_parquet  # Parquet checks load only for a file

        return load_parquet(path)
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    rows = figure_rows(frames, descriptor, version, include_retracted)
    return denormalize(rows, frames, descriptor)


def figure_rows(
    frames: dict[str, pd.DataFrame],
    descriptor: Descriptor,
    version: str | None = None,
    include_retracted: bool = False,
) -> pd.DataFrame:
    """The figure rows ``load`` returns, before their context columns are joined: a view that
    wants a few of them filters these, then joins only those (``denormalize`` works row by
    row)."""
    figures = frames["figures"]
    if version is not None:
        return releases.figures_in(frames, version, descriptor.resource("figures").fields)
    return figures if include_retracted else figures[figures["retracted_in"].isna()]


@dataclass(frozen=True)
class Chain:
    """A figure with the documents behind it, from the one that reported it back to the primary.

    ``sources`` has one row per document with its ``depth`` (0 = the reporting document) and
    ``via`` (the document or figure that led to it); ``traces`` lists the figures a media report
    repeats, each with its own source.
    """

    figure: pd.Series
    sources: pd.DataFrame
    traces: pd.DataFrame

    def __str__(self) -> str:
        return self.render()

    def render(self, width: int = 80) -> str:
        """The figure and its chain as text wrapped to ``width`` columns (ids and URLs whole)."""
        f = self.figure
        fields = [
            (
                "",
                f"{f['figure_id']}: {f['reported_as'] if pd.notna(f['reported_as']) else f['derivation']}",
            ),
            ("  claim     ", f["claim"]),
            (
                "  subject   ",
                f"{f['subject_id']}   metric {f['metric']}   value {f['value']:g} {f['unit']}   qualifier {f['qualifier']}",
            ),
            (
                "  scope     ",
                f"{f['scope']}   basis {f['basis']}   confidence {f['confidence']}   claimant {f['claimant']}",
            ),
            ("  where     ", f["locator"] if pd.notna(f["locator"]) else "-"),
        ]
        if pd.notna(f["notes"]):
            fields.append(("  notes     ", f["notes"]))
        for trace in self.traces.itertuples(index=False):
            fields.append(
                (
                    "  traces to ",
                    f"{trace.figure_id}: {trace.reported_as} ({trace.subject_id}, {trace.scope}, {trace.basis}) in {trace.source_id}",
                )
            )
        fields.append(("  ", "sources (reporting document first, then what it relies on):"))
        for source in self.sources.itertuples(index=False):
            indent = "    " + "  " * int(source.depth)
            published = source.published if isinstance(source.published, str) else "undated"
            fields.append(
                (indent, f"{source.source_id}: {source.title} ({source.publisher}, {published})")
            )
            fields.append((indent + "  ", str(source.url)))
        lines = [
            line
            for lead, text in fields
            for line in wrap(str(text), width, lead, " " * min(len(lead) + 2, 12))
        ]
        return "\n".join(lines)  # wrap escapes every cell: one line per line


def chain(figure_id: str, path: str | Path | None = None) -> Chain:
    """The figure ``figure_id`` with its chain of documents, following ``sources.cites`` and the
    figures a media report ``traces_to``.

    Parameters
    ----------
    figure_id : str
        The figure's id, e.g. ``deepseek-v3-training-cost``.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Chain
        The figure, its documents with their depth, and the figures it traces to; ``str()``
        gives the text ``model-cost-ledger show`` prints.

    Raises
    ------
    KeyError
        If there is no such figure (the message lists the closest ids).

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> c = mcl.chain("seed-vi-r1-training-cost")
    >>> "deepseek-v3-report-2024" in set(c.sources["source_id"])
    True
    """
    frames = valid_tables(path)
    figures = frames["figures"].set_index("figure_id", drop=False)
    if figure_id not in figures.index:
        import difflib

        close = difflib.get_close_matches(figure_id, list(figures.index), n=5)
        raise KeyError(f"no figure {figure_id!r}; closest: {', '.join(close) or 'none'}")
    cites = Descriptor.read(path).resource("sources").field("cites")
    return chain_in(figures, frames["sources"].set_index("source_id", drop=False), cites, figure_id)


def chain_in(figures: pd.DataFrame, sources: pd.DataFrame, cites: Field, figure_id: str) -> Chain:
    """``chain`` over tables already read: figures and sources indexed by their ids."""
    traced, documents = chain_steps(
        figure_id,
        figures["traces_to"].astype(object).to_dict(),
        figures["source_id"].astype(object).to_dict(),
        {s: cites.items(c) for s, c in sources["cites"].astype(object).items()},
    )
    rows = sources.loc[list(documents)].reset_index(drop=True)
    rows.insert(1, "depth", [documents[s][0] for s in rows["source_id"]])
    rows.insert(2, "via", [documents[s][1] for s in rows["source_id"]])
    trace_frame = figures.loc[traced].reset_index(drop=True)
    return Chain(figures.loc[figure_id], rows, trace_frame)


def chain_steps(
    figure_id: str,
    traces_to: Mapping[str, object],
    source_of: Mapping[str, object],
    cited_by: Mapping[str, list[str]],
) -> tuple[list[str], dict[str, tuple[int, str]]]:
    """The figures ``figure_id`` repeats, nearest first, and the documents of its chain in the
    order they are reached: ``source_id -> (depth, via)``, 0 for its own source, 1 for the
    sources of the figures it repeats, one more for each citation followed. ``traces_to`` and
    ``source_of`` map every figure id, ``cited_by`` every source id to the ids it cites (an
    unknown source ends its branch)."""
    traced: list[str] = []
    current = figure_id
    while isinstance(traces_to[current], str) and traces_to[current] not in {figure_id, *traced}:
        current = str(traces_to[current])
        traced.append(current)
    queue = [(source_of[figure_id], 0, figure_id)]
    queue += [(source_of[t], 1, t) for t in traced]
    visited: dict[str, tuple[int, str]] = {}
    while queue:
        source_id, depth, via = queue.pop(0)
        if not isinstance(source_id, str) or source_id in visited or source_id not in cited_by:
            continue
        visited[source_id] = (depth, via)
        queue += [(item, depth + 1, source_id) for item in cited_by[source_id]]
    return traced, visited
