"""The ``model-cost-ledger`` command: a thin layer over the public API, one function per command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COMMANDS = {}  # name -> (handler, help, example)


def command(name: str, help: str, example: str):
    def register(function):
        COMMANDS[name] = (function, help, example)
        return function

    return register


def _table(frame, columns, widths) -> str:
    import pandas as pd

    def cell(value, width):
        text = "" if pd.isna(value) else str(value)
        return text if len(text) <= width else text[: width - 1] + "…"

    head = "  ".join(f"{c:<{w}}" for c, w in zip(columns, widths, strict=True)).rstrip()
    rows = [
        "  ".join(f"{cell(v, w):<{w}}" for v, w in zip(row, widths, strict=True)).rstrip()
        for row in frame[columns].astype(object).itertuples(index=False)
    ]
    return "\n".join([head, "  ".join("-" * w for w in widths), *rows])


@command(
    "validate", "check every row of a dataset directory", "model-cost-ledger validate dataset/"
)
def _validate(args) -> int:
    from .validation.runner import validate

    problems = validate(args.directory)
    if not problems:
        print("no problems found")
        return 0
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1


@command(
    "compare",
    "two subjects' figures side by side, with a verdict per pair",
    "model-cost-ledger compare deepseek-r1 gpt-4o",
)
def _compare(args) -> int:
    from .comparison.result import compare

    result = compare(args.a, args.b, metric=args.metric, year=args.year)
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        frame = result.to_frame().assign(reasons=lambda f: f["reasons"].map(";".join))
        frame.to_csv(sys.stdout, index=False)
    else:
        print(result)
    return 0


@command(
    "list",
    "list figures, optionally for one subject or metric",
    "model-cost-ledger list --subject deepseek-v3 --metric training_cost",
)
def _list(args) -> int:
    from .views import load

    figures = load(version=args.version)
    if args.subject:
        figures = figures[figures["subject_id"] == args.subject]
    if args.metric:
        figures = figures[figures["metric"] == args.metric]
    print(
        _table(
            figures, ["figure_id", "metric", "reported_as", "scope", "basis"], [44, 17, 24, 20, 20]
        )
    )
    print(f"{len(figures)} figure(s)")
    return 0


@command(
    "show",
    "one figure with its claim, scope and chain of sources",
    "model-cost-ledger show deepseek-v3-training-cost",
)
def _show(args) -> int:
    from .views import chain

    print(chain(args.figure_id))
    return 0


@command(
    "stats",
    "coverage: figures by organization, metric, basis, year and confidence",
    "model-cost-ledger stats",
)
def _stats(args) -> int:
    from .views import stats

    tables = stats()
    figures = tables["basis"]["figures"].sum()
    models = tables["organization"]["subjects"].sum()
    print(
        f"{figures} current figures about {models} subjects from {len(tables['organization'])} organizations"
    )
    for name in ("organization", "metric", "basis", "year", "confidence"):
        frame = tables[name]
        print(f"\nby {name}:")
        for key, row in frame.iterrows():
            print(f"  {key!s:<28} {row['figures']:>5} figures  {row['subjects']:>4} subjects")
    single = tables["single_basis_subjects"]
    print(f"\n{len(single)} subjects rest on one kind of basis only:")
    for basis, group in single.groupby("basis"):
        names = ", ".join(group.index)
        print(f"  {basis}: {names}"[:4000])
    return 0


@command(
    "sources", "print or regenerate sources.md from dataset/", "model-cost-ledger sources --write"
)
def _sources(args) -> int:
    from .publish.documents import sources_markdown
    from .store.descriptor import Descriptor
    from .store.reading import read_tables

    text = sources_markdown(read_tables(), Descriptor.read())
    if args.write:
        Path("sources.md").write_text(text, encoding="utf-8")
        print("wrote sources.md")
    else:
        print(text)
    return 0


@command(
    "docs",
    "regenerate the README's data dictionary from the descriptor",
    "model-cost-ledger docs --write",
)
def _docs(args) -> int:
    from .publish.documents import data_dictionary, readme_with_dictionary
    from .store.descriptor import Descriptor

    descriptor = Descriptor.read()
    if args.write:
        readme = Path("README.md")
        readme.write_text(
            readme_with_dictionary(readme.read_text(encoding="utf-8"), descriptor), encoding="utf-8"
        )
        print("updated the data dictionary in README.md")
    else:
        print(data_dictionary(descriptor))
    return 0


@command(
    "release",
    "release the dataset as VERSION (stamps rows, records hashes)",
    "model-cost-ledger release 1.1.0",
)
def _release(args) -> int:
    from .releasing import release

    print(release(args.version, date=args.date))
    return 0


@command(
    "diff",
    "figures added, superseded and retracted between two releases",
    "model-cost-ledger diff 1.0.0 1.1.0",
)
def _diff(args) -> int:
    from .history.changes import diff

    changes = diff(args.a, args.b)
    if args.format == "csv":
        changes.to_csv(sys.stdout, index=False)
        return 0
    print(
        _table(
            changes,
            ["change", "figure_id", "superseded_by", "metric", "reported_as"],
            [10, 40, 30, 16, 22],
        )
    )
    counts = changes["change"].value_counts()
    print(", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "superseded", "retracted")))
    return 0


@command(
    "plot",
    "reported values against publication date, log scale (extra: plot)",
    "model-cost-ledger plot --metric training_cost -o costs.png --highlight deepseek-r1 gpt-4o",
)
def _plot(args) -> int:
    from .plots import plot

    result = plot(args.metric, args.out, tuple(args.highlight))
    print(
        f"wrote {result.path}: {len(result.points)} figures plotted, {len(result.skipped)} left out (undated sources)"
    )
    return 0


@command(
    "build",
    "write the release artifacts (Parquet, CSV, descriptors, SHA256SUMS)",
    "model-cost-ledger build --out dist/",
)
def _build(args) -> int:
    from .publish.bundle import build

    print(build(args.out))
    return 0


@command(
    "verify",
    "check a downloaded Parquet file: schema, checksums, content hash",
    "model-cost-ledger verify model-cost-ledger-0.2.0.parquet",
)
def _verify(args) -> int:
    from .publish.parquet import verify

    print(verify(args.file))
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="model-cost-ledger",
        description="Publicly reported AI model cost figures, with their provenance.",
    )
    from . import __version__

    main_parser.add_argument(
        "--version", action="version", version=f"model-cost-ledger {__version__}"
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (handler, help_text, example) in COMMANDS.items():
        sub = commands.add_parser(
            name,
            help=help_text,
            description=f"{help_text[0].upper()}{help_text[1:]}.",
            epilog=f"example: {example}",
        )
        sub.set_defaults(handler=handler)
        if name == "validate":
            sub.add_argument(
                "directory",
                nargs="?",
                default=None,
                help="dataset directory (default: the shipped dataset)",
            )
        elif name == "compare":
            sub.add_argument(
                "a", help="a subject id, name or alias, e.g. deepseek-r1 or 'DeepSeek R1'"
            )
            sub.add_argument("b", help="the other subject")
            sub.add_argument(
                "--metric",
                default="training_cost",
                help="metric to compare (default: training_cost)",
            )
            sub.add_argument(
                "--year",
                type=int,
                default=None,
                help="constant-dollar year (default: the price index's latest)",
            )
            sub.add_argument("--format", choices=["table", "csv", "json"], default="table")
        elif name == "build":
            sub.add_argument("--out", default="dist", help="output directory (default: dist)")
        elif name == "verify":
            sub.add_argument("file", help="a model-cost-ledger-X.Y.Z.parquet file")
        elif name == "plot":
            sub.add_argument("--metric", default="training_cost")
            sub.add_argument("-o", "--out", default="costs.png", help="PNG file to write")
            sub.add_argument("--highlight", nargs="*", default=[], help="subjects to label")
        elif name == "list":
            sub.add_argument("--subject", help="a subject id, e.g. deepseek-v3")
            sub.add_argument("--metric", help="a metric, e.g. training_cost")
            sub.add_argument(
                "--version",
                dest="version",
                default=None,
                help="a released version (default: current)",
            )
        elif name == "show":
            sub.add_argument("figure_id")
        elif name in ("sources", "docs"):
            sub.add_argument(
                "--write", action="store_true", help="write the file instead of printing"
            )
        elif name == "release":
            sub.add_argument("version", help="the new version, X.Y.Z")
            sub.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
        elif name == "diff":
            sub.add_argument("a", help="the older release")
            sub.add_argument("b", help="the newer release")
            sub.add_argument("--format", choices=["table", "csv"], default="table")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    from .problems import LedgerError

    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
        sys.stderr.close()
        return 0
    except (LedgerError, KeyError, ValueError, ImportError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
