"""Commands that find and explain: search, summary, top, glossary. Each calls one library
function and prints its result laid out for the terminal's width (``text.layout``)."""

from __future__ import annotations

import argparse
import sys

from .registry import PROG, YEAR, argument, command, output_format

SCOPE_HELP = (
    "only these scopes, or scope families (final_run: every final_run_* scope);"
    " `glossary` lists them"
)


@command(
    "search",
    "find subjects by id, name or alias, fuzzy and ignoring case",
    f"{PROG} search llama 3",
    arguments=(argument("text", nargs="+", metavar="TEXT", help="words of a name, e.g. llama 3"),),
)
def _search(args: argparse.Namespace) -> int:
    from ..comparison.finding import search
    from ..text.layout import terminal_width, wrap

    text = " ".join(args.text)
    found = search(text)
    if found.empty:
        print(f"no subject matches {text!r}")
        return 1
    width = terminal_width()
    for row in found.itertuples(index=False):
        organization = f" by {row.organization}" if isinstance(row.organization, str) else ""
        about = f"{row.name} ({row.kind}{organization}), {row.figures} figure(s)"
        if row.matched not in (row.subject_id, row.name):
            about += f"; matched {row.matched!r}"
        print("\n".join(wrap(f"{row.subject_id}: {about}", width, hanging="    ")))
    return 0


@command(
    "summary",
    "every current figure about one subject, by scope, primary figures first",
    f"{PROG} summary gpt-4",
    arguments=(
        argument("name", metavar="NAME", help="a subject id, name or alias, e.g. gpt-4 or 'GPT 4'"),
    ),
)
def _summary(args: argparse.Namespace) -> int:
    from ..comparison.summary import summary
    from ..text.layout import terminal_width

    print("\n".join(summary(args.name).lines(terminal_width())))
    return 0


@command(
    "top",
    "the largest figures of a metric, money in constant dollars",
    f"{PROG} top --metric training_cost --scope final_run --limit 5",
    arguments=(
        argument(
            "--metric", default="training_cost", help="metric to rank (default: training_cost)"
        ),
        argument("--scope", nargs="+", default=[], metavar="SCOPE", help=SCOPE_HELP),
        argument(
            "--limit", type=int, default=10, metavar="N", help="how many to show (default: 10)"
        ),
        YEAR,
        output_format("; csv and json keep every machine field"),
    ),
)
def _top(args: argparse.Namespace) -> int:
    from ..comparison.ranking import top
    from ..text.layout import terminal_width
    from .tables import printable_frame

    ranking = top(args.metric, args.scope, args.limit, args.year)
    if args.format == "json":
        print(ranking.to_json())
    elif args.format == "csv":
        printable_frame(ranking.rows).to_csv(sys.stdout, index=False)
    else:
        print("\n".join(ranking.lines(terminal_width())))
    return 0


@command(
    "glossary",
    "every scope, metric, basis, qualifier, confidence, verdict and reason, in words",
    f"{PROG} glossary",
)
def _glossary(args: argparse.Namespace) -> int:
    from ..comparison.glossary import glossary
    from ..text.layout import terminal_width

    print("\n".join(glossary().lines(terminal_width())))
    return 0
