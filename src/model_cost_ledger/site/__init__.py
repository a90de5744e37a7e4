"""The static web explorer: ``build_site`` writes it (``model-cost-ledger site --out DIR``)."""

from .build import Site, build_site

__all__ = ["Site", "build_site"]
