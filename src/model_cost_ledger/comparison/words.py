"""A comparison's reasons as sentences a non-expert can read: each names its side (A or B) and
the subject, and says what the ledger knows (the figure a number traces to, the subject's own
figures), built from the reason codes of ``verdicts`` and the rows they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .dollars import amount

VERDICT_WORDS = {
    "like_for_like": "like for like",
    "caveats": "comparable with caveats",
    "not_comparable": "not comparable",
}
NOUNS = {  # what a figure of each basis is called in a sentence
    "self_reported": "own figure",
    "third_party_estimate": "estimate",
    "media_report": "reported figure",
    "derived": "derived figure",
}
BARE_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")  # a data table's cell, not prose


@dataclass(frozen=True)
class Words:
    """What sentences need beside the figures: subject and scope names, the metric's name,
    kind and denominator (``per``), every current figure by id (``catalog``) and every figure,
    retracted ones too, for what a repeat traces to (``every``: a repeat may trace to a figure
    corrected since)."""

    names: dict[str, str] = field(default_factory=dict)
    scopes: dict[str, str] = field(default_factory=dict)
    metric_name: str = ""
    money: bool = True
    per: str = ""
    catalog: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    every: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    said: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  # own_figures'
    traced: dict[str, pd.Series] = field(default_factory=dict, repr=False)  # figure()'s

    def name(self, subject_id: str) -> str:
        return self.names.get(subject_id, subject_id)

    def figure(self, figure_id: str) -> pd.Series:
        """Any figure by id, retracted ones too (each looked up once: many pairs trace to it)."""
        if figure_id not in self.traced:
            self.traced[figure_id] = self.every.loc[figure_id]
        return self.traced[figure_id]

    def scope(self, scope: str) -> str:
        """The scope's name mid-sentence: ``final run at rental prices``."""
        name = self.scopes.get(scope, scope)
        return name[0].lower() + name[1:] if name[1:2].islower() else name


def printed(reported_as: Any, value: float, unit: str) -> str:
    """The number as printed, in quotes; a data table's bare cell (``36122927.06009203``) as
    the value rounded for reading, marked as a data cell."""
    text = "" if reported_as is None else str(reported_as)
    if BARE_NUMBER.fullmatch(text.strip()):
        return f"{amount(value, unit)} (data cell)"
    return f"“{text}”"


def times(ratio: float) -> str:
    """A ratio of at least 1 in words: ``6.3``, ``14``, ``1,200``."""
    if ratio < 9.95:
        return f"{ratio:.1f}".removesuffix(".0")
    return f"{ratio:,.0f}"


def ratio_sentence(pair: Any, words: Words, a: str = "A", b: str = "B") -> str:
    """``GPT-4o's estimate is 6.3 times DeepSeek-V3's own figure`` for a pair with a ratio;
    ``a`` and ``b`` prefix the two sides (empty for the answer's first sentence)."""
    sides = [
        (a, words.name(pair.a_subject_id), NOUNS[pair.a_basis]),
        (b, words.name(pair.b_subject_id), NOUNS[pair.b_basis]),
    ]
    ratio = pair.ratio
    if ratio < 1:
        sides.reverse()
        ratio = 1 / ratio
    (big_side, big, big_noun), (small_side, small, small_noun) = sides
    big_label = f"{big_side} ({big})" if big_side else big
    small_label = f"{small_side} ({small})" if small_side else small
    if 0.995 < ratio < 1.005:
        return f"{big_label}'s {big_noun} is the same as {small_label}'s"
    noun = "" if small_noun == big_noun else f" {small_noun}"
    return f"{big_label}'s {big_noun} is {times(ratio)} times {small_label}'s{noun}"


def bound_word(qualifier: Any) -> str:
    return "lower" if qualifier == "at_least" else "upper"


def _traced(row: Any, words: Words, label: str, codes: set[str]) -> str:
    """What a figure that repeats another one really is (misattributed, bound-dropped)."""
    traced = words.figure(row.traces_to)
    what = f"{printed(traced['reported_as'], traced['value'], traced['unit'])}, {row.traces_to}"
    subject, name = words.name(traced["subject_id"]), words.name(row.subject_id)
    if "misattributed" in codes and "bound-dropped" in codes:
        return (
            f"{label} was said of {subject}, not {name}, and as a"
            f" {bound_word(traced['qualifier'])} bound ({what})"
        )
    if "misattributed" in codes and traced["scope"] == "unspecified":
        return f"{label} was said of {subject}, not {name} ({what})"
    if "misattributed" in codes:
        return f"{label} is {subject}'s {words.scope(traced['scope'])} ({what}), not {name}'s"
    return f"{label} was given by its source as a {bound_word(traced['qualifier'])} bound ({what})"


def own_figures(subject_id: str, metric: str, words: Words) -> str:
    """The subject's primary figures of ``metric`` (its developer's and analysts'), in words
    (worked out once per subject and metric: many pairs' reasons name them)."""
    if (subject_id, metric) not in words.said:
        words.said[subject_id, metric] = _own_figures(subject_id, metric, words)
    return words.said[subject_id, metric]


