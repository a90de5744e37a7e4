"""Finding and explaining: one name resolution for every command and function (an unknown or
ambiguous name exits 2 naming the candidates, never an empty result), search, summary, top,
glossary and list's options, each laid out within the terminal's width with every id whole."""

from __future__ import annotations

import json

import pytest
from helpers import assert_same_frame
from hypothesis import given
from hypothesis import strategies as st

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.comparison.glossary import ENUM_WORDS, UNDESCRIBED
from model_cost_ledger.comparison.subjects import EXACT, INSIDE, PREFIX, WORDS, match, resolve
from model_cost_ledger.comparison.verdicts import REASONS, VERDICTS
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_tables
from model_cost_ledger.text.layout import display_width, wrap


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def published():
    """The current figures, loaded once for this module."""
    return mcl.load()


@pytest.fixture(scope="module")
def names():
    return read_tables()["subjects"], Descriptor.read().resource("subjects").field("aliases")


@pytest.mark.parametrize(
    ("name", "subject_id"),
    [
        ("gpt-4", "gpt-4"),  # the exact id
        ("Gemini Ultra", "gemini-1.0-ultra"),  # an alias, ignoring case
        ("LLAMA_3.1 405b", "llama-3.1-405b"),  # ignoring case, dots, underscores, spaces
        ("llama 3", "llama-3"),  # a name, before the subjects it starts
        ("nemotron ultra", "llama-3.1-nemotron-ultra-253b"),  # every word, one subject only
        ("Gemini Ultr", "gemini-1.0-ultra"),  # the start of one subject's alias
    ],
)
def test_a_name_resolves_one_way(names, name, subject_id):
    assert resolve(name, *names) == subject_id


def test_a_name_of_several_subjects_or_a_typo_is_refused_with_the_candidates(names):
    with pytest.raises(KeyError, match=r"could be any of 2 subjects: claude-3.5-haiku, claude"):
        resolve("claude 3.5", *names)
    with pytest.raises(KeyError, match=r"no subject called 'deepsek r1'; closest: deepseek-r1"):
        resolve("deepsek r1", *names)  # a typo is suggested, never silently taken


def test_match_ranks_exact_prefix_words_inside_then_typos():
    assert match("Llama 3", "llama-3") == EXACT
    assert match("llama 3", "Llama 3 70B") == PREFIX
    assert match("gemini ultra", "Gemini 1.0 Ultra") == WORDS
    assert match("mini", "Gemini 1.0 Ultra") == INSIDE
    assert 0 < match("deepsek r1", "deepseek-r1") < INSIDE
    assert match("xyz", "deepseek-r1") == 0


