"""Read a number as printed, in the source's own language: ``$5.576M``, ``1,6 tỷ đô la``,
``50.000 GPU``, ``约29.4万美元``, ``3.8 × 10^25 FLOPs``, ``$80–100 million``.

``parse_reported`` returns the value, the range or bound, the currency and the precision the
number was printed with; text it cannot read raises ``ReportedNumberError`` naming the part.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from .vocabulary import (
    CURRENCIES,
    DECIMAL_COMMA,
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
# "$10M's", "$10s of millions", "tens of millions": some tens of the unit, a range from 10 to 100 of it
TENS_RE = re.compile(
    r"(?P<currency>\$?)(?:10(?P<letter>[KMBT])'?s\b|10s of (?P<word>thousands|millions|billions)|tens of (?P<word2>thousands|millions|billions))",
    re.IGNORECASE,
)
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u3000]")
DASHES = re.compile(r"[\u2010-\u2015\u2212]")


class ReportedNumberError(ValueError):
    """Text that cannot be read as one number (or one range); ``part`` is what could not be read."""

    def __init__(self, text: str, language: str, part: str, why: str):
        self.text, self.language, self.part = text, language, part
        super().__init__(
            f"cannot read {text!r} as a number in language {language!r}: {why} ({part!r})"
        )


@dataclass(frozen=True)
class Reported:
    """A number as printed: its value (midpoint of a range), bounds and how precisely it was printed."""

    text: str
    language: str
    value: float
    qualifier: str  # exact | approximately | at_least | at_most | range
    low: float | None = None
    high: float | None = None
    currency: str | None = None  # ISO 4217; ``¥`` resolves by language (zh: CNY, ja: JPY)
    per: float | None = None  # printed denominator, e.g. 1e6 for "/ 1M tokens"
    words: str = ""  # the words around the number (unit nouns, subjects)
    precision: float = 0.0  # half of the last printed digit, in the value's unit

    def agrees_with(
        self, value: float, printed: float | None = None, *, exact: bool = False
    ) -> bool:
        """Whether ``value`` lies within the printed precision of ``printed`` (default: the value).

        ``exact=True`` asks for the printed number itself: ``$5.6 million`` is consistent with
        5.55e6 to 5.65e6 as an approximate value, but with nothing except 5.6e6 stated as exact.
        """
        printed = self.value if printed is None else printed
        slack = (0.0 if exact else self.precision) + 1e-9 * max(abs(printed), abs(value))
        return abs(value - printed) <= slack


def decimal_comma(language: str) -> bool:
    return language.split("-")[0].lower() in DECIMAL_COMMA


def _is_cjk(char: str) -> bool:
    return (
        "\u3000" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uff00" <= char <= "\uffef"
    )


def _alternation(words) -> str:
    """A regex matching any of ``words``, longest first; words in alphabetic scripts that use
    spaces must stand alone (CJK words need no boundary)."""

    def one(word):
        escaped = re.escape(word)
        if word[0].isalpha() and not _is_cjk(word[0]):
            escaped = r"(?<![^\W\d_])" + escaped
        if word[-1].isalpha() and not _is_cjk(word[-1]):
            escaped += r"(?![^\W\d_])"
        return escaped

    return "|".join(one(w) for w in sorted(words, key=len, reverse=True))


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
WORD_RE = re.compile(r"[A-Za-z][\w'.-]*|[^\W\d_]+")  # Latin words may hold digits (H800)
PUNCTUATION = set("()[],.:;'\"/%!?&*=|“”‘’«»·:")


def _number_re(comma: bool) -> re.Pattern:
    if comma:
        body = r"[0-9]{1,3}(?:(?:\.[0-9]{3})+|(?: [0-9]{3})+)(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
    else:
        body = r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:'[0-9]{3})+)(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
    return re.compile(rf"(?P<digits>{body})(?:[eE](?P<e>[+-]?[0-9]{{1,3}}))?(?![0-9])")


NUMBER_RE = {False: _number_re(False), True: _number_re(True)}


@dataclass
class _Number:
    value: float
    step: float  # one unit of the last printed digit
    scale: float  # the power of ten printed after the digits (1.0 when none)


def parse_reported(text: str, language: str = "en") -> Reported:
    """Parse a number as printed in a source written in ``language`` (BCP 47).

    Examples
    --------
    >>> parse_reported("$5.576M").value
    5576000.0
    >>> r = parse_reported("1,6 tỷ đô la", language="vi")
    >>> (r.value, r.currency)
    (1600000000.0, 'USD')
    >>> parse_reported("khoảng 50.000 GPU", language="vi").qualifier
    'approximately'
    >>> r = parse_reported("$80–100 million")
    >>> (r.qualifier, r.low, r.high)
    ('range', 80000000.0, 100000000.0)
    """
    if not isinstance(text, str):
        raise ReportedNumberError(repr(text), language, repr(text), "not text")
    original = text
    text = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+)", lambda m: "10^" + m.group(1), text).translate(
        SUPERSCRIPTS
    )
    text = unicodedata.normalize("NFKC", DASHES.sub("-", SPACES.sub(" ", text))).strip()
    if not text:
        raise ReportedNumberError(original, language, original, "empty text")
    text = NUMBER_WORD_RE.sub(lambda m: NUMBER_WORDS[m.group(1).lower()], text)
    text = TENS_RE.sub(_tens, text)
    comma = decimal_comma(language)
    per = None
    per_match = PER.search(text)
    if per_match:
        amount = per_match.group("amount").lower().replace(" ", "")
        per = 1e3 if amount in ("1k", "1,000", "1000", "1thousand", "thousand") else 1e6
        text = (text[: per_match.start()] + " / " + text[per_match.end() :]).strip()
    qualifiers: list[str] = []
    currencies: list[str] = []
    numbers: list[_Number] = []
    words: list[str] = []
    joined_by_separator = False
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if numbers and (match := SUFFIX_RE.match(text, position)) and (len(numbers) == 1):
            qualifiers.append(SUFFIX_QUALIFIERS[_key(SUFFIX_QUALIFIERS, match.group().strip())])
            position = match.end()
            continue
        if (
            numbers
            and len(numbers) == 1
            and not joined_by_separator
            and (match := SEPARATOR_RE.match(text, position))
        ):
            after = match.end()
            after_currency = CURRENCY_RE.match(text, after)
            probe = after_currency.end() if after_currency else after
            if NUMBER_RE[comma].match(text, probe) or text.startswith("10^", probe):
                joined_by_separator = True
                position = after
                continue
        if match := QUALIFIER_RE.match(text, position):
            qualifiers.append(QUALIFIERS[_key(QUALIFIERS, match.group())])
            position = match.end()
            continue
        if match := CURRENCY_RE.match(text, position):
            currencies.append(CURRENCIES[match.group()])
            position = match.end()
            continue
        if char.isdigit():
            if not ("0" <= char <= "9"):
                run = re.match(r"\d+", text[position:]).group()
                raise ReportedNumberError(original, language, run, "digits must be ASCII 0-9")
            start = position
            number, position = _read_number(text, position, comma, original, language)
            if len(numbers) == 1 and not joined_by_separator:
                raise ReportedNumberError(
                    original,
                    language,
                    text[start:position],
                    "more than one number; keep only the one figure in reported_as",
                )
            if len(numbers) == 2:
                raise ReportedNumberError(original, language, text, "more than two numbers")
            numbers.append(number)
            continue
        if match := WORD_RE.match(text, position):
            words.append(match.group())
            position = match.end()
            continue
        if (
            char in PUNCTUATION
            or char == "-"
            or unicodedata.category(char).startswith("P")
            or unicodedata.category(char) == "So"
        ):
            position += 1
            continue
        raise ReportedNumberError(original, language, char, "unexpected character")
    if not numbers:
        raise ReportedNumberError(original, language, original, "no number found")
    if len(numbers) == 2 and not joined_by_separator:
        raise ReportedNumberError(
            original, language, original, "two numbers that do not form a range"
        )
    currency = _one_currency(currencies, original, language)
    if len(numbers) == 2:
        low, high = numbers
        if low.scale == 1.0 and high.scale != 1.0:  # "$80-100 million": the scale covers both
            low = _Number(low.value * high.scale, low.step * high.scale, high.scale)
        if low.value >= high.value:
            raise ReportedNumberError(
                original, language, original, "a range must go from low to high"
            )
        step = max(low.step, high.step)
        return Reported(
            original,
            language,
            (low.value + high.value) / 2,
            "range",
            low.value,
            high.value,
            currency,
            per,
            " ".join(words),
            step / 2,
        )
    qualifier = _one_qualifier([q for q in qualifiers if q != "range"], original, language)
    number = numbers[0]
    return Reported(
        original,
        language,
        number.value,
        qualifier,
        None,
        None,
        currency,
        per,
        " ".join(words),
        number.step / 2,
    )


def _tens(match: re.Match) -> str:
    unit = match.group("letter") or (match.group("word") or match.group("word2"))[0].upper()
    return f"{match.group('currency')}10-100{unit.upper()}"


def _key(table: dict, found: str) -> str:
    for key in table:
        if key.lower() == found.lower():
            return key
    return found


def _read_number(
    text: str, position: int, comma: bool, original: str, language: str
) -> tuple[_Number, int]:
    match = NUMBER_RE[comma].match(text, position)
    digits = match.group("digits")
    if comma:
        plain = digits.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        plain = digits.replace(",", "").replace("'", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    value = float(plain)
    step = 10.0**-decimals
    position = match.end()
    exponent = match.group("e")
    if exponent is None and (power := EXPONENT_RE.match(text, position)):
        exponent = power.group("exponent")
        position = power.end()
    elif exponent is None and digits == "10" and text.startswith("^", position):
        power = re.match(r"\^\s*([+-]?[0-9]{1,3})", text[position:])
        if power:
            value, step, exponent = 1.0, 1.0, power.group(1)
            position += power.end()
    scale = 1.0
    if exponent is not None:
        scale = float(f"1e{int(exponent)}")
    if position < len(text) and text[position] == "_":
        raise ReportedNumberError(
            original, language, text[match.start() : position + 4], "'_' is not a digit separator"
        )
    elif word := SCALE_RE.match(text, position):
        found = word.group().lstrip(" -")
        scale = SCALES.get(found) or next(
            f for w, f in SCALE_WORDS.items() if w.lower() == found.lower()
        )
        position = word.end()
    if not math.isfinite(value * scale) or (value * scale == 0 and value != 0):
        raise ReportedNumberError(
            original, language, text[match.start() : position], "the number is out of range"
        )
    return _Number(value * scale, step * scale, scale), position


def _one_currency(found: list[str], original: str, language: str) -> str | None:
    resolved = {("JPY" if language.startswith("ja") else "CNY") if c == "¥" else c for c in found}
    if len(resolved) > 1:
        raise ReportedNumberError(
            original, language, original, f"more than one currency: {', '.join(sorted(resolved))}"
        )
    return resolved.pop() if resolved else None


def _one_qualifier(found: list[str], original: str, language: str) -> str:
    distinct = set(found)
    if len(distinct) > 1:
        raise ReportedNumberError(
            original, language, original, f"contradictory qualifiers: {', '.join(sorted(distinct))}"
        )
    return distinct.pop() if distinct else "exact"
