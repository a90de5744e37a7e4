"""Release artifacts: a deterministic, self-describing Parquet file, the relational tables as
Parquet, a spreadsheet-safe CSV, a Frictionless descriptor, Croissant metadata and SHA256SUMS.

Determinism: rows sorted by ``figure_id``, an explicit Arrow schema from the descriptor (no pandas
metadata), zstd level 3 without dictionaries, one row group, page checksums on, no timestamps.
The bytes are identical for the same pyarrow version (the ``build`` extra pins it); the content
hash in the metadata is the same for every version of pandas and pyarrow.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import canonical
from .history import release_view
from .parquet import METADATA_KEY, figures_schema, metadata_hash, table_schema
from .problems import LedgerError
from .reading import read_tables
from .schema import Descriptor
from .views import denormalize

RELATIONAL = ("sources", "subjects", "metrics", "scopes", "price_index")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LICENSE = "CC-BY-4.0"


def _arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """The frame as an Arrow table of exactly ``schema`` (vectorized; no pandas metadata)."""
    pandas_types = {
        pa.string(): pd.StringDtype("pyarrow"),
        pa.float64(): pd.Float64Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    columns = []
    for field in schema:
        column = frame[field.name]
        if pa.types.is_date32(field.type):
            column = pd.to_datetime(column).dt.date.astype(object).where(column.notna(), None)
            columns.append(pa.array(column.tolist(), type=field.type))
        else:
            columns.append(
                pa.array(column.astype(pandas_types[field.type]), type=field.type, from_pandas=True)
            )
    return pa.Table.from_arrays(columns, schema=schema)


def _write_parquet(table: pa.Table, path: Path, metadata: dict) -> None:
    """Write with the deterministic settings of the module docstring; ``metadata`` goes into the
    file's key-value metadata under ``model_cost_ledger`` as JSON."""
    options = {
        "compression": "zstd",
        "compression_level": 3,
        "use_dictionary": False,
        "version": "2.6",
        "data_page_version": "1.0",
        "write_page_checksum": True,
        "store_schema": False,
    }
    with pq.ParquetWriter(path, table.schema, **options) as writer:
        writer.write_table(table, row_group_size=max(1, table.num_rows))
        writer.add_key_value_metadata(
            {METADATA_KEY.decode(): json.dumps(metadata, sort_keys=True, ensure_ascii=False)}
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


@dataclass(frozen=True)
class Build:
    version: str
    directory: Path
    files: tuple[Path, ...]
    figures: int
    sha256: str

    def __str__(self) -> str:
        return f"built model-cost-ledger {self.version} in {self.directory}: {len(self.files)} files, {self.figures} figures, content sha256 {self.sha256}"


def build(out: str | Path = "dist", path: str | Path | None = None) -> Build:
    """Write the release artifacts of the current version into ``out``; nothing is written unless
    every file is complete (they are made in a temporary directory and then moved into place)."""
    descriptor = Descriptor.read(path)
    frames = read_tables(path)
    version = descriptor.version
    releases = frames["releases"].set_index("version")
    if version not in releases.index:
        raise LedgerError(
            f"version {version} has no release record; run `model-cost-ledger release` first",
            path=path,
        )
    release = releases.loc[version]
    figures = release_view(frames["figures"], version)
    denormalized = denormalize(figures, frames)
    lines = canonical.canonical_lines(figures, descriptor.resource("figures").fields)
    sha256 = canonical.content_hash(lines)
    if sha256 != release["sha256"]:
        raise LedgerError(
            f"release {version} no longer rebuilds to its hash; run `model-cost-ledger validate`",
            path=path,
        )
    released = pd.Timestamp(release["released"]).strftime("%Y-%m-%d")
    metadata = {
        "name": "model-cost-ledger",
        "version": version,
        "released": released,
        "license": LICENSE,
        "citation": f"model-cost-ledger {version} ({released}), figure FIGURE_ID",
        "rows": len(figures),
        "content_sha256": sha256,
        "content_hash": "sha256 of the canonical text of the figure columns (README, 'Canonical content hash')",
        "schema": figures_schema(descriptor).to_string(show_schema_metadata=False),
        "categories": _categories(descriptor, frames),
    }
    metadata["metadata_sha256"] = metadata_hash(metadata)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"model-cost-ledger-{version}"
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out) as temporary:
        stage = Path(temporary)
        written = []
        main = stage / f"{stem}.parquet"
        _write_parquet(_arrow(denormalized, figures_schema(descriptor)), main, metadata)
        written.append(main)
        for name in RELATIONAL:
            target = stage / f"{stem}-{name}.parquet"
            table_metadata = {
                "name": f"model-cost-ledger/{name}",
                "version": version,
                "license": LICENSE,
                "rows": len(frames[name]),
            }
            _write_parquet(
                _arrow(
                    frames[name].sort_values(frames[name].columns[0]),
                    table_schema(descriptor, name),
                ),
                target,
                table_metadata,
            )
            written.append(target)
        csv_path = stage / f"{stem}.csv"
        safe = denormalized.copy()
        for column in safe.columns:
            if not pd.api.types.is_numeric_dtype(safe[column]):
                safe[column] = safe[column].astype(object).map(spreadsheet_safe, na_action="ignore")
        safe.to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(csv_path)
        package = stage / "datapackage.json"
        package.write_text(
            json.dumps(
                _package_descriptor(descriptor, version, written), indent=2, ensure_ascii=False
            )
            + "\n",
            encoding="utf-8",
        )
        croissant = stage / "croissant.json"
        croissant.write_text(
            json.dumps(
                _croissant(descriptor, version, released, written), indent=2, ensure_ascii=False
            )
            + "\n",
            encoding="utf-8",
        )
        written += [package, croissant]
        sums = stage / "SHA256SUMS"
        sums.write_text(
            "".join(f"{_sha256(p)}  {p.name}\n" for p in sorted(written)), encoding="utf-8"
        )
        written.append(sums)
        final = []
        for staged in written:
            target = out / staged.name
            os.replace(staged, target)
            final.append(target)
    return Build(version, out, tuple(final), len(figures), sha256)


