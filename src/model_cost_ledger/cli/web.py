"""``site``: the static web explorer of the ledger, written into a folder to open or publish."""

from __future__ import annotations

import argparse

from .registry import PROG, argument, command


@command(
    "site",
    "write the web explorer: every figure, its chain of sources, comparisons, the chart",
    f"{PROG} site --out site",
    arguments=(
        argument("--out", default="site", metavar="DIR", help="output directory (default: site)"),
    ),
)
def _site(args: argparse.Namespace) -> int:
    from ..site import build_site

    print(build_site(args.out))
    return 0
