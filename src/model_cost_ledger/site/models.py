"""One page per subject (``models/<subject_id>.html``): the ``summary`` view, its figures grouped
by scope, primary figures first, each repeat nested under the figure it repeats."""

from __future__ import annotations

import itertools
from operator import attrgetter
from typing import Any

import pandas as pd

from ..comparison.summary import Summary
from ..comparison.verdicts import BASIS_WORDS
from .figures import value_words
from .page import Edition, local, page, text


def _item(row: Any, summary: Summary) -> str:
    """One figure of the summary, as the text form says it, linked to its own page."""
    subject_id = summary.subject["subject_id"]
    metric = summary.metrics.at[str(row.metric), "name"]
    printed = (
        f"as printed: <q>{text(row.reported_as)}</q>"
        if pd.notna(row.reported_as)
        else f"computed here: <code>{text(row.derivation)}</code>"
    )
    notes = []
    if row.subject_id != subject_id:
        notes.append(
            f"about {local(f'{row.subject_id}.html', row.subject_id)}, not {text(subject_id)}"
        )
    elif pd.notna(row.traces_to) and row.depth == 0:
        notes.append(
            f"repeats {local(f'../figures/{row.traces_to}.html', row.traces_to)}, a figure about another subject"
        )
    if row.scope != row.group:
        notes.append(
            f"its own scope: {text(summary.scope_names[str(row.scope)])} ({text(row.scope)})"
        )
    mark = "repeated by " if row.depth else ""
    return (
        f'<li class="depth-{min(int(row.depth), 6)}">{mark}'
        f"{local(f'../figures/{row.figure_id}.html', row.figure_id)}<br>"
        f"{text(metric)}: <strong>{text(value_words(row, summary.metrics))}</strong>;"
        f" {text(BASIS_WORDS[str(row.basis)])} by {text(row.claimant)}, {text(row.confidence)};"
        f" {printed}{''.join(f'; {n}' for n in notes)}</li>"
    )


def model_page(summary: Summary, edition: Edition, chart: str = "") -> str:
    """``models/<subject_id>.html``: who the subject is, its ``chart`` (``claims_chart``; none
    when empty), then its figures by scope."""
    s = summary.subject
    article = "an" if str(s["kind"])[:1] in "aeiou" else "a"
    head = (
        f"{text(s['name'])} (<code>{text(s['subject_id'])}</code>) is {article} {text(s['kind'])}"
    )
    if pd.notna(s["organization"]):
        organization = str(s["organization"])
        head += f" by {local(organization + '.html', s['organization_name'] or organization)}"
    if pd.notna(s["released"]):
        head += f", released {s['released']:%Y-%m-%d}"
    parts = [f"<p>{head}.</p>", *([chart] if chart else [])]
    rows = summary.rows
    if not rows:
        parts.append("<p>The ledger holds no current figure about it yet.</p>")
    else:
        own = sum(row.subject_id == s["subject_id"] for row in rows)
        parts.append(
            f"<p>{own} current figure(s), grouped by what they cover; primary figures first,"
            " each repeat nested under the figure it repeats.</p>"
        )
    for group, in_group in itertools.groupby(rows, key=attrgetter("group")):  # groups are runs
        items = "\n".join(_item(row, summary) for row in in_group)
        name = summary.scope_names[str(group)]
        parts.append(
            f'<section><h2>{text(name)} <code>{text(group)}</code></h2>\n<ul class="claims">\n{items}\n</ul></section>'
        )
    cite = f"model-cost-ledger {edition.version}, subject {s['subject_id']}"
    return page(str(s["name"]), "\n".join(parts), edition, "../", cite)
