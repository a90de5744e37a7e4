"""``python -m model_cost_ledger``: the command line."""

import sys

from .cli import main

sys.exit(main())
