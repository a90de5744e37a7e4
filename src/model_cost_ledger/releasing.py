"""Making a release, and what changed between two releases.

``release`` refuses unless the dataset validates, the version is greater than the last one and
large enough for what changed (semver: new figures need a minor bump, corrections a patch, a
change of the figures schema or of the metric and scope vocabularies a major one). Under a lock
(one release at a time), it stages every file in a copy inside the checkout, validates the copy,
checks that no input changed meanwhile, and only then moves the files into place through a
journal: a release killed midway is completed by the next ``release`` (see ``store.writing``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .history import canonical, fingerprints
from .history.releases import release_view
from .history.versions import check_bump, known_versions, needed_bump, version_key
from .problems import LedgerError
from .publish import documents
from .store.descriptor import Descriptor
from .store.location import dataset_dir, project_root
from .store.reading import read_tables
from .store.writing import Journal, check_unchanged, exclusive_lock, file_hashes, recover
from .validation.runner import validate

STAGING = ".release-staging"  # in the checkout: the journal of a release under way
LOCK = ".release.lock"  # in the checkout: held while a release runs


@dataclass(frozen=True)
class Release:
    """What ``release`` did: the version and date, the figure count, the content hash, and the
    figures it added and retracted."""

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


@dataclass(frozen=True)
class ReleasePlan:
    """What a release will do, decided before anything is written."""

    version: str
    released: str
    directory: Path
    root: Path
    pending: tuple[str, ...]  # ids of the unreleased rows (added_in empty)
    retracting: tuple[str, ...]  # ids of the rows this release retracts
    schema_sha256: str
    vocabulary: dict[str, str]  # the fingerprint recorded in releases.csv


def release(version: str, path: str | Path | None = None, *, date: str | None = None) -> Release:
    """Release the dataset in ``path`` (the checkout's ``dataset/`` by default) as ``version``.

    Stamps ``added_in``, records new rows in ``release_rows.csv`` and the release in
    ``releases.csv``, sets the version in ``datapackage.json``, regenerates ``sources.md`` and
    ``CHANGELOG.md``. Writes nothing at all if any step fails.

    Parameters
    ----------
    version : str
        ``X.Y.Z``, greater than the last release by a large enough semver bump.
    path : str or Path, optional
        The dataset folder of a source checkout (next to ``pyproject.toml``).
    date : str, optional
        The release date, ``YYYY-MM-DD``; today by default.

    Returns
    -------
    Release
        The version, date, number of figures, content hash and the rows added and retracted.

    Raises
    ------
    LedgerError
        Outside a source checkout, or when the dataset or the staged copy does not validate.
    ValueError
        For a bad version or date, too small a bump, a stray retraction or nothing to release.

    Examples
    --------
    >>> import csv, shutil, tempfile
    >>> from model_cost_ledger.history.versions import next_version
    >>> from model_cost_ledger.store.location import SOURCE_DATASET as source
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     copy = shutil.copytree(source, Path(folder) / "dataset")
    ...     _ = shutil.copy(source.parent / "pyproject.toml", folder)
    ...     with open(copy / "figures.csv", "r+", encoding="utf-8", newline="") as f:
    ...         row = {r["figure_id"]: r for r in csv.DictReader(f)}["deepseek-v3-parameters"]
    ...         row.update(figure_id="example-figure", added_in="", retracted_in="")
    ...         _ = csv.DictWriter(f, list(row), lineterminator="\\n").writerow(row)
    ...     last = read_tables(copy)["releases"]["version"].iloc[-1]
    ...     result = release(next_version(last, "minor"), copy, date="2026-12-01")
    >>> result.version == next_version(last, "minor"), "example-figure" in result.added
    (True, True)
    """
    directory, root = _checkout(path)
    with exclusive_lock(root / LOCK, "release"):
        if recover(root / STAGING):
            done = _completed(directory, version)
            if done is not None:
                return done
        inputs = file_hashes(_inputs(directory, root))
        plan = _plan(version, directory, root, date)
        journal = Journal(root / STAGING)
        journal.directory.mkdir()
        try:
            figures, sha256 = _stage(plan, journal)
            check_unchanged(inputs)
        except BaseException:
            shutil.rmtree(journal.directory, ignore_errors=True)
            raise
        journal.commit()
    return Release(version, plan.released, figures, sha256, plan.pending, plan.retracting)


def _inputs(directory: Path, root: Path) -> list[Path]:
    """The files a release reads or rewrites: every file of the dataset and the two documents."""
    dataset = sorted(path for path in directory.iterdir() if path.is_file())
    return [*dataset, root / "sources.md", root / "CHANGELOG.md"]


def _completed(directory: Path, version: str) -> Release | None:
    """The release ``version`` as the dataset records it, or None if it has not been made."""
    frames = read_tables(directory)
    releases = frames["releases"].set_index("version")
    if version not in releases.index:
        return None
    figures = frames["figures"]
    return Release(
        version,
        pd.Timestamp(releases.at[version, "released"]).strftime("%Y-%m-%d"),
        int(releases.at[version, "figures"]),
        str(releases.at[version, "sha256"]),
        tuple(sorted(figures.loc[figures["added_in"] == version, "figure_id"])),
        tuple(sorted(figures.loc[figures["retracted_in"] == version, "figure_id"])),
    )


def _plan(version: str, directory: Path, root: Path, date: str | None) -> ReleasePlan:
    """Validate the dataset and the version; decide which rows the release adds and retracts."""
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
    pending, retracting = _changed_rows(frames["figures"], versions, version)
    descriptor = Descriptor.read(directory)
    schema_sha256 = fingerprints.schema_hash(descriptor.raw)
    vocabulary = fingerprints.vocabulary_fingerprint(descriptor, frames)
    if last is not None:
        previous = frames["releases"].set_index("version").loc[last]
        corrections = set(retracting["superseded_by"].dropna())
        new_figures = sorted(set(pending["figure_id"]) - corrections)
        recorded = descriptor.resource("releases").field("vocabulary")
        needed, reason = needed_bump(
            previous["schema_sha256"],
            fingerprints.recorded_fingerprint(previous["vocabulary"], recorded),
            (schema_sha256, vocabulary),
            new_figures,
            len(pending) + len(retracting),
        )
        check_bump(last, version, needed, reason)
    return ReleasePlan(
        version,
        released_on,
        directory,
        root,
        tuple(sorted(pending["figure_id"])),
        tuple(sorted(retracting["figure_id"])),
        schema_sha256,
        vocabulary,
    )


def _checkout(path: str | Path | None) -> tuple[Path, Path]:
    """The dataset folder and the source checkout it is in."""
    directory = dataset_dir(path).resolve()
    root = project_root(directory)
    if root is None:
        raise LedgerError(
            "releases are made from a source checkout "
            "(a folder with pyproject.toml next to dataset/)",
            path=directory,
        )
    return directory, root


def _changed_rows(
    figures: pd.DataFrame, versions: list[str], version: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The unreleased rows, and the rows retracted in a version not yet released (``version``)."""
    pending = figures[figures["added_in"].isna()]
    retracting = figures[figures["retracted_in"].notna() & ~figures["retracted_in"].isin(versions)]
    wrong = retracting[retracting["retracted_in"] != version]
    if len(wrong):
        raise ValueError(
            f"rows {', '.join(wrong['figure_id'])} say retracted_in "
            f"{', '.join(sorted(set(wrong['retracted_in'])))}, but this release is {version}"
        )
    return pending, retracting


def _stage(plan: ReleasePlan, journal: Journal) -> tuple[int, str]:
    """Write the release into a copy of the dataset in the journal's directory, check that it
    validates and stage its files; return its figure count and content hash."""
    stage = journal.directory / "dataset"
    shutil.copytree(plan.directory, stage)
    _stamp_added_in(stage / "figures.csv", plan.version)
    staged = read_tables(stage)
    descriptor = Descriptor.read(stage)
    fields = descriptor.resource("figures").fields
    view = release_view(staged["figures"], plan.version)
    sha256 = canonical.content_hash(canonical.canonical_lines(view, fields))
    new_rows = staged["figures"][staged["figures"]["figure_id"].isin(set(plan.pending))]
    with open(stage / "release_rows.csv", "a", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        for values in canonical.canonical_rows(new_rows, fields):
            row = canonical.first_release_row(values, fields)
            writer.writerow(
                [row[0], plan.version, canonical.row_hash(row), canonical.field_fingerprint(row)]
            )
    with open(stage / "releases.csv", "a", encoding="utf-8", newline="") as out:
        recorded = descriptor.resource("releases").field("vocabulary")
        entries = fingerprints.fingerprint_cell(plan.vocabulary, recorded)
        csv.writer(out, lineterminator="\n").writerow(
            [plan.version, plan.released, len(view), sha256, plan.schema_sha256, entries]
        )
    raw = json.loads((stage / "datapackage.json").read_text(encoding="utf-8"))
    raw["version"] = plan.version
    (stage / "datapackage.json").write_text(
        json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    _check_staged(plan, stage)
    _journal_files(plan, stage, journal)
    return len(view), sha256


def _check_staged(plan: ReleasePlan, stage: Path) -> None:
    problems = validate(stage)
    if problems:
        raise LedgerError(
            "the staged release does not validate; nothing was written",
            path=plan.directory,
            problems=tuple(problems),
        )


def _journal_files(plan: ReleasePlan, stage: Path, journal: Journal) -> None:
    """Stage the rewritten tables and the regenerated documents to replace the checkout's."""
    final = read_tables(stage)
    for name in ("figures.csv", "release_rows.csv", "releases.csv", "datapackage.json"):
        journal.add(stage / name, plan.directory / name)
    journal.stage(
        plan.root / "sources.md", documents.sources_markdown(final, Descriptor.read(stage))
    )
    changelog = plan.root / "CHANGELOG.md"
    journal.stage(changelog, documents.changelog(final, documents.package_notes_in(changelog)))


def _stamp_added_in(path: Path, version: str) -> None:
    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    column = rows[0].index("added_in")
    for row in rows[1:]:
        if row[column] == "":
            row[column] = version
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
