"""The descriptors a build writes beside its files: a Frictionless Data Package for every file and
MLCommons Croissant metadata for the figures Parquet file. Field types and descriptions come from
the dataset descriptor through the one type map."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..store.descriptor import Descriptor, Field, Resource
from ..store.types import field_type

CROISSANT_CONTEXT = Path(__file__).with_name("croissant-context.json")
MEDIA_TYPES = {
    ".parquet": ("parquet", "application/vnd.apache.parquet"),
    ".csv": ("csv", "text/csv"),
}


DATA_DIR = "data"  # the folder of a bundle that holds the tables (the Hugging Face layout)


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _frictionless_fields(fields: tuple[Field, ...]) -> list[dict[str, str]]:
    return [
        {
            "name": f.name,
            "type": field_type(f.type).frictionless,
            **({"description": f.description} if f.description else {}),
        }
        for f in fields
    ]


def relative(path: Path) -> str:
    """A built file's path as the bundle names it: ``data/NAME`` for a table, else ``NAME``."""
    return f"{path.parent.name}/{path.name}" if path.parent.name == DATA_DIR else path.name


def _resource_entry(path: Path, name: str, resource: Resource) -> dict[str, Any]:
    kind, media = MEDIA_TYPES[path.suffix]
    # Frictionless reads Parquet through pandas, where a missing integer becomes the text "nan".
    missing = ["", "nan"] if path.suffix == ".parquet" else [""]
    return {
        "name": name,
        "path": relative(path),
        "format": kind,
        "mediatype": media,
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_of(path)}",
        "schema": {"fields": _frictionless_fields(resource.fields), "missingValues": missing},
    }


def package_descriptor(descriptor: Descriptor, files: dict[str, Path]) -> dict[str, Any]:
    """The built ``datapackage.json``: one resource per file of ``files`` (table name -> path;
    ``figures`` and ``figures-csv`` are the published figures table)."""
    resources = []
    for name, path in files.items():
        table = descriptor.published if name.startswith("figures") else descriptor.resource(name)
        resources.append(_resource_entry(path, name.replace("_", "-"), table))
    return {
        "name": descriptor.raw["name"],
        "version": descriptor.version,
        "title": descriptor.raw["title"],
        "description": descriptor.raw["description"],
        "licenses": descriptor.raw["licenses"],
        "resources": resources,
    }


def croissant(descriptor: Descriptor, released: str, main: Path) -> dict[str, Any]:
    """MLCommons Croissant 1.0 metadata for the figures Parquet file ``main``."""
    version = descriptor.version
    fields = [
        {
            "@type": "cr:Field",
            "@id": f"figures/{f.name}",
            "name": f.name,
            "description": f.description,
            "dataType": field_type(f.type).croissant,
            "source": {"fileObject": {"@id": relative(main)}, "extract": {"column": f.name}},
        }
        for f in descriptor.published.fields
    ]
    return {
        "@context": json.loads(CROISSANT_CONTEXT.read_text(encoding="utf-8")),
        "@type": "sc:Dataset",
        "name": descriptor.raw["name"],
        "description": descriptor.raw["description"],
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "license": descriptor.raw["licenses"][0]["path"],
        "url": "https://pypi.org/project/model-cost-ledger/",
        "version": version,
        "datePublished": released,
        "citeAs": f"model-cost-ledger {version} ({released})",
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": relative(main),
                "name": main.name,
                "contentUrl": relative(main),
                "encodingFormat": "application/x-parquet",
                "sha256": sha256_of(main),
            }
        ],
        "recordSet": [
            {
                "@type": "cr:RecordSet",
                "@id": "figures",
                "name": "figures",
                "description": "One figure as one source reported it.",
                "field": fields,
            }
        ],
    }