def _own_figures(subject_id: str, metric: str, words: Words) -> str:
    catalog = words.catalog
    chosen = (
        (catalog["subject_id"] == subject_id)
        & (catalog["metric"] == metric)
        & ~catalog["basis"].isin(["media_report", "derived"])
    )
    own = catalog.loc[chosen, ["claimant", "basis", "value", "unit", "scope", "figure_id"]]
    said = [
        f"{r['claimant']} {'reports' if r['basis'] == 'self_reported' else 'estimates'}"
        f" {amount(r['value'], r['unit'])} for its {words.scope(r['scope'])} ({r['figure_id']})"
        for _, r in own.head(3).iterrows()
    ]
    return f"For {words.name(subject_id)} itself, {'; '.join(said)}"


def figure_sentences(row: Any, codes: set[str], words: Words, label: str) -> list[str]:
    """Sentences about one figure (a row of the figures considered) for its reason ``codes``;
    ``label`` is how the sentence names it (``A's “$5 million”``)."""
    sentences = []
    if codes & {"misattributed", "bound-dropped"}:
        sentences.append(_traced(row, words, label, codes))
    elif "media-report" in codes:
        sentences.append(f"{label} comes from {row.claimant}, repeating a claim")
    if "own-figure-differs" in codes:
        sentences.append(own_figures(row.subject_id, row.metric, words))
    if "related-subject" in codes:
        sentences.append(
            f"{label} is about {words.name(row.subject_id)}, its {row.relation},"
            f" not {words.name(row.side_subject)} itself"
        )
    if "bound" in codes:
        sentences.append(f"{label} is a {bound_word(row.qualifier)} bound, not a value")
    if "range" in codes:
        low, high = (amount(v, row.unit) for v in (row.value_low, row.value_high))
        sentences.append(f"{label} is a range, {low} to {high}")
    if "no-constant-dollars" in codes:
        year = row.currency_year if row.currency_year is not None else "unstated"
        sentences.append(
            f"{label} is in dollars of {year}, a year the price index lacks: shown nominal"
        )
    return sentences


def side_codes(pair: Any, side: str) -> set[str]:
    """The reason codes of one side's figure in ``pair`` (``a:misattributed`` -> ``misattributed``)."""
    return {r.split(":")[1] for r in pair.reasons if r.startswith(f"{side}:")}


def side_sentences(pair: Any, side: str, row: Any, words: Words) -> list[str]:
    """The reasons of one side's figure, each naming the side and its subject: ``A (DeepSeek-R1)``."""
    label = f"{side.upper()} ({words.name(row.side_subject)})"
    return figure_sentences(row, side_codes(pair, side), words, label)


def pair_sentences(pair: Any, sides: tuple[Any, Any], words: Words) -> list[str]:
    """Every reason of one pair as a sentence, the sides' own reasons first."""
    return [
        *side_sentences(pair, "a", sides[0], words),
        *side_sentences(pair, "b", sides[1], words),
        *shared_sentences(pair, sides, words),
    ]


def shared_sentences(pair: Any, sides: tuple[Any, Any], words: Words) -> list[str]:
    """The reasons about the two figures together: scope, basis, period, currency."""
    shared = {r for r in pair.reasons if ":" not in r}
    a, b = sides
    sentences = []
    if "related-scope" in shared:
        sentences.append(
            f"Both cover the same thing, costed two ways: A, the {words.scope(a.scope)};"
            f" B, the {words.scope(b.scope)}"
        )
    if "different-scope" in shared and "unspecified-scope" not in shared:
        sentences.append(
            f"They cover different things: A the {words.scope(a.scope)},"
            f" B the {words.scope(b.scope)}"
        )
    if "unspecified-scope" in shared:
        unsaid = [s.upper() for s, r in zip("ab", sides, strict=True) if r.scope == "unspecified"]
        sentences.append(
            "Neither source says what its figure covers"
            if len(unsaid) == 2
            else f"{unsaid[0]}'s source does not say what its figure covers"
        )
    return sentences + _basis_period_currency(shared, a, b)


def basis_phrase(row: Any) -> str:
    return {
        "self_reported": f"the developer's own figure ({row.claimant})",
        "third_party_estimate": f"an estimate by {row.claimant}",
        "media_report": f"a media repetition ({row.claimant})",
    }.get(row.basis, "a figure derived here")


def _basis_period_currency(shared: set[str], a: Any, b: Any) -> list[str]:
    sentences = []
    if "different-basis" in shared:
        sentences.append(f"A is {basis_phrase(a)}, B {basis_phrase(b)}")
    if "different-period" in shared:
        sentences.append(f"They span different periods: A {a.period}, B {b.period}")
    if "different-currency" in shared:
        sentences.append(
            f"They are in different currencies ({a.unit} and {b.unit}), which the ledger"
            " does not convert"
        )
    return sentences
