"""Clean-text rules on every text cell: no control, bidirectional-override or zero-width
characters, no spreadsheet formula prefix, no surrounding white space, Unicode NFC."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..problems import Problem
from ..store.text_bytes import cells_holding, edge_bytes, outside_printable_ascii
from ..text.display import FORMULA_CHARACTERS, FORMULA_LOOKALIKES
from .table import Table, arrow_strings, flagged, mask_of

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
    """The clean-text rules on every text column, each column checked at once by Arrow."""
    for field in table.resource.fields:
        if not field.is_text or field.name not in table.raw.frame:
            continue
        text = table.text(field.name)
        for code, bad in _clean_text_masks(arrow_strings(text)).items():
            why = CLEAN_TEXT_WHY[code]
            yield from flagged(table, bad, field.name, code, (text, partial(_quoted, why=why)))


def _clean_text_masks(strings: pa.ChunkedArray) -> dict[str, np.ndarray]:
    """Code -> the cells of ``strings`` that break that clean-text rule. In a cell of printable
    ASCII alone no control, bidirectional or zero-width character can be, it is NFC, and a
    formula or surrounding white space shows in its first or last byte: each pattern runs only
    on the cells that these screens of the column's bytes leave."""
    unusual = cells_holding(strings, outside_printable_ascii)
    first, last = edge_bytes(strings)
    may_start_formula = unusual | np.isin(first, np.frombuffer(b" " + _FORMULA_BYTES, np.uint8))
    may_have_blanks = unusual | (first == 0x20) | (last == 0x20)
    masks = {}
    if unusual.any():
        where, suspects = _suspects(strings, unusual)
        for code, pattern, _ in CLEAN_TEXT_CHECKS:
            if code != "formula-prefix":
                masks[code] = _at(where, pc.match_substring_regex(suspects, pattern), len(first))
        normalized = [unicodedata.is_normalized("NFC", v) for v in suspects.to_pylist()]
        masks["not-nfc"] = _at(where, pc.invert(pa.array(normalized)), len(first))
    where, suspects = _suspects(strings, may_start_formula)
    starts = pc.match_substring_regex(suspects, FORMULA_START)
    masks["formula-prefix"] = _at(where, starts, len(first))
    where, suspects = _suspects(strings, may_have_blanks)
    blanks = pc.not_equal(pc.utf8_trim_whitespace(suspects), suspects)
    masks["surrounding-whitespace"] = _at(where, blanks, len(first))
    return masks


_FORMULA_BYTES = FORMULA_CHARACTERS.encode("ascii")


def _suspects(strings: pa.ChunkedArray, mask: np.ndarray) -> tuple[np.ndarray, pa.ChunkedArray]:
    """The positions of the cells ``mask`` picks, and those cells."""
    return np.flatnonzero(mask), strings.filter(pa.array(mask))


def _at(where: np.ndarray, hits: pa.Array | pa.ChunkedArray, size: int) -> np.ndarray:
    """A mask of ``size`` cells, true at the cells ``where`` whose ``hits`` are true."""
    mask = np.zeros(size, dtype=bool)
    mask[where[mask_of(hits)]] = True
    return mask
