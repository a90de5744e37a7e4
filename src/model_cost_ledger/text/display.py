"""Text from the data, made safe to show: on a terminal, in a spreadsheet, on a web page.

A terminal runs escape sequences (ANSI colours, OSC titles and links), starts a new line at a
newline and reorders text at bidirectional controls, so ``printable`` shows every character
that is not printable as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``): a cell can then
neither recolour the screen nor forge a line of output. A spreadsheet runs a cell that starts
with ``= + - @`` (or their fullwidth forms, after blanks) as a formula: ``starts_formula``
tells which cells need a leading apostrophe.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

FORMULA_CHARACTERS = "=+-@"
# Every character NFKC folds to one of them (fullwidth ＝ ＋ － ＠, small ﹦ ﹢ ﹣ ﹫, super- and
# subscript ⁺ ⁼ ₊ ₌, Hebrew ﬩), and the minus sign; a test checks the list is complete.
FORMULA_LOOKALIKES = (
    "\u207a\u207c\u208a\u208c\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20\u2212"
)
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # an "&" a browser would read as an entity
# Characters a spreadsheet skips before it looks for a formula sign: spaces, NBSP, zero-width.
BLANK_CATEGORIES = ("Zs", "Zl", "Zp", "Cc", "Cf")


NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    """A character as the escape Python writes for it: ``\\x1b`` in ASCII, else ``\\u0085``,
    ``\\u202e``, which JSON reads too (beyond the BMP as a surrogate pair, as JSON writes it)."""
    if char in NAMED_ESCAPES:
        return NAMED_ESCAPES[char]
    code = ord(char)
    if code < 0x7F:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def printable(value: object, keep: str = "") -> str:
    """``value`` as text with every character that is not printable shown as an escape.

    Control characters (``ESC`` that starts ANSI and OSC sequences, newlines, tabs), format
    characters (bidirectional controls, zero-width characters) and line or paragraph separators
    are written out as ``\\x1b``, ``\\n``, ``\\u202e``...; printable text in any script is kept.

    Parameters
    ----------
    value : object
        A cell, an id, a header name or a message (``str()`` is taken of anything else).
    keep : str
        Characters to keep as they are (``"\\n"`` for text whose lines are its own).

    Returns
    -------
    str
        Text that shows on a terminal exactly as its characters are, on one line unless
        ``keep`` holds a newline.

    Examples
    --------
    >>> print(printable("\\x1b[2Jno problems found\\nDeepSeek \\u202eR1 5 triệu"))
    \\x1b[2Jno problems found\\nDeepSeek \\u202eR1 5 triệu
    """
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else _escape(c) for c in text)


def printable_lines(lines: Iterable[object]) -> str:
    """Lines joined with newlines, each one made ``printable`` (so one line stays one line).

    Parameters
    ----------
    lines : Iterable[object]
        The lines of a text to show, each holding data.

    Returns
    -------
    str
        The lines, escaped and joined.

    Examples
    --------
    >>> printable_lines(["claim: a\\nb", "ok"])
    'claim: a\\\\nb\\nok'
    """
    return "\n".join(printable(line) for line in lines)


def starts_formula(value: str) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula: its first character after any
    blanks (spaces, NBSP, zero-width, controls) is ``= + - @`` or a lookalike that folds to one
    (fullwidth ``＝``), or it starts with a tab or carriage return.

    Parameters
    ----------
    value : str
        A cell.

    Returns
    -------
    bool
        True when the cell needs neutralising.

    Examples
    --------
    >>> starts_formula("=1+1"), starts_formula("\\u00a0＝1+1"), starts_formula("1-2")
    (True, True, False)
    """
    if value[:1] in ("\t", "\r"):
        return True
    for char in value:
        if unicodedata.category(char) in BLANK_CATEGORIES:
            continue
        return char in FORMULA_CHARACTERS or char in FORMULA_LOOKALIKES
    return False


def web_text(value: str) -> str:
    """``value`` for a Markdown or HTML page: ``<`` escaped, so that a title cannot open a tag,
    and ``&`` where it would start an entity (``&amp;``), so that the text shows as written
    (a plain ``R&D`` or ``>200K`` needs no escape); every character that is not printable is
    shown as an escape.

    Parameters
    ----------
    value : str
        Text from the data.

    Returns
    -------
    str
        Text that a Markdown renderer shows as written.

    Examples
    --------
    >>> web_text('<script>alert("x")</script> R&D &lt;')
    '&lt;script>alert("x")&lt;/script> R&D &amp;lt;'
    """
    return printable(ENTITY.sub("&amp;", value).replace("<", "&lt;"))
