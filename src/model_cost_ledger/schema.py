"""The dataset descriptor (``dataset/datapackage.json``): the one place column rules live."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

# The context columns that the denormalized figures table adds after the figure columns.
SUBJECT_CONTEXT = {
    "name": "subject_name",
    "kind": "subject_kind",
    "organization": "organization_id",
}
SOURCE_CONTEXT = {
    "title": "source_title",
    "publisher": "source_publisher",
    "url": "source_url",
    "published": "source_published",
    "kind": "source_kind",
    "language": "source_language",
}
CONTEXT_COLUMNS = [*SUBJECT_CONTEXT.values(), "organization_name", *SOURCE_CONTEXT.values()]

PACKAGED_DATASET = Path(__file__).parent / "dataset"
SOURCE_DATASET = Path(__file__).resolve().parents[2] / "dataset"


def dataset_dir(path: str | Path | None = None) -> Path:
    """The dataset directory: ``path`` if given, else the installed copy, else the checkout's."""
    if path is not None:
        return Path(path)
    if (PACKAGED_DATASET / "datapackage.json").is_file():
        return PACKAGED_DATASET
    return SOURCE_DATASET


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

    def __init__(self, raw: dict[str, Any]):
        self.raw = raw

    @classmethod
    def read(cls, directory: str | Path | None = None) -> Descriptor:
        path = dataset_dir(directory) / "datapackage.json"
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            from .problems import LedgerError

            raise LedgerError(f"cannot read the dataset descriptor: {error}", path=path) from None

    @property
    def version(self) -> str:
        return self.raw["version"]

    @cached_property
    def resources(self) -> dict[str, Resource]:
        resources = {}
        for raw in self.raw["resources"]:
            schema = raw["schema"]
            fields = tuple(
                Field(
                    name=item["name"],
                    type=item["type"],
                    description=item.get("description", ""),
                    constraints=item.get("constraints", {}),
                    properties=item,
                )
                for item in schema["fields"]
            )
            foreign_keys = tuple(
                ForeignKey(
                    fields=key["fields"],
                    resource=key["reference"]["resource"] or raw["name"],
                    reference_fields=key["reference"]["fields"],
                )
                for key in schema.get("foreignKeys", [])
            )
            resources[raw["name"]] = Resource(
                name=raw["name"],
                path=raw["path"],
                fields=fields,
                primary_key=tuple(schema["primaryKey"]),
                foreign_keys=foreign_keys,
                title=raw.get("title", raw["name"]),
                description=raw.get("description", ""),
            )
        return resources

    def resource(self, name: str) -> Resource:
        try:
            return self.resources[name]
        except KeyError:
            raise KeyError(f"no table {name!r}; tables: {sorted(self.resources)}") from None
