"""The published figures table: figure rows with the context columns that ``x-published`` in
``datapackage.json`` declares, joined from subjects and sources, and the Arrow schemas of
everything a build writes."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from ..store.descriptor import Descriptor
from ..store.types import arrow_schema
from .derived import derived_column


def denormalize(
    figures: pd.DataFrame, frames: dict[str, pd.DataFrame], descriptor: Descriptor
) -> pd.DataFrame:
    """``figures`` sorted by id, with every context column joined as its ``x-join`` declares (a
    join may take the row's own key, ``ownKeyWhen``) or computed as its ``x-derive`` declares,
    in the declared order."""
    out = figures.sort_values("figure_id", kind="stable").reset_index(drop=True)
    for field in descriptor.context_fields:
        join = field.join
        if join is None:
            out[field.name] = derived_column(field, out, frames)
            continue
        table = frames[join.resource].set_index(frames[join.resource].columns[0])
        keys = out[join.key].astype(object)
        out[field.name] = keys.map(table[join.field]).astype(table[join.field].dtype)
        if join.own_key_when is not None:
            column, value = join.own_key_when
            own = (keys.map(table[column]) == value).fillna(False).astype(bool)
            out.loc[own, field.name] = out.loc[own, join.key]
    return out


def figures_schema(descriptor: Descriptor) -> pa.Schema:
    """The Arrow schema of the downloadable figures table: figure columns, then context columns."""
    return arrow_schema(descriptor.published.fields)


def table_schema(descriptor: Descriptor, name: str) -> pa.Schema:
    """The Arrow schema of one relational table as a build writes it."""
    return arrow_schema(descriptor.resource(name).fields)


def category_columns(descriptor: Descriptor) -> dict[str, list[str] | None]:
    """Published columns that hold a vocabulary -> its enum in schema order, or None for a
    column whose vocabulary is the keys of a vocabulary table (a foreign key points at it)."""
    found: dict[str, list[str] | None] = {}
    figures = descriptor.resource("figures")
    vocabularies = {
        key.fields[0]
        for key in figures.foreign_keys
        if descriptor.resource(key.resource).is_vocabulary
    }
    for field in descriptor.published.fields:
        origin = field
        if field.join is not None:
            origin = descriptor.resource(field.join.resource).field(field.join.field)
        if origin.enum:
            found[field.name] = list(origin.enum)
        elif field.name in vocabularies:
            found[field.name] = None
    return found


def categories(descriptor: Descriptor, frames: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Published columns that hold a vocabulary -> its categories: an enum in schema order, or the
    sorted keys of the vocabulary table a foreign key points at."""
    keys = {key.fields[0]: key for key in descriptor.resource("figures").foreign_keys}
    found: dict[str, list[str]] = {}
    for column, enum in category_columns(descriptor).items():
        if enum is None:
            key = keys[column]
            enum = sorted(frames[key.resource][key.reference_fields[0]].dropna())
        found[column] = enum
    return found
