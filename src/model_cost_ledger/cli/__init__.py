"""The ``model-cost-ledger`` command: a thin layer over the public API, one function per command."""

from .app import main, parser
from .registry import COMMANDS

__all__ = ["COMMANDS", "main", "parser"]
