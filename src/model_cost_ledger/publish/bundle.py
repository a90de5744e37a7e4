"""``build()``: the release artifacts of the current version. The figures as Parquet (with the
context columns) and as a spreadsheet-safe CSV, each published relational table as Parquet, a
Frictionless descriptor, Croissant metadata and SHA256SUMS."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..history import canonical
from ..history.releases import release_view
from ..problems import LedgerError
from ..store.descriptor import Descriptor
from ..store.location import dataset_dir
from ..store.writing import output_directory, refuse_link
from ..text.display import starts_formula
from ..validation.gate import valid_tables
from ..validation.table import text_mask
from .card import dataset_card
from .descriptors import DATA_DIR, croissant, package_descriptor, relative, sha256_of
from .parquet import arrow_table, write_parquet
from .published import categories, denormalize, figures_schema, table_schema


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (``=``, ``＝`` or `` @`` first, see
    ``text.display.starts_formula``) gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and starts_formula(value) else value


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``spreadsheet_safe`` applied to every text cell that needs it (each
    distinct text judged once); columns without such a cell are left as they are."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            quoted = text_mask(safe[column], starts_formula)
            if quoted.any():
                cells = safe[column].astype(object)
                cells[quoted] = [spreadsheet_safe(v) for v in cells[quoted]]
                safe[column] = cells
    return safe


@dataclass(frozen=True)
class Build:
    """What ``build`` wrote: the version, the directory, every file, and the content hash."""

    version: str
    directory: Path
    files: tuple[Path, ...]
    figures: int
    sha256: str

    def __str__(self) -> str:
        return (
            f"built model-cost-ledger {self.version} in {self.directory}: {len(self.files)} files,"
            f" {self.figures} figures, content sha256 {self.sha256}"
        )


@dataclass(frozen=True)
class _Release:
    """The current version's figures, checked against its release record."""

    descriptor: Descriptor
    frames: dict[str, pd.DataFrame]
    figures: pd.DataFrame
    released: str
    sha256: str


def _current_release(path: str | Path | None) -> _Release:
    frames = valid_tables(path)  # LedgerError listing the problems: nothing invalid is built
    descriptor = Descriptor.read(path)
    version = descriptor.version
    releases = frames["releases"].set_index("version")
    if version not in releases.index:
        raise LedgerError(
            f"version {version} has no release record; run `model-cost-ledger release` first",
            path=path,
        )
    figures = release_view(frames["figures"], version)
    lines = canonical.canonical_lines(figures, descriptor.resource("figures").fields)
    sha256 = canonical.content_hash(lines)
    if sha256 != releases.at[version, "sha256"]:
        raise LedgerError(
            f"release {version} no longer rebuilds to its hash; run `model-cost-ledger validate`",
            path=path,
        )
    released = pd.Timestamp(releases.at[version, "released"]).strftime("%Y-%m-%d")
    return _Release(descriptor, frames, figures, released, sha256)


def _figures_metadata(release: _Release, published: pd.DataFrame) -> dict[str, Any]:
    descriptor, version = release.descriptor, release.descriptor.version
    lines = canonical.canonical_lines(published, descriptor.published.fields)
    return {
        "name": descriptor.raw["name"],
        "table": "figures",
        "version": version,
        "released": release.released,
        "license": descriptor.raw["licenses"][0]["name"],
        "citation": f"model-cost-ledger {version} ({release.released}), figure FIGURE_ID",
        "rows": len(release.figures),
        "release_sha256": release.sha256,
        "content_sha256": canonical.content_hash(lines),
        "content_hash": "release_sha256: sha256 of the canonical text of the figure columns, as releases.csv records it; content_sha256: the same of every column (README, 'Canonical content hash')",
        "schema": figures_schema(descriptor).to_string(show_schema_metadata=False),
        "categories": categories(descriptor, release.frames),
    }


def _table_metadata(release: _Release, name: str, frame: pd.DataFrame) -> dict[str, Any]:
    descriptor = release.descriptor
    fields = descriptor.resource(name).fields
    return {
        "name": f"{descriptor.raw['name']}/{name}",
        "table": name,
        "version": descriptor.version,
        "license": descriptor.raw["licenses"][0]["name"],
        "rows": len(frame),
        "content_sha256": canonical.content_hash(
            canonical.canonical_lines(frame, fields, fields[0].name)
        ),
    }


