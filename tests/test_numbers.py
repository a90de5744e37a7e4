"""Numbers as printed, read in the source's own language."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import model_cost_ledger as mcl
from model_cost_ledger import ReportedNumberError, parse_reported
from model_cost_ledger.validation.reported_rules import PLAIN, disagreements, plainly_agree

CASES = [
    # text, language, value, qualifier, currency, low, high
    ("$5.576M", "en", 5.576e6, "exact", "USD", None, None),
    ("2788K", "en", 2.788e6, "exact", None, None, None),
    ("2.788M H800 GPU hours", "en", 2.788e6, "exact", None, None, None),
    ("1,6 tỷ đô la", "vi", 1.6e9, "exact", "USD", None, None),
    ("khoảng 50.000 GPU", "vi", 5e4, "approximately", None, None, None),
    ("GPU 2048", "vi", 2048, "exact", None, None, None),
    ("vượt quá 1,3 triệu đô la hàng năm", "vi", 1.3e6, "at_least", "USD", None, None),
    ("5,576 triệu USD", "vi", 5.576e6, "exact", "USD", None, None),
    ("gần 100 nghìn", "vi", 1e5, "approximately", None, None, None),
    ("hơn 2 tỉ", "vi", 2e9, "at_least", None, None, None),
    ("1.234,5 Mio. €", "de", 1.2345e9, "exact", "EUR", None, None),
    ("über 3 Mrd. Dollar", "de", 3e9, "at_least", "USD", None, None),
    ("50 000 GPU", "fr", 5e4, "exact", None, None, None),
    ("más de 2 mil millones", "es", 2e9, "at_least", None, None, None),
    ("约29.4万美元", "zh", 2.94e5, "approximately", "USD", None, None),
    ("超过1亿美元", "zh", 1e8, "at_least", "USD", None, None),
    ("300万元", "zh", 3e6, "exact", "CNY", None, None),
    ("¥5億", "ja", 5e8, "exact", "JPY", None, None),
    ("3.8 x 10^25 FLOPs", "en", 3.8e25, "exact", None, None, None),
    ("3.8e25", "en", 3.8e25, "exact", None, None, None),
    ("3.8×10²⁵", "en", 3.8e25, "exact", None, None, None),
    ("1.8·10²³", "en", 1.8e23, "exact", None, None, None),  # a middle dot as the times sign
    ("over $100 million", "en", 1e8, "at_least", "USD", None, None),
    ("more than $500M US dollars", "en", 5e8, "at_least", "USD", None, None),
    ("under $50", "en", 50, "at_most", "USD", None, None),
    ("~$1.6B", "en", 1.6e9, "approximately", "USD", None, None),
    ("∼$800 in GPU spend", "en", 800, "approximately", "USD", None, None),  # the tilde operator
    ("US$2bn", "en", 2e9, "exact", "USD", None, None),
    ("$80–100 million", "en", 9e7, "range", "USD", 8e7, 1e8),
    ("$2-5M", "en", 3.5e6, "range", "USD", 2e6, 5e6),
    ("2 to 5 million", "en", 3.5e6, "range", None, 2e6, 5e6),
    ("14.8T", "en", 1.48e13, "exact", None, None, None),
    ("1,000+ GPUs", "en", 1000, "at_least", None, None, None),
    ("£10 m", "en", 1e7, "exact", "GBP", None, None),
    ("5 Trillion", "en", 5e12, "exact", None, None, None),
    ("540-billion parameter", "en", 5.4e11, "exact", None, None, None),
    ("8'404'992", "en", 8404992, "exact", None, None, None),
    ("nearly two trillion total parameters", "en", 2e12, "approximately", None, None, None),
    ("six million", "en", 6e6, "exact", None, None, None),
    ("a few $10M's", "en", 5.5e7, "range", "USD", 1e7, 1e8),
    ("as many as 100,000", "en", 1e5, "at_most", None, None, None),
    ('"input": 2.5', "en", 2.5, "exact", None, None, None),
    ("RMB 3 billion", "en", 3e9, "exact", "CNY", None, None),
]


@pytest.mark.parametrize(
    ("text", "language", "value", "qualifier", "currency", "low", "high"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_reads_numbers_as_printed(text, language, value, qualifier, currency, low, high):
    result = parse_reported(text, language)
    assert result.value == pytest.approx(value, rel=1e-12)
    assert (result.qualifier, result.currency) == (qualifier, currency)
    assert (result.low, result.high) == (
        pytest.approx(low) if low else None,
        pytest.approx(high) if high else None,
    )


def test_precision_is_half_the_last_printed_digit():
    assert parse_reported("$5.6 million").precision == pytest.approx(5e4)
    assert parse_reported("$5.576M").precision == pytest.approx(500)
    assert parse_reported("$5.6 million").agrees_with(5.576e6)
    assert not parse_reported("$5.6 million").agrees_with(5.576e6, exact=True)
    assert not parse_reported("$5.6 million").agrees_with(5.66e6)


def test_per_million_denominators_are_read():
    assert parse_reported("$2.50 / 1M input tokens").per == 1e6
    assert parse_reported("$0.03 per 1K tokens").per == 1e3


@pytest.mark.parametrize(
    ("text", "language", "part"),
    [
        ("١٢٣", "en", "١٢٣"),
        ("1_000", "en", "1_000"),
        ("1e400", "en", "1e400"),
        ("in 2021 10,000 GPUs", "en", "10,000"),
        ("1,6 tỷ", "en", "tỷ"),  # a Vietnamese scale word in English text
        ("many millions", "en", "many millions"),
        ("", "en", ""),
        ("nan", "en", "nan"),
        ("inf", "en", "inf"),
        ("$100-80 million", "en", "$100-80 million"),
        ("$5 €", "en", "$5 €"),
    ],
)
def test_text_that_is_not_one_number_raises_a_typed_error(text, language, part):
    with pytest.raises(ReportedNumberError) as caught:
        parse_reported(text, language)
    assert caught.value.part == part


def _format(value: int, decimals: int, language: str) -> str:
    text = f"{value / 10**decimals:,.{decimals}f}"
    if language == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(
        [
            ("en", "", 1),
            ("vi", "", 1),
            ("vi", " triệu", 1e6),
            ("vi", "M", 1e6),
            ("en", "M", 1e6),
            ("en", " billion", 1e9),
            ("vi", " tỷ", 1e9),
            ("en", "K", 1e3),
        ]
    ),
)
def test_round_trip_across_languages(integer, decimals, scale):
    language, word, factor = scale
    text = _format(integer, decimals, language) + word
    result = parse_reported(text, language)
    assert result.value == pytest.approx(integer / 10**decimals * factor, rel=1e-12)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["en", "vi", "zh", "de", "ja", "xx"]))
def test_arbitrary_text_gives_a_result_or_the_typed_error(text, language):
    try:
        result = parse_reported(text, language)
    except ReportedNumberError:
        return
    assert result.value == result.value  # not NaN
    assert result.qualifier in ("exact", "approximately", "at_least", "at_most", "range")


def test_a_per_1k_price_is_checked_against_a_per_million_value():
    from collections import namedtuple

    from model_cost_ledger.validation.reported_rules import disagreements

    row = namedtuple("Row", "reported_as value value_low value_high qualifier unit")
    assert (
        disagreements(
            row("$0.03 per 1K tokens", 30.0, None, None, "exact", "USD"), "en", "million tokens"
        )
        == []
    )
    assert (
        disagreements(
            row("$0.03 per 1K tokens", 0.03, None, None, "exact", "USD"), "en", "million tokens"
        )[0][1]
        == "reported-as-mismatch"
    )


PLAIN_ROWS = st.tuples(
    st.from_regex(PLAIN, fullmatch=True),
    st.sampled_from(["exact", "approximately", "at_least", "range"]),
    st.sampled_from(["USD", "EUR", "parameters"]),
    st.sampled_from(["en", "vi", "de", None]),
    st.sampled_from([1.0, 1.0 + 1e-13, 1.0 + 1e-6, 0.5]),  # the value, times the printed one
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PLAIN_ROWS, min_size=1, max_size=40))
def test_a_row_the_screen_clears_has_no_disagreement(rows):
    """The column-wise screen never clears a row that the full reading would flag (a batch of
    rows per example: the screen works on whole columns)."""
    cells = []
    for text, qualifier, unit, _, factor in rows:
        try:
            value = parse_reported(text, "en").value * factor
        except ReportedNumberError:
            value = 1.0
        cells.append({"reported_as": text, "value": value, "qualifier": qualifier, "unit": unit})
    frame = pd.DataFrame(cells)
    languages = pd.Series([row[3] for row in rows], dtype=object)
    for (_, row), language, cleared in zip(
        frame.iterrows(), languages, plainly_agree(frame, languages), strict=True
    ):
        if cleared:
            row = SimpleNamespace(value_low=None, value_high=None, **row.to_dict())
            assert disagreements(row, language or "en") == []


def test_the_screen_clears_the_plain_rows_of_the_shipped_ledger():
    figures = mcl.tables()["figures"]
    language = pd.Series([None] * len(figures), index=figures.index, dtype=object)
    cleared = figures[plainly_agree(figures, language)]
    assert {"deepseek-v3-training-cost", "deepseek-v3-gpu-hours"} <= set(cleared["figure_id"])
    assert len(cleared) > 100 and not cleared["reported_as"].str.contains(" ").any()