def test_list_finds_a_subject_by_alias_as_compare_does(capsys):
    """`list --subject "Gemini Ultra"` once printed a silent `0 figure(s)`."""
    code, out, _ = run(capsys, "list", "--subject", "Gemini Ultra", "--metric", "training_cost")
    assert code == 0 and "gemini-1.0-ultra-training-cost-epoch-db" in out
    figures = mcl.tables()["figures"]
    current = figures[figures["retracted_in"].isna() & (figures["metric"] == "training_cost")]
    listed = (current["subject_id"] == "gemini-1.0-ultra").sum()
    assert listed >= 8 and out.splitlines()[-1] == f"{listed} figure(s)"
    assert mcl.compare("Gemini Ultra", "gpt-4").a == "gemini-1.0-ultra"


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--subject", "deepsek r1"),
        ("summary", "deepsek r1"),
        ("compare", "deepsek r1", "gpt-4o"),
    ],
    ids=lambda argv: argv[0],
)
def test_an_unknown_name_exits_2_with_the_closest(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("error: no subject called 'deepsek r1'; closest: deepseek-r1, ")
    assert err.count("\n") == 1


def test_unknown_metric_scope_or_sort_field_lists_the_choices(capsys):
    for argv, said in [
        (("list", "--metric", "cost"), "unknown metric 'cost'; metrics: training_cost, "),
        (("top", "--scope", "stage"), "unknown scope 'stage'; scopes: final_run_rental, "),
        (("list", "--sort", "price"), "cannot sort by 'price'; columns: figure_id, "),
    ]:
        code, _, err = run(capsys, *argv)
        assert code == 2 and err.startswith(f"error: {said}"), argv


@pytest.mark.parametrize(
    "query",
    [
        {"subject": "GPT-4"},
        {"metric": "training_cost", "sort": "-value_constant_usd"},
        {"scope": ("final_run",), "sort": "subject_name"},
        {"subject": "gpt-4", "version": "0.2.0"},
    ],
    ids=["subject", "metric-by-constant-dollars", "scope-by-name", "a-release"],
)
def test_figures_are_the_rows_of_load_that_match(query):
    # figures() joins the context of the matching rows only: the same rows, columns and types
    # as filtering what load() returns
    every = mcl.load(version=query.get("version"))
    if "subject" in query:
        every = every[every["subject_id"] == "gpt-4"]
    if "metric" in query:
        every = every[every["metric"] == query["metric"]]
    if "scope" in query:
        every = every[every["scope"].astype(str).str.startswith("final_run")]
    column = query.get("sort", "figure_id")
    expected = every.sort_values(
        [column.removeprefix("-"), "figure_id"],
        ascending=[not column.startswith("-"), True],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)
    assert len(expected) > 0
    assert_same_frame(mcl.figures(**query), expected)


def test_show_of_a_subject_name_points_to_summary(capsys):
    code, _, err = run(capsys, "show", "GPT-4")
    assert code == 2 and "names the subject gpt-4: `model-cost-ledger summary gpt-4`" in err


def test_search_ranks_matches_with_kind_organization_and_figures(capsys):
    code, out, _ = run(capsys, "search", "llama", "3")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("llama-3: Llama 3 (family by meta), ")
    count = int((mcl.load()["subject_id"] == "llama-3-70b").sum())
    assert any(
        line.startswith(f"llama-3-70b: Llama 3 70B (model by meta), {count} figure(s)")
        for line in lines
    )
    found = mcl.search("LLAMA-3")
    starts = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert found["score"].is_monotonic_decreasing and list(found["subject_id"]) == starts
    assert run(capsys, "search", "zzqqx")[:2] == (1, "no subject matches 'zzqqx'\n")


@pytest.fixture(scope="module")
def gpt_4() -> mcl.Summary:
    return mcl.summary("GPT 4")


def test_summary_puts_each_repeat_under_the_figure_it_repeats(gpt_4):
    lines = gpt_4.lines(80)
    at = {line.strip().removeprefix("repeated by "): i for i, line in enumerate(lines)}
    wired, repeat = at["gpt-4-training-cost-wired"], at["seed-vi-gpt-4o-training-cost"]
    assert wired < repeat and lines[repeat].startswith("      repeated by ")
    assert "at least $100M (2023 USD)" in lines[wired + 1]
    assert "about gpt-4o, not gpt-4" in " ".join(" ".join(lines[repeat : repeat + 4]).split())
    assert at["gpt-4-cost-aiindex2024-pureai"] < at["gpt-4-cost-aiindex2025-kenpriore"]
    heading = lines.index("Final run at rental prices (final_run_rental)")
    assert lines[heading + 1] == "  gpt-4-training-cost-cloud-epoch-db"  # the estimate first
    assert "$81.4M (2023 USD); a third-party estimate by Epoch AI" in lines[heading + 2]
    shown = set(gpt_4.figures["figure_id"])
    assert {t.removeprefix("repeated by ") for t in at} >= shown  # every id on a line, whole


def test_a_subject_without_figures_is_said_so():
    assert mcl.summary("OpenAI").lines() == [
        "OpenAI (openai): an organization",
        "The ledger holds no current figure about it yet.",
    ]


def test_a_count_below_a_million_is_written_in_full():
    """1,024 and 2,048 GPUs read as printed, not as "1.02K" and "2.05K": a reader compares
    counts digit by digit (TII's own documents give Falcon3-7B both)."""
    text = " ".join(" ".join(mcl.summary("falcon3-7b").lines(80)).split())
    assert "Accelerator count: 1,024 accelerators" in text
    assert "Accelerator count: 2,048 accelerators" in text
    ranked = mcl.top("accelerator_count", limit=500).lines(200)
    assert any("1,024" in line and "falcon3-7b" in line for line in ranked)


def test_summary_depths_follow_traces_to():
    figures = mcl.summary("deepseek-v3").figures
    at = {figure_id: i for i, figure_id in enumerate(figures["figure_id"])}
    assert figures.at[at["deepseek-v3-training-cost"], "depth"] == 0
    assert figures.at[at["deepseek-v3-training-cost-epoch-db"], "depth"] == 1
    repeats = figures[figures["depth"] > 0]
    assert len(repeats) > 1
    for i, row in repeats.iterrows():  # each under the figure it repeats, in that one's group
        parent = figures.loc[at[row["traces_to"]]]
        assert at[row["traces_to"]] < i and parent["depth"] == row["depth"] - 1
        assert parent["group"] == row["group"]


def test_top_ranks_money_in_constant_dollars_and_leaves_repeats_out():
    ranking = mcl.top("training_cost", limit=500)
    rows = ranking.rows
    key = rows["constant"].where(rows["constant"].notna(), rows["value"].astype(float))
    assert key.is_monotonic_decreasing and list(rows["rank"]) == list(range(1, len(rows) + 1))
    assert rows["constant"].notna().any() and (rows["nominal"] == rows["constant"].isna()).all()
    assert rows["figure_id"].isin(["deepseek-v3-training-cost-epoch-db"]).sum() == 0  # a repeat
    converted = rows[rows["currency_year"] == 2024].iloc[0]
    assert converted["constant"] > converted["value"]  # 2024 dollars in (later) 2025 dollars
    assert ranking.left_out["repeats of another figure"] > 0


def test_top_prints_scope_and_claimant_on_each_entry_and_marks_nominal(capsys):
    code, out, _ = run(capsys, "top", "--scope", "final_run", "--limit", "3")
    lines = out.splitlines()
    assert code == 0 and lines[2].startswith("  1. ") and "$" in lines[2]
    assert "Final run" in lines[3] and "Epoch AI" in " ".join(lines[3:5])
    assert "." not in lines[2].split()[1].rstrip("MBK*").lstrip("$~≥≤")[5:]
    assert "* nominal:" not in out  # every final-run cost here has an indexed dollar year


def test_top_marks_a_figure_the_index_cannot_convert(capsys):
    code, out, _ = run(capsys, "top", "--metric", "api_price_input", "--limit", "2")
    assert "constant 2025 US dollars (US CPI-U annual average), per million tokens" in " ".join(
        out.split()
    )
    # GPT-4's current list price is in 2026 dollars, not indexed yet
    second = next(line for line in out.splitlines() if line.startswith("  2. "))
    assert code == 0 and second.split()[:3] == ["2.", "$30*", "gpt-4-api-price-input-openai"]
    assert "* nominal: the dollar year has no price index value" in " ".join(out.split())


def test_top_ranks_quantities_as_they_are(capsys):
    rows = mcl.top("gpu_hours", limit=50).rows
    assert rows["value"].is_monotonic_decreasing and rows["constant"].isna().all()
    code, out, _ = run(capsys, "top", "--metric", "gpu_hours", "--format", "csv")
    assert code == 0 and out.startswith("rank,figure_id,subject_id,")


def test_glossary_says_every_vocabulary_value_in_words(capsys):
    sections = mcl.glossary().sections
    terms = {term: words for entries in sections.values() for term, words in entries}
    tables = read_tables()
    figures = Descriptor.read().resource("figures")
    expected = {*tables["scopes"]["scope"], *tables["metrics"]["metric"], *REASONS, *VERDICTS}
    for field in ENUM_WORDS:
        assert set(ENUM_WORDS[field]) == set(figures.field(field).enum), field
        expected |= set(figures.field(field).enum)
    assert expected <= set(terms) and UNDESCRIBED not in terms.values()
    code, out, _ = run(capsys, "glossary")
    assert code == 0 and "  bound-dropped\n" in out and "  final_run_amortized\n" in out


def test_list_sorts_filters_by_scope_family_and_keeps_every_field(capsys, published):
    found = mcl.figures(metric="training_cost", scope=["final_run"], sort="-value")
    assert set(found["scope"]) == {"final_run_rental", "final_run_amortized"}
    assert found["value"].is_monotonic_decreasing
    code, out, _ = run(capsys, "list", "--subject", "deepseek-v3", "--format", "json")
    records = json.loads(out)
    assert code == 0 and list(records[0]) == list(published.columns)
    code, out, _ = run(capsys, "list", "--metric", "gpu_hours", "--format", "csv")
    assert out.splitlines()[0].split(",") == list(published.columns)


@pytest.mark.parametrize(
    "argv",
    [
        ("summary", "gpt-4"),
        ("top", "--limit", "30"),
        ("glossary",),
        ("search", "gpt"),
        ("list", "--subject", "deepseek-v3"),
        ("show", "seed-vi-r1-training-cost"),
        ("stats",),
    ],
    ids=lambda argv: argv[0],
)
def test_output_fits_the_terminal_width_and_never_cuts_an_id(capsys, monkeypatch, argv, published):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, *argv)
    ids = set(published["figure_id"]) | set(published["subject_id"]) | set(published["source_url"])
    assert code == 0
    for line in out.splitlines():
        if display_width(line) > 60:  # only a word too long for any line: an id or URL, whole
            assert len(line.split()) == 1 or line.split()[-1].rstrip(":") in ids, line
            assert line.split()[-1].rstrip(":") in ids, line


