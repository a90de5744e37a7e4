"""A comparison as text: the pairs, what each figure is, and the verdict in sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..text.display import printable_lines
from .dollars import money
from .verdicts import BASIS_WORDS, REASONS

if TYPE_CHECKING:
    from .result import Comparison


def _traced_reason(code: str, row: Any, traced: pd.Series) -> str:
    if code == "misattributed":
        return f"traces to {row.traces_to}, a figure about {traced['subject_id']} ({traced['scope']}, {traced['reported_as']}), not {row.subject_id}"
    bound = "lower" if traced["qualifier"] == "at_least" else "upper"
    return f"states as a value what {row.traces_to} gave as a {bound} bound ({traced['reported_as']!r})"


def explain(code: str, row: Any, catalog: pd.DataFrame) -> str:
    """One reason about one figure, in words; ``catalog`` holds every current figure by id."""
    if code in ("misattributed", "bound-dropped"):  # given only to a figure that traces to one
        return _traced_reason(code, row, catalog.loc[row.traces_to])
    if code == "own-figure-differs":
        own = catalog[
            (catalog["subject_id"] == row.subject_id)
            & (catalog["metric"] == row.metric)
            & (catalog["basis"] != "media_report")
        ]
        listed = "; ".join(
            f"{i} {r['reported_as']} ({r['scope']}, {BASIS_WORDS[r['basis']]})"
            for i, r in own.head(3).iterrows()
        )
        return f"the ledger's primary figures for {row.subject_id} say something else: {listed}"
    if code == "related-subject":
        return f"about {row.subject_id}, the {row.relation} of {row.side_subject}, not {row.side_subject} itself"
    if code == "media-report":
        return f"{row.claimant} repeating a claim"
    if code == "bound":
        bound = "lower" if row.qualifier == "at_least" else "upper"
        return f"a {bound} bound, not a value"
    return REASONS[code]


def _pair_lines(number: int, pair: Any) -> list[str]:
    ratio = "-" if pair.ratio != pair.ratio else f"{pair.ratio:.3g}x"
    codes = (
        ", ".join(
            dict.fromkeys(
                r.split(":")[-1] for r in pair.reasons if not r.endswith("no-constant-dollars")
            )
        )
        or "none"
    )
    lines = [f"{number:>2}. {pair.verdict:<15} ratio {ratio:<9} {codes}"[:100]]
    for side in ("a", "b"):
        amount = getattr(pair, f"{side}_constant")
        shown = money(amount) if amount == amount else money(getattr(pair, f"{side}_value")) + "*"
        lines.append(
            f"    {side.upper()} {getattr(pair, f'{side}_figure_id'):<40.40} {getattr(pair, f'{side}_reported_as')!s:<20.20} {shown:>8}  {getattr(pair, f'{side}_scope'):<20.20}".rstrip()
        )
    return lines


def render(result: Comparison, limit: int = 10) -> str:
    """The comparison as text that fits 100 columns: the pairs (most comparable first), what
    each figure is, and the verdict in plain sentences; each line escaped, so that data keeps
    to its line."""
    lines = [
        *_wrap(f"{result.a} vs {result.b}: {result.metric}, in {result.index_note}", indent=""),
        "",
    ]
    for subject_id, metrics in result.missing.items():
        lines += _wrap(
            f"{subject_id} has no {result.metric} figure of its own; its figures are for: {', '.join(metrics) or 'nothing yet'}",
            indent="",
        )
    if result.missing:
        lines.append("")
    if result.pairs.empty:
        return printable_lines([*lines, "Nothing to compare."])
    # the most comparable pairs, plus every pair one document itself put side by side (a headline)
    pairs = result.pairs.reset_index(drop=True)
    shown = pairs[(pairs.index < limit) | pairs["same_source"]]
    for number, pair in zip(shown.index + 1, shown.itertuples(index=False), strict=True):
        lines += _pair_lines(number, pair)
        if pair.same_source:
            lines.append("    (both figures come from one document: a headline comparison)")
    if len(pairs) > len(shown):
        lines.append(
            f"    ... and {len(pairs) - len(shown)} more pair(s): --format csv or json lists them all"
        )
    if shown["a_constant"].isna().any() or shown["b_constant"].isna().any():
        lines += _wrap(
            "* nominal: the figure's dollar year has no price index value, so it is shown as"
            " printed and its pairs get no ratio unless both are in the same dollars",
            indent="    ",
        )
    lines += ["", "What each figure is:"]
    for row in result.figures.drop_duplicates("figure_id").itertuples(index=False):
        words = [
            explain(code, row, result.catalog)
            for code in row.figure_reasons
            if code != "no-constant-dollars"
        ]
        lines += _wrap(
            f"{row.figure_id} ({row.reported_as}, {row.scope}): {BASIS_WORDS[row.basis]}"
            + ("; " + "; ".join(words) if words else "")
        )
    return printable_lines([*lines, "", *_verdict_sentences(result)])


def _wrap(text: str, width: int = 100, indent: str = "  ") -> list[str]:
    lines, line = [], indent
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent + "    "
        line += word + " "
    lines.append(line.rstrip())
    return lines


def _verdict_sentences(result: Comparison) -> list[str]:
    best = result.best
    assert best is not None, "render() says 'Nothing to compare' before it asks for a verdict"
    ratio = (
        f", {best['a_subject_id']} at {best['ratio']:.3g}x {best['b_subject_id']}"
        if best["ratio"] == best["ratio"]
        else ""
    )
    text = f"Verdict: the most comparable pair is {best['a_figure_id']} vs {best['b_figure_id']} ({best['verdict'].replace('_', ' ')}{ratio})."
    media = result.pairs[
        (result.pairs["a_basis"] == "media_report") & (result.pairs["b_basis"] == "media_report")
    ]
    if len(media) and (media["verdict"] == "not_comparable").all():
        text += f" None of the {len(media)} pairings of media reports is comparable: their numbers trace to other figures or leave the scope unsaid."
    return _wrap(text, indent="")
