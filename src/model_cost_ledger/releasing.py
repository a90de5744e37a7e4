"""Making a release, and what changed between two releases.

``release`` refuses unless the dataset validates, the version is greater than the last one and
large enough for what changed (semver: new figures need a minor bump, corrections a patch, a
change of the figures schema or of the metric and scope vocabularies a major one). It stages
every file in a temporary copy, validates the copy, and only then moves the files into place.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import canonical, docs
from .canonical import version_key
from .history import known_versions, release_view
from .problems import LedgerError
from .reading import read_tables
from .rules import validate
from .schema import Descriptor, dataset_dir

BUMPS = ("patch", "minor", "major")
CHANGES = ("added", "superseded", "retracted")


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


def _bump(old: str, new: str) -> str:
    old_key, new_key = version_key(old), version_key(new)
    if new_key[0] != old_key[0]:
        return "major"
    return "minor" if new_key[1] != old_key[1] else "patch"


def _next(old: str, bump: str) -> str:
    major, minor, patch = version_key(old)
    return {
        "major": f"{major + 1}.0.0",
        "minor": f"{major}.{minor + 1}.0",
        "patch": f"{major}.{minor}.{patch + 1}",
    }[bump]


def release(version: str, path: str | Path | None = None, *, date: str | None = None) -> Release:
    """Release the dataset in ``path`` (the checkout's ``dataset/`` by default) as ``version``.

    Stamps ``added_in`` on unreleased rows, records each new row's hash in ``release_rows.csv``,
    appends the release with its content hash to ``releases.csv``, sets the version in
    ``datapackage.json`` (from which the package version is read) and regenerates ``sources.md``
    and ``CHANGELOG.md``. Writes nothing at all if any step fails.
    """
    directory = dataset_dir(path).resolve()
    root = docs.project_root(directory)
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
    schema_sha256 = canonical.schema_hash(Descriptor.read(directory).raw)
    vocabulary = canonical.vocabulary_fingerprint(
        {"metrics": frames["metrics"], "scopes": frames["scopes"]}
    )
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
        if BUMPS.index(_bump(last, version)) < BUMPS.index(needed):
            reason = {
                "major": f"the figures schema or vocabulary entries changed ({', '.join(changed) or 'schema'})",
                "minor": f"new figures or vocabulary entries ({', '.join((new_figures + added)[:3])})",
            }[needed]
            raise ValueError(
                f"{version} is a {_bump(last, version)} release, but {reason} need(s) at least a {needed} release ({_next(last, needed)})"
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
        descriptor_text = (stage / "datapackage.json").read_text(encoding="utf-8")
        (stage / "datapackage.json").write_text(
            re.sub(r'"version": "[^"]*"', f'"version": "{version}"', descriptor_text, count=1),
            encoding="utf-8",
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
            root / "sources.md": docs.sources_markdown(final),
            root / "CHANGELOG.md": changelog(final),
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


def diff(a: str, b: str, path: str | Path | None = None) -> pd.DataFrame:
    """Figures added, superseded and retracted between releases ``a`` and ``b`` (a before b).

    Examples
    --------
    >>> import model_cost_ledger as mcl
    >>> changes = mcl.diff("0.1.0", "0.1.0")
    >>> list(changes.columns)[:3]
    ['change', 'figure_id', 'superseded_by']
    """
    frames = read_tables(path)
    return _diff(frames, a, b)


def _diff(frames: dict[str, pd.DataFrame], a: str, b: str) -> pd.DataFrame:
    versions = known_versions(frames["releases"])
    for version in (a, b):
        if version not in versions:
            raise KeyError(
                f"unknown version {version!r}; released versions: {', '.join(versions) or 'none yet'}"
            )
    if version_key(a) > version_key(b):
        raise ValueError(f"diff goes from the older release to the newer one: {a} is after {b}")
    figures = frames["figures"].set_index("figure_id", drop=False)
    before = set(release_view(frames["figures"], a)["figure_id"])
    after = set(release_view(frames["figures"], b)["figure_id"])
    rows = []
    for figure_id in sorted(after - before):
        rows.append(("added", figure_id))
    for figure_id in sorted(before - after):
        rows.append(
            (
                "superseded" if pd.notna(figures.at[figure_id, "superseded_by"]) else "retracted",
                figure_id,
            )
        )
    columns = [
        "figure_id",
        "superseded_by",
        "subject_id",
        "metric",
        "value",
        "unit",
        "reported_as",
        "source_id",
    ]
    detail = (
        figures.loc[[figure_id for _, figure_id in rows], columns].reset_index(drop=True)
        if rows
        else figures.iloc[0:0][columns].reset_index(drop=True)
    )
    detail.insert(0, "change", pd.Categorical([change for change, _ in rows], categories=CHANGES))
    return detail.sort_values(["change", "figure_id"], kind="stable").reset_index(drop=True)


def changelog(frames: dict[str, pd.DataFrame]) -> str:
    """CHANGELOG.md, generated: one section per release, newest first, listing figure ids."""
    versions = known_versions(frames["releases"])
    releases = frames["releases"].set_index("version")
    lines = [
        "# Changelog",
        "",
        "Generated by `model-cost-ledger release`; one section per release of the dataset.",
        "",
    ]
    for index in range(len(versions) - 1, -1, -1):
        version = versions[index]
        row = releases.loc[version]
        lines += [
            f"## {version} ({pd.Timestamp(row['released']):%Y-%m-%d})",
            "",
            f"{row['figures']} figures; content sha256 `{row['sha256']}`.",
            "",
        ]
        if index == 0:
            added = release_view(frames["figures"], version)["figure_id"].tolist()
            changes = pd.DataFrame(
                {
                    "change": ["added"] * len(added),
                    "figure_id": added,
                    "superseded_by": [pd.NA] * len(added),
                }
            )
        else:
            changes = _diff(frames, versions[index - 1], version)
        for change in CHANGES:
            subset = changes[changes["change"] == change]
            if subset.empty:
                continue
            if change == "superseded":
                items = [
                    f"`{f}` -> `{s}`"
                    for f, s in zip(subset["figure_id"], subset["superseded_by"], strict=True)
                ]
            else:
                items = [f"`{f}`" for f in subset["figure_id"]]
            lines.append(f"- {change} ({len(items)}): " + ", ".join(items))
        lines.append("")
    return "\n".join(lines)
