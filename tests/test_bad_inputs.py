"""A corpus of hostile inputs: each class is caught, located exactly, and nothing else breaks.

test_rules.py has one case per validation code; this file covers the value-level classes that
spreadsheets, copy-paste and careless edits produce, each as a tiny fixture named after its defect.
"""

from __future__ import annotations

import pytest
from helpers import NEW, append, edit, located, new_figure
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model_cost_ledger as mcl
from model_cost_ledger.problems import CODES
from model_cost_ledger.store.descriptor import Descriptor

WIRED = "wired-altman-giant-models-2023"


def source(**cells):
    return lambda d: edit(d, "sources", WIRED, **cells)


def at(code, field, table="figures", row=NEW):
    return {(code, table, row, field)}


CORPUS = {
    "value-nan": (new_figure(value="nan"), at("type-error", "value")),
    "value-inf": (new_figure(value="inf"), at("type-error", "value")),
    "value-minus-inf": (new_figure(value="-inf"), at("type-error", "value")),
    "value-1e400-overflows": (new_figure(value="1e400"), at("type-error", "value")),
    "value-negative": (
        new_figure(value="-671000000000"),
        at("below-minimum", "value")
        | at("implausible-value", "value")
        | at("reported-as-mismatch", "value"),
    ),
    "value-zero": (
        new_figure(value="0"),
        at("below-minimum", "value")
        | at("implausible-value", "value")
        | at("reported-as-mismatch", "value"),
    ),
    "value-out-of-plausible-range": (
        new_figure(value="671", reported_as="671"),
        at("implausible-value", "value"),
    ),
    "value-arabic-indic-digits": (new_figure(value="١٢٣"), at("type-error", "value")),
    "value-underscore-separator": (new_figure(value="671_000_000_000"), at("type-error", "value")),
    "date-impossible": (
        source(published="2024-02-30"),
        at("invalid-date", "published", "sources", WIRED),
    ),
    "date-compact-iso": (
        source(published="20240513"),
        at("pattern-mismatch", "published", "sources", WIRED),
    ),
    "date-unpadded": (
        source(published="2024-5-3"),
        at("pattern-mismatch", "published", "sources", WIRED),
    ),
    "date-published-after-accessed": (
        source(published="2026-12-01"),
        at("published-after-accessed", "published", "sources", WIRED),
    ),
    "accessed-impossible": (
        source(accessed="2026-13-01"),
        at("type-error", "accessed", "sources", WIRED),
    ),
    "url-javascript": (
        source(url="javascript:alert(1)"),
        at("pattern-mismatch", "url", "sources", WIRED),
    ),
    "url-mixed-case-scheme": (
        source(url="HTTPS://www.wired.com/story/x"),
        at("pattern-mismatch", "url", "sources", WIRED),
    ),
    "url-whitespace-padded": (
        source(url=" https://www.wired.com/story/x"),
        at("pattern-mismatch", "url", "sources", WIRED)
        | at("surrounding-whitespace", "url", "sources", WIRED),
    ),
    "url-file": (source(url="file:///etc/passwd"), at("pattern-mismatch", "url", "sources", WIRED)),
    "url-data": (source(url="data:text/html,hi"), at("pattern-mismatch", "url", "sources", WIRED)),
    "url-http": (
        source(url="http://www.wired.com/story/x"),
        at("pattern-mismatch", "url", "sources", WIRED),
    ),
    "url-scheme-relative": (
        source(url="//www.wired.com/story/x"),
        at("pattern-mismatch", "url", "sources", WIRED),
    ),
    "formula-equals": (
        source(title="=IMPORTXML(A1)"),
        at("formula-prefix", "title", "sources", WIRED),
    ),
    "formula-plus": (new_figure(claimant="+SUM(1)"), at("formula-prefix", "claimant")),
    "formula-minus": (new_figure(locator="-1+2"), at("formula-prefix", "locator")),
    "formula-at": (
        lambda d: edit(d, "subjects", "openai", aliases="@cmd"),
        at("formula-prefix", "aliases", "subjects", "openai"),
    ),
    "bidi-override": (new_figure(claim="DeepSeek\u202e says"), at("bidi-character", "claim")),
    "zero-width-space": (
        new_figure(claimant="Deep\u200bSeek"),
        at("zero-width-character", "claimant"),
    ),
    "control-character": (new_figure(notes="a\x07b"), at("control-character", "notes")),
    "not-nfc": (new_figure(notes="DeepSeek\u0301"), at("not-nfc", "notes")),
    "reported-as-contradicts-value": (
        new_figure(reported_as="670B"),
        at("reported-as-mismatch", "value"),
    ),
    "field-too-long": (new_figure(notes="x" * 1001), at("too-long", "notes")),
    "superseded-by-dangling": (
        lambda d: edit(
            d,
            "figures",
            "deepseek-v3-parameters",
            retracted_in="9.0.0",
            superseded_by="no-such-figure",
        ),
        at("foreign-key", "superseded_by", row="deepseek-v3-parameters"),
    ),
    "dangling-source": (new_figure(source_id="no-such-source"), at("foreign-key", "source_id")),
    "dangling-metric": (new_figure(metric="no_such_metric"), at("foreign-key", "metric")),
    "dangling-scope": (new_figure(scope="no_such_scope"), at("foreign-key", "scope")),
    "unknown-vocabulary-value": (new_figure(basis="rumour"), at("not-in-enum", "basis")),
    "header-only-file": (
        lambda d: (d / "price_index.csv").write_text(
            "year,value,source_id,locator\n", encoding="utf-8"
        ),
        set(),
    ),
    "unclosed-quote": (
        lambda d: (d / "price_index.csv").write_text(
            'year,value,source_id,locator\n2024,"313.689,x,y\n', encoding="utf-8"
        ),
        {("malformed-row", "price_index", "line 2", "")},
    ),
    "not-utf8-latin1": (
        lambda d: (d / "price_index.csv").write_bytes(
            "year,value,source_id,locator\n2024,1,x,Année\n".encode("latin-1")
        ),
        {("not-utf8", "price_index", "", "")},
    ),
}


