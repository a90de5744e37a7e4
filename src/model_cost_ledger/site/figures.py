"""The figures table (``figures.html``: searchable, sortable, filterable) and one page per
figure (``figures/<figure_id>.html``): the claim, the number as printed, where in the document,
and the chain of sources ``views.chain`` follows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pandas as pd

from ..comparison.amounts import amount
from ..comparison.verdicts import BASIS_WORDS
from ..store.descriptor import Field
from ..views import chain_steps
from .page import Edition, external, local, page, text

COLUMNS = ("figure", "subject", "metric", "value", "as printed", "scope", "basis", "claimant")
FILTERS = ("metric", "scope", "basis")  # a select per column, and a URL parameter of that name


def value_words(row: Any, metrics: pd.DataFrame) -> str:
    """The figure's value for reading, as the summary says it (``about $78M (2023 USD)``)."""
    metric = str(row.metric)
    return amount(row, metrics.at[metric, "kind"] == "money", metrics.at[metric, "per"])


def _row(row: Any, metrics: pd.DataFrame) -> str:
    """One figure as a table row; its filter columns as data attributes, its value's key."""
    cells = [
        local(f"figures/{row.figure_id}.html", row.figure_id),
        local(f"models/{row.subject_id}.html", row.subject_name),
        text(row.metric),
        text(value_words(row, metrics)),
        text(row.reported_as if pd.notna(row.reported_as) else "computed here"),
        text(row.scope),
        text(row.basis),
        text(row.claimant),
        text(row.source_published if pd.notna(row.source_published) else "undated"),
    ]
    keys = {3: repr(float(row.value))}
    tds = "".join(
        f'<td data-key="{keys[i]}">{c}</td>' if i in keys else f"<td>{c}</td>"
        for i, c in enumerate(cells)
    )
    data = "".join(f' data-{name}="{text(getattr(row, name))}"' for name in FILTERS)
    return f"<tr{data}>{tds}</tr>"


def figures_page(published: pd.DataFrame, metrics: pd.DataFrame, edition: Edition) -> str:
    """``figures.html``: every current figure in one table, with a search box, a filter per
    metric, scope and basis, and sortable columns (``?q=llama&metric=training_cost`` works)."""
    selects = []
    for name in FILTERS:
        values = sorted(set(published[name].astype(str)))
        options = "".join(f'<option value="{text(v)}">{text(v)}</option>' for v in values)
        selects.append(
            f'<label>{name} <select name="{name}" data-filter="{name}">'
            f'<option value="">any</option>{options}</select></label>'
        )
    headers = "".join(
        f'<th scope="col"><button type="button" data-sort="{i}">{text(h)}</button></th>'
        for i, h in enumerate([*COLUMNS, "source date"])
    )
    rows = "\n".join(_row(r, metrics) for r in published.itertuples(index=False))
    body = f"""<p>Every current figure of the ledger, one row per figure as one source reported it.
Type to search every column; pick a metric, scope or basis; click a column to sort. Each id
opens the figure with its chain of sources.</p>
<form class="controls" role="search" data-js="figures">
<label>search <input type="search" name="q" placeholder="e.g. llama, DeepSeek, Epoch"></label>
{"".join(selects)}
</form>
<p class="count" aria-live="polite"><span id="shown">{len(published)}</span> of
{len(published)} figures shown.</p>
<div class="scroll"><table id="figures"><thead><tr>{headers}</tr></thead><tbody>
{rows}
</tbody></table></div>"""
    return page("Figures", body, edition)


@dataclass(frozen=True)
class ChainRecords:
    """A figure's chain as a page reads it: the figure's cells by column, its documents (each
    with ``depth`` and ``via``) and the figures it repeats as rows with attributes; the content
    of ``views.Chain`` without its frames, which a page per figure does not need."""

    figure: Mapping[str, Any]
    sources: list[Any]
    traces: list[Any]


