"""Honest comparisons: two subjects' figures side by side, each pairing with a verdict and its
reasons, in constant dollars.

Verdicts: ``like_for_like`` (same scope, basis, period and currency, both values),
``caveats`` (comparable once the reasons are read: related scopes such as rental vs amortized
pricing of the same final run, different basis, bounds, media repetition, a related subject),
``not_comparable`` (different or unspecified scope, a figure that traces to another subject,
different periods or currencies).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .reading import read_tables

VERDICTS = ("like_for_like", "caveats", "not_comparable")
BLOCKING = {
    "different-scope",
    "unspecified-scope",
    "misattributed",
    "different-period",
    "different-currency",
}
REASONS = {  # code -> what it means; figure reasons are prefixed a: or b: in a pair
    "different-scope": "the two figures cover different things",
    "related-scope": "the two figures price the same thing differently",
    "unspecified-scope": "a source does not say what its figure covers",
    "different-basis": "one is the developer's own figure, the other an estimate or a media repetition",
    "different-period": "the figures span different periods",
    "different-currency": "the figures are in different currencies and no conversion table is shipped",
    "media-report": "a publication repeating a claim, not its author",
    "misattributed": "the figure traces to a figure about another subject",
    "bound-dropped": "the figure states as a value what its source gave as a bound",
    "bound": "the figure is a bound, not a value",
    "range": "the figure is a range",
    "related-subject": "the figure is about a related subject (base model, family or organization)",
    "own-figure-differs": "the subject's own reported figure is a different one",
    "no-constant-dollars": "the figure could not be converted to constant dollars",
}
BASIS_WORDS = {
    "self_reported": "the developer's own figure",
    "third_party_estimate": "a third-party estimate",
    "media_report": "a media repetition",
    "derived": "a figure derived here",
}
CONFIDENCE_RANK = {"confident": 0, "likely": 1, "speculative": 2}
SCOPE_RANK = {"same": 0, "related": 1, "different": 2}


def normalize(name: str) -> str:
    """Case-folded, without spaces, hyphens, dots or underscores: ``DeepSeek R1`` -> ``deepseekr1``."""
    return re.sub(r"[\s\-._]+", "", name.casefold())


def subject_names(subjects: pd.DataFrame) -> dict[str, str]:
    """Normalized id, name and alias -> subject id."""
    names: dict[str, str] = {}
    for subject_id, name, aliases in zip(
        subjects["subject_id"], subjects["name"], subjects["aliases"], strict=True
    ):
        for candidate in [
            subject_id,
            name,
            *(aliases.split(";") if isinstance(aliases, str) else []),
        ]:
            names.setdefault(normalize(candidate), subject_id)
    return names


def resolve(name: str, subjects: pd.DataFrame) -> str:
    """The subject id for an id, name or alias; ``KeyError`` suggests the closest subjects."""
    names = subject_names(subjects)
    key = normalize(name)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.5)
    suggestions = list(dict.fromkeys(names[c] for c in close))
    hint = (
        f"; closest: {', '.join(suggestions)}"
        if suggestions
        else f"; known subjects include {', '.join(sorted(subjects['subject_id'])[:10])}"
    )
    raise KeyError(f"no subject called {name!r}{hint}")


def money(value: float, unit: str = "USD") -> str:
    """``5576000`` -> ``$5.58M``; ``1.6e9`` -> ``$1.6B``."""
    if value != value:
        return "-"
    sign = "$" if unit == "USD" else f"{unit} "
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= factor:
            return f"{sign}{value / factor:.3g}{suffix}"
    return f"{sign}{value:.3g}"


@dataclass
class Comparison:
    """The result of ``compare``: every pairing, the most comparable one, and what is missing."""

    a: str
    b: str
    metric: str
    year: int | None
    pairs: pd.DataFrame
    figures: pd.DataFrame  # every figure considered, with per-figure reasons
    missing: dict[str, list[str]] = field(default_factory=dict)  # subject -> metrics it does have
    index_note: str = ""
    catalog: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # current figures by id

    @property
    def best(self) -> pd.Series | None:
        return None if self.pairs.empty else self.pairs.iloc[0]

    def to_frame(self) -> pd.DataFrame:
        return self.pairs

    def to_json(self) -> str:
        pairs = self.pairs.assign(reasons=self.pairs["reasons"].map(list)).astype(object)
        payload = {
            "a": self.a,
            "b": self.b,
            "metric": self.metric,
            "year": self.year,
            "index": self.index_note,
            "missing": self.missing,
            "best": None
            if self.best is None
            else {
                "a_figure_id": self.best["a_figure_id"],
                "b_figure_id": self.best["b_figure_id"],
                "verdict": self.best["verdict"],
            },
            "pairs": pairs.where(pairs.notna(), None).to_dict(orient="records"),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, default=str)

    def __str__(self) -> str:
        return render(self)


def _related(subject_id: str, subjects: pd.DataFrame) -> dict[str, str]:
    """Subjects whose figures speak about ``subject_id`` too: itself, its ancestors, its organization."""
    table = subjects.set_index("subject_id")
    related = {subject_id: "self"}
    current = subject_id
    while pd.notna(table.at[current, "parent"]) and table.at[current, "parent"] not in related:
        current = table.at[current, "parent"]
        related[current] = "parent"
    organization = table.at[subject_id, "organization"]
    if pd.notna(organization):
        related.setdefault(organization, "organization")
    return related


def compare(
    a: str,
    b: str,
    metric: str = "training_cost",
    year: int | None = None,
    path: str | Path | None = None,
) -> Comparison:
    """Put two subjects' figures for ``metric`` side by side.

    ``a`` and ``b`` are subject ids, names or aliases (``DeepSeek R1``, ``R1``, ``ChatGPT-4o``),
    matched ignoring case, spaces, hyphens and dots. Figures about a subject's base model or
    organization are included and flagged ``related-subject``. Money is converted to constant
    dollars of ``year`` (default: the latest year of the shipped US CPI-U index).

    Every pairing gets a verdict and reason codes (see ``REASONS``). Pairs are sorted so that the
    first is the most comparable: by verdict, then same scope before related scopes before
    different ones, then primary figures (the developer's own or an analyst's) before media
    repetitions and direct subjects before related ones, then higher confidence, then the more
    recent source.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> result = mcl.compare("DeepSeek R1", "ChatGPT-4o")
    >>> headline = result.pairs.set_index(["a_figure_id", "b_figure_id"]).loc[("seed-vi-r1-training-cost", "seed-vi-gpt-4o-training-cost")]
    >>> headline["verdict"]
    'not_comparable'
    >>> "a:misattributed" in headline["reasons"] and "b:misattributed" in headline["reasons"]
    True
    """
    frames = read_tables(path)
    subjects = frames["subjects"]
    a_id, b_id = resolve(a, subjects), resolve(b, subjects)
    metrics = frames["metrics"].set_index("metric")
    if metric not in metrics.index:
        raise ValueError(f"unknown metric {metric!r}; metrics: {', '.join(sorted(metrics.index))}")
    figures = frames["figures"]
    current = figures[figures["retracted_in"].isna() & (figures["basis"] != "derived")]
    index, year, index_note = _price_index(frames["price_index"], year)
    scopes = frames["scopes"].set_index("scope")
    considered = []
    missing = {}
    for subject_id in (a_id, b_id):
        related = _related(subject_id, subjects)
        own = current[
            (current["metric"] == metric) & current["subject_id"].isin(list(related))
        ].copy()
        own.insert(0, "side_subject", subject_id)
        own["relation"] = own["subject_id"].map(related)
        if (own["relation"] == "self").sum() == 0:
            missing[subject_id] = sorted(
                set(current.loc[current["subject_id"] == subject_id, "metric"].astype(str))
            )
        considered.append(own)
    table = pd.concat(considered, ignore_index=True)
    sources = frames["sources"].set_index("source_id")
    table["published"] = table["source_id"].map(sources["published"])
    table["constant"] = [
        _constant(v, u, y, index, year)
        for v, u, y in zip(table["value"], table["unit"], table["currency_year"], strict=True)
    ]
    by_id = figures.set_index("figure_id")
    table["figure_reasons"] = [
        tuple(_figure_reasons(row, by_id, current, metrics.at[metric, "kind"] == "money"))
        for row in table.itertuples(index=False)
    ]
    left, right = table[table["side_subject"] == a_id], table[table["side_subject"] == b_id]
    rows = [
        _pair(x, y, scopes)
        for x in left.itertuples(index=False)
        for y in right.itertuples(index=False)
    ]
    pairs = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    if not pairs.empty:
        pairs = pairs.sort_values(
            ["verdict_rank", "scope_rank", "secondary", "indirect", "confidence_rank", "recency"],
            ascending=[True, True, True, True, True, False],
            kind="stable",
        ).reset_index(drop=True)
    catalog = figures[figures["retracted_in"].isna()].set_index("figure_id", drop=False)
    return Comparison(a_id, b_id, metric, year, pairs, table, missing, index_note, catalog)


def _price_index(
    index_table: pd.DataFrame, year: int | None
) -> tuple[dict[int, float], int | None, str]:
    index = dict(
        zip(index_table["year"].astype(int), index_table["value"].astype(float), strict=True)
    )
    if not index:
        return {}, None, "nominal dollars (no price index shipped)"
    if year is None:
        year = max(index)
    if year not in index:
        raise ValueError(
            f"no price index value for {year}; years available: {min(index)}-{max(index)}"
        )
    return index, year, f"constant {year} US dollars (US CPI-U annual average)"


def _constant(value, unit, currency_year, index, year):
    if unit != "USD" or pd.isna(currency_year) or int(currency_year) not in index or year is None:
        return float("nan")
    return float(value) * index[year] / index[int(currency_year)]


def _figure_reasons(row, by_id: pd.DataFrame, current: pd.DataFrame, is_money: bool):
    if row.basis == "media_report":
        yield "media-report"
    if row.relation != "self":
        yield "related-subject"
    if row.qualifier in ("at_least", "at_most"):
        yield "bound"
    if row.qualifier == "range":
        yield "range"
    if is_money and row.constant != row.constant:
        yield "no-constant-dollars"
    traced = (
        by_id.loc[row.traces_to]
        if pd.notna(row.traces_to) and row.traces_to in by_id.index
        else None
    )
    if traced is not None:
        if traced["subject_id"] != row.subject_id:
            yield "misattributed"
            own = current[
                (current["subject_id"] == row.subject_id)
                & (current["metric"] == row.metric)
                & (current["basis"] != "media_report")
            ]
            if len(own):
                yield "own-figure-differs"
        if traced["qualifier"] in ("at_least", "at_most") and row.qualifier not in (
            "at_least",
            "at_most",
        ):
            yield "bound-dropped"


PAIR_COLUMNS = [
    "a_figure_id",
    "b_figure_id",
    "a_subject_id",
    "b_subject_id",
    "a_reported_as",
    "b_reported_as",
    "a_value",
    "b_value",
    "unit",
    "a_constant",
    "b_constant",
    "ratio",
    "a_scope",
    "b_scope",
    "a_basis",
    "b_basis",
    "verdict",
    "reasons",
    "same_source",
    "verdict_rank",
    "scope_rank",
    "secondary",
    "indirect",
    "confidence_rank",
    "recency",
]


def _pair(x, y, scopes: pd.DataFrame) -> list:
    same_money = x.unit == y.unit and x.currency_year == y.currency_year  # no conversion needed
    reasons = [
        f"{side}:{code}"
        for side, row in (("a", x), ("b", y))
        for code in row.figure_reasons
        if not (same_money and code == "no-constant-dollars")
    ]
    if x.scope == y.scope:
        scope_relation = "same"
    else:
        comparable = scopes.at[x.scope, "comparable_with"]
        scope_relation = (
            "related"
            if isinstance(comparable, str) and y.scope in comparable.split(";")
            else "different"
        )
        reasons.append("related-scope" if scope_relation == "related" else "different-scope")
    if "unspecified" in (x.scope, y.scope):
        reasons.append("unspecified-scope")
    if x.basis != y.basis:
        reasons.append("different-basis")
    if x.period != y.period and "unspecified" not in (x.period, y.period):
        reasons.append("different-period")
    if x.unit != y.unit:  # only money metrics allow more than one unit: their currencies
        reasons.append("different-currency")
    codes = {reason.split(":")[-1] for reason in reasons}
    verdict = "not_comparable" if codes & BLOCKING else "caveats" if codes else "like_for_like"
    a_amount = x.constant if x.constant == x.constant else x.value
    b_amount = y.constant if y.constant == y.constant else y.value
    ratio = float(a_amount) / float(b_amount) if x.unit == y.unit else float("nan")
    secondary = int(x.basis == "media_report") + int(y.basis == "media_report")
    indirect = int(x.relation != "self") + int(y.relation != "self")
    confidence = CONFIDENCE_RANK[x.confidence] + CONFIDENCE_RANK[y.confidence]
    recency = (
        max(str(p) for p in (x.published, y.published) if isinstance(p, str))
        if any(isinstance(p, str) for p in (x.published, y.published))
        else ""
    )
    return [
        x.figure_id,
        y.figure_id,
        x.subject_id,
        y.subject_id,
        x.reported_as,
        y.reported_as,
        float(x.value),
        float(y.value),
        x.unit if x.unit == y.unit else f"{x.unit}/{y.unit}",
        x.constant,
        y.constant,
        ratio,
        x.scope,
        y.scope,
        x.basis,
        y.basis,
        verdict,
        tuple(reasons),
        x.source_id == y.source_id,
        VERDICTS.index(verdict),
        SCOPE_RANK[scope_relation],
        secondary,
        indirect,
        confidence,
        recency,
    ]


def explain(code: str, row, catalog: pd.DataFrame) -> str:
    """One reason about one figure, in words; ``catalog`` holds every current figure by id."""
    traced = (
        catalog.loc[row.traces_to]
        if isinstance(row.traces_to, str) and row.traces_to in catalog.index
        else None
    )
    if code == "misattributed":
        return f"traces to {row.traces_to}, a figure about {traced['subject_id']} ({traced['scope']}, {traced['reported_as']}), not {row.subject_id}"
    if code == "bound-dropped":
        bound = "lower" if traced["qualifier"] == "at_least" else "upper"
        return f"states as a value what {row.traces_to} gave as a {bound} bound ({traced['reported_as']!r})"
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


def _pair_lines(number: int, pair) -> list[str]:
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
        amount = getattr(pair, f"{side}_value") if amount != amount else amount
        lines.append(
            f"    {side.upper()} {getattr(pair, f'{side}_figure_id'):<40.40} {str(getattr(pair, f'{side}_reported_as')):<20.20} {money(amount):>8}  {getattr(pair, f'{side}_scope'):<20.20}".rstrip()
        )
    return lines


def render(result: Comparison, limit: int = 10) -> str:
    """The comparison as text that fits 100 columns: the pairs (most comparable first), what
    each figure is, and the verdict in plain sentences."""
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
        return "\n".join([*lines, "Nothing to compare."])
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
    return "\n".join([*lines, "", *_verdict_sentences(result)])


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
