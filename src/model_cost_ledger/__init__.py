"""model-cost-ledger: publicly reported AI model cost figures, each with its provenance.

The public API is re-exported here and imported lazily, so that ``import model_cost_ledger`` stays
light (pandas and pyarrow load on first use).
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

from .store.location import dataset_version as _dataset_version
from .store.location import shipped_dataset as _shipped_dataset

if TYPE_CHECKING:  # the names below, for type checkers; at run time they load on first use
    from .comparison.finding import figures, search
    from .comparison.glossary import Glossary, glossary
    from .comparison.prices import Price, price
    from .comparison.ranking import Ranking, top
    from .comparison.result import Comparison, compare
    from .comparison.summary import Summary, summary
    from .coverage import stats
    from .history.changes import diff
    from .plots import Plot, plot
    from .problems import LedgerError, Problem
    from .publish.bundle import Build, build
    from .publish.verification import Verified, verify
    from .releasing import Release, release
    from .text.reported import Reported, ReportedNumberError, parse_reported
    from .validation.runner import validate
    from .views import Chain, chain, load, tables


# the package version is its shipped dataset's, whichever dataset MODEL_COST_LEDGER_DATASET names
__version__: str = _dataset_version(_shipped_dataset())

_API = {  # public name -> the module that defines it
    "load": "views",
    "tables": "views",
    "chain": "views",
    "stats": "coverage",
    "Chain": "views",
    "validate": "validation.runner",
    "parse_reported": "text.reported",
    "Reported": "text.reported",
    "ReportedNumberError": "text.reported",
    "Problem": "problems",
    "LedgerError": "problems",
    "diff": "history.changes",
    "release": "releasing",
    "Release": "releasing",
    "compare": "comparison.result",
    "figures": "comparison.finding",
    "search": "comparison.finding",
    "summary": "comparison.summary",
    "Summary": "comparison.summary",
    "top": "comparison.ranking",
    "Ranking": "comparison.ranking",
    "glossary": "comparison.glossary",
    "Glossary": "comparison.glossary",
    "Comparison": "comparison.result",
    "price": "comparison.prices",
    "Price": "comparison.prices",
    "plot": "plots",
    "Plot": "plots",
    "build": "publish.bundle",
    "Build": "publish.bundle",
    "verify": "publish.verification",
    "Verified": "publish.verification",
}
__all__ = [
    "Build",
    "Chain",
    "Comparison",
    "Glossary",
    "LedgerError",
    "Plot",
    "Price",
    "Problem",
    "Ranking",
    "Release",
    "Reported",
    "ReportedNumberError",
    "Summary",
    "Verified",
    "__version__",
    "build",
    "chain",
    "compare",
    "diff",
    "figures",
    "glossary",
    "load",
    "parse_reported",
    "plot",
    "price",
    "release",
    "search",
    "stats",
    "summary",
    "tables",
    "top",
    "validate",
    "verify",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(_import_module(f".{_API[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'model_cost_ledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
