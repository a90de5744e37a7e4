"""The parser built from the registered commands, and ``main``: run one, map errors to exit 2."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any, TextIO

from .. import __version__
from ..text.display import printable
from . import browse, find, maintain, prices, web  # noqa: F401  (they register the commands)
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


class PrintableOutput:
    """A command's standard output: whatever a handler writes reaches the terminal with every
    character that is not printable escaped, newlines apart (``text.display.printable``). The
    views escape newlines inside their cells, so data cannot start a line of its own either."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text, keep="\n"))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, encoding, isatty... of the real stream
        return getattr(self.stream, name)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code:
    0 ok, 1 validation found problems, 2 an error (one line on stderr)."""
    from ..problems import LedgerError

    args = parser().parse_args(argv)
    try:
        with contextlib.redirect_stdout(PrintableOutput(sys.stdout)):
            code: int = args.handler(args)
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
        sys.stderr.close()
        return 0
    except (LedgerError, KeyError, ValueError, ImportError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        if isinstance(error, OSError) and not isinstance(error, LedgerError):
            message = f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
        # a LedgerError's lines are its own (message, then one per problem), each escaped
        keep = "\n" if isinstance(error, LedgerError) else ""
        print(f"error: {printable(message, keep=keep)}", file=sys.stderr)
        return 2
    return code
