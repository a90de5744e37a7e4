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
            help="dataset directory (default: $MODEL_COST_LEDGER_DATASET, else the nearest"
            " dataset/ at or above the current directory, else the installed one)",
        ),
        argument(
            "--again",
            action="store_true",
            help="run every rule even if these same bytes passed them before under this code",
        ),
    ),
)
def _validate(args: argparse.Namespace) -> int:
    from ..store.location import edited_dataset
    from ..text.layout import terminal_width, wrap
    from ..validation import stamps

    width = terminal_width()

    def say(text: str, indent: str = "") -> None:  # wrapped; a problem stays one line, for grep
        print("\n".join(wrap(text, width, indent, hanging="  ")))

    directory, why = edited_dataset(args.directory)
    if len(f"checked {directory} ({why})") <= width:
        print(f"checked {directory} ({why})")
    else:  # the path alone on its line, whole, for copying
        print(f"checked {directory}")
        say(f"({why})", indent="  ")
    stamp = stamps.stamp(directory)
    if stamp is not None and stamp.is_file() and not args.again:
        say(f"rows: {_row_counts(directory)}")
        say("every rule passed on these bytes before, under this code (--again reruns them)")
        print("no problems found")
        return 0
    from ..validation.runner import validate

    problems = validate(directory)
    say(f"rows: {_row_counts(directory)}")
    if not problems:
        stamps.mark_valid(stamp)
        print("no problems found")
        return 0
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1


def _row_counts(directory: Path) -> str:
    """``figures 984, sources 310, ...``: the records of each CSV table the descriptor lists
    (every ``*.csv`` when it cannot be read), counted as CSV so that quoted newlines count once."""
    import csv
    import json

    try:
        resources = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
        names = [r["path"] for r in resources["resources"] if str(r["path"]).endswith(".csv")]
    except (OSError, ValueError, KeyError, TypeError):
        names = sorted(p.name for p in directory.glob("*.csv"))
    counts = []
    for name in names:
        try:
            with open(directory / name, encoding="utf-8", newline="") as table:
                counts.append(f"{Path(name).stem} {max(0, sum(1 for _ in csv.reader(table)) - 1)}")
        except (OSError, UnicodeError, csv.Error):
            counts.append(f"{Path(name).stem} unreadable")
    return ", ".join(counts) or "no tables"


@command(
    "audit",
    "draw random figures with what re-checking each needs (maintainers)",
    f"{PROG} audit --sample 20 --seed 14",
    arguments=(
        argument(
            "--sample", type=int, default=20, metavar="N", help="figures to draw (default: 20)"
        ),
        argument("--seed", type=int, default=0, metavar="S", help="seed of the draw (default: 0)"),
        argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="output format (default: text)",
        ),
    ),
)
def _audit(args: argparse.Namespace) -> int:
    from ..audit import sample

    drawn = sample(args.sample, args.seed)
    print(drawn.to_json() if args.format == "json" else drawn)
    return 0


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
