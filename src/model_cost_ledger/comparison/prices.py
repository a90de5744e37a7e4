"""The price in effect: what a model cost per million tokens on a date, read from the dated
price figures (``as_of``), and "unknown" (never zero) when the ledger has no price in effect."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..store.descriptor import Descriptor
from ..text.display import printable_lines
from ..validation.gate import valid_tables
from .subjects import resolve

SCOPES = {False: "api_list_price", True: "api_batch_price"}  # batch -> the scope of the price
# Among figures of one date: the developer's own before an analyst's before a media report.
BASIS_RANK = {"self_reported": 0, "third_party_estimate": 1, "media_report": 2, "derived": 3}
CONFIDENCE_RANK = {"confident": 0, "likely": 1}  # speculative figures are never in effect
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Price:
    """The answer of ``price``: the figure in effect on ``date`` (``figure``, None when the
    ledger has none), the other figures of that same date that give another price (tiers such
    as long prompts, modes such as thinking), and the dated figures considered (``history``).
    """

    subject_id: str
    subject_name: str
    metric: str
    scope: str
    currency: str
    date: str  # the day asked about, YYYY-MM-DD
    figure: pd.Series | None
    same_day: pd.DataFrame
    history: pd.DataFrame  # every candidate figure, oldest first, with its ``effective`` day
    words: dict[str, str]  # metric, scope and per in words, from the vocabularies

    @property
    def price(self) -> float | None:
        """The price per million tokens in ``currency``; None when unknown (never zero)."""
        return None if self.figure is None else float(self.figure["value"])

    @property
    def as_of(self) -> str | None:
        """The figure's ``as_of`` as recorded: YYYY-MM-DD, or YYYY-MM for a month."""
        return None if self.figure is None else str(self.figure["as_of"])

    def __str__(self) -> str:
        head = (
            f"{self.subject_name} ({self.subject_id}), {self.words['metric']},"
            f" {self.words['scope']}, on {self.date}:"
        )
        if self.figure is None:
            return printable_lines([*_wrap(head), *_wrap(self._unknown(), "  ")])
        f = self.figure
        published = f["source_published"] if pd.notna(f["source_published"]) else "undated"
        printed = (  # a derived price prints no number of its own: its formula instead
            f"  printed   {f['reported_as']}"
            if pd.notna(f["reported_as"])
            else f"  derived   = {f['derivation']}"
        )
        lines = [
            *_wrap(head),
            f"  {f['value']:g} {f['unit']} per {self.words['per']}",
            f"  figure    {f['figure_id']}",
            *_wrap(printed, hanging=" " * 12),
            f"  as of     {_as_of_words(str(f['as_of']))}",
            f"            the latest figure dated on or before {self.date}",
            f"  source    {f['source_id']} ({f['source_publisher']}, {published})",
            *_wrap(str(f["source_title"]), "            "),
            f"            {f['source_url']}",
            f"  basis     {f['basis']}, {f['confidence']}; claimant {f['claimant']}",
        ]
        for other in self.same_day.itertuples(index=False):
            lines.append(f"  also      {other.figure_id}: {other.value:g} {other.unit}")
            lines.append("            same date, another price (a tier or mode: see its notes)")
        return printable_lines(lines)

    def _unknown(self) -> str:
        if self.history.empty:
            return f"unknown: the ledger has no such price in {self.currency} at any date."
        first = self.history.iloc[0]
        return (
            f"unknown: no such price in {self.currency} is dated on or before {self.date};"
            f" the earliest is {first['figure_id']}, as of {_as_of_words(str(first['as_of']))}."
        )


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` in lines of at most 80 characters where its words allow (ids and URLs whole),
    each line after the first indented by ``hanging`` (by default ``indent``, or two spaces)."""
    return textwrap.wrap(
        text,
        width=80,
        initial_indent=indent,
        subsequent_indent=(indent or "  ") if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _as_of_words(as_of: str) -> str:
    """``2024-08-06`` as is; a month ``2024-10`` says it is read as its first day."""
    return as_of if ISO_DAY.fullmatch(as_of) else f"{as_of} (a month: read as {as_of}-01)"


def effective_day(as_of: pd.Series) -> pd.Series:
    """Each ``as_of`` as the ISO day from which the figure counts: a month ``YYYY-MM`` is read
    as its first day, ``YYYY-MM-01``; ISO days compare correctly as text."""
    text = as_of.astype("string")
    return text.where(text.str.len() == 10, text + "-01")


def asked_day(date: str | dt.date | None) -> str:
    """The day asked about as ``YYYY-MM-DD``: today when None; ``ValueError`` for anything that
    is not a real calendar day."""
    if date is None:
        return dt.date.today().isoformat()
    if isinstance(date, dt.date):
        return date.isoformat()
    if isinstance(date, str) and ISO_DAY.fullmatch(date):
        try:
            return dt.date.fromisoformat(date).isoformat()
        except ValueError:
            pass
    raise ValueError(f"date {date!r} is not a real day: give YYYY-MM-DD, e.g. 2024-09-01")


def in_effect(history: pd.DataFrame, day: str) -> tuple[pd.Series | None, pd.DataFrame]:
    """The figure of ``history`` in effect on ``day``, and the other figures of its date that
    give another price.

    The latest ``effective`` day on or before ``day`` wins; among figures of that date, the
    developer's own before an analyst's before a media report, then higher confidence, then
    the lower price (a base rate before its long-prompt tier), then the figure id.
    """
    known = history[history["effective"] <= day]
    if known.empty:
        return None, history.iloc[0:0]
    latest = known[known["effective"] == known["effective"].max()]
    ranked = latest.assign(
        _basis=latest["basis"].astype(str).map(BASIS_RANK),
        _confidence=latest["confidence"].astype(str).map(CONFIDENCE_RANK),
    ).sort_values(["_basis", "_confidence", "value", "figure_id"])
    chosen = ranked.iloc[0]
    others = ranked[ranked["value"] != chosen["value"]].drop(columns=["_basis", "_confidence"])
    return chosen.drop(["_basis", "_confidence"]), others.reset_index(drop=True)


def price_history(
    frames: dict[str, pd.DataFrame], subject_id: str, metric: str, scope: str, currency: str
) -> pd.DataFrame:
    """The current figures that can say what ``subject_id`` cost for ``metric`` in ``scope``
    and ``currency``, oldest first, with their ``effective`` day and their source's title,
    publisher, date and URL; speculative figures (the ledger doubts them) are left out."""
    figures = frames["figures"]
    chosen = figures[
        (figures["subject_id"] == subject_id)
        & (figures["metric"] == metric)
        & (figures["scope"] == scope)
        & (figures["unit"] == currency)
        & figures["retracted_in"].isna()
        & (figures["confidence"] != "speculative")
    ]
    sources = frames["sources"].set_index("source_id")
    context = {
        f"source_{column}": chosen["source_id"].map(sources[column])
        for column in ("title", "publisher", "published", "url")
    }
    return (
        chosen.assign(effective=effective_day(chosen["as_of"]), **context)
        .sort_values(["effective", "figure_id"])
        .reset_index(drop=True)
    )


def _words(frames: dict[str, pd.DataFrame], metric: str, scope: str) -> dict[str, str]:
    """The metric's name and denominator and the scope's name, from the vocabularies;
    ``ValueError`` lists the dated metrics when ``metric`` is not one of them."""
    metrics = frames["metrics"].set_index("metric")
    dated = sorted(metrics.index[metrics["dated"].fillna(False).astype(bool)])
    if metric not in dated:
        raise ValueError(f"{metric!r} is not a price metric; choose one of {', '.join(dated)}")
    scopes = frames["scopes"].set_index("scope")
    if scope not in scopes.index:
        raise ValueError(f"the vocabulary has no scope {scope!r} (scopes.csv)")
    per = metrics.at[metric, "per"]
    return {
        "metric": str(metrics.at[metric, "name"]),
        "scope": str(scopes.at[scope, "name"]),
        "per": str(per) if pd.notna(per) else "unit",
    }


def price(
    name: str,
    date: str | dt.date | None = None,
    *,
    metric: str = "api_price_input",
    batch: bool = False,
    currency: str = "USD",
    path: str | Path | None = None,
) -> Price:
    """What model ``name`` cost per million tokens on ``date``: the latest figure of ``metric``
    in the list-price scope (the batch scope with ``batch=True``) dated on or before that day.

    A figure's ``as_of`` is the day the cited page showed the price; a month (``2024-10``) is
    read as its first day, and the answer says so. Figures the ledger rates ``speculative``
    are never taken as in effect. When no figure is in effect the answer is "unknown"
    (``price`` is None), never zero.

    Parameters
    ----------
    name : str
        A subject id, name or alias, e.g. ``gpt-4o`` or ``GPT-4o``.
    date : str or datetime.date, optional
        The day, ``YYYY-MM-DD``; today by default.
    metric : str
        A dated price metric: ``api_price_input`` (default), ``api_price_output``,
        ``api_price_cached_input`` or ``api_price_cache_write``.
    batch : bool
        The batch price (scope ``api_batch_price``) instead of the list price.
    currency : str
        The unit of the price, ``USD`` by default (Mistral also prices in ``EUR``).
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Price
        The figure in effect (or None), its date, unit and source, the other figures of that
        date that give another price; ``str()`` gives the text ``model-cost-ledger price``
        prints.

    Raises
    ------
    LedgerError
        If the dataset does not validate (the message lists the problems).
    KeyError
        If no subject has that name (the message lists the closest).
    ValueError
        If ``date`` is not a real day or ``metric`` is not a price metric.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> answer = mcl.price("gpt-4o", "2024-09-01")
    >>> answer.price, answer.as_of, answer.figure["figure_id"]
    (2.5, '2024-08-06', 'gpt-4o-api-price-input-openai-2024-08-availability')
    >>> mcl.price("gpt-4o", "2023-01-01").price is None
    True
    """
    day = asked_day(date)
    frames = valid_tables(path)
    subjects = frames["subjects"]
    aliases = Descriptor.read(path).resource("subjects").field("aliases")
    subject_id = resolve(name, subjects, aliases)
    scope = SCOPES[bool(batch)]
    words = _words(frames, metric, scope)
    history = price_history(frames, subject_id, metric, scope, currency)
    figure, same_day = in_effect(history, day)
    subject_name = str(subjects.set_index("subject_id").at[subject_id, "name"])
    return Price(
        subject_id, subject_name, metric, scope, currency, day, figure, same_day, history, words
    )
