"""The typed tables saved beside a validation stamp (``validation.saved``): the next process gets
exactly what reading the CSV files gives, and a damaged or missing copy is read again."""

from __future__ import annotations

import pandas as pd

from model_cost_ledger.store.location import dataset_dir
from model_cost_ledger.store.reading import read_tables
from model_cost_ledger.validation import gate, saved, stamps


def saved_copy(dataset):
    stamp = stamps.stamp(dataset_dir(dataset))
    gate.valid_tables(dataset)  # validates, stamps and saves
    saved.IN_MEMORY.clear()  # as a new process finds it
    return stamp


def test_saved_tables_are_the_tables_read_from_the_csv_files(dataset):
    stamp = saved_copy(dataset)
    fresh = read_tables(dataset)
    again = saved.saved_tables(stamp)
    assert again is not None and list(again) == list(fresh)
    for name, frame in fresh.items():
        pd.testing.assert_frame_equal(again[name], frame, check_exact=True, obj=name)


def test_a_damaged_or_missing_copy_is_read_again_from_the_csv_files(dataset):
    stamp = saved_copy(dataset)
    folder = stamp.with_name(stamp.name + ".tables")
    (folder / "figures.arrow").write_bytes(b"not arrow")
    assert saved.saved_tables(stamp) is None
    frames = gate.valid_tables(dataset)  # from the CSV files, saved again
    pd.testing.assert_frame_equal(frames["figures"], read_tables(dataset)["figures"])
    saved.IN_MEMORY.clear()
    assert saved.saved_tables(stamp) is not None
    saved.IN_MEMORY.clear()
    (folder / saved.ORDER).unlink()
    assert saved.saved_tables(stamp) is None


def test_a_caller_changing_its_frames_changes_no_later_reading(dataset):
    stamp = saved_copy(dataset)
    first = saved.saved_tables(stamp)
    assert first is not None
    first["figures"].loc[0, "value"] = -1.0
    second = saved.saved_tables(stamp)
    assert second is not None and second["figures"].loc[0, "value"] != -1.0


def test_the_cache_keeps_only_the_latest_copies(tmp_path):
    frames = read_tables()
    for n in range(saved.ON_DISK + 2):
        saved.save_tables(tmp_path / f"stamp-{n}", {"metrics": frames["metrics"]})
    kept = sorted(p.name for p in tmp_path.glob("*.tables"))
    assert len(kept) == saved.ON_DISK and "stamp-0.tables" not in kept
