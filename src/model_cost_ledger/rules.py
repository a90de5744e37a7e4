"""Every validation rule, vectorized over whole tables, reporting ``Problem`` s all at once.

Two families: schema rules, driven entirely by ``datapackage.json`` (types, required, unique,
enum, pattern, ranges, lengths, foreign keys, clean text), and ledger rules, which read the
vocabulary tables (allowed units, plausible ranges) and the relations between rows (ranges,
citation chains, corrections, derivations, reported numbers).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import unicodedata
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import pandas as pd

from . import arithmetic, canonical, history, numbers
from .problems import Problem
from .reading import RawTable, read_raw, typed_frame
from .schema import Descriptor, Field, Resource

CONTROL = r"[\x00-\x1f\x7f-\x9f]"
# literal characters rather than backslash-u escapes, so that pyarrow's RE2 engine runs these patterns
BIDI = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
ZERO_WIDTH = "[\u200b-\u200d\u2060\ufeff]"
FORMULA_START = r"^[=+\-@]"
DERIVED_TOLERANCE = 1e-6  # relative difference allowed between a derived value and its derivation


@dataclass
class Table:
    """A table under validation: its raw text, typed values and row ids."""

    resource: Resource
    raw: RawTable
    typed: pd.DataFrame
    ids: pd.Series
    cache: dict = dataclass_field(
        default_factory=dict
    )  # values several rules derive from this table

    @property
    def name(self) -> str:
        return self.resource.name

    def has(self, *columns: str) -> bool:
        return all(column in self.typed.columns for column in columns)

    def text(self, column: str) -> pd.Series:
        return self.raw.frame[column]

    def problems(self, mask: pd.Series, field: str, code: str, messages) -> Iterator[Problem]:
        """One problem per row where ``mask`` is true. ``messages`` is one string, a Series with
        one per row, or a pair ``(values, function)``: the function makes the message from the
        row's value, and runs only on the rows that have a problem."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        if isinstance(messages, str):
            texts = [messages] * int(mask.sum())
        elif isinstance(messages, tuple):
            values, function = messages
            texts = [function(value) for value in values[mask].astype(object)]
        else:
            texts = list(messages[mask])
        for row_id, message in zip(self.ids[mask], texts, strict=True):
            yield Problem(self.name, row_id, field, code, message)


def validate(path: str | Path | None = None) -> list[Problem]:
    """Check a dataset directory (the shipped one by default) and return every problem, sorted.

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> mcl.validate()
    []
    """
    tables, problems = schema_checked_tables(path)
    problems += foreign_key_problems(tables)
    for rule in LEDGER_RULES:
        problems += rule(tables)
    return sorted(set(problems))


