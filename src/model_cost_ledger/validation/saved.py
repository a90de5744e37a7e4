"""The typed tables of a dataset stamped valid, kept beside its stamp as Arrow IPC files (one per
table, with pandas' dtypes in their metadata), so that a later process reads them in a few
milliseconds instead of parsing and typing every CSV file again. They are named by the stamp,
so they are the tables of exactly those bytes under exactly this code. Arrow IPC holds data,
never code; a missing or damaged file is ignored and the tables are read from the CSV files."""

from __future__ import annotations

import json
import os
import shutil
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

ORDER = "tables.json"  # the tables' names in descriptor order, written last
IN_MEMORY: OrderedDict[str, dict[str, pd.DataFrame]] = OrderedDict()  # by stamp, this process's
KEPT = 4  # stamps whose tables stay in memory
ON_DISK = 8  # saved copies kept in the cache folder, the most recently saved


def _folder(stamp: Path) -> Path:
    return stamp.with_name(stamp.name + ".tables")


def saved_tables(stamp: Path) -> dict[str, pd.DataFrame] | None:
    """The tables saved beside ``stamp``, in descriptor order (kept in memory after the first
    reading; each call gets its own frames); None when there are none or they cannot be read
    as saved (a damaged copy is removed)."""
    if stamp.name not in IN_MEMORY:
        folder = _folder(stamp)
        try:
            names = json.loads((folder / ORDER).read_text(encoding="utf-8"))
            IN_MEMORY[stamp.name] = {name: _read(folder / f"{name}.arrow") for name in names}
        except (OSError, ValueError, TypeError, pa.ArrowException):
            shutil.rmtree(folder, ignore_errors=True)  # damaged: the next reading saves anew
            return None
        while len(IN_MEMORY) > KEPT:
            IN_MEMORY.popitem(last=False)
    IN_MEMORY.move_to_end(stamp.name)
    return {name: frame.copy(deep=False) for name, frame in IN_MEMORY[stamp.name].items()}


def _read(path: Path) -> pd.DataFrame:
    """One saved table, read into memory (not mapped: the frame never depends on the file)."""
    return ipc.open_file(pa.BufferReader(path.read_bytes())).read_all().to_pandas()


def save_tables(stamp: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Save ``frames`` beside ``stamp``: written into a folder of their own, then renamed into
    place whole; a cache that cannot be written (or a frame Arrow cannot hold) is skipped."""
    folder = _folder(stamp)
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    try:
        staging.mkdir(parents=True)
        for name, frame in frames.items():
            table = pa.Table.from_pandas(frame, preserve_index=False)
            with ipc.new_file(staging / f"{name}.arrow", table.schema) as out:
                out.write_table(table)
        (staging / ORDER).write_text(json.dumps(list(frames)), encoding="utf-8")
        staging.rename(folder)
        _prune(folder.parent)
    except (OSError, ValueError, TypeError, pa.ArrowException):
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _prune(cache: Path) -> None:
    """Remove all but the ``ON_DISK`` most recently saved copies (every edit of a dataset, or
    new code, saves one: the cache must not grow with them)."""
    copies = sorted(cache.glob("*.tables"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[ON_DISK:]:
        shutil.rmtree(old, ignore_errors=True)
