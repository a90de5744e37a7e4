"""The parser built from the registered commands, and ``main``: run one, map errors to exit 2."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from . import browse, maintain  # noqa: F401  (they register the commands)
from .registry import COMMANDS, PROG, CommandParser


def parser() -> argparse.ArgumentParser:
    """The ``model-cost-ledger`` parser: one subcommand per entry of ``COMMANDS``."""
    main_parser = argparse.ArgumentParser(
        prog=PROG,
        description="Publicly reported AI model cost figures, with their provenance.",
    )
    main_parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = main_parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    for name, spec in COMMANDS.items():
        sub = subparsers.add_parser(
            name,
            help=spec.help,
            description=f"{spec.help[0].upper()}{spec.help[1:]}.",
            example=spec.example_text,
        )
        sub.set_defaults(handler=spec.handler)
        for flags, options in spec.arguments:
            sub.add_argument(*flags, **options)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code:
    0 ok, 1 validation found problems, 2 an error (one line on stderr)."""
    from ..problems import LedgerError

    args = parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
        sys.stderr.close()
        return 0
    except (LedgerError, KeyError, ValueError, ImportError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"error: {message}", file=sys.stderr)
        return 2
    return code