def schema_checked_tables(path: str | Path | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Every table read and typed, with the problems of the files and of the schema rules."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for resource in Descriptor.read(path).resources.values():
        raw = read_raw(path, resource)
        typed, type_problems = typed_frame(raw)
        table = Table(resource, raw, typed, raw.row_ids)
        tables[resource.name] = table
        problems += raw.problems + type_problems + schema_problems(table)
    return tables, problems


# --- schema rules ------------------------------------------------------------------------------


def schema_problems(table: Table) -> list[Problem]:
    problems: list[Problem] = []
    for column in table.resource.fields:
        if column.name not in table.raw.frame.columns:
            continue
        text = table.text(column.name)
        present = text.ne("")
        problems += _constraint_problems(table, column, text, present)
        if column.is_text:
            problems += _clean_text_problems(table, column.name, text, present)
    problems += _key_problems(table)
    return problems


def _constraint_problems(
    table: Table, column: Field, text: pd.Series, present: pd.Series
) -> Iterable[Problem]:
    rules = column.constraints
    name = column.name
    if rules.get("required"):
        yield from table.problems(
            ~present, name, "missing-value", f"is empty; required: {column.description}"
        )
    if "enum" in rules:
        allowed = ", ".join(rules["enum"])
        bad = present & ~isin(text, rules["enum"])
        yield from table.problems(
            bad, name, "not-in-enum", (text, lambda v: f"{v!r} is not one of: {allowed}")
        )
    if "pattern" in rules:
        bad = present & ~text.str.fullmatch(rules["pattern"]).fillna(False)
        yield from table.problems(
            bad,
            name,
            "pattern-mismatch",
            (text, lambda v: f"{v!r} does not match {rules['pattern']} ({column.description})"),
        )
    if "maxLength" in rules:
        limit = rules["maxLength"]
        bad = text.str.len() > limit
        yield from table.problems(
            bad,
            name,
            "too-long",
            (text, lambda v: f"has {len(v)} characters; at most {limit} allowed"),
        )
    if column.properties.get("x-partial-date"):
        shaped = present & text.str.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?").fillna(False)
        full = text.where(text.str.len() == 10, text + "-01")
        real = pd.to_datetime(full.where(shaped), format="%Y-%m-%d", errors="coerce").notna()
        yield from table.problems(
            shaped & ~real,
            name,
            "invalid-date",
            (text, lambda v: f"{v!r} is not a real date (YYYY-MM-DD or YYYY-MM)"),
        )
    typed = table.typed[name]
    for key, code, compare in (
        ("minimum", "below-minimum", lambda v, limit: v < limit),
        ("exclusiveMinimum", "below-minimum", lambda v, limit: v <= limit),
        ("maximum", "above-maximum", lambda v, limit: v > limit),
    ):
        if key in rules:
            limit = rules[key]
            bad = compare(typed, limit).fillna(False).astype(bool)
            relation = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<="}[key]
            yield from table.problems(
                bad,
                name,
                code,
                (
                    text,
                    lambda v, r=relation, lim=limit: f"{v} is out of range; must be {r} {lim:g}",
                ),
            )


def _clean_text_problems(
    table: Table, name: str, text: pd.Series, present: pd.Series
) -> Iterable[Problem]:
    checks = (
        (
            "control-character",
            CONTROL,
            "contains a control character (tab, newline or other); remove it",
        ),
        ("bidi-character", BIDI, "contains a bidirectional-override character; remove it"),
        ("zero-width-character", ZERO_WIDTH, "contains a zero-width character; remove it"),
        (
            "formula-prefix",
            FORMULA_START,
            "starts with = + - or @, which spreadsheets run as a formula; reword it",
        ),
    )
    suspicious = present & text.str.contains(
        "|".join(pattern for _, pattern, _ in checks), regex=True
    ).fillna(False)
    for code, pattern, message in checks if suspicious.any() else ():
        bad = suspicious & text.str.contains(pattern, regex=True).fillna(False)
        yield from table.problems(bad, name, code, (text, lambda v, m=message: f"{v[:40]!r} {m}"))
    padded = present & text.ne(text.str.strip())
    yield from table.problems(
        padded,
        name,
        "surrounding-whitespace",
        (text, lambda v: f"{v[:40]!r} has leading or trailing white space; strip it"),
    )
    non_ascii = present & ~text.str.isascii().fillna(True)
    if non_ascii.any():
        suspects = text[non_ascii]
        not_nfc = pd.Series(False, index=text.index)
        not_nfc[suspects.index] = [not unicodedata.is_normalized("NFC", v) for v in suspects]
        yield from table.problems(
            not_nfc,
            name,
            "not-nfc",
            (text, lambda v: f"{v[:40]!r} is not in Unicode NFC form; normalize it"),
        )


def _key_problems(table: Table) -> Iterable[Problem]:
    keys = [name for name in table.resource.primary_key if name in table.raw.frame.columns]
    if len(keys) != len(table.resource.primary_key):
        return
    frame = table.raw.frame[keys]
    complete = frame.ne("").all(axis=1)
    duplicated = complete & frame.duplicated(keep="first")
    counts = (
        frame.groupby(keys).transform("size")
        if len(keys) > 1
        else frame[keys[0]].map(frame[keys[0]].value_counts())
    )
    if isinstance(counts, pd.DataFrame):
        counts = counts.iloc[:, 0]
    yield from table.problems(
        duplicated,
        keys[-1],
        "duplicate-key",
        (
            counts,
            lambda n: (
                f"the key {'+'.join(keys)} appears {n} times; ids must be unique and are never reused"
            ),
        ),
    )


def foreign_key_problems(tables: dict[str, Table]) -> list[Problem]:
    problems: list[Problem] = []
    for table in tables.values():
        for key in table.resource.foreign_keys:
            (child,), (parent,) = key.fields, key.reference_fields
            target = tables[key.resource]
            if child not in table.raw.frame.columns or parent not in target.raw.frame.columns:
                continue
            known = set(target.text(parent)) - {""}
            values = table.text(child)
            bad = values.ne("") & ~isin(values, known)
            messages = (
                values,
                lambda v, k=known, t=target.name, p=parent: _unknown(v, k, f"a {p} in {t}.csv"),
            )
            problems += table.problems(bad, child, "foreign-key", messages)
    return problems


def _unknown(value: str, known: set[str], what: str) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3)
    hint = f"; closest: {', '.join(close)}" if close else ""
    listing = f"; known: {', '.join(sorted(known))}" if len(known) <= 15 else ""
    return f"{value!r} is not {what}{hint or listing}"


