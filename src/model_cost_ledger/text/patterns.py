"""The regular expressions ``reported`` reads printed numbers with, built from ``vocabulary``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .vocabulary import (
    CURRENCIES,
    NUMBER_WORDS,
    QUALIFIERS,
    RANGE_SEPARATORS,
    SCALES,
    SUFFIX_QUALIFIERS,
)

PER = re.compile(
    r"(?:/|\bper\b)\s*(?P<amount>1\s?M\b|1\s?K\b|1,000,000\b|1,000\b|1000\b|1\s+million\b|1\s+thousand\b|million\b|thousand\b|mil\b)",
    re.IGNORECASE,
)
NUMBER_WORD_RE = re.compile(
    r"\b("
    + "|".join(NUMBER_WORDS)
    + r")(?=[ -](?:"
    + "|".join(w for w in SCALES if len(w) > 2 and w.isalpha() and w.isascii())
    + r")\b)",
    re.IGNORECASE,
)
# "$10M's", "$10s of millions", "tens of millions": some tens of the unit, a range from 10 to
# 100 of it
TENS_RE = re.compile(
    r"(?P<currency>\$?)(?:10(?P<letter>[KMBT])'?s\b"
    r"|10s of (?P<word>thousands|millions|billions)"
    r"|tens of (?P<word2>thousands|millions|billions))",
    re.IGNORECASE,
)
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
SUPERSCRIPT_POWER = re.compile(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+)")
SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u3000]")
DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _is_cjk(char: str) -> bool:
    return (
        "\u3000" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uff00" <= char <= "\uffef"
    )


def _one_word(word: str) -> str:
    escaped = re.escape(word)
    if word[0].isalpha() and not _is_cjk(word[0]):
        escaped = r"(?<![^\W\d_])" + escaped
    if word[-1].isalpha() and not _is_cjk(word[-1]):
        escaped += r"(?![^\W\d_])"
    return escaped


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first; words in alphabetic scripts that use
    spaces must stand alone (CJK words need no boundary)."""
    return "|".join(_one_word(w) for w in sorted(words, key=len, reverse=True))


QUALIFIER_RE = re.compile(_alternation(QUALIFIERS), re.IGNORECASE)
CURRENCY_RE = re.compile(_alternation(CURRENCIES))
SUFFIX_RE = re.compile(r"\s*(?:" + _alternation(SUFFIX_QUALIFIERS) + ")", re.IGNORECASE)
SCALE_WORDS = {word: factor for word, factor in SCALES.items() if len(word) > 2 and word.isalpha()}
SCALE_RE = re.compile(
    r"(?:\s|-)?(?:"
    + _alternation(set(SCALES) - set(SCALE_WORDS))
    + "|(?i:"
    + _alternation(SCALE_WORDS)
    + "))"
)
SEPARATOR_RE = re.compile(r"\s*(?:" + _alternation(RANGE_SEPARATORS) + r")\s*")
EXPONENT_RE = re.compile(r"\s*[x×*]\s*10\s*\^\s*(?P<exponent>[+-]?[0-9]{1,3})")
CARET_RE = re.compile(r"\^\s*([+-]?[0-9]{1,3})")  # "10^25": the digits were the base
DIGIT_RUN = re.compile(r"\d+")
WORD_RE = re.compile(r"[A-Za-z][\w'.-]*|[^\W\d_]+")  # Latin words may hold digits (H800)
PUNCTUATION = set("()[],.:;'\"/%!?&*=|“”‘’«»·:")


def _number_re(comma: bool) -> re.Pattern[str]:
    if comma:
        body = r"[0-9]{1,3}(?:(?:\.[0-9]{3})+|(?: [0-9]{3})+)(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
    else:
        body = r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:'[0-9]{3})+)(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
    return re.compile(rf"(?P<digits>{body})(?:[eE](?P<e>[+-]?[0-9]{{1,3}}))?(?![0-9])")


NUMBER_RE = {False: _number_re(False), True: _number_re(True)}
