"""The ``price`` command: what a model cost per million tokens on a day (declared like the
reading commands, see ``browse``)."""

from __future__ import annotations

import argparse

from .browse import SUBJECT_HELP
from .registry import PROG, argument, command


@command(
    "price",
    "the API price of a model in effect on a day (per million tokens), or unknown",
    f"{PROG} price gpt-4o --date 2024-09-01",
    arguments=(
        argument("name", metavar="NAME", help=SUBJECT_HELP),
        argument("--date", metavar="YYYY-MM-DD", default=None, help="the day (default: today)"),
        argument(
            "--metric",
            default="api_price_input",
            help="api_price_input (default), api_price_output, api_price_cached_input"
            " or api_price_cache_write",
        ),
        argument("--batch", action="store_true", help="the batch price, not the list price"),
        argument("--currency", default="USD", help="the price's currency (default: USD)"),
    ),
)
def _price(args: argparse.Namespace) -> int:
    from ..comparison.prices import price

    print(price(args.name, args.date, metric=args.metric, batch=args.batch, currency=args.currency))
    return 0