# --- ledger rules ------------------------------------------------------------------------------

LedgerRule = Callable[[dict[str, Table]], Iterable[Problem]]
LEDGER_RULES: list[LedgerRule] = []


def ledger_rule(function: LedgerRule) -> LedgerRule:
    LEDGER_RULES.append(function)
    return function


def _vocabulary(tables: dict[str, Table], name: str, key: str) -> pd.DataFrame:
    return tables[name].typed.set_index(key)


@ledger_rule
def unit_allowed_by_metric(tables):
    figures = tables["figures"]
    if not figures.has("metric", "unit") or not tables["metrics"].has("metric", "units"):
        return
    allowed = _vocabulary(tables, "metrics", "metric")["units"].dropna().str.split(";")
    pairs = {f"{metric}\t{unit}" for metric, units in allowed.items() for unit in units}
    metric, unit = figures.typed["metric"].astype(object), figures.typed["unit"]
    known_metric = metric.isin(list(allowed.index))
    bad = (
        known_metric
        & unit.notna()
        & ~isin(metric.astype(str) + "\t" + unit.astype(object).fillna("").astype(str), pairs)
    )
    yield from figures.problems(
        bad,
        "unit",
        "unit-not-allowed",
        (
            metric + "\t" + unit.astype(object).fillna(""),
            lambda key: (
                f"{key.split(chr(9))[1]!r} is not a unit of {key.split(chr(9))[0]}; allowed: {', '.join(allowed[key.split(chr(9))[0]])}"
            ),
        ),
    )


@ledger_rule
def value_plausible_for_metric(tables):
    figures = tables["figures"]
    if not figures.has("metric", "value") or not tables["metrics"].has(
        "metric", "minimum", "maximum"
    ):
        return
    metrics = _vocabulary(tables, "metrics", "metric")
    low = figures.typed["metric"].map(metrics["minimum"]).astype("Float64")
    high = figures.typed["metric"].map(metrics["maximum"]).astype("Float64")
    for column in ("value", "value_low", "value_high"):
        if not figures.has(column):
            continue
        value = figures.typed[column]
        bad = ((value < low) | (value > high)).fillna(False).astype(bool)
        flagged = pd.DataFrame({"v": value, "m": figures.typed["metric"], "lo": low, "hi": high})[
            bad
        ]
        messages = pd.Series("", index=value.index, dtype=object)
        messages[bad] = [
            f"{v:g} is outside the plausible range of {m} ({lo:g} to {hi:g}); check the unit and the scale"
            for v, m, lo, hi in flagged.itertuples(index=False)
        ]
        yield from figures.problems(bad, column, "implausible-value", messages)


