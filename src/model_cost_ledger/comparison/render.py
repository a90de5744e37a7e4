"""A comparison as text for a reader: the answer in plain words first (the fairest pair and what
it says, then what is wrong with the pairs one document put side by side), then a table of the
pairs with column headers, each pair's reasons in sentences; every line within the width."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..text.display import printable, printable_lines
from ..text.layout import column_widths, grid_row, narrowest, wrap
from .dollars import amount, money
from .words import (
    VERDICT_WORDS,
    Words,
    figure_sentences,
    pair_sentences,
    printed,
    ratio_sentence,
    shared_sentences,
    side_codes,
    side_sentences,
    times,
)

if TYPE_CHECKING:
    from .result import Comparison

INDENT = "    "


def render(result: Comparison, width: int = 80, limit: int = 10) -> str:
    """The comparison as text within ``width`` columns: the answer, the headline pairs, the
    table of pairs (the ``limit`` most comparable, and every headline pair), numbered 1, 2, 3...
    Text from the data is escaped (``text.display.printable``) before it is laid out."""
    words = result.words
    title = f"{words.name(result.a)} vs {words.name(result.b)}"
    title += title_tail(words, result.metric, result.index_note)
    lines = [*_paragraph(title, width, indent=""), ""]
    missing = [
        missing_sentence(words, subject, result.metric, metrics)
        for subject, metrics in result.missing.items()
    ]
    if result.pairs.empty:
        for text in missing:
            lines += _paragraph(text, width, indent="")
        return printable_lines([*lines, "Nothing to compare."])
    pairs = result.pairs.reset_index(drop=True)
    shown = pairs[(pairs.index < limit) | pairs["same_source"]].reset_index(drop=True)
    lines += _answer(result, shown, width)
    for text in missing:
        lines += _paragraph(text, width, indent="")
    lines += ["", *_table(result, shown, width)]
    if len(pairs) > len(shown):
        lines.append("")
        lines += _paragraph(
            f"{len(pairs) - len(shown)} more pair(s), less comparable, are not shown:"
            " --format csv or json lists every pair with its machine fields.",
            width,
            indent="",
        )
    return printable_lines(lines)


def title_tail(words: Words, metric: str, index_note: str) -> str:
    """What the title says after "A vs B": the metric, and for money the dollars it is in."""
    return f": {words.metric_name or metric}" + (f", in {index_note}" if words.money else "")


def missing_sentence(words: Words, subject_id: str, metric: str, metrics: list[str]) -> str:
    """The sentence for a subject with no figure of ``metric`` of its own (``metrics``: the
    metrics it has figures of)."""
    return (
        f"{words.name(subject_id)} ({subject_id}) has no {metric} figure of its own; its figures"
        f" are for: {', '.join(metrics) or 'nothing yet'}."
    )


def _paragraph(text: str, width: int, indent: str = "  ") -> list[str]:
    return wrap(printable(text), width, indent=indent, hanging=indent)


def _sentences(sentences: list[str]) -> str:
    return " ".join(f"{s[0].upper()}{s[1:]}." for s in sentences)


def sides(result: Comparison, pair: Any) -> tuple[Any, Any]:
    """The two figure rows of ``pair`` (with their side, relation and reasons)."""
    rows = result.side_rows
    return rows[result.a, pair.a_figure_id], rows[result.b, pair.b_figure_id]


def value_cell(result: Comparison, row: Any) -> str:
    """A figure's value for reading: money in the comparison's constant dollars, or its own
    (nominal) dollars when its year cannot be converted; a quantity with its scale."""
    if result.words.money and row.constant == row.constant:
        return money(row.constant)
    return amount(row.value, row.unit) + (" nominal" if result.words.money else "")


def _answer(result: Comparison, shown: pd.DataFrame, width: int) -> list[str]:
    """The first paragraphs: what the fairest pair says, then what is wrong with the headlines."""
    best = shown.iloc[0]
    a, b = sides(result, best)
    verdict = VERDICT_WORDS[best["verdict"]]
    big, small = (a, b) if best["ratio"] >= 1 else (b, a)  # ratio is A / B, said biggest first
    said = (
        f"{ratio_sentence(best, result.words, '', '')}"
        f" ({value_cell(result, big)} against {value_cell(result, small)})"
        if best["ratio"] == best["ratio"]
        else f"they get no ratio ({value_cell(result, a)} and {value_cell(result, b)} cannot be"
        " put in the same dollars)"
    )
    comparable = best["verdict"] != "not_comparable"
    lead = "The fairest comparison" if comparable else "No pair compares; the closest"
    text = (
        f"{lead} is pair 1, {best['a_figure_id']} against {best['b_figure_id']} ({verdict}):"
        f" {said}."
    )
    caveats = pair_sentences(best, (a, b), result.words)
    if caveats:
        text += f" Read it with {'these caveats' if best['verdict'] == 'caveats' else 'this'}: "
        text += _sentences(caveats)
    lines = _paragraph(text, width, indent="")
    headlines = shown[shown["same_source"]]
    if len(headlines):
        lines += ["", *_headlines(result, headlines, width)]
    return lines


def _headlines(result: Comparison, headlines: pd.DataFrame, width: int) -> list[str]:
    """What is wrong with the pairs one document put side by side: one paragraph per side,
    the figures that share their reasons named together, then the pair's own reasons."""
    numbered = ", ".join(
        f"pair {n + 1} ({printed(p.a_reported_as, p.a_value, p.unit)} vs"
        f" {printed(p.b_reported_as, p.b_value, p.unit)})"
        for n, p in zip(headlines.index, headlines.itertuples(index=False), strict=True)
    )
    verdicts = {VERDICT_WORDS[v] for v in headlines["verdict"]}
    verdict = verdicts.pop() if len(verdicts) == 1 else "judged pair by pair"
    lines = _paragraph(
        f"The headline pair(s), which one document put side by side, are {verdict}: {numbered}.",
        width,
        indent="",
    )
    shared = [
        sentence
        for pair in headlines.itertuples(index=False)
        for sentence in shared_sentences(pair, sides(result, pair), result.words)
    ]
    return lines + _headline_sides(result, headlines, width) + _bullets(shared, width)


