"""The per-table content cache: a table is read and schema-checked again whenever its bytes or its
resource change, callers never share frames, and unreadable files are never kept."""

from __future__ import annotations

import functools
from dataclasses import replace

import pandas as pd
from helpers import append, edit, located, read_rows, write_rows

import model_cost_ledger as mcl
from model_cost_ledger.store.cache import ContentCache, ContentKey
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import TYPED_TABLES, read_typed
from model_cost_ledger.validation import history_rules


def test_a_changed_file_is_checked_again_and_a_restored_one_is_clean(dataset):
    original = (dataset / "subjects.csv").read_bytes()
    assert mcl.validate(dataset) == []
    edit(dataset, "subjects", "openai", name=" OpenA")  # same size: only the digest differs
    assert (dataset / "subjects.csv").stat().st_size == len(original)
    assert located(mcl.validate(dataset)) == {
        ("surrounding-whitespace", "subjects", "openai", "name")
    }
    (dataset / "subjects.csv").write_bytes(original)
    assert mcl.validate(dataset) == []


def test_a_changed_resource_is_checked_again(dataset):
    resource = Descriptor.read(dataset).resource("scopes")
    assert read_typed(dataset, resource).type_problems == []
    as_integer = tuple(
        replace(field, type="integer") if field.name == "name" else field
        for field in resource.fields
    )
    changed = read_typed(dataset, replace(resource, fields=as_integer))
    assert changed.type_problems and {p.code for p in changed.type_problems} == {"type-error"}


def test_callers_get_their_own_frames(dataset):
    first = mcl.tables(dataset)
    first["subjects"]["name"] = "changed"
    first["subjects"].loc[first["subjects"].index[0], "subject_id"] = "changed"
    second = mcl.tables(dataset)
    assert second["subjects"] is not first["subjects"]
    assert "changed" not in set(second["subjects"]["name"])
    assert "changed" not in set(second["subjects"]["subject_id"])
    assert isinstance(second["figures"]["metric"].dtype, pd.CategoricalDtype)
    assert mcl.validate(dataset) == []


def test_a_missing_file_is_never_cached(dataset, tmp_path):
    (dataset / "price_index.csv").unlink()
    before = len(TYPED_TABLES)
    (problem,) = mcl.validate(dataset)
    assert problem.code == "file-missing" and str(dataset) in problem.message
    assert len(TYPED_TABLES) == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "datapackage.json").write_bytes((dataset / "datapackage.json").read_bytes())
    resource = Descriptor.read(other).resource("price_index")
    assert read_typed(other, resource).key is None


def test_the_cache_is_bounded_by_entries_and_bytes():
    cache: ContentCache[str] = ContentCache(max_entries=2, max_bytes=100)
    keys = [ContentKey("r", str(n), 10) for n in range(3)]
    for key in keys:
        cache.put(key, key.sha256)
    assert len(cache) == 2 and cache.get(keys[0]) is None and cache.get(keys[2]) == "2"
    cache.put(ContentKey("r", "big", 101), "big")
    assert cache.get(ContentKey("r", "big", 101)) is None
    cache.put(ContentKey("r", "half", 95), "half")
    assert len(cache) == 1 and cache.get(ContentKey("r", "half", 95)) == "half"


def test_an_edited_released_row_is_caught_after_its_lines_were_cached(dataset):
    released = mcl.tables(dataset)["releases"]["version"].tolist()
    assert mcl.validate(dataset) == []  # the released rows' canonical lines are now cached
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="an-unreleased-row")
    assert mcl.validate(dataset) == []  # a new row leaves the released rows' lines as they were
    edit(dataset, "figures", "deepseek-v3-training-cost", claim="An edited claim.")
    assert located(mcl.validate(dataset)) == {
        ("released-row-changed", "figures", "deepseek-v3-training-cost", "claim"),
        *{("release-hash-mismatch", "releases", v, "sha256") for v in released},
    }


def test_history_checks_run_again_only_when_released_rows_or_their_records_change(
    dataset, monkeypatch
):
    assert mcl.validate(dataset) == []
    runs: list[str] = []
    check = history_rules._changed_rows

    @functools.wraps(check)  # the same name: the same remembered results
    def counted(figures, *others):
        runs.append(figures.name)
        return check(figures, *others)

    monkeypatch.setattr(history_rules, "_changed_rows", counted)
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="an-unreleased-row")
    assert mcl.validate(dataset) == [] and runs == []  # the released rows are as they were
    rows = read_rows(dataset / "release_rows.csv")
    rows[0]["sha256"] = "0" * 64
    write_rows(dataset / "release_rows.csv", rows)
    assert ("released-row-changed", "figures", rows[0]["figure_id"]) in {
        problem[:3] for problem in located(mcl.validate(dataset))
    }
    assert runs == ["figures"]
