"""Schema rules, driven entirely by ``datapackage.json``: required, enum, pattern, lengths,
ranges, partial dates, clean text, primary keys and foreign keys."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping
from functools import lru_cache, partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import Problem
from ..store.descriptor import Field
from .clean_text_rules import clean_text_problems
from .table import Table, UnknownMessages, arrow_strings, flagged, mask_of, text_mask


def schema_problems(table: Table) -> list[Problem]:
    """Every constraint, clean-text and primary-key problem of one table."""
    problems: list[Problem] = []
    for column in table.resource.fields:
        if column.name in table.raw.frame.columns:
            problems += _constraint_problems(table, column)
    problems += clean_text_problems(table)
    problems += _key_problems(table)
    return problems


def _constraint_problems(table: Table, column: Field) -> Iterator[Problem]:
    rules = column.constraints
    name = column.name
    text = table.text(name)
    arrow = arrow_strings(text)
    present = mask_of(pc.not_equal(arrow, ""))
    if rules.get("required"):
        why = f"is empty; required: {column.description}"
        yield from flagged(table, ~present, name, "missing-value", why)
    if "enum" in rules:
        allowed = ", ".join(rules["enum"])
        known = mask_of(pc.is_in(arrow, value_set=pa.array(rules["enum"], type=pa.string())))
        yield from flagged(
            table,
            present & ~known,
            name,
            "not-in-enum",
            (text, lambda v: f"{v!r} is not one of: {allowed}"),
        )
    if "pattern" in rules:
        fits = _fits_pattern(text, rules["pattern"])
        yield from flagged(
            table,
            present & ~fits,
            name,
            "pattern-mismatch",
            (text, lambda v: f"{v!r} does not match {rules['pattern']} ({column.description})"),
        )
    if "maxLength" in rules:
        limit = rules["maxLength"]
        yield from flagged(
            table,
            mask_of(pc.greater(pc.utf8_length(arrow), limit)),
            name,
            "too-long",
            (text, lambda v: f"has {len(v)} characters; at most {limit} allowed"),
        )
    yield from _special_constraint_problems(table, column, text, present)


SAMPLE = 4096  # the first cells of a column, to tell whether its values repeat
# What Python's re and Arrow's RE2 read differently: classes Python widens to Unicode (\s \w \d
# \b), Unicode properties, \z and \Z, numbered escapes, inline flags, POSIX classes, "{,n}".
RE2_DIFFERS = re.compile(r"\\[sSwWdDbBpPzZ0-9]|\(\?(?!:)|\[:|\{,")


def _fits_pattern(text: pd.Series, pattern: str) -> np.ndarray:
    """Which cells match ``pattern`` whole, with Python's meaning: each distinct value once
    where values repeat (ids of other tables, vocabularies, versions), else each cell (keys,
    hashes: counting their distinct values would cost more than the match). The first
    ``SAMPLE`` cells tell which."""
    sample = text.iloc[:SAMPLE]
    if sample.nunique(dropna=False) > len(sample) // 2:
        return _matches(text, pattern)
    codes, values = pd.factorize(text, use_na_sentinel=True)
    fits = _matches(pd.Series(values, dtype=text.dtype), pattern)
    return np.append(fits, False)[codes]


def _matches(text: pd.Series, pattern: str) -> np.ndarray:
    """``text.str.fullmatch(pattern)`` as a boolean array (a missing cell does not match). A
    pattern that means the same to Arrow's RE2 as to Python on any text (``_same_in_re2``) is
    matched by Arrow directly, at half of what pandas costs to decide that for every column;
    any other, or one RE2 refuses, goes through pandas, which keeps Python's meaning."""
    if _same_in_re2(pattern):
        try:
            return mask_of(pc.match_substring_regex(arrow_strings(text), f"^(?:{pattern})$"))
        except pa.ArrowInvalid:  # a construct RE2 lacks (a lookahead, a backreference)
            pass
    return text.str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool)


@lru_cache(maxsize=256)
def _same_in_re2(pattern: str) -> bool:
    """Whether Python compiles ``pattern`` and it holds nothing ``RE2_DIFFERS`` names."""
    try:
        with warnings.catch_warnings():  # a nested set, say: RE2_DIFFERS refuses it anyway
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except re.error:
        return False
    return RE2_DIFFERS.search(pattern) is None


