"""Scale words belong to their language: an English "billion" is 10^9, a French or German one
10^12 (their 10^9 is "milliard", "Milliarde"). Data, not logic: ``patterns`` builds one reader
per language from these tables.

Symbols (``K``, ``M``, ``B``, ``T``, ``bn``; tokens with an SI prefix, ``GT``, ``Teratokens``) are
read alike in every language; a word is read only in the languages listed for it, and a scale
word of another language right after a number is an error rather than a word to skip.
"""

from __future__ import annotations

SYMBOL_SCALES = {  # case matters: "m" and "M" are millions, "b" and "B" billions
    "K": 1e3,
    "k": 1e3,
    "M": 1e6,
    "m": 1e6,
    "MM": 1e6,
    "mn": 1e6,
    "B": 1e9,
    "b": 1e9,
    "bn": 1e9,
    "T": 1e12,
    "tn": 1e12,
    # tokens counted with SI prefixes, as TII's Falcon3 cards print them ("80 Gigatokens", "100 GT")
    "GT": 1e9,
    "Gigatokens": 1e9,
    "TT": 1e12,
    "Teratokens": 1e12,
}
# language (primary subtag) -> power of ten -> the spellings printed for it
LANGUAGE_SCALES: dict[str, dict[float, tuple[str, ...]]] = {
    "en": {
        1e3: ("thousand", "thousands"),
        1e6: ("million", "millions"),
        1e9: ("billion", "billions"),
        1e12: ("trillion", "trillions"),
    },
    "fr": {
        1e3: ("mille",),
        1e6: ("million", "millions"),
        1e9: ("milliard", "milliards", "Md", "Mds"),
        1e12: ("billion", "billions"),
        1e18: ("trillion", "trillions"),
    },
    "de": {
        1e3: ("Tausend", "Tsd.", "Tsd"),
        1e6: ("Million", "Millionen", "Mio.", "Mio"),
        1e9: ("Milliarde", "Milliarden", "Mrd.", "Mrd"),
        1e12: ("Billion", "Billionen", "Bio.", "Bio"),
    },
    "nl": {
        1e3: ("duizend",),
        1e6: ("miljoen", "mln"),
        1e9: ("miljard", "mld"),
        1e12: ("biljoen",),
    },
    "es": {
        1e3: ("mil",),
        1e6: ("millón", "millones"),
        1e9: ("mil millones", "millardo", "millardos"),
        1e12: ("billón", "billones"),
    },
    "it": {
        1e3: ("mila", "mille"),
        1e6: ("milione", "milioni", "mln"),
        1e9: ("miliardo", "miliardi", "mld"),
    },
    "pt": {  # Brazil's "bilhão" is 10^9, Portugal's "bilião" 10^12: the spelling tells them apart
        1e3: ("mil",),
        1e6: ("milhão", "milhões"),
        1e9: ("mil milhões", "bilhão", "bilhões"),
        1e12: ("bilião", "biliões", "trilhão", "trilhões"),
    },
    "ru": {
        1e3: ("тысяча", "тысячи", "тысяч", "тыс."),
        1e6: ("миллион", "миллиона", "миллионов", "млн"),
        1e9: ("миллиард", "миллиарда", "миллиардов", "млрд"),
        1e12: ("триллион", "триллиона", "триллионов", "трлн"),
    },
    "vi": {
        1e3: ("nghìn", "ngàn"),
        1e6: ("triệu",),
        1e9: ("tỷ", "tỉ"),
        1e12: ("nghìn tỷ", "ngàn tỷ"),
    },
    "zh": {
        1e3: ("千",),
        1e4: ("万", "萬"),
        1e6: ("百万", "百萬"),
        1e7: ("千万", "千萬"),
        1e8: ("亿", "億"),
        1e12: ("万亿", "萬億"),
    },
    "ja": {
        1e3: ("千",),
        1e4: ("万", "萬"),
        1e6: ("百万",),
        1e7: ("千万",),
        1e8: ("億",),
        1e12: ("兆",),
    },
    "ko": {1e3: ("천",), 1e4: ("만",), 1e8: ("억",), 1e12: ("조",)},
}
# Number words read before a scale word, as in "nearly two trillion", by language.
NUMBER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "one": "1",
        "two": "2",
        "three": "3",
        "four": "4",
        "five": "5",
        "six": "6",
        "seven": "7",
        "eight": "8",
        "nine": "9",
        "ten": "10",
        "eleven": "11",
        "twelve": "12",
    },
}


def primary_subtag(language: str) -> str:
    """The language of a BCP 47 tag: ``de-CH`` -> ``de``.

    Examples
    --------
    >>> primary_subtag("pt-BR"), primary_subtag("EN")
    ('pt', 'en')
    """
    return language.split("-")[0].lower()


def scales_of(language: str) -> dict[str, float]:
    """Every scale spelling read in ``language`` (a BCP 47 tag), with its power of ten: the
    symbols and the language's own words.

    Examples
    --------
    >>> scales_of("fr")["billion"], scales_of("en")["billion"], scales_of("de-AT")["Mrd."]
    (1000000000000.0, 1000000000.0, 1000000000.0)
    >>> "billion" in scales_of("xx")
    False
    """
    words = LANGUAGE_SCALES.get(primary_subtag(language), {})
    own = {spelling: factor for factor, spellings in words.items() for spelling in spellings}
    return {**SYMBOL_SCALES, **own}


def languages_of_word(word: str) -> list[str]:
    """The languages in which ``word`` is a scale word (letters compared case-insensitively).

    Examples
    --------
    >>> languages_of_word("Billion")
    ['de', 'en', 'fr']
    """
    folded = word.casefold()
    return sorted(
        language
        for language, words in LANGUAGE_SCALES.items()
        if any(s.casefold() == folded for spellings in words.values() for s in spellings)
    )