@ledger_rule
def range_consistent_with_qualifier(tables):
    figures = tables["figures"]
    if not figures.has("qualifier", "value", "value_low", "value_high"):
        return
    f = figures.typed
    is_range = f["qualifier"].eq("range").fillna(False)
    has_low, has_high = f["value_low"].notna(), f["value_high"].notna()
    yield from figures.problems(
        is_range & ~has_low,
        "value_low",
        "range-incomplete",
        "qualifier is 'range' but value_low is empty; give both ends",
    )
    yield from figures.problems(
        is_range & ~has_high,
        "value_high",
        "range-incomplete",
        "qualifier is 'range' but value_high is empty; give both ends",
    )
    yield from figures.problems(
        ~is_range & (has_low | has_high),
        "qualifier",
        "range-unexpected",
        "value_low/value_high are set but qualifier is not 'range'; set qualifier to 'range' or clear them",
    )
    order = (
        is_range
        & has_low
        & has_high
        & ~(
            (f["value_low"] <= f["value"])
            & (f["value"] <= f["value_high"])
            & (f["value_low"] < f["value_high"])
        ).fillna(False)
    )
    messages = pd.Series(
        [
            f"need value_low < value_high and value_low <= value <= value_high; got {lo} <= {v} <= {hi}"
            for lo, v, hi in zip(f["value_low"], f["value"], f["value_high"], strict=True)
        ],
        index=f.index,
    )
    yield from figures.problems(order, "value", "range-order", messages)


@ledger_rule
def currency_year_for_money(tables):
    figures = tables["figures"]
    if not figures.has("metric", "currency_year") or not tables["metrics"].has("metric", "kind"):
        return
    kind = figures.typed["metric"].map(_vocabulary(tables, "metrics", "metric")["kind"])
    year = figures.typed["currency_year"]
    yield from figures.problems(
        kind.eq("money") & year.isna(),
        "currency_year",
        "currency-year-missing",
        "money figures need currency_year, the year of the money",
    )
    yield from figures.problems(
        kind.eq("quantity") & year.notna(),
        "currency_year",
        "currency-year-unexpected",
        "currency_year is only for money metrics; clear it",
    )


@ledger_rule
def dated_metrics_have_as_of(tables):
    figures = tables["figures"]
    if not figures.has("metric", "as_of") or not tables["metrics"].has("metric", "dated"):
        return
    dated = (
        figures.typed["metric"]
        .map(_vocabulary(tables, "metrics", "metric")["dated"])
        .fillna(False)
        .astype(bool)
    )
    yield from figures.problems(
        dated & figures.typed["as_of"].isna(),
        "as_of",
        "as-of-missing",
        "this metric changes over time (e.g. prices): give as_of, the date the figure took effect",
    )


@ledger_rule
def provenance_present(tables):
    figures = tables["figures"]
    if not figures.has("basis", "reported_as", "locator", "derivation"):
        return
    f = figures.typed
    derived = f["basis"].eq("derived").fillna(False)
    yield from figures.problems(
        ~derived & f["reported_as"].isna(),
        "reported_as",
        "reported-as-missing",
        "give the number exactly as printed in the source",
    )
    yield from figures.problems(
        ~derived & f["locator"].isna(),
        "locator",
        "locator-missing",
        "say where in the source the number is printed (table, section, page, paragraph)",
    )
    yield from figures.problems(
        derived & f["derivation"].isna(),
        "derivation",
        "derivation-missing",
        "basis is 'derived' but no derivation is given",
    )
    yield from figures.problems(
        ~derived & f["derivation"].notna(),
        "derivation",
        "derivation-unexpected",
        "a derivation is only for basis 'derived'",
    )


@ledger_rule
def published_before_accessed(tables):
    sources = tables["sources"]
    if not sources.has("published", "accessed"):
        return
    published = pd.to_datetime(
        sources.typed["published"].str.slice(0, 7) + "-01", format="%Y-%m-%d", errors="coerce"
    )
    full = pd.to_datetime(sources.typed["published"], format="%Y-%m-%d", errors="coerce")
    published = full.fillna(published)
    accessed = sources.typed["accessed"]
    bad = (published > accessed).fillna(False)
    messages = (
        sources.typed["published"].astype(object)
        + " is after accessed "
        + accessed.dt.strftime("%Y-%m-%d").astype(object)
    )
    yield from sources.problems(bad, "published", "published-after-accessed", messages.fillna(""))


