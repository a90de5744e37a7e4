"""The regular expressions ``reported`` reads printed numbers with, built from ``vocabulary``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .scales import LANGUAGE_SCALES, NUMBER_WORDS, primary_subtag, scales_of
from .vocabulary import CURRENCIES, QUALIFIERS, RANGE_SEPARATORS, SUFFIX_QUALIFIERS

PER = re.compile(
    r"(?:/|\bper\b)\s*(?P<amount>1\s?M\b|1\s?K\b|1,000,000\b|1,000\b|1000\b|1\s+million\b|1\s+thousand\b|million\b|thousand\b|mil\b)",
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
SUPERSCRIPT_POWER = re.compile(r"(?<![0-9.,])10([⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+)")
SUPERSCRIPT_AFTER_DIGIT = re.compile(r"[0-9][⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")  # "5²": a power, not a digit
SPACES = re.compile(r"\s+")  # any run of white space (tab, NBSP, U+2028...) reads as one space
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")  # BCP 47, loosely
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
SEPARATOR_RE = re.compile(r"\s*(?:" + _alternation(RANGE_SEPARATORS) + r")\s*")
EXPONENT_RE = re.compile(r"\s*[x×*·⋅]\s*10\s*\^\s*(?P<exponent>[+-]?[0-9]+)")
CARET_RE = re.compile(r"\^\s*([+-]?[0-9]+)")  # "10^25": the digits were the base
RADIX_PREFIX = re.compile(r"0[xXbBoO][0-9A-Fa-f]")  # 0x10, 0b101, 0o17: not decimal numbers
DIGIT_RUN = re.compile(r"\d+")
WORD_RE = re.compile(r"[A-Za-z][\w'.-]*|[^\W\d_]+")  # Latin words may hold digits (H800)
PUNCTUATION = set("()[],.:;'\"/%!?&*=|“”‘’«»·:")


def _number_re(comma: bool) -> re.Pattern[str]:
    if comma:
        body = r"[0-9]{1,3}(?:(?:\.[0-9]{3})+|(?: [0-9]{3})+)(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
    else:
        body = r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:'[0-9]{3})+)(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
    return re.compile(rf"(?P<digits>{body})(?:[eE](?P<e>[+-]?[0-9]+))?(?![0-9])")


NUMBER_RE = {False: _number_re(False), True: _number_re(True)}


def _scale_alternation(words: Iterable[str]) -> str:
    """One named group per spelling (``s0``, ``s1``...), longest first; letters-only words of
    three letters or more match in any case, shorter ones and symbols only as written."""
    groups = []
    for number, word in enumerate(sorted(words, key=len, reverse=True)):
        body = _one_word(word)
        if len(word) > 2 and word.isalpha():
            body = f"(?i:{body})"
        groups.append(f"(?P<s{number}>{body})")
    return "|".join(groups)


@dataclass(frozen=True)
class LanguageWords:
    """The scale and number words of one language, compiled."""

    scale: re.Pattern[str]  # a scale spelling after a number, optionally after " " or "-"
    factors: dict[str, float]  # group name -> power of ten
    number_word: re.Pattern[str] | None  # "two" before a scale word ("two trillion")
    numbers: dict[str, str]  # number word -> digits

    def factor(self, match: re.Match[str]) -> float:
        """The power of ten of a ``scale`` match."""
        assert match.lastgroup is not None  # every alternative is a named group
        return self.factors[match.lastgroup]


@lru_cache(maxsize=256)
def language_words(language: str) -> LanguageWords:
    """The compiled scale and number words of ``language`` (a BCP 47 tag; only the primary
    subtag counts)."""
    primary = primary_subtag(language)
    scales = scales_of(primary)
    ordered = sorted(scales, key=len, reverse=True)
    factors = {f"s{number}": scales[word] for number, word in enumerate(ordered)}
    scale = re.compile(r"(?:\s|-)?(?:" + _scale_alternation(ordered) + ")")
    numbers = NUMBER_WORDS.get(primary, {})
    words = [w for w in scales if len(w) > 2 and w.isalpha()]
    number_word = (
        re.compile(
            r"\b(" + "|".join(numbers) + r")(?=[ -](?:" + "|".join(words) + r")\b)", re.IGNORECASE
        )
        if numbers and words
        else None
    )
    return LanguageWords(scale, factors, number_word, numbers)


ANY_SCALE_WORD_RE = re.compile(  # a scale word of any language, to refuse it in another one
    r"(?:\s|-)?(?:"
    + _scale_alternation(
        {s for words in LANGUAGE_SCALES.values() for spellings in words.values() for s in spellings}
    )
    + ")"
)
