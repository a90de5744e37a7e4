"""Making a release, and what changed between two releases.

``release`` refuses unless the dataset validates, the version is greater than the last one and
large enough for what changed (semver: new figures need a minor bump, corrections a patch, a
change of the figures schema or of the metric and scope vocabularies a major one). It stages
every file in a temporary copy, validates the copy, and only then moves the files into place.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .history import canonical
from .history.fingerprints import schema_hash, vocabulary_fingerprint
from .history.releases import release_view
from .history.versions import BUMPS, bump, known_versions, next_version, version_key
from .problems import LedgerError
from .publish import documents
from .store.descriptor import Descriptor
from .store.location import dataset_dir, project_root
from .store.reading import read_tables
from .validation.runner import validate


@dataclass(frozen=True)
class Release:
    version: str
    released: str
    figures: int
    sha256: str
    added: tuple[str, ...]
    retracted: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"released {self.version} on {self.released}: {self.figures} figures, "
            f"{len(self.added)} added, {len(self.retracted)} retracted; sha256 {self.sha256}"
        )


def release(version: str, path: str | Path | None = None, *, date: str | None = None) -> Release:
    """Release the dataset in ``path`` (the checkout's ``dataset/`` by default) as ``version``.

    Stamps ``added_in`` on unreleased rows, records each new row's hash in ``release_rows.csv``,
    appends the release with its content hash to ``releases.csv``, sets the version in
    ``datapackage.json`` (from which the package version is read) and regenerates ``sources.md``
    and ``CHANGELOG.md``. Writes nothing at all if any step fails.
    """
    directory = dataset_dir(path).resolve()
    root = project_root(directory)
    if root is None:
        raise LedgerError(
            "releases are made from a source checkout (a folder with pyproject.toml next to dataset/)",
            path=directory,
        )
    problems = validate(directory)
    if problems:
        raise LedgerError(
            f"cannot release: validation found {len(problems)} problem(s)",
            path=directory,
            problems=tuple(problems),
        )
    new_key = version_key(version)
    released_on = date or dt.date.today().isoformat()
    dt.date.fromisoformat(released_on)
    frames = read_tables(directory)
    versions = known_versions(frames["releases"])
    last = versions[-1] if versions else None
    if last is not None and new_key <= version_key(last):
        raise ValueError(f"version {version} is not greater than the last release {last}")
    figures = frames["figures"]
    pending = figures[figures["added_in"].isna()]
    retracting = figures[figures["retracted_in"].notna() & ~figures["retracted_in"].isin(versions)]
    wrong = retracting[retracting["retracted_in"] != version]
    if len(wrong):
        raise ValueError(
            f"rows {', '.join(wrong['figure_id'])} say retracted_in {', '.join(sorted(set(wrong['retracted_in'])))}, but this release is {version}"
        )
    corrections = set(retracting["superseded_by"].dropna())
    new_figures = sorted(set(pending["figure_id"]) - corrections)
    descriptor = Descriptor.read(directory)
    schema_sha256 = schema_hash(descriptor.raw)
    vocabulary = vocabulary_fingerprint(descriptor, frames)
    if last is not None:
        previous = frames["releases"].set_index("version").loc[last]
        old_vocabulary = dict(item.split(":") for item in previous["vocabulary"].split(";"))
        changed = sorted(
            key for key, value in old_vocabulary.items() if vocabulary.get(key) != value
        )
        added = sorted(set(vocabulary) - set(old_vocabulary))
        needed = (
            "major"
            if schema_sha256 != previous["schema_sha256"] or changed
            else "minor"
            if new_figures or added
            else "patch"
            if len(pending) or len(retracting)
            else None
        )
        if needed is None:
            raise ValueError(
                f"nothing to release: no new, corrected or retracted figures and no schema change since {last}"
            )
        if BUMPS.index(bump(last, version)) < BUMPS.index(needed):
            reason = {
                "major": f"the figures schema or vocabulary entries changed ({', '.join(changed) or 'schema'})",
                "minor": f"new figures or vocabulary entries ({', '.join((new_figures + added)[:3])})",
            }[needed]
            raise ValueError(
                f"{version} is a {bump(last, version)} release, but {reason} need(s) at least a {needed} release ({next_version(last, needed)})"
            )

    with tempfile.TemporaryDirectory(prefix=".release-", dir=root) as temporary:
        stage = Path(temporary) / "dataset"
        shutil.copytree(directory, stage)
        _stamp_added_in(stage / "figures.csv", version)
        staged = read_tables(stage)
        fields = Descriptor.read(stage).resource("figures").fields
        view = release_view(staged["figures"], version)
        lines = canonical.canonical_lines(view, fields)
        sha256 = canonical.content_hash(lines)
        new_rows = staged["figures"][staged["figures"]["figure_id"].isin(set(pending["figure_id"]))]
        with open(stage / "release_rows.csv", "a", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for values in canonical.canonical_rows(new_rows, fields):
                row = canonical.first_release_row(values, fields)
                writer.writerow(
                    [row[0], version, canonical.row_hash(row), canonical.field_fingerprint(row)]
                )
        with open(stage / "releases.csv", "a", encoding="utf-8", newline="") as out:
            entries = ";".join(f"{key}:{value}" for key, value in vocabulary.items())
            csv.writer(out, lineterminator="\n").writerow(
                [version, released_on, len(view), sha256, schema_sha256, entries]
            )
        staged_descriptor = json.loads((stage / "datapackage.json").read_text(encoding="utf-8"))
        staged_descriptor["version"] = version
        (stage / "datapackage.json").write_text(
            json.dumps(staged_descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        problems = validate(stage)
        if problems:
            raise LedgerError(
                "the staged release does not validate; nothing was written",
                path=directory,
                problems=tuple(problems),
            )
        final = read_tables(stage)
        generated = {
            root / "sources.md": documents.sources_markdown(final, Descriptor.read(stage)),
            root / "CHANGELOG.md": documents.changelog(final),
        }
        staged_docs = []
        for target, text in generated.items():
            staged_doc = Path(temporary) / target.name
            staged_doc.write_text(text, encoding="utf-8")
            staged_docs.append((staged_doc, target))
        for name in ("figures.csv", "release_rows.csv", "releases.csv", "datapackage.json"):
            os.replace(stage / name, directory / name)
        for staged_doc, target in staged_docs:
            os.replace(staged_doc, target)
    return Release(
        version,
        released_on,
        len(view),
        sha256,
        tuple(sorted(pending["figure_id"])),
        tuple(sorted(retracting["figure_id"])),
    )


def _stamp_added_in(path: Path, version: str) -> None:
    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    column = rows[0].index("added_in")
    for row in rows[1:]:
        if row[column] == "":
            row[column] = version
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
