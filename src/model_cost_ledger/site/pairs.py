"""``compare``'s pairs for every two subjects, for the comparison page: one script per subject A
(``compare/<subject_id>.js``) holding, for each subject B, the pairs ``compare A B`` lists, ranked
as it ranks them, with their verdicts and reasons. The pairs come from the same ``Pairing`` that
``compare`` uses; a script is loaded only when its subject is picked (a ``<script>`` element, so
it works from ``file://``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..comparison.pairing import Pairing
from ..comparison.render import missing_sentence, title_tail
from ..comparison.verdicts import PAIR_COLUMNS
from ..comparison.words import VERDICT_WORDS, Words
from ..store.descriptor import Descriptor
from .answers import embedded, is_shown

METRIC = "training_cost"  # the page compares what the home page's question is about
LISTED = [  # where a pair row holds what the page lists of it
    PAIR_COLUMNS.index(name)
    for name in (
        "a_figure_id",
        "a_reported_as",
        "b_figure_id",
        "b_reported_as",
        "verdict",
        "reasons",
        "same_source",
    )
]
SHARED = "compare/shared_figures.js"  # what the subjects' scripts number (no subject id has _)


@dataclass
class EveryPair:
    """What the comparison page needs for any two subjects: the title after "A vs B", the
    sentence for each subject with no figure of its own, the subjects with figures to pair, and
    the script of each (by its path in the site)."""

    tail: str
    missing: dict[str, str]
    paired: list[str]
    scripts: dict[str, str] = field(default_factory=dict)


class _Numbered:
    """Distinct values, each numbered in the order first seen (a script names each once)."""

    def __init__(self) -> None:
        self.values: dict[Any, int] = {}

    def of(self, value: Any) -> int:
        return self.values.setdefault(value, len(self.values))

    def listed(self) -> list[Any]:
        return [list(value) for value in self.values]


def every_pair(frames: dict[str, pd.DataFrame], descriptor: Descriptor) -> EveryPair:
    """The pairs of ``compare A B`` (``METRIC``, the index's latest dollars) for every two
    subjects A and B that both have figures to pair."""
    pairing = Pairing(frames, descriptor, METRIC)
    subjects, metrics = frames["subjects"], frames["metrics"].set_index("metric")
    words = Words(
        names=dict(zip(subjects["subject_id"], subjects["name"], strict=True)),
        metric_name=str(metrics.at[METRIC, "name"]),
        money=metrics.at[METRIC, "kind"] == "money",
    )
    sides = {subject_id: pairing.side_rows(subject_id) for subject_id in sorted(words.names)}
    missing = {
        subject_id: missing_sentence(words, subject_id, METRIC, has)
        for subject_id, rows in sides.items()
        if (has := pairing.missing(subject_id, rows)) is not None
    }
    paired = {subject_id: rows for subject_id, rows in sides.items() if rows}
    figures, verdicts = _Numbered(), _Numbered()
    found = EveryPair(title_tail(words, METRIC, pairing.index_note), missing, list(paired))
    for a, left in paired.items():
        pairs = {
            b: _listed(pairing.ranked(left, right), figures, verdicts)
            for b, right in paired.items()
            if b != a
        }
        found.scripts[f"compare/{a}.js"] = f"mclPairs({embedded({'a': a, 'pairs': pairs})});\n"
    shared = {"figures": figures.listed(), "verdicts": verdicts.listed()}
    found.scripts[SHARED] = f"mclPairs({embedded(shared)});\n"
    return found


def _listed(ranked: list[list[Any]], figures: _Numbered, verdicts: _Numbered) -> list[list[int]]:
    """The pairs the page shows (``is_shown``), each as its number and the numbers of its two
    figures (id, as printed) and of its verdict (in words, with the reasons)."""
    a_id, a_as, b_id, b_as, verdict, reasons, same_source = LISTED
    figure_number, verdict_number = figures.of, verdicts.of
    return [
        [
            number,
            figure_number((row[a_id], row[a_as] or "")),
            figure_number((row[b_id], row[b_as] or "")),
            verdict_number((VERDICT_WORDS[row[verdict]], row[reasons])),
        ]
        for number, row in enumerate(ranked, 1)
        if is_shown(number, row[same_source])
    ]
