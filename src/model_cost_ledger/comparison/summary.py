"""Everything the ledger says about one subject: its current figures grouped by what they cover,
the primary figures first and each media repeat under the figure it repeats."""

from __future__ import annotations

import itertools
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

import pandas as pd

from ..store.descriptor import Descriptor
from ..text.display import printable_lines
from ..text.layout import wrap
from ..validation.gate import valid_tables
from .amounts import amount
from .subjects import resolve
from .verdicts import BASIS_WORDS

BASIS_ORDER = {"self_reported": 0, "third_party_estimate": 1, "derived": 2, "media_report": 3}


@dataclass(frozen=True)
class Summary:
    """The result of ``summary``: the subject and its figures in reading order.

    ``figures`` holds one row per figure shown, in order, with ``group`` (the scope it is shown
    under: its primary's), ``depth`` (0 for a figure repeating none shown here, 1 for a repeat
    of it, ...) and every figure column; it includes other subjects' figures that repeat one of
    this subject's. ``rows`` holds the same rows as named tuples. ``scope_names`` says the
    scopes in words; ``metrics`` is the metric vocabulary, indexed by metric.
    """

    subject: pd.Series  # the subject's row, with organization_name
    shown: tuple[tuple[str, str, int], ...]  # (figure_id, group, depth) of each row, in order
    scope_names: dict[str, str]
    metrics: pd.DataFrame
    catalog: Catalog = field(repr=False)

    @cached_property
    def figures(self) -> pd.DataFrame:
        """The figures shown, one row each in reading order, with ``group`` and ``depth``."""
        return (
            self.catalog.figures.loc[[f for f, _, _ in self.shown]]
            .reset_index(drop=True)
            .assign(group=[g for _, g, _ in self.shown], depth=[d for _, _, d in self.shown])
        )

    @cached_property
    def rows(self) -> list[Any]:
        """``figures``' rows as named tuples (attributes named as its columns), in order."""
        make, records = self.catalog.row, self.catalog.records
        return [make(*records[f], g, d) for f, g, d in self.shown]

    def lines(self, width: int = 80) -> list[str]:
        """The summary as lines of at most ``width`` columns (an id longer than that whole)."""
        s = self.subject
        article = "an" if str(s["kind"])[:1] in "aeiou" else "a"
        head = f"{s['name']} ({s['subject_id']}): {article} {s['kind']}"
        head += f" by {s['organization_name']}" if pd.notna(s["organization"]) else ""
        head += f", released {s['released']:%Y-%m-%d}" if pd.notna(s["released"]) else ""
        own = sum(row.subject_id == s["subject_id"] for row in self.rows)
        lines = wrap(head, width)
        if not self.shown:
            return [*lines, *wrap("The ledger holds no current figure about it yet.", width)]
        lines += wrap(
            f"{own} current figure(s), grouped by what they cover; primary figures first, each"
            " repeat indented under the figure it repeats.",
            width,
        )
        for group, rows in itertools.groupby(self.rows, key=attrgetter("group")):  # runs
            lines += ["", *wrap(f"{self.scope_names[str(group)]} ({group})", width)]
            for row in rows:
                lines += self._figure_lines(row, width)
        return lines

    def _figure_lines(self, row: Any, width: int) -> list[str]:
        indent = "  " + "    " * int(row.depth)
        mark = "repeated by " if row.depth else ""
        metric = self.metrics.loc[str(row.metric)]
        value = amount(row, metric["kind"] == "money", metric["per"])
        details = f"{metric['name']}: {value}; {BASIS_WORDS[str(row.basis)]}"
        printed = (
            f"as printed: {row.reported_as}"
            if pd.notna(row.reported_as)
            else f"computed here: {row.derivation}"
        )
        details += f" by {row.claimant}, {row.confidence}; {printed}"
        if row.subject_id != self.subject["subject_id"]:
            details += f"; about {row.subject_id}, not {self.subject['subject_id']}"
        elif pd.notna(row.traces_to) and row.depth == 0:
            details += f"; repeats {row.traces_to}, a figure about another subject"
        if row.scope != row.group:
            details += f"; its own scope: {self.scope_names[str(row.scope)]} ({row.scope})"
        return [
            *wrap(f"{mark}{row.figure_id}", width, indent),
            *wrap(details, width, indent + "    "),
        ]

    def __str__(self) -> str:
        return printable_lines(self.lines())


def _reading_order(
    shown: list[str], traces_to: dict[str, object], sort_key: Callable[[str], tuple[Any, ...]]
) -> list[tuple[str, int]]:
    """``shown`` in reading order with each figure's depth: each root (a figure repeating none
    shown) by ``sort_key``, each followed by its repeats (by id), depth first."""
    ids = set(shown)
    parent = {f: t if t in ids and t != f else None for f in shown for t in [traces_to[f]]}
    children: dict[str, list[str]] = {}
    for figure_id in sorted(ids):
        if parent[figure_id] is not None:
            children.setdefault(str(parent[figure_id]), []).append(figure_id)
    order: list[tuple[str, int]] = []
    for root in sorted((f for f in ids if parent[f] is None), key=sort_key):
        stack = [(root, 0)]
        while stack:
            figure_id, depth = stack.pop()
            order.append((figure_id, depth))
            stack += [(c, depth + 1) for c in reversed(children.get(figure_id, []))]
    return order


