"""What the build publishes is safe where it is opened: no spreadsheet runs a cell as a
formula, no web page renders a title as markup, and nothing is built from a dataset that does
not validate."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import NEW, edit, located, new_figure

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.publish.bundle import spreadsheet_frame, spreadsheet_safe
from model_cost_ledger.publish.documents import sources_markdown
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_tables
from model_cost_ledger.text.display import FORMULA_CHARACTERS, FORMULA_LOOKALIKES

FORMULAS = [
    "=1+1",
    '＝HYPERLINK("x")',
    "＋1",
    "－1",
    "＠SUM(A1)",
    "﹦1",
    " =1",
    "\u00a0=1",
    "\u200b=1",
    "\u3000＠cmd",
    "\t1",
    "\r1",
]


@pytest.mark.parametrize("cell", FORMULAS, ids=repr)
def test_a_formula_in_any_disguise_is_neutralised_in_the_csv(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_the_csv_frame_quotes_formula_cells_and_nothing_else():
    frame = pd.DataFrame(
        {
            "claim": pd.array(["=1+1", "fine", None, "=1+1"], dtype="string[pyarrow]"),
            "released": pd.to_datetime(["2024-05-13", None, "2023-01-02", "2024-05-13"]),
            "value": [-5.0, 1.0, 2.0, 3.0],
        }
    )
    safe = spreadsheet_frame(frame)
    assert [safe.at[0, "claim"], safe.at[3, "claim"]] == ["'=1+1", "'=1+1"]
    assert safe.at[1, "claim"] == "fine"
    assert pd.isna(safe.at[2, "claim"])
    assert safe["released"].equals(frame["released"]) and safe["value"].equals(frame["value"])


@pytest.mark.parametrize("cell", ["1-2", "R&D", "DeepSeek", "5 = 5", "", "\u00a0"], ids=repr)
def test_text_that_is_no_formula_is_left_alone(cell):
    assert spreadsheet_safe(cell) == cell


def test_every_lookalike_of_a_formula_sign_is_listed():
    import sys
    import unicodedata

    folds = {
        chr(c)
        for c in range(0x80, sys.maxunicode + 1)
        if unicodedata.normalize("NFKC", chr(c)) in tuple(FORMULA_CHARACTERS)
    }
    assert folds <= set(FORMULA_LOOKALIKES)


@pytest.mark.parametrize(
    ("claimant", "codes"),
    [
        ('＝HYPERLINK("x")', {"formula-prefix"}),
        ("＠cmd", {"formula-prefix"}),
        ("\u00a0=cmd", {"formula-prefix", "surrounding-whitespace"}),
        ("\u200b=cmd", {"formula-prefix", "zero-width-character"}),
    ],
    ids=["fullwidth-equals", "fullwidth-at", "nbsp-equals", "zwsp-equals"],
)
def test_validate_reports_a_disguised_formula(dataset, claimant, codes):
    new_figure(claimant=claimant)(dataset)
    assert located(mcl.validate(dataset)) == {(c, "figures", NEW, "claimant") for c in codes}


def test_build_refuses_a_dataset_that_does_not_validate(dataset, tmp_path):
    edit(dataset, "subjects", "openai", name='=HYPERLINK("https://evil.example")')
    with pytest.raises(mcl.LedgerError, match="problem") as caught:
        mcl.build(tmp_path / "dist", dataset)
    assert located(caught.value.problems) == {("formula-prefix", "subjects", "openai", "name")}
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_the_build_command_exits_2_listing_the_problems(capsys, dataset, tmp_path, monkeypatch):
    edit(dataset, "subjects", "openai", name="\u202eIAnepO")
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(dataset))
    assert main(["build", "--out", str(tmp_path / "dist")]) == 2
    err = capsys.readouterr().err
    assert "subjects:openai:name: [bidi-character]" in err and "Traceback" not in err


def test_html_in_a_source_title_is_escaped_in_sources_md(dataset):
    wired = "wired-altman-giant-models-2023"
    edit(dataset, "sources", wired, title='<img src=x onerror="alert(1)">Title &amp; more')
    text = sources_markdown(read_tables(dataset), Descriptor.read(dataset))
    assert "<img" not in text
    assert '- **&lt;img src=x onerror="alert(1)">Title &amp;amp; more**' in text


def test_the_spelled_out_white_space_is_pythons_and_arrow_reads_it_alike():
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    from model_cost_ledger.validation.clean_text_rules import WHITE_SPACE

    one = re.compile(f"[{WHITE_SPACE}]")
    assert all(bool(one.fullmatch(ch)) == ch.isspace() for ch in map(chr, range(0x110000)))
    spaces = [ch for ch in map(chr, range(0x3001)) if ch.isspace()]
    found = pc.match_substring_regex(pa.array([f"{ch}=x" for ch in spaces]), f"^[{WHITE_SPACE}]=")
    assert all(found.to_pylist())