def _write_tables(release: _Release, stage: Path, stem: str) -> dict[str, Path]:
    """The figures (Parquet and CSV) and every published relational table, into ``stage``."""
    descriptor = release.descriptor
    published = denormalize(release.figures, release.frames, descriptor)
    files = {"figures": stage / f"{stem}.parquet"}
    write_parquet(
        arrow_table(published, figures_schema(descriptor)),
        files["figures"],
        _figures_metadata(release, published),
    )
    for resource in descriptor.resources.values():
        if not resource.is_published:
            continue
        frame = release.frames[resource.name]
        files[resource.name] = stage / f"{stem}-{resource.name}.parquet"
        table = arrow_table(
            frame.sort_values(frame.columns[0]), table_schema(descriptor, resource.name)
        )
        write_parquet(table, files[resource.name], _table_metadata(release, resource.name, frame))
    files["figures-csv"] = stage / f"{stem}.csv"
    safe = spreadsheet_frame(published)
    safe.to_csv(files["figures-csv"], index=False, lineterminator="\n", encoding="utf-8")
    return files


def _write_json(path: Path, payload: dict[str, Any]) -> Path:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


SUMS = "SHA256SUMS"  # the checksums of a build, moved into place last
MARKER = ".model-cost-ledger-build"  # says that a directory holds a build, even an interrupted one


def _move_into(out: Path, stage: Path, staged: list[Path]) -> list[Path]:
    """Move the staged files into ``out``, the checksums last and the old ones removed first, so
    that an interrupted build never leaves checksums that fail."""
    (out / MARKER).touch()
    (out / SUMS).unlink(missing_ok=True)
    final = []
    refuse_link(out / DATA_DIR)
    (out / DATA_DIR).mkdir(exist_ok=True)
    for path in staged:
        target = out / path.relative_to(stage)
        refuse_link(target)
        os.replace(path, target)
        final.append(target)
    return final


def build(out: str | Path = "dist", path: str | Path | None = None) -> Build:
    """Write the release artifacts of the current version into ``out``.

    Nothing is written unless every file is complete: they are made in a temporary directory
    inside ``out`` and then moved into place, the checksums last. ``out`` may be new, empty or an
    earlier build's directory; the dataset itself and a folder of other files are refused.

    Parameters
    ----------
    out : str or Path
        The directory to write into (created if missing).
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Build
        The version, the files written and the content hash.

    Raises
    ------
    LedgerError
        If the dataset cannot be read or does not validate (the error lists the problems), the
        version has no release record, the release no longer rebuilds to its recorded hash, or
        ``out`` is refused.

    Examples
    --------
    >>> import tempfile, model_cost_ledger as mcl
    >>> with tempfile.TemporaryDirectory() as out:
    ...     built = mcl.build(out)
    ...     sorted(p.name for p in built.files)[:3]
    ['README.md', 'SHA256SUMS', 'croissant.json']
    """
    release = _current_release(path)
    out = output_directory(Path(out), dataset_dir(path), "the build", (MARKER, SUMS))
    stem = f"model-cost-ledger-{release.descriptor.version}"
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out) as temporary:
        stage = Path(temporary)
        (stage / DATA_DIR).mkdir()
        files = _write_tables(release, stage / DATA_DIR, stem)
        written = [*files.values()]
        card = stage / "README.md"
        card.write_text(dataset_card(release.descriptor, release.released, files), "utf-8")
        written.append(card)
        written.append(
            _write_json(stage / "datapackage.json", package_descriptor(release.descriptor, files))
        )
        written.append(
            _write_json(
                stage / "croissant.json",
                croissant(release.descriptor, release.released, files["figures"]),
            )
        )
        sums = stage / SUMS
        sums.write_text(
            "".join(f"{sha256_of(p)}  {relative(p)}\n" for p in sorted(written, key=relative)),
            encoding="utf-8",
        )
        final = _move_into(out, stage, [*written, sums])
    return Build(
        release.descriptor.version, out, tuple(final), len(release.figures), release.sha256
    )
