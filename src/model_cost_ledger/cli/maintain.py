"""Commands that check, regenerate and publish the ledger: validate, sources, docs, release,
build, verify. Declared like the reading commands (see ``browse``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from .registry import PROG, argument, command


def _next_minor() -> str:
    from ..history.versions import next_version

    return next_version(__version__, "minor")


def _checkout() -> Path:
    """The source checkout that holds the dataset; refuse for an installed copy."""
    from ..problems import LedgerError
    from ..store.location import dataset_dir, project_root

    root = project_root(dataset_dir())
    if root is None:
        raise LedgerError(
            "--write regenerates a file of a source checkout, but this dataset is an installed"
            " copy; set MODEL_COST_LEDGER_DATASET to a checkout's dataset/ directory",
            path=dataset_dir(),
        )
    return root


WRITE = argument(
    "--write", action="store_true", help="write the file in the dataset's checkout, not stdout"
)


@command(
    "validate",
    "check every row of a dataset directory",
    f"{PROG} validate",
    arguments=(
        argument(
            "directory",
            nargs="?",
            metavar="DIR",
            default=None,
            help="dataset directory (default: $MODEL_COST_LEDGER_DATASET, else the shipped one)",
        ),
    ),
)
def _validate(args: argparse.Namespace) -> int:
    from ..validation.runner import validate

    problems = validate(args.directory)
    if not problems:
        print("no problems found")
        return 0
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1


@command(
    "sources",
    "print or regenerate sources.md from the dataset",
    f"{PROG} sources --write",
    arguments=(WRITE,),
)
def _sources(args: argparse.Namespace) -> int:
    from ..publish.documents import sources_markdown
    from ..store.descriptor import Descriptor
    from ..store.reading import read_tables
    from ..store.writing import write_atomic

    text = sources_markdown(read_tables(), Descriptor.read())
    if args.write:
        target = write_atomic(_checkout() / "sources.md", text)
        print(f"wrote {target}")
    else:
        print(text)
    return 0


@command(
    "docs",
    "print or regenerate the README's data dictionary",
    f"{PROG} docs --write",
    arguments=(WRITE,),
)
def _docs(args: argparse.Namespace) -> int:
    from ..publish.documents import data_dictionary, readme_with_dictionary
    from ..store.descriptor import Descriptor
    from ..store.writing import write_atomic

    descriptor = Descriptor.read()
    if args.write:
        readme = _checkout() / "README.md"
        text = readme_with_dictionary(readme.read_text(encoding="utf-8"), descriptor)
        write_atomic(readme, text)
        print(f"updated the data dictionary in {readme}")
    else:
        print(data_dictionary(descriptor))
    return 0


@command(
    "release",
    "release the dataset as VERSION (stamps rows, records hashes)",
    lambda: f"{PROG} release {_next_minor()}",
    arguments=(
        argument(
            "version",
            metavar="VERSION",
            help="the new version X.Y.Z, greater than the last release",
        ),
        argument("--date", metavar="YYYY-MM-DD", help="release date (default: today)"),
    ),
)
def _release(args: argparse.Namespace) -> int:
    from ..releasing import release

    print(release(args.version, date=args.date))
    return 0


@command(
    "build",
    "write the release files: Parquet, CSV, descriptors, checksums",
    f"{PROG} build --out dist",
    arguments=(
        argument("--out", default="dist", metavar="DIR", help="output directory (default: dist)"),
    ),
)
def _build(args: argparse.Namespace) -> int:
    from ..publish.bundle import build

    print(build(args.out))
    return 0


@command(
    "verify",
    "check a downloaded Parquet file: schema, checksums, content hash, the release record",
    f"{PROG} verify dist/data/{PROG}-{__version__}.parquet",
    arguments=(argument("file", metavar="FILE", help=f"a {PROG}-X.Y.Z[-TABLE].parquet file"),),
)
def _verify(args: argparse.Namespace) -> int:
    from ..publish.verification import verify

    verified = verify(args.file)
    print(verified)
    return 0 if verified.complete else 1