def _categories(descriptor: Descriptor, frames: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    categories = {f.name: f.enum for f in descriptor.resource("figures").fields if f.enum}
    categories["metric"] = sorted(frames["metrics"]["metric"])
    categories["scope"] = sorted(frames["scopes"]["scope"])
    categories["subject_kind"] = descriptor.resource("subjects").field("kind").enum
    categories["source_kind"] = descriptor.resource("sources").field("kind").enum
    return categories


def _resource_entry(path: Path, name: str, fields: list[dict]) -> dict:
    media = {"parquet": ("parquet", "application/vnd.apache.parquet"), "csv": ("csv", "text/csv")}[
        path.suffix[1:]
    ]
    # Frictionless reads Parquet through pandas, where a missing integer becomes the text "nan".
    missing = ["", "nan"] if path.suffix == ".parquet" else [""]
    return {
        "name": name,
        "path": path.name,
        "format": media[0],
        "mediatype": media[1],
        "bytes": path.stat().st_size,
        "hash": f"sha256:{_sha256(path)}",
        "schema": {"fields": fields, "missingValues": missing},
    }


def _frictionless_fields(arrow_schema: pa.Schema, descriptor_fields: dict) -> list[dict]:
    kinds = {
        pa.string(): "string",
        pa.float64(): "number",
        pa.int64(): "integer",
        pa.date32(): "date",
        pa.bool_(): "boolean",
    }
    fields = []
    for field in arrow_schema:
        entry = {"name": field.name, "type": kinds[field.type]}
        if field.name in descriptor_fields:
            entry["description"] = descriptor_fields[field.name].description
        fields.append(entry)
    return fields


def _package_descriptor(descriptor: Descriptor, version: str, files: list[Path]) -> dict:
    figures = {f.name: f for f in descriptor.resource("figures").fields}
    resources = []
    for path in files:
        if path.suffix == ".csv" or path.name.endswith(f"{version}.parquet"):
            resources.append(
                _resource_entry(
                    path,
                    "figures" if path.suffix == ".parquet" else "figures-csv",
                    _frictionless_fields(figures_schema(descriptor), figures),
                )
            )
        else:
            name = path.stem.split(f"{version}-", 1)[1]
            table = {f.name: f for f in descriptor.resource(name).fields}
            resources.append(
                _resource_entry(
                    path,
                    name.replace("_", "-"),
                    _frictionless_fields(table_schema(descriptor, name), table),
                )
            )
    return {
        "name": "model-cost-ledger",
        "version": version,
        "title": descriptor.raw["title"],
        "description": descriptor.raw["description"],
        "licenses": descriptor.raw["licenses"],
        "resources": resources,
    }


def _croissant(descriptor: Descriptor, version: str, released: str, files: list[Path]) -> dict:
    """MLCommons Croissant 1.0 metadata for the figures Parquet file."""
    main = next(p for p in files if p.name.endswith(f"{version}.parquet"))
    kinds = {
        pa.string(): "sc:Text",
        pa.float64(): "sc:Float",
        pa.int64(): "sc:Integer",
        pa.date32(): "sc:Date",
        pa.bool_(): "sc:Boolean",
    }
    descriptions = {f.name: f.description for f in descriptor.resource("figures").fields}
    fields = [
        {
            "@type": "cr:Field",
            "@id": f"figures/{f.name}",
            "name": f.name,
            "description": descriptions.get(f.name, f.name.replace("_", " ")),
            "dataType": kinds[f.type],
            "source": {"fileObject": {"@id": main.name}, "extract": {"column": f.name}},
        }
        for f in figures_schema(descriptor)
    ]
    return {
        "@context": {
            "@language": "en",
            "@vocab": "https://schema.org/",
            "sc": "https://schema.org/",
            "cr": "http://mlcommons.org/croissant/",
            "dct": "http://purl.org/dc/terms/",
            "citeAs": "cr:citeAs",
            "column": "cr:column",
            "conformsTo": "dct:conformsTo",
            "data": {"@id": "cr:data", "@type": "@json"},
            "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
            "examples": {"@id": "cr:examples", "@type": "@json"},
            "extract": "cr:extract",
            "field": "cr:field",
            "fileObject": "cr:fileObject",
            "fileProperty": "cr:fileProperty",
            "format": "cr:format",
            "includes": "cr:includes",
            "isLiveDataset": "cr:isLiveDataset",
            "jsonPath": "cr:jsonPath",
            "key": "cr:key",
            "md5": "cr:md5",
            "parentField": "cr:parentField",
            "path": "cr:path",
            "recordSet": "cr:recordSet",
            "references": "cr:references",
            "regex": "cr:regex",
            "repeated": "cr:repeated",
            "replace": "cr:replace",
            "separator": "cr:separator",
            "source": "cr:source",
            "subField": "cr:subField",
            "transform": "cr:transform",
        },
        "@type": "sc:Dataset",
        "name": "model-cost-ledger",
        "description": descriptor.raw["description"],
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "url": "https://pypi.org/project/model-cost-ledger/",
        "version": version,
        "datePublished": released,
        "citeAs": f"model-cost-ledger {version} ({released})",
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": main.name,
                "name": main.name,
                "contentUrl": main.name,
                "encodingFormat": "application/x-parquet",
                "sha256": _sha256(main),
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
