"""A random sample of current figures with everything needed to re-check each against its
document (``model-cost-ledger audit``): anyone can repeat an audit by drawing the same seed."""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .publish.published import denormalize
from .store.descriptor import Descriptor
from .text.display import printable
from .validation.gate import valid_tables

LABEL = 10  # width of the label column; a field's text starts two spaces after it
INDENT = LABEL + 4  # "  label  "
FIELDS = (  # entry key, label in the text
    ("claim", "claim"),
    ("reported_as", "printed"),
    ("value_text", "value"),
    ("scope", "scope"),
    ("basis_text", "basis"),
    ("claimant", "claimant"),
    ("subject_text", "subject"),
    ("as_of", "as of"),
    ("hardware", "hardware"),
    ("derivation", "derivation"),
    ("source_text", "source"),
    ("source_title", "title"),
    ("source_publisher", "publisher"),
    ("source_published", "published"),
    ("source_url", "url"),
    ("archive_url", "archive"),
    ("locator", "locator"),
    ("traces_text", "traces to"),
    ("notes", "notes"),
)
OPTIONAL = {"as_of", "hardware", "derivation", "notes"}  # shown only when set
COLUMNS = (
    "figure_id",
    "subject_id",
    "metric",
    "claim",
    "reported_as",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "currency_year",
    "period",
    "hardware",
    "as_of",
    "scope",
    "basis",
    "confidence",
    "claimant",
    "derivation",
    "locator",
    "notes",
    "source_id",
    "source_title",
    "source_publisher",
    "source_kind",
    "source_tier",
    "source_url",
    "archive_url",
    "source_published",
)


