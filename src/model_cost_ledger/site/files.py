"""The pages that carry files: the chart (the SVG ``plot`` draws) and the downloads (the files
``build`` writes, with their sha256 and how to check them)."""

from __future__ import annotations

from pathlib import Path

from ..publish.bundle import SUMS, Build
from .page import Edition, page, text

CHART = "chart-training-cost.svg"


def chart_page(caption: str | None, edition: Edition) -> str:
    """``chart.html``: the training-cost chart and its caption (what it left out and why), or
    why it was not drawn (``caption`` None: matplotlib is not installed)."""
    if caption is None:
        body = (
            "<p>This site was built without the chart: drawing it needs matplotlib"
            " (<code>pip install 'model-cost-ledger[plot]'</code>), then build the site again.</p>"
        )
        return page("Chart", body, edition)
    lines = caption.splitlines()
    alt = (
        "Training cost of each model against its release date, in constant dollars on a log"
        f" scale, one panel per scope family. {lines[0]}"
    )
    items = "".join(f"<li>{text(line)}</li>" for line in lines)
    body = f"""<p>One point per figure: x is the model's release date, y its training cost in
constant dollars (log scale). Each scope family has its own panel, so that a fine-tune is never
drawn among frontier runs; colour says who made the claim. The same chart as
<code>model-cost-ledger plot --metric training_cost -o costs.svg</code>.</p>
<figure class="chart">
<img src="{CHART}" alt="{text(alt)}" title="{text(alt)}">
<figcaption><ul>{items}</ul></figcaption>
</figure>"""
    return page("Chart: training cost by model release date", body, edition)


def downloads_page(built: Build, root: Path, edition: Edition) -> str:
    """``downloads.html``: every file of the build with its size and sha256, from its
    ``SHA256SUMS``, and the commands that check a download."""
    rows = []
    for line in (built.directory / SUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        href = (built.directory / name).relative_to(root).as_posix()
        size = (built.directory / name).stat().st_size
        rows.append(
            f'<tr><td><a href="{text(href)}">{text(name)}</a></td><td>{size:,}</td>'
            f"<td><code>{text(digest)}</code></td></tr>"
        )
    sums = (built.directory / SUMS).relative_to(root).as_posix()
    head = "".join(f'<th scope="col">{h}</th>' for h in ("file", "bytes", "sha256"))
    parquet = f"data/model-cost-ledger-{built.version}.parquet"
    body = f"""<p>The release files of model-cost-ledger {text(built.version)}, as
<code>model-cost-ledger build</code> writes them ({built.figures} figures; content sha256
<code>{text(built.sha256)}</code>, the hash <code>dataset/releases.csv</code> records).</p>
<div class="scroll"><table class="downloads"><thead><tr>{head}</tr></thead><tbody>
{"".join(rows)}
</tbody></table></div>
<h2>Check a download</h2>
<p>Download the files with <a href="{text(sums)}">{SUMS}</a>, keeping their folders, then:</p>
<pre><code>sha256sum -c {SUMS}
pip install model-cost-ledger=={text(built.version)}
model-cost-ledger verify {text(parquet)}</code></pre>
<p><code>verify</code> checks the schema, the page checksums, the content hash and the release
record; <code>load("{text(parquet)}")</code> in Python makes the same checks.</p>"""
    return page("Downloads", body, edition)
