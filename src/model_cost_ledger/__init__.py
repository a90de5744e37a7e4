"""model-cost-ledger: publicly reported AI model cost figures, each with its provenance.

The public API is re-exported here and imported lazily, so that ``import model_cost_ledger`` stays
light (pandas and pyarrow load on first use).
"""

from __future__ import annotations

import json as _json
from importlib import import_module as _import_module

from .schema import dataset_dir as _dataset_dir

__version__: str = _json.loads((_dataset_dir() / "datapackage.json").read_text(encoding="utf-8"))[
    "version"
]

_API = {
    "load": "views",
    "tables": "views",
    "chain": "views",
    "stats": "views",
    "validate": "rules",
    "parse_reported": "numbers",
    "ReportedNumberError": "numbers",
    "Problem": "problems",
    "LedgerError": "problems",
    "diff": "releasing",
    "release": "releasing",
    "compare": "comparison",
    "plot": "plots",
    "build": "artifacts",
    "verify": "parquet",
}
__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        value = getattr(_import_module(f".{_API[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'model_cost_ledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
