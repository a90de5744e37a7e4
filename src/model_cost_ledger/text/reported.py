"""Read a number as printed, in the source's own language: ``$5.576M``, ``1,6 tỷ đô la``,
``50.000 GPU``, ``约29.4万美元``, ``3.8 × 10^25 FLOPs``, ``$80–100 million``.

``parse_reported`` returns the value, the range or bound, the currency and the precision the
number was printed with; text it cannot read raises ``ReportedNumberError`` naming the part.

The text is normalized (spaces, dashes, superscript powers, number words, "tens of millions",
the printed denominator), then read left to right, one token at a time (``tokens``): a suffix
qualifier, a range separator, a qualifier, a currency, a number, a word or punctuation. The
result is assembled from the tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .patterns import (
    DASHES,
    LANGUAGE_TAG,
    PER,
    SPACES,
    SUPERSCRIPT_AFTER_DIGIT,
    SUPERSCRIPT_POWER,
    SUPERSCRIPTS,
    TENS_RE,
    language_words,
)
from .scales import primary_subtag
from .tokens import Number, Reading, ReportedNumberError, tokenize
from .vocabulary import DECIMAL_COMMA

__all__ = ["Reported", "ReportedNumberError", "decimal_comma", "parse_reported"]


@dataclass(frozen=True)
class Reported:
    """A number as printed: its value (midpoint of a range), bounds and how precisely it was
    printed."""

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

        Parameters
        ----------
        value : float
            The value to compare, in the printed number's unit.
        printed : float, optional
            The printed value to compare with (e.g. converted to another denominator);
            defaults to ``self.value``.
        exact : bool
            Allow no printing precision, only floating-point rounding.

        Returns
        -------
        bool
            Whether the two agree.

        Examples
        --------
        >>> r = parse_reported("$5.6 million")
        >>> r.agrees_with(5.62e6), r.agrees_with(5.62e6, exact=True)
        (True, False)
        """
        printed = self.value if printed is None else printed
        slack = (0.0 if exact else self.precision) + 1e-9 * max(abs(printed), abs(value))
        return abs(value - printed) <= slack


def decimal_comma(language: str) -> bool:
    """Whether sources in ``language`` (BCP 47) write a decimal comma (``1.234,5``).

    Parameters
    ----------
    language : str
        A BCP 47 language tag; only the primary subtag counts.

    Returns
    -------
    bool
        True for decimal-comma languages.

    Examples
    --------
    >>> decimal_comma("vi"), decimal_comma("de-CH"), decimal_comma("en")
    (True, True, False)
    """
    return primary_subtag(language) in DECIMAL_COMMA


def parse_reported(text: str, language: str = "en") -> Reported:
    """Parse a number as printed in a source written in ``language`` (BCP 47).

    Parameters
    ----------
    text : str
        The number as printed, with the words around it (``"about $5.6 million"``).
    language : str
        The source's language; it decides the decimal mark and the words understood.

    Returns
    -------
    Reported
        The value (the midpoint for a range), qualifier, bounds, currency, printed
        denominator, the words around the number and the printing precision.

    Raises
    ------
    ReportedNumberError
        If ``text`` is not text or ``language`` not a language tag; if the text is empty, holds
        no number, more than one number (other than a range), a number that is not positive and
        finite as printed (``-5``, ``0``, ``5e1000``, ``0x10``, ``5²``), non-ASCII digits, a
        scale word of another language, contradictory qualifiers or currencies, or a character
        that cannot be read.

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
    if not isinstance(language, str) or not LANGUAGE_TAG.fullmatch(language):
        raise ReportedNumberError(
            str(text), str(language), repr(language), "the language must be a BCP 47 tag, e.g. 'en'"
        )
    if not isinstance(text, str):
        raise ReportedNumberError(repr(text), language, repr(text), "not text")
    normalized, per = _take_per(_normalize(text, language))
    return _assemble(tokenize(normalized, text, language, decimal_comma(language)), per)


def _normalize(original: str, language: str) -> str:
    text = SUPERSCRIPT_POWER.sub(lambda m: "10^" + m.group(1), original)
    if power := SUPERSCRIPT_AFTER_DIGIT.search(text):
        why = "a superscript after a number is a power; write it as printed with 10^N or e"
        raise ReportedNumberError(original, language, power.group(), why)
    text = text.translate(SUPERSCRIPTS)
    text = SPACES.sub(" ", DASHES.sub("-", unicodedata.normalize("NFKC", text))).strip()
    if not text:
        raise ReportedNumberError(original, language, original, "empty text")
    words = language_words(language)
    if words.number_word is not None:
        text = words.number_word.sub(lambda m: words.numbers[m.group(1).lower()], text)
    return TENS_RE.sub(_tens, text)


def _take_per(text: str) -> tuple[str, float | None]:
    """Cut the printed denominator (``/ 1M tokens``) down to ``/``; return it as an amount."""
    match = PER.search(text)
    if not match:
        return text, None
    amount = match.group("amount").lower().replace(" ", "")
    per = 1e3 if amount in ("1k", "1,000", "1000", "1thousand", "thousand") else 1e6
    return (text[: match.start()] + " / " + text[match.end() :]).strip(), per


def _tens(match: re.Match[str]) -> str:
    unit = match.group("letter") or (match.group("word") or match.group("word2"))[0].upper()
    return f"{match.group('currency')}10-100{unit.upper()}"


def _assemble(reading: Reading, per: float | None) -> Reported:
    """The result from the tokens read: one number, or two joined into a range."""
    original, language, numbers = reading.original, reading.language, reading.numbers
    if not numbers:
        raise reading.error(original, "no number found")
    if len(numbers) == 2 and not reading.joined_by_separator:
        raise reading.error(original, "two numbers that do not form a range")
    currency = _one_currency(reading.currencies, original, language)
    words = " ".join(reading.words)
    if len(numbers) == 2:
        low, high = _range_ends(reading)
        value, step = (low.value + high.value) / 2, max(low.step, high.step)
        return Reported(
            original,
            language,
            value,
            "range",
            low.value,
            high.value,
            currency,
            per,
            words,
            step / 2,
        )
    qualifiers = [q for q in reading.qualifiers if q != "range"]
    qualifier = _one_qualifier(qualifiers, original, language)
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
        words,
        number.step / 2,
    )


def _range_ends(reading: Reading) -> tuple[Number, Number]:
    low, high = reading.numbers
    if low.scale == 1.0 and high.scale != 1.0:  # "$80-100 million": the scale covers both
        low = Number(low.value * high.scale, low.step * high.scale, high.scale)
    if low.value >= high.value:
        raise reading.error(reading.original, "a range must go from low to high")
    return low, high


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