@pytest.mark.parametrize("defect", sorted(CORPUS))
def test_hostile_input_is_located_exactly(defect, dataset):
    mutate, expected = CORPUS[defect]
    mutate(dataset)
    assert located(mcl.validate(dataset)) == expected


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 25


def test_one_fixture_with_many_independent_errors_yields_all(dataset):
    """Six defects in one copy give exactly the union of their problems. Each appended figure
    gets its own id, so the copy holds no duplicate key that the test itself made."""
    chosen = [
        "url-javascript",
        "not-nfc",
        "value-1e400-overflows",
        "unclosed-quote",
        "formula-at",
        "dangling-scope",
    ]
    expected = set()
    for number, defect in enumerate(chosen):
        mutate, found = CORPUS[defect]
        if any(row == NEW for _, _, row, _ in found):
            figure_id = f"{NEW}-{number}"
            mutate(dataset, figure_id=figure_id)
            found = {(c, t, figure_id if row == NEW else row, f) for c, t, row, f in found}
        else:
            mutate(dataset)
        expected |= found
    assert len([p for p in expected if p[2].startswith(NEW)]) == 3
    assert located(mcl.validate(dataset)) == expected


def test_big_integers_stay_exact(dataset):
    append(
        dataset,
        "figures",
        "deepseek-v3-parameters",
        figure_id=NEW,
        currency_year="9007199254740993",
    )
    problems = mcl.validate(dataset)
    assert ("above-maximum", "figures", NEW, "currency_year") in located(problems)
    message = next(p.message for p in problems if p.code == "above-maximum")
    assert "9007199254740993" in message


def test_raw_parser_errors_never_reach_the_user(dataset):
    (dataset / "figures.csv").write_bytes(b"\xff\xfe broken")
    with pytest.raises(mcl.LedgerError, match="figures"):
        mcl.load(dataset)
    (dataset / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(mcl.LedgerError, match=r"datapackage\.json: cannot read the dataset"):
        mcl.load(dataset)
    (problem,) = mcl.validate(dataset)
    assert (problem.table, problem.code) == ("datapackage", "descriptor-unreadable")


def assert_validates_without_crashing(dataset) -> None:
    """validate() returns (never raises) a sorted list of distinct, known problems, each in a
    table of the descriptor."""
    problems = mcl.validate(dataset)
    assert all(isinstance(p, mcl.Problem) for p in problems)
    assert problems == sorted(set(problems))
    assert {p.table for p in problems} <= set(Descriptor.read(dataset).resources)
    assert {p.code for p in problems} <= set(CODES)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), max_size=6),
    st.sampled_from(["subjects", "price_index", "scopes"]),
)
def test_crash_random_tables_validate_without_crashing(dataset, rows, table):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (dataset / f"{table}.csv").write_text(
        buffer.getvalue(), encoding="utf-8", errors="surrogatepass"
    ) if rows else (dataset / f"{table}.csv").write_text("")
    assert_validates_without_crashing(dataset)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200))
def test_crash_random_bytes_in_a_table_validate_without_crashing(dataset, data):
    (dataset / "subjects.csv").write_bytes(data)
    assert_validates_without_crashing(dataset)


def test_literal_text_survives_csv_to_parquet_to_load(dataset, tmp_path, monkeypatch):
    """Golden round trip: text that parsers like to turn into missing values or numbers."""
    cells = {
        "hardware": "NA",
        "claimant": "N/A",
        "locator": "None",
        "notes": "null",
        "derivation": "",
    }
    append(dataset, "figures", "deepseek-v3-parameters", figure_id=NEW, **cells)
    append(
        dataset,
        "figures",
        "deepseek-v3-parameters",
        figure_id=NEW + "-2",
        hardware="nan",
        locator="007",
        claim="Mô hình có 671 tỷ tham số, theo báo cáo kỹ thuật.",
    )
    version = mcl.tables(dataset)["releases"]["version"].iloc[-1]
    major, minor, _ = (int(x) for x in version.split("."))
    mcl.release(f"{major}.{minor + 1}.0", dataset, date="2026-12-03")
    built = mcl.build(tmp_path / "dist", dataset)
    parquet_file = next(
        p for p in built.files if p.name == f"model-cost-ledger-{built.version}.parquet"
    )
    monkeypatch.setenv("MODEL_COST_LEDGER_DATASET", str(dataset))  # a package that knows it
    loaded = mcl.load(parquet_file).set_index("figure_id")
    for column, text in cells.items():
        expected = text or None
        assert (loaded.at[NEW, column] if text else None) == expected, column
    assert loaded.at[NEW + "-2", "hardware"] == "nan"
    assert loaded.at[NEW + "-2", "locator"] == "007"
    assert loaded.at[NEW + "-2", "claim"] == "Mô hình có 671 tỷ tham số, theo báo cáo kỹ thuật."
