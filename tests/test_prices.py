"""The price in effect on a day, on real rows: the latest dated figure on or before it, a month
read as its first day, "unknown" (never zero) before the first figure, and bad questions refused
with a message that says what is allowed."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import append

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.comparison.prices import in_effect, price_history


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return mcl.tables()


def in_effect_on(frames, subject, day, metric="api_price_input", scope="api_list_price"):
    figure, same_day = in_effect(price_history(frames, subject, metric, scope, "USD"), day)
    return (None if figure is None else figure["figure_id"]), list(same_day["figure_id"])


@pytest.mark.parametrize(
    ("subject", "day", "expected"),
    [
        ("gpt-4o", "2024-05-12", None),  # before the first price the ledger holds
        ("gpt-4o", "2024-05-13", "gpt-4o-api-price-input-openrouter-2024-05-13"),  # $5
        ("gpt-4o", "2024-08-05", "gpt-4o-api-price-input-openrouter-2024-05-13"),
        (
            "gpt-4o",
            "2024-08-06",
            "gpt-4o-api-price-input-openai-2024-08-availability",
        ),  # $2.50 from that day
        ("claude-sonnet-4", "2025-07-31", None),  # as_of 2025-08 counts from 2025-08-01
        ("claude-sonnet-4", "2025-08-01", "claude-sonnet-4-api-price-input-anthropic"),
        # a speculative conflation ($5, GPT-4o's price, said of GPT-4) is never in effect
        ("gpt-4", "2025-10-01", "gpt-4-api-price-input-openai-2023-03"),
    ],
    ids=lambda v: str(v),
)
def test_the_latest_figure_on_or_before_the_day_is_in_effect(frames, subject, day, expected):
    assert in_effect_on(frames, subject, day)[0] == expected


def test_a_date_with_several_prices_keeps_the_base_rate_and_shows_the_others(frames):
    chosen, others = in_effect_on(frames, "claude-sonnet-4", "2025-09-01")
    assert chosen == "claude-sonnet-4-api-price-input-anthropic"  # $3, not the >200K tier
    assert others == ["claude-sonnet-4-api-price-input-over-200k-anthropic"]


def test_batch_and_cache_prices_have_their_own_scope_and_metric(frames):
    batch = in_effect_on(frames, "claude-3-opus", "2025-09-01", scope="api_batch_price")
    write = in_effect_on(frames, "claude-3-opus", "2025-09-01", metric="api_price_cache_write")
    assert batch == ("claude-3-opus-api-batch-price-input-anthropic", [])
    assert write == (
        "claude-3-opus-api-price-cache-write-anthropic",
        ["claude-3-opus-api-price-cache-write-1h-anthropic"],
    )


def test_price_answers_with_the_figure_its_date_unit_and_source():
    before, after = mcl.price("GPT-4o", "2024-06-01"), mcl.price("gpt-4o", "2024-09-01")
    assert (before.price, before.as_of, before.figure["unit"]) == (5.0, "2024-05-13", "USD")
    assert (after.price, after.as_of, after.subject_id) == (2.5, "2024-08-06", "gpt-4o")
    text = str(after)
    assert (
        "2.5 USD per million tokens" in text
        and "gpt-4o-api-price-input-openai-2024-08-availability" in text
    )
    assert "https://openai.com/index/introducing-structured-outputs-in-the-api/" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_derived_batch_price_shows_its_formula_not_a_missing_print():
    """Alibaba prints the batch rule (half the real-time price), not the batch price: the
    answer names the formula the ledger computed it with, never "<NA>" as the printed number."""
    answer = mcl.price("qwen-max", "2025-06-01", batch=True)
    assert (answer.price, answer.subject_id, answer.as_of) == (0.8, "qwen2.5-max", "2025-04-22")
    lines = str(answer).splitlines()
    assert "  derived   = qwen2.5-max-api-price-input-alibaba-2025-04-22 * 0.5" in lines
    assert not any("<NA>" in line or "printed" in line for line in lines)


def test_a_month_as_of_is_said_to_be_read_as_its_first_day():
    answer = mcl.price("claude-sonnet-4", "2025-09-01")
    assert answer.as_of == "2025-08" and "2025-08 (a month: read as 2025-08-01)" in str(answer)


def test_no_price_in_effect_is_unknown_never_zero():
    early = mcl.price("gpt-4o", "2023-01-01")
    later = mcl.price("gpt-4o", "2024-09-01", batch=True)  # the batch price is dated 2025-10-02
    # o3's batch cached-input price was withdrawn in 0.4.4: OpenAI's Batch table lists none
    never = mcl.price("o3", "2026-01-01", metric="api_price_cached_input", batch=True)
    assert [a.price for a in (early, later, never)] == [None, None, None]
    assert early.figure is None
    assert "unknown: no such price in USD is dated on or before 2023-01-01" in str(early)
    assert "as of 2024-05-13" in str(early)
    assert "gpt-4o-api-batch-price-input-openai-pricing-2025-10, as of 2025-10-02" in str(later)
    assert "unknown: the ledger has no such price in USD at any date." in str(never)
    assert " 0 USD" not in str(early) + str(later) + str(never)


def test_the_developers_own_figure_wins_over_a_media_report_of_the_same_date(dataset):
    append(
        dataset,
        "figures",
        "gpt-4o-api-price-input-openai-2024-08-availability",
        figure_id="gpt-4o-api-price-input-test-report",
        basis="media_report",
        value="1",
        reported_as="$1",
        traces_to="gpt-4o-api-price-input-openai-2024-08-availability",  # a report distorting it
    )
    answer = mcl.price("gpt-4o", "2024-09-01", path=dataset)
    assert answer.figure["figure_id"] == "gpt-4o-api-price-input-openai-2024-08-availability"
    assert list(answer.same_day["figure_id"]) == ["gpt-4o-api-price-input-test-report"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--date", "2024-02-30"], "date '2024-02-30' is not a real day: give YYYY-MM-DD"),
        (["--date", "2024-9-1"], "date '2024-9-1' is not a real day: give YYYY-MM-DD"),
        (["--date", "yesterday"], "date 'yesterday' is not a real day: give YYYY-MM-DD"),
        (
            ["--metric", "training_cost"],
            "'training_cost' is not a price metric; choose one of api_price_cache_write,"
            " api_price_cached_input, api_price_input, api_price_output",
        ),
    ],
    ids=["not-a-day", "not-iso", "a-word", "not-a-price-metric"],
)
def test_bad_questions_are_one_line_errors(capsys, arguments, message):
    code = main(["price", "gpt-4o", *arguments])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"error: {message}") and err.count("\n") == 1


def test_the_command_says_unknown_and_exits_0(capsys):
    code = main(["price", "gpt-4o", "--date", "2023-01-01", "--metric", "api_price_output"])
    out = capsys.readouterr().out
    assert code == 0 and "unknown: no such price in USD is dated on or before 2023-01-01" in out


def test_an_empty_name_is_refused():
    with pytest.raises(ValueError, match="is not a subject name"):
        mcl.price(" - ", "2024-09-01")
