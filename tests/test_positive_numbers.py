"""A number as printed is positive and finite, or it is refused with a clear error: never read
as another number. Derivations too: any text gives a value, or a located problem."""

from __future__ import annotations

import pytest
from helpers import NEW, located, new_figure, new_money_figure

import model_cost_ledger as mcl
from model_cost_ledger import ReportedNumberError, parse_reported

NOT_POSITIVE_FINITE = [
    # text, the part named, why (a piece of the message)
    ("-5", "-5", "a minus sign before the number"),
    ("−5 million", "-5", "a minus sign before the number"),
    ("$-5M", "-5M", "a minus sign before the number"),
    ("about -$5M", "-$5M", "a minus sign before the number"),
    ("5²", "5²", "a superscript after a number is a power"),
    ("110²⁵", "0²⁵", "a superscript after a number is a power"),
    ("5e1000", "5e1000", "out of range"),
    ("5e-1000", "5e-1000", "out of range"),
    ("3.8 × 10^4000", "3.8 × 10^4000", "out of range"),
    ("2e99999999999999999999", "2e99999999999999999999", "out of range"),
    ("0x10", "0x10", "'0x' is not a decimal number"),
    ("0b101 GPUs", "0b101", "'0b' is not a decimal number"),
    ("0", "0", "the number is zero"),
    ("$0.00M", "0.00M", "the number is zero"),
]


@pytest.mark.parametrize(
    ("text", "part", "why"), NOT_POSITIVE_FINITE, ids=[c[0] for c in NOT_POSITIVE_FINITE]
)
def test_what_is_not_a_positive_finite_number_is_refused(text, part, why):
    with pytest.raises(ReportedNumberError) as caught:
        parse_reported(text)
    assert caught.value.part == part and why in str(caught.value)


@pytest.mark.parametrize("language", [None, "", "e n", 5, "e_n"])
def test_a_language_that_is_not_a_tag_is_a_clear_error(language):
    with pytest.raises(ReportedNumberError, match="the language must be a BCP 47 tag"):
        parse_reported("5", language)


@pytest.mark.parametrize(
    "text",
    [
        "5\tmillion",
        "5\t million",
        "5\u2028million",
        "5\u2029 million",
        "5  million",
        "5\u3000million",
    ],
)
def test_any_white_space_between_number_and_scale_reads_as_one_space(text):
    assert parse_reported(text).value == 5e6


def test_numbers_that_are_positive_as_printed_still_read():
    assert parse_reported("5e-3").value == 0.005
    assert parse_reported("cost - $5M").value == 5e6  # a dash set apart is punctuation
    assert parse_reported("3.8×10²⁵").value == 3.8e25
    assert parse_reported("96xA100").value == 96


@pytest.mark.parametrize(
    ("reported_as", "expected"),
    [
        ("about -671B", {("reported-as-unreadable", "figures", NEW, "reported_as")}),
        ("671\tB", {("control-character", "figures", NEW, "reported_as")}),
        ("671\u2028B", {("control-character", "figures", NEW, "reported_as")}),
        ("671\u2028billion", {("control-character", "figures", NEW, "reported_as")}),
    ],
    ids=["minus", "tab-before-scale", "u2028-before-scale", "u2028-before-word"],
)
def test_a_hostile_reported_as_is_located(dataset, reported_as, expected):
    new_figure(reported_as=reported_as)(dataset)
    assert located(mcl.validate(dataset)) == expected


UNREADABLE = {("derivation-unreadable", "figures", NEW, "derivation")}
TOO_LONG = {("too-long", "figures", NEW, "derivation")}
DERIVATIONS = {
    "overflowing-number": ("1e999", UNREADABLE),
    "infinity-minus-infinity": ("1e999 - 1e999", UNREADABLE),
    "overflowing-product": ("1e300 * 1e300 * 0 + 5576000", UNREADABLE),
    "nested-1000-deep": ("(" * 1000 + "5576000" + ")" * 1000, TOO_LONG | UNREADABLE),
    "signs-5000-deep": ("5576000 * " + "-" * 5000 + "1", TOO_LONG | UNREADABLE),
    "3000-terms": ("5576000" + " * 1" * 2999, TOO_LONG),
}


@pytest.mark.parametrize("case", sorted(DERIVATIONS))
def test_a_hostile_derivation_is_located(dataset, case):
    derivation, expected = DERIVATIONS[case]
    new_money_figure(basis="derived", derivation=derivation)(dataset)
    assert located(mcl.validate(dataset)) == expected


def test_a_derivation_over_a_figure_without_a_finite_value_is_located(dataset):
    new_money_figure(value="inf")(dataset, figure_id="inf-figure")
    new_money_figure(basis="derived", derivation="inf-figure * 1")(dataset)
    problems = {(p.code, p.row_id, p.field): p.message for p in mcl.validate(dataset)}
    assert problems[("derivation-unreadable", NEW, "derivation")] == (
        "figure 'inf-figure' has no value"
    )