def _cycles(edges: dict[str, list[str]]) -> set[str]:
    """Nodes that lie on a cycle of the directed graph ``edges``."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in edges:
        if start in state:
            continue
        stack = [(start, iter(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                on_cycle.update(path[path.index(child) :])
            elif child not in state and child in edges:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    return on_cycle


@ledger_rule
def citation_chains(tables):
    sources = tables["sources"]
    if not sources.has("source_id", "cites"):
        return
    ids = sources.typed["source_id"]
    known = set(ids.dropna())
    cites = sources.typed["cites"].fillna("").str.split(";")
    edges: dict[str, list[str]] = {}
    for row_id, source_id, cited in zip(sources.ids, ids, cites, strict=True):
        cited = [c for c in cited if c]
        if pd.notna(source_id):
            edges[source_id] = [c for c in cited if c in known and c != source_id]
        for item in cited:
            if item == source_id:
                yield Problem("sources", row_id, "cites", "cites-self", f"{item!r} cites itself")
            elif item not in known:
                yield Problem(
                    "sources",
                    row_id,
                    "cites",
                    "foreign-key",
                    _unknown(item, known, "a source_id in sources.csv"),
                )
    for source_id in sorted(_cycles(edges)):
        yield Problem(
            "sources",
            source_id,
            "cites",
            "cites-cycle",
            f"{source_id!r} is part of a citation cycle; a document cannot rely on one that relies on it",
        )


@ledger_rule
def subject_hierarchy(tables):
    subjects = tables["subjects"]
    if not subjects.has("subject_id", "kind", "organization", "parent"):
        return
    s = subjects.typed
    kinds = dict(zip(s["subject_id"], s["kind"], strict=True))
    org_kind = s["organization"].map(kinds)
    bad = s["organization"].notna() & org_kind.notna() & org_kind.ne("organization")
    yield from subjects.problems(
        bad,
        "organization",
        "organization-kind",
        (
            s["organization"].astype(object),
            lambda v: f"{v!r} is a {kinds.get(v)}, not an organization",
        ),
    )
    edges = {
        k: [p]
        for k, p in zip(s["subject_id"], s["parent"], strict=True)
        if pd.notna(k) and pd.notna(p)
    }
    for subject_id in sorted(_cycles(edges)):
        yield Problem(
            "subjects",
            subject_id,
            "parent",
            "parent-cycle",
            f"{subject_id!r} is its own ancestor through parent",
        )


@ledger_rule
def corrections_chain(tables):
    """Released rows are corrected, never edited: the old row names its successor and a release."""
    figures = tables["figures"]
    if not figures.has("figure_id", "added_in", "retracted_in", "superseded_by"):
        return
    f = figures.typed
    added, retracted, successor = f["added_in"], f["retracted_in"], f["superseded_by"]
    yield from figures.problems(
        successor.eq(f["figure_id"]).fillna(False),
        "superseded_by",
        "supersedes-itself",
        "a row cannot be superseded by itself",
    )
    yield from figures.problems(
        successor.notna() & retracted.isna(),
        "retracted_in",
        "superseded-not-retracted",
        "a superseded row must also be retracted: set retracted_in to the release of the correction",
    )
    yield from figures.problems(
        retracted.notna() & added.isna(),
        "retracted_in",
        "retracted-unreleased",
        "an unreleased row (empty added_in) cannot be retracted; delete or fix it instead",
    )
    later = pd.Series(
        [
            _version_key(r) > _version_key(a) if isinstance(r, str) and isinstance(a, str) else True
            for r, a in zip(retracted, added, strict=True)
        ],
        index=f.index,
    )
    released = (
        set(tables["releases"].typed["version"].dropna())
        if tables["releases"].has("version")
        else set()
    )
    last = max(map(_version_key, released), default=(-1,))
    unknown = text_mask(retracted, lambda v: v not in released and _version_key(v) <= last)
    listing = ", ".join(sorted(released, key=_version_key)) or "none"
    yield from figures.problems(
        unknown,
        "retracted_in",
        "retracted-in-unknown",
        (
            retracted.astype(object),
            lambda v: (
                f"{v!r} is neither a released version nor later than the last release; released: {listing}"
            ),
        ),
    )
    messages = pd.Series(
        [
            f"retracted_in {r} must be a release later than added_in {a}"
            for r, a in zip(retracted, added, strict=True)
        ],
        index=f.index,
    )
    yield from figures.problems(~later, "retracted_in", "retracted-before-added", messages)
    edges = {
        k: [s]
        for k, s in zip(f["figure_id"], successor, strict=True)
        if pd.notna(k) and pd.notna(s) and s != k
    }
    for figure_id in sorted(_cycles(edges)):
        yield Problem(
            "figures",
            figure_id,
            "superseded_by",
            "superseded-cycle",
            f"{figure_id!r} is part of a superseded_by cycle; corrections must lead to a current row",
        )


def isin(column: pd.Series, values) -> pd.Series:
    """``column.isin(values)`` through pyarrow's hash kernel (pandas falls back to Python for
    pyarrow-backed text)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(
        column.astype(object).where(column.notna(), None).tolist()
        if column.dtype == object
        else column,
        type=pa.string(),
        from_pandas=True,
    )
    found = pc.is_in(array, value_set=pa.array(sorted(str(v) for v in values), type=pa.string()))
    return (
        pd.Series(found.to_numpy(zero_copy_only=False), index=column.index)
        .fillna(False)
        .astype(bool)
    )


