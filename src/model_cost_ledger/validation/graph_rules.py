"""Rules on the relations between rows: citation chains, the subject hierarchy, corrections."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from ..history.versions import sort_key
from ..problems import Problem
from .table import Table, cycles, text_mask


def citation_chains(tables: Mapping[str, Table]) -> Iterator[Problem]:
    sources = tables["sources"]
    if not sources.has("source_id", "cites"):
        return
    ids = sources.typed["source_id"]
    known = set(ids.dropna())
    field = sources.resource.field("cites")
    edges: dict[str, list[str]] = {}  # a source that cites none is on no cycle
    citing = sources.typed["cites"].notna().to_numpy(dtype=bool)
    cells = sources.typed["cites"][citing]
    for row_id, source_id, cell in zip(sources.ids[citing], ids[citing], cells, strict=True):
        cited = field.items(cell)
        if pd.notna(source_id):
            edges[source_id] = [c for c in cited if c in known and c != source_id]
        for item in cited:
            if item == source_id:  # an unknown item is the foreign key rule's
                yield Problem("sources", row_id, "cites", "cites-self", f"{item!r} cites itself")
    yield from _cycle_problems(
        edges,
        ("sources", "cites", "cites-cycle"),
        "is part of a citation cycle; a document cannot rely on one that relies on it",
    )


def subject_hierarchy(tables: Mapping[str, Table]) -> Iterator[Problem]:
    subjects = tables["subjects"]
    if not subjects.has("subject_id", "kind", "organization", "parent"):
        return
    s = subjects.typed
    kinds = dict(zip(s["subject_id"].tolist(), s["kind"].tolist(), strict=True))
    org_kind = s["organization"].map(kinds)
    bad = s["organization"].notna() & org_kind.notna() & org_kind.ne("organization")
    yield from subjects.problems(
        bad,
        "organization",
        "organization-kind",
        (
            s["organization"].astype(object),
            lambda v: f"{v!r} is a {kinds.get(v)}, not an organization",
        ),
    )
    edges = {
        k: [p]
        for k, p in zip(s["subject_id"].tolist(), s["parent"].tolist(), strict=True)
        if pd.notna(k) and pd.notna(p)
    }
    yield from _cycle_problems(
        edges, ("subjects", "parent", "parent-cycle"), "is its own ancestor through parent"
    )


def corrections_chain(tables: Mapping[str, Table]) -> Iterator[Problem]:
    """Released rows are corrected, never edited: the old row names its successor and a release."""
    figures = tables["figures"]
    if not figures.has("figure_id", "added_in", "retracted_in", "superseded_by"):
        return
    f = figures.typed
    added, retracted, successor = f["added_in"], f["retracted_in"], f["superseded_by"]
    yield from figures.problems(
        successor.eq(f["figure_id"]).fillna(False),
        "superseded_by",
        "supersedes-itself",
        "a row cannot be superseded by itself",
    )
    yield from figures.problems(
        successor.notna() & retracted.isna(),
        "retracted_in",
        "superseded-not-retracted",
        "a superseded row must also be retracted: set retracted_in to the release of the correction",
    )
    yield from figures.problems(
        retracted.notna() & added.isna(),
        "retracted_in",
        "retracted-unreleased",
        "an unreleased row (empty added_in) cannot be retracted; delete or fix it instead",
    )
    yield from _retraction_versions(figures, tables["releases"])
    yield from _superseded_cycles(f)


def _retraction_versions(figures: Table, releases: Table) -> Iterator[Problem]:
    """retracted_in is a known release (or the next one) and later than added_in."""
    added, retracted = figures.typed["added_in"], figures.typed["retracted_in"]
    released = set(releases.typed["version"].dropna()) if releases.has("version") else set()
    last = max(map(sort_key, released), default=(-1,))
    unknown = text_mask(retracted, lambda v: v not in released and sort_key(v) <= last)
    listing = ", ".join(sorted(released, key=sort_key)) or "none"
    yield from figures.problems(
        unknown,
        "retracted_in",
        "retracted-in-unknown",
        (
            retracted.astype(object),
            lambda v: (
                f"{v!r} is neither a released version nor later than the last release; released: {listing}"
            ),
        ),
    )
    both = retracted.notna() & added.notna()  # few rows: only these can be out of order
    pairs = pd.Series(
        list(zip(retracted[both].tolist(), added[both].tolist(), strict=True)),
        index=figures.typed.index[both],
        dtype=object,
    )
    not_later = pairs.map(lambda pair: sort_key(pair[0]) <= sort_key(pair[1]))
    yield from figures.problems(
        not_later.reindex(figures.typed.index, fill_value=False),
        "retracted_in",
        "retracted-before-added",
        (
            pairs.reindex(figures.typed.index),
            lambda pair: f"retracted_in {pair[0]} must be a release later than added_in {pair[1]}",
        ),
    )


def _superseded_cycles(f: pd.DataFrame) -> Iterator[Problem]:
    linked = f.loc[
        f["figure_id"].notna() & f["superseded_by"].notna(), ["figure_id", "superseded_by"]
    ]
    edges = {
        k: [s]
        for k, s in zip(linked["figure_id"].tolist(), linked["superseded_by"].tolist(), strict=True)
        if s != k
    }
    yield from _cycle_problems(
        edges,
        ("figures", "superseded_by", "superseded-cycle"),
        "is part of a superseded_by cycle; corrections must lead to a current row",
    )


def _cycle_problems(
    edges: dict[str, list[str]], where: tuple[str, str, str], why: str
) -> Iterator[Problem]:
    """One problem per row on a cycle of ``edges``; ``where`` is (table, field, code)."""
    table, field, code = where
    for row_id in sorted(cycles(edges)):
        yield Problem(table, row_id, field, code, f"{row_id!r} {why}")


RULES = (
    citation_chains,
    subject_hierarchy,
    corrections_chain,
)
