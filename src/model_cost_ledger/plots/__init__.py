"""The chart: reported values against the model's release date, one panel per scope family, in
constant dollars on a log scale. Needs the optional extra ``plot`` (matplotlib)."""

from .chart import Plot, plot

__all__ = ["Plot", "plot"]
