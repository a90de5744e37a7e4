"""Clean-text rules on every text cell: no control, bidirectional-override or zero-width
characters, no spreadsheet formula prefix, no surrounding white space, Unicode NFC."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import partial

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..problems import Problem
from ..text.display import FORMULA_CHARACTERS, FORMULA_LOOKALIKES
from .table import Table, arrow_strings

CONTROL = r"[\x00-\x1f\x7f-\x9f" + "\u2028\u2029]"  # C0, DEL, C1, line/paragraph separators


BIDI = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


ZERO_WIDTH = "[\u200b-\u200d\u2060\ufeff]"


# what Python's \s matches, spelled out, so that Arrow's RE2 (whose \s is ASCII) reads it alike
WHITE_SPACE = "\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# = + - @ or a lookalike (fullwidth ＝), after any blanks a spreadsheet skips
FORMULA_START = (
    "^["
    + WHITE_SPACE
    + "\u200b-\u200d\u2060\ufeff]*["
    + re.escape(FORMULA_CHARACTERS + FORMULA_LOOKALIKES)
    + "]"
)


def _quoted(value: str, why: str) -> str:
    return f"{value[:40]!r} {why}"


CLEAN_TEXT_CHECKS = (  # code, pattern, what to do
    (
        "control-character",
        CONTROL,
        "contains a control character (tab, newline or other); remove it",
    ),
    ("bidi-character", BIDI, "contains a bidirectional-override character; remove it"),
    ("zero-width-character", ZERO_WIDTH, "contains a zero-width character; remove it"),
    (
        "formula-prefix",
        FORMULA_START,
        "starts with = + - or @, which spreadsheets run as a formula; reword it",
    ),
)
CLEAN_TEXT_WHY = {
    **{code: why for code, _, why in CLEAN_TEXT_CHECKS},
    "surrounding-whitespace": "has leading or trailing white space; strip it",
    "not-nfc": "is not in Unicode NFC form; normalize it",
}


def clean_text_problems(table: Table) -> Iterator[Problem]:
    """The clean-text rules on every text column at once: the columns are stacked into one
    series, so each check is one vectorized pass however many columns the table has."""
    names = [f.name for f in table.resource.fields if f.is_text and f.name in table.raw.frame]
    rows = len(table.raw.frame)
    if not names or not rows:
        return
    stacked = pd.concat([table.text(name) for name in names], ignore_index=True)
    for code, mask in _clean_text_masks(stacked).items():
        matrix = mask.fillna(False).to_numpy(dtype=bool).reshape(len(names), rows)
        for column in np.flatnonzero(matrix.any(axis=1)):
            text = table.text(names[column])
            bad = pd.Series(matrix[column], index=text.index)
            why = CLEAN_TEXT_WHY[code]
            yield from table.problems(bad, names[column], code, (text, partial(_quoted, why=why)))


def _clean_text_masks(text: pd.Series) -> dict[str, pd.Series]:
    """Code -> the cells of ``text`` that break that clean-text rule."""
    present = text.ne("")
    masks = {}
    strings = arrow_strings(text)  # matched by Arrow (RE2), not cell by cell in Python

    def contains(pattern: str) -> pd.Series:
        found = pc.match_substring_regex(strings, pattern).to_numpy(zero_copy_only=False)
        return pd.Series(found, index=text.index).fillna(False).astype(bool)

    suspicious = present & contains("|".join(pattern for _, pattern, _ in CLEAN_TEXT_CHECKS))
    if suspicious.any():
        for code, pattern, _ in CLEAN_TEXT_CHECKS:
            masks[code] = suspicious & contains(pattern)
    masks["surrounding-whitespace"] = present & text.ne(text.str.strip())
    non_ascii = present & ~text.str.isascii().fillna(True)
    if non_ascii.any():
        suspects = text[non_ascii]
        not_nfc = pd.Series(False, index=text.index)
        not_nfc[suspects.index] = [not unicodedata.is_normalized("NFC", v) for v in suspects]
        masks["not-nfc"] = not_nfc
    return masks