class Catalog:
    """The current figures, by id, as a frame and as plain tuples (read once for every summary)."""

    def __init__(self, current: pd.DataFrame) -> None:
        self.figures = current.set_index("figure_id", drop=False).rename_axis(None)
        columns = [*current.columns, "group", "depth"]
        self.row: Callable[..., Any] = namedtuple("Row", columns, rename=True)  # type: ignore[misc]
        self.records = dict(
            zip(
                current["figure_id"].tolist(),
                zip(*(current[c].tolist() for c in current.columns), strict=True),
                strict=True,
            )
        )


class Summaries:
    """``summary`` of any subject over tables already read (the site summarizes every subject
    from one reading): ``Summaries(frames)(subject_id)``."""

    def __init__(self, frames: dict[str, pd.DataFrame]) -> None:
        figures = frames["figures"]
        current = figures[figures["retracted_in"].isna()]
        self.catalog = Catalog(current)
        subjects = frames["subjects"].set_index("subject_id", drop=False)
        names = dict(zip(subjects.index, subjects["name"], strict=True))
        organization_names = [names.get(o) for o in subjects["organization"]]  # None: unknown
        self.subjects = subjects.assign(
            organization_name=pd.Series(organization_names, dtype=object, index=subjects.index)
        )
        scopes = frames["scopes"]
        self.scope_names = dict(zip(scopes["scope"], scopes["name"], strict=True))
        self.metrics = frames["metrics"].set_index("metric", drop=False)
        wanted = ("figure_id", "subject_id", "traces_to", "scope", "basis", "metric")
        positions = [current.columns.get_loc(c) for c in wanted]
        rows = [tuple(r[i] for i in positions) for r in self.catalog.records.values()]
        self.traces_to = {row[0]: row[2] for row in rows}
        self.scope_of = {row[0]: row[3] for row in rows}
        self.repeats: dict[str, list[str]] = {}  # figure id -> the current figures tracing to it
        self.own: dict[str, list[str]] = {}  # subject id -> its current figures
        for figure_id, subject_id, traces_to, *_ in rows:
            self.own.setdefault(subject_id, []).append(figure_id)
            if isinstance(traces_to, str):
                self.repeats.setdefault(traces_to, []).append(figure_id)
        order = {scope: i for i, scope in enumerate(scopes["scope"])}
        self.sort_keys = {
            row[0]: (
                order.get(row[3], len(order)),
                BASIS_ORDER.get(row[4], len(BASIS_ORDER)),
                row[5],
                row[0],
            )
            for row in rows
        }

    def __call__(self, subject_id: str) -> Summary:
        """The summary of the subject ``subject_id``."""
        shown, queue = set(self.own.get(subject_id, [])), list(self.own.get(subject_id, []))
        while queue:  # every repeat of a figure shown is shown
            more = [r for r in self.repeats.get(queue.pop(), []) if r not in shown]
            shown.update(more)
            queue += more
        order = _reading_order(sorted(shown), self.traces_to, self.sort_keys.__getitem__)
        groups: list[str] = []  # each figure is shown under its root's scope
        for figure_id, depth in order:
            groups.append(self.scope_of[figure_id] if depth == 0 else groups[-1])
        return Summary(
            self.subjects.loc[subject_id],
            tuple((f, g, d) for (f, d), g in zip(order, groups, strict=True)),
            self.scope_names,
            self.metrics,
            self.catalog,
        )


def summary(name: str, path: str | Path | None = None) -> Summary:
    """Every current figure about one subject, grouped by scope, primary figures first.

    Within a scope, the subject's own statements come first, then third-party estimates,
    figures derived here, then media reports; each figure that repeats another
    (``traces_to``) is placed under it, whichever subject it names (a media report that gave
    GPT-4's figure to GPT-4o shows under GPT-4's).

    Parameters
    ----------
    name : str
        A subject id, name or alias (``GPT-4``, ``Gemini Ultra``).
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Summary
        The subject and its figures in reading order; ``str()`` gives the text
        ``model-cost-ledger summary`` prints.

    Raises
    ------
    KeyError
        If the subject is unknown (the message lists the closest subjects).
    LedgerError
        If the dataset does not validate.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> s = mcl.summary("gpt-4")
    >>> int(s.figures.set_index("figure_id").at["seed-vi-gpt-4o-training-cost", "depth"])
    1
    """
    frames = valid_tables(path)
    aliases = Descriptor.read(path).resource("subjects").field("aliases")
    return Summaries(frames)(resolve(name, frames["subjects"], aliases))
