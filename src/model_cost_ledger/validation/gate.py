"""``valid_tables``: the tables of a dataset that validates, the way every reading view gets
them. Light to import: the rules load only when a dataset has no valid stamp yet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..problems import LedgerError
from ..store.location import dataset_dir
from ..store.reading import read_tables
from . import stamps


def valid_tables(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """``read_tables(path)`` of a dataset that validates; ``LedgerError`` listing the problems
    otherwise, so that a reader never gets values that an invalid cell turned into NaN. A
    dataset already found valid, byte for byte under this code, is not checked again
    (``validation.stamps``)."""
    valid_stamp = stamps.stamp(dataset_dir(path))
    if valid_stamp is not None and valid_stamp.is_file():
        return read_tables(path)
    from .runner import validate  # the rules load only for a dataset not stamped valid

    problems = validate(path)
    if problems:
        raise LedgerError(
            f"the dataset does not validate ({len(problems)} problem(s)); fix them first"
            " (`model-cost-ledger validate` lists them all)",
            path=dataset_dir(path),
            problems=tuple(problems),
        )
    stamps.mark_valid(valid_stamp)
    return read_tables(path)
