"""Everything the ledger says about one subject: its current figures grouped by what they cover,
the primary figures first and each media repeat under the figure it repeats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..store.descriptor import Descriptor
from ..text.display import printable_lines
from ..text.layout import wrap
from ..validation.runner import valid_tables
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
    this subject's. ``scope_names`` says the scopes in words; ``metrics`` is the metric
    vocabulary, indexed by metric.
    """

    subject: pd.Series  # the subject's row, with organization_name
    figures: pd.DataFrame
    scope_names: dict[str, str]
    metrics: pd.DataFrame

    def lines(self, width: int = 80) -> list[str]:
        """The summary as lines of at most ``width`` columns (an id longer than that whole)."""
        s = self.subject
        article = "an" if str(s["kind"])[:1] in "aeiou" else "a"
        head = f"{s['name']} ({s['subject_id']}): {article} {s['kind']}"
        head += f" by {s['organization_name']}" if pd.notna(s["organization"]) else ""
        head += f", released {s['released']:%Y-%m-%d}" if pd.notna(s["released"]) else ""
        own = int((self.figures["subject_id"] == s["subject_id"]).sum())
        lines = wrap(head, width)
        if self.figures.empty:
            return [*lines, *wrap("The ledger holds no current figure about it yet.", width)]
        lines += wrap(
            f"{own} current figure(s), grouped by what they cover; primary figures first, each"
            " repeat indented under the figure it repeats.",
            width,
        )
        for group, rows in self.figures.groupby("group", sort=False, observed=True):
            lines += ["", *wrap(f"{self.scope_names[str(group)]} ({group})", width)]
            for row in rows.itertuples(index=False):
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


def _reading_order(shown: pd.DataFrame, scopes: list[str]) -> pd.DataFrame:
    """``shown`` in reading order, with ``group`` and ``depth``: each root (a figure repeating
    none shown) by scope, basis, metric and id, each followed by its repeats, depth first."""
    ids = set(shown["figure_id"])
    parent = {
        f: t if isinstance(t, str) and t in ids and t != f else None
        for f, t in zip(shown["figure_id"], shown["traces_to"].astype(object), strict=True)
    }
    by_id = shown.set_index("figure_id", drop=False).rename_axis(None)
    roots = by_id.loc[by_id.index.map(lambda f: parent[f] is None).to_numpy(dtype=bool)]
    roots = roots.assign(
        _scope=roots["scope"].astype(str).map(scopes.index),
        _basis=roots["basis"].astype(str).map(BASIS_ORDER),
        _metric=roots["metric"].astype(str),
    ).sort_values(["_scope", "_basis", "_metric", "figure_id"], kind="stable")
    children: dict[str, list[str]] = {}
    for figure_id in sorted(ids):
        if parent[figure_id] is not None:
            children.setdefault(str(parent[figure_id]), []).append(figure_id)
    order: list[tuple[str, str, int]] = []
    for root, scope in zip(roots["figure_id"], roots["scope"].astype(str), strict=True):
        stack = [(root, 0)]
        while stack:
            figure_id, depth = stack.pop()
            order.append((figure_id, scope, depth))
            stack += [(c, depth + 1) for c in reversed(children.get(figure_id, []))]
    rows = by_id.loc[[f for f, _, _ in order]].reset_index(drop=True)
    return rows.assign(group=[g for _, g, _ in order], depth=[d for _, _, d in order])


def _repeats_closure(current: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """``own`` and every current figure that repeats one of them, directly or through others."""
    shown = own
    while True:
        ids = set(shown["figure_id"])
        more = current[current["traces_to"].isin(list(ids)) & ~current["figure_id"].isin(ids)]
        if more.empty:
            return shown
        shown = pd.concat([shown, more], ignore_index=True)


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
    return subject_summary(frames, resolve(name, frames["subjects"], aliases))


def subject_summary(frames: dict[str, pd.DataFrame], subject_id: str) -> Summary:
    """``summary`` of the subject ``subject_id`` over tables already read (the site summarizes
    every subject from one reading)."""
    figures = frames["figures"]
    current = figures[figures["retracted_in"].isna()]
    shown = _repeats_closure(current, current[current["subject_id"] == subject_id])
    scopes = frames["scopes"]
    subjects = frames["subjects"].set_index("subject_id", drop=False)
    subject = subjects.loc[subject_id].copy()
    organization = subject["organization"]
    subject["organization_name"] = (
        subjects.at[organization, "name"] if organization in subjects.index else None
    )
    return Summary(
        subject,
        _reading_order(shown, list(scopes["scope"])),
        dict(zip(scopes["scope"], scopes["name"], strict=True)),
        frames["metrics"].set_index("metric", drop=False),
    )
