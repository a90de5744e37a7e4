"""The words a reader meets, each said in words, generated from where they are defined: scopes
and metrics from their CSV vocabularies, basis, qualifier, period and confidence from the
descriptor's enums, verdicts and reasons from ``verdicts``. A value defined there without words
here shows as such, and a test fails, so the glossary cannot drift from the data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..store.descriptor import Descriptor
from ..text.display import printable_lines
from ..text.layout import wrap
from ..validation.gate import valid_tables
from .verdicts import BASIS_WORDS, REASONS, VERDICTS

UNDESCRIBED = "(no words for this value yet)"

ENUM_WORDS: dict[str, dict[str, str]] = {  # figures field -> enum value -> words
    "basis": BASIS_WORDS,
    "qualifier": {
        "exact": "the source gives the number as it is",
        "approximately": "the source says about, roughly or an estimated",
        "at_least": "a lower bound: the source says more than, over or at least",
        "at_most": "an upper bound: the source says less than, under or at most",
        "range": "the source gives a range, from value_low to value_high",
    },
    "period": {
        "one_time": "spent or counted once (a training run)",
        "per_year": "every year",
        "cumulative": "everything up to a date",
        "unspecified": "the source does not say over what period",
    },
    "confidence": {
        "confident": "the source is primary or reliable and the number is unambiguous",
        "likely": "a reasonable reading of a good source, or a careful estimate",
        "speculative": "a leak, a rumour, a garbled repetition or a rough guess",
    },
}

VERDICT_WORDS = {
    "like_for_like": "the two figures cover the same thing on the same basis: compare them as they are",
    "caveats": "comparable once the reasons are read (related scopes, different basis, bounds, repeats)",
    "not_comparable": "the figures measure different things, or one is not what it claims to be",
}


@dataclass(frozen=True)
class Glossary:
    """The result of ``glossary``: section title -> (term, words) entries, in reading order."""

    sections: dict[str, list[tuple[str, str]]]

    def lines(self, width: int = 80) -> list[str]:
        """The glossary as lines of at most ``width`` columns: each term, its words beneath."""
        lines: list[str] = []
        for title, entries in self.sections.items():
            lines += ["", title] if lines else [title]
            for term, words in entries:
                lines += wrap(term, width, "  ")
                lines += wrap(words, width, "      ")
        return lines

    def __str__(self) -> str:
        return printable_lines(self.lines())


def _scope_entry(row: Any) -> tuple[str, str]:
    """A scope in words: its name, what it includes and excludes, what it compares with."""
    words = [f"{row.name}."]
    for label, text in (("Includes", row.includes), ("Excludes", row.excludes)):
        if isinstance(text, str):
            words.append(f"{label}: {text}")
    if isinstance(row.comparable_with, str):
        words.append(f"Compares, with caveats, with: {row.comparable_with.replace(';', ', ')}.")
    return row.scope, " ".join(words)


def glossary(path: str | Path | None = None) -> Glossary:
    """Every scope, metric, basis, qualifier, period, confidence value, verdict and compare
    reason, in words.

    Parameters
    ----------
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Glossary
        The sections and their entries; ``str()`` gives the text ``model-cost-ledger glossary``
        prints.

    Raises
    ------
    LedgerError
        If the dataset does not validate.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> dict(mcl.glossary().sections["Basis: who stands behind a figure"])["media_report"]
    'a media repetition'
    """
    frames = valid_tables(path)
    figures = Descriptor.read(path).resource("figures")
    scopes = [_scope_entry(row) for row in frames["scopes"].itertuples(index=False)]
    metrics = [
        (row.metric, f"{row.name}: {row.description}")
        for row in frames["metrics"].itertuples(index=False)
    ]
    titles = {
        "basis": "Basis: who stands behind a figure",
        "qualifier": "Qualifier: how the source states the number",
        "period": "Period: what span of time a figure covers",
        "confidence": "Confidence: how far the ledger trusts a figure",
    }
    sections = {"Scopes: what a figure covers": scopes, "Metrics: what is measured": metrics}
    for name, title in titles.items():
        words = ENUM_WORDS[name]
        enum = figures.field(name).enum or []
        sections[title] = [(value, words.get(value, UNDESCRIBED)) for value in enum]
    sections["Verdicts of compare"] = [(v, VERDICT_WORDS.get(v, UNDESCRIBED)) for v in VERDICTS]
    sections["Reasons compare gives (a: or b: says which figure)"] = list(REASONS.items())
    return Glossary(sections)
