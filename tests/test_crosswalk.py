"""Crosswalk ids join the ledger to other databases, so each names one subject: no Epoch AI
model name and no Hugging Face repository id is given to two subjects."""

from __future__ import annotations

import pytest

from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_typed


@pytest.mark.parametrize("column", ["epoch_name", "hf_repo"])
def test_each_crosswalk_id_names_one_subject(column):
    subjects = read_typed(None, Descriptor.read().resource("subjects")).raw.frame
    ids = subjects.loc[subjects[column] != "", ["subject_id", column]]
    shared = ids[ids[column].duplicated(keep=False)].groupby(column)["subject_id"].agg(list)
    assert len(ids) > 40  # the guard: the column is filled, so something was checked
    assert shared.to_dict() == {}