def test_wrap_counts_display_columns_and_keeps_words_whole():
    assert wrap("零一万物 零一万物", 9) == ["零一万物", "零一万物"]
    assert wrap("a deepseek-v3-training-cost-epoch-db b", 10) == [
        "a",
        "deepseek-v3-training-cost-epoch-db",
        "b",
    ]
    assert wrap("claim\nFORGED", 80) == ["claim\\nFORGED"]  # data cannot start a line


@given(
    words=st.lists(st.text("ab-.“”一万零é\u0301😀", min_size=1, max_size=14), max_size=30),
    width=st.integers(4, 40),
    prefix=st.sampled_from(["", "  ", "一 "]),
)
def test_wrap_fills_each_line_greedily_and_loses_no_word(words, width, prefix):
    lines = wrap(" ".join(words), width, indent=prefix)
    bodies = [line.removeprefix(prefix) for line in lines]
    assert all(line.startswith(prefix) for line in lines)
    assert "".join(body.replace(" ", "") for body in bodies) == "".join(words)
    for line, body in zip(lines, bodies, strict=True):  # too wide only for a piece on its own
        assert display_width(line) <= width or len(body.split()) == 1, (line, width)
    for line, following in zip(lines, bodies[1:], strict=False):  # the next piece did not fit
        assert display_width(line) + 1 + display_width(following.split()[0]) > width