def text_mask(column: pd.Series, predicate) -> pd.Series:
    """A boolean mask: ``predicate`` on every present text cell, False on missing ones."""
    return pd.Series(
        [isinstance(v, str) and bool(predicate(v)) for v in column.astype(object)],
        index=column.index,
        dtype=bool,
    )


def _version_key(version: str) -> tuple[int, ...]:
    """``canonical.version_key`` that sorts a malformed version first instead of raising (the
    pattern rule reports it)."""
    try:
        return canonical.version_key(version)
    except ValueError:
        return (-1,)


@ledger_rule
def traces_to_primary(tables):
    figures = tables["figures"]
    if not figures.has("figure_id", "traces_to", "basis", "metric"):
        return
    f = figures.typed
    yield from figures.problems(
        f["traces_to"].eq(f["figure_id"]).fillna(False),
        "traces_to",
        "traces-to-itself",
        "a figure cannot trace to itself",
    )
    yield from figures.problems(
        f["traces_to"].notna() & f["basis"].ne("media_report").fillna(True),
        "traces_to",
        "traces-to-unexpected",
        "traces_to is for media reports (basis 'media_report') that repeat another figure",
    )


@ledger_rule
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
        for field, code, message in numbers.disagreements(row, language_code, pers.get(row.metric)):
            yield Problem("figures", row.row_id, field, code, message)


@ledger_rule
def derivations_recompute(tables):
    figures = tables["figures"]
    if not figures.has("figure_id", "derivation", "value", "retracted_in"):
        return
    f = figures.typed
    derived = f[f["derivation"].notna()]
    if derived.empty:
        return
    values = dict(zip(f["figure_id"], f["value"], strict=True))
    retracted = set(f["figure_id"][f["retracted_in"].notna()])
    expressions = {}
    ids = figures.ids
    for figure_id, expression in zip(derived["figure_id"], derived["derivation"], strict=True):
        row_id = ids[derived.index[derived["figure_id"] == figure_id][0]]
        try:
            expressions[figure_id] = arithmetic.parse(expression)
        except arithmetic.ExpressionError as error:
            yield Problem("figures", row_id, "derivation", "derivation-unreadable", str(error))
    edges = {k: sorted(e.names & set(expressions)) for k, e in expressions.items()}
    cyclic = _cycles(edges)
    for figure_id, expression in expressions.items():
        row_id = figure_id
        if figure_id in cyclic:
            yield Problem(
                "figures",
                row_id,
                "derivation",
                "derivation-cycle",
                f"{figure_id!r} depends on itself through its derivation",
            )
            continue
        unknown = sorted(name for name in expression.names if name not in values)
        gone = sorted(name for name in expression.names if name in retracted)
        if unknown:
            yield Problem(
                "figures",
                row_id,
                "derivation",
                "derivation-unknown-figure",
                f"refers to figures that do not exist: {', '.join(unknown)}",
            )
            continue
        if gone:
            yield Problem(
                "figures",
                row_id,
                "derivation",
                "derivation-retracted-figure",
                f"refers to retracted figures: {', '.join(gone)}; derive from their successors",
            )
            continue
        try:
            result = expression.evaluate(values)
        except arithmetic.ExpressionError as error:
            yield Problem("figures", row_id, "derivation", "derivation-unreadable", str(error))
            continue
        value = values[figure_id]
        if pd.isna(value) or abs(result - value) > DERIVED_TOLERANCE * max(abs(value), abs(result)):
            yield Problem(
                "figures",
                row_id,
                "value",
                "derivation-mismatch",
                f"value {value:g} differs from its derivation {expression.text} = {result:g} (relative tolerance {DERIVED_TOLERANCE:g})",
            )


