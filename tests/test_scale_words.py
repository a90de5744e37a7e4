"""Scale words belong to their language: "billion" is 10^9 in English and 10^12 in French and
German; a scale word of another language is refused, never skipped as a word."""

from __future__ import annotations

import pytest

from model_cost_ledger import ReportedNumberError, parse_reported

CASES = [
    # text, language, value
    ("5 billion", "en", 5e9),
    ("5 billion", "en-GB", 5e9),
    ("5 trillion", "en", 5e12),
    ("5 billions", "fr", 5e12),
    ("5 milliards", "fr", 5e9),
    ("1,5 milliard d'euros", "fr", 1.5e9),
    ("5 Md€", "fr", 5e9),
    ("5 trillions", "fr", 5e18),
    ("5 Billion", "de", 5e12),
    ("5 Billionen", "de-CH", 5e12),
    ("5 Milliarde", "de", 5e9),
    ("5 Milliarden", "de-AT", 5e9),
    ("5 Mrd.", "de", 5e9),
    ("5 Bio.", "de", 5e12),
    ("5 miljard", "nl", 5e9),
    ("5 biljoen", "nl", 5e12),
    ("5 mil millones", "es", 5e9),
    ("5 billones", "es", 5e12),
    ("50 mil", "es", 5e4),
    ("5 miliardi", "it", 5e9),
    ("5 bilhões", "pt-BR", 5e9),
    ("5 biliões", "pt-PT", 5e12),
    ("5 mil milhões", "pt", 5e9),
    ("5 млрд", "ru", 5e9),
    ("5 триллионов", "ru", 5e12),
    ("5 tỷ", "vi", 5e9),
    ("5 nghìn tỷ", "vi", 5e12),
    ("5亿", "zh", 5e8),
    ("5万亿", "zh-Hans", 5e12),
    ("5兆", "ja", 5e12),
    ("5억", "ko", 5e8),
    ("5B", "fr", 5e9),  # a symbol reads alike in every language
    ("5M", "zh", 5e6),
    ("80 Gigatokens", "en", 8e10),  # tokens with an SI prefix, in every language
    ("100 GT", "en", 1e11),
    ("14 Teratokens", "fr", 1.4e13),
    ("2TT", "en", 2e12),
]


@pytest.mark.parametrize(
    ("text", "language", "value"), CASES, ids=[f"{c[1]}:{c[0]}" for c in CASES]
)
def test_a_scale_word_reads_as_its_language_says(text, language, value):
    assert parse_reported(text, language).value == pytest.approx(value, rel=1e-12)


FOREIGN = [
    # text, language, the word refused, the languages named
    ("5 milliards", "en", "milliards", "fr"),
    ("5 Milliarden", "en", "Milliarden", "de"),
    ("5 Billionen", "en", "Billionen", "de"),
    ("5 billion", "vi", "billion", "de, en, fr"),
    ("5 triệu", "en", "triệu", "vi"),
    ("5 mil", "en", "mil", "es, pt"),
    ("460万美元", "en", "万", "ja, zh"),
    ("5 thousand", "xx", "thousand", "en"),
]


@pytest.mark.parametrize(
    ("text", "language", "word", "languages"), FOREIGN, ids=[f"{c[1]}:{c[0]}" for c in FOREIGN]
)
def test_a_scale_word_of_another_language_is_refused(text, language, word, languages):
    with pytest.raises(ReportedNumberError) as caught:
        parse_reported(text, language)
    assert caught.value.part == word
    assert f"a scale word in {languages}, not in {language!r}" in str(caught.value)


def test_number_words_are_english_ones():
    assert parse_reported("two trillion", "en").value == 2e12
    with pytest.raises(ReportedNumberError):  # "two" is no number word in German
        parse_reported("two Billionen", "de")
