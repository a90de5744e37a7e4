"""Honest comparisons: two subjects' figures side by side, each pairing with a verdict and its
reasons, in constant dollars.

Verdicts: ``like_for_like`` (same scope, basis, period and currency, both values),
``caveats`` (comparable once the reasons are read: related scopes such as rental vs amortized
pricing of the same final run, different basis, bounds, media repetition, a related subject),
``not_comparable`` (different or unspecified scope, a figure that traces to another subject,
different periods or currencies).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ..store.descriptor import Descriptor
from ..validation.gate import valid_tables
from .pairing import Pairing
from .render import render
from .subjects import resolve
from .verdicts import PAIR_COLUMNS
from .words import Words


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
    words: Words = field(default_factory=Words, repr=False)  # names for the text form

    @cached_property
    def side_rows(self) -> dict[tuple[str, str], Any]:
        """Each figure considered as a row (attributes named as ``figures``' columns), by
        (``side_subject``, ``figure_id``): the text form reads each pair's two rows."""
        return {
            (row.side_subject, row.figure_id): row for row in self.figures.itertuples(index=False)
        }

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

    def render(self, width: int = 80) -> str:
        """The text form within ``width`` columns: the answer first, then the table of pairs."""
        return render(self, width=width)

    def __str__(self) -> str:
        return render(self)


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

    Parameters
    ----------
    a, b : str
        The two subjects: ids, names or aliases.
    metric : str
        A metric of the vocabulary (``metrics.csv``), ``training_cost`` by default.
    year : int, optional
        The dollar year to convert money to; the latest year of the price index by default.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Comparison
        Every pair with its verdict and reasons (``pairs``), the figures considered, the subjects
        without a figure of their own, and the text form as ``str(result)``.

    Raises
    ------
    LedgerError
        If the dataset does not validate (the message lists the problems).
    KeyError
        If a subject is unknown (the message lists the closest names).
    ValueError
        If the metric is unknown, the price index has no value for ``year``, or ``a`` and
        ``b`` name the same subject.

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
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    subjects = frames["subjects"]
    aliases = descriptor.resource("subjects").field("aliases")
    a_id, b_id = resolve(a, subjects, aliases), resolve(b, subjects, aliases)
    if a_id == b_id:
        raise ValueError(
            f"{a!r} and {b!r} both name the subject {a_id}: compare needs two different subjects"
        )
    pairing = Pairing(frames, descriptor, metric, year)
    left, right = pairing.side_rows(a_id), pairing.side_rows(b_id)
    missing = {
        subject_id: has
        for subject_id, side in ((a_id, left), (b_id, right))
        if (has := pairing.missing(subject_id, side)) is not None
    }
    pairs = pd.DataFrame(pairing.ranked(left, right), columns=PAIR_COLUMNS)
    table = pairing.frame(left + right)
    figures = frames["figures"]
    catalog = figures[figures["retracted_in"].isna()].set_index("figure_id", drop=False)
    metric_row = frames["metrics"].set_index("metric").loc[metric]
    words = _words(frames, metric_row, catalog, figures.set_index("figure_id", drop=False))
    return Comparison(
        a_id, b_id, metric, pairing.year, pairs, table, missing, pairing.index_note, catalog, words
    )


def _words(
    frames: dict[str, pd.DataFrame], metric: pd.Series, catalog: pd.DataFrame, every: pd.DataFrame
) -> Words:
    """What the text form needs: subject and scope names, the metric's name, kind and ``per``."""
    subjects, scopes = frames["subjects"], frames["scopes"]
    return Words(
        dict(zip(subjects["subject_id"], subjects["name"], strict=True)),
        dict(zip(scopes["scope"], scopes["name"], strict=True)),
        str(metric["name"]),
        metric["kind"] == "money",
        "" if pd.isna(metric["per"]) else str(metric["per"]),
        catalog,
        every,
    )
