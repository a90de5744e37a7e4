"""Releases: time travel, proof that history never changed, corrections, semver, atomic writes."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from helpers import append, edit, located, read_rows

import model_cost_ledger as mcl
from model_cost_ledger.history import canonical, releases
from model_cost_ledger.history.versions import next_version
from model_cost_ledger.problems import LedgerError
from model_cost_ledger.publish.documents import PACKAGE_NOTES_END, PACKAGE_NOTES_START
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_tables


def settled(dataset) -> str:
    """Release any pending rows of the copy, so a test starts from a fully released ledger;
    return the last release."""
    try:
        return mcl.release(
            next_version(mcl.tables(dataset)["releases"]["version"].iloc[-1], "minor"),
            dataset,
            date="2026-11-30",
        ).version
    except ValueError:  # nothing pending
        return mcl.tables(dataset)["releases"]["version"].iloc[-1]


def recomputed_hashes(path=None) -> dict[str, str]:
    frames = read_tables(path)  # unchecked: some tests recompute the hashes of an altered copy
    fields = Descriptor.read(path).resource("figures").fields
    return {
        v: canonical.content_hash(
            canonical.canonical_lines(releases.release_view(frames["figures"], v), fields)
        )
        for v in frames["releases"]["version"]
    }


def test_every_release_rebuilds_to_its_recorded_hash():
    releases = mcl.tables()["releases"].set_index("version")
    recomputed = recomputed_hashes()
    assert len(recomputed) >= 1
    mismatched = {
        v: (releases.at[v, "sha256"], h)
        for v, h in recomputed.items()
        if releases.at[v, "sha256"] != h
    }
    changed_rows = [
        p for p in mcl.validate() if p.code in ("released-row-changed", "release-hash-mismatch")
    ]
    assert mismatched == {} and changed_rows == [], (
        f"history changed: {mismatched}; rows: {changed_rows}"
    )


def test_the_check_catches_an_altered_released_row(dataset):
    edit(dataset, "figures", "deepseek-v3-gpu-hours", value="2789000", reported_as="2789K")
    releases = read_tables(dataset)["releases"].set_index("version")
    assert recomputed_hashes(dataset)["0.1.0"] != releases.at["0.1.0", "sha256"]
    found = located(mcl.validate(dataset))
    assert ("released-row-changed", "figures", "deepseek-v3-gpu-hours", "value") in found
    assert ("released-row-changed", "figures", "deepseek-v3-gpu-hours", "reported_as") in found
    assert ("release-hash-mismatch", "releases", "0.1.0", "sha256") in found


def test_small_blocks_give_the_same_hashes_and_find_the_same_change(dataset, monkeypatch):
    """The shipped ledger fits in one block of ``history.digests`` and of ``content_hash``:
    with blocks of a few rows, every release still rebuilds to its hash and an edit is found."""
    from model_cost_ledger.history import digests

    monkeypatch.setattr(digests, "ROWS_AT_ONCE", 7)
    monkeypatch.setattr(canonical, "HASHED_LINES", 5)
    lines = [canonical.to_json([n, "é"]) for n in range(23)]
    one_buffer = hashlib.sha256("".join(line + "\n" for line in lines).encode("utf-8"))
    assert canonical.content_hash(lines) == one_buffer.hexdigest()
    assert mcl.validate(dataset) == []
    edit(dataset, "figures", "deepseek-v3-gpu-hours", value="2789000", reported_as="2789K")
    found = located(mcl.validate(dataset))
    assert ("released-row-changed", "figures", "deepseek-v3-gpu-hours", "value") in found
    assert ("release-hash-mismatch", "releases", "0.1.0", "sha256") in found


def test_canonical_text_is_defined_independently_of_pandas():
    frames = mcl.tables()
    lines = canonical.canonical_lines(
        releases.release_view(frames["figures"], "0.1.0"),
        Descriptor.read().resource("figures").fields,
    )
    assert lines[0].startswith('["figure_id","subject_id","metric"')
    row = next(line for line in lines if line.startswith('["deepseek-v3-training-cost",'))
    assert ',5576000.0,null,null,"exact","USD",2024,' in row
    text = "".join(line + "\n" for line in lines).encode("utf-8")
    assert (
        hashlib.sha256(text).hexdigest()
        == frames["releases"].set_index("version").at["0.1.0", "sha256"]
    )


def test_canonical_lines_are_the_definition_cell_by_cell():
    """The column-wise encoder gives what ``to_json`` of each row's canonical values gives, for
    values that print differently though equal (-0.0), escapes and extreme numbers."""
    fields = Descriptor.read().resource("figures").fields
    frame = mcl.tables()["figures"].head(10).copy()
    frame["value"] = pd.array(
        [-0.0, 0.0, 1e16, 5e-324, 0.1 + 0.2, None, -5.0, 9999999999999998.0, -1e16, 2.5e25],
        dtype="Float64",
    )
    frame["claim"] = pd.array(
        [
            *('say "x"', "back\\slash", "ctl\x01\u2028", "emoji \U0001f600", "", None),
            *("two\nlines", "tab\there", 'both "\\', "café"),
        ],
        dtype=frame["claim"].dtype,
    )
    frame["locator"] = pd.array(  # none missing, one to escape: not joined as it is
        ['table "2"', "p. 3", "section\\4", *(f"row {n}" for n in range(7))],
        dtype=frame["locator"].dtype,
    )
    frame["currency_year"] = pd.array(
        [2024, None, 2024, 9_000_000_000_000, 2024, 2025, -7, 0, 2023, None], "Int64"
    )

    def defined_lines(rows):
        return [
            canonical.to_json([canonical.canonical_value(f.type, row[f.name]) for f in fields])
            for _, row in rows.iterrows()
        ]

    header = canonical.to_json([field.name for field in fields])
    defined = [header, *defined_lines(frame.sort_values("figure_id", kind="stable"))]
    assert canonical.canonical_lines(frame, fields) == defined
    tail = frame.iloc[3:]  # Arrow columns that start inside their buffers
    assert canonical.line_array(tail, fields).to_pylist() == defined_lines(tail)
    assert ",-0.0," in "".join(defined) and ",0.0," in "".join(defined)


def test_a_release_holds_the_rows_added_by_then_and_not_yet_retracted():
    """Versions are ordered as numbers (0.10.0 after 0.9.0), a missing or malformed version is
    in no release, and a row retracted later is held until then: for every version at once."""
    frame = pd.DataFrame(
        {
            "added_in": ["0.2.0", "0.9.0", "0.10.0", None, "0.x.0", "0.2.0", "0.2.0"],
            "retracted_in": [None, None, None, None, None, "0.9.0", "0.10.0"],
        },
        dtype="string",
    )
    held = releases.held_in_each(frame, ["0.1.0", "0.2.0", "0.9.0", "0.10.0"])
    assert {version: mask.tolist() for version, mask in held.items()} == {
        "0.1.0": [False] * 7,
        "0.2.0": [True, False, False, False, False, True, True],
        "0.9.0": [True, True, False, False, False, False, True],
        "0.10.0": [True, True, True, False, False, False, False],
    }
    assert releases.held_in(frame, "0.9.0").tolist() == held["0.9.0"].tolist()


@pytest.mark.slow
def test_load_a_version_returns_it_exactly(dataset):
    last = settled(dataset)
    before = mcl.load(dataset, version=last)
    patch = next_version(last, "patch")
    append(
        dataset,
        "figures",
        "deepseek-v3-parameters",
        figure_id="deepseek-v3-parameters-corrected",
        value="672000000000",
        reported_as="672B",
    )
    edit(
        dataset,
        "figures",
        "deepseek-v3-parameters",
        retracted_in=patch,
        superseded_by="deepseek-v3-parameters-corrected",
    )
    mcl.release(patch, dataset, date="2026-12-02")
    assert mcl.load(dataset, version=last).equals(before)
    current = mcl.load(dataset)
    assert "deepseek-v3-parameters" not in set(current["figure_id"])
    assert "deepseek-v3-parameters-corrected" in set(current["figure_id"])
    assert "deepseek-v3-parameters" in set(mcl.load(dataset, include_retracted=True)["figure_id"])
    changes = mcl.diff(last, patch, dataset)
    assert changes[["change", "figure_id"]].astype(str).values.tolist() == [
        ["added", "deepseek-v3-parameters-corrected"],
        ["superseded", "deepseek-v3-parameters"],
    ]
    assert mcl.validate(dataset) == []
    changelog = (dataset.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (
        f"## {patch} (2026-12-02)" in changelog
        and "`deepseek-v3-parameters` -> `deepseek-v3-parameters-corrected`" in changelog
    )


def test_unknown_version_lists_the_known_ones():
    with pytest.raises(KeyError, match=r"released versions: 0\.1\.0"):
        mcl.load(version="9.9.9")


def test_release_refuses_an_older_or_equal_version(dataset):
    last = settled(dataset)
    with pytest.raises(ValueError, match=f"not greater than the last release {last}"):
        mcl.release(last, dataset)
    with pytest.raises(ValueError, match="not greater"):
        mcl.release("0.0.1", dataset)


def test_release_refuses_a_patch_for_new_figures_and_says_why(dataset):
    last = settled(dataset)
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="deepseek-v3-parameters-again")
    with pytest.raises(
        ValueError, match=rf"at least a minor release \({next_version(last, 'minor')}\)"
    ):
        mcl.release(next_version(last, "patch"), dataset)


def test_release_refuses_a_minor_for_a_changed_vocabulary(dataset):
    last = settled(dataset)
    edit(dataset, "scopes", "unspecified", includes="Anything.")  # the scope's meaning changed
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="deepseek-v3-parameters-again")
    with pytest.raises(
        ValueError,
        match=rf"scopes/unspecified.*at least a major release \({next_version(last, 'major')}\)",
    ):
        mcl.release(next_version(last, "minor"), dataset)


def test_release_refuses_when_validation_fails_and_writes_nothing(dataset):
    append(
        dataset,
        "figures",
        "deepseek-v3-parameters",
        figure_id="deepseek-v3-parameters-again",
        unit="tokens",
    )
    before = {p.name: p.read_bytes() for p in dataset.iterdir()}
    with pytest.raises(LedgerError, match="cannot release"):
        mcl.release("9.0.0", dataset)
    assert {p.name: p.read_bytes() for p in dataset.iterdir()} == before
    assert not (dataset.parent / "CHANGELOG.md").exists()


def test_release_stamps_rows_and_records_hashes(dataset):
    version = next_version(settled(dataset), "minor")
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="deepseek-v3-parameters-again")
    result = mcl.release(version, dataset, date="2026-12-01")
    assert result.added == ("deepseek-v3-parameters-again",)
    rows = {row["figure_id"]: row for row in read_rows(dataset / "figures.csv")}
    assert rows["deepseek-v3-parameters-again"]["added_in"] == version
    assert rows["deepseek-v3-training-cost"]["added_in"] == "0.1.0"
    assert any(
        r["figure_id"] == "deepseek-v3-parameters-again" and r["version"] == version
        for r in read_rows(dataset / "release_rows.csv")
    )
    assert f'"version": "{version}"' in (dataset / "datapackage.json").read_text(encoding="utf-8")
    assert (dataset.parent / "sources.md").is_file()
    assert mcl.validate(dataset) == []


def test_release_keeps_the_hand_written_package_changes(dataset):
    notes = f"{PACKAGE_NOTES_START}\n\n### Unreleased\n\n- a note\n\n{PACKAGE_NOTES_END}"
    (dataset.parent / "CHANGELOG.md").write_text(f"# Changelog\n\n{notes}\n", encoding="utf-8")
    append(dataset, "figures", "deepseek-v3-parameters", figure_id="deepseek-v3-parameters-again")
    version = next_version(mcl.tables(dataset)["releases"]["version"].iloc[-1], "minor")
    mcl.release(version, dataset, date="2026-12-01")
    changelog = (dataset.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "- a note" in changelog and f"### {version} (2026-12-01)" in changelog
    assert changelog.index("- a note") < changelog.index(f"### {version}")


def test_release_refuses_nothing_new(dataset):
    last = settled(dataset)
    with pytest.raises(ValueError, match="nothing to release"):
        mcl.release(next_version(last, "patch"), dataset)