def _special_constraint_problems(
    table: Table, column: Field, text: pd.Series, present: np.ndarray
) -> Iterator[Problem]:
    """List items, the descriptor's own extensions (item patterns, partial dates) and numeric
    ranges."""
    if column.type == "list" and column.delimiter:
        yield from _empty_item_problems(table, column, text, pd.Series(present, text.index))
    if "x-itemPattern" in column.properties:
        yield from _item_pattern_problems(table, column, text, pd.Series(present, text.index))
    if column.properties.get("x-partial-date"):
        yield from _partial_date_problems(table, column.name, text, pd.Series(present, text.index))
    if any(key in column.constraints for key, _, _ in RANGE_CONSTRAINTS):
        yield from _range_problems(table, column, text)


def _item_pattern_problems(
    table: Table, column: Field, text: pd.Series, present: pd.Series
) -> Iterator[Problem]:
    """Each item of a ``list`` cell matches ``x-itemPattern`` (Table Schema has no pattern for
    lists)."""
    pattern = re.compile(column.properties["x-itemPattern"])

    def bad_items(cell: str) -> list[str]:
        # an empty item is the empty-item rule's
        return [i for i in column.items(cell) if i.strip() and not pattern.fullmatch(i)]

    def message(cell: str) -> str:
        listed = ", ".join(repr(item) for item in bad_items(cell))
        delimiter = column.delimiter
        return f"{listed} in {cell!r} does not match {pattern.pattern} (items separated by {delimiter!r}; {column.description})"

    yield from table.problems(
        present & text_mask(text, bad_items), column.name, "pattern-mismatch", (text, message)
    )


def _empty_item_problems(
    table: Table, column: Field, text: pd.Series, present: pd.Series
) -> Iterator[Problem]:
    """No item of a ``list`` cell is empty or blank: ``a;;b`` or ``a;`` would name nothing."""

    def has_empty(cell: str) -> bool:
        return any(not item.strip() for item in column.items(cell))

    def message(cell: str) -> str:
        return (
            f"{cell[:60]!r} has an empty item; separate items with one {column.delimiter!r},"
            " with none at the start or end"
        )

    yield from table.problems(
        present & text_mask(text, has_empty), column.name, "empty-list-item", (text, message)
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


def _range_problems(table: Table, column: Field, text: pd.Series) -> Iterator[Problem]:
    typed = table.typed[column.name]
    for key, code, relation in RANGE_CONSTRAINTS:
        if key not in column.constraints:
            continue
        limit = column.constraints[key]
        fits = (
            typed >= limit
            if relation == ">="
            else typed > limit
            if relation == ">"
            else typed <= limit
        )
        bad = (~fits).fillna(False).astype(bool)
        yield from table.problems(
            bad,
            column.name,
            code,
            (text, partial(_out_of_range, relation=relation, limit=limit)),
        )


def _key_problems(table: Table) -> Iterator[Problem]:
    keys = [name for name in table.resource.primary_key if name in table.raw.frame.columns]
    if len(keys) != len(table.resource.primary_key):
        return
    frame = table.raw.frame[keys]
    complete = frame.ne("").all(axis=1)
    duplicated = complete & frame.duplicated(keep="first")
    if not duplicated.any():
        return
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


def foreign_key_problems(tables: Mapping[str, Table]) -> list[Problem]:
    """Every declared foreign key: each value (each item of a ``list`` cell) names a row of the
    referenced table."""
    problems: list[Problem] = []
    for table in tables.values():
        for key in table.resource.foreign_keys:
            (child,), (parent,) = key.fields, key.reference_fields
            target = tables[key.resource]
            if child not in table.raw.frame.columns or parent not in target.raw.frame.columns:
                continue
            what = f"a {parent} in {target.name}.csv"
            field = table.resource.field(child)
            if field.type == "list":
                known = set(target.text(parent).tolist()) - {""}
                problems += _list_key_problems(table, field, known, UnknownMessages(known, what))
                continue
            values, parents = arrow_strings(table.text(child)), arrow_strings(target.text(parent))
            unknown = pc.invert(pc.is_in(values, value_set=parents.combine_chunks()))
            bad = mask_of(pc.and_(pc.not_equal(values, ""), unknown))
            if bad.any():  # the known keys only for the message of a row that needs one
                known = set(target.text(parent).tolist()) - {""}
                messages = (table.text(child), UnknownMessages(known, what))
                problems += flagged(table, bad, child, "foreign-key", messages)
    return problems


def _list_key_problems(
    table: Table, field: Field, known: set[str], message: UnknownMessages
) -> list[Problem]:
    values = table.text(field.name)
    return [
        Problem(table.name, row_id, field.name, "foreign-key", message(item))
        for row_id, cell in zip(table.ids[values.ne("")], values[values.ne("")], strict=True)
        for item in field.items(cell)
        if item and item not in known
    ]
