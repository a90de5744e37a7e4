"""One small bad dataset per validation code: each triggers exactly the expected problems,
asserted as (code, table, row_id, field)."""

from __future__ import annotations

import os

import pytest
from helpers import NEW, append, edit, located, new_figure, new_money_figure, read_rows, write_rows

import model_cost_ledger as mcl
from model_cost_ledger.problems import CODES
from model_cost_ledger.store import files
from model_cost_ledger.store.descriptor import Descriptor

EVERY_RELEASE = "<every release>"  # stands for one row per released version (see expand)
EVERY_RELEASE_BROKEN = {("release-hash-mismatch", "releases", EVERY_RELEASE, "sha256")}


@pytest.fixture(scope="module")
def releases() -> list[str]:
    """The shipped dataset's released versions."""
    return list(mcl.tables()["releases"]["version"])


def expand(
    expected: set[tuple[str, str, str, str]], versions: list[str]
) -> set[tuple[str, str, str, str]]:
    """``expected`` with each EVERY_RELEASE row replaced by one row per released version."""
    return {
        (code, table, version, field)
        for code, table, row, field in expected
        for version in (versions if row == EVERY_RELEASE else [row])
    }


def write_text(table: str, text: str | bytes):
    def mutate(d):
        path = d / f"{table}.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return mutate


def outside_link(dataset, table: str) -> None:
    """The table becomes a link to a file outside the dataset directory."""
    outside = dataset.parent / "outside.csv"
    outside.write_bytes((dataset / f"{table}.csv").read_bytes())
    replaced(dataset, table, lambda path: path.symlink_to(outside))


def replaced(dataset, table: str, make) -> None:
    """The table's file removed and made anew by ``make(path)`` (a FIFO, a link...)."""
    path = dataset / f"{table}.csv"
    path.unlink()
    make(path)


def transform(table: str, function):
    def mutate(d):
        path = d / f"{table}.csv"
        path.write_bytes(function(path.read_bytes()))

    return mutate


def columns(table: str, header: list[str]):
    def mutate(d):
        rows = read_rows(d / f"{table}.csv")
        write_rows(
            d / f"{table}.csv", [{k: row.get(k, "x") for k in header} for row in rows], header
        )

    return mutate


def both(*mutations):
    def mutate(d):
        for mutation in mutations:
            mutation(d)

    return mutate


def remove(table: str, key: str):
    def mutate(d):
        rows = read_rows(d / f"{table}.csv")
        write_rows(d / f"{table}.csv", [row for row in rows if next(iter(row.values())) != key])

    return mutate


PRICE_HEADER = "year,value,source_id,locator\n"
V3 = "deepseek-v3-training-cost"

