"""``reported_as`` reads back, in the source's language, as the row's value, qualifier and unit."""

from __future__ import annotations

import math
from collections import namedtuple
from functools import lru_cache

from ..problems import Problem
from ..text.reported import SCALE_WORDS, Reported, ReportedNumberError, parse_reported


def reported_numbers_agree(tables):
    """``reported_as`` parses in the source's language and agrees with value, qualifier and unit."""
    figures, sources = tables["figures"], tables["sources"]
    needed = (
        "reported_as",
        "value",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "metric",
        "source_id",
    )
    if not figures.has(*needed) or not sources.has("source_id", "language"):
        return
    languages = sources.typed.set_index("source_id")["language"]
    languages = languages[~languages.index.duplicated()]
    metrics = (
        tables["metrics"].typed.set_index("metric")
        if tables["metrics"].has("metric", "kind", "per")
        else None
    )
    f = figures.typed
    present = f["reported_as"].notna()
    rows = f.loc[present, list(needed)].assign(
        language=f.loc[present, "source_id"].map(languages), row_id=figures.ids[present]
    )
    pers = metrics["per"].dropna().to_dict() if metrics is not None else {}
    columns = {name: rows[name].astype(object).tolist() for name in rows.columns}
    Row = namedtuple("Row", list(columns))
    for values in zip(*columns.values(), strict=True):
        row = Row(*values)
        language_code = row.language if isinstance(row.language, str) else "en"
        for field, code, message in disagreements(row, language_code, pers.get(row.metric)):
            yield Problem("figures", row.row_id, field, code, message)


RULES = (reported_numbers_agree,)
COMPATIBLE_QUALIFIERS = {  # printed qualifier -> qualifiers a row may state for it
    "exact": {"exact", "approximately"},
    "approximately": {"approximately"},
    "at_least": {"at_least"},
    "at_most": {"at_most"},
    "range": {"range"},
}


def _denominator(per: str | None) -> float | None:
    """The amount a metric's denominator counts: ``million tokens`` -> 1e6; None when it is not
    a counted amount (``accelerator-hour``)."""
    first = per.split()[0].lower() if per else ""
    return next((factor for word, factor in SCALE_WORDS.items() if word.lower() == first), None)


@lru_cache(maxsize=65536)
def _parse_cached(text: str, language: str) -> Reported:
    return parse_reported(text, language)


def disagreements(row, language: str, metric_per: str | None = None) -> list[tuple[str, str, str]]:
    """Where a figure row disagrees with its ``reported_as``: ``(field, code, message)`` triples.

    ``row`` has ``reported_as``, ``value``, ``value_low``, ``value_high``, ``qualifier`` and
    ``unit``. A printed denominator (``/ 1K tokens``) is converted to the metric's (``million
    tokens``) before comparing.
    """
    try:
        printed = _parse_cached(row.reported_as, language)
    except ReportedNumberError as error:
        return [("reported_as", "reported-as-unreadable", str(error))]
    found = []
    metric_amount = _denominator(metric_per)
    factor = metric_amount / printed.per if printed.per and metric_amount else 1.0
    where = f"{row.reported_as!r} read in language {language!r}"
    if printed.qualifier == "range":
        for field, printed_end, stated in (
            ("value_low", printed.low, row.value_low),
            ("value_high", printed.high, row.value_high),
        ):
            if pd_missing(stated) or not printed.agrees_with(stated, printed_end * factor):
                found.append(
                    (
                        field,
                        "reported-as-mismatch",
                        f"{where} gives {printed_end * factor:g} for {field}; the row says {stated}",
                    )
                )
    elif not pd_missing(row.value) and not printed.agrees_with(
        row.value, printed.value * factor, exact=str(row.qualifier) == "exact"
    ):
        found.append(
            (
                "value",
                "reported-as-mismatch",
                f"{where} is {printed.value * factor:g} (printed to ±{printed.precision * factor:g}); the row's value is {row.value:g}",
            )
        )
    qualifier = str(row.qualifier)
    if qualifier not in COMPATIBLE_QUALIFIERS[printed.qualifier]:
        found.append(
            (
                "qualifier",
                "reported-as-qualifier-mismatch",
                f"{where} is stated as {printed.qualifier}; the row says {qualifier}",
            )
        )
    if printed.currency and not pd_missing(row.unit) and printed.currency != row.unit:
        found.append(
            (
                "unit",
                "reported-as-currency-mismatch",
                f"{where} is in {printed.currency}; the row's unit is {row.unit}",
            )
        )
    return found


def pd_missing(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "nan", "NaT")
    )
