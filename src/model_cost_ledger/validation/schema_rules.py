"""Schema rules, driven entirely by ``datapackage.json``: required, enum, pattern, lengths,
ranges, partial dates, clean text, primary keys and foreign keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import partial

import pandas as pd

from ..problems import Problem
from ..store.descriptor import Field
from .table import Table, isin, text_mask, unknown_message

CONTROL = r"[\x00-\x1f\x7f-\x9f]"


BIDI = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


ZERO_WIDTH = "[\u200b-\u200d\u2060\ufeff]"


FORMULA_START = r"^[=+\-@]"


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
) -> Iterator[Problem]:
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
    if "x-itemPattern" in column.properties:
        yield from _item_pattern_problems(table, column, text, present)
    if column.properties.get("x-partial-date"):
        yield from _partial_date_problems(table, name, text, present)
    yield from _range_problems(table, column, text)


def _item_pattern_problems(
    table: Table, column: Field, text: pd.Series, present: pd.Series
) -> Iterator[Problem]:
    """Each item of a ``list`` cell matches ``x-itemPattern`` (Table Schema has no pattern for
    lists)."""
    pattern = re.compile(column.properties["x-itemPattern"])

    def bad_items(cell: str) -> list[str]:
        return [item for item in column.items(cell) if not pattern.fullmatch(item)]

    def message(cell: str) -> str:
        listed = ", ".join(repr(item) for item in bad_items(cell))
        delimiter = column.delimiter
        return f"{listed} in {cell!r} does not match {pattern.pattern} (items separated by {delimiter!r}; {column.description})"

    yield from table.problems(
        present & text_mask(text, bad_items), column.name, "pattern-mismatch", (text, message)
    )


def _partial_date_problems(
    table: Table, name: str, text: pd.Series, present: pd.Series
) -> Iterator[Problem]:
    shaped = present & text.str.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?").fillna(False)
    full = text.where(text.str.len() == 10, text + "-01")
    real = pd.to_datetime(full.where(shaped), format="%Y-%m-%d", errors="coerce").notna()
    yield from table.problems(
        shaped & ~real,
        name,
        "invalid-date",
        (text, lambda v: f"{v!r} is not a real date (YYYY-MM-DD or YYYY-MM)"),
    )


RANGE_CONSTRAINTS = (  # descriptor key, problem code, relation a value must have to the limit
    ("minimum", "below-minimum", ">="),
    ("exclusiveMinimum", "below-minimum", ">"),
    ("maximum", "above-maximum", "<="),
)


def _out_of_range(value: str, relation: str, limit: float) -> str:
    return f"{value} is out of range; must be {relation} {limit:g}"


def _quoted(value: str, why: str) -> str:
    return f"{value[:40]!r} {why}"


def _range_problems(table: Table, column: Field, text: pd.Series) -> Iterator[Problem]:
    typed = table.typed[column.name]
    for key, code, relation in RANGE_CONSTRAINTS:
        if key not in column.constraints:
            continue
        limit = column.constraints[key]
        fits = {">=": typed >= limit, ">": typed > limit, "<=": typed <= limit}[relation]
        bad = (~fits).fillna(False).astype(bool)
        yield from table.problems(
            bad,
            column.name,
            code,
            (text, partial(_out_of_range, relation=relation, limit=limit)),
        )


def _clean_text_problems(
    table: Table, name: str, text: pd.Series, present: pd.Series
) -> Iterator[Problem]:
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
        yield from table.problems(bad, name, code, (text, partial(_quoted, why=message)))
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


def _key_problems(table: Table) -> Iterator[Problem]:
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
    """Every declared foreign key: each value (each item of a ``list`` cell) names a row of the
    referenced table."""
    problems: list[Problem] = []
    for table in tables.values():
        for key in table.resource.foreign_keys:
            (child,), (parent,) = key.fields, key.reference_fields
            target = tables[key.resource]
            if child not in table.raw.frame.columns or parent not in target.raw.frame.columns:
                continue
            known = set(target.text(parent)) - {""}
            what = f"a {parent} in {target.name}.csv"
            field = table.resource.field(child)
            if field.type == "list":
                problems += _list_key_problems(table, field, known, what)
                continue
            values = table.text(child)
            bad = values.ne("") & ~isin(values, known)
            messages = (values, lambda v, k=known, w=what: unknown_message(v, k, w))
            problems += table.problems(bad, child, "foreign-key", messages)
    return problems


def _list_key_problems(table: Table, field: Field, known: set[str], what: str) -> list[Problem]:
    values = table.text(field.name)
    return [
        Problem(table.name, row_id, field.name, "foreign-key", unknown_message(item, known, what))
        for row_id, cell in zip(table.ids[values.ne("")], values[values.ne("")], strict=True)
        for item in field.items(cell)
        if item and item not in known
    ]
