"""Verdicts and their reasons: what each figure is, and whether a pair compares like for like."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

import pandas as pd

from ..store.descriptor import Field

VERDICTS = ("like_for_like", "caveats", "not_comparable")
VERDICT_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


BLOCKING = {
    "different-scope",
    "unspecified-scope",
    "misattributed",
    "different-period",
    "different-currency",
}


REASONS = {  # code -> what it means; figure reasons are prefixed a: or b: in a pair
    "different-scope": "the two figures cover different things",
    "related-scope": "the two figures cover the same thing, costed two ways",
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


SCOPE_RANK = {"same": 0, "related": 1, "different": 2}


@dataclass(frozen=True)
class Others:
    """What a figure's own reasons need to know of the other figures."""

    traced: dict[str, tuple[Any, Any]]  # figure id -> its (subject_id, qualifier), every figure
    primary: set[tuple[Any, Any]]  # (subject_id, metric) of each current non-media figure

    @classmethod
    def of(cls, figures: pd.DataFrame, current: pd.DataFrame) -> Others:
        """From every figure row and the current ones."""
        ids, subjects, qualifiers = (
            figures[c].tolist() for c in ("figure_id", "subject_id", "qualifier")
        )
        primary = current.loc[current["basis"] != "media_report", ["subject_id", "metric"]]
        return cls(
            dict(zip(ids, zip(subjects, qualifiers, strict=True), strict=True)),
            set(zip(primary["subject_id"].tolist(), primary["metric"].tolist(), strict=True)),
        )


def figure_reasons(row: Any, others: Others, is_money: bool) -> Iterator[str]:
    """The reason codes about one figure on its own (see ``REASONS``)."""
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
    traced = others.traced.get(row.traces_to) if isinstance(row.traces_to, str) else None
    if traced is not None:
        subject_id, qualifier = traced
        if subject_id != row.subject_id:
            yield "misattributed"
            if (row.subject_id, row.metric) in others.primary:
                yield "own-figure-differs"
        if qualifier in ("at_least", "at_most") and row.qualifier not in (
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
    "unconverted",  # sides whose money could not be put in the other's dollars
    "scope_rank",
    "secondary",
    "indirect",
    "confidence_rank",
    "recency",
]


@dataclass(frozen=True)
class Vocabulary:
    """What a verdict needs from the vocabularies: related scopes and the order of confidence."""

    scopes: pd.DataFrame  # indexed by scope
    comparable_with: Field
    confidence: list[str]  # the enum, most confident first

    @cached_property
    def confidence_rank(self) -> dict[str, int]:
        """Each confidence -> its place in the enum, most confident first."""
        return {confidence: rank for rank, confidence in enumerate(self.confidence)}

    @cached_property
    def judged(self) -> dict[tuple[Any, ...], Judgement]:
        """The judgements made so far, by what they read of the two figures (``judgement``)."""
        return {}

    @cached_property
    def related_scopes(self) -> dict[str, set[str]]:
        """Each scope -> the scopes its ``comparable_with`` names (read once, not per pair)."""
        column = self.scopes["comparable_with"]
        return {
            scope: set(self.comparable_with.items(value))
            for scope, value in zip(column.index, column.tolist(), strict=True)
        }


def _pair_reasons(x: Any, y: Any, vocabulary: Vocabulary) -> tuple[list[str], str]:
    """The reasons a pair is not like for like, and how its scopes relate."""
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
        related = y.scope in vocabulary.related_scopes[x.scope]
        scope_relation = "related" if related else "different"
        reasons.append("related-scope" if scope_relation == "related" else "different-scope")
    if "unspecified" in (x.scope, y.scope):
        reasons.append("unspecified-scope")
    if x.basis != y.basis:
        reasons.append("different-basis")
    if x.period != y.period and "unspecified" not in (x.period, y.period):
        reasons.append("different-period")
    if x.unit != y.unit:  # only money metrics allow more than one unit: their currencies
        reasons.append("different-currency")
    return reasons, scope_relation


JUDGED = attrgetter("figure_reasons", "scope", "basis", "period", "unit", "currency_year")


@dataclass(frozen=True)
class Judgement:
    """A pair's verdict, its reasons, and what ranks it besides the figures' own ranks."""

    verdict: str
    reasons: tuple[str, ...]
    unconverted: int  # sides whose money could not be put in the other's dollars
    scope_rank: int


def judgement(x: Any, y: Any, vocabulary: Vocabulary) -> Judgement:
    """The verdict on figure rows ``x`` (side a) and ``y`` (side b). It reads only the fields
    ``JUDGED`` of each, which few distinct figures differ in: a judgement is made once for each
    distinct pair of them and reused (the web explorer judges every pair of subjects)."""
    key = (*JUDGED(x), *JUDGED(y))
    found = vocabulary.judged.get(key)
    if found is None:
        reasons, scope_relation = _pair_reasons(x, y, vocabulary)
        codes = {reason.rpartition(":")[2] for reason in reasons}
        verdict = "not_comparable" if codes & BLOCKING else "caveats" if codes else "like_for_like"
        unconverted = ("a:no-constant-dollars" in reasons) + ("b:no-constant-dollars" in reasons)
        found = Judgement(verdict, tuple(reasons), unconverted, SCOPE_RANK[scope_relation])
        vocabulary.judged[key] = found
    return found


def pair(x: Any, y: Any, vocabulary: Vocabulary) -> list[Any]:
    """One row of ``PAIR_COLUMNS`` for figure rows ``x`` (side a) and ``y`` (side b)."""
    judged = judgement(x, y, vocabulary)
    if x.constant == x.constant and y.constant == y.constant:
        ratio = float(x.constant) / float(y.constant)
    elif x.unit == y.unit and not judged.unconverted:  # same currency and year, or not money
        ratio = float(x.value) / float(y.value)
    else:  # dollars of different years that cannot be converted: no honest ratio
        ratio = float("nan")
    secondary = int(x.basis == "media_report") + int(y.basis == "media_report")
    indirect = int(x.relation != "self") + int(y.relation != "self")
    rank = vocabulary.confidence_rank
    confidence = rank[x.confidence] + rank[y.confidence]
    dates = [str(p) for p in (x.published, y.published) if isinstance(p, str)]
    recency = max(dates) if dates else ""
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
        judged.verdict,
        judged.reasons,
        x.source_id == y.source_id,
        VERDICT_RANK[judged.verdict],
        judged.unconverted,
        judged.scope_rank,
        secondary,
        indirect,
        confidence,
        recency,
    ]
