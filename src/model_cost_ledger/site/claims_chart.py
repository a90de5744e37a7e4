"""The chart on a model page: each training-cost figure about the model as one row on a log
scale of constant dollars, grouped by scope as the ``summary`` groups them. A point is a figure
the ledger holds first-hand (its repeats are counted beside it, as on the main chart); hollow
where the dollar year is not in the price index (nominal); a bar for a range, an arrow for a
bound. Plain HTML and CSS (its labels wrap on a phone; no image file, no drawing library); the
values are ``store.constant_dollars``', the same as ``compare`` and the main chart use."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..comparison.dollars import constant, money
from ..comparison.summary import Summary
from ..comparison.verdicts import BASIS_WORDS
from .page import text

METRIC = "training_cost"


@dataclass(frozen=True)
class Claim:
    """One row of the chart: a figure's value (and range ends) in the chart's dollars."""

    figure_id: str
    group: str
    value: float
    low: float
    high: float
    qualifier: str
    nominal: bool
    label: str


def claims_chart(summary: Summary, index: dict[int, float], year: int | None) -> str:
    """The ``<figure>`` charting the model's training-cost figures, or ``""`` when it has none."""
    claims = _claims(summary, index, year)
    if not claims:
        return ""
    values = [v for c in claims for v in (c.value, c.low, c.high) if v > 0]
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    high = max(high, low + 1)

    def at(value: float) -> str:  # the value's place on the scale, as a CSS percentage
        return f"{(math.log10(value) - low) / (high - low) * 100:.2f}%"

    rows, group = [], None
    for claim in claims:
        if claim.group != group:
            group = claim.group
            rows.append(f'<li class="group">{text(summary.scope_names.get(group, group))}</li>')
        rows.append(_row(claim, at))
    ticks = "".join(
        f'<span style="left:{at(10.0**power)}">{text(money(10.0**power))}</span>'
        for power in range(low, high + 1)
    )
    dollars = f"constant {year} US dollars" if year is not None else "nominal US dollars"
    name = text(summary.subject["name"])
    return f"""<figure class="claims-chart" style="--decades:{high - low}">
<ul>
{"".join(rows)}
</ul>
<div class="axis" aria-hidden="true">{ticks}</div>
<figcaption>Training-cost figures about {name} in {dollars} (log scale), by what they cover.
A hollow point is in nominal dollars (its year is not in the price index); a bar is a range; an
arrow is a bound (at least, at most). Each label opens its figure.</figcaption>
</figure>"""


def _claims(summary: Summary, index: dict[int, float], year: int | None) -> list[Claim]:
    """The model's own first-hand training-cost figures in USD, in the summary's order, each
    labelled with its value, claimant and basis and how many figures repeat it."""
    subject_id = summary.subject["subject_id"]
    depths = [row.depth for row in summary.rows]
    claims = []
    for position, row in enumerate(summary.rows):
        if row.depth or row.metric != METRIC or row.subject_id != subject_id or row.unit != "USD":
            continue
        factor = constant(1.0, "USD", row.currency_year, index, year)
        nominal = math.isnan(factor)
        factor = 1.0 if nominal else factor
        value, low, high = (_number(v) * factor for v in (row.value, row.value_low, row.value_high))
        shown = value if value > 0 else math.sqrt(low * high) if low > 0 and high > 0 else math.nan
        if math.isnan(shown):
            continue
        repeats = _repeats(depths, position)
        words = f"{money(low)} to {money(high)}" if row.qualifier == "range" else money(shown)
        label = (
            f"{words}{' (nominal)' if nominal else ''} · {row.claimant},"
            f" {BASIS_WORDS.get(str(row.basis), str(row.basis))}"
            + (f" · {repeats} repeat{'s' if repeats > 1 else ''}" if repeats else "")
        )
        claims.append(
            Claim(
                row.figure_id, str(row.group), shown, low, high, str(row.qualifier), nominal, label
            )
        )
    return claims


def _number(value: Any) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def _repeats(depths: list[int], position: int) -> int:
    """How many figures the summary places under the one at ``position`` (its repeats)."""
    count = 0
    for depth in depths[position + 1 :]:
        if depth == 0:
            break
        count += 1
    return count


def _row(claim: Claim, at: Any) -> str:
    """One figure: its label linked to its page, then its marks on the scale."""
    marks = []
    if claim.qualifier == "range" and claim.low > 0 and claim.high > 0:
        start, end = at(claim.low), at(claim.high)
        marks.append(f'<span class="range" style="left:{start};right:calc(100% - {end})"></span>')
    if claim.qualifier in ("at_least", "at_most"):
        marks.append(
            f'<span class="bound {claim.qualifier}" style="left:{at(claim.value)}"></span>'
        )
    hollow = " nominal" if claim.nominal else ""
    marks.append(f'<span class="point{hollow}" style="left:{at(claim.value)}"></span>')
    return (
        f'<li><a href="../figures/{text(claim.figure_id)}.html">{text(claim.label)}</a>'
        f'<span class="scale" aria-hidden="true">{"".join(marks)}</span></li>'
    )
