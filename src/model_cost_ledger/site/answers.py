"""The pages that answer: the home page (the seed question, answered in ``compare``'s own
words), the comparison picker over precomputed ``compare`` results, and the glossary."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..comparison.glossary import Glossary
from ..comparison.result import Comparison
from ..comparison.words import VERDICT_WORDS
from .page import Edition, local, page, text

if TYPE_CHECKING:
    from .pairs import EveryPair

SEED = ("deepseek-r1", "gpt-4o")  # the headline pair the ledger was started to answer
POPULAR = ("deepseek-r1", "gpt-4o", "deepseek-v3", "gpt-4", "llama-3.1-405b")
SHOWN_PAIRS = 10  # the most comparable pairs listed per comparison, as the text form does


def is_shown(number: int, same_source: bool) -> bool:
    """Whether a comparison lists pair ``number`` (from 1): as the text form, the first
    ``SHOWN_PAIRS`` and every headline pair (two figures of one document)."""
    return number <= SHOWN_PAIRS or same_source


def answer(result: Comparison) -> dict[str, Any]:
    """``result``'s text form as data for a page: its title, the answer's blocks (a paragraph,
    or a list of items) before the table of pairs, and the most comparable pairs."""
    lines = result.render(width=100_000).splitlines()  # one line per paragraph or item
    title, rest = lines[0], lines[1:]
    blocks: list[Any] = []
    for line in rest:
        if line.startswith("#"):  # the table of pairs begins: the page lists them itself
            break
        if line.startswith("  - "):
            if not blocks or not isinstance(blocks[-1], list):
                blocks.append([])
            blocks[-1].append(line[4:])
        elif line.strip():
            blocks.append(line)
    pairs = [
        {
            "number": number,
            "a": p.a_figure_id,
            "b": p.b_figure_id,
            "a_printed": p.a_reported_as or "",
            "b_printed": p.b_reported_as or "",
            "verdict": VERDICT_WORDS[p.verdict],
            "reasons": list(p.reasons),
        }
        for number, p in enumerate(result.pairs.itertuples(index=False), 1)
        if is_shown(number, p.same_source)
    ]
    return {"a": result.a, "b": result.b, "title": title, "answer": blocks, "pairs": pairs}


def answer_html(data: dict[str, Any], root: str = "") -> str:
    """The answer blocks and the pairs as HTML, the same that ``site.js`` writes for a pick."""
    parts = []
    for block in data["answer"]:
        if isinstance(block, list):
            parts.append("<ul>" + "".join(f"<li>{text(b)}</li>" for b in block) + "</ul>")
        else:
            parts.append(f"<p>{text(block)}</p>")
    rows = "".join(_pair_row(p["number"], p, root) for p in data["pairs"])
    head = "".join(f'<th scope="col">{h}</th>' for h in ("#", "A", "B", "verdict", "reasons"))
    return (
        f'<h2 class="answer-title">{text(data["title"])}</h2>'
        + "".join(parts)
        + f'<div class="scroll"><table class="pairs"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _pair_row(number: int, pair: dict[str, Any], root: str) -> str:
    """One pair of the table: its figures linked, as printed, its verdict and reasons."""
    cells = [str(number)]
    for side in ("a", "b"):
        figure = pair[side]
        link = local(f"{root}figures/{figure}.html", figure)
        cells.append(f"{link}<br><q>{text(pair[side + '_printed'])}</q>")
    cells += [text(pair["verdict"]), text(", ".join(pair["reasons"]))]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def index_page(seed: dict[str, Any], edition: Edition) -> str:
    """``index.html``: the seed question answered on the first screen, then where to go next."""
    a, b = SEED
    body = f"""<p class="lede">Headlines said “DeepSeek R1 cost $5M vs $100M for GPT-4o”. Is
that like for like? The ledger's answer, in the words of <code>model-cost-ledger compare
{a} {b}</code>:</p>
<section class="answer" aria-label="The answer">
{answer_html(seed)}
</section>
<h2>Explore</h2>
<ul class="explore">
<li>{local(f"compare.html?a={a}&b={b}", "Compare two models")}: the same verdicts for other pairs</li>
<li>{local("figures.html", "Every figure")}: search, sort and filter the whole ledger</li>
<li>{local(f"models/{a}.html", "DeepSeek-R1")} and {local(f"models/{b}.html", "GPT-4o")}:
every claim about a model, primary figures first</li>
<li>{local("chart.html", "The chart")}: training cost by model release date</li>
<li>{local("glossary.html", "The glossary")}: scopes, bases, verdicts and reasons in words</li>
<li>{local("downloads.html", "Downloads")}: the release files, with checksums</li>
</ul>"""
    return page("Did DeepSeek R1 cost $5M against $100M for GPT-4o?", body, edition)


def embedded(payload: Any) -> str:
    """``payload`` as JSON safe inside a ``<script>`` element (no ``<``, ``>`` or ``&``)."""
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def compare_page(
    results: list[dict[str, Any]], every: EveryPair, names: dict[str, str], edition: Edition
) -> str:
    """``compare.html``: pick any two subjects (``?a=deepseek-r1&b=gpt-4o`` picks a pair). For
    the popular pairs, ``compare``'s answer in its own words; for any other two, the pairs it
    lists with their verdicts and reasons (``every``), loaded from the first subject's script."""
    popular = sorted({r[side] for r in results for side in ("a", "b")}, key=POPULAR.index)
    rest = sorted(set(names) - set(popular), key=lambda s: (names[s].casefold(), s))
    options = "".join(
        f'<option value="{text(s)}">{text(names[s])}</option>' for s in [*popular, *rest]
    )
    payload = {
        "names": names,
        "results": results,
        "tail": every.tail,
        "missing": every.missing,
        "paired": every.paired,
    }
    body = f"""<p>Pick two models. For the pairs most often put side by side, the answer of
<code>model-cost-ledger compare A B</code> in its own words; for any other two, every pair of
their figures that it lists, ranked as it ranks them, with its verdict and reasons (for the
answer in words, run the command). Computed when this site was built.</p>
<form class="controls" data-js="compare">
<label>A <select name="a">{options}</select></label>
<label>B <select name="b">{options}</select></label>
</form>
<p id="compare-note" aria-live="polite"></p>
<section id="compare-result" class="answer" aria-label="The comparison">
{answer_html(results[0])}
</section>
<script type="application/json" id="comparisons">{embedded(payload)}</script>"""
    return page("Compare two models", body, edition)


def glossary_page(glossary: Glossary, edition: Edition) -> str:
    """``glossary.html``: every section of ``glossary`` as a definition list."""
    parts = []
    for title, entries in glossary.sections.items():
        terms = "\n".join(
            f"<dt><code>{text(term)}</code></dt><dd>{text(words)}</dd>" for term, words in entries
        )
        parts.append(f"<section><h2>{text(title)}</h2>\n<dl>\n{terms}\n</dl></section>")
    return page("Glossary", "\n".join(parts), edition)