@dataclass(frozen=True)
class Audit:
    """Figures drawn at random from the current ones, each with what re-checking it needs.

    ``figures`` holds one dict per figure (the columns in ``COLUMNS``, then ``traces``: the
    chain of figures it repeats, each with its source, URL and locator), in the order drawn.
    ``str()`` is the text ``model-cost-ledger audit`` prints, lines within 80 columns (a URL
    longer than a line stands whole on its own line); ``to_json()`` the ``--format json``.
    """

    version: str
    seed: int
    drawn_from: int
    figures: tuple[dict[str, Any], ...]

    def to_json(self) -> str:
        document = {
            "version": self.version,
            "seed": self.seed,
            "drawn_from": self.drawn_from,
            "figures": list(self.figures),
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def lines(self, width: int = 80) -> list[str]:
        """The audit as text lines of at most ``width`` columns (see the class)."""
        head = (
            f"audit of {len(self.figures)} figure(s) drawn from {self.drawn_from} current figures"
            f" (seed {self.seed}, model-cost-ledger {self.version}). Re-read each document at"
            " its locator and check every field below against it."
        )
        out = _words(printable(head), width)
        for number, figure in enumerate(self.figures, start=1):
            heading = f"[{number}/{len(self.figures)}] {printable(figure['figure_id'])}"
            out += ["", *(_words(heading, width) or [heading])]
            texts = _texts(figure)
            for key, label in FIELDS:
                if key == "traces_text":
                    out += _trace_lines(figure["traces"], width)
                elif texts[key] is not None or key not in OPTIONAL:
                    out += _field(label, texts[key], width)
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def sample(n: int, seed: int, path: str | Path | None = None) -> Audit:
    """``n`` current figures drawn at random with ``seed`` (the same seed draws the same figures
    from the same figures), each with its document's address and locator and its traces.

    Parameters
    ----------
    n : int
        How many figures to draw (at least 1; all of them when there are fewer).
    seed : int
        The seed of the draw.
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Audit
        The drawn figures; ``str()`` for the terminal, ``to_json()`` for machines.

    Raises
    ------
    ValueError
        If ``n`` is less than 1.
    LedgerError
        If the dataset does not validate.
    """
    if n < 1:
        raise ValueError(f"--sample must be at least 1, not {n}")
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    every = frames["figures"]
    current = denormalize(every[every["retracted_in"].isna()], frames, descriptor)
    archive = frames["sources"].set_index("source_id")["archive_url"].astype(object)
    current["archive_url"] = current["source_id"].astype(object).map(archive)
    ids = sorted(current["figure_id"].astype(str))
    drawn = draw(ids, n, seed)
    rows = current.set_index(current["figure_id"].astype(str))
    by_id = every.set_index(every["figure_id"].astype(str))
    urls = frames["sources"].set_index("source_id")["url"].astype(object)
    entries = tuple(
        {**_plain(rows.loc[figure_id]), "traces": _traces(figure_id, by_id, urls)}
        for figure_id in drawn
    )
    return Audit(descriptor.version, seed, len(ids), entries)


def draw(ids: list[str], n: int, seed: int) -> list[str]:
    """``n`` of ``ids`` (all when there are fewer) in a random order that depends only on the
    seed and the ids.

    Examples
    --------
    >>> draw(["a", "b", "c", "d"], 2, 14) == draw(["a", "b", "c", "d"], 2, 14)
    True
    """
    return random.Random(seed).sample(sorted(ids), min(n, len(ids)))


def _plain(row: pd.Series) -> dict[str, Any]:
    """The row's ``COLUMNS`` as JSON values: text, int or float, None for missing."""
    out: dict[str, Any] = {}
    for column in COLUMNS:
        value = row[column]
        if pd.isna(value):
            out[column] = None
        elif isinstance(value, str):
            out[column] = value
        elif column == "currency_year":
            out[column] = int(value)
        elif isinstance(value, int | float):
            out[column] = float(value)
        else:
            out[column] = str(value)
    return out


def _traces(figure_id: str, by_id: pd.DataFrame, urls: pd.Series) -> list[dict]:
    """The figures ``figure_id`` traces to, in order, each with its source's URL and locator
    (``by_id``: every figure by id, retracted ones too; ``urls``: source id -> URL)."""
    chain, seen = [], {figure_id}
    target = by_id.at[figure_id, "traces_to"]
    while isinstance(target, str) and target in by_id.index and target not in seen:
        seen.add(target)
        row = by_id.loc[target]
        source = str(row["source_id"])
        chain.append(
            {
                "figure_id": target,
                "reported_as": None if pd.isna(row["reported_as"]) else str(row["reported_as"]),
                "source_id": source,
                "source_url": urls.get(source),
                "locator": None if pd.isna(row["locator"]) else str(row["locator"]),
            }
        )
        target = row["traces_to"]
    return chain


def _number(value: float) -> str:
    """A stored number as it is, unrounded: ``5576000``, ``2.19``, ``3.8e+25``."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _texts(f: dict[str, Any]) -> dict[str, str | None]:
    """The text of each of ``FIELDS`` for figure ``f`` (None where it is not set)."""
    value = f"{_number(f['value'])} {f['unit']}"
    if f["qualifier"] == "range" and f["value_low"] is not None and f["value_high"] is not None:
        value += f" (range {_number(f['value_low'])} to {_number(f['value_high'])})"
    if f["currency_year"] is not None:
        value += f", {f['currency_year']} dollars"
    value += f"; {f['qualifier']}; period {f['period']}"
    return {
        **{key: f.get(key) for key, _ in FIELDS},
        "value_text": value,
        "basis_text": f"{f['basis']}, {f['confidence']}",
        "subject_text": f"{f['subject_id']}, metric {f['metric']}",
        "source_text": f"{f['source_id']} ({f['source_kind']}, {f['source_tier']})",
    }


def _words(text: str, width: int) -> list[str]:
    """``text`` wrapped at spaces only (never inside an id or a URL)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def _trace_lines(traces: list[dict], width: int) -> list[str]:
    """The figures a media report repeats, one after the other: id, source, locator, the number
    as printed there, then the source's URL on a line of its own."""
    out: list[str] = []
    for step, trace in enumerate(traces):
        said = (
            f"{trace['figure_id']} in {trace['source_id']} at {trace['locator'] or '-'}, printed"
            f" {trace['reported_as'] or '-'}"
        )
        out += _field("traces to" if step == 0 else "then", said, width)
        out += _field("", trace["source_url"], width)
    return out


def _field(label: str, text: str | None, width: int) -> list[str]:
    """``label`` and ``text`` wrapped to ``width`` at spaces only: no id or URL is cut; a word
    longer than the text column stands whole on a line of its own."""
    room = width - INDENT
    words = _words(printable(text if text is not None else "-"), room)
    out: list[str] = []
    for line in words:
        prefix = f"  {label:<{LABEL}}  " if not out else " " * INDENT
        if len(line) > room:  # one word wider than the column, e.g. a long URL
            out += [f"  {label}"] if not out and label else []
            out.append(f"    {line}")
        else:
            out.append(prefix + line)
    return out
