"""``valid_tables``: the tables of a dataset that validates, the way every reading view gets
them. Light to import: the rules load only when a dataset has no valid stamp yet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..problems import LedgerError
from ..store.location import dataset_dir
from ..store.reading import read_tables
from . import stamps
from .saved import save_tables, saved_tables


def valid_tables(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """``read_tables(path)`` of a dataset that validates; ``LedgerError`` listing the problems
    otherwise, so that a reader never gets values that an invalid cell turned into NaN. A
    dataset already found valid, byte for byte under this code, is not checked again
    (``validation.stamps``), and its typed tables are read from the copy saved beside its stamp
    (``validation.saved``)."""
    valid_stamp = stamps.stamp(dataset_dir(path))
    if valid_stamp is not None and valid_stamp.is_file():
        saved = saved_tables(valid_stamp)
        return saved if saved is not None else _read_and_save(path, valid_stamp)
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
    return read_tables(path) if valid_stamp is None else _read_and_save(path, valid_stamp)


def _read_and_save(path: str | Path | None, valid_stamp: Path) -> dict[str, pd.DataFrame]:
    """``read_tables(path)``, saved beside the stamp for the next process (``saved``)."""
    frames = read_tables(path)
    save_tables(valid_stamp, frames)
    return frames