def every_chain(
    figures: pd.DataFrame, sources: pd.DataFrame, cites: Field
) -> Iterator[ChainRecords]:
    """The chain of every figure, by figure id, from one reading of the tables (the same steps
    as ``views.chain``)."""
    rows = {row.figure_id: row for row in figures.itertuples(index=False)}
    documents = {row.source_id: row for row in sources.itertuples(index=False)}
    traces_to = {figure_id: row.traces_to for figure_id, row in rows.items()}
    source_of = {figure_id: row.source_id for figure_id, row in rows.items()}
    cited_by = {source_id: cites.items(row.cites) for source_id, row in documents.items()}
    for figure_id in sorted(rows):
        traced, reached = chain_steps(figure_id, traces_to, source_of, cited_by)
        yield ChainRecords(
            rows[figure_id]._asdict(),
            [
                SimpleNamespace(**documents[s]._asdict(), depth=depth, via=via)
                for s, (depth, via) in reached.items()
            ],
            [rows[t] for t in traced],
        )


def _fields(
    f: Mapping[str, Any], metrics: pd.DataFrame, scope_names: dict[str, str]
) -> list[tuple[str, str]]:
    """The figure's fields as (label, HTML) pairs, in reading order."""
    printed = (
        f["reported_as"] if pd.notna(f["reported_as"]) else f"computed here: {f['derivation']}"
    )
    fields = [
        ("subject", local(f"../models/{f['subject_id']}.html", f["subject_id"])),
        ("metric", text(f["metric"])),
        ("value", text(value_words(SimpleNamespace(**f), metrics))),
        ("as printed", f'<q class="printed">{text(printed)}</q>'),
        ("where in the source", text(f["locator"] if pd.notna(f["locator"]) else "not said")),
        ("scope", f"{text(scope_names.get(str(f['scope']), f['scope']))} ({text(f['scope'])})"),
        ("basis", f"{text(BASIS_WORDS.get(str(f['basis']), f['basis']))} ({text(f['basis'])})"),
        ("claimant", text(f["claimant"])),
        ("confidence", text(f["confidence"])),
    ]
    if pd.notna(f["notes"]):
        fields.append(("notes", text(f["notes"])))
    if pd.notna(f["retracted_in"]):
        successor = f["superseded_by"]
        later = (
            f", superseded by {local(f'{successor}.html', successor)}"
            if pd.notna(successor)
            else ""
        )
        fields.append(("withdrawn", f"retracted in {text(f['retracted_in'])}{later}"))
    return fields


def _source_item(source: Any) -> str:
    """One document of the chain: its title linked to its https address, indented by depth."""
    published = source.published if isinstance(source.published, str) else "undated"
    archive = (
        f" · {external(source.archive_url, 'archived copy')}"
        if isinstance(source.archive_url, str)
        else ""
    )
    via = "" if int(source.depth) == 0 else f' <span class="via">via {text(source.via)}</span>'
    return (
        f'<li class="depth-{min(int(source.depth), 6)}"><cite>{external(source.url, source.title)}</cite>'
        f" ({text(source.publisher)}, {text(published)}) <code>{text(source.source_id)}</code>"
        f"{via}{archive}</li>"
    )


def figure_page(
    chain: ChainRecords, metrics: pd.DataFrame, scope_names: dict[str, str], edition: Edition
) -> str:
    """``figures/<figure_id>.html``: the claim, the figure's fields, what it repeats, and its
    documents from the one that reported it back to the primary."""
    f = chain.figure
    fields = "\n".join(
        f"<dt>{text(k)}</dt><dd>{v}</dd>" for k, v in _fields(f, metrics, scope_names)
    )
    traces = "".join(
        f"<li>{local(f'{t.figure_id}.html', t.figure_id)}: <q>{text(t.reported_as)}</q>"
        f" ({text(t.subject_id)}, {text(t.scope)}, {text(t.basis)}) in"
        f" <code>{text(t.source_id)}</code></li>"
        for t in chain.traces
    )
    repeats = f'<h2>What it repeats</h2><ol class="traces">{traces}</ol>' if traces else ""
    sources = "\n".join(_source_item(s) for s in chain.sources)
    body = f"""<p class="claim">{text(f["claim"])}</p>
<dl class="fields">
{fields}
</dl>
{repeats}
<h2>Chain of sources</h2>
<p>The document that reported it first, then each document it relies on (indented).</p>
<ol class="chain">
{sources}
</ol>"""
    return page(str(f["figure_id"]), body, edition, "../", edition.citation(str(f["figure_id"])))
