"""Commands that read the ledger: compare, list, show, stats, diff, plot. Each declares its
arguments, help and example beside the handler, which calls one library function and prints the
result; library modules are imported inside the handlers, so that ``--help`` does not load pandas.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..text.layout import terminal_width
from .registry import PROG, YEAR, argument, command, output_format

SUBJECT_HELP = "a subject id, name or alias, e.g. deepseek-r1 or 'DeepSeek R1'"
DATASET = argument(
    "--dataset",
    metavar="DIR",
    default=None,
    help="read this dataset directory, e.g. a checkout's dataset/ before release"
    " (default: $MODEL_COST_LEDGER_DATASET, else the installed one)",
)


@command(
    "compare",
    "two subjects' figures side by side, with a verdict per pair",
    f"{PROG} compare deepseek-r1 gpt-4o",
    arguments=(
        argument("a", metavar="A", help=SUBJECT_HELP),
        argument("b", metavar="B", help="the other subject"),
        argument(
            "--metric", default="training_cost", help="metric to compare (default: training_cost)"
        ),
        YEAR,
        output_format(),
        DATASET,
    ),
)
def _compare(args: argparse.Namespace) -> int:
    from ..comparison.result import compare
    from .tables import printable_frame

    result = compare(args.a, args.b, metric=args.metric, year=args.year, path=args.dataset)
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        frame = result.to_frame().assign(reasons=lambda f: f["reasons"].map(";".join))
        printable_frame(frame).to_csv(sys.stdout, index=False)
    else:
        print(result.render(width=terminal_width()))
    return 0


@command(
    "list",
    "list figures, optionally for one subject, metric or scope",
    f"{PROG} list --subject 'Gemini Ultra' --metric training_cost --sort=-value",
    arguments=(
        argument("--subject", help=SUBJECT_HELP),
        argument("--metric", help="only this metric, e.g. training_cost"),
        argument(
            "--scope",
            nargs="+",
            default=[],
            metavar="SCOPE",
            help="only these scopes, or scope families (final_run: every final_run_* scope)",
        ),
        argument(
            "--sort",
            default="figure_id",
            metavar="FIELD",
            help="a column to sort by; --sort=-FIELD sorts largest first (default: figure_id)",
        ),
        argument("--version", default=None, help="a released version (default: current)"),
        DATASET,
        output_format("; csv and json keep every column"),
    ),
)
def _list(args: argparse.Namespace) -> int:
    from ..comparison.finding import figures
    from ..validation.gate import valid_tables
    from .listing import figure_blocks, figures_json
    from .tables import printable_frame

    found = figures(args.subject, args.metric, args.scope, args.sort, args.version, args.dataset)
    if args.format == "json":
        print(figures_json(found))
    elif args.format == "csv":
        printable_frame(found).to_csv(sys.stdout, index=False)
    else:
        metrics = valid_tables(args.dataset)["metrics"].set_index("metric", drop=False)
        print("\n".join(figure_blocks(found, metrics, terminal_width())))
        print(f"{len(found)} figure(s)")
    return 0


@command(
    "show",
    "one figure with its claim, scope and chain of sources",
    f"{PROG} show deepseek-v3-training-cost",
    arguments=(
        argument(
            "figure_id", metavar="FIGURE_ID", help="a figure id, e.g. deepseek-v3-training-cost"
        ),
        DATASET,
    ),
)
def _show(args: argparse.Namespace) -> int:
    from ..views import chain

    try:
        found = chain(args.figure_id, path=args.dataset)
    except KeyError as error:  # a subject's name given for a figure id: say which command
        from ..comparison.finding import subject_hint

        raise KeyError(f"{error.args[0]}{subject_hint(args.figure_id, args.dataset)}") from None
    print(found.render(terminal_width()))
    return 0


@command(
    "stats",
    "figures counted by organization, metric, basis, year, confidence",
    f"{PROG} stats",
)
def _stats(args: argparse.Namespace) -> int:
    from ..coverage import stats
    from ..text.display import printable
    from ..text.layout import wrap

    tables = stats()
    figures = tables["basis"]["figures"].sum()
    models = tables["organization"]["subjects"].sum()
    organizations = len(tables["organization"])
    width = terminal_width()

    def say(text: str, lead: str = "", hanging: str = "    ") -> None:
        """One line as it is when it fits (keeping its alignment), else wrapped."""
        line = lead + printable(text)
        print(line if len(line) <= width else "\n".join(wrap(text, width, lead, hanging)))

    say(f"{figures} current figures about {models} subjects from {organizations} organizations")
    for name in ("organization", "metric", "basis", "year", "confidence", "tier"):
        print(f"\nby {name}:")
        keys = max(28, *(len(str(key)) for key in tables[name].index))  # one column per section
        for key, row in tables[name].iterrows():
            say(f"{key:<{keys}} {row['figures']:>5} figures  {row['subjects']:>4} subjects", "  ")
    single = tables["single_basis_subjects"]
    print()
    say(f"{len(single)} subjects rest on one kind of basis only:")
    for basis, group in single.groupby("basis"):
        say(f"{basis}: {', '.join(group.index)}", "  ")
    print("\nprovenance:")
    for row in tables["provenance"].itertuples():
        share = f"{row.share:.1%}" if row.of else "-"
        say(f"{share:>6}  {row.figures:>4} of {row.of:<4}  {row.Index}", "  ", " " * 24)
    years = tables["unindexed_years"]["figures"]
    missing = ", ".join(f"{year} ({count} figures)" for year, count in years.items())
    lacking = f"money figures in years the price index lacks: {missing or 'none'}"
    say(lacking, "  ")
    return 0


@command(
    "diff",
    "figures added, superseded and retracted between two releases",
    f"{PROG} diff 0.1.0 {__version__}",
    arguments=(
        argument("a", metavar="A", help="the older release, e.g. 0.1.0"),
        argument("b", metavar="B", help=f"the newer release, e.g. {__version__}"),
        argument(
            "--format",
            choices=["table", "csv"],
            default="table",
            help="output format (default: table)",
        ),
    ),
)
def _diff(args: argparse.Namespace) -> int:
    from ..history.changes import diff
    from .tables import printable_frame, table

    changes = diff(args.a, args.b)
    if args.format == "csv":
        printable_frame(changes).to_csv(sys.stdout, index=False)
        return 0
    columns = ["change", "figure_id", "superseded_by", "metric", "reported_as"]
    print(table(changes, columns, [10, 40, 30, 16, 22]))
    counts = changes["change"].value_counts()
    print(", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "superseded", "retracted")))
    return 0


@command(
    "plot",
    "costs against model release date, one panel per scope family (plot extra)",
    f"{PROG} plot -o costs.png --highlight deepseek-r1 gpt-4o",
    arguments=(
        argument(
            "--metric", default="training_cost", help="metric to plot (default: training_cost)"
        ),
        argument(
            "-o",
            "--out",
            default="costs.png",
            metavar="FILE",
            help="image to write, .png or .svg (default: costs.png)",
        ),
        argument(
            "--highlight",
            nargs="*",
            default=[],
            metavar="SUBJECT",
            help="subjects to label (ids, names, aliases), besides each panel's three highest",
        ),
        argument(
            "--scope",
            nargs="*",
            default=[],
            metavar="FAMILY",
            help="scope families to draw: final-run, stage, fine-tune, programme, unspecified..."
            " (default: all)",
        ),
        YEAR,
    ),
)
def _plot(args: argparse.Namespace) -> int:
    from ..plots import plot
    from ..text.display import printable, printable_lines

    result = plot(
        args.metric, args.out, tuple(args.highlight), scope=tuple(args.scope), year=args.year
    )
    print(f"wrote {printable(result.path)}")
    print(printable_lines(result.caption.splitlines()))
    return 0
