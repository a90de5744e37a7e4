"""Commands declare themselves: name, help, a runnable example and their arguments, beside the
function that runs them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

PROG = "model-cost-ledger"
Handler = Callable[[argparse.Namespace], int]
Example = str | Callable[[], str]  # a callable for an example worked out only when help is shown


class Argument(NamedTuple):
    """What ``ArgumentParser.add_argument`` takes: the flags and the options."""

    flags: tuple[str, ...]
    options: dict[str, Any]


def argument(*flags: str, help: str, **options: Any) -> Argument:
    """An argument or option of a command; its help text is required."""
    return Argument(flags, {"help": help, **options})


YEAR = argument(
    "--year",
    type=int,
    metavar="YYYY",
    default=None,
    help="constant-dollar year (default: the price index's latest)",
)


def output_format(note: str = "") -> Argument:
    """The ``--format table|csv|json`` option, with what the machine formats keep."""
    return argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help=f"output format (default: table){note}",
    )


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    example: Example
    arguments: tuple[Argument, ...]
    handler: Handler

    def example_text(self) -> str:
        return self.example if isinstance(self.example, str) else self.example()


COMMANDS: dict[str, Command] = {}  # name -> command, in the order the help lists them


def command(
    name: str, help: str, example: Example, arguments: tuple[Argument, ...] = ()
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of command ``name``."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, help, example, arguments, handler)
        return handler

    return register


class CommandParser(argparse.ArgumentParser):
    """A command's parser: shows its description, arguments and example as written."""

    def __init__(self, *args: Any, example: Callable[[], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.example = example

    def format_help(self) -> str:
        if self.example is not None:  # worked out now, so that parsing stays fast
            self.epilog = f"example: {self.example()}"
        return super().format_help()