CASES = {
    "file-missing": (
        lambda d: (d / "price_index.csv").unlink(),
        {("file-missing", "price_index", "", "")},
    ),
    "path-outside-dataset": (
        lambda d: outside_link(d, "price_index"),
        {("path-outside-dataset", "price_index", "", "")},
    ),
    "not-a-regular-file": (
        lambda d: replaced(d, "price_index", os.mkfifo),
        {("not-a-regular-file", "price_index", "", "")},
    ),
    "file-too-large": (
        lambda d: os.truncate(d / "price_index.csv", files.MAX_TABLE_BYTES + 1),
        {("file-too-large", "price_index", "", "")},
    ),
    "descriptor-unreadable": (
        lambda d: (d / "datapackage.json").write_text("[" * 100_000, encoding="utf-8"),
        {("descriptor-unreadable", "datapackage", "", "")},
    ),
    "empty-file": (write_text("price_index", ""), {("empty-file", "price_index", "", "")}),
    "not-utf8": (
        write_text("price_index", PRICE_HEADER.encode() + b"2024,\xff\n"),
        {("not-utf8", "price_index", "", "")},
    ),
    "utf8-bom": (
        transform("scopes", lambda b: b"\xef\xbb\xbf" + b),
        {("utf8-bom", "scopes", "", "")},
    ),
    "crlf-line-endings": (
        transform("subjects", lambda b: b.replace(b"\n", b"\r\n")),
        {("crlf-line-endings", "subjects", "", "")},
    ),
    "malformed-csv": (
        write_text("price_index", '"year,value,source_id,locator\n'),
        {
            ("malformed-csv", "price_index", "", ""),
            ("extra-column", "price_index", "", "year,value,source_id,locator\n"),
        }
        | {
            ("missing-column", "price_index", "", c)
            for c in ("year", "value", "source_id", "locator")
        },
    ),
    "malformed-row": (
        write_text("price_index", PRICE_HEADER + '2024,"313.689\n'),
        {("malformed-row", "price_index", "line 2", "")},
    ),
    "missing-column": (
        columns("scopes", ["scope", "name", "includes", "excludes"]),
        {("missing-column", "scopes", "", "comparable_with")},
    ),
    "extra-column": (
        columns("scopes", ["scope", "name", "includes", "excludes", "comparable_with", "extra"]),
        {("extra-column", "scopes", "", "extra")},
    ),
    "duplicate-column": (
        write_text("price_index", "year,value,source_id,locator,locator\n"),
        {("duplicate-column", "price_index", "", "")},
    ),
    "column-order": (
        columns("scopes", ["name", "scope", "includes", "excludes", "comparable_with"]),
        {("column-order", "scopes", "", "")},
    ),
    "missing-value": (
        lambda d: edit(d, "subjects", "openai", name=""),
        {("missing-value", "subjects", "openai", "name")},
    ),
    "type-error": (
        new_money_figure(currency_year="2O24"),
        {
            ("type-error", "figures", NEW, "currency_year"),
            ("currency-year-missing", "figures", NEW, "currency_year"),
        },
    ),
    "not-in-enum": (
        lambda d: edit(d, "sources", "wired-altman-giant-models-2023", kind="tweet"),
        {("not-in-enum", "sources", "wired-altman-giant-models-2023", "kind")},
    ),
    "pattern-mismatch": (
        lambda d: edit(
            d, "sources", "wired-altman-giant-models-2023", url="http://www.wired.com/story/x"
        ),
        {("pattern-mismatch", "sources", "wired-altman-giant-models-2023", "url")},
    ),
    "too-long": (new_figure(claimant="x" * 121), {("too-long", "figures", NEW, "claimant")}),
    "empty-list-item": (
        lambda d: edit(d, "subjects", "openai", aliases="OpenAI Inc.;;Open AI"),
        {("empty-list-item", "subjects", "openai", "aliases")},
    ),
    "below-minimum": (
        new_money_figure(currency_year="1980"),
        {("below-minimum", "figures", NEW, "currency_year")},
    ),
    "above-maximum": (
        new_money_figure(currency_year="2200"),
        {("above-maximum", "figures", NEW, "currency_year")},
    ),
    "invalid-date": (
        lambda d: edit(d, "sources", "wired-altman-giant-models-2023", published="2024-02-30"),
        {("invalid-date", "sources", "wired-altman-giant-models-2023", "published")},
    ),
    "duplicate-key": (
        lambda d: append(d, "subjects", "openai"),
        {("duplicate-key", "subjects", "openai", "subject_id")},
    ),
    "foreign-key": (
        new_figure(subject_id="nobody"),
        {("foreign-key", "figures", NEW, "subject_id")},
    ),
    "control-character": (
        lambda d: edit(d, "subjects", "openai", notes="a\tb"),
        {("control-character", "subjects", "openai", "notes")},
    ),
    "bidi-character": (
        lambda d: edit(d, "subjects", "openai", notes="a\u202eb"),
        {("bidi-character", "subjects", "openai", "notes")},
    ),
    "zero-width-character": (
        lambda d: edit(d, "subjects", "openai", name="Open\u200bAI"),
        {("zero-width-character", "subjects", "openai", "name")},
    ),
    "formula-prefix": (
        lambda d: edit(d, "subjects", "openai", notes='=HYPERLINK("x")'),
        {("formula-prefix", "subjects", "openai", "notes")},
    ),
    "surrounding-whitespace": (
        lambda d: edit(d, "subjects", "openai", name=" OpenAI"),
        {("surrounding-whitespace", "subjects", "openai", "name")},
    ),
    "not-nfc": (
        lambda d: edit(d, "subjects", "openai", notes="Cafe\u0301"),
        {("not-nfc", "subjects", "openai", "notes")},
    ),
    "unit-not-allowed": (new_figure(unit="tokens"), {("unit-not-allowed", "figures", NEW, "unit")}),
    "implausible-value": (
        new_figure(value="5", reported_as="5"),
        {("implausible-value", "figures", NEW, "value")},
    ),
    "range-incomplete": (
        new_figure(qualifier="range", reported_as="600-700B", value="650000000000"),
        {
            ("range-incomplete", "figures", NEW, "value_low"),
            ("range-incomplete", "figures", NEW, "value_high"),
            ("reported-as-mismatch", "figures", NEW, "value_low"),
            ("reported-as-mismatch", "figures", NEW, "value_high"),
        },
    ),
    "range-unexpected": (
        new_figure(value_low="600000000000"),
        {("range-unexpected", "figures", NEW, "qualifier")},
    ),
    "range-order": (
        new_figure(
            qualifier="range",
            reported_as="600-700B",
            value="800000000000",
            value_low="600000000000",
            value_high="700000000000",
        ),
        {("range-order", "figures", NEW, "value")},
    ),
    "currency-year-missing": (
        new_money_figure(currency_year=""),
        {("currency-year-missing", "figures", NEW, "currency_year")},
    ),
    "currency-year-unexpected": (
        new_figure(currency_year="2024"),
        {("currency-year-unexpected", "figures", NEW, "currency_year")},
    ),
    "currency-year-not-in-index": (  # the index holds 2015-2025: 2014 is a hole, 2026 is not
        both(
            new_money_figure(currency_year="2014"),
            lambda d: new_money_figure(currency_year="2026")(d, "not-out-yet"),
        ),
        {("currency-year-not-in-index", "figures", NEW, "currency_year")},
    ),
    "as-of-missing": (
        new_money_figure(
            metric="api_price_input",
            scope="api_list_price",
            value="2",
            reported_as="$2",
            hardware="",
        ),
        {("as-of-missing", "figures", NEW, "as_of")},
    ),
    "reported-as-missing": (
        new_figure(reported_as=""),
        {("reported-as-missing", "figures", NEW, "reported_as")},
    ),
    "locator-missing": (new_figure(locator=""), {("locator-missing", "figures", NEW, "locator")}),
    "derivation-missing": (
        new_figure(basis="derived"),
        {("derivation-missing", "figures", NEW, "derivation")},
    ),
    "derivation-unexpected": (
        new_figure(derivation="deepseek-v3-parameters * 1"),
        {("derivation-unexpected", "figures", NEW, "derivation")},
    ),
    "published-after-accessed": (
        lambda d: edit(d, "sources", "wired-altman-giant-models-2023", published="2027-01-01"),
        {("published-after-accessed", "sources", "wired-altman-giant-models-2023", "published")},
    ),
    "cites-self": (
        lambda d: edit(d, "sources", "deepseek-v3-report-2024", cites="deepseek-v3-report-2024"),
        {("cites-self", "sources", "deepseek-v3-report-2024", "cites")},
    ),
    "cites-cycle": (
        lambda d: edit(
            d, "sources", "deepseek-v3-report-2024", cites="semianalysis-deepseek-debates-2025"
        ),
        {
            ("cites-cycle", "sources", "deepseek-v3-report-2024", "cites"),
            ("cites-cycle", "sources", "semianalysis-deepseek-debates-2025", "cites"),
        },
    ),
    "organization-kind": (
        lambda d: edit(d, "subjects", "gpt-4", organization="gpt-4o"),
        {("organization-kind", "subjects", "gpt-4", "organization")},
    ),
    "parent-cycle": (
        lambda d: edit(d, "subjects", "deepseek-v3", parent="deepseek-r1"),
        {
            ("parent-cycle", "subjects", "deepseek-v3", "parent"),
            ("parent-cycle", "subjects", "deepseek-r1", "parent"),
        },
    ),
    "supersedes-itself": (
        new_figure(superseded_by=NEW),
        {
            ("supersedes-itself", "figures", NEW, "superseded_by"),
            ("superseded-not-retracted", "figures", NEW, "retracted_in"),
        },
    ),
    "superseded-not-retracted": (
        new_figure(superseded_by="deepseek-v3-parameters"),
        {("superseded-not-retracted", "figures", NEW, "retracted_in")},
    ),
    "retracted-unreleased": (
        new_figure(retracted_in="9.0.0"),
        {("retracted-unreleased", "figures", NEW, "retracted_in")},
    ),
    "retracted-before-added": (
        lambda d: edit(d, "figures", "deepseek-v3-parameters", retracted_in="0.1.0"),
        {("retracted-before-added", "figures", "deepseek-v3-parameters", "retracted_in")}
        | EVERY_RELEASE_BROKEN,
    ),
    "retracted-in-unknown": (
        lambda d: edit(d, "figures", "deepseek-v3-parameters", retracted_in="0.0.9"),
        {
            ("retracted-in-unknown", "figures", "deepseek-v3-parameters", "retracted_in"),
            ("retracted-before-added", "figures", "deepseek-v3-parameters", "retracted_in"),
        }
        | EVERY_RELEASE_BROKEN,
    ),
    "superseded-cycle": (
        both(
            lambda d: edit(
                d,
                "figures",
                "deepseek-v3-parameters",
                retracted_in="9.0.0",
                superseded_by="deepseek-v3-active-parameters",
            ),
            lambda d: edit(
                d,
                "figures",
                "deepseek-v3-active-parameters",
                retracted_in="9.0.0",
                superseded_by="deepseek-v3-parameters",
            ),
        ),
        {
            ("superseded-cycle", "figures", "deepseek-v3-parameters", "superseded_by"),
            ("superseded-cycle", "figures", "deepseek-v3-active-parameters", "superseded_by"),
        },
    ),
    "traces-to-itself": (
        new_figure(basis="media_report", traces_to=NEW),
        {("traces-to-itself", "figures", NEW, "traces_to")},
    ),
    "traces-to-unexpected": (
        new_figure(traces_to="deepseek-v3-active-parameters"),
        {("traces-to-unexpected", "figures", NEW, "traces_to")},
    ),
    "traces-to-retracted": (  # retracted for a row with the same $2.50, another wording
        new_figure(basis="media_report", traces_to="gpt-4o-api-price-input-openai-2024-08"),
        {("traces-to-retracted", "figures", NEW, "traces_to")},
    ),
    "basis-tier-mismatch": (
        new_figure(source_id="wired-altman-giant-models-2023"),
        {("basis-tier-mismatch", "figures", NEW, "basis")},
    ),
    "traces-to-missing": (
        new_figure(source_id="wired-altman-giant-models-2023", basis="media_report"),
        {("traces-to-missing", "figures", NEW, "traces_to")},
    ),
    "currency-year-disagrees": (
        both(
            lambda d: edit(d, "sources", "hf-microsoft-phi-2-card", currency_year="2023"),
            new_money_figure(source_id="hf-microsoft-phi-2-card"),
        ),
        {("currency-year-disagrees", "figures", NEW, "currency_year")},
    ),
    "reported-as-unreadable": (
        new_money_figure(reported_as="many millions"),
        {("reported-as-unreadable", "figures", NEW, "reported_as")},
    ),
    "reported-as-mismatch": (
        new_money_figure(reported_as="$5.6M"),
        {("reported-as-mismatch", "figures", NEW, "value")},
    ),
    "reported-as-qualifier-mismatch": (
        new_money_figure(reported_as="over $5.576M"),
        {("reported-as-qualifier-mismatch", "figures", NEW, "qualifier")},
    ),
    "reported-as-currency-mismatch": (
        new_money_figure(reported_as="€5.576M"),
        {("reported-as-currency-mismatch", "figures", NEW, "unit")},
    ),
    "derivation-unreadable": (
        new_money_figure(basis="derived", derivation="deepseek-v3-gpu-hours ** 2"),
        {("derivation-unreadable", "figures", NEW, "derivation")},
    ),
    "derivation-cycle": (
        new_money_figure(basis="derived", derivation=f"{NEW} * 1"),
        {("derivation-cycle", "figures", NEW, "derivation")},
    ),
    "derivation-unknown-figure": (
        new_money_figure(basis="derived", derivation="no-such-figure * 2"),
        {("derivation-unknown-figure", "figures", NEW, "derivation")},
    ),
    "derivation-retracted-figure": (
        both(
            lambda d: edit(d, "figures", "deepseek-v3-gpu-hours", retracted_in="9.0.0"),
            new_money_figure(basis="derived", derivation="deepseek-v3-gpu-hours * 2"),
        ),
        {
            ("derivation-retracted-figure", "figures", NEW, "derivation"),
            (
                "derivation-retracted-figure",
                "figures",
                "deepseek-v3-training-cost-recomputed",
                "derivation",
            ),
        },
    ),
    "derivation-mismatch": (
        new_money_figure(basis="derived", derivation="deepseek-v3-gpu-hours * 3"),
        {("derivation-mismatch", "figures", NEW, "value")},
    ),
    "released-row-changed": (
        lambda d: edit(d, "figures", V3, claim="Something else."),
        {("released-row-changed", "figures", V3, "claim")} | EVERY_RELEASE_BROKEN,
    ),
    "released-row-unrecorded": (
        new_figure(added_in="0.1.0"),
        {("released-row-unrecorded", "figures", NEW, "added_in")} | EVERY_RELEASE_BROKEN,
    ),
    "release-hash-mismatch": (
        remove("figures", "deepseek-v3-post-training-gpu-hours"),
        {("foreign-key", "release_rows", "deepseek-v3-post-training-gpu-hours", "figure_id")}
        | EVERY_RELEASE_BROKEN,
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_defect_is_caught_exactly(code, dataset, releases):
    mutate, expected = CASES[code]
    expected = expand(expected, releases)
    mutate(dataset)
    found = located(mcl.validate(dataset))
    assert any(item[0] == code for item in expected)
    assert found == expected


def test_every_code_has_a_case():
    # no data makes a rule fail unexpectedly: tests/test_dataset_dirs.py breaks a rule for that
    assert set(CODES) - {"internal-error"} == set(CASES)


def test_a_repeat_of_a_number_since_corrected_keeps_its_trace(dataset):
    # retracted for Epoch's published database figure, another number: the AI Index repost
    # in the shipped data repeats the retracted one, and says so by its trace
    new_figure(basis="media_report", traces_to="llama-3.1-405b-training-cost-epoch-cloud")(dataset)
    assert mcl.validate(dataset) == []


def test_messages_say_what_was_found_and_what_is_allowed(dataset):
    edit(dataset, "sources", "wired-altman-giant-models-2023", kind="tweet")
    (problem,) = mcl.validate(dataset)
    assert "'tweet'" in problem.message and "news" in problem.message


def test_many_independent_errors_come_out_in_one_pass(dataset):
    for code in (
        "not-in-enum",
        "missing-value",
        "utf8-bom",
        "reported-as-mismatch",
        "cites-self",
        "parent-cycle",
    ):
        CASES[code][0](dataset)
    codes = {p.code for p in mcl.validate(dataset)}
    assert {
        "not-in-enum",
        "missing-value",
        "utf8-bom",
        "reported-as-mismatch",
        "cites-self",
        "parent-cycle",
    } <= codes


def test_a_file_of_unicode_blanks_is_empty(dataset):
    """A file holding only white space (here an ideographic and a no-break space, which an
    ASCII test of its bytes would not call blank) has no header: the empty-file problem."""
    write_text("price_index", "\u3000\u00a0\n")(dataset)
    assert located(mcl.validate(dataset)) == {("empty-file", "price_index", "", "")}


TRICKY_TEXT = [
    "", "a", "abc", "abc\n", "\nabc", "a\nb", "0.29.0", "0.29.0\n", "ａｂｃ", "é", "abc\u00a0",
    "https://example.org/x", "https://exa mple.org/x", "https://example.org/\u2003x",
    "a" * 64, "0" * 64, "0" * 63 + "\n", "[", ":", "aaa", "2024-01", "2024-01-01", "2024-1-01",
    "en", "en-GB", "deepseek-v3", "DeepSeek-V3", "-x", "x.", "x_y", "\x00", "a\u0301",
]  # fmt: skip
ODD_PATTERNS = [
    r"(?i)^[a-z]+$", r"^\w+$", r"^[[:alpha:]]+$", r"^a{,3}$", r"^(a)\1$", r"^[^\n]*$", r"^.*$",
    r"^(?=a)a+$", r"^a|b$", r"[0-9]", r"^\S+$", r"^[a-z]+\Z",
]  # fmt: skip


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # Python, on [[:
@pytest.mark.parametrize(
    "pattern",
    sorted(
        {f.constraints["pattern"] for r in Descriptor.read().resources.values() for f in r.fields
         if "pattern" in f.constraints}
    ) + ODD_PATTERNS,
)  # fmt: skip
def test_a_pattern_means_what_it_means_to_python(pattern):
    """Whether a cell matches a pattern is decided as Python's ``re.fullmatch`` decides it,
    whichever engine runs it: RE2 only for patterns it reads the same way (schema_rules)."""
    import re

    import pandas as pd

    from model_cost_ledger.store.types import TEXT
    from model_cost_ledger.validation.schema_rules import _fits_pattern

    text = pd.Series([*TRICKY_TEXT, None], dtype=TEXT)
    expected = [*(re.fullmatch(pattern, value) is not None for value in TRICKY_TEXT), False]
    assert _fits_pattern(text, pattern).tolist() == expected
    repeated = pd.concat([text] * 200, ignore_index=True)  # the distinct-values path
    assert _fits_pattern(repeated, pattern).tolist() == expected * 200