def _released_lines(figures: Table) -> dict[str, str]:
    """Canonical first-release lines of the released rows, computed once per validation."""
    if "released_lines" not in figures.cache:
        released = figures.typed[figures.typed["added_in"].notna()]
        figures.cache["released_lines"] = canonical.first_release_lines(
            released, figures.resource.fields
        )
    return figures.cache["released_lines"]


@ledger_rule
def released_rows_unchanged(tables):
    """A released row never changes, except for gaining retracted_in and superseded_by."""
    figures, recorded = tables["figures"], tables["release_rows"]
    if not figures.has(*figures.resource.field_names) or not recorded.has(
        "figure_id", "version", "sha256", "field_hashes"
    ):
        return
    records = recorded.typed.drop_duplicates("figure_id")
    hashes = dict(zip(records["figure_id"], records["sha256"], strict=True))
    fingerprints = dict(zip(records["figure_id"], records["field_hashes"], strict=True))
    versions = dict(zip(records["figure_id"], records["version"], strict=True))
    fields = figures.resource.fields
    added_in = fields.index(figures.resource.field("added_in"))
    for figure_id, line in _released_lines(figures).items():
        if figure_id not in hashes:
            yield Problem(
                "figures",
                figure_id,
                "added_in",
                "released-row-unrecorded",
                f"added_in says {json.loads(line)[added_in]} but release_rows.csv has no record of this row; only the release command stamps added_in",
            )
        elif hashlib.sha256(line.encode("utf-8")).hexdigest() != hashes[figure_id]:
            for name in canonical.changed_fields(
                json.loads(line), fingerprints[figure_id], fields
            ) or ["figure_id"]:
                yield Problem(
                    "figures",
                    figure_id,
                    name,
                    "released-row-changed",
                    f"differs from the row released in {versions[figure_id]}; released rows never change: restore it, then add a correction (a new row, and retracted_in plus superseded_by on this one)",
                )


@ledger_rule
def releases_rebuild_to_their_hash(tables):
    """Every release, rebuilt from today's tables, still has the content hash it was released with."""
    figures, releases = tables["figures"], tables["releases"]
    if not figures.has(*figures.resource.field_names) or not releases.has("version", "sha256"):
        return
    lines = _released_lines(figures)
    header = canonical.to_json(figures.resource.field_names)
    for version, expected in zip(releases.typed["version"], releases.typed["sha256"], strict=True):
        if not isinstance(version, str) or not isinstance(expected, str):
            continue
        held = sorted(history.release_view(figures.typed, version)["figure_id"])
        actual = canonical.content_hash([header] + [lines[figure_id] for figure_id in held])
        if actual != expected:
            yield Problem(
                "releases",
                version,
                "sha256",
                "release-hash-mismatch",
                f"release {version} rebuilt from today's tables hashes to {actual[:12]}..., not {expected[:12]}...; a released row was edited, deleted or retracted retroactively",
            )
