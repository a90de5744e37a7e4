"""The dataset card of a build: a ``README.md`` whose YAML header is what the Hugging Face Hub
reads (license, pretty name, tags, one config per Parquet table), so that the build folder can be
pushed to a Hub dataset repository as it is, and whose text says what the files are and how to
check them."""

from __future__ import annotations

import json
from pathlib import Path

from ..store.descriptor import Descriptor
from .descriptors import relative

TAGS = ("ai", "training-cost", "provenance", "llm", "tabular")


def dataset_card(descriptor: Descriptor, released: str, files: dict[str, Path]) -> str:
    """The card for the tables ``files`` (table name -> built file) of one release."""
    version, name = descriptor.version, descriptor.raw["name"]
    tables = {table: path for table, path in files.items() if path.suffix == ".parquet"}
    configs = "".join(
        f"- config_name: {table}\n  data_files: {relative(path)}\n"
        + ("  default: true\n" if table == "figures" else "")
        for table, path in tables.items()
    )
    header = (
        "---\n"
        f"license: {descriptor.raw['licenses'][0]['name'].lower()}\n"
        f"pretty_name: {json.dumps(descriptor.raw['title'], ensure_ascii=False)}\n"
        f"tags:\n{''.join(f'- {tag}' + chr(10) for tag in TAGS)}"
        f"configs:\n{configs}"
        "---\n"
    )
    listing = "".join(
        f"- `{relative(path)}`: {descriptor.published.title if table == 'figures' else descriptor.resource(table).title}\n"
        for table, path in tables.items()
    )
    return (
        f"{header}\n# {name} {version}\n\n{descriptor.raw['description']}\n\n"
        f"Released {released}. One row of `figures` is one figure as one document reported it, "
        "with who claimed it, where it is printed, the number as printed and what it covers.\n\n"
        f"## Files\n\n{listing}\n"
        "`datapackage.json` (Frictionless) and `croissant.json` (MLCommons Croissant) describe "
        "them; `SHA256SUMS` holds their checksums.\n\n"
        "## Check a download\n\n```bash\nsha256sum -c SHA256SUMS\n"
        f"model-cost-ledger verify {relative(files['figures'])}\n```\n\n"
        "## Cite\n\n"
        f"model-cost-ledger {version} ({released}), figure FIGURE_ID. "
        f"License: {descriptor.raw['licenses'][0]['title']} "
        f"({descriptor.raw['licenses'][0]['path']}).\n"
    )
