"""Reading a normalized printed number left to right, one token at a time.

At each position the first reader that applies wins: a space, a suffix qualifier (``+``,
``以上``), a range separator between two numbers, a qualifier, a currency, a number (with its
exponent and scale word), a word, punctuation. Anything else is an unexpected character.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .patterns import (
    ANY_SCALE_WORD_RE,
    CARET_RE,
    CURRENCY_RE,
    DIGIT_RUN,
    EXPONENT_RE,
    NUMBER_RE,
    PUNCTUATION,
    QUALIFIER_RE,
    RADIX_PREFIX,
    SEPARATOR_RE,
    SUFFIX_RE,
    WORD_RE,
    language_words,
)
from .scales import languages_of_word
from .vocabulary import CURRENCIES, QUALIFIERS, SUFFIX_QUALIFIERS

MAX_EXPONENT = 400  # beyond any float: 10^400 is out of range however it is printed


class ReportedNumberError(ValueError):
    """Text that cannot be read as one number (or one range); ``part`` is what could not be read."""

    def __init__(self, text: str, language: str, part: str, why: str) -> None:
        self.text, self.language, self.part = text, language, part
        super().__init__(
            f"cannot read {text!r} as a number in language {language!r}: {why} ({part!r})"
        )


@dataclass
class Number:
    """One printed number, scaled."""

    value: float
    step: float  # one unit of the last printed digit
    scale: float  # the power of ten printed after the digits (1.0 when none)


@dataclass
class Reading:
    """The tokens read so far from one normalized text."""

    text: str  # normalized
    original: str
    language: str
    comma: bool
    qualifiers: list[str] = field(default_factory=list)
    currencies: list[str] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    joined_by_separator: bool = False

    def error(self, part: str, why: str) -> ReportedNumberError:
        """The error for ``part`` of the original text, saying ``why`` it cannot be read."""
        return ReportedNumberError(self.original, self.language, part, why)


def tokenize(text: str, original: str, language: str, comma: bool) -> Reading:
    """Read every token of the normalized ``text``.

    Parameters
    ----------
    text : str
        The normalized text (see ``reported._normalize``).
    original : str
        The text as given, for error messages.
    language : str
        The source's language, for error messages.
    comma : bool
        Whether the language writes a decimal comma.

    Returns
    -------
    Reading
        The qualifiers, currencies, numbers and words read, and whether two numbers were
        joined by a range separator.

    Raises
    ------
    ReportedNumberError
        On a character no reader accepts, non-ASCII digits, a third number, a second number
        not joined by a separator, ``_`` in digits, a minus sign, a hexadecimal, octal or
        binary prefix, zero, a number out of range or a scale word of another language.

    Examples
    --------
    >>> reading = tokenize("about $80-100M", "about $80-100M", "en", False)
    >>> reading.qualifiers, reading.currencies, [n.value for n in reading.numbers]
    (['approximately'], ['USD'], [80.0, 100000000.0])
    """
    reading = Reading(text, original, language, comma)
    position = 0
    while position < len(text):
        position = _step(reading, position)
    return reading


def _key(table: dict[str, str], found: str) -> str:
    for key in table:
        if key.lower() == found.lower():
            return key
    return found


def _step(reading: Reading, position: int) -> int:
    """Read the token at ``position``; return where the next one starts."""
    for reader in _READERS:
        after = reader(reading, position)
        if after is not None:
            return after
    raise reading.error(reading.text[position], "unexpected character")


def _read_space(reading: Reading, position: int) -> int | None:
    return position + 1 if reading.text[position].isspace() else None


def _read_suffix(reading: Reading, position: int) -> int | None:
    if len(reading.numbers) != 1 or not (match := SUFFIX_RE.match(reading.text, position)):
        return None
    reading.qualifiers.append(SUFFIX_QUALIFIERS[_key(SUFFIX_QUALIFIERS, match.group().strip())])
    return match.end()


def _read_separator(reading: Reading, position: int) -> int | None:
    """A range separator counts only between one number and another (``80-100``)."""
    if len(reading.numbers) != 1 or reading.joined_by_separator:
        return None
    text = reading.text
    if not (match := SEPARATOR_RE.match(text, position)):
        return None
    after = match.end()
    after_currency = CURRENCY_RE.match(text, after)
    probe = after_currency.end() if after_currency else after
    if NUMBER_RE[reading.comma].match(text, probe) or text.startswith("10^", probe):
        reading.joined_by_separator = True
        return after
    return None


def _read_qualifier(reading: Reading, position: int) -> int | None:
    if not (match := QUALIFIER_RE.match(reading.text, position)):
        return None
    reading.qualifiers.append(QUALIFIERS[_key(QUALIFIERS, match.group())])
    return match.end()


def _read_currency(reading: Reading, position: int) -> int | None:
    if not (match := CURRENCY_RE.match(reading.text, position)):
        return None
    reading.currencies.append(CURRENCIES[match.group()])
    return match.end()


def _read_digits(reading: Reading, position: int) -> int | None:
    text = reading.text
    char = text[position]
    if not char.isdigit():
        return None
    if not ("0" <= char <= "9"):
        run = DIGIT_RUN.match(text, position)
        raise reading.error(run.group() if run else char, "digits must be ASCII 0-9")
    if prefix := RADIX_PREFIX.match(text, position):
        raise reading.error(
            text[position:].split(" ")[0], f"{prefix.group()[:2]!r} is not a decimal number"
        )
    number, after = _read_number(reading, position)
    if len(reading.numbers) == 1 and not reading.joined_by_separator:
        raise reading.error(
            text[position:after], "more than one number; keep only the one figure in reported_as"
        )
    if len(reading.numbers) == 2:
        raise reading.error(text, "more than two numbers")
    reading.numbers.append(number)
    return after


def _read_word(reading: Reading, position: int) -> int | None:
    if not (match := WORD_RE.match(reading.text, position)):
        return None
    reading.words.append(match.group())
    return match.end()


def _read_punctuation(reading: Reading, position: int) -> int | None:
    char = reading.text[position]
    if char == "-" and _starts_number(reading, position + 1):
        raise reading.error(
            reading.text[position:].split(" ")[0],
            "a minus sign before the number; a reported figure is a positive number",
        )
    category = unicodedata.category(char)
    if char in PUNCTUATION or char == "-" or category.startswith("P") or category == "So":
        return position + 1
    return None


def _starts_number(reading: Reading, position: int) -> bool:
    """Whether a number (after an optional currency) starts at ``position``."""
    currency = CURRENCY_RE.match(reading.text, position)
    start = currency.end() if currency else position
    return start < len(reading.text) and "0" <= reading.text[start] <= "9"


_READERS: tuple[Callable[[Reading, int], int | None], ...] = (
    _read_space,
    _read_suffix,
    _read_separator,
    _read_qualifier,
    _read_currency,
    _read_digits,
    _read_word,
    _read_punctuation,
)


def _read_number(reading: Reading, position: int) -> tuple[Number, int]:
    """The number starting at ``position`` (an ASCII digit), with its exponent and scale word."""
    text = reading.text
    match = NUMBER_RE[reading.comma].match(text, position)
    assert match is not None  # any ASCII digit matches
    digits = match.group("digits")
    value, step = _digits_value(digits, reading.comma)
    exponent, position = match.group("e"), match.end()
    if exponent is None:
        value, step, exponent, position = _power_of_ten(text, position, digits, value, step)
    scale = 1.0 if exponent is None else _power(exponent)
    if position < len(text) and text[position] == "_":
        raise reading.error(text[match.start() : position + 4], "'_' is not a digit separator")
    scale, position = _scale_word(reading, position, scale)
    printed = text[match.start() : position]
    if not math.isfinite(value * scale) or (value * scale == 0 and value != 0):
        raise reading.error(printed, "the number is out of range")
    if value == 0:
        raise reading.error(printed, "the number is zero; a reported figure is a positive number")
    return Number(value * scale, step * scale, scale), position


def _power(exponent: str) -> float:
    """10 to the printed ``exponent``; inf or 0.0 beyond the float range (never a huge int)."""
    digits = exponent.lstrip("+-").lstrip("0") or "0"
    if len(digits) > 3 or int(digits) > MAX_EXPONENT:
        return 0.0 if exponent.startswith("-") else math.inf
    return float(f"1e{int(exponent)}")


def _digits_value(digits: str, comma: bool) -> tuple[float, float]:
    """The value of the printed digits and one unit of the last of them."""
    if comma:
        plain = digits.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        plain = digits.replace(",", "").replace("'", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return float(plain), 10.0**-decimals


def _power_of_ten(
    text: str, position: int, digits: str, value: float, step: float
) -> tuple[float, float, str | None, int]:
    """A power of ten after the digits: ``× 10^25``, or ``10^25`` itself (the digits were
    ``10``)."""
    if power := EXPONENT_RE.match(text, position):
        return value, step, power.group("exponent"), power.end()
    if digits == "10" and (caret := CARET_RE.match(text, position)):
        return 1.0, 1.0, caret.group(1), caret.end()
    return value, step, None, position


def _scale_word(reading: Reading, position: int, scale: float) -> tuple[float, int]:
    """A scale word of the reading's language after the number (``M``, ``million``, ``tỷ``,
    ``万``) replaces ``scale``; a scale word of another language is an error, never skipped."""
    words = language_words(reading.language)
    if word := words.scale.match(reading.text, position):
        return words.factor(word), word.end()
    if foreign := ANY_SCALE_WORD_RE.match(reading.text, position):
        found = foreign.group().lstrip(" -")
        languages = ", ".join(languages_of_word(found)) or "other languages"
        raise reading.error(
            found,
            f"a scale word in {languages}, not in {reading.language!r}; "
            "check the source's language",
        )
    return scale, position