def _headline_sides(result: Comparison, headlines: pd.DataFrame, width: int) -> list[str]:
    """One bullet per side and reason set: ``A (DeepSeek-R1), “$5 million” (id): the number...``."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for pair in headlines.itertuples(index=False):
        for side, row in zip("ab", sides(result, pair), strict=True):
            codes = side_codes(pair, side) - {"no-constant-dollars"}
            said = figure_sentences(row, codes, result.words, "the number")
            if said:
                members = groups.setdefault((side, _sentences(said)), [])
                if row.figure_id not in [m.figure_id for m in members]:
                    members.append(row)
    lines = []
    for (side, text), rows in groups.items():
        named = " and ".join(
            f"{printed(r.reported_as, r.value, r.unit)} ({r.figure_id})" for r in rows
        )
        subject = result.words.name(rows[0].side_subject)
        lines += _bullet(f"{side.upper()} ({subject}), {named}: {text}", width)
    return lines


def _bullet(text: str, width: int) -> list[str]:
    return wrap(printable(text), width, indent="  - ", hanging=INDENT)


def _bullets(sentences: list[str], width: int) -> list[str]:
    return [line for s in dict.fromkeys(sentences) for line in _bullet(_sentences([s]), width)]


def _rows(
    result: Comparison, number: int, pair: Any, explained: dict[str, str]
) -> tuple[list[list[str]], str]:
    """A pair's two table rows and its reasons as one paragraph; a figure whose reasons an
    earlier pair gave (``explained``: figure id -> row label) refers to that row."""
    a, b = sides(result, pair)
    rows = [
        [
            f"{number}{side}",
            row.figure_id,
            row.claimant,
            printed(row.reported_as, row.value, row.unit).strip("“”"),
            value_cell(result, row),
            result.words.scopes.get(row.scope, row.scope),
            VERDICT_WORDS[pair.verdict] if side == "A" else "",
        ]
        for side, row in (("A", a), ("B", b))
    ]
    if pair.ratio != pair.ratio:
        said = ["no ratio: their dollars cannot be put in one year"]
    elif pair.ratio >= 1:
        said = [f"A is {times(pair.ratio)} times B"]
    else:
        said = [f"B is {times(1 / pair.ratio)} times A"]
    for side, row in (("a", a), ("b", b)):
        own = side_sentences(pair, side, row, result.words)
        if own and row.figure_id in explained:
            own = [f"{side.upper()}: see {explained[row.figure_id]} for what its figure is"]
        explained.setdefault(row.figure_id, f"{number}{side.upper()}")
        said += own
    said += shared_sentences(pair, (a, b), result.words)
    if pair.same_source:
        said.append("headline: one document put these two side by side")
    return [[printable(cell) for cell in row] for row in rows], _sentences(said)


def _table(result: Comparison, shown: pd.DataFrame, width: int) -> list[str]:
    """The pairs as a table with headers; the figure id gets a line of its own when the row
    does not fit the width otherwise (ids are never cut)."""
    words = result.words
    unit = shown["unit"].iloc[0]
    value = (
        f"{result.year} US$" if words.money and result.year else "nominal" if words.money else unit
    )
    headers = ["#", "figure id", "claimant", "as printed", value, "scope", "verdict"]
    if words.per:
        headers[4] += f" per {words.per}"
    explained: dict[str, str] = {}
    blocks = [
        _rows(result, n + 1, p, explained) for n, p in enumerate(shown.itertuples(index=False))
    ]
    cells = [row for rows, _ in blocks for row in rows]
    widths = column_widths(headers, cells, width)
    spanning = widths is None
    if widths is None:  # the id gets a line of its own; the other columns share the width
        sub_headers, sub_cells = headers[2:], [row[2:] for row in cells]
        widths = column_widths(sub_headers, sub_cells, width - len(INDENT)) or [
            max(narrowest(cell) for cell in column)
            for column in zip(sub_headers, *sub_cells, strict=True)
        ]
    lines = _header(headers, widths, spanning)
    for rows, why in blocks:
        for row in rows:
            if spanning:
                lines.append(f"{row[0]:<{len(INDENT)}}{row[1]}")
                lines += [INDENT + line for line in grid_row(row[2:], widths)]
            else:
                lines += grid_row(row, widths)
        lines += wrap(printable(why), width, indent=INDENT)
    return lines + _notes(result, cells, width)


def _header(headers: list[str], widths: list[int], spanning: bool) -> list[str]:
    if not spanning:
        return [*grid_row(headers, widths), "  ".join("-" * w for w in widths)]
    rule = INDENT + "  ".join("-" * w for w in widths)
    return [
        f"{'#':<{len(INDENT)}}figure id",
        *[INDENT + line for line in grid_row(headers[2:], widths)],
        rule,
    ]


def _notes(result: Comparison, cells: list[list[str]], width: int) -> list[str]:
    notes = []
    if any(row[4].endswith(" nominal") for row in cells):
        notes.append(
            "nominal: in the dollars of the figure's own year, which the price index lacks;"
            " such a figure gets a ratio only against one in the same dollars."
        )
    if any(row[3].endswith("(data cell)") for row in cells):
        notes.append(
            "data cell: the source is a data table; its number is shown rounded here"
            " (--format csv gives it as published)."
        )
    return [line for note in notes for line in ["", *_paragraph(note, width, indent="")]]
