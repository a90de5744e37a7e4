"""The dataset descriptor (``dataset/datapackage.json``): the one place column rules live."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..problems import LedgerError
from .derivations import Derive
from .files import MAX_DESCRIPTOR_BYTES, UnsafeFile, read_dataset_file
from .location import dataset_dir
from .shape import shape_problem


@dataclass(frozen=True)
class Field:
    """One column of a Table Schema."""

    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    properties: dict[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[str] | None:
        return self.constraints.get("enum")

    @property
    def is_text(self) -> bool:
        return self.type in ("string", "list")

    @property
    def delimiter(self) -> str | None:
        """The separator of a ``list`` field's items, as the descriptor declares it."""
        return self.properties.get("delimiter")

    def items(self, cell: object) -> list[str]:
        """A ``list`` cell's items (empty for a missing cell)."""
        if not isinstance(cell, str) or not cell:
            return []
        return cell.split(self.delimiter) if self.delimiter else [cell]

    def cell(self, items: list[str]) -> str:
        """A ``list`` cell holding ``items``, joined with the declared delimiter."""
        if not self.delimiter:
            raise ValueError(f"field {self.name!r} declares no delimiter")
        return self.delimiter.join(items)

    @property
    def join(self) -> Join | None:
        """For a published context column: the key column and the table field it is joined from."""
        join = self.properties.get("x-join")
        if join is None:
            return None
        own = join.get("ownKeyWhen")
        when = None if own is None else (own["field"], own["equals"])
        return Join(join["key"], join["resource"], join["field"], when)

    @property
    def derive(self) -> Derive | None:
        """For a published context column computed from other columns: how (``x-derive``)."""
        derive = self.properties.get("x-derive")
        if derive is None:
            return None
        return Derive(derive["kind"], derive["part"], derive.get("from"))


@dataclass(frozen=True)
class Join:
    """A published column's origin: ``resource.field`` of the row whose key is in column ``key``."""

    key: str
    resource: str
    field: str
    own_key_when: tuple[str, str] | None = None  # (field, value): that row's own key instead


@dataclass(frozen=True)
class ForeignKey:
    fields: list[str]
    resource: str  # the referenced table; the table itself when the descriptor says ""
    reference_fields: list[str]


@dataclass(frozen=True)
class Resource:
    """One table: its file, fields, primary key and foreign keys."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    title: str
    description: str
    role: str = "reference"  # x-role: ledger, reference, vocabulary or release-record

    @property
    def is_vocabulary(self) -> bool:
        return self.role == "vocabulary"

    @property
    def is_published(self) -> bool:
        """Whether a build writes this table beside the figures (references and vocabularies)."""
        return self.role in ("reference", "vocabulary")

    @property
    def meaning(self) -> list[str]:
        """The columns that say what an entry means (``x-meaning``)."""
        return [field.name for field in self.fields if field.properties.get("x-meaning")]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def field(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(f"table {self.name!r} has no field {name!r}; fields: {self.field_names}")


class Descriptor:
    """The parsed ``datapackage.json`` of a dataset directory."""

    def __init__(self, raw: dict[str, Any], digest: str = "") -> None:
        self.raw = raw
        self.digest = digest  # sha256 of the file it was read from ("" when made in memory)

    @classmethod
    def read(cls, directory: str | Path | None = None) -> Descriptor:
        """The descriptor of a dataset directory; ``LedgerError`` if it cannot be read safely,
        is not JSON, or is not shaped as a descriptor (the message names the first place)."""
        folder = dataset_dir(directory)
        path = folder / "datapackage.json"
        try:
            data = read_dataset_file(folder, path.name, MAX_DESCRIPTOR_BYTES)
            raw = json.loads(data)
        except (OSError, UnsafeFile, ValueError, RecursionError) as error:
            cause = "nested too deeply" if isinstance(error, RecursionError) else error
            raise LedgerError(f"cannot read the dataset descriptor: {cause}", path=path) from None
        wrong = shape_problem(raw, data)
        if wrong:
            raise LedgerError(f"the dataset descriptor is not well formed: {wrong}", path=path)
        return cls(raw, hashlib.sha256(data).hexdigest())

    @property
    def version(self) -> str:
        return self.raw["version"]

    @cached_property
    def resources(self) -> dict[str, Resource]:
        """Every table of the dataset by name, in descriptor order."""
        resources = {}
        for raw in self.raw["resources"]:
            schema = raw["schema"]
            fields = _fields(schema["fields"])
            keys = [*schema.get("foreignKeys", []), *schema.get("x-listForeignKeys", [])]
            foreign_keys = tuple(
                ForeignKey(
                    fields=key["fields"],
                    resource=key["reference"]["resource"] or raw["name"],
                    reference_fields=key["reference"]["fields"],
                )
                for key in keys
            )
            resources[raw["name"]] = Resource(
                name=raw["name"],
                path=raw["path"],
                fields=fields,
                primary_key=tuple(schema["primaryKey"]),
                foreign_keys=foreign_keys,
                title=raw.get("title", raw["name"]),
                description=raw.get("description", ""),
                role=raw.get("x-role", "reference"),
            )
        return resources

    @cached_property
    def published(self) -> Resource:
        """The published figures table: every figures column, then the context columns that
        ``x-published`` declares (each with its ``x-join`` or ``x-derive``)."""
        figures = self.resource("figures")
        declared = self.raw["x-published"]
        return Resource(
            name="figures",
            path="",
            fields=figures.fields + _fields(declared["fields"]),
            primary_key=figures.primary_key,
            foreign_keys=(),
            title=declared.get("title", "figures"),
            description=declared.get("description", ""),
            role="ledger",
        )

    @property
    def context_fields(self) -> tuple[Field, ...]:
        """The published table's context columns (joined or derived), in order."""
        return tuple(
            field
            for field in self.published.fields
            if field.join is not None or field.derive is not None
        )

    def resource(self, name: str) -> Resource:
        try:
            return self.resources[name]
        except KeyError:
            raise KeyError(f"no table {name!r}; tables: {sorted(self.resources)}") from None


def _fields(items: list[dict[str, Any]]) -> tuple[Field, ...]:
    return tuple(
        Field(
            name=item["name"],
            type=item["type"],
            description=item.get("description", ""),
            constraints=item.get("constraints", {}),
            properties=item,
        )
        for item in items
    )
